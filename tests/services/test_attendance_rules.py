"""The head-count rules refuse values that would silently switch escalation off."""

import pytest

from kongchuo_desktop import settings
from kongchuo_desktop.services import attendance_rules, settings_store

BAD = [
    (
        {"attendance.unexcused_reasons": "无故缺席"},
        "“计为无故缺席的缺勤原因”里的“无故缺席”不是可选的原因；可填：旷课、其他",
    ),
    ({"attendance.unexcused_reasons": "旷课，病假"}, "“病假”不是可选的原因"),
    ({"attendance.unexcused_reasons": " , "}, "“计为无故缺席的缺勤原因”不能为空"),
    (
        {"escalation.written_report_days": 0},
        "“连续无故缺席几个上学日后书面报告并建立台账”至少为1（填的是0；填0会关掉这一步上报）",
    ),
    ({"escalation.suspected_dropout_days": 0}, "“连续无故缺席几个上学日后标记为疑似辍学”至少为1"),
    ({"escalation.dropout_months": 0}, "“疑似辍学几个月未返校标记为辍学”至少为1"),
    (
        {"leave.class_head_max_days": 6},  # the 教务处 may approve up to 5
        "“班主任可批准的请假天数（上学日，含）”（6天）不能多于"
        "“教务处可批准的请假天数（超过则需校长批准）”（5天）",
    ),
    ({"leave.class_head_max_days": 3, "leave.office_max_days": 2}, "不能多于"),
    ({"escalation.contact_school_days": -1}, "不能小于0"),
    ({"attendance.chronic_absence_percent": 0}, "长期缺勤预警线"),
]


@pytest.mark.parametrize(("values", "message"), BAD, ids=[str(v) for v, _ in BAD])
def test_a_value_that_switches_escalation_off_is_refused(folder, actor, values, message):
    before = attendance_rules.escalation_rules(), attendance_rules.leave_rules()
    ok = {"escalation.report_hours": 72}  # a good value in the same save is not kept either
    with pytest.raises(settings.SettingError) as exc:
        settings_store.set_many({**ok, **values}, actor)
    assert message in str(exc.value)
    assert (attendance_rules.escalation_rules(), attendance_rules.leave_rules()) == before


def test_allowed_values_are_saved(folder, actor):
    settings_store.set_many(
        {
            "attendance.unexcused_reasons": "旷课、其他",
            "escalation.suspected_dropout_days": 7,
            "leave.class_head_max_days": 5,
            "leave.office_max_days": 5,
            "escalation.contact_school_days": 0,
        },
        actor,
    )
    rules = attendance_rules.escalation_rules()
    assert {r.value for r in rules.unexcused_reasons} == {"旷课", "其他"}
    assert rules.suspected_dropout_days == 7 and rules.contact_school_days == 0
    assert attendance_rules.leave_rules().class_head_max_days == 5
