"""合并重复档案: two records of one child, each with a real history, become one — absences, leave,
学籍变动, escalation steps, memberships, guardians, flags, files and 转出手续 of both — with the kept
record's values winning, what cannot be doubled resolved or refused, audited and in the event
record as 合并档案."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import (
    Absence,
    Attachment,
    AuditLog,
    Enrollment,
    EscalationAction,
    Guardian,
    LeaveRequest,
    RiskFlag,
    StatusChange,
    Student,
)
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import audit, membership, roster_queries
from kongchuo_desktop.services import transfer_procedure as tp
from kongchuo_desktop.services.events import EventKind, events_between
from kongchuo_desktop.services.student_merge import MergeError, merge_preview, merge_students
from kongchuo_desktop.services.student_status import change_status

D = dt.date
NOW = D(2026, 11, 27)


@pytest.fixture
def twins(school, actor):
    """张三 in 七年级1班 since September (the record to keep), and a second record of the same
    child typed in 七年级2班 from 11月02日 with an ID number, both with histories."""
    c1, c2 = school["c1"], school["c2"]
    keep = school["s"]["张三"]
    audit.update(keep, actor, phone="13812345678", ethnicity="汉族")
    audit.create(Guardian, actor, student=keep, name="张大山", relation="父亲", sort_order=1)
    roster_queries.set_risk_flag(actor, keep.id, "留守儿童", True, "父母在广东")
    att.save_class(actor, c1.id, D(2026, 10, 12), [att.AbsenceInput(keep.id, "病假")], today=NOW)
    att.save_class(actor, c1.id, D(2026, 11, 3), [att.AbsenceInput(keep.id, "事假")], today=NOW)
    leave = att.request_leave(
        actor, keep.id, D(2026, 10, 20), D(2026, 10, 20), "事假", "走亲戚", "父亲"
    )
    att.approve_leave(actor, leave.id, "班主任")
    change_status(
        actor,
        keep,
        "休学",
        D(2026, 10, 8),
        "因病",
        details={"书面申请": "有", "医疗证明": "县医院"},
        today=NOW,
    )
    change_status(actor, keep, "复学", D(2026, 10, 19), "病愈", today=NOW)

    other = audit.create(
        Student,
        actor,
        name="张三",
        id_number="520102201301010013",
        phone="13900000000",
        address="青山镇下寨村",
        school_class=c2,
    )
    membership.place(actor, other, c2, D(2026, 11, 2), today=NOW)
    audit.create(
        Guardian, actor, student=other, name="张大山", relation="父亲", phone="13911112222"
    )
    audit.create(Guardian, actor, student=other, name="李秀英", relation="母亲", works_away=True)
    roster_queries.set_risk_flag(actor, other.id, "留守儿童", True, "另一份的说明")
    roster_queries.set_risk_flag(actor, other.id, "单亲", True)
    for day in (D(2026, 11, 3), D(2026, 11, 16), D(2026, 11, 17)):
        reason = "事假" if day == D(2026, 11, 3) else "旷课"
        att.save_class(actor, c2.id, day, [att.AbsenceInput(other.id, reason)], today=NOW)
    step = next(i for i in att.escalation_items(D(2026, 11, 17)) if i.student_id == other.id)
    att.mark_done(actor, step, "电话联系了母亲", day=D(2026, 11, 17))
    audit.create(
        Attachment,
        actor,
        sha256="ab" * 32,
        ext=".jpg",
        size=10,
        kind="照片",
        owner_table="student",
        owner_id=other.id,
    )
    change_status(actor, other, "疑似辍学", D(2026, 11, 18), "连续旷课", today=NOW)
    tp.start(actor, other.id, "随母亲外出", D(2026, 11, 20), "母亲李秀英", today=NOW)
    return keep, other


def test_the_preview_shows_both_records_and_which_values_win(twins):
    keep, other = twins
    p = merge_preview(keep.id, other.id)
    assert p.refusals == ()
    assert (p.keep.class_name, p.other.class_name) == ("七年级1班", "七年级2班")
    assert p.keep.counts["学籍变动"] == 2 and p.other.counts["缺勤"] == 3
    assert p.other.counts["上报处理"] == 1 and p.other.counts["附件"] == 1
    assert p.other.counts["转出手续"] == 1 and p.other.guardians == ("父亲张大山", "母亲李秀英")
    fields = {label: (mine, theirs, result) for label, mine, theirs, result in p.fields}
    assert fields["联系电话"] == ("13812345678", "13900000000", "13812345678")  # kept's wins
    assert fields["身份证件号"] == ("", "520102201301010013", "520102201301010013")
    assert fields["现住址"][2] == "青山镇下寨村"
    assert p.class_after == "七年级1班" and p.status_after == "疑似辍学"
    assert any("1条缺勤两份档案都有" in n for n in p.notes)
    assert any("另一份档案的编班：七年级2班（自2026-11-02），保留为已撤销" in n for n in p.notes)
    assert any(
        "有1天（2026-11-03）两份档案分别在两个班的点名中各算了一次应到" in n for n in p.notes
    )


def test_merging_keeps_the_history_of_both_under_one_record(twins, actor):
    keep, other = twins
    merged = merge_students(actor, keep.id, other.id)
    assert Student.get_or_none(Student.id == other.id) is None
    assert (merged.phone, merged.id_number, merged.address) == (
        "13812345678",
        "520102201301010013",
        "青山镇下寨村",
    )
    assert merged.school_class_id == keep.school_class_id and merged.status == "疑似辍学"
    days = [
        (a.date, a.reason)
        for a in Absence.select().where(Absence.student == keep.id).order_by(Absence.date)
    ]
    assert days == [
        (D(2026, 10, 12), "病假"),
        (D(2026, 11, 3), "事假"),
        (D(2026, 11, 16), "旷课"),
        (D(2026, 11, 17), "旷课"),
    ]
    assert LeaveRequest.select().where(LeaveRequest.student == keep.id).count() == 1
    assert StatusChange.select().where(StatusChange.student == keep.id).count() == 3
    assert EscalationAction.select().where(EscalationAction.student == keep.id).count() == 1
    assert tp.open_procedure(keep.id) is not None
    assert [f.flag for f in RiskFlag.select().where(RiskFlag.student == keep.id)] == [
        "留守儿童",
        "单亲",
    ]
    assert RiskFlag.get(student=keep.id, flag="留守儿童").note == "父母在广东"
    guardians = Guardian.select().where(Guardian.student == keep.id).order_by(Guardian.sort_order)
    assert [(g.name, g.relation) for g in guardians] == [("张大山", "父亲"), ("李秀英", "母亲")]
    assert Attachment.get(owner_table="student", owner_id=keep.id).kind == "照片"
    moved = Enrollment.get(student=keep.id, school_class=other.school_class_id)
    assert moved.withdrawn_at is not None  # the other class stays readable, struck through
    assert membership.classes_on([keep.id], D(2026, 11, 20))[keep.id] == keep.school_class_id

    line = AuditLog.get(table="student", action="merge")
    assert line.row_id == keep.id
    assert line.before["merged"]["id_number"] == "520102201301010013"
    assert line.after["id_number"] == "520102201301010013"
    events = events_between(None, None, students=[keep.id], include_withdrawn=True, today=NOW)
    merge = [e for e in events if e.kind is EventKind.MERGED]
    assert len(merge) == 1 and "七年级2班" in merge[0].text and "档案" in merge[0].text
    kinds = {e.kind for e in events}
    assert {
        EventKind.ABSENCE,
        EventKind.LEAVE,
        EventKind.STATUS_CHANGE,
        EventKind.STEP_DONE,
        EventKind.TRANSFER_STEP,
    } <= kinds


def test_different_absences_on_one_day_refuse_the_merge_and_nothing_changes(twins, actor, school):
    keep, other = twins
    att.save_class(
        actor, school["c2"].id, D(2026, 10, 12), [att.AbsenceInput(other.id, "旷课")], today=NOW
    )
    p = merge_preview(keep.id, other.id)
    assert p.refusals and "2026-10-12（保留的档案：全天病假；另一份：全天旷课）" in p.refusals[0]
    with pytest.raises(MergeError, match="同一天两份档案的缺勤记录不同"):
        merge_students(actor, keep.id, other.id)
    assert Student.get_by_id(other.id).name == "张三"
    assert Absence.select().where(Absence.student == other.id).count() == 4


def test_histories_that_do_not_fit_together_refuse_the_merge(school, actor):
    a, b = school["s"]["李四"], school["s"]["王五"]
    change_status(
        actor,
        a,
        "休学",
        D(2026, 10, 8),
        "因病",
        details={"书面申请": "有", "医疗证明": "有"},
        today=NOW,
    )
    change_status(
        actor,
        b,
        "休学",
        D(2026, 10, 9),
        "因病",
        details={"书面申请": "有", "医疗证明": "有"},
        today=NOW,
    )
    with pytest.raises(MergeError, match="合在一起不成立"):
        merge_students(actor, a.id, b.id)
    with pytest.raises(MergeError, match="另一份档案"):
        merge_preview(a.id, a.id)
