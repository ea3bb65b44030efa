"""views/printing.py: a table printed on A4 pages with the school's name on each page, written as a
PDF offscreen; the file rules every export keeps."""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QToolBar

from kongchuo_desktop.errors import UserError
from kongchuo_desktop.views import printing
from kongchuo_desktop.views.printing import CellStyle, PrintTable, table_from_model, write_pdf
from kongchuo_desktop.views.row_table_model import RowTableModel

HEADER = ["班级", "应到人日", "缺勤人日", "出勤率"]


def table(rows: int, columns: list[str] = HEADER) -> PrintTable:
    body = [[f"七年级{n}班", "440", "3.5", "99.2%"][: len(columns)] for n in range(1, rows + 1)]
    body = [row + [""] * (len(columns) - len(row)) for row in body]
    return PrintTable(
        "测试学校",
        "出勤统计",
        "2026年11月（2026-11-01 至 2026-11-30）",
        columns,
        body,
        {(0, 3): CellStyle(QColor("darkred"), QColor("mistyrose"), True)},
        frozenset({1, 2, 3}),
        printed_on=dt.date(2026, 11, 30),
    )


def pages_in(pdf: bytes) -> int:
    """Page objects in a PDF as Qt writes them (/Type /Page, not /Pages)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def page_count(path) -> int:
    data = path.read_bytes()
    try:  # QtPdf is not in PySide6-Essentials; used where it is installed
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return pages_in(data)
    doc = QPdfDocument()
    doc.load(str(path))
    return doc.pageCount()


def test_a_short_table_is_one_a4_page(qapp, folder, tmp_path):
    path, pages = write_pdf(table(5), tmp_path / "出勤统计.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert pages == page_count(path) == 1
    assert re.search(rb"/MediaBox \[0 0 595(\.\d+)? 842(\.\d+)?\]", data)  # A4 portrait, points


def test_a_long_table_runs_over_numbered_pages(qapp, folder, tmp_path):
    path, pages = write_pdf(table(120), tmp_path / "出勤统计.pdf")
    assert pages >= 3
    assert page_count(path) == pages


def test_a_wide_table_is_printed_across_the_page(qapp, folder, tmp_path):
    wide = [f"列{n}" for n in range(12)]
    path, _ = write_pdf(table(5, wide), tmp_path / "wide.pdf")
    assert re.search(rb"/MediaBox \[0 0 842(\.\d+)? 595(\.\d+)?\]", path.read_bytes())


def test_an_existing_pdf_is_kept_unless_replacing_was_confirmed(qapp, folder, tmp_path):
    target = tmp_path / "出勤统计.pdf"
    target.write_bytes(b"last month")
    with pytest.raises(UserError, match="已存在"):
        write_pdf(table(3), target)
    assert target.read_bytes() == b"last month"
    write_pdf(table(3), target, overwrite=True)
    assert target.read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob("*.part"))


def test_the_data_folders_own_files_are_never_a_target(qapp, folder, tmp_path):
    with pytest.raises(UserError, match="数据文件夹"):
        write_pdf(table(3), tmp_path / "data" / "logs" / "x.pdf")


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_printing_many_rows_costs_a_few_binding_calls_not_one_per_cell(qapp, folder, tmp_path):
    # PySide6 6.12 on Python 3.11 drops a reference to None on each binding call returning None;
    # a few thousand of them end the program. A cell-by-cell document would make ~6 per cell.
    model = RowTableModel([(h, lambda r, i=i: r[i]) for i, h in enumerate(HEADER)])
    model.set_rows([[f"七年级{n}班", 440, 3.5, "99%"] for n in range(600)])
    before = sys.getrefcount(None)
    shown = table_from_model(model, school="测试学校", title="出勤统计", subtitle="2026年11月")
    write_pdf(shown, tmp_path / "long.pdf")
    assert before - sys.getrefcount(None) < 600


def test_the_table_is_read_from_the_model_as_shown(qapp):
    model = RowTableModel([("班级", lambda r: r[0]), ("人数", lambda r: r[1])])
    model.set_rows([["七年级2班", 40], ["七年级1班", 42]])
    shown = table_from_model(model, school="测试学校", title="名单", subtitle="2026年11月")
    assert shown.header == ["班级", "人数"]
    assert shown.rows == [["七年级2班", "40"], ["七年级1班", "42"]]
    assert shown.right_aligned == {1}
    html = printing.table_html(shown)
    assert "<thead>" in html and "七年级2班" in html


def test_the_preview_offers_a_pdf_and_prints_through_a_printer(qapp, folder, tmp_path):
    dialog = printing.preview_dialog(None, table(40), "出勤统计 2026年11月")
    assert isinstance(dialog, QPrintPreviewDialog)
    actions = [a.objectName() for a in dialog.findChild(QToolBar).actions()]
    assert "print_preview_pdf" in actions
    printer = printing.printer_for(table(40))
    assert printer.pageLayout().pageSize().id() == printer.pageLayout().pageSize().PageSizeId.A4
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    # The printer (1200 dpi) breaks the pages where the PDF (300 dpi) does.
    _, pdf_pages = write_pdf(table(40), tmp_path / "written.pdf")
    assert printing.paint(table(40), printer) == pdf_pages == 2
    dialog.deleteLater()
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")


def test_bold_and_coloured_cells_keep_their_look(qapp):
    model = RowTableModel([("班级", lambda r: r)])
    model.set_rows(["全校"])
    shown = table_from_model(model, school="", title="t", subtitle="")
    assert shown.styles == {}
    html = printing.table_html(table(2))
    assert "<b>" in html and QColor("darkred").name() in html
    assert 'align="right"' in html


def test_the_preview_shows_the_pages_that_will_print(qtbot, folder):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    dialog = printing.preview_dialog(None, table(40), "出勤统计 2026年11月")
    qtbot.addWidget(dialog)
    dialog.open()  # not exec(): the test goes on while it shows
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == 2)
    dialog.reject()


class RecordingPainter:
    """What _close_broken_tables draws, instead of drawing it."""

    def __init__(self):
        self.lines = []

    def save(self):
        pass

    def restore(self):
        pass

    def setPen(self, pen):
        self.width = pen.widthF()

    def drawLine(self, a, b):
        self.lines.append((a.x(), a.y(), b.x(), b.y()))


def test_a_table_going_on_over_the_next_page_is_closed_at_the_page_end(qapp, tmp_path):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPdfWriter

    writer = QPdfWriter(str(tmp_path / "x.pdf"))
    writer.setResolution(300)
    doc = printing.build_document(printing.table_html(table(120)), writer, 2000.0)
    doc.setPageSize(QSizeF(2000.0, 3000.0))
    assert doc.pageCount() >= 2
    painter = RecordingPainter()
    printing._close_broken_tables(painter, doc, 3000.0, writer)
    ((x1, y1, x2, y2),) = painter.lines
    assert y1 == y2 and 2990 < y1 < 3000  # on the page's last line, inside it
    assert 0 <= x1 < 10 and 1990 < x2 <= 2000  # across the table, border to border
    painter = RecordingPainter()
    printing._close_broken_tables(painter, doc, 100000.0, writer)  # past the table's end
    assert painter.lines == []
