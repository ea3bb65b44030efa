"""A database from before the head-count (schema v1/v2) migrates to exactly the fresh schema."""

import shutil
import sqlite3
from pathlib import Path

from kongchuo_desktop.db import migrations
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.paths import database_path

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"


HEADCOUNT_TABLES = ("attendance_report", "absence", "leave_request", "escalation_action")


def _schema(path: Path) -> set[tuple[str, str]]:
    """The head-count tables and their indexes. (The v2 step's ALTER TABLE leaves `student`
    textually different from a fresh file; that is v2's business, not this step's. Likewise v8
    adds escalation_action.status_change_id by ALTER TABLE: that table is compared by its columns
    and foreign keys instead, in _escalation_action.)"""
    con = sqlite3.connect(path)
    marks = ",".join("?" * len(HEADCOUNT_TABLES))
    sql = f"SELECT name, sql FROM sqlite_master WHERE tbl_name IN ({marks})"
    try:
        return {
            (name, "" if name == "escalation_action" else text)
            for name, text in con.execute(sql, HEADCOUNT_TABLES)
        }
    finally:
        con.close()


def _escalation_action(path: Path) -> tuple[list[tuple], list[tuple]]:
    con = sqlite3.connect(path)
    try:
        columns = list(con.execute('PRAGMA table_info("escalation_action")'))
        keys = sorted(
            (r[2], r[3], r[4], r[6])
            for r in con.execute('PRAGMA foreign_key_list("escalation_action")')
        )
        return columns, keys
    finally:
        con.close()


def test_old_database_migrates_to_the_fresh_schema(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(FIXTURE, database_path(old))
    f = open_data_folder(old, daily_backup=False)
    assert migrations.schema_version(f.db) == migrations.LATEST_VERSION
    f.close()
    fresh = open_data_folder(tmp_path / "fresh", daily_backup=False)
    fresh.close()
    migrated = _schema(database_path(old))
    assert len(migrated) == 4 + 14  # the four tables and their indexes
    assert migrated == _schema(database_path(tmp_path / "fresh"))
    assert _escalation_action(database_path(old)) == _escalation_action(
        database_path(tmp_path / "fresh")
    )
    con = sqlite3.connect(database_path(old))
    assert con.execute("SELECT COUNT(*) FROM absence").fetchone() == (0,)
    assert con.execute("SELECT COUNT(*) FROM student").fetchone()[0] >= 1
    con.close()
