"""A database made by an older version opens, is backed up first, and keeps every row."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from kongchuo_desktop.db import migrations
from kongchuo_desktop.db.models import Guardian, RiskFlag, StatusChange, Student
from kongchuo_desktop.db.store import open_data_folder
from tests.helpers.schema import table_shapes

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"


def _rows(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


@pytest.fixture
def old_folder(tmp_path) -> Path:
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "kongchuo.sqlite")
    return folder


def test_fixture_really_is_an_oldertable_shapes():
    conn = sqlite3.connect(FIXTURE)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    assert migrations.LATEST_VERSION > 1


def test_older_database_migrates_and_keeps_every_row(old_folder):
    before = _rows(old_folder / "kongchuo.sqlite")
    folder = open_data_folder(old_folder, daily_backup=False)
    try:
        assert migrations.schema_version(folder.db) == migrations.LATEST_VERSION
        student = Student.get(Student.name == "张三")
        assert student.id_number == "110101201301011234"
        assert student.school_class.name == "七年级1班"
        assert student.school_class.head_teacher.name == "王老师"
        assert Guardian.get(Guardian.student == student).works_away
        assert RiskFlag.get(RiskFlag.student == student).flag == "留守儿童"
        assert StatusChange.select().count() == 2
        # The v2 step filled the pinyin search keys of existing students.
        assert (student.name_pinyin, student.name_initials) == ("zhangsan", "zs")
    finally:
        folder.close()
    after = _rows(old_folder / "kongchuo.sqlite")
    for table, count in before.items():
        assert after[table] == count, table


def test_a_backup_is_made_before_migrating(old_folder):
    folder = open_data_folder(old_folder, daily_backup=False)
    folder.close()
    copies = list((old_folder / "backups" / "events").glob("*before-migrate-v1*.sqlite"))
    assert len(copies) == 1
    conn = sqlite3.connect(copies[0])
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM student").fetchone()[0] == 2
    conn.close()


def test_migrated_schema_equals_a_fresh_one(old_folder, tmp_path):
    open_data_folder(old_folder, daily_backup=False).close()
    open_data_folder(tmp_path / "fresh", daily_backup=False).close()
    assert table_shapes(old_folder / "kongchuo.sqlite") == table_shapes(
        tmp_path / "fresh" / "kongchuo.sqlite"
    )


def test_a_database_from_a_newer_program_is_refused(tmp_path):
    folder = open_data_folder(tmp_path / "d", daily_backup=False)
    folder.db.execute_sql(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    folder.close()
    with pytest.raises(migrations.SchemaError, match="新版程序"):
        open_data_folder(tmp_path / "d", daily_backup=False)


def test_a_failing_step_leaves_the_last_good_version(old_folder, monkeypatch):
    def broken(db):
        db.execute_sql("ALTER TABLE student ADD COLUMN half_done TEXT")
        raise RuntimeError("boom")

    steps = [*migrations.STEPS, migrations.Step(migrations.LATEST_VERSION + 1, "坏", broken)]
    monkeypatch.setattr(migrations, "STEPS", steps)
    monkeypatch.setattr(migrations, "LATEST_VERSION", steps[-1].version)
    with pytest.raises(RuntimeError):
        open_data_folder(old_folder, daily_backup=False)
    conn = sqlite3.connect(old_folder / "kongchuo.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == steps[-2].version
    cols = [c[1] for c in conn.execute("PRAGMA table_info(student)")]
    assert "half_done" not in cols
    conn.close()
