"""Just enough of Microsoft's compound file format (CFB/OLE2, the container of old .xls files and
of password-protected Office files) to tell what a file holds before any reader is trusted with it:
the names of its streams, one stream's bytes, and for an .xls workbook each sheet's size and
whether it is encrypted. Every offset is checked; a damaged file raises CompoundFileError.

Format: [MS-CFB] (header, FAT, directory, mini stream) and [MS-XLS] (BIFF records).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
FREE, END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
_SPECIAL = 0xFFFFFFFA  # FAT values at or above this end a chain or mark FAT/DIFAT sectors


class CompoundFileError(ValueError):
    """The file starts like a compound file but its structure is broken."""


@dataclass(frozen=True)
class Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    start: int
    size: int


class CompoundFile:
    def __init__(self, data: bytes):
        if len(data) < 512 or not data.startswith(MAGIC):
            raise CompoundFileError("not a compound file")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise CompoundFileError("bad sector size")
        self.sector = 1 << shift
        self.mini_sector = 1 << mini_shift
        (fat_count, dir_start, _, self.mini_cutoff, minifat_start, minifat_count) = (
            struct.unpack_from("<IIIIII", data, 0x2C)
        )
        difat_start, difat_count = struct.unpack_from("<II", data, 0x44)
        self.max_sectors = (len(data) - 512) // self.sector + 1
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _SPECIAL]
        per_sector = self.sector // 4
        next_difat, seen = difat_start, 0
        while next_difat < _SPECIAL and seen <= difat_count and seen < self.max_sectors:
            values = struct.unpack_from(f"<{per_sector}I", self._sector(next_difat))
            fat_sectors += [s for s in values[:-1] if s < _SPECIAL]
            next_difat, seen = values[-1], seen + 1
        if len(fat_sectors) < min(fat_count, 1):
            raise CompoundFileError("no FAT")
        self.fat: list[int] = []
        for s in fat_sectors[:fat_count] if fat_count else fat_sectors:
            self.fat.extend(struct.unpack_from(f"<{per_sector}I", self._sector(s)))
        directory = self._chain_bytes(dir_start, self.fat, self._sector)
        self.entries: list[Entry] = []
        for off in range(0, len(directory) - 127, 128):
            raw = directory[off : off + 128]
            name_len, kind = struct.unpack_from("<HB", raw, 64)
            if kind not in (1, 2, 5):
                continue
            name = raw[: max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
            start, size = struct.unpack_from("<IQ", raw, 116)
            if self.sector == 512:
                size &= 0xFFFFFFFF  # version 3 files: the high half is undefined
            self.entries.append(Entry(name, kind, start, size))
        root = next((e for e in self.entries if e.kind == 5), None)
        if root is None:
            raise CompoundFileError("no root entry")
        self.root = root
        self.minifat: list[int] = []
        if minifat_count and minifat_start < _SPECIAL:
            raw_minifat = self._chain_bytes(minifat_start, self.fat, self._sector)
            self.minifat = list(struct.unpack_from(f"<{len(raw_minifat) // 4}I", raw_minifat))
        self._mini_stream: bytes | None = None

    def _sector(self, n: int) -> bytes:
        start = (n + 1) * self.sector
        if n >= _SPECIAL or start >= len(self.data):
            raise CompoundFileError(f"sector {n} outside the file")
        return self.data[start : start + self.sector].ljust(self.sector, b"\0")

    def _chain_bytes(self, start: int, table: list[int], read, limit: int | None = None) -> bytes:
        parts, n, steps = [], start, 0
        while n < _SPECIAL:
            if n >= len(table) or steps > len(table):
                raise CompoundFileError("broken sector chain")
            parts.append(read(n))
            n, steps = table[n], steps + 1
            if limit is not None and steps * len(parts[0]) >= limit:
                break
        return b"".join(parts)

    def names(self) -> list[str]:
        return [e.name for e in self.entries if e.kind in (1, 2)]

    def stream(self, name: str) -> bytes:
        """The bytes of the first stream called `name` (case-insensitive), KeyError if none."""
        entry = next(
            (e for e in self.entries if e.kind == 2 and e.name.lower() == name.lower()), None
        )
        if entry is None:
            raise KeyError(name)
        if entry.size < self.mini_cutoff:
            if self._mini_stream is None:
                self._mini_stream = self._chain_bytes(
                    self.root.start, self.fat, self._sector, self.root.size
                )
            mini = self._mini_stream

            def read_mini(n: int) -> bytes:
                off = n * self.mini_sector
                if off + self.mini_sector > len(mini):
                    raise CompoundFileError("mini sector outside the mini stream")
                return mini[off : off + self.mini_sector]

            data = self._chain_bytes(entry.start, self.minifat, read_mini, entry.size)
        else:
            data = self._chain_bytes(entry.start, self.fat, self._sector, entry.size)
        if len(data) < entry.size:
            raise CompoundFileError(f"stream {name} is truncated")
        return data[: entry.size]


# ---- .xls (BIFF8, and BIFF5 "Book" streams) ---------------------------------------------------

BOF, EOF, FILEPASS, BOUNDSHEET, DIMENSIONS = 0x0809, 0x000A, 0x002F, 0x0085, 0x0200
# Records of one cell holding a value: row and column are their first two 16-bit fields.
# (BLANK/MULBLANK, formatting without a value, are not read as cells.)
_VALUE_CELLS = {0x00FD, 0x0203, 0x027E, 0x0006, 0x0204, 0x0205, 0x00D6}
MULRK = 0x00BD


@dataclass(frozen=True)
class XlsSheet:
    name: str
    declared_rows: int  # from the DIMENSIONS record (0 when missing)
    declared_columns: int
    rows: int  # the furthest cell that holds a value: what a reader lays out
    columns: int


@dataclass(frozen=True)
class XlsBook:
    encrypted: bool
    sheets: list[XlsSheet]


def _records(stream: bytes, pos: int):
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        yield kind, stream[pos + 4 : pos + 4 + length]
        pos += 4 + length


def read_xls(cfb: CompoundFile) -> XlsBook:
    """Each sheet's declared and real size and whether the workbook has a password, from the
    BIFF records of the Workbook stream, without building any cells."""
    try:
        stream = cfb.stream("Workbook")
    except KeyError:
        stream = cfb.stream("Book")
    bounds: list[tuple[str, int]] = []
    encrypted = False
    for kind, data in _records(stream, 0):
        if kind == FILEPASS:
            encrypted = True
        elif kind == BOUNDSHEET and len(data) >= 8:
            offset, _, sheet_type, length = struct.unpack_from("<IBBB", data)
            if sheet_type == 0:  # a worksheet (not a chart or macro sheet)
                wide = len(data) > 8 and data[7] & 1
                raw = data[8 : 8 + length * (2 if wide else 1)]
                name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
                bounds.append((name, offset))
        elif kind == EOF:
            break
    if encrypted:
        return XlsBook(True, [])
    return XlsBook(False, [_xls_sheet(stream, name, offset) for name, offset in bounds])


def _xls_sheet(stream: bytes, name: str, offset: int) -> XlsSheet:
    declared_rows = declared_cols = rows = cols = 0
    for kind, data in _records(stream, offset):
        if kind == EOF:
            break
        if kind == DIMENSIONS:
            if len(data) >= 14:
                _, declared_rows, _, declared_cols = struct.unpack_from("<IIHH", data)
            elif len(data) >= 10:
                _, declared_rows, _, declared_cols = struct.unpack_from("<HHHH", data)
        elif kind in _VALUE_CELLS and len(data) >= 4:
            row, col = struct.unpack_from("<HH", data)
            rows, cols = max(rows, row + 1), max(cols, col + 1)
        elif kind == MULRK and len(data) >= 6:
            row, _ = struct.unpack_from("<HH", data)
            (last,) = struct.unpack_from("<H", data, len(data) - 2)
            rows, cols = max(rows, row + 1), max(cols, last + 1)
    return XlsSheet(name, declared_rows, declared_cols, rows, cols)
