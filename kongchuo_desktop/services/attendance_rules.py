"""The school's head-count, leave and escalation rules, read from its settings (declared, with
their defaults from DOMAIN.md, in setting_specs.py): `escalation_rules()` / `leave_rules()` read the
school's values, `default_*()` give the defaults without a database (for tests and documentation)."""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop import setting_specs as specs
from kongchuo_desktop import settings
from kongchuo_desktop.domain.attendance import parse_reasons
from kongchuo_desktop.domain.escalation import EscalationRules
from kongchuo_desktop.domain.leave import LeaveRules

_ESCALATION_KEYS = {
    "contact_school_days": specs.CONTACT_SCHOOL_DAYS.key,
    "report_hours": specs.REPORT_HOURS.key,
    "written_report_days": specs.WRITTEN_REPORT_DAYS.key,
    "suspected_dropout_days": specs.SUSPECTED_DROPOUT_DAYS.key,
    "dropout_months": specs.DROPOUT_MONTHS.key,
}
_LEAVE_KEYS = {
    "class_head_max_days": specs.CLASS_HEAD_MAX_DAYS.key,
    "office_max_days": specs.OFFICE_MAX_DAYS.key,
    "term_limit_days": specs.TERM_LIMIT_DAYS.key,
}


def _escalation(read) -> EscalationRules:
    return EscalationRules(
        **{f: read(k) for f, k in _ESCALATION_KEYS.items()},
        unexcused_reasons=parse_reasons(read(specs.UNEXCUSED_REASONS.key)),
    )


def escalation_rules() -> EscalationRules:
    return _escalation(settings.get)


def default_escalation_rules() -> EscalationRules:
    return _escalation(lambda k: settings.spec(k).default)


def leave_rules() -> LeaveRules:
    return LeaveRules(**{f: settings.get(k) for f, k in _LEAVE_KEYS.items()})


def default_leave_rules() -> LeaveRules:
    return LeaveRules(**{f: settings.spec(k).default for f, k in _LEAVE_KEYS.items()})


def pending_leave_form_days() -> int:
    """待补请假单: how many school days a bare 请假 without a form is excused (0: not accepted)."""
    return settings.get(specs.PENDING_LEAVE_FORM_DAYS.key)


def chronic_absence_fraction() -> float:
    return settings.get(specs.CHRONIC_ABSENCE_PERCENT.key) / 100.0


def reporting_start() -> dt.date | None:
    """The school's own first day to check for 漏报 (None: from its first saved head-count)."""
    text = settings.get(specs.REPORTING_START.key).strip()
    return dt.date.fromisoformat(text) if text else None
