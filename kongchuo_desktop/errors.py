"""What the clerk reads when something goes wrong: one error type for refusals, and one function
that turns any exception into Chinese text. No Qt: the window and the command line both use it."""

from __future__ import annotations

import errno
import sqlite3

from kongchuo_desktop.domain.masking import mask_ids_in_text


class UserError(Exception):
    """A refusal meant for the clerk: its text is complete Chinese (what is wrong, and where)."""


# OSError numbers that mean "the disk is full" or "someone else holds the file", on Linux and
# Windows alike (Windows maps ERROR_DISK_FULL/ERROR_SHARING_VIOLATION onto these).
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


def user_text(exc: BaseException, log_file: object | None = None) -> str:
    """The Chinese sentence for `exc`: a UserError's own text; a full disk, a read-only folder or
    a locked file said plainly; anything else as a program error whose details are in the log.
    Never a full ID number: a message gets read out, photographed and sent around (issue 17)."""
    return mask_ids_in_text(_text(exc, log_file))


def _text(exc: BaseException, log_file: object | None) -> str:
    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f"（{exc.filename}）" if getattr(exc, "filename", None) else ""
        if exc.errno in _DISK_FULL:
            return f"磁盘已满，未能写入{where}。请清理磁盘空间后再试，数据没有改动。"
        if exc.errno in _NO_PERMISSION:
            return f"没有写入权限{where}：文件夹可能是只读的，或文件正被其他程序打开。"
        return f"文件操作失败{where}：文件正被其他程序打开或磁盘已满。（{exc.strerror or exc}）"
    if isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc).lower():
        return "磁盘已满，未能写入。请清理磁盘空间后再试，数据没有改动。"
    if isinstance(exc, sqlite3.OperationalError) and "readonly database" in str(exc).lower():
        return "没有写入权限：数据文件夹可能是只读的，或文件正被其他程序打开。"
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower():
        return "数据文件正被另一个操作占用，请稍后再试。"
    if isinstance(exc, sqlite3.DatabaseError) and "malformed" in str(exc).lower():
        return "数据文件已损坏。请在“设置 → 备份与恢复”中从备份恢复。"
    where = f"：{log_file}" if log_file else ""
    return f"程序出错，详情已记入日志{where}"
