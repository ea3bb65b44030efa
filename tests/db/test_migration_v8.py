"""Schema v8: a 学籍变动 can be withdrawn (the row stays, marked), and an escalation step done
names the 学籍变动 it wrote; steps done before v8 find theirs from what the older file recorded."""

import shutil
import sqlite3
from pathlib import Path

from kongchuo_desktop.db import migrations
from kongchuo_desktop.db.store import open_data_folder
from tests.helpers.schema import table_shapes

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"


def _v7_folder(tmp_path, monkeypatch) -> Path:
    """The v1 fixture brought to v7, then given what a v7 program recorded when the clerk marked
    张三 疑似辍学 from the ledger (a 学籍变动 and the step, written in one go), a 疑似辍学 step
    done by someone else later, and a hand-made 辍学 change with no step."""
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "kongchuo.sqlite")
    steps = [s for s in migrations.STEPS if s.version < migrations.WITHDRAWN_CHANGE_SCHEMA_VERSION]
    with monkeypatch.context() as m:
        m.setattr(migrations, "STEPS", steps)
        m.setattr(migrations, "LATEST_VERSION", steps[-1].version)
        open_data_folder(folder, daily_backup=False).close()
    conn = sqlite3.connect(folder / "kongchuo.sqlite")
    with conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
        change = (
            "INSERT INTO status_change (student_id, status, date, reason, documents, approved_by,"
            " recorded_by, recorded_at) VALUES (?, ?, ?, '', '', '', ?, ?)"
        )
        conn.execute(change, (1, "疑似辍学", "2026-11-20", "教务员", "2026-11-20 10:00:05"))
        conn.execute(change, (2, "辍学", "2026-11-20", "教务员", "2026-11-20 10:00:05"))
        step = (
            "INSERT INTO escalation_action (student_id, chain_start, step, due_date, done_at,"
            " done_by, note) VALUES (?, ?, ?, ?, ?, ?, '')"
        )
        conn.execute(
            step,
            (1, "2026-11-10", "suspected_dropout", "2026-11-18", "2026-11-20 10:00:05", "教务员"),
        )
        conn.execute(
            step, (2, "2026-11-10", "contact", "2026-11-10", "2026-11-20 10:00:05", "教务员")
        )
        conn.execute(
            step, (2, "2026-11-10", "dropout", "2026-11-18", "2026-11-21 09:00:00", "班主任")
        )
    conn.close()
    return folder


def test_a_step_done_before_v8_is_linked_to_the_change_it_wrote(tmp_path, monkeypatch):
    folder = open_data_folder(_v7_folder(tmp_path, monkeypatch), daily_backup=False)
    try:
        assert migrations.schema_version(folder.db) == migrations.LATEST_VERSION
        rows = folder.db.execute_sql(
            "SELECT e.student_id, e.step, sc.status FROM escalation_action e"
            " LEFT JOIN status_change sc ON sc.id = e.status_change_id ORDER BY e.id"
        ).fetchall()
        assert rows == [
            (1, "suspected_dropout", "疑似辍学"),
            (2, "contact", None),  # writes no 学籍变动
            (2, "dropout", None),  # another clerk, another day: not the change it wrote
        ]
        marks = folder.db.execute_sql(
            "SELECT withdrawn_at, withdrawn_by, withdrawn_reason FROM status_change"
        ).fetchall()
        assert marks and set(marks) == {(None, "", "")}  # nothing was withdrawn before v8
    finally:
        folder.close()


def _indexes(path: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return set(
            conn.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'"
                " AND name NOT LIKE 'sqlite_%'"
            )
        )
    finally:
        conn.close()


def test_the_v8_schema_equals_a_fresh_ones(tmp_path, monkeypatch):
    old = _v7_folder(tmp_path, monkeypatch)
    open_data_folder(old, daily_backup=False).close()
    open_data_folder(tmp_path / "fresh", daily_backup=False).close()
    fresh = tmp_path / "fresh" / "kongchuo.sqlite"
    assert table_shapes(old / "kongchuo.sqlite") == table_shapes(fresh)
    assert _indexes(old / "kongchuo.sqlite") == _indexes(fresh)


def test_the_step_is_registered_as_plain_sql():
    step = next(
        s for s in migrations.STEPS if s.version == migrations.WITHDRAWN_CHANGE_SCHEMA_VERSION
    )
    assert step.apply is migrations._v8_withdrawn_status_changes
    assert all(sql.split()[0] in ("ALTER", "CREATE", "UPDATE") for sql in migrations._V8_SQL)
