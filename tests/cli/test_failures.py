"""No traceback reaches the clerk: an unexpected failure in a command ends in a Chinese sentence
naming the log file (exit 2); the traceback is in the log, and on screen only with --debug."""

from __future__ import annotations

import json

import pytest

from kongchuo_desktop.cli import main
from kongchuo_desktop.db import backup
from kongchuo_desktop.errors import UserError


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def broken_check(monkeypatch):
    """`check` fails inside, as a bug would."""

    def boom(conn):
        raise KeyError("student_count")

    monkeypatch.setattr(backup, "count_rows", boom)


def test_an_unexpected_failure_is_said_in_chinese_and_logged(tmp_path, capsys, broken_check):
    data = tmp_path / "d"
    code, out, err = run(capsys, "--data-dir", data, "check")
    log = data / "logs" / "kongchuo.log"
    assert code == 2
    assert "程序出错" in err and str(log) in err
    assert "Traceback" not in out + err and "KeyError" not in out + err
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "KeyError: 'student_count'" in text


def test_an_unexpected_failure_with_json_is_one_json_object(tmp_path, capsys, broken_check):
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "check", "--json")
    assert code == 2
    report = json.loads(out)
    assert report["ok"] is False and report["error"].startswith("程序出错")
    assert "Traceback" not in out + err


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback(tmp_path, capsys, broken_check, where):
    argv = ["--data-dir", tmp_path / "d", "check"]
    argv = ["--debug", *argv] if where == "before" else [*argv, "--debug"]
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "程序出错" in err
    assert "Traceback" in err and "KeyError: 'student_count'" in err


def test_a_user_error_from_deep_inside_ends_the_command_with_its_text(
    tmp_path, capsys, monkeypatch
):
    def refuse(conn):
        raise UserError("学生表正在升级，请稍后再试")

    monkeypatch.setattr(backup, "count_rows", refuse)
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "check")
    assert code == 1 and "学生表正在升级，请稍后再试" in err
    assert "Traceback" not in out + err


def test_a_folder_where_no_log_can_be_written_still_gets_a_sentence(
    tmp_path, capsys, broken_check, monkeypatch
):
    from kongchuo_desktop import logs

    monkeypatch.setattr(logs, "start_logging", lambda data_dir: None)
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "check")
    assert code == 2 and "程序出错" in err and "--debug" in err
    assert "Traceback" not in out + err


def test_a_failure_while_reading_the_command_line_is_said_too(capsys, monkeypatch):
    from kongchuo_desktop import cli

    def broken():
        raise ImportError("a module left out of the exe")

    monkeypatch.setattr(cli, "build_parser", broken)
    code = main(["check"])
    out = capsys.readouterr()
    assert code == 2 and "程序出错" in out.err
    assert "Traceback" not in out.out + out.err


def test_ctrl_c_ends_with_a_sentence_not_a_traceback(tmp_path, capsys, monkeypatch):
    def interrupted(conn):
        raise KeyboardInterrupt

    monkeypatch.setattr(backup, "count_rows", interrupted)
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "check")
    assert code == 130 and "已中断" in err
    assert "Traceback" not in out + err


def test_a_damaged_data_file_gives_a_sentence_and_json_not_a_traceback(tmp_path, capsys):
    data = tmp_path / "d"
    data.mkdir()
    (data / "kongchuo.sqlite").write_bytes(b"\x13\x37 not a database " * 300)
    code, out, err = run(capsys, "--data-dir", data, "check", "--json")
    assert code == 1 and json.loads(out)["ok"] is False  # check reports the damage as its result
    assert "Traceback" not in out + err
