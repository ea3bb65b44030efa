"""The school's head-count, leave and escalation rules as settings (defaults from DOMAIN.md).

Every threshold is declared here once; `escalation_rules()` / `leave_rules()` read the school's
values, `default_*()` give the defaults without a database (for tests and documentation)."""

from __future__ import annotations

from kongchuo_desktop import settings
from kongchuo_desktop.domain.attendance import (
    PRESENT_REASONS,
    AbsenceReason,
    parse_reasons,
    reason_words,
)
from kongchuo_desktop.domain.escalation import EscalationRules
from kongchuo_desktop.domain.leave import LeaveRules

GROUP = "点名与上报"

# Reasons that may count as 无故缺席: not 病假/事假 (excused), not 迟到/早退 (at school).
UNEXCUSED_CHOICES = tuple(
    r.value
    for r in AbsenceReason
    if r not in PRESENT_REASONS and r not in (AbsenceReason.SICK, AbsenceReason.PERSONAL)
)


def _unexcused_problem(text: str) -> str | None:
    label = "计为无故缺席的缺勤原因"
    allowed = f"可填：{'、'.join(UNEXCUSED_CHOICES)}（用逗号分隔，至少一个）"
    words = reason_words(text)
    unknown = [w for w in words if w not in UNEXCUSED_CHOICES]
    if unknown:
        return f"“{label}”里的“{'、'.join(unknown)}”不是可选的原因；{allowed}"
    if not words:
        return f"“{label}”不能为空，否则无故缺席不会上报；{allowed}"
    return None


def _leave_order_problem(read) -> str | None:
    head, office = read("leave.class_head_max_days"), read("leave.office_max_days")
    if head > office:
        return (
            f"“{settings.spec('leave.class_head_max_days').label}”（{head:g}天）不能多于"
            f"“{settings.spec('leave.office_max_days').label}”（{office:g}天）"
        )
    return None


def _at_least_one(label: str):
    """A threshold of 0 school days (or months) would switch its escalation step off."""
    return lambda v: None if v >= 1 else f"“{label}”至少为1（填的是{v:g}；填0会关掉这一步上报）"


settings.declare_rule(["leave.class_head_max_days", "leave.office_max_days"], _leave_order_problem)

settings.declare(
    "escalation.contact_school_days",
    int,
    0,
    "无故缺席后几个上学日内联系家长（0为当天）",
    GROUP,
    "方案19：班主任当天联系家长",
    minimum=0,
)
settings.declare(
    "escalation.report_hours",
    int,
    48,
    "无故缺席多少小时后报告乡镇政府和教育局",
    GROUP,
    "方案4：48小时未请假即报告；按上学日折算（48小时＝2个上学日）",
    minimum=0,
)
settings.declare(
    "escalation.written_report_days",
    int,
    3,
    "连续无故缺席几个上学日后书面报告并建立台账",
    GROUP,
    "方案21、方案23",
    check=_at_least_one("连续无故缺席几个上学日后书面报告并建立台账"),
)
settings.declare(
    "escalation.suspected_dropout_days",
    int,
    5,
    "连续无故缺席几个上学日后标记为疑似辍学",
    GROUP,
    "方案24为5天；方案23为7天",
    check=_at_least_one("连续无故缺席几个上学日后标记为疑似辍学"),
)
settings.declare(
    "escalation.dropout_months",
    int,
    1,
    "疑似辍学几个月未返校标记为辍学",
    GROUP,
    "方案24",
    check=_at_least_one("疑似辍学几个月未返校标记为辍学"),
)
settings.declare(
    "attendance.unexcused_reasons",
    str,
    "旷课",
    "计为无故缺席的缺勤原因（逗号分隔）",
    GROUP,
    "可选：旷课、其他；病假、事假不计",
    check=_unexcused_problem,
)
settings.declare(
    "attendance.chronic_absence_percent",
    float,
    10.0,
    "长期缺勤预警线（本学期缺课占上学日的百分比）",
    GROUP,
    "任何原因的缺课都计入；国际通行的预警线为10%",
    minimum=0.1,
    maximum=100,
)
settings.declare(
    "leave.class_head_max_days",
    float,
    2.0,
    "班主任可批准的请假天数（上学日，含）",
    GROUP,
    "方案23",
    minimum=0,
)
settings.declare(
    "leave.office_max_days",
    float,
    5.0,
    "教务处可批准的请假天数（超过则需校长批准）",
    GROUP,
    "方案23；不能少于班主任可批准的天数",
    minimum=0,
)
settings.declare(
    "leave.term_limit_days",
    float,
    40.0,
    "一学期请假超过多少个上学日建议办理休学",
    GROUP,
    minimum=1,
)

_ESCALATION_KEYS = {
    "contact_school_days": "escalation.contact_school_days",
    "report_hours": "escalation.report_hours",
    "written_report_days": "escalation.written_report_days",
    "suspected_dropout_days": "escalation.suspected_dropout_days",
    "dropout_months": "escalation.dropout_months",
}
_LEAVE_KEYS = {
    "class_head_max_days": "leave.class_head_max_days",
    "office_max_days": "leave.office_max_days",
    "term_limit_days": "leave.term_limit_days",
}


def _escalation(read) -> EscalationRules:
    return EscalationRules(
        **{f: read(k) for f, k in _ESCALATION_KEYS.items()},
        unexcused_reasons=parse_reasons(read("attendance.unexcused_reasons")),
    )


def escalation_rules() -> EscalationRules:
    return _escalation(settings.get)


def default_escalation_rules() -> EscalationRules:
    return _escalation(lambda k: settings.spec(k).default)


def leave_rules() -> LeaveRules:
    return LeaveRules(**{f: settings.get(k) for f, k in _LEAVE_KEYS.items()})


def default_leave_rules() -> LeaveRules:
    return LeaveRules(**{f: settings.spec(k).default for f, k in _LEAVE_KEYS.items()})


def chronic_absence_fraction() -> float:
    return settings.get("attendance.chronic_absence_percent") / 100.0
