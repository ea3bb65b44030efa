"""Schema v11: 劝返 cases. On upgrade every child already 疑似辍学 or 辍学 gets an open case,
opened on the day of that 学籍变动; a child in school gets none."""

import shutil
import sqlite3
from pathlib import Path

from kongchuo_desktop.db import case_migration, migrations
from kongchuo_desktop.db.store import open_data_folder
from tests.helpers.schema import table_shapes

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"


def _v8_folder(tmp_path, monkeypatch) -> Path:
    """The v1 fixture brought to v8, with student 1 疑似辍学 since 11-20 and student 2 辍学."""
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "kongchuo.sqlite")
    steps = [s for s in migrations.STEPS if s.version < case_migration.CASES_SCHEMA_VERSION]
    with monkeypatch.context() as m:
        m.setattr(migrations, "STEPS", steps)
        m.setattr(migrations, "LATEST_VERSION", steps[-1].version)
        open_data_folder(folder, daily_backup=False).close()
    conn = sqlite3.connect(folder / "kongchuo.sqlite")
    with conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] < 11
        change = (
            "INSERT INTO status_change (student_id, status, date, reason, documents, approved_by,"
            " recorded_by, recorded_at) VALUES (?, ?, ?, '', '', '', '教务员', ?)"
        )
        conn.execute(change, (1, "疑似辍学", "2026-11-20", "2026-11-20 10:00:05"))
        conn.execute(change, (2, "辍学", "2026-10-09", "2026-10-09 10:00:05"))
        conn.execute("UPDATE student SET status = '疑似辍学' WHERE id = 1")
        conn.execute("UPDATE student SET status = '辍学' WHERE id = 2")
    conn.close()
    return folder


def test_every_child_away_has_an_open_case_after_the_upgrade(tmp_path, monkeypatch):
    folder = open_data_folder(_v8_folder(tmp_path, monkeypatch), daily_backup=False)
    try:
        assert migrations.schema_version(folder.db) == migrations.LATEST_VERSION
        rows = folder.db.execute_sql(
            "SELECT student_id, opened_on, origin, school_year, closed_on FROM student_case"
            " ORDER BY student_id"
        ).fetchall()
        assert rows == [
            (1, "2026-11-20", "upgrade", "2026-2027", None),
            (2, "2026-10-09", "upgrade", "2026-2027", None),
        ]
    finally:
        folder.close()


def test_the_v11_schema_equals_a_fresh_ones(tmp_path, monkeypatch):
    old = _v8_folder(tmp_path, monkeypatch)
    open_data_folder(old, daily_backup=False).close()
    open_data_folder(tmp_path / "fresh", daily_backup=False).close()
    fresh = tmp_path / "fresh" / "kongchuo.sqlite"
    assert table_shapes(old / "kongchuo.sqlite") == table_shapes(fresh)
    index_sql = (
        "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'"
    )
    indexes = []
    for path in (old / "kongchuo.sqlite", fresh):
        conn = sqlite3.connect(path)
        indexes.append(set(conn.execute(index_sql)))
        conn.close()
    assert indexes[0] == indexes[1]


def test_the_step_is_registered_as_plain_sql():
    step = next(s for s in migrations.STEPS if s.version == case_migration.CASES_SCHEMA_VERSION)
    assert step.apply is case_migration.migrate
    assert all(sql.split()[0] == "CREATE" for sql in case_migration.MIGRATION_SQL)
