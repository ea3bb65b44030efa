import datetime as dt

import pytest

from kongchuo_desktop.db.models import SchoolClass, StatusChange, Student, Teacher
from kongchuo_desktop.services import events
from kongchuo_desktop.services import roster_queries as rq
from kongchuo_desktop.services.school_setup import SchoolSetup, set_up_school
from kongchuo_desktop.services.timeline import timeline
from tests import roster_files as rf
from tests.services.roster_helpers import small_school


@pytest.fixture
def school(folder, actor):
    small_school(actor)
    return SchoolClass.get((SchoolClass.grade == 3) & (SchoolClass.number == 1))


def test_a_transfer_in_is_added_with_its_history(school, actor):
    s = rq.add_student(
        actor,
        name=" 张 三 ",
        class_id=school.id,
        id_number=rf.ID_ZHANG.lower(),
        status="转入",
        date=dt.date(2026, 10, 8),
        reason="随父母返乡",
        from_school="广东某小学",
    )
    assert (s.name, s.sex, s.birth_date, s.name_initials) == ("张三", "男", rf.BORN, "zs")
    change = StatusChange.get(StatusChange.student == s)
    assert (change.status, change.details) == ("转入", {"原学校": "广东某小学"})
    assert [r.name for r in rq.student_rows()] == ["张三"]
    with pytest.raises(rq.RosterError, match="已属于学生张三"):
        rq.add_student(actor, name="李四", class_id=school.id, id_number=rf.ID_ZHANG)
    with pytest.raises(rq.RosterError, match="校验位"):
        rq.add_student(actor, name="王五", class_id=school.id, id_number=rf.ID_ZHAO_BAD)
    with pytest.raises(rq.RosterError, match="至少要填一个"):
        rq.add_student(actor, name="王五", class_id=school.id)
    with pytest.raises(rq.RosterError, match="联系电话“138abc”不是有效的电话号码"):
        rq.add_student(actor, name="王五", class_id=school.id, student_number="L1", phone="138abc")
    with pytest.raises(rq.RosterError, match="原学校"):
        rq.add_student(actor, name="王五", class_id=school.id, student_number="L1", status="转入")


def test_head_teacher_classes_and_teachers(school, actor):
    t = rq.add_teacher(actor, "王老师", subject="语文")
    rq.set_head_teacher(actor, school.id, t.id)
    assert "班主任" in Teacher.get_by_id(t.id).role_list
    row = next(r for r in rq.class_rows() if r.id == school.id)
    assert row.head_teacher == "王老师"
    assert next(r for r in rq.teacher_rows() if r.id == t.id).classes == "三年级1班"
    new = rq.add_class(actor, 3)
    assert new.name == "三年级3班"
    with pytest.raises(rq.RosterError, match="已经存在"):
        rq.add_class(actor, 3, 1)


def test_a_primary_school_cannot_add_a_ninth_grade_class(folder, actor):
    small_school(actor, "小学", per_grade=1)
    with pytest.raises(rq.RosterError, match="本校没有九年级"):
        rq.add_class(actor, 9)
    assert not SchoolClass.select().where(SchoolClass.grade == 9).exists()
    assert rq.add_class(actor, 6).name == "六年级2班"


def test_adding_a_flag_again_without_a_note_keeps_its_note(school, actor):
    s = rq.add_student(actor, name="李四", class_id=school.id, student_number="L9")
    rq.set_risk_flag(actor, s.id, "留守儿童", True, "父母在广东务工")
    rq.set_risk_flag(actor, s.id, "留守儿童", True, "  ")
    assert [(f.flag, f.note) for f in rq.student_detail(s.id).flags] == [
        ("留守儿童", "父母在广东务工")
    ]
    rq.set_risk_flag(actor, s.id, "留守儿童", True, "父亲已返乡，母亲在外")
    assert [f.note for f in rq.student_detail(s.id).flags] == ["父亲已返乡，母亲在外"]


def test_risk_flags_with_notes_and_the_timeline_registry(school, actor, monkeypatch):
    s = rq.add_student(actor, name="李四", class_id=school.id, student_number="L9")
    rq.set_risk_flag(actor, s.id, "留守儿童", True, "父母在广东务工")
    detail = rq.student_detail(s.id)
    assert [(f.flag, f.note) for f in detail.flags] == [("留守儿童", "父母在广东务工")]
    kinds = {e.kind for e in detail.timeline}
    assert {"建档", "班级", "重点学生"} <= kinds
    rq.set_risk_flag(actor, s.id, "留守儿童", False)
    assert rq.student_detail(s.id).flags == []

    # A later feature declares its facts in the event registry; the timeline shows them.
    def visits(q):
        yield events.RawEvent(
            events.EventKind.ABSENCE,
            dt.date(2026, 10, 9),
            s.id,
            events.SourceRef("absence", 1),
            "旷课一天",
        )

    source = events.EventSource(frozenset({events.EventKind.ABSENCE}), visits)
    monkeypatch.setattr(events, "SOURCES", [*events.SOURCES, source])
    assert "旷课一天" in [e.text for e in timeline(Student.get_by_id(s.id))]


def test_a_new_class_can_only_be_in_a_grade_the_school_has(folder, actor):
    assert rq.school_grades() == list(range(1, 10))  # before the school is set up
    set_up_school(
        SchoolSetup("测试学校", "示例县", "示例镇", "初中", {7: 1}, dt.date(2026, 9, 1),
                    dt.date(2027, 1, 22)),
        actor,
    )  # fmt: skip
    assert rq.school_grades() == [7, 8, 9]
