"""The month-report filing table's step (v15) makes exactly the table a fresh database gets."""

import shutil
import sqlite3
from pathlib import Path

from kongchuo_desktop.db import migrations, report_filings
from kongchuo_desktop.db.store import open_data_folder

FIXTURE = Path(__file__).parent.parent / "fixtures" / "data_folder_v5"


def _table_sql(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'report_filing'"
            " AND sql IS NOT NULL ORDER BY name"
        )
        return [" ".join(r[0].replace("IF NOT EXISTS ", "").split()) for r in rows]
    finally:
        conn.close()


def test_an_old_data_folder_gets_the_same_filing_table_as_a_fresh_one(tmp_path):
    old = tmp_path / "old"
    shutil.copytree(FIXTURE, old)
    open_data_folder(old, daily_backup=False).close()
    open_data_folder(tmp_path / "fresh", daily_backup=False).close()
    migrated = _table_sql(old / "kongchuo.sqlite")
    assert len(migrated) == 3  # the table, its month index and the unique (month, version)
    assert migrated == _table_sql(tmp_path / "fresh" / "kongchuo.sqlite")
    conn = sqlite3.connect(old / "kongchuo.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
    conn.close()


def test_the_step_is_registered_under_its_own_version():
    step = next(s for s in migrations.STEPS if s.apply is report_filings.migrate)
    assert step.version == report_filings.SCHEMA_VERSION == 15
    versions = [s.version for s in migrations.STEPS]
    assert versions == sorted(set(versions))
