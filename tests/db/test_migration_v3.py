"""A database of an earlier schema migrates to exactly the fresh schema, and old classes get
their students' enrollment for that year."""

import shutil
import sqlite3
from pathlib import Path

from kongchuo_desktop.db import migrations
from kongchuo_desktop.db.models import Enrollment, Student
from kongchuo_desktop.db.store import open_data_folder

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"


def _schema(path: Path):
    conn = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        out = {}
        for t in tables:
            cols = sorted(
                (c[1], c[2].upper(), c[3], c[5]) for c in conn.execute(f'PRAGMA table_info("{t}")')
            )
            idx = sorted((i[1], i[2]) for i in conn.execute(f'PRAGMA index_list("{t}")'))
            fks = sorted((*f[2:5], f[6]) for f in conn.execute(f'PRAGMA foreign_key_list("{t}")'))
            out[t] = (cols, idx, fks)
        return out
    finally:
        conn.close()


def test_old_database_migrates_to_exactly_the_fresh_schema(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(FIXTURE, old / "kongchuo.sqlite")
    f = open_data_folder(old, daily_backup=False)
    try:
        assert migrations.schema_version(f.db) == migrations.LATEST_VERSION
        student = Student.get(Student.name == "张三")
        e = Enrollment.get(Enrollment.student == student)
        assert e.school_class_id == student.school_class_id
        assert e.school_year == student.school_class.school_year
    finally:
        f.close()
    fresh = open_data_folder(tmp_path / "fresh", daily_backup=False)
    fresh.close()
    assert _schema(old / "kongchuo.sqlite") == _schema(tmp_path / "fresh" / "kongchuo.sqlite")
