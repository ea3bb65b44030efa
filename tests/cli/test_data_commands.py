"""The command line: demo, check, backup, restore, selftest — exit codes and Chinese/JSON output."""

import json
import sqlite3

import pytest

from kongchuo_desktop.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def demo_dir(tmp_path, capsys):
    d = tmp_path / "school"
    code, out, _ = run(capsys, "--data-dir", str(d), "demo", "--students", "60")
    assert code == 0, out
    return d


def test_demo_then_check_json_reports_an_intact_database(demo_dir, capsys):
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "check", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["ok"] and data["integrity"] == "ok" and data["students"] == 60
    assert data["schema_version"] == data["latest_schema_version"]


def test_demo_output_in_chinese_and_refused_twice(demo_dir, capsys):
    code, _, err = run(capsys, "--data-dir", str(demo_dir), "demo")
    assert code == 1
    assert "已经有学校" in err


def test_backup_to_a_file_then_restore_it(demo_dir, tmp_path, capsys):
    target = tmp_path / "u盘" / "copy.sqlite"
    target.parent.mkdir()
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "backup", str(target), "--json")
    assert code == 0 and json.loads(out)["students"] == 60
    conn = sqlite3.connect(demo_dir / "kongchuo.sqlite")
    conn.execute("DELETE FROM guardian")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "restore", str(target))
    assert code == 0 and "已从" in out
    conn = sqlite3.connect(demo_dir / "kongchuo.sqlite")
    assert conn.execute("SELECT COUNT(*) FROM guardian").fetchone()[0] > 0
    conn.close()


def test_restore_of_a_bad_file_exits_1_and_changes_nothing(demo_dir, tmp_path, capsys):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("不是数据库", encoding="utf-8")
    before = (demo_dir / "kongchuo.sqlite").read_bytes()
    code, _, err = run(capsys, "--data-dir", str(demo_dir), "restore", str(bad))
    assert code == 1 and "不能恢复" in err
    assert (demo_dir / "kongchuo.sqlite").read_bytes() == before


def test_restore_of_a_missing_file_is_a_file_error(demo_dir, tmp_path, capsys):
    code, out, _ = run(
        capsys, "--data-dir", str(demo_dir), "restore", str(tmp_path / "nope.sqlite"), "--json"
    )
    assert code == 2 and "找不到文件" in json.loads(out)["error"]


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_selftest_prints_selftest_ok(capsys, qapp):
    code, out, _ = run(capsys, "selftest")
    assert code == 0 and "SELFTEST OK" in out
