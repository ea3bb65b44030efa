"""学年升级: classes move up, the top grade graduates, 六年级 moves on whole, old years stay."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import Enrollment, SchoolClass, StatusChange, Student
from kongchuo_desktop.services import calendar_service, roster_queries
from kongchuo_desktop.services import school_year_rollover as ry
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.membership import enrolment_row
from kongchuo_desktop.services.student_status import change_status
from kongchuo_desktop.services.timeline import timeline
from tests.services.roster_helpers import small_school

# The small school's only term of 2026-2027 ends 2027-01-20; 学年升级 runs after it.
AFTER_THE_YEAR = dt.date(2027, 7, 15)


def _student(actor, name, cls, idn):
    from kongchuo_desktop.services import audit

    s = audit.create(Student, actor, name=name, school_class=cls, student_number=idn)
    audit.create(Enrollment, actor, **enrolment_row(s.id, cls))
    return s


@pytest.fixture
def school(folder, actor):
    small_school(actor, "九年一贯制", per_grade=1)
    classes = {c.grade: c for c in SchoolClass.select()}
    people = {
        "六年级生": _student(actor, "六年级生", classes[6], "L1"),
        "九年级生": _student(actor, "九年级生", classes[9], "L2"),
        "九年级休学": _student(actor, "九年级休学", classes[9], "L3"),
        "一年级生": _student(actor, "一年级生", classes[1], "L4"),
        "已转出": _student(actor, "已转出", classes[3], "L5"),
        "延缓入学": _student(actor, "延缓入学", classes[1], "L6"),
    }
    change_status(
        actor,
        people["延缓入学"],
        "延缓入学",
        dt.date(2026, 9, 1),
        "体弱",
        details={"书面申请": "家长"},
        until=dt.date(2027, 8, 31),
    )
    change_status(
        actor,
        people["九年级休学"],
        "休学",
        dt.date(2026, 10, 8),
        "生病",
        details={"书面申请": "家长", "医疗证明": "县医院"},
    )
    change_status(
        actor,
        people["已转出"],
        "转出",
        dt.date(2026, 10, 9),
        "随父母外出",
        details={"书面申请": "有", "班主任意见": "同意", "接收学校": "广东某小学"},
        approved_by="李副校长",
    )
    return classes, people


def test_the_plan_says_what_will_happen_before_anything_changes(school):
    plan = ry.plan_rollover(today=AFTER_THE_YEAR)
    assert (plan.from_year, plan.to_year) == ("2026-2027", "2027-2028")
    steps = {s.old_name: s for s in plan.promoted}
    assert (
        steps["六年级1班"].new_name == "七年级1班" and steps["六年级1班"].note == "小升初整班移交"
    )
    assert [s.old_name for s in plan.graduating] == ["九年级1班"]
    assert plan.graduates == 1
    assert plan.not_graduating == [("九年级休学", "九年级1班", "休学")]
    assert plan.new_classes == ["一年级1班"]
    assert plan.held_back == [("延缓入学", "一年级1班", "一年级1班")]
    assert any("小升初" in line for line in plan.lines())
    assert SchoolClass.select().where(SchoolClass.school_year == "2027-2028").count() == 0


def test_rollover_moves_up_graduates_and_keeps_the_old_year(school, actor, folder):
    classes, people = school
    result = ry.apply_rollover(actor, ry.plan_rollover(today=AFTER_THE_YEAR), folder=folder)
    assert result["graduated"] == 1
    assert current_school_year() == "2027-2028"
    new = {c.name: c for c in SchoolClass.select().where(SchoolClass.school_year == "2027-2028")}
    assert set(new) == {
        f"{g}1班"
        for g in (
            "一年级",
            "二年级",
            "三年级",
            "四年级",
            "五年级",
            "六年级",
            "七年级",
            "八年级",
            "九年级",
        )
    }
    assert [s.name for s in new["一年级1班"].students] == ["延缓入学"]  # starts next year
    six = Student.get_by_id(people["六年级生"].id)
    assert six.school_class.name == "七年级1班" and six.school_class.school_year == "2027-2028"
    one = Student.get_by_id(people["一年级生"].id)
    assert one.school_class.name == "二年级1班"
    nine = Student.get_by_id(people["九年级生"].id)
    assert nine.status == "毕业" and nine.school_class.id == classes[9].id
    gone = Student.get_by_id(people["已转出"].id)
    assert gone.school_class.id == classes[3].id  # stays where it was
    # the old year is intact and readable
    old = SchoolClass.select().where(SchoolClass.school_year == "2026-2027")
    assert old.count() == 9 and all(c.archived for c in old)
    years = [e.school_year for e in Enrollment.select().where(Enrollment.student == six)]
    assert years == ["2026-2027", "2027-2028"]
    assert [r.name for r in roster_queries.class_rows("2026-2027")][:1] == ["一年级1班"]
    assert StatusChange.select().where(StatusChange.status == "休学").count() == 1
    assert calendar_service.term_containing(dt.date(2027, 9, 1)).school_year == "2027-2028"
    texts = [e.text for e in timeline(six)]
    assert "2026-2027学年在六年级1班" in texts and "2027-2028学年在七年级1班" in texts
    assert list((folder.backups / "events").glob("*before-rollover*"))
    # the 休学 ninth-grader is still listed for the office, in the old class
    rows = {r.name: r for r in roster_queries.student_rows()}
    assert "九年级休学" in rows and "2026-2027" in rows["九年级休学"].class_name
    assert "九年级生" not in rows
    # an earlier year still lists its classes as they were
    old_rows = {r.name: r.class_name for r in roster_queries.student_rows("2026-2027")}
    assert old_rows["六年级生"] == "六年级1班" and old_rows["九年级生"] == "九年级1班"


def test_the_same_plan_cannot_be_applied_twice(school, actor):
    plan = ry.plan_rollover(today=AFTER_THE_YEAR)
    ry.apply_rollover(actor, plan)
    with pytest.raises(ry.RolloverError, match="重新查看"):
        ry.apply_rollover(actor, plan)
    assert SchoolClass.select().where(SchoolClass.school_year == "2028-2029").count() == 0


def test_a_primary_school_graduates_sixth_grade(folder, actor):
    small_school(actor, "小学", per_grade=1)
    six = SchoolClass.get(SchoolClass.grade == 6)
    s = _student(actor, "小明", six, "L9")
    plan = ry.plan_rollover(today=AFTER_THE_YEAR)
    assert [g.old_name for g in plan.graduating] == ["六年级1班"]
    ry.apply_rollover(actor, plan)
    assert Student.get_by_id(s.id).status == "毕业"


def test_rollover_is_refused_before_the_last_term_of_the_year_ends(school, actor):
    from kongchuo_desktop.services.calendar_service import save_term

    save_term(actor, "2026-2027", 2, dt.date(2027, 2, 20), dt.date(2027, 7, 10))
    with pytest.raises(ry.RolloverError) as refused:
        ry.plan_rollover(today=dt.date(2026, 11, 28))  # the first term of 2026-2027
    assert str(refused.value) == (
        "2026-2027学年还没有结束：第二学期到2027-07-10才结束。"
        "学年升级请在本学年最后一个学期结束后（暑假）进行。"
    )
    with pytest.raises(ry.RolloverError, match="第二学期到2027-07-10才结束"):
        ry.plan_rollover(today=dt.date(2027, 7, 9))
    assert SchoolClass.select().where(SchoolClass.school_year == "2027-2028").count() == 0
    assert Student.get(Student.name == "九年级生").status == "在校"


def test_graduation_is_dated_the_last_day_of_the_year_and_never_in_the_future(school, actor):
    from kongchuo_desktop.services.calendar_service import save_term

    save_term(actor, "2026-2027", 2, dt.date(2027, 2, 20), dt.date(2027, 7, 10))
    plan = ry.plan_rollover(today=dt.date(2027, 7, 20))
    assert plan.graduation_date == dt.date(2027, 7, 10)
    with pytest.raises(ry.RolloverError, match="毕业日期 2027-07-21 晚于今天"):
        ry.plan_rollover(graduation_date=dt.date(2027, 7, 21), today=dt.date(2027, 7, 20))
    plan.graduation_date = dt.date(2027, 8, 31)  # changed after planning
    with pytest.raises(ry.RolloverError, match="晚于今天"):
        ry.apply_rollover(actor, plan)
    ry.apply_rollover(actor, ry.plan_rollover(today=dt.date(2027, 7, 20)))
    nine = Student.get(Student.name == "九年级生")
    assert nine.status == "毕业"
    assert StatusChange.get(StatusChange.student == nine).date == dt.date(2027, 7, 10)


def test_the_new_class_counts_from_the_first_day_of_the_new_term(school, actor, folder):
    from kongchuo_desktop.services import membership
    from kongchuo_desktop.services.responsibility import responsible_for

    classes, people = school
    plan = ry.plan_rollover(today=AFTER_THE_YEAR)
    ry.apply_rollover(actor, plan, folder=folder)
    six = people["六年级生"].id
    new = Student.get_by_id(six).school_class_id
    the_eve = plan.term_start - dt.timedelta(days=1)
    assert membership.class_on(six, the_eve) == classes[6].id
    assert membership.class_on(six, plan.term_start) == new
    assert responsible_for([six], the_eve)[six].class_name == "六年级1班"
    assert responsible_for([six], plan.term_start)[six].class_name == "七年级1班"


def test_baobao_teachers_carry_over_into_the_new_classes_listed_for_confirmation(
    school, actor, folder
):
    from kongchuo_desktop.db.models import Teacher
    from kongchuo_desktop.domain.sanbao import GapKind
    from kongchuo_desktop.services import audit, coverage, sanbao
    from kongchuo_desktop.services.responsibility import responsible_for

    _classes, people = school
    teacher = audit.create(Teacher, actor, name="包保老师")
    child = people["六年级生"]
    sanbao.assign_students(actor, [child.id], teacher.id, dt.date(2026, 9, 1))
    ry.apply_rollover(actor, ry.plan_rollover(today=AFTER_THE_YEAR), folder=folder)
    carried = [g for g in coverage.coverage(AFTER_THE_YEAR) if g.student_id == child.id]
    assert [(g.kind, g.class_name, g.teacher_name) for g in carried] == [
        (GapKind.CARRIED_OVER, "七年级1班", "包保老师")
    ]
    assert responsible_for([child.id], AFTER_THE_YEAR)[child.id].responsible_name == "包保老师"
    sanbao.confirm_class(actor, Student.get_by_id(child.id).school_class_id, AFTER_THE_YEAR)
    assert [g for g in coverage.coverage(AFTER_THE_YEAR) if g.student_id == child.id] == []
