"""Files the program writes for the clerk (an exported roster, a backup copy, the --log copy):
never the data folder's own files, never a silent replacement, never half a file.

`check_target` says whether a path may be written; `atomic_write` writes to a temporary file in the
same folder and renames it into place only when complete, so a failure leaves an existing file as
it was and no temporary file behind. No Qt, no database: the window and the command line use it.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

from kongchuo_desktop.errors import UserError
from kongchuo_desktop.paths import DATABASE_FILE_NAME

# The data folder's own files: the database with SQLite's companions and a restore's staging copy,
# and everything under these sub-folders.
PROTECTED_SUFFIXES = ("", "-wal", "-shm", "-journal", ".restoring", ".audit-head")
PROTECTED_DIRS = ("backups", "logs", "attachments")
TEMP_SUFFIX = ".part"


class ProtectedTargetError(UserError):
    """The target is one of the data folder's own files."""


class TargetExistsError(UserError):
    """The target exists and replacing it was not asked for."""

    def __init__(self, path: Path):
        super().__init__(f"文件已存在：{path}。没有替换它。")
        self.path = path


def _key(path: Path) -> str:
    """A resolved path as compared: case-insensitive on Windows (normcase), links followed."""
    return os.path.normcase(str(Path(path).resolve()))


def is_data_folder_file(path: Path | str, data_dir: Path | str) -> bool:
    """Is `path` the database of `data_dir` (or its -wal/-shm/-journal), or inside its backups/, logs/
    or attachments/ folder?"""
    data_dir = Path(data_dir)
    target = _key(Path(path))
    database = data_dir / DATABASE_FILE_NAME
    for suffix in PROTECTED_SUFFIXES:
        own = database.with_name(database.name + suffix)
        if target == _key(own):
            return True
        # Another name for the same file (a hard link, or a case-insensitive file system).
        with contextlib.suppress(OSError):
            if own.exists() and Path(path).exists() and os.path.samefile(path, own):
                return True
    sep = os.path.normcase(os.sep)
    for name in PROTECTED_DIRS:
        inside = _key(data_dir / name)
        if target == inside or target.startswith(inside.rstrip(sep) + sep):
            return True
    return False


def check_target(path: Path | str, data_dir: Path | str | None, *, overwrite: bool = False) -> Path:
    """Refuse a target that is one of the data folder's own files (always) or a folder, or one that
    exists unless `overwrite` (the clerk confirmed, or --force). Returns the path."""
    path = Path(path)
    if data_dir is not None and is_data_folder_file(path, data_dir):
        raise ProtectedTargetError(
            f"不能写到 {path}：这是数据文件夹自己的文件（数据、备份或日志），"
            "写入会毁掉数据。请换一个位置，例如桌面或U盘。"
        )
    if path.is_dir():
        raise UserError(f"{path} 是一个文件夹，请写出文件名。")
    if path.exists() and not overwrite:
        raise TargetExistsError(path)
    return path


def temp_path_for(path: Path) -> Path:
    """A fresh temporary name beside `path` (same folder, so the final rename is atomic). It
    carries the writer's process id: a leftover whose writer has died can be cleaned at once
    (writer_of), while another program's copy in progress is left alone."""
    return path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}")


_TEMP_NAME = re.compile(r"\.(\d+)-[0-9a-f]{8}\.part(?:-journal)?$")


def writer_of(temp: Path) -> int | None:
    """The process id in a temporary file's name (temp_path_for), or None."""
    m = _TEMP_NAME.search(Path(temp).name)
    return int(m.group(1)) if m else None


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError), open(path, "rb+") as fh:
        os.fsync(fh.fileno())


@contextlib.contextmanager
def atomic_write(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside `path`; the caller writes the whole file there. On success it
    is flushed to disk and renamed over `path` (os.replace); on any failure (an interrupt too) it
    is removed and `path` is untouched."""
    path = Path(path)
    tmp = temp_path_for(path)
    try:
        yield tmp
        _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
