"""易辍生预警, rule by rule: each criterion below, at and above its threshold, with the exact words
the school reads, and the level lines."""

import dataclasses
import datetime as dt

import pytest

from kongchuo_desktop.domain import risk_rules as rr
from kongchuo_desktop.domain.risk_rules import Level
from kongchuo_desktop.domain.risk_score import StudentFacts, over_age_years, score

DAY = dt.date(2026, 11, 27)


def rules(**changes):
    """The default rules, with {key: {"on"/"threshold"/"points": …}} changed."""
    value = rr.default_rule_setting()
    for key, entry in changes.items():
        value[key] = {**value[key], **entry}
    return rr.rules_from_settings(value, 50, 25, 10.0)


def explain(facts, school_rules=None, day=DAY):
    return score(facts, school_rules or rules(), day).explanation


def facts(**kw):
    return StudentFacts(1, **kw)


def test_nothing_known_scores_zero_and_low():
    s = score(facts(), rules(), DAY)
    assert (s.score, s.level, s.explanation) == (0, Level.LOW, "")


@pytest.mark.parametrize(
    ("days", "text"),
    [(2.5, ""), (3, "本学期无故缺勤 3 天 +20"), (4, "本学期无故缺勤 4 天 +20")],
)
def test_unexcused_days_this_term(days, text):
    assert explain(facts(unexcused_days=days)) == text


@pytest.mark.parametrize(
    ("missed", "text"),
    [
        (5.5, ""),  # 9.2% of 60 school days
        (6, "长期缺勤：本学期缺课 6 天，占上学日 10% +15"),
        (7.5, "长期缺勤：本学期缺课 7.5 天，占上学日 12.5% +15"),
    ],
)
def test_chronic_absence_uses_the_existing_share(missed, text):
    assert explain(facts(missed_days=missed, school_days=60)) == text


def test_chronic_absence_line_is_the_attendance_setting():
    # The same 6 days of 60 are not chronic when the school's line is 12%.
    strict = rr.rules_from_settings(rr.default_rule_setting(), 50, 25, 12.0)
    assert explain(facts(missed_days=6, school_days=60), strict) == ""


@pytest.mark.parametrize(
    ("run", "text"),
    [(1, ""), (2, "目前已连续无故缺勤 2 天 +25"), (5, "目前已连续无故缺勤 5 天 +25")],
)
def test_run_of_unexcused_days_now(run, text):
    assert explain(facts(run_days=run)) == text


@pytest.mark.parametrize(
    ("days", "text"), [(9.5, ""), (10, "本学期请假 10 天 +5"), (12.5, "本学期请假 12.5 天 +5")]
)
def test_leave_days_this_term(days, text):
    assert explain(facts(leave_days=days)) == text


@pytest.mark.parametrize(
    ("flag", "text"),
    [
        ("建档立卡/脱贫户/监测户", "建档立卡/脱贫户/监测户 +10"),
        ("低保", "低保 +10"),
        ("留守儿童", "留守儿童 +10"),
        ("单亲", "单亲 +10"),
        ("孤儿/事实无人抚养", "孤儿/事实无人抚养 +15"),
        ("残疾", "残疾 +10"),
        ("学困生", "学困生 +15"),
        ("厌学", "厌学 +20"),
    ],
)
def test_each_roster_flag_counts_with_its_points(flag, text):
    assert explain(facts(flags=frozenset({flag}))) == text


def test_every_flag_of_the_roster_is_a_rule():
    from kongchuo_desktop.domain.risk_flags import RISK_FLAGS

    assert all(rr.flag_key(f) in rr.BY_KEY for f in RISK_FLAGS)


def test_a_flag_the_rules_do_not_know_scores_nothing():
    assert explain(facts(flags=frozenset({"爱打篮球"}))) == ""


def test_reasons_are_joined_in_the_order_of_the_rules():
    f = facts(unexcused_days=4, flags=frozenset({"留守儿童"}))
    assert explain(f) == "本学期无故缺勤 4 天 +20；留守儿童 +10"
    assert score(f, rules(), DAY).score == 30


@pytest.mark.parametrize(
    ("when", "text"),
    [
        (dt.date(2023, 10, 27), ""),  # 36 months and a month ago
        (dt.date(2023, 11, 27), "曾休学（2023年11月27日） +25"),  # exactly 36 months
        (dt.date(2025, 3, 2), "曾休学（2025年3月2日） +25"),
    ],
)
def test_earlier_suspension_within_the_months(when, text):
    assert explain(facts(past_statuses=(("休学", when),))) == text


def test_earlier_statuses_are_named_each_with_its_latest_date_points_once():
    f = facts(
        past_statuses=(
            ("休学", dt.date(2025, 3, 2)),
            ("疑似辍学", dt.date(2026, 10, 12)),
            ("疑似辍学", dt.date(2026, 5, 6)),
        )
    )
    assert explain(f) == "曾休学（2025年3月2日）、疑似辍学（2026年10月12日） +25"


@pytest.mark.parametrize(
    ("when", "text"),
    [
        (dt.date(2026, 4, 26), ""),  # more than 6 months ago
        (dt.date(2026, 5, 27), "2026年5月27日转入，不满 6 个月 +10"),  # exactly 6 months
        (dt.date(2026, 9, 15), "2026年9月15日转入，不满 6 个月 +10"),
    ],
)
def test_recent_transfer_in(when, text):
    assert explain(facts(transferred_in=when)) == text


@pytest.mark.parametrize(
    ("born", "years", "text"),
    [
        (dt.date(2013, 9, 1), 0, ""),  # 七年级 in 2026-2027: 12 on 31 August 2026
        (dt.date(2013, 8, 31), 1, "比七年级正常年龄大 1 岁 +5"),  # 13 on 31 August
        (dt.date(2012, 3, 1), 2, "比七年级正常年龄大 2 岁 +5"),
    ],
)
def test_over_age_for_the_grade(born, years, text):
    assert over_age_years(born, 7, 2026) == years
    assert explain(facts(birth_date=born, grade=7, year_start=2026)) == text


def test_over_age_threshold_of_two_years():
    two = rules(over_age={"threshold": 2})
    f = facts(birth_date=dt.date(2013, 8, 31), grade=7, year_start=2026)
    assert explain(f, two) == ""
    f = dataclasses.replace(f, birth_date=dt.date(2012, 8, 31))
    assert explain(f, two) == "比七年级正常年龄大 2 岁 +5"


def test_a_rule_switched_off_or_at_zero_points_says_nothing():
    f = facts(unexcused_days=4, flags=frozenset({"留守儿童"}))
    assert explain(f, rules(unexcused_days={"on": False})) == "留守儿童 +10"
    assert explain(f, rules(**{"flag:留守儿童": {"points": 0}})) == "本学期无故缺勤 4 天 +20"


def test_changed_threshold_and_points_change_the_words_and_the_score():
    school = rules(unexcused_days={"threshold": 5, "points": 30})
    assert explain(facts(unexcused_days=4), school) == ""
    assert explain(facts(unexcused_days=5), school) == "本学期无故缺勤 5 天 +30"


@pytest.mark.parametrize(("points", "level"), [(24, "低"), (25, "中"), (49, "中"), (50, "高")])
def test_levels_from_their_lines(points, level):
    school = rules(**{"flag:厌学": {"points": points}})
    assert score(facts(flags=frozenset({"厌学"})), school, DAY).level == level


def test_rule_setting_refuses_what_it_cannot_use():
    assert rr.rule_setting_problem(rr.default_rule_setting()) is None
    assert "没有“nonsense”" in rr.rule_setting_problem({"nonsense": {}})
    assert "分值要在0到100之间" in rr.rule_setting_problem({"unexcused_days": {"points": 101}})
    assert "阈值要在0.5到200天之间" in rr.rule_setting_problem({"unexcused_days": {"threshold": 0}})
    assert "整数" in rr.rule_setting_problem({"flag:低保": {"points": 2.5}})


def test_helper_levels_words():
    assert rr.levels_from_text("高，中") == {Level.HIGH, Level.MEDIUM}
    assert rr.levels_problem("高") is None
    assert "“很高”不是等级" in rr.levels_problem("很高")
    assert rr.levels_problem("") is not None
