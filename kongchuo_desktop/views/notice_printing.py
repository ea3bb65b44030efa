"""A notice (domain.notice_text.NoticeDocument) on A4: title, number, the letter or the form, the
seal line and date, the contact, and for a letter to the guardian a receipt (回执) to cut off.
Qt's own rich text on a QPdfWriter or QPrinter; no browser engine.

    write_notice_pdf(document, path, overwrite=False)   # the window, the command line, tests
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from kongchuo_desktop import output_files
from kongchuo_desktop.domain.notice_text import NoticeDocument
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services.roster_export import data_folder

MARGIN_MM = (25.0, 22.0, 22.0, 20.0)  # left, top, right, bottom: a letter's margins
BODY_PT = 14.0  # 四号, as official letters are set
SONG = "'SimSun', '宋体', 'Noto Serif CJK SC', 'Source Han Serif SC', serif"
HEI = "'SimHei', '黑体', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif"


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


def notice_html(doc: NoticeDocument, dpi: float = 96) -> str:
    """The notice as the HTML subset QTextDocument reads, for a device of `dpi` (a first line
    is indented by two characters, and Qt takes the indent in device pixels)."""
    indent = f"{BODY_PT * 2 / 72 * dpi:.0f}px"
    out = [f'<div style="font-family: {SONG}; font-size: {BODY_PT:g}pt;">']
    if doc.draft_note:
        out.append(
            f'<p align="center" style="font-size: 10pt; color: #555555;">{_esc(doc.draft_note)}</p>'
        )
    out.append(
        f'<p align="center" style="font-family: {HEI}; font-size: 22pt; font-weight: bold;'
        f' margin-top: 6px; margin-bottom: 4px;">{_esc(doc.title)}</p>'
    )
    if doc.number:
        out.append(f'<p align="center" style="margin-bottom: 14px;">{_esc(doc.number)}</p>')
    paragraphs = list(doc.paragraphs)
    if paragraphs and paragraphs[0].endswith("：") and len(paragraphs[0]) < 40:
        out.append(f'<p style="margin-bottom: 6px;">{_esc(paragraphs.pop(0))}</p>')
    if doc.fields:
        out.append(_fields_table(doc.fields))
    for para in paragraphs:
        out.append(
            f'<p style="text-indent: {indent}; line-height: 150%; margin-bottom: 6px;">{_esc(para)}</p>'
        )
    if doc.signatures:
        gap = "&nbsp;" * 24
        lines = gap.join(_esc(line) for line in doc.signatures)
        out.append(f'<p style="margin-top: 14px;">{lines}</p>')
    if doc.seal:
        out.append(f'<p align="right" style="margin-top: 24px;">{_esc(doc.seal)}（盖章）</p>')
    if doc.date_text:
        out.append(f'<p align="right">{_esc(doc.date_text)}</p>')
    if doc.contact:
        out.append(f'<p style="margin-top: 16px; font-size: 11pt;">联系人：{_esc(doc.contact)}</p>')
    if doc.receipt:
        out.append(
            '<p align="center" style="margin-top: 26px; font-size: 10pt; color: #555555;">'
            "－ － － － － － － － － － 沿此线剪下，填好后交回学校 － － － － － － － － － －</p>"
        )
        title, _, rest = doc.receipt.partition("\n\n")
        out.append(
            f'<p align="center" style="font-family: {HEI}; font-size: 16pt;">{_esc(title)}</p>'
        )
        for para in rest.split("\n\n"):
            out.append(f'<p style="text-indent: {indent}; line-height: 150%;">{_esc(para)}</p>')
    out.append("</div>")
    return "".join(out)


def _fields_table(fields: list[tuple[str, str]]) -> str:
    rows = "".join(
        f'<tr><td width="24%" style="font-family: {HEI};">{_esc(label)}</td>'
        f"<td>{_esc(value) or '&nbsp;'}</td></tr>"
        for label, value in fields
    )
    return (
        '<table width="100%" cellspacing="0" cellpadding="4" border="1"'
        ' style="border-collapse: collapse; border-color: black; margin-top: 6px;'
        f' margin-bottom: 10px;">{rows}</table>'
    )


def set_up_page(device: QPagedPaintDevice) -> None:
    left, top, right, bottom = MARGIN_MM
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(left, top, right, bottom),
            QPageLayout.Unit.Millimeter,
        )
    )


def paint_notice(doc: NoticeDocument, device: QPagedPaintDevice) -> int:
    """Paint the notice on `device` (set up by set_up_page); returns the number of pages."""
    page = device.pageLayout().paintRectPixels(device.logicalDpiY())
    width, height = float(page.width()), float(page.height())
    text = QTextDocument()
    text.documentLayout().setPaintDevice(device)
    font = QFont()
    font.setPointSizeF(BODY_PT)
    text.setDefaultFont(font)
    text.setDocumentMargin(0)
    text.setTextWidth(width)
    text.setHtml(notice_html(doc, device.logicalDpiY()))
    text.setPageSize(QSizeF(width, height))
    pages = max(1, text.pageCount())
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("无法开始打印（打印机或文件不可用）")
    try:
        for n in range(pages):
            if n:
                device.newPage()
            painter.save()
            painter.translate(0, -n * height)
            text.drawContents(painter, QRectF(0, n * height, width, height))
            painter.restore()
    finally:
        painter.end()
    return pages


def write_notice_pdf(
    doc: NoticeDocument, path: Path | str, *, overwrite: bool = False
) -> tuple[Path, int]:
    """The notice as an A4 PDF at `path`: never onto the data folder's files, an existing file
    only with `overwrite`, never half a file. Returns (path, pages)."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise UserError(f"通知书要保存为 .pdf 文件（不是“{path.name}”）")
    output_files.check_target(path, data_folder(), overwrite=overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    with output_files.atomic_write(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(300)
        writer.setTitle(f"{doc.title} {doc.number}".strip())
        writer.setCreator("控辍保学工作台")
        set_up_page(writer)
        pages = paint_notice(doc, writer)
        del writer  # closes the file before it is renamed into place
    return path, pages
