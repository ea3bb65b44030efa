"""Every setting is declared in setting_specs.py: 设置 lists them all without importing any service
first, and every key a service reads is one of them."""

import json
import subprocess
import sys

EVERY_SETTING = {
    "点名与上报": [
        "escalation.contact_school_days",
        "escalation.report_hours",
        "escalation.written_report_days",
        "escalation.suspected_dropout_days",
        "escalation.dropout_months",
        "attendance.unexcused_reasons",
        "attendance.pending_leave_form_days",
        "attendance.chronic_absence_percent",
        "attendance.reporting_start",
        "leave.class_head_max_days",
        "leave.office_max_days",
        "leave.term_limit_days",
    ],
    "学籍": ["status.deferral_max_months"],
    "导入": ["import.max_rows", "import.max_columns", "import.max_cells", "import.max_file_mb"],
    "附件": ["attachments.image_max_side", "attachments.max_file_mb"],
    "易辍生预警": ["risk.rules", "risk.high_score", "risk.medium_score", "risk.helper_levels"],
    "月报": [
        "report.cutoff_day",
        "report.due_day",
        "report.notice_day",
        "report.leave_as_present",
        "report.consolidation",
    ],
    "三包责任": [
        "sanbao.grade_leaders_used",
        "sanbao.overload_factor",
        "escalation.role_contact",
        "escalation.role_report",
        "escalation.role_written_report",
        "escalation.role_status_mark",
    ],
    "劝返与家访": [
        "cases.no_contact_days",
        "cases.stage1_days",
        "cases.stage2_days",
        "cases.stage3_days",
    ],
    "送教上门": [
        "home_teaching.visits_per_month",
        "home_teaching.min_lessons",
        "home_teaching.min_teachers",
    ],
    "通知书": [
        "notice.number_prefix",
        "notice.seal_line",
        "notice.contact",
    ],
    "人籍比对": [
        "census.entry_age",
        "census.age_cutoff",
        "census.last_age",
        "census.spring_deadline",
        "census.autumn_deadline",
    ],
    "教师考核": ["assessment.rules", "assessment.advanced_count", "assessment.struggling_percent"],
    "账号与安全": [
        "accounts.min_password_length",
        "accounts.max_failed_tries",
        "accounts.lock_minutes",
        "accounts.idle_lock_minutes",
    ],
}

PROBE = """
import json, sys
from kongchuo_desktop import settings
groups = {}
for s in settings.specs():
    groups.setdefault(s.group, []).append(s.key)
services = sorted(m for m in sys.modules if m.startswith("kongchuo_desktop.services"))
print(json.dumps({"groups": groups, "services": services}))
"""


def test_a_fresh_program_sees_every_setting_without_importing_a_service():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    seen = json.loads(out.stdout)
    assert seen["groups"] == EVERY_SETTING
    assert seen["services"] == []  # nothing is imported just to declare settings


def test_every_setting_has_a_chinese_label_and_a_valid_default():
    from kongchuo_desktop import settings

    for spec in settings.specs():
        assert spec.label and not spec.label.isascii(), spec.key
        assert isinstance(spec.default, spec.type), spec.key
        assert spec.problem(spec.default) is None, spec.key
