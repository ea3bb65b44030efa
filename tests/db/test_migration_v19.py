"""Schema v19: accounts, their classes and the recovery code. An older file gains the three
tables (empty: the first start then asks for the 管理员) and ends exactly like a fresh one."""

import shutil
import sqlite3
from pathlib import Path

from kongchuo_desktop.db import account_models, migrations
from kongchuo_desktop.db.store import open_data_folder
from tests.helpers.schema import table_shapes

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"
TABLES = ("account", "account_class", "recovery_code")


def _v18_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "kongchuo.sqlite")
    steps = [s for s in migrations.STEPS if s.version < 19]
    with monkeypatch.context() as m:
        m.setattr(migrations, "STEPS", steps)
        m.setattr(migrations, "LATEST_VERSION", steps[-1].version)
        open_data_folder(folder, daily_backup=False).close()
    return folder


def _count(path: Path, sql: str):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_an_older_file_gains_the_tables_and_keeps_every_row(tmp_path, monkeypatch):
    old = _v18_folder(tmp_path, monkeypatch)
    database = old / "kongchuo.sqlite"
    before = _count(database, "SELECT id, name, status FROM student ORDER BY id")
    assert _count(database, "PRAGMA user_version")[0][0] < 19
    assert not _count(database, "SELECT name FROM sqlite_master WHERE name = 'account'")
    folder = open_data_folder(old, daily_backup=False)
    try:
        assert migrations.schema_version(folder.db) == migrations.LATEST_VERSION
        for table in TABLES:
            assert folder.db.execute_sql(f'SELECT COUNT(*) FROM "{table}"').fetchone() == (0,)
    finally:
        folder.close()
    assert before and _count(database, "SELECT id, name, status FROM student ORDER BY id") == before


def test_the_v19_schema_equals_a_fresh_ones(tmp_path, monkeypatch):
    old = _v18_folder(tmp_path, monkeypatch)
    open_data_folder(old, daily_backup=False).close()
    open_data_folder(tmp_path / "fresh", daily_backup=False).close()
    fresh = tmp_path / "fresh" / "kongchuo.sqlite"
    assert table_shapes(old / "kongchuo.sqlite") == table_shapes(fresh)
    index_sql = "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index'"
    assert set(_count(old / "kongchuo.sqlite", index_sql)) == set(_count(fresh, index_sql))


def test_a_fresh_file_stamped_older_runs_the_step_without_harm(tmp_path):
    folder = open_data_folder(tmp_path / "data", daily_backup=False)
    try:
        account_models.migrate(folder.db)  # the tables exist already: nothing happens
        assert all(folder.db.table_exists(t) for t in TABLES)
    finally:
        folder.close()
