"""Every write through a service leaves an audit row: who, when, which row, before and after."""

import datetime as dt

from kongchuo_desktop.db.models import AuditLog, CalendarDay, School, SchoolClass, Student, Term
from kongchuo_desktop.domain.school_calendar import DayKind
from kongchuo_desktop.services import audit, calendar_service, student_status
from kongchuo_desktop.services.school_setup import SchoolSetup, set_up_school, update_school


def _setup(actor):
    return set_up_school(
        SchoolSetup(
            "测试学校",
            "甲县",
            "乙镇",
            "小学",
            {1: 2, 2: 1},
            dt.date(2026, 9, 1),
            dt.date(2027, 1, 22),
        ),
        actor,
    )


def test_setting_up_a_school_audits_every_row_it_writes(folder, actor):
    _setup(actor)
    written = {
        "school": School.select().count(),
        "school_class": SchoolClass.select().count(),
        "term": Term.select().count(),
        "calendar_day": CalendarDay.select().count(),
    }
    for table, count in written.items():
        inserts = AuditLog.select().where((AuditLog.table == table) & (AuditLog.action == "insert"))
        assert inserts.count() == count, table
    assert {a.actor for a in AuditLog.select()} == {actor}


def test_update_records_only_changed_values_before_and_after(folder, actor):
    _setup(actor)
    update_school("校长甲", name="新名字", county="甲县")
    row = AuditLog.select().where(AuditLog.table == "school", AuditLog.action == "update").get()
    assert row.actor == "校长甲"
    assert row.before == {"name": "测试学校"} and row.after == {"name": "新名字"}
    assert row.row_id == School.get().id
    assert isinstance(row.at, dt.datetime)


def test_an_update_that_changes_nothing_writes_no_audit_row(folder, actor):
    _setup(actor)
    n = AuditLog.select().count()
    update_school(actor, name="测试学校")
    assert AuditLog.select().count() == n


def test_delete_keeps_the_deleted_values(folder, actor):
    calendar_service.set_day(actor, dt.date(2026, 11, 2), DayKind.VACATION, "秋假")
    calendar_service.set_day(actor, dt.date(2026, 11, 2), None)
    row = AuditLog.select().where(AuditLog.action == "delete").get()
    assert row.table == "calendar_day"
    assert row.before["name"] == "秋假" and row.after is None


def test_status_change_audits_history_and_the_cached_status(folder, actor):
    _setup(actor)
    s = audit.create(Student, actor, name="王五", school_class=SchoolClass.select().first())
    student_status.change_status(
        actor,
        s,
        "休学",
        dt.date(2026, 10, 9),
        "病休",
        details={"书面申请": "有", "医疗证明": "县医院"},
    )
    tables = [
        a.table
        for a in AuditLog.select()
        .where(AuditLog.row_id.is_null(False))
        .order_by(AuditLog.id.desc())
        .limit(2)
    ]
    assert sorted(tables) == ["status_change", "student"]
    assert Student.get_by_id(s.id).status == "休学"


def test_settings_writes_are_audited_by_key(folder, actor):
    from kongchuo_desktop import settings
    from kongchuo_desktop.services import settings_store

    key = "escalation.report_hours"
    settings_store.set(key, "72", actor)
    assert settings.get(key) == 72
    row = AuditLog.select().where(AuditLog.table == "setting").get()
    assert row.row_key == key and row.after == {"key": key, "value": 72}
