"""A 班主任 acts on the own class only: head-count, leave, cases and contacts of the own
students, and reads the own class's children — another class is refused in Chinese and nothing
of it is changed or shown."""

from __future__ import annotations

import datetime as dt

import pytest

from kongchuo_desktop.db.case_models import Case, CaseContact
from kongchuo_desktop.db.models import AttendanceReport, Student
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, case_contacts, case_ledger, cases, risk_score
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services.case_contacts import ContactInput
from kongchuo_desktop.services.roster_queries import student_card, student_detail, student_rows
from kongchuo_desktop.services.visibility import NotVisible

D = dt.date
FRIDAY = D(2026, 11, 27)


@pytest.fixture
def head(school):
    """王老师, 班主任 of 七年级1班 only."""
    return access.Actor(
        "王老师",
        frozenset({"班主任"}),
        class_ids=frozenset({school["c1"].id}),
        teacher_id=school["head"].id,
    )


def test_class_head_saves_the_own_class_and_not_another(school, head):
    s, c1, c2 = school["s"], school["c1"], school["c2"]
    with access.acting_as(head):
        att.save_class("王老师", c1.id, FRIDAY, [att.AbsenceInput(s["张三"].id, "病假")])
        with pytest.raises(UserError) as err:
            att.save_class("王老师", c2.id, FRIDAY, [att.AbsenceInput(s["刘洋"].id, "旷课")])
    text = str(err.value)
    assert "王老师" in text and "保存点名" in text and "本人所带班级" in text
    saved = {r.school_class_id for r in AttendanceReport.select()}
    assert saved == {c1.id}  # 七年级2班's head-count was not written


def test_class_head_cannot_read_another_class(school, head):
    s, c1, c2 = school["s"], school["c1"], school["c2"]
    with access.acting_as(head):
        assert {r.name for r in att.roll(c1.id)} >= {"张三", "陈红"}
        with pytest.raises(NotVisible) as err:
            att.roll(c2.id)
        assert "七年级2班" in str(err.value) and "本人所带班级" in str(err.value)
        with pytest.raises(NotVisible):
            att.class_absences(c2.id, FRIDAY)
        with pytest.raises(NotVisible, match="不能查看其信息"):
            student_card(s["刘洋"].id)
        with pytest.raises(NotVisible):
            student_detail(s["刘洋"].id)
        assert student_card(s["张三"].id).name == "张三"
        names = {r.name for r in student_rows()}
        classes = [c.name for c in att.class_choices(FRIDAY)]
        overview = [r.name for r in att.day_overview(FRIDAY)]
    assert "刘洋" not in names and {"张三", "李四", "休学生"} <= names
    assert classes == ["七年级1班"] and overview == ["七年级1班"]
    # The office still sees both classes.
    assert {r.name for r in student_rows()} >= {"张三", "刘洋"}


def test_class_head_lists_only_the_own_students_cases_and_risks(school, head, actor):
    s = school["s"]
    cases.open_for_student(actor, s["王五"].id, FRIDAY, note="连续缺席")
    cases.open_for_student(actor, s["马兰"].id, FRIDAY, note="连续缺席")
    for d in (23, 24, 25, 26, 27):
        att.save_class(
            actor, school["c2"].id, D(2026, 11, d), [att.AbsenceInput(s["马兰"].id, "旷课")]
        )
    assert {r.name for r in case_ledger.ledger_rows(today=FRIDAY)} == {"王五", "马兰"}
    assert "马兰" in {r.name for r in risk_score.scores(FRIDAY)}
    with access.acting_as(head):
        assert {r.name for r in case_ledger.ledger_rows(today=FRIDAY)} == {"王五"}
        assert "马兰" not in {r.name for r in risk_score.scores(FRIDAY)}


def test_class_head_records_cases_and_contacts_of_own_students_only(school, head):
    s = school["s"]
    visit = ContactInput(day=FRIDAY, method="电话", met_whom="母亲", cadres="村主任")
    with access.acting_as(head):
        case = cases.open_for_student("王老师", s["王五"].id, FRIDAY, note="劝返")
        case_contacts.add_contact("王老师", visit, case_id=case.id, today=FRIDAY)
        with pytest.raises(UserError, match="登记劝返与个案"):
            cases.open_for_student("王老师", s["马兰"].id, FRIDAY, note="劝返")
        with pytest.raises(UserError, match="登记联系与家访"):
            case_contacts.add_contact("王老师", visit, student_id=s["马兰"].id, today=FRIDAY)
    assert [c.student_id for c in Case.select()] == [s["王五"].id]
    assert [c.student_id for c in CaseContact.select()] == [s["王五"].id]


def test_class_head_changes_no_roster_settings_or_calendar(school, head):
    from kongchuo_desktop.services import calendar_service, settings_store, student_status

    with access.acting_as(head):
        with pytest.raises(UserError, match="修改花名册"):
            student_status.change_status("王老师", school["s"]["张三"].id, "休学", FRIDAY, "病")
        with pytest.raises(UserError, match="修改设置"):
            settings_store.set_many({"cases.no_contact_days": 9}, "王老师")
        with pytest.raises(UserError, match="校历"):
            calendar_service.set_day("王老师", FRIDAY, None)
    assert Student.get_by_id(school["s"]["张三"].id).status == "在校"


def test_class_head_prints_the_own_class_register_and_record_only(school, head):
    from kongchuo_desktop.services import printouts

    with access.acting_as(head):
        register = printouts.weekly_register(FRIDAY)
        assert [c.class_name for c in register.classes] == ["七年级1班"]
        with pytest.raises(NotVisible, match="七年级2班"):
            printouts.weekly_register(FRIDAY, school["c2"].id)
        with pytest.raises(NotVisible):
            printouts.student_record(school["s"]["刘洋"].id, today=FRIDAY)


def test_class_head_sees_the_own_leaves_statistics_and_home_page_lists(school, head, actor):
    from kongchuo_desktop.services import sanbao_rows, struggling

    s, c1, c2 = school["s"], school["c1"], school["c2"]
    for name in ("张三", "刘洋"):
        att.request_leave(actor, s[name].id, FRIDAY, FRIDAY, "病假", "发烧", "母亲")
    for d in (23, 24, 25, 26, 27):
        day = D(2026, 11, d)
        att.save_class(actor, c1.id, day, [att.AbsenceInput(s["李四"].id, "旷课")])
        att.save_class(actor, c2.id, day, [att.AbsenceInput(s["马兰"].id, "旷课")])
    board = att.dashboard(FRIDAY)
    assert {a.student_name for a in board.actions} >= {"李四", "马兰"}
    with access.acting_as(head):
        assert {r.student_name for r in att.leaves()} == {"张三"}
        board = att.dashboard(FRIDAY)
        assert {a.student_name for a in board.actions} == {"李四"}
        assert {r.student_name for r in board.streaks} == {"李四"}
        assert [r.name for r in att.student_rates(c1.id, D(2026, 11, 23), FRIDAY)]
        with pytest.raises(NotVisible, match="七年级2班"):
            att.student_rates(c2.id, D(2026, 11, 23), FRIDAY)
        with pytest.raises(NotVisible):
            struggling.class_rows(c2.id, "2026-2027-1")
        assert [name for _id, name in struggling.class_choices()] == ["七年级1班"]
        assert [c.name for c in sanbao_rows.class_choices(FRIDAY)] == ["七年级1班"]
        assert "刘洋" not in {r.name for r in sanbao_rows.student_rows(FRIDAY)}
        with pytest.raises(NotVisible):
            sanbao_rows.student_rows(FRIDAY, c2.id)
