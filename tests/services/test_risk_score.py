"""易辍生预警 on a school's data: the facts come from the head-count, leave, flags and 学籍 history;
the school's weights in 设置 decide the ranking; the 三包 check asks who needs a helper."""

import datetime as dt

import pytest

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import RiskFlag, StatusChange
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import audit, risk_score, settings_store
from kongchuo_desktop.services.attendance import AbsenceInput
from kongchuo_desktop.settings import SettingError
from tests.demo_school import DEMO_TODAY

DAY = dt.date(2026, 11, 27)  # a Friday


@pytest.fixture
def scored(school, actor):
    """张三: 4 single days 旷课 this term; 李四: 留守儿童; 王五: away without leave Thu and Fri."""
    s, c1 = school["s"], school["c1"]
    for day in (dt.date(2026, 11, d) for d in (2, 9, 16, 23)):
        att.save_class(actor, c1.id, day, [AbsenceInput(s["张三"].id, "旷课", "全天", "")])
    for day in (dt.date(2026, 11, 26), DAY):
        att.save_class(actor, c1.id, day, [AbsenceInput(s["王五"].id, "旷课", "全天", "")])
    audit.create(RiskFlag, actor, student=s["李四"], flag="留守儿童")
    return s


def by_name(rows):
    return {r.name: r for r in rows}


def test_the_ranked_list_says_why_each_child_is_on_it(scored):
    rows = risk_score.scores(DAY)
    assert [(r.rank, r.name, r.score) for r in rows] == [
        (1, "王五", 25),
        (2, "张三", 20),
        (3, "李四", 10),
    ]
    named = by_name(rows)
    assert named["张三"].explanation == "本学期无故缺勤 4 天 +20"
    assert named["王五"].explanation == "目前已连续无故缺勤 2 天 +25"
    assert named["李四"].explanation == "留守儿童 +10"
    assert [(r.text, r.points) for r in named["张三"].reasons] == [("本学期无故缺勤 4 天", 20)]
    assert {r.level for r in rows} == {"中", "低"}
    assert named["王五"].class_name == "七年级1班"


def test_children_with_nothing_against_them_are_left_off_unless_asked(scored):
    assert len(risk_score.scores(DAY)) == 3
    everyone = risk_score.scores(DAY, include_zero=True)
    assert len(everyone) == 15  # on the roll: not the 休学 child
    assert by_name(everyone)["赵六"].explanation == ""


def test_changing_a_weight_in_settings_changes_the_ranking(scored, actor):
    settings_store.set(
        "risk.rules",
        {**risk_score.rules_setting(), "flag:留守儿童": {"on": True, "points": 40}},
        actor,
    )
    assert [r.name for r in risk_score.scores(DAY)] == ["李四", "王五", "张三"]
    assert by_name(risk_score.scores(DAY))["李四"].explanation == "留守儿童 +40"


def test_changing_a_threshold_in_settings_drops_a_reason(scored, actor):
    settings_store.set(
        "risk.rules",
        {
            **risk_score.rules_setting(),
            "unexcused_days": {"on": True, "threshold": 5, "points": 20},
        },
        actor,
    )
    assert "张三" not in by_name(risk_score.scores(DAY))


def test_a_bad_rule_is_refused_and_nothing_saved(scored, actor):
    with pytest.raises(SettingError, match="分值要在0到100之间"):
        settings_store.set("risk.rules", {"flag:留守儿童": {"points": 500}}, actor)
    with pytest.raises(SettingError, match="要低于"):
        settings_store.set_many({"risk.medium_score": 60}, actor)
    assert by_name(risk_score.scores(DAY))["李四"].score == 10


def test_the_helper_levels_decide_who_needs_a_helper(scored, actor):
    assert risk_score.students_needing_helper(DAY) == set()  # nobody 高 by default
    settings_store.set("risk.helper_levels", "高,中", actor)
    assert risk_score.students_needing_helper(DAY) == {scored["王五"].id}
    settings_store.set_many(
        {"risk.high_score": 25, "risk.medium_score": 10, "risk.helper_levels": "高"}, actor
    )
    assert risk_score.students_needing_helper(DAY) == {scored["王五"].id}


def test_leave_and_history_count(school, actor):
    s = school["s"]
    leave = att.request_leave(
        actor, s["赵六"].id, dt.date(2026, 11, 9), dt.date(2026, 11, 20), "病假", "住院", "母亲"
    )
    row = att.leave_row(leave.id)
    while row.next_approver:
        row = att.approve_leave(actor, leave.id, row.next_approver)
    audit.create(StatusChange, actor, student=s["孙丽"], status="转入", date=dt.date(2026, 9, 15))
    audit.create(StatusChange, actor, student=s["周杰"], status="休学", date=dt.date(2025, 3, 2))
    audit.create(StatusChange, actor, student=s["周杰"], status="复学", date=dt.date(2025, 9, 1))
    named = by_name(risk_score.scores(DAY))
    assert named["赵六"].explanation == "本学期请假 10 天 +5"
    assert named["孙丽"].explanation == "2026年9月15日转入，不满 6 个月 +10"
    assert named["周杰"].explanation == "曾休学（2025年3月2日） +25"


def test_one_child_for_the_student_page(scored, school):
    row = risk_score.score_for(scored["张三"].id, DAY)
    assert (row.score, row.level, row.explanation) == (20, "低", "本学期无故缺勤 4 天 +20")
    assert risk_score.score_for(scored["赵六"].id, DAY).score == 0
    suspended = next(s for s in school["c1"].students if s.name == "休学生")
    assert risk_score.score_for(suspended.id, DAY) is None


def test_demo_school_scores_make_sense(demo):
    rows = risk_score.scores(DEMO_TODAY)
    top = rows[0]
    # The child away without a word for the last four school days heads the list.
    assert "目前已连续无故缺勤 4 天 +25" in top.explanation
    assert top.level == "高"
    assert any("长期缺勤" in r.explanation for r in rows[:40])
    # The child back from last spring's 休学, and the one who moved in this term.
    assert any("学困生 +15；曾休学（" in r.explanation for r in rows)
    assert any("转入，不满 6 个月 +10" in r.explanation for r in rows)
    counts = risk_score.level_counts(rows)
    assert counts["高"] >= 1 and counts["中"] >= 5
    assert top.student_id in risk_score.students_needing_helper(DEMO_TODAY)


def test_the_whole_school_is_scored_in_a_fixed_number_of_queries(demo):
    db = current()
    seen = []
    real = db.execute_sql

    def counting(sql, params=None, *a, **kw):
        seen.append(sql)
        return real(sql, params, *a, **kw)

    db.execute_sql = counting
    try:
        rows = risk_score.scores(DEMO_TODAY, include_zero=True)
    finally:
        db.execute_sql = real
    assert len(rows) > 1000
    assert len(seen) < 50  # set-based: a fixed handful, not one query per child (1,200)


def test_a_run_goes_on_through_excused_and_unreported_days_and_ends_at_school(school, actor):
    s, c1 = school["s"], school["c1"]
    wed, thu, fri = dt.date(2026, 11, 25), dt.date(2026, 11, 26), DAY

    def away(*pairs):
        return [AbsenceInput(s[n].id, reason, "全天", "") for n, reason in pairs]

    # 张三: 旷课 Wed, 病假 Thu (excused: neither counts nor breaks), 旷课 Fri → 2 days running.
    # 李四: 旷课 Wed, at school Thu → no run. 王五: 旷课 Wed and Thu; Friday not reported yet.
    # 赵六: 旷课 Wed, then approved leave Thu (not in the head-count), 旷课 Fri → 2 days running.
    att.save_class(
        actor,
        c1.id,
        wed,
        away(("张三", "旷课"), ("李四", "旷课"), ("王五", "旷课"), ("赵六", "旷课")),
    )
    att.save_class(actor, c1.id, thu, away(("张三", "病假"), ("王五", "旷课")))
    leave = att.request_leave(actor, s["赵六"].id, thu, thu, "事假", "奔丧", "父亲")
    row = att.leave_row(leave.id)
    while row.next_approver:
        row = att.approve_leave(actor, leave.id, row.next_approver)
    named = by_name(risk_score.scores(fri))
    assert "目前已连续无故缺勤 2 天 +25" in named["王五"].explanation
    assert "李四" not in named
    att.save_class(actor, c1.id, fri, away(("张三", "旷课"), ("赵六", "旷课")))
    named = by_name(risk_score.scores(fri))
    assert named["张三"].explanation == "目前已连续无故缺勤 2 天 +25"
    assert named["赵六"].explanation == "目前已连续无故缺勤 2 天 +25"
    assert "王五" not in named  # at school on Friday: the run ended (2 days this term: below 3)
