"""Looking at a spreadsheet file before any reader touches it, so that no file — damaged, mislabelled
or made to hurt — can take the program down or fill the memory of an old office PC.

    book = inspect_workbook(path, limits)   # what the file really is; refused with Chinese text
    book.check_sheet(0, "Sheet1")            # before loading a sheet: its size within the limits

What is refused, each with a message naming the file and saying what it is: an empty file, a file
over the size limit, a password-protected workbook, a zip or Office file that is not a workbook, a
zip that unpacks to far more than it holds, a sheet larger than the limits (the size recorded in
the file and the cells actually there). An .xlsx named .xls (or the other way round) is read as
what it is. No Qt, no database: the limits are passed in (import_limits reads them).
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import compound_file as cf

MB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
SAVE_AS = "请用Excel打开它，“另存为”Excel工作簿（.xlsx）后再导入。"
# Small parts of an .xlsx that are read whole (workbook.xml and its relationships).
_SMALL_PART = 10 * MB


class WorkbookRefused(UserError, ValueError):
    """The file is not read; the message says what it is and what to do."""


@dataclass(frozen=True)
class SheetLimits:
    rows: int = 20_000
    columns: int = 200
    cells: int = 2_000_000  # rows × columns of the area laid out, blank cells included
    file_mb: int = 50

    @property
    def file_bytes(self) -> int:
        return self.file_mb * MB

    @property
    def unpacked_bytes(self) -> int:
        """What an .xlsx may unpack to: ten times the file size limit. Real workbooks unpack to
        5–20 times their size; a “zip bomb” to a thousand."""
        return 10 * self.file_bytes

    def problem(self, rows: int, columns: int) -> str | None:
        """Why a sheet of `rows` × `columns` is too big, or None."""
        if rows > self.rows:
            return f"{rows}行（上限{self.rows}行）"
        if columns > self.columns:
            return f"{columns}列（上限{self.columns}列）"
        if rows * columns > self.cells:
            return f"{rows}行×{columns}列，共{rows * columns}个单元格（上限{self.cells}个）"
        return None


DECLARED = "记录的使用范围"
ACTUAL = "实际内容"
_ADVICE = {
    DECLARED: "如果表格里其实没有这么多内容，多半是整行或整列设置过格式：请把花名册部分复制到一个"
    "新的Excel工作簿中，保存后再导入。",
    ACTUAL: "请在Excel中按Ctrl+End找到最后一个有内容的单元格，删除花名册以外多余的行和列后保存"
    "再导入；学生确实这么多时，请分成几个文件导入。",
}


def too_big(path: Path, sheet: str, where: str, why: str, ref: str = "") -> WorkbookRefused:
    return WorkbookRefused(
        f"{path.name} 的工作表“{sheet}”{where}{f'（{ref}）' if ref else ''}有{why}，"
        f"超过了导入的上限，没有读取。{_ADVICE[where]}"
    )


@dataclass
class Workbook:
    """A file that passed the checks: its real format and how to check each sheet."""

    path: Path
    kind: str  # "xlsx" or "xls": what the content is, whatever the extension says
    limits: SheetLimits
    zip_sheets: list[str] = field(default_factory=list)  # xlsx: sheet XML part per sheet index
    xls: cf.XlsBook | None = None

    @property
    def mislabelled(self) -> str:
        """A note when the extension does not say what the file is (read as what it is)."""
        suffix = self.path.suffix.lower()
        if self.kind == "xlsx" and suffix == ".xls":
            return f"{self.path.name} 的扩展名是 .xls，但内容其实是 .xlsx 格式，已按 .xlsx 读取。"
        if self.kind == "xls" and suffix in (".xlsx", ".xlsm"):
            return f"{self.path.name} 的扩展名是 {suffix}，但内容其实是旧版 .xls 格式，已按 .xls 读取。"
        return ""

    def check_sheet(self, index: int, name: str) -> None:
        """Refuse sheet `index` (called `name`) before it is loaded if its recorded size or the
        cells actually in it are over the limits."""
        if self.kind == "xls":
            assert self.xls is not None
            s = next((s for s in self.xls.sheets if s.name == name), None)
            if s is None:
                return
            why = self.limits.problem(s.declared_rows, s.declared_columns)
            if why:
                raise too_big(self.path, name, DECLARED, why)
            why = self.limits.problem(s.rows, s.columns)
            if why:
                raise too_big(self.path, name, ACTUAL, why)
            return
        if index < len(self.zip_sheets):
            _scan_sheet_xml(self.path, self.zip_sheets[index], name, self.limits)


def inspect_workbook(path: Path, limits: SheetLimits) -> Workbook:
    """What `path` really is, refused (WorkbookRefused) if it must not be read."""
    size = path.stat().st_size
    if size == 0:
        raise WorkbookRefused(
            f"{path.name} 是空文件（0字节），里面没有任何内容：可能下载或复制没有完成。"
            "请重新从学籍系统导出，或重新复制该文件后再导入。"
        )
    if size > limits.file_bytes:
        raise WorkbookRefused(
            f"{path.name} 有{size / MB:.1f} MB，超过导入文件的上限{limits.file_mb} MB，没有读取。"
            "学籍系统导出的花名册通常只有几 MB：请确认选的是花名册文件；"
            "如果表格中有图片，请删除图片后另存再导入。"
        )
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return _inspect_zip(path, limits)
    if head == cf.MAGIC:
        return _inspect_compound(path, limits)
    return Workbook(path, "other", limits)  # HTML, CSV …: the reader's error explains it


# ---- .xlsx -------------------------------------------------------------------------------------


def _damaged(path: Path, what: str) -> WorkbookRefused:
    return WorkbookRefused(
        f"{path.name} 已损坏（{what}），无法读取：可能下载或复制没有完成。"
        f"请重新导出或重新复制；如果Excel还能打开它，{SAVE_AS}"
    )


_MAX_PARTS = 10_000  # a register export has about ten; zipfile keeps an object for each


def _zip_directory(path: Path) -> tuple[int, int] | None:
    """(number of parts, size of the zip's directory) from its end record, or None if absent:
    read before zipfile loads the whole directory into memory."""
    with path.open("rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 65_557))  # the end record (22 bytes) and a comment of up to 64 KB
        tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    parts, directory = struct.unpack_from("<HI", tail, at + 10)
    return parts, directory


def _inspect_zip(path: Path, limits: SheetLimits) -> Workbook:
    directory = _zip_directory(path)
    if directory and (directory[0] > _MAX_PARTS or directory[1] > _SMALL_PART):
        what = (
            f"里有{directory[0]}个部分（学籍系统导出的文件只有十来个）"
            if directory[0] > _MAX_PARTS
            else f"的目录有{directory[1] / MB:.0f} MB"
        )
        raise WorkbookRefused(f"{path.name} {what}，不像正常的Excel文件，没有读取。")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _damaged(path, "压缩结构不完整") from exc
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            raise WorkbookRefused(_not_a_workbook(path, zf, names))
        unpacked = sum(i.file_size for i in infos)
        if unpacked > limits.unpacked_bytes:
            raise WorkbookRefused(
                f"{path.name} 只有{path.stat().st_size / MB:.1f} MB，解压后却有"
                f"{unpacked / MB:.0f} MB（超过上限{limits.unpacked_bytes // MB} MB），"
                "不像正常的Excel文件（可能是“压缩炸弹”），没有读取。"
            )
        try:
            sheets = _sheet_parts(zf, names)
            # Every part unpacks to what it says (zipfile stops at the stated size and checks the
            # CRC): the sheets as they are scanned, the rest (shared strings …) here.
            for info in infos:
                if info.filename not in sheets:
                    with zf.open(info) as part:
                        while part.read(1 << 20):
                            pass
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise _damaged(path, "压缩内容校验失败") from exc
    return Workbook(path, "xlsx", limits, zip_sheets=sheets)


def _not_a_workbook(path: Path, zf: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.bin" in names:
        return f"{path.name} 是Excel二进制工作簿（.xlsb），程序不能直接读取。{SAVE_AS}"
    if "word/document.xml" in names:
        kind = "Word文档（.docx）"
    elif "ppt/presentation.xml" in names:
        kind = "PowerPoint演示文稿（.pptx）"
    elif "mimetype" in names:
        mime = zf.read("mimetype")[:100] if zf.getinfo("mimetype").file_size < 200 else b""
        if b"spreadsheet" in mime:
            return f"{path.name} 是WPS或LibreOffice的表格文件（.ods），不是Excel工作簿。{SAVE_AS}"
        kind = "OpenDocument文档"
    else:
        kind = "普通的压缩包（.zip）"
    return (
        f"{path.name} 不是Excel工作簿，而是{kind}，只是扩展名为{path.suffix}。"
        "请选择学籍系统导出的花名册；如果花名册在压缩包里，请先解压。"
    )


def _read_small(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > _SMALL_PART:
        raise ValueError(f"{name} is {info.file_size} bytes")
    return zf.read(info)


_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR_RE = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')


def _sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> list[str]:
    """The XML part of each sheet, in the workbook's order (the order readers number them)."""
    targets: dict[str, str] = {}
    rels = "xl/_rels/workbook.xml.rels"
    if rels in names:
        for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", _read_small(zf, rels)):
            attrs = dict(_ATTR_RE.findall(tag))
            target = attrs.get(b"Target", b"").decode("utf-8", "replace")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[attrs.get(b"Id", b"").decode("utf-8", "replace")] = target
    parts = []
    for tag in _SHEET_RE.findall(_read_small(zf, "xl/workbook.xml")):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR_RE.findall(tag)}
        parts.append(targets.get(attrs.get(b"id", b"").decode("utf-8", "replace"), ""))
    return parts


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_REF_RE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")


def _cell(ref: str) -> tuple[int, int] | None:
    """'XFD1048576' → (1048576, 16384): row and column, 1-based."""
    m = _REF_RE.match(ref.strip().upper())
    return (int(m.group(2)), _column_number(m.group(1))) if m else None


class _TooBig(Exception):
    def __init__(self, where: str, why: str, ref: str = ""):
        self.where, self.why, self.ref = where, why, ref


# A tag never holds “>” in these attributes, and a “<” in text is always escaped, so the raw XML
# can be searched for tags. The usual form (<c r="B7" …>, no namespace prefix) is counted in C a
# megabyte at a time, about a fifth of what the reader then takes; anything else (cells without an
# address, prefixed tags such as <x:c>) is followed tag by tag.
_CELL_ROW_RE = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_CELL_COLUMN_RE = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_DIMENSION_RE = re.compile(rb"""<(?:[\w.-]+:)?dimension\b[^>]*?\sref\s*=\s*["']([^"']*)["']""")
_TAG_RE = re.compile(rb"<(?:[\w.-]+:)?(c|row)\b([^>]*)>")
_R_RE = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
_MAX_TAG = 1 << 20


class _Extent:
    """The furthest cell seen so far, checked against the limits as it grows. Empty formatted
    cells count too, as Excel's own used range (Ctrl+End) counts them."""

    def __init__(self, limits: SheetLimits):
        self.limits = limits
        self.rows = self.cols = 0
        self.row = self.col = 0  # where the tag-by-tag path is, for cells without an address
        self.slow = False

    def grow(self, rows: int, cols: int) -> None:
        if rows > self.rows or cols > self.cols:
            self.rows, self.cols = max(rows, self.rows), max(cols, self.cols)
            why = self.limits.problem(self.rows, self.cols)
            if why:
                raise _TooBig(ACTUAL, why)

    def scan(self, text: bytes) -> None:
        dimension = _DIMENSION_RE.search(text) if b"dimension" in text else None
        if dimension:
            ref = dimension.group(1).decode("ascii", "replace")
            last = _cell(ref.split(":")[-1])
            why = self.limits.problem(*last) if last else None
            if why:
                raise _TooBig(DECLARED, why, ref)
        prefixed = b":c " in text or b":c>" in text or b":row" in text
        if not self.slow and not prefixed:
            rows = _CELL_ROW_RE.findall(text)
            if len(rows) == text.count(b"<c ") + text.count(b"<c>") + text.count(b"<c/"):
                if rows:
                    letters = set(_CELL_COLUMN_RE.findall(text))
                    self.grow(max(map(int, rows)), max(_column_number(c.decode()) for c in letters))
                    self.row = self.rows
                return
        self.slow = True
        for m in _TAG_RE.finditer(text):
            r = _R_RE.search(m.group(2))
            if m.group(1) == b"row":
                self.row = int(r.group(1)) if r and r.group(1).isdigit() else self.row + 1
                self.col = 0
                continue
            ref = _cell(r.group(1).decode("ascii", "replace")) if r else None
            self.row, self.col = ref if ref else (self.row, self.col + 1)
            self.grow(self.row, self.col)


def _scan_sheet_xml(path: Path, part: str, sheet: str, limits: SheetLimits) -> None:
    """Stream the sheet's XML once (nothing kept) and stop at the first sign it is too big: the
    <dimension ref> the file records, then each cell where it really is (the reader lays out
    everything from A1 to the furthest cell with a value)."""
    extent = _Extent(limits)
    try:
        with zipfile.ZipFile(path) as zf, zf.open(part) as f:
            tail = b""
            while chunk := f.read(1 << 20):
                text = tail + chunk
                cut = text.rfind(b"<")
                if cut < 0:
                    cut = len(text)
                extent.scan(text[:cut])
                tail = text[cut:]
                if len(tail) > _MAX_TAG:
                    raise ValueError("a tag longer than 1 MB")
            extent.scan(tail)
    except _TooBig as big:
        raise too_big(path, sheet, big.where, big.why, big.ref) from None
    except (KeyError, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _damaged(path, f"工作表“{sheet}”无法解析") from exc


# ---- compound files: .xls, and password-protected workbooks -------------------------------------


def encrypted(path: Path) -> WorkbookRefused:
    return WorkbookRefused(
        f"{path.name} 设置了打开密码（是加密的Excel文件），程序无法读取。请用Excel输入密码打开它，"
        "在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中清空密码并保存，再导入。"
    )


def _inspect_compound(path: Path, limits: SheetLimits) -> Workbook:
    try:
        cfb = cf.CompoundFile(path.read_bytes())
        names = {n.lower() for n in cfb.names()}
    except (cf.CompoundFileError, struct.error, IndexError, ValueError) as exc:
        raise _damaged(path, "文件结构不完整") from exc
    # A password-protected .xlsx is a compound file holding these two streams ([MS-OFFCRYPTO]).
    if {"encryptioninfo", "encryptedpackage"} & names:
        raise encrypted(path)
    if not {"workbook", "book"} & names:
        kind = "Word文档（.doc）" if "worddocument" in names else "Office文件，但不是Excel工作簿"
        raise WorkbookRefused(
            f"{path.name} 不是Excel工作簿，而是{kind}。请选择学籍系统导出的花名册。"
        )
    try:
        book = cf.read_xls(cfb)
    except (cf.CompoundFileError, struct.error, KeyError, IndexError, ValueError) as exc:
        raise _damaged(path, "文件结构不完整") from exc
    if book.encrypted:
        raise encrypted(path)
    checked = Workbook(path, "xls", limits, xls=book)
    for sheet in book.sheets:  # the .xls reader lays out every sheet as it opens the file
        checked.check_sheet(0, sheet.name)
    return checked
