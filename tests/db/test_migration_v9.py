"""Schema v9: a teacher's 离校 day (`teacher.left_on`) and the 转出 procedure table. A teacher
who left before v9 gets the day the audit trail tells, else none (shown as 日期不详)."""

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

from kongchuo_desktop.db import migrations
from kongchuo_desktop.db.store import open_data_folder
from tests.helpers.schema import table_shapes

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"
AT = "2026-11-20 10:00:05"


def _v8_folder(tmp_path, monkeypatch) -> Path:
    """The v1 fixture at v8, with three teachers who left as a v8 program recorded it:
    王老师 (班主任 of 七年级1班, 离校 from 11月16日, entered on the 20th), 李老师 (no class, the
    离校 line only) and 赵老师 (made inactive by hand: no audit line)."""
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "kongchuo.sqlite")
    steps = [s for s in migrations.STEPS if s.version < 9]
    with monkeypatch.context() as m:
        m.setattr(migrations, "STEPS", steps)
        m.setattr(migrations, "LATEST_VERSION", steps[-1].version)
        open_data_folder(folder, daily_backup=False).close()
    conn = sqlite3.connect(folder / "kongchuo.sqlite")
    audit = (
        "INSERT INTO audit_log (at, actor, table_name, row_id, row_key, action, before, after)"
        " VALUES (?, '教务员', ?, ?, '', ?, ?, ?)"
    )
    with conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 8
        for name in ("李老师", "赵老师"):
            conn.execute(
                "INSERT INTO teacher (name, sex, phone, roles, subject, active, created_at)"
                " VALUES (?, '', '', '科任教师', '', 0, '2026-09-01 08:00:00')",
                (name,),
            )
        conn.execute("UPDATE teacher SET active = 0 WHERE name = '王老师'")
        head = conn.execute(
            "INSERT INTO class_head (school_class_id, teacher_id, start_date)"
            " VALUES (2, NULL, '2026-11-16')"
        ).lastrowid
        after = {"school_class": 2, "teacher": None, "start_date": "2026-11-16", "id": head}
        conn.execute(audit, (AT, "class_head", head, "insert", None, json.dumps(after)))
        for tid, at in ((1, AT), (2, "2026-10-08 16:30:00")):
            conn.execute(
                audit,
                (at, "teacher", tid, "update", '{"active": true}', '{"active": false}'),
            )
    conn.close()
    return folder


def test_teachers_who_left_before_v9_get_the_day_the_audit_trail_tells(tmp_path, monkeypatch):
    folder = open_data_folder(_v8_folder(tmp_path, monkeypatch), daily_backup=False)
    try:
        assert migrations.schema_version(folder.db) == migrations.LATEST_VERSION
        rows = folder.db.execute_sql("SELECT name, active, left_on FROM teacher ORDER BY id")
        assert [tuple(r) for r in rows] == [
            ("王老师", 0, "2026-11-16"),  # the day the headship ended, not the day entered
            ("李老师", 0, "2026-10-08"),  # the day the 离校 was recorded
            ("赵老师", 0, None),  # nothing tells: 日期不详
        ]
        assert folder.db.execute_sql("SELECT COUNT(*) FROM transfer_procedure").fetchone() == (0,)
    finally:
        folder.close()
    from kongchuo_desktop.services.teachers import left_text

    assert left_text(None) == "已离校（日期不详）"
    assert left_text(dt.date(2026, 11, 16)) == "已离校（2026-11-16）"


def test_a_migrated_file_has_the_shape_of_a_fresh_one(tmp_path, monkeypatch):
    old = _v8_folder(tmp_path, monkeypatch)
    open_data_folder(old, daily_backup=False).close()
    fresh = open_data_folder(tmp_path / "fresh", daily_backup=False)
    fresh.close()
    assert table_shapes(old / "kongchuo.sqlite") == table_shapes(
        tmp_path / "fresh" / "kongchuo.sqlite"
    )
