"""Schema v6 dates class membership and class heads from what the older file already knew: the
year's classes (Enrollment) and the audit trail's 调班 and head-teacher changes."""

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

from kongchuo_desktop.db import migrations
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.services import membership
from kongchuo_desktop.services.responsibility import heads_on, responsible_for

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"
D = dt.date


def _v5_folder(tmp_path, monkeypatch) -> Path:
    """The v1 fixture brought to v5, then given a 调班 and a change of class head as the v5
    program recorded them: in the audit trail only."""
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "kongchuo.sqlite")
    steps = [s for s in migrations.STEPS if s.version < migrations.MEMBERSHIP_SCHEMA_VERSION]
    with monkeypatch.context() as m:
        m.setattr(migrations, "STEPS", steps)
        m.setattr(migrations, "LATEST_VERSION", steps[-1].version)
        open_data_folder(folder, daily_backup=False).close()
    conn = sqlite3.connect(folder / "kongchuo.sqlite")
    with conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
        # 张三 (student 1) was in 一年级1班 (class 1) and moved to 七年级1班 (class 2) on 15 Oct;
        # the v3 step recorded only his class of the year, the one he ended in.
        conn.execute(
            "INSERT INTO teacher (name, sex, phone, roles, subject, active, created_at)"
            " VALUES ('赵老师', '', '', '班主任', '', 1, '2026-11-01 08:00:00')"
        )
        log = (
            "INSERT INTO audit_log (at, actor, table_name, row_id, row_key, action, before, after)"
            " VALUES (?, ?, ?, ?, '', 'update', ?, ?)"
        )
        conn.execute(
            log,
            (
                "2026-10-15 09:30:00",
                "教务员",
                "student",
                1,
                json.dumps({"school_class": 1}),
                json.dumps({"school_class": 2}),
            ),
        )
        conn.execute("UPDATE student SET school_class_id = 2 WHERE id = 1")
        # 七年级1班's head changed from 王老师 (1) to 赵老师 (2) on 1 December.
        conn.execute(
            log,
            (
                "2026-12-01 10:00:00",
                "教务员",
                "school_class",
                2,
                json.dumps({"head_teacher": 1}),
                json.dumps({"head_teacher": 2}),
            ),
        )
        conn.execute("UPDATE school_class SET head_teacher_id = 2 WHERE id = 2")
    conn.close()
    return folder


def test_a_move_recorded_before_v6_gets_its_date(tmp_path, monkeypatch):
    folder = open_data_folder(_v5_folder(tmp_path, monkeypatch), daily_backup=False)
    try:
        assert migrations.schema_version(folder.db) == migrations.LATEST_VERSION
        assert membership.class_on(1, D(2026, 9, 1)) == 1
        assert membership.class_on(1, D(2026, 10, 14)) == 1
        assert membership.class_on(1, D(2026, 10, 15)) == 2
        assert membership.class_on(2, D(2026, 9, 1)) == 2  # 李小红 never moved
        spells = membership.memberships([1])[1]
        assert [(m.class_id, m.start_date, m.recorded_by) for m in spells] == [
            (1, D(2026, 9, 1), ""),
            (2, D(2026, 10, 15), "教务员"),
        ]
    finally:
        folder.close()


def test_a_head_change_recorded_before_v6_answers_who_was_responsible(tmp_path, monkeypatch):
    folder = open_data_folder(_v5_folder(tmp_path, monkeypatch), daily_backup=False)
    try:
        assert heads_on([2], D(2026, 11, 30)) == {2: 1}
        assert heads_on([2], D(2026, 12, 1)) == {2: 2}
        who = responsible_for([2], D(2026, 11, 1))[2]
        assert (who.class_name, who.responsible_name) == ("七年级1班", "王老师")
        assert responsible_for([2], D(2026, 12, 2))[2].responsible_name == "赵老师"
    finally:
        folder.close()


def _indexes(path: Path) -> set[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return set(
            conn.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'"
                " AND name NOT LIKE 'sqlite_%'"
            )
        )
    finally:
        conn.close()


def test_the_migrated_indexes_equal_a_fresh_files(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(FIXTURE, old / "kongchuo.sqlite")
    open_data_folder(old, daily_backup=False).close()
    open_data_folder(tmp_path / "fresh", daily_backup=False).close()
    assert _indexes(old / "kongchuo.sqlite") == _indexes(tmp_path / "fresh" / "kongchuo.sqlite")
