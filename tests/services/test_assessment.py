"""考核奖惩 on a small hand-built school, rule by rule: a dropout vetoes and deducts for exactly the
teachers responsible when the absence began (not one who took the child over later); a return
rewards the teachers who went, split, and a teacher who skipped a planned visit loses his share;
a lock freezes the term against later events and later rule edits (which still change an open
period, and are audited); `student-status` alone triggers the veto in `assessment --json`."""

import datetime as dt
import json

import openpyxl
import pytest

from kongchuo_desktop.cli import main
from kongchuo_desktop.db.case_models import Case
from kongchuo_desktop.db.models import AuditLog, RiskFlag, Teacher
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import assessment_report as rep
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import (
    audit,
    case_contacts,
    cases,
    sanbao,
    settings_store,
    struggling,
)
from kongchuo_desktop.services.student_status import change_status

D = dt.date
NOW = D(2026, 12, 10)
TERM = "2026-2027-1"
AWAY = [D(2026, 11, d) for d in (16, 17, 18, 19, 20, 23)]


def make_staff(school, actor):
    """李、赵、陈、刘、孙老师 and 张校长 (校长包全校 from the term's first day)."""
    t = {
        n: audit.create(Teacher, actor, name=n, roles="科任教师")
        for n in ("李老师", "赵老师", "张校长", "陈老师", "刘老师", "孙老师")
    }
    t["王老师"] = school["head"]
    sanbao.set_principal(actor, t["张校长"].id, D(2026, 9, 1))
    return t


@pytest.fixture
def staff(school, actor):
    return make_staff(school, actor)


def _by_teacher(report):
    return {t.name: t for t in report.teachers}


def _dropout(actor, school, staff, name="王五"):
    """王五 is away from 11-16 under 李老师; 赵老师 takes him over on 11-25; 辍学 on 11-27."""
    sid = school["s"][name].id
    sanbao.assign_students(actor, [sid], staff["李老师"].id, D(2026, 9, 1))
    for day in AWAY:
        att.save_class(actor, school["c1"].id, day, [att.AbsenceInput(sid, "旷课")], today=NOW)
    change_status(actor, sid, "疑似辍学", D(2026, 11, 23), "连续旷课", today=NOW)
    sanbao.assign_students(actor, [sid], staff["赵老师"].id, D(2026, 11, 25))
    change_status(actor, sid, "辍学", D(2026, 11, 27), "外出务工", today=NOW)
    return sid


def test_a_dropout_vetoes_and_deducts_for_those_responsible_when_the_absence_began(
    school, staff, actor
):
    _dropout(actor, school, staff)
    report = rep.report(TERM, today=NOW)
    hit = _by_teacher(report)
    assert set(hit) == {"李老师", "王老师", "张校长"}  # not 赵老师, who took him over later
    for name in hit:
        assert hit[name].veto and hit[name].amount == -500 and hit[name].points == -10
    (entry,) = report.of_teacher(staff["李老师"].id)
    assert "王五" in entry.text and "缺勤从2026年11月16日开始" in entry.text
    assert "包保教师" in entry.text and entry.source_table == "status_change"
    assert entry.effect == "-10分，绩效-500元，一票否决（本学年不得评优评先）"
    assert not any(t.proposed for t in report.teachers)  # a vetoed head is never proposed


def test_without_absences_the_day_marked_suspected_decides(school, staff, actor):
    sid = school["s"]["李四"].id
    sanbao.assign_students(actor, [sid], staff["李老师"].id, D(2026, 9, 1))
    change_status(actor, sid, "疑似辍学", D(2026, 11, 2), "开学未报到", today=NOW)
    sanbao.assign_students(actor, [sid], staff["赵老师"].id, D(2026, 11, 10))
    change_status(actor, sid, "辍学", D(2026, 12, 3), "满一个月未返", today=NOW)
    hit = _by_teacher(rep.report(TERM, today=NOW))
    assert "李老师" in hit and "赵老师" not in hit
    (entry,) = rep.report(TERM, today=NOW).of_teacher(staff["李老师"].id)
    assert "2026年11月02日标为疑似辍学" in entry.text


def _return(actor, school, staff):
    """张三's case: a visit planned for 陈、刘、孙 where only 陈、刘 went, then one by 陈; 已复学."""
    sid = school["s"]["张三"].id
    change_status(actor, sid, "疑似辍学", D(2026, 11, 2), "连续旷课", today=NOW)
    case = Case.get(Case.student == sid)  # opened by the 疑似辍学 mark
    planned = case_contacts.add_contact(
        actor,
        case_contacts.ContactInput(
            D(2026, 11, 5),
            planned=(staff["陈老师"].id, staff["刘老师"].id, staff["孙老师"].id),
            done=False,
        ),
        case_id=case.id,
        today=D(2026, 11, 3),
    )
    case_contacts.record_planned(
        actor,
        planned.id,
        case_contacts.ContactInput(
            D(2026, 11, 5), went=(staff["陈老师"].id, staff["刘老师"].id), outcome="家长同意"
        ),
        today=NOW,
    )
    case_contacts.add_contact(
        actor,
        case_contacts.ContactInput(D(2026, 11, 9), went=(staff["陈老师"].id,), outcome="送回"),
        case_id=case.id,
        today=NOW,
    )
    cases.close_case(actor, case.id, D(2026, 11, 10), "已复学", "原年级")
    return case


def test_a_return_rewards_the_teachers_who_went_split_and_the_skipper_loses_his_share(
    school, staff, actor
):
    case = _return(actor, school, staff)
    report = rep.report(TERM, today=NOW)
    hit = _by_teacher(report)
    # 10 分 / 300 元 by two, and +1 each for the planned visit they went on (按计划完成家访)
    assert (hit["陈老师"].points, hit["陈老师"].amount) == (6, 150)
    assert (hit["刘老师"].points, hit["刘老师"].amount) == (6, 150)
    assert (hit["孙老师"].points, hit["孙老师"].amount) == (-2, 0)  # no share, and the skip
    (reward,) = [e for e in report.of_teacher(staff["陈老师"].id) if e.rule == "return"]
    assert "张三" in reward.text and f"个案{case.id}" in reward.text
    assert "孙老师计划参加却未去，其份额归去了的教师" in reward.text
    (skip,) = report.of_teacher(staff["孙老师"].id)
    assert skip.rule == "visit_skipped" and skip.source_table == "case_contact"
    assert "张三" in skip.text and "陈老师、刘老师" in skip.text
    (done,) = [e for e in report.of_teacher(staff["刘老师"].id) if e.rule == "visit_done"]
    assert done.points == 1 and "按计划去了（同去：陈老师）" in done.text


def test_a_lock_freezes_the_term_and_later_events_do_not_change_it(school, staff, actor):
    _return(actor, school, staff)
    before = rep.report(TERM, today=NOW)
    locked = rep.lock(actor, TERM, today=NOW)
    assert locked.locked_on == NOW and locked.teachers == before.teachers
    _dropout(actor, school, staff)  # recorded after the lock, dated inside the term
    after = rep.report(TERM, today=NOW)
    assert after.teachers == before.teachers and "李老师" not in _by_teacher(after)
    with pytest.raises(UserError, match="已于2026年12月10日"):
        rep.add_adjustment(actor, TERM, staff["陈老师"].id, "补记", points=1)
    # The year is still open: it sees the dropout.
    assert "李老师" in _by_teacher(rep.report("2026-2027", today=NOW))


def test_a_rule_edited_after_the_lock_changes_open_periods_only_and_is_audited(
    school, staff, actor
):
    _return(actor, school, staff)
    rep.lock(actor, TERM, today=NOW)
    rules = rep.current_rules()
    value = {
        r.key: {
            "on": r.on,
            "points": r.points,
            "amount": r.amount,
            "veto": r.veto,
            "whom": list(r.whom),
        }
        for r in rules
    }
    value["return"]["amount"] = 1000
    settings_store.set("assessment.rules", value, actor)
    assert _by_teacher(rep.report(TERM, today=NOW))["陈老师"].amount == 150
    assert _by_teacher(rep.report("2026-2027", today=NOW))["陈老师"].amount == 500
    logged = AuditLog.select().where(AuditLog.row_key == "assessment.rules")
    assert any(row.after and "1000" in json.dumps(row.after) for row in logged)


def test_the_principal_adjusts_with_a_reason_and_it_is_an_entry(school, staff, actor):
    with pytest.raises(UserError, match="理由"):
        rep.add_adjustment(actor, TERM, staff["陈老师"].id, " ", points=3)
    rep.add_adjustment(actor, TERM, staff["陈老师"].id, "劝返材料整理完整", points=3, day=NOW)
    report = rep.report(TERM, today=NOW)
    (entry,) = report.of_teacher(staff["陈老师"].id)
    assert entry.rule_label == "校长调整" and "劝返材料整理完整" in entry.text
    year = rep.report("2026-2027", today=NOW)  # the year holds its terms' adjustments
    assert [e.rule_label for e in year.of_teacher(staff["陈老师"].id)] == ["校长调整"]


def test_a_class_head_with_points_and_no_veto_is_proposed(school, staff, actor):
    rep.add_adjustment(actor, TERM, school["head"].id, "本学期劝返两名学生", points=8, day=NOW)
    report = rep.report(TERM, today=NOW)
    assert [t.name for t in report.teachers if t.proposed] == ["王老师"]


def test_student_status_alone_shows_a_veto_in_assessment_json(
    school, staff, actor, folder, capsys, tmp_path
):
    sid = school["s"]["赵六"].id
    sanbao.assign_students(actor, [sid], staff["李老师"].id, D(2026, 9, 1))
    audit.update(school["s"]["赵六"], actor, student_number="G123")
    if dt.date.today() < D(2026, 11, 20):  # student-status refuses a date still to come
        pytest.skip("the status changes below are dated 2026-11; the computer's date is earlier")
    args = ["--data-dir", str(folder.path)]
    assert (
        main(
            [
                *args,
                "student-status",
                "--id",
                "G123",
                "--set",
                "疑似辍学",
                "--date",
                "2026-11-02",
                "--reason",
                "未到校",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                *args,
                "student-status",
                "--id",
                "G123",
                "--set",
                "辍学",
                "--date",
                "2026-11-20",
                "--reason",
                "外出务工",
            ]
        )
        == 0
    )
    capsys.readouterr()
    out = tmp_path / "考核.xlsx"
    assert main([*args, "assessment", "--term", TERM, "--json", "--out", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    li = next(t for t in data["teachers"] if t["name"] == "李老师")
    assert li["一票否决"] is True
    (entry,) = li["entries"]
    assert "赵六" in entry["text"] and entry["veto"] and entry["rule_label"] == "所负责的学生辍学"
    sheet = openpyxl.load_workbook(out).active
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("赵六" in t for t in texts)


def test_naming_the_bottom_fifth_sets_the_flag_and_a_move_up_earns_the_class_head_points(
    school, staff, actor
):
    c1, s = school["c1"], school["s"]
    with pytest.raises(UserError, match="后20%最多2人，选了3人"):
        struggling.name_struggling(
            actor, c1.id, [s["张三"].id, s["李四"].id, s["孙丽"].id], D(2026, 9, 5)
        )
    struggling.name_struggling(actor, c1.id, [s["张三"].id, s["李四"].id], D(2026, 9, 5))
    assert {f.student.name for f in RiskFlag.select().where(RiskFlag.flag == "学困生")} == {
        "张三",
        "李四",
    }
    struggling.name_struggling(actor, c1.id, [s["张三"].id], D(2026, 9, 6))  # 李四 removed
    assert not RiskFlag.select().where(RiskFlag.student == s["李四"].id).exists()
    struggling.mark_progress(actor, s["张三"].id, TERM, D(2027, 1, 15))
    assert not RiskFlag.select().where(RiskFlag.student == s["张三"].id).exists()
    end = D(2027, 1, 20)
    (entry,) = rep.report(TERM, today=end).of_teacher(school["head"].id)
    assert entry.points == 2 and "张三" in entry.text and "进入班级前80%" in entry.text


def test_a_lost_student_voids_the_class_s_struggling_points(school, staff, actor):
    s = school["s"]
    struggling.name_struggling(actor, school["c1"].id, [s["张三"].id], D(2026, 9, 5))
    struggling.mark_progress(actor, s["张三"].id, TERM, D(2027, 1, 15))
    _dropout(actor, school, staff)  # 王五, also of 七年级1班
    entries = rep.report(TERM, today=D(2027, 1, 20)).of_teacher(school["head"].id)
    (voided,) = [e for e in entries if e.rule == "struggling_up"]
    assert voided.points == 0 and "王五" in voided.text and "作废" in voided.text
