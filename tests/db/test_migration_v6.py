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
from tests.helpers.schema import table_shapes

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


V5_FOLDER = Path(__file__).parent.parent / "fixtures" / "data_folder_v5"


def _all_rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        out = {}
        for n in names:
            cols = [c[1] for c in conn.execute(f'PRAGMA table_info("{n}")')]
            rows = conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall()
            out[n] = [dict(zip(cols, r, strict=True)) for r in rows]
        return out
    finally:
        conn.close()


def test_a_schema_5_data_folder_keeps_every_row_and_gets_its_dates(tmp_path):
    from kongchuo_desktop.db.models import SchoolClass, Student, Teacher
    from kongchuo_desktop.services.events import EventKind, events_between

    old = tmp_path / "v5"
    shutil.copytree(V5_FOLDER, old)
    before = _all_rows(old / "kongchuo.sqlite")
    folder = open_data_folder(old, daily_backup=False)
    try:
        assert migrations.schema_version(folder.db) == migrations.LATEST_VERSION
        c1, c2 = SchoolClass.get(grade=7, number=1), SchoolClass.get(grade=7, number=2)
        zhao = Student.get(name="赵六")
        assert membership.class_on(zhao.id, D(2026, 10, 14)) == c1.id
        assert membership.class_on(zhao.id, D(2026, 10, 15)) == c2.id
        wang, zhou = Teacher.get(name="王老师"), Teacher.get(name="周老师")
        assert heads_on([c1.id], D(2026, 11, 1)) == {c1.id: wang.id}
        assert heads_on([c1.id], D(2026, 11, 2)) == {c1.id: zhou.id}
        moves = events_between(None, None, kinds=[EventKind.CLASS_MOVE], students=[zhao.id])
        assert [(e.date, e.text, e.detail) for e in moves] == [
            (D(2026, 10, 15), "调班：七年级1班 → 七年级2班", "登记：教务员")
        ]
        # 赵六's sick days after the move are counted in his new class, with its head.
        sick = events_between(None, None, kinds=[EventKind.ABSENCE], students=[zhao.id])
        assert [(e.class_name, [t.name for t in e.teachers]) for e in sick] == [
            ("七年级2班", ["李老师"])
        ]
    finally:
        folder.close()
    after = _all_rows(old / "kongchuo.sqlite")
    for table, rows in before.items():
        kept = [{k: r[k] for k in rows[0]} for r in after[table]] if rows else []
        for row in rows:
            assert row in kept, (table, row)
    open_data_folder(tmp_path / "fresh", daily_backup=False).close()
    assert table_shapes(old / "kongchuo.sqlite") == table_shapes(
        tmp_path / "fresh" / "kongchuo.sqlite"
    )
