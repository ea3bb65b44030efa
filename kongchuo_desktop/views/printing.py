"""Printing a table, for every page that prints (出勤统计 today; class lists, 点名表, 档案, reports
later): A4 pages, each with the school's name, the title, the period and the printing date on top
and "第 1 页 / 共 3 页" below; Qt's print preview; a PDF through QPdfWriter. No browser engine.

    table = table_from_model(proxy, school="某某中学", title="出勤统计", subtitle="2026年11月")
    preview(parent, table, "出勤统计 2026年11月")      # 打印预览, with 导出PDF in its tool bar
    save_pdf_as(parent, table, "出勤统计 2026年11月")  # asks where, then write_pdf
    write_pdf(table, path, overwrite=True)            # no dialog: tests, the command line

`paint(table, device)` does the work on any QPagedPaintDevice (a QPrinter or a QPdfWriter) and
returns the number of pages. Colours come from the model's own roles, so a table coloured on
screen (views.tones) prints in the same colours.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QToolBar, QWidget

from kongchuo_desktop import output_files
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services.roster_export import data_folder
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.tones import colors

MARGIN_MM = 15.0
BODY_PT = 10.0
# A table wider than this many columns is printed across the page (landscape).
PORTRAIT_MAX_COLUMNS = 10
HEADER_TONE = "print-header"  # the header row's look, in style.qss


@dataclass(frozen=True)
class CellStyle:
    foreground: QColor | None = None
    background: QColor | None = None
    bold: bool = False


@dataclass(frozen=True)
class PrintTable:
    """What is printed: `school` and `title` head every page with `subtitle` (the period or month);
    `header` and `rows` are the texts as shown; `styles` colours a cell by (row, column);
    `right_aligned` holds the columns of numbers."""

    school: str
    title: str
    subtitle: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    styles: Mapping[tuple[int, int], CellStyle] = field(default_factory=dict)
    right_aligned: Collection[int] = field(default_factory=frozenset)
    printed_on: dt.date | None = None  # the date in the page header; today when None
    # Text around the table (a letter's opening, its duties and signature lines), as the HTML
    # subset QTextDocument reads; flows over the pages with the table.
    before_html: str = ""
    after_html: str = ""

    @property
    def landscape(self) -> bool:
        return len(self.header) > PORTRAIT_MAX_COLUMNS


def table_from_model(
    model: QAbstractItemModel, *, school: str, title: str, subtitle: str
) -> PrintTable:
    """The table as a view shows it (a proxy's sort order and filter included): the header, each
    cell's text, its colours and boldness, the columns aligned right."""
    columns = model.columnCount()
    header = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    rows: list[list[str]] = []
    styles: dict[tuple[int, int], CellStyle] = {}
    right: set[int] = set()
    # itemData: one call per cell, never returning None (build_document says why that matters).
    roles = Qt.ItemDataRole
    for r in range(model.rowCount()):
        texts = []
        for c in range(columns):
            data = model.itemData(model.index(r, c))
            texts.append(str(data.get(roles.DisplayRole, "")))
            fg = _color(data.get(roles.ForegroundRole))
            bg = _color(data.get(roles.BackgroundRole))
            font = data.get(roles.FontRole)
            bold = isinstance(font, QFont) and font.bold()
            if fg or bg or bold:
                styles[(r, c)] = CellStyle(fg, bg, bold)
            align = data.get(roles.TextAlignmentRole)
            if align is not None and int(align) & int(Qt.AlignmentFlag.AlignRight):
                right.add(c)
        rows.append(texts)
    return PrintTable(school, title, subtitle, header, rows, styles, frozenset(right))


def _color(value) -> QColor | None:
    if isinstance(value, QBrush):
        return QColor(value.color())
    if isinstance(value, QColor):
        return QColor(value)
    return None


def _px(points: float, device: QPagedPaintDevice) -> float:
    """Points (1/72 inch) as the device's pixels."""
    return points * device.logicalDpiY() / 72.0


def set_up_page(device: QPagedPaintDevice, table: PrintTable) -> None:
    """A4 with 15 mm margins, across the page when the table is wide."""
    orientation = (
        QPageLayout.Orientation.Landscape if table.landscape else QPageLayout.Orientation.Portrait
    )
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            orientation,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )


def build_document(table: PrintTable, device: QPagedPaintDevice, width: float) -> QTextDocument:
    """The table as a QTextDocument laid out for `device`, `width` device pixels wide. Its header
    row repeats on every page; a row never breaks across two.

    Built from HTML in one call rather than cell by cell: PySide6 6.12 on Python 3.11 drops a
    reference to None on every binding call that returns None, and a few thousand per-cell calls
    end the program (tests/views/test_printing.py keeps this in check)."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    font = QFont()
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setTextWidth(width)
    doc.setHtml(table.before_html + table_html(table) + table.after_html)
    return doc


def table_html(table: PrintTable, *, padding: float = 4, border: float = 1) -> str:
    """The table as the HTML subset QTextDocument reads (<thead> repeats on every page). Padding
    and border are CSS pixels (1/96 inch): the layout scales them to the device."""
    head = colors(HEADER_TONE)
    head_style = CellStyle(head.foreground, head.background, True)
    out = [
        f'<table width="100%" cellspacing="0" cellpadding="{padding:.1f}" '
        f'border="{border:.1f}" style="border-collapse: collapse; border-color: gray;">',
        "<thead><tr>",
    ]
    out += [_cell_html("th", text, head_style, False) for text in table.header]
    out.append("</tr></thead><tbody>")
    for r, row in enumerate(table.rows):
        out.append("<tr>")
        for c, text in enumerate(row):
            style = table.styles.get((r, c), CellStyle())
            out.append(_cell_html("td", text, style, c in table.right_aligned))
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _cell_html(tag: str, text: str, style: CellStyle, right: bool) -> str:
    attrs = f' align="{"right" if right else "left"}"'
    if style.background is not None:
        attrs += f' bgcolor="{style.background.name()}"'
    body = html.escape(text)
    if style.foreground is not None:
        body = f'<span style="color: {style.foreground.name()};">{body}</span>'
    if style.bold:
        body = f"<b>{body}</b>"
    return f"<{tag}{attrs}>{body}</{tag}>"


def paint(table: PrintTable, device: QPagedPaintDevice) -> int:
    """Paint `table` on `device` (set up for A4 by the caller, see set_up_page), page by page with
    the page header and page numbers. Returns the number of pages."""
    layout = device.pageLayout()
    page = layout.paintRectPixels(device.logicalDpiY())
    width, height = float(page.width()), float(page.height())
    line = _px(BODY_PT * 1.6, device)
    top = line * 3.6  # school, title, period + date, a rule
    bottom = line * 1.4  # the page number
    body = QRectF(0, top, width, height - top - bottom)
    doc = build_document(table, device, width)
    doc.setPageSize(QSizeF(body.width(), body.height()))
    pages = max(1, doc.pageCount())
    printed_on = table.printed_on or dt.date.today()
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("无法开始打印（打印机或文件不可用）")
    try:
        for n in range(pages):
            if n:
                device.newPage()
            _page_header(painter, table, printed_on, width, line)
            painter.save()
            painter.translate(body.left(), body.top() - n * body.height())
            doc.drawContents(painter, QRectF(0, n * body.height(), body.width(), body.height()))
            painter.restore()
            painter.setFont(_font(BODY_PT - 1))
            painter.drawText(
                QRectF(0, height - bottom, width, bottom),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                f"第 {n + 1} 页 / 共 {pages} 页",
            )
    finally:
        painter.end()
    return pages


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _page_header(painter, table: PrintTable, printed_on: dt.date, width: float, line) -> None:
    center = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
    painter.setFont(_font(BODY_PT + 4, bold=True))
    painter.drawText(QRectF(0, 0, width, line * 1.2), center, table.school)
    painter.setFont(_font(BODY_PT + 2, bold=True))
    painter.drawText(QRectF(0, line * 1.2, width, line), center, table.title)
    painter.setFont(_font(BODY_PT - 1))
    third = QRectF(0, line * 2.2, width, line)
    left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    painter.drawText(third, left, table.subtitle)
    painter.drawText(third, right, f"打印日期：{printed_on:%Y-%m-%d}")
    y = line * 3.25
    painter.drawLine(0, int(y), int(width), int(y))


def write_pdf(table: PrintTable, path: Path | str, *, overwrite: bool = False) -> tuple[Path, int]:
    """Write `table` as an A4 PDF at `path`: never onto the data folder's own files, an existing
    file only with `overwrite`, never half a file (output_files). Returns (path, pages)."""
    path = Path(path)
    output_files.check_target(path, data_folder(), overwrite=overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    with output_files.atomic_write(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(300)
        writer.setTitle(f"{table.school} {table.title} {table.subtitle}".strip())
        writer.setCreator("控辍保学工作台")
        set_up_page(writer, table)
        pages = paint(table, writer)
        del writer  # closes the file before it is renamed into place
    return path, pages


def save_pdf_as(parent: QWidget | None, table: PrintTable, name: str) -> Path | None:
    """Ask where to save (Qt's dialog asks before replacing a file), then write_pdf."""
    path, _ = QFileDialog.getSaveFileName(parent, "导出PDF", f"{name}.pdf", "PDF 文件 (*.pdf)")
    if not path:
        return None
    overwrite = True  # the dialog asked before replacing
    if not path.lower().endswith(".pdf"):
        path += ".pdf"  # a name the dialog did not ask about: ask here
        if Path(path).exists() and not messages.confirm(
            parent, "导出PDF", f"{path} 已存在。要替换它吗？", yes="替换", no="取消"
        ):
            return None
    try:
        written, pages = write_pdf(table, path, overwrite=overwrite)
    except (UserError, OSError) as exc:  # a refused target; a locked file or a full disk
        messages.fail(parent, "导出PDF失败", exc)
        return None
    messages.info(parent, "导出PDF", f"已导出 {pages} 页到：\n{written}")
    return written


def printer_for(table: PrintTable) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(f"{table.title} {table.subtitle}".strip())
    set_up_page(printer, table)
    return printer


def preview_dialog(parent: QWidget | None, table: PrintTable, name: str) -> QPrintPreviewDialog:
    """Qt's print preview of `table` (打印 prints from there), with 导出PDF in its tool bar."""
    printer = printer_for(table)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("print_preview")
    dialog.setWindowTitle(f"打印预览 — {table.title}")
    dialog.printer_ = printer  # kept alive as long as the dialog
    dialog.paintRequested.connect(lambda p: paint(table, p))
    bar = dialog.findChild(QToolBar)
    if bar is not None:
        bar.addSeparator()
        action = bar.addAction("导出PDF…")
        action.setObjectName("print_preview_pdf")
        action.triggered.connect(lambda: save_pdf_as(dialog, table, name))
    return dialog


def preview(parent: QWidget | None, table: PrintTable, name: str) -> None:
    preview_dialog(parent, table, name).exec()
