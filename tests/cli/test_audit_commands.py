"""`check` names a line of the audit trail changed, deleted or inserted with sqlite3 (exit 1) and
says an untouched demo school is clean; `audit` lists the trail; the command line is named
命令行:<系统用户> in it."""

import json
import sqlite3

import pytest

from kongchuo_desktop.cli import main
from kongchuo_desktop.paths import database_path
from kongchuo_desktop.services.audit import os_user
from tests.demo_school import copy_demo_folder


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def demo_dir(tmp_path_factory, tmp_path):
    return copy_demo_folder(tmp_path_factory, tmp_path / "school")


def _sql(folder, sql):
    conn = sqlite3.connect(database_path(folder))
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_an_untouched_demo_school_checks_clean(demo_dir, capsys):
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "check", "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"]
    assert data["audit_chain"]["ok"] and data["audit_chain"]["rows"] > 1000


@pytest.mark.parametrize(
    ("sql", "problem", "row_id"),
    [
        ("UPDATE audit_log SET after = '{}' WHERE id = 120", "changed", 120),
        ("DELETE FROM audit_log WHERE id = 120", "deleted", 121),
        (
            "INSERT INTO audit_log (at, actor, table_name, row_id, row_key, action)"
            " VALUES ('2026-11-28 08:00:00', '外人', 'student', 1, '', 'update')",
            "inserted",
            None,
        ),
    ],
)
def test_check_names_the_audit_line_touched_with_sqlite(demo_dir, capsys, sql, problem, row_id):
    _sql(demo_dir, sql)
    if row_id is None:  # the inserted line: the newest id
        conn = sqlite3.connect(database_path(demo_dir))
        row_id = conn.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
        conn.close()
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "check", "--json")
    data = json.loads(out)
    assert code == 1 and not data["ok"]
    assert data["audit_chain"]["problem"] == problem
    assert data["audit_chain"]["row_id"] == row_id
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "check")
    assert code == 1 and f"第 {row_id} 行审计记录" in out


def test_deleting_the_newest_line_is_caught_by_the_head_file(demo_dir, capsys):
    assert run(capsys, "--data-dir", str(demo_dir), "check")[0] == 0  # writes the head file
    _sql(demo_dir, "DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)")
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "check", "--json")
    assert code == 1 and json.loads(out)["audit_chain"]["problem"] == "truncated"


def test_audit_lists_lines_by_user_and_date_and_names_the_command_line(demo_dir, capsys):
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "audit", "--json")
    everything = json.loads(out)
    assert code == 0 and everything["count"] > 1000
    users = {line["user"] for line in everything["lines"]}
    some_user = sorted(users)[0]
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "audit", "--user", some_user, "--json")
    mine = json.loads(out)
    assert 0 < mine["count"] <= everything["count"]
    assert {line["user"] for line in mine["lines"]} == {some_user}
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "audit", "--since", "2099-01-01")
    assert code == 0 and "共 0 条审计记录" in out


def test_the_command_line_acts_as_command_line_and_system_user(demo_dir, tmp_path, capsys):
    copy = tmp_path / "copy.sqlite"
    assert run(capsys, "--data-dir", str(demo_dir), "backup", str(copy))[0] == 0
    assert run(capsys, "--data-dir", str(demo_dir), "restore", str(copy))[0] == 0
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "audit", "--json")
    newest = json.loads(out)["lines"][0]
    assert newest["action"] == "restore"
    assert newest["user"] == f"命令行:{os_user()}"
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "check", "--json")
    assert code == 0, out  # the restore's own lines are chained on


def test_a_backup_whose_audit_lines_were_cut_is_named_when_restored(demo_dir, tmp_path, capsys):
    copy = tmp_path / "copy.sqlite"
    assert run(capsys, "--data-dir", str(demo_dir), "backup", str(copy))[0] == 0
    assert (tmp_path / "copy.sqlite.audit-head").is_file()  # the head travels with the copy
    conn = sqlite3.connect(copy)
    conn.execute("DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)")
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "restore", str(copy), "--json")
    data = json.loads(out)
    assert code == 0 and "审计日志防篡改校验没有通过" in data["notices"][0]
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "audit", "--json")
    restore_line = json.loads(out)["lines"][0]
    assert restore_line["action"] == "restore" and "最新的 1 行" in restore_line["changes"]
