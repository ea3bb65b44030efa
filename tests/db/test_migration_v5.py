"""Students saved with the old pinyin keys get the surname readings when the database migrates."""

import sqlite3

from kongchuo_desktop.db import migrations
from kongchuo_desktop.db.models import Student
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.paths import database_path

OLD_KEYS = {  # what the keys were before surname readings
    "曾晓": ("cengxiao", "cx"),
    "覃小红": ("tanxiaohong", "txh"),
    "阿卜杜·热合曼": ("abodu·reheman", "abd·rhm"),
    "李曾": ("liceng", "lc"),
}


def _old_database(path):
    f = open_data_folder(path, daily_backup=False)
    for name, (full, initials) in OLD_KEYS.items():
        s = Student.create(name=name)
        f.db.execute_sql(
            "UPDATE student SET name_pinyin = ?, name_initials = ? WHERE id = ?",
            (full, initials, s.id),
        )
    f.db.execute_sql(f"PRAGMA user_version = {migrations.SURNAME_PINYIN_SCHEMA_VERSION - 1}")
    f.close()


def _keys(path):
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT name, name_pinyin, name_initials FROM student")
        return {name: (full, initials) for name, full, initials in rows}
    finally:
        conn.close()


def test_old_keys_are_recomputed_with_surname_readings(tmp_path):
    data = tmp_path / "data"
    _old_database(data)
    assert _keys(database_path(data))["曾晓"] == ("cengxiao", "cx")
    f = open_data_folder(data, daily_backup=False)
    try:
        assert migrations.schema_version(f.db) == migrations.LATEST_VERSION
        assert [s.name for s in Student.select().where(Student.name_initials == "zx")] == ["曾晓"]
    finally:
        f.close()
    assert _keys(database_path(data)) == {
        "曾晓": ("zengxiao", "zx"),
        "覃小红": ("qinxiaohong", "qxh"),
        "阿卜杜·热合曼": ("abodureheman", "abdrhm"),
        "李曾": ("liceng", "lc"),
    }


def test_the_old_keys_are_backed_up_first(tmp_path):
    data = tmp_path / "data"
    _old_database(data)
    open_data_folder(data, daily_backup=False).close()
    old = migrations.SURNAME_PINYIN_SCHEMA_VERSION - 1
    copies = list((data / "backups" / "events").glob(f"*before-migrate-v{old}*.sqlite"))
    assert len(copies) == 1
    assert _keys(copies[0])["曾晓"] == ("cengxiao", "cx")
