"""The escalation steps the clerk reads say the school's own numbers, not the defaults."""

import datetime as dt

from kongchuo_desktop.domain.escalation import Step, step_label
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import attendance_rules, settings_store

D = dt.date


def test_labels_name_the_default_numbers(folder):
    rules = attendance_rules.escalation_rules()
    assert step_label(Step.CONTACT, rules) == "联系家长（当天）"
    assert step_label(Step.REPORT, rules) == "报告乡镇政府和教育局（缺席满48小时）"
    assert step_label(Step.WRITTEN_REPORT, rules) == "书面报告教育局，建立台账（连续3天）"
    assert step_label(Step.SUSPECTED_DROPOUT, rules) == "学籍标记为疑似辍学（连续5天）"
    assert step_label(Step.DROPOUT, rules) == "疑似辍学满1个月未返校，标记为辍学"


def test_home_and_headcount_steps_follow_a_changed_setting(school, actor):
    settings_store.set_many(
        {"escalation.contact_school_days": 2, "escalation.suspected_dropout_days": 7}, actor
    )
    wang = school["s"]["王五"]
    for day in (D(2026, 11, 19), D(2026, 11, 20)):
        att.save_class(actor, school["c1"].id, day, [att.AbsenceInput(wang.id, "旷课")])
    labels = [i.label for i in att.escalation_items(D(2026, 11, 24))]
    assert "联系家长（2天内）" in labels
    assert "报告乡镇政府和教育局（缺席满48小时）" in labels
