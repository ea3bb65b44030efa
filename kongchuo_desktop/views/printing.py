"""Printing, for every page that prints (出勤统计, the class lists, 点名表, 档案 and 请假条 in
views.printouts; reports later): A4 pages, each with the school's name, the title, a heading line
(the period, the class) and the printing date on top and "第 1 页 / 共 3 页" below; Qt's print
preview; a PDF through QPdfWriter. No browser engine.

A PrintTable is one table (a view's model as shown); a PrintDocument is sections of HTML, each
starting on a new page with its own title and heading (one class per section), numbered through.

    table = table_from_model(proxy, school="某某中学", title="出勤统计", subtitle="2026年11月")
    preview(parent, table, "出勤统计 2026年11月")      # 打印预览, with 导出PDF in its tool bar
    save_pdf_as(parent, table, "出勤统计 2026年11月")  # asks where, then write_pdf
    write_pdf(table, path, overwrite=True)            # no dialog: tests, the command line

`paint(printable, device)` does the work on any QPagedPaintDevice (a QPrinter or a QPdfWriter) and
returns the number of pages. Colours come from the model's own roles, so a table coloured on
screen (views.tones) prints in the same colours.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
    QTextFormat,
    QTextTable,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QToolBar, QWidget

from kongchuo_desktop import output_files
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, export_record
from kongchuo_desktop.services.roster_export import data_folder
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.save_dialog import (
    PDF_FILTER,
    ExportTarget,
    ask_export_target,
    ask_save_path,
)
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
    children: int | None = None  # as PrintDocument.children

    @property
    def landscape(self) -> bool:
        return len(self.header) > PORTRAIT_MAX_COLUMNS

    def document(self) -> PrintDocument:
        return PrintDocument(
            self.school,
            self.title,
            [
                PrintSection(
                    self.before_html + table_html(self) + self.after_html, heading=self.subtitle
                )
            ],
            landscape=self.landscape,
            printed_on=self.printed_on,
            name=f"{self.title} {self.subtitle}".strip(),
            children=self.children,
        )


@dataclass(frozen=True)
class PrintSection:
    """A part that starts on a new page. `title` (the document's when "") and `heading` head each
    of its pages; `body` is HTML as QTextDocument reads it: a table's <thead> repeats on each
    page and a row never breaks across two."""

    body: str
    title: str = ""
    heading: str = ""


@dataclass(frozen=True)
class PrintDocument:
    """What is printed: the school's name on every page, then each section on its own pages,
    numbered through the whole document; `name` is the PDF's title and the print job's."""

    school: str
    title: str
    sections: Sequence[PrintSection]
    landscape: bool = False
    printed_on: dt.date | None = None  # the date in the page header; today when None
    body_pt: float = BODY_PT  # the body's font size; the page header keeps its own
    margin_mm: float = MARGIN_MM
    name: str = ""
    # How many children it names (None: no personal data). Its PDF is then an export: recorded
    # in the audit trail, and may be saved as an encrypted zip (services/export_record.py).
    children: int | None = None

    def document(self) -> PrintDocument:
        return self


Printable = PrintTable | PrintDocument


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


def set_up_page(device: QPagedPaintDevice, printable: Printable) -> None:
    """A4 with 15 mm margins (or the document's), across the page when the table is wide."""
    document = printable.document()
    margin = document.margin_mm
    orientation = (
        QPageLayout.Orientation.Landscape
        if document.landscape
        else QPageLayout.Orientation.Portrait
    )
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            orientation,
            QMarginsF(margin, margin, margin, margin),
            QPageLayout.Unit.Millimeter,
        )
    )


def build_document(
    body: str, device: QPagedPaintDevice, width: float, points: float = BODY_PT
) -> QTextDocument:
    """The HTML `body` as a QTextDocument laid out for `device`, `width` device pixels wide, in
    `points`-sized type. A table's header row repeats on every page; a row never breaks across
    two.

    Built from HTML in one call rather than cell by cell: PySide6 6.12 on Python 3.11 drops a
    reference to None on every binding call that returns None, and a few thousand per-cell calls
    end the program (tests/views/test_printing.py keeps this in check)."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDefaultFont(_font(points))
    doc.setDocumentMargin(0)
    doc.setTextWidth(width)
    doc.setHtml(body)
    return doc


def table_html(table: PrintTable, *, padding: float = 4, border: float = 1) -> str:
    """The table as the HTML subset QTextDocument reads (<thead> repeats on every page). Padding
    and border are CSS pixels (1/96 inch): the layout scales them to the device."""
    head_style = header_style()
    out = [
        f'<table width="100%" cellspacing="0" cellpadding="{padding:.1f}" '
        f'border="{border:.1f}" style="border-collapse: collapse; border-color: gray;">',
        "<thead><tr>",
    ]
    out += [cell_html("th", text, head_style) for text in table.header]
    out.append("</tr></thead><tbody>")
    for r, row in enumerate(table.rows):
        out.append("<tr>")
        for c, text in enumerate(row):
            style = table.styles.get((r, c), CellStyle())
            out.append(
                cell_html("td", text, style, "right" if c in table.right_aligned else "left")
            )
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def header_style() -> CellStyle:
    """A header cell's look (style.qss's print-header tone), bold."""
    head = colors(HEADER_TONE)
    return CellStyle(head.foreground, head.background, True)


def cell_html(
    tag: str,
    text: str,
    style: CellStyle | None = None,
    align: str = "left",
    *,
    width: str = "",
    colspan: int = 1,
    rowspan: int = 1,
) -> str:
    """One <td> or <th>: `text` escaped, `width` as "12%" (a column's share), spanning `colspan`
    columns and `rowspan` rows."""
    style = style or CellStyle()
    # valign: digits alone (a date) and Chinese text sit on one line across a row, though the
    # fonts that draw them differ in height.
    attrs = f' align="{align}" valign="middle"'
    if width:
        attrs += f' width="{width}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if style.background is not None:
        attrs += f' bgcolor="{style.background.name()}"'
    body = html.escape(text)
    if style.foreground is not None:
        body = f'<span style="color: {style.foreground.name()};">{body}</span>'
    if style.bold:
        body = f"<b>{body}</b>"
    return f"<{tag}{attrs}>{body}</{tag}>"


def paint(printable: Printable, device: QPagedPaintDevice) -> int:
    """Paint `printable` on `device` (set up for A4 by the caller, see set_up_page), page by page
    with the page header and page numbers; each section starts on a new page. Returns the number
    of pages."""
    document = printable.document()
    layout = device.pageLayout()
    page = layout.paintRectPixels(device.logicalDpiY())
    width, height = float(page.width()), float(page.height())
    line = _px(BODY_PT * 1.6, device)
    top = line * 3.6  # school, title, heading + date, a rule
    bottom = line * 1.4  # the page number
    body = QRectF(0, top, width, height - top - bottom)
    laid = []
    for section in document.sections:
        doc = build_document(section.body, device, width, document.body_pt)
        doc.setPageSize(QSizeF(body.width(), body.height()))
        laid.append((section, doc, max(1, doc.pageCount())))
    total = sum(pages for _, _, pages in laid)
    printed_on = document.printed_on or dt.date.today()
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("无法开始打印（打印机或文件不可用）")
    number = 0
    try:
        for section, doc, pages in laid:
            title = section.title or document.title
            for n in range(pages):
                if number:
                    device.newPage()
                number += 1
                _page_header(
                    painter, document.school, title, section.heading, printed_on, width, line
                )
                painter.save()
                painter.translate(body.left(), body.top() - n * body.height())
                doc.drawContents(painter, QRectF(0, n * body.height(), body.width(), body.height()))
                _close_broken_tables(painter, doc, (n + 1) * body.height(), device)
                painter.restore()
                painter.setFont(_font(BODY_PT - 1))
                painter.drawText(
                    QRectF(0, height - bottom, width, bottom),
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                    f"第 {number} 页 / 共 {total} 页",
                )
    finally:
        painter.end()
    return total


def _close_broken_tables(painter, doc: QTextDocument, page_end: float, device) -> None:
    """Qt runs a table that goes on over the next page down to the page's end without a bottom
    border: draw it where the table's own borders are (gray, 1 CSS pixel wide and centred on
    the cells' edges, outside their padding)."""
    layout = doc.documentLayout()
    scale = device.logicalDpiX() / 96.0  # CSS pixels to the device's
    for table in doc.rootFrame().childFrames():
        if not isinstance(table, QTextTable) or table.rows() == 0:
            continue
        box = layout.frameBoundingRect(table)
        if not box.top() < page_end < box.bottom():
            continue
        border, padding = table.format().border(), table.format().cellPadding()
        first, last = table.cellAt(0, 0), table.cellAt(0, table.columns() - 1)
        left = layout.blockBoundingRect(first.firstCursorPosition().block()).left()
        right = layout.blockBoundingRect(last.firstCursorPosition().block()).right()
        left -= (_padding(first, LEFT_PADDING, padding) + border / 2) * scale
        right += (_padding(last, RIGHT_PADDING, padding) + border / 2) * scale
        width = border * scale
        painter.save()
        painter.setPen(QPen(QColor("gray"), width))
        y = page_end - width / 2
        painter.drawLine(QPointF(left, y), QPointF(right, y))
        painter.restore()


LEFT_PADDING = QTextFormat.Property.TableCellLeftPadding
RIGHT_PADDING = QTextFormat.Property.TableCellRightPadding


def _padding(cell, side, table_padding: float) -> float:
    """A cell's own padding on `side` (a style on the cell), else the table's cellpadding."""
    fmt = cell.format()
    return fmt.doubleProperty(side) if fmt.hasProperty(side) else table_padding


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _page_header(painter, school, title, heading, printed_on: dt.date, width: float, line):
    center = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
    painter.setFont(_font(BODY_PT + 4, bold=True))
    painter.drawText(QRectF(0, 0, width, line * 1.2), center, school)
    painter.setFont(_font(BODY_PT + 2, bold=True))
    painter.drawText(QRectF(0, line * 1.2, width, line), center, title)
    painter.setFont(_font(BODY_PT - 1))
    third = QRectF(0, line * 2.2, width, line)
    left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    painter.drawText(third, left, heading)
    painter.drawText(third, right, f"打印日期：{printed_on:%Y-%m-%d}")
    y = line * 3.25
    painter.drawLine(0, int(y), int(width), int(y))


def write_pdf(
    printable: Printable, path: Path | str, *, overwrite: bool = False
) -> tuple[Path, int]:
    """Write `printable` as an A4 PDF at `path`: never onto the data folder's own files, an existing
    file only with `overwrite`, never half a file (output_files). Returns (path, pages)."""
    path = Path(path)
    output_files.check_target(path, data_folder(), overwrite=overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    with output_files.atomic_write(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(300)
        document = printable.document()
        writer.setTitle(f"{document.school} {document.name or document.title}".strip())
        writer.setCreator("控辍保学工作台")
        set_up_page(writer, document)
        pages = paint(document, writer)
        del writer  # closes the file before it is renamed into place
    return path, pages


def save_pdf_as(parent: QWidget | None, printable: Printable, name: str) -> Path | None:
    """Ask where to save (Qt's dialog asks before replacing a file), then write_pdf. A document
    naming children is an export: 「加密为 zip（发往教育局）」 is offered, and it is recorded."""
    children = printable.children
    if children is None:
        path = ask_save_path(parent, "导出PDF", f"{name}.pdf", PDF_FILTER, ".pdf")
        target = None if path is None else ExportTarget(path, ".pdf")
    else:
        target = ask_export_target(parent, "导出PDF", f"{name}.pdf", PDF_FILTER, ".pdf")
    if target is None:
        return None
    counted: list[int] = []

    def write(path: Path) -> Path:
        written, pages = write_pdf(printable, path, overwrite=True)  # asked before replacing
        counted.append(pages)
        return written

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        if children is None:
            written = write(target.path)
        else:
            written = export_record.write_export(
                access.actor_name(),
                name,
                children,
                target.path,
                write,
                suffix=".pdf",
                password=target.password,
                overwrite=True,
            )
        pages = counted[0]
    except (UserError, OSError) as exc:  # a refused target; a locked file or a full disk
        failed: BaseException | None = exc
    else:
        failed = None
    finally:
        QApplication.restoreOverrideCursor()
    if failed is not None:
        messages.fail(parent, "导出PDF失败", failed)
        return None
    sealed = "（已加密，打开时需要密码）" if target.password else ""
    messages.info(parent, "导出PDF", f"已导出 {pages} 页到：\n{written}{sealed}")
    return written


def printer_for(printable: Printable) -> QPrinter:
    document = printable.document()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document.name or document.title)
    set_up_page(printer, document)
    return printer


def preview_dialog(parent: QWidget | None, printable: Printable, name: str) -> QPrintPreviewDialog:
    """Qt's print preview of `printable` (打印 prints from there), with 导出PDF in its tool bar."""
    document = printable.document()
    printer = printer_for(document)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("print_preview")
    dialog.setWindowTitle(f"打印预览 — {document.title}")
    dialog.printer_ = printer  # kept alive as long as the dialog
    dialog.paintRequested.connect(lambda p: _paint_waiting(document, p))
    bar = dialog.findChild(QToolBar)
    if bar is not None:
        bar.addSeparator()
        action = bar.addAction("导出PDF…")
        action.setObjectName("print_preview_pdf")
        action.triggered.connect(lambda: save_pdf_as(dialog, document, name))
    return dialog


def _paint_waiting(document: PrintDocument, device: QPagedPaintDevice) -> int:
    """paint, under the wait cursor: every class of the school takes a few seconds (painting
    stays on the UI thread: the printer and the preview are the UI's)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return paint(document, device)
    finally:
        QApplication.restoreOverrideCursor()


def preview(parent: QWidget | None, printable: Printable, name: str) -> None:
    preview_dialog(parent, printable, name).exec()
