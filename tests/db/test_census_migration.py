"""Schema v17: the census tables. An older data folder gets exactly the tables a fresh one has,
its rows untouched."""

import shutil
import sqlite3
from pathlib import Path

from kongchuo_desktop.db import census_schema, migrations
from kongchuo_desktop.db.store import open_data_folder
from tests.helpers.schema import table_shapes

FIXTURE = Path(__file__).parent.parent / "fixtures" / "data_folder_v5"


def _census_sql(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name LIKE 'census%' AND sql IS NOT NULL"
            " ORDER BY name"
        )
        return [r[0] for r in rows]
    finally:
        conn.close()


def test_a_v5_data_folder_gets_the_census_tables_of_a_fresh_one(tmp_path):
    old = tmp_path / "old"
    shutil.copytree(FIXTURE, old)
    conn = sqlite3.connect(old / "kongchuo.sqlite")
    students = conn.execute("SELECT count(*) FROM student").fetchone()[0]
    conn.close()
    open_data_folder(old, daily_backup=False).close()
    open_data_folder(tmp_path / "fresh", daily_backup=False).close()
    migrated, fresh = old / "kongchuo.sqlite", tmp_path / "fresh" / "kongchuo.sqlite"
    assert len(_census_sql(migrated)) == 7  # three tables, four indexes
    assert _census_sql(migrated) == _census_sql(fresh)
    assert table_shapes(migrated) == table_shapes(fresh)
    conn = sqlite3.connect(migrated)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
    assert conn.execute("SELECT count(*) FROM student").fetchone()[0] == students
    conn.close()


def test_the_step_is_registered_under_its_own_version():
    step = next(s for s in migrations.STEPS if s.apply is census_schema.migrate)
    assert step.version == census_schema.SCHEMA_VERSION == 17
    versions = [s.version for s in migrations.STEPS]
    assert versions == sorted(set(versions))
