"""三包: 包保 teachers proposed, confirmed and reassigned with dates; the coverage check shows every
child without a confirmed 包保 teacher until someone acts; who was responsible on a past day."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import Assignment, RiskFlag, SchoolClass, Student, Teacher, Term
from kongchuo_desktop.domain.sanbao import GapKind, Role
from kongchuo_desktop.services import audit, coverage, sanbao, settings_store, teachers, villages
from kongchuo_desktop.services.responsibility import responsible_for
from kongchuo_desktop.services.roster_queries import add_student

D = dt.date
SEPT = D(2026, 9, 1)
TODAY = D(2026, 11, 20)


def kinds(day=TODAY, kind=None):
    gaps = coverage.coverage(day)
    return [g for g in gaps if kind is None or g.kind is kind]


def confirm_both(school, actor, day=SEPT):
    head2 = audit.create(Teacher, actor, name="周老师", roles="班主任")
    audit.update(school["c2"], actor, head_teacher=head2)
    sanbao.set_principal(actor, audit.create(Teacher, actor, name="李校长", roles="校长").id, day)
    assert sanbao.confirm_class(actor, school["c1"].id, day) == 10
    assert sanbao.confirm_class(actor, school["c2"].id, day) == 5
    return head2


def test_every_child_is_a_gap_until_the_class_is_confirmed_with_its_head_proposed(school, actor):
    gaps = kinds(kind=GapKind.UNCONFIRMED)
    assert len(gaps) == 15  # 休学 does not count
    first = next(g for g in gaps if g.student_name == "张三")
    assert (first.class_name, first.teacher_name) == ("七年级1班", "王老师")
    assert first.message == "未确认包保教师（建议由班主任王老师包保）"
    assert first.action == "确认本班包保（或改派）"
    assert [g.kind for g in kinds(kind=GapKind.NO_CLASS_HEAD)] == [GapKind.NO_CLASS_HEAD]
    confirm_both(school, actor)
    assert kinds() == [g for g in kinds() if g.kind is GapKind.LETTER_UNSIGNED]
    who = responsible_for([school["s"]["张三"].id], TODAY)[school["s"]["张三"].id]
    assert (who.responsible_name, who.guarantor_confirmed, who.principal.name) == (
        "王老师",
        True,
        "李校长",
    )


def test_a_child_added_by_hand_is_a_gap_until_assigned(school, actor):
    confirm_both(school, actor)
    newcomer = add_student(
        actor, name="新来的", class_id=school["c1"].id, id_number="", student_number="G1234567"
    )
    gaps = kinds(kind=GapKind.UNCONFIRMED)
    assert [g.student_name for g in gaps] == ["新来的"]
    other = audit.create(Teacher, actor, name="赵老师")
    sanbao.assign_students(actor, [newcomer.id], other.id, TODAY)
    assert kinds(kind=GapKind.UNCONFIRMED) == []
    assert responsible_for([newcomer.id], TODAY)[newcomer.id].responsible_name == "赵老师"


def test_a_teacher_who_leaves_turns_their_students_into_gaps(school, actor):
    confirm_both(school, actor)
    teachers.mark_left(actor, school["head"].id, D(2026, 11, 2), today=TODAY)
    left = kinds(kind=GapKind.TEACHER_LEFT)
    assert len(left) == 10 and {g.message for g in left} == {"包保教师王老师已离校"}
    assert left[0].action == "改派包保教师"
    with pytest.raises(sanbao.SanbaoError, match="已登记离校"):
        sanbao.assign_students(actor, [school["s"]["张三"].id], school["head"].id, TODAY)


def test_who_was_responsible_in_october_after_a_november_reassignment(school, actor):
    confirm_both(school, actor)
    child = school["s"]["李四"]
    new = audit.create(Teacher, actor, name="孙老师")
    sanbao.assign_students(actor, [child.id], new.id, D(2026, 11, 9))
    assert responsible_for([child.id], D(2026, 10, 10))[child.id].responsible_name == "王老师"
    assert responsible_for([child.id], D(2026, 11, 9))[child.id].responsible_name == "孙老师"
    rows = list(Assignment.select().where(Assignment.student == child.id).order_by(Assignment.id))
    assert [(r.start_date, r.end_date) for r in rows] == [
        (SEPT, D(2026, 11, 8)),
        (D(2026, 11, 9), None),
    ]
    # the same teacher again on the same day only confirms; another teacher that day replaces
    sanbao.assign_students(actor, [child.id], new.id, D(2026, 11, 9))
    third = audit.create(Teacher, actor, name="钱老师")
    sanbao.assign_students(actor, [child.id], third.id, D(2026, 11, 9))
    assert Assignment.select().where(Assignment.student == child.id).count() == 2
    assert responsible_for([child.id], D(2026, 11, 9))[child.id].responsible_name == "钱老师"


def test_assignments_carried_into_a_new_term_are_listed_for_confirmation(school, actor):
    confirm_both(school, actor)
    audit.create(
        Term,
        actor,
        school_year="2026-2027",
        semester=2,
        start_date=D(2027, 2, 20),
        end_date=D(2027, 7, 5),
    )
    spring = D(2027, 3, 1)
    carried = kinds(spring, GapKind.CARRIED_OVER)
    assert len(carried) == 15
    assert carried[0].message == "王老师包保（2026-09-01确认），新学期需重新确认"
    sanbao.confirm_class(actor, school["c1"].id, spring)
    assert len(kinds(spring, GapKind.CARRIED_OVER)) == 5


def test_an_at_risk_child_needs_a_helper_and_the_helpers_are_named(school, actor):
    confirm_both(school, actor)
    child, mate = school["s"]["王五"], school["s"]["孙丽"]
    # 留守 10 + 厌学 20 + 孤儿 15 + 单亲 10 = 55: level 高, which needs a helper by default.
    for flag in ("留守儿童", "厌学", "孤儿/事实无人抚养", "单亲"):
        audit.create(RiskFlag, actor, student=child, flag=flag)
    gaps = kinds(kind=GapKind.NO_HELPER)
    assert [(g.student_name, g.action) for g in gaps] == [("王五", "指定帮扶教师")]
    helper = audit.create(Teacher, actor, name="帮扶老师")
    sanbao.set_helper(actor, child.id, helper.id, TODAY, helper_student_id=mate.id)
    assert kinds(kind=GapKind.NO_HELPER) == []
    who = responsible_for([child.id], TODAY)[child.id]
    assert ([h.name for h in who.helpers], who.helper_students) == (["帮扶老师"], ("孙丽",))
    assert "帮扶老师" in [t.name for t in who.teachers]
    sanbao.end_helpers(actor, child.id, D(2026, 12, 1))
    assert [g.student_name for g in kinds(D(2026, 12, 1), GapKind.NO_HELPER)] == ["王五"]


def test_a_signed_letter_with_its_scan_closes_the_letter_gap(school, actor, tmp_path):
    head2 = confirm_both(school, actor)
    letters = kinds(kind=GapKind.LETTER_UNSIGNED)
    assert [(g.teacher_name, g.message) for g in letters] == [
        ("王老师", "包保的10名学生未签责任书"),
        ("周老师", "包保的5名学生未签责任书"),
    ]
    scan = tmp_path / "责任书.pdf"
    scan.write_bytes(b"%PDF-1.4 scanned letter")
    letter = sanbao.sign_letter(actor, school["head"].id, D(2026, 9, 10), scan)
    assert [g.teacher_name for g in kinds(kind=GapKind.LETTER_UNSIGNED)] == ["周老师"]
    from kongchuo_desktop.services import attachments

    assert [a.kind for a in attachments.list_for("responsibility_letter", letter.id)] == ["责任书"]
    sanbao.sign_letter(actor, head2.id, D(2026, 9, 10))
    with pytest.raises(sanbao.SanbaoError, match="没有待签责任书"):
        sanbao.sign_letter(actor, head2.id, D(2026, 9, 11))


def test_a_teacher_carrying_far_more_than_the_median_is_a_gap(school, actor):
    confirm_both(school, actor)
    a, b = audit.create(Teacher, actor, name="甲老师"), audit.create(Teacher, actor, name="乙老师")
    ids = [s.id for s in school["s"].values()]
    sanbao.assign_students(actor, ids[10:12], a.id, TODAY)
    sanbao.assign_students(actor, ids[12:14], b.id, TODAY)
    # 王老师 10, 周老师 1, 甲 2, 乙 2: median 2
    over = kinds(kind=GapKind.OVERLOADED)
    assert [(g.teacher_name, g.message) for g in over] == [
        ("王老师", "包保10名学生（全校中位数2名）")
    ]
    settings_store.set("sanbao.overload_factor", 6.0, actor)
    assert kinds(kind=GapKind.OVERLOADED) == []


def test_grade_leaders_are_a_gap_only_where_the_school_uses_them(school, actor):
    confirm_both(school, actor)
    assert kinds(kind=GapKind.NO_GRADE_LEADER) == []
    settings_store.set("sanbao.grade_leaders_used", 1, actor)
    assert [g.message for g in kinds(kind=GapKind.NO_GRADE_LEADER)] == ["七年级没有包年级的校领导"]
    leader = audit.create(Teacher, actor, name="副校长甲", roles="副校长")
    sanbao.set_grade_leader(actor, 7, leader.id, TODAY)
    assert kinds(kind=GapKind.NO_GRADE_LEADER) == []
    child = school["s"]["张三"].id
    assert responsible_for([child], TODAY)[child].grade_leader.name == "副校长甲"


def test_villages_match_addresses_name_the_cadres_and_leave_the_rest_to_pick(school, actor):
    confirm_both(school, actor)
    whole = villages.add_village(actor, "石门村")
    group = villages.add_village(actor, "石门村", "三组")
    villages.set_cadre(actor, whole.id, Role.TOWNSHIP_CADRE, "镇干部甲", SEPT, "13800000001")
    villages.set_cadre(actor, group.id, Role.VILLAGE_CADRE, "村干部乙", SEPT)
    zhang, li = school["s"]["张三"], school["s"]["李四"]
    audit.update(zhang, actor, address="示例镇石门村三组12号")
    audit.update(li, actor, address="县城")
    who = responsible_for([zhang.id], TODAY)[zhang.id]
    assert (who.village, who.township_cadre, who.village_cadre) == (
        "石门村三组",
        "镇干部甲",
        "村干部乙",
    )
    unmatched = kinds(kind=GapKind.NO_VILLAGE)
    assert "李四" in [g.student_name for g in unmatched] and "张三" not in [
        g.student_name for g in unmatched
    ]
    villages.pick_village(actor, li.id, whole.id)
    who = responsible_for([li.id], TODAY)[li.id]
    assert (who.village, who.township_cadre, who.village_cadre) == ("石门村", "镇干部甲", "")
    rows = villages.villages(TODAY)
    assert [(r.label, r.township_cadre, r.village_cadre) for r in rows] == [
        ("石门村", "镇干部甲", ""),
        ("石门村三组", "", "村干部乙"),
    ]


def test_confirming_a_class_without_a_head_says_what_to_do(school, actor):
    with pytest.raises(sanbao.SanbaoError, match="七年级2班没有班主任"):
        sanbao.confirm_class(actor, school["c2"].id, SEPT)
    assert Assignment.select().count() == 0  # nothing half done


def test_the_proposal_and_the_escalation_step_roles_follow_the_settings(school, actor):
    from kongchuo_desktop.domain import escalation as esc
    from kongchuo_desktop.services.responsibility import person_for_step, step_roles

    confirm_both(school, actor)
    child = school["s"]["张三"]
    other = audit.create(Teacher, actor, name="包保甲")
    office = audit.create(Teacher, actor, name="教务甲", roles="教务主任,科任教师")
    sanbao.assign_students(actor, [child.id], other.id, TODAY)
    who = responsible_for([child.id], TODAY)[child.id]
    roles = step_roles()
    assert person_for_step(who, esc.Step.CONTACT, roles)[1] == "包保甲"
    assert person_for_step(who, esc.Step.REPORT, roles) == (who.office, "教务甲")
    assert who.office.id == office.id
    settings_store.set("escalation.role_contact", "班主任", actor)
    assert person_for_step(who, esc.Step.CONTACT, step_roles())[1] == "王老师"
    with pytest.raises(Exception, match="只能填"):
        settings_store.set("escalation.role_report", "门卫", actor)


def test_class_heads_are_unchanged_by_assignment_rows(school, actor):
    confirm_both(school, actor)
    assert SchoolClass.get_by_id(school["c1"].id).head_teacher.name == "王老师"
    assert Student.select().count() == 16


def test_children_added_by_import_are_gaps_until_their_class_is_confirmed(tmp_path, folder, actor):
    from kongchuo_desktop.services import roster_import as ri
    from tests import roster_files as rf
    from tests.services.roster_helpers import small_school

    small_school(actor)
    good = [r for i, r in enumerate(rf.messy_rows(), start=3) if i in rf.GOOD_ROWS]
    ri.apply_plan(
        actor, ri.make_import_plan(ri.read_sheet(rf.write_xlsx(tmp_path / "a.xlsx", good)))
    )
    gaps = kinds(kind=GapKind.UNCONFIRMED)
    assert len(gaps) == Student.select().count() == 5
    head = audit.create(Teacher, actor, name="班主任甲")
    for cid in {g.class_id for g in gaps}:
        audit.update(SchoolClass.get_by_id(cid), actor, head_teacher=head)
        sanbao.confirm_class(actor, cid, TODAY)
    assert kinds(kind=GapKind.UNCONFIRMED) == []
