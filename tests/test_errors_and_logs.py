"""The clerk reads Chinese for every failure; the log keeps details without children's IDs."""

from __future__ import annotations

import errno
import sqlite3

from kongchuo_desktop import logs
from kongchuo_desktop.errors import UserError, user_text


def test_a_refusal_is_shown_as_written():
    assert user_text(UserError("第3行：身份证号校验位不对")) == "第3行：身份证号校验位不对"


def test_a_full_disk_is_said_plainly_and_names_the_file():
    text = user_text(OSError(errno.ENOSPC, "No space left on device", "E:/备份.sqlite"))
    assert "磁盘已满" in text and "E:/备份.sqlite" in text


def test_a_read_only_folder_is_said_plainly():
    assert "只读" in user_text(PermissionError(errno.EACCES, "Permission denied", "/data"))


def test_a_locked_database_asks_to_try_again():
    assert "稍后再试" in user_text(sqlite3.OperationalError("database is locked"))


def test_a_program_error_points_to_the_log_not_a_traceback():
    text = user_text(KeyError("x"), "/data/logs/kongchuo.log")
    assert text.startswith("程序出错") and "/data/logs/kongchuo.log" in text
    assert "KeyError" not in text


def test_the_log_masks_id_numbers(tmp_path):
    path = logs.start_logging(tmp_path)
    try:
        logs.logger.error("学生 520999201401011234 与 G52099920140101123X 导入失败")
    finally:
        logs.stop_logging()
    text = path.read_text(encoding="utf-8")
    assert "导入失败" in text
    assert "520999201401011234" not in text and "20140101123X" not in text
    assert "5209**********1234" in text and "G5209**********123X" in text


def test_a_read_only_folder_gives_no_log_but_no_crash(tmp_path, monkeypatch):
    def refuse(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(logs.Path, "mkdir", refuse)
    assert logs.start_logging(tmp_path) is None
    assert logs.log_file() is None
