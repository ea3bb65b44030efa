"""The attachment table's migration step makes exactly the table a fresh database gets."""

import shutil
import sqlite3
from pathlib import Path

from kongchuo_desktop.db import attachments, migrations
from kongchuo_desktop.db.store import open_data_folder

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"


def _attachment_sql(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'attachment' AND sql IS NOT NULL "
            "ORDER BY name"
        )
        return [r[0] for r in rows]
    finally:
        conn.close()


def test_an_older_file_gets_the_same_attachment_table_and_indexes_as_a_fresh_one(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(FIXTURE, old / "kongchuo.sqlite")
    open_data_folder(old, daily_backup=False).close()
    open_data_folder(tmp_path / "fresh", daily_backup=False).close()
    migrated = _attachment_sql(old / "kongchuo.sqlite")
    assert len(migrated) == 3  # the table and its two indexes
    assert migrated == _attachment_sql(tmp_path / "fresh" / "kongchuo.sqlite")


def test_the_step_is_one_registered_step_of_plain_sql():
    step = next(s for s in migrations.STEPS if s.apply is attachments.migrate)
    assert step.version == migrations.ATTACHMENTS_SCHEMA_VERSION
    assert all(sql.startswith("CREATE ") for sql in attachments.MIGRATION_SQL)
