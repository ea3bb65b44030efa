"""Every setting of the school, declared once: key, type, default, Chinese label, group (the tab in
设置), help (where the number comes from), limits, checks, and the rules between settings.

settings.py imports this module, so every setting is known as soon as settings is: nothing is
imported just to declare settings. Checks are plain functions over domain rules (no database, no
service). Above each setting, a comment names the code that reads it. A new setting is declared
here (or, for a later feature's group, in feature_setting_specs, re-exported here) and listed in
SPECS, nowhere else; renaming or dropping a key is a migration step (STYLE.md §2).
"""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.account_setting_specs import ACCOUNT_SPECS
from kongchuo_desktop.domain.attendance import UNEXCUSED_CHOICES, reason_words
from kongchuo_desktop.domain.status_rules import DEFERRAL_MAX_MONTHS
from kongchuo_desktop.feature_setting_specs import (  # noqa: F401 (re-exported)
    ASSESSMENT,
    ASSESSMENT_ADVANCED_COUNT,
    ASSESSMENT_RULES,
    ASSESSMENT_STRUGGLING_PERCENT,
    CASES,
    CENSUS,
    CENSUS_SPECS,
    GRADE_LEADERS_USED,
    HOME_TEACHING,
    HOME_TEACHING_SPECS,
    NO_CONTACT_DAYS,
    NOTICE_SPECS,
    NOTICES,
    OVERLOAD_FACTOR,
    RISK,
    RISK_HELPER_LEVELS,
    RISK_HIGH_SCORE,
    RISK_MEDIUM_SCORE,
    RISK_RULES,
    ROLE_CONTACT,
    ROLE_REPORT,
    ROLE_STATUS_MARK,
    ROLE_WRITTEN_REPORT,
    SANBAO,
    STAGE1_DAYS,
    STAGE2_DAYS,
    STAGE3_DAYS,
    risk_levels_problem,
)
from kongchuo_desktop.report_setting_specs import REPORT_SPECS
from kongchuo_desktop.setting_types import Check, Rule, SettingRule, SettingSpec  # noqa: F401

ATTENDANCE = "点名与上报"
STATUS = "学籍"


def _at_least_one(key: str) -> Check:
    """A threshold of 0 school days (or months) would switch its escalation step off."""

    def check(v) -> str | None:
        if v >= 1:
            return None
        return f"“{_label(key)}”至少为1（填的是{v:g}；填0会关掉这一步上报）"

    return check


def _label(key: str) -> str:
    return next(s.label for s in SPECS if s.key == key)


def _unexcused_problem(text: str) -> str | None:
    label = "计为无故缺席的缺勤原因"  # the label without its "(逗号分隔)" hint
    allowed = f"可填：{'、'.join(UNEXCUSED_CHOICES)}（用逗号分隔，至少一个）"
    words = reason_words(text)
    unknown = [w for w in words if w not in UNEXCUSED_CHOICES]
    if unknown:
        return f"“{label}”里的“{'、'.join(unknown)}”不是可选的原因；{allowed}"
    if not words:
        return f"“{label}”不能为空，否则无故缺席不会上报；{allowed}"
    return None


# --- 点名与上报: the escalation ladder (DOMAIN.md); all read by
# services.attendance_rules.escalation_rules() → domain.escalation.EscalationRules.

CONTACT_SCHOOL_DAYS = SettingSpec(
    "escalation.contact_school_days",
    int,
    0,
    "无故缺席后几个上学日内联系家长（0为当天）",
    ATTENDANCE,
    "方案19：班主任当天联系家长",
    minimum=0,
)
REPORT_HOURS = SettingSpec(
    "escalation.report_hours",
    int,
    48,
    "无故缺席多少小时后报告乡镇政府和教育局",
    ATTENDANCE,
    "方案4：48小时未请假即报告；按上学日折算（48小时＝2个上学日）",
    minimum=0,
)
WRITTEN_REPORT_DAYS = SettingSpec(
    "escalation.written_report_days",
    int,
    3,
    "连续无故缺席几个上学日后书面报告并建立台账",
    ATTENDANCE,
    "方案21、方案23",
    check=_at_least_one("escalation.written_report_days"),
)
SUSPECTED_DROPOUT_DAYS = SettingSpec(
    "escalation.suspected_dropout_days",
    int,
    5,
    "连续无故缺席几个上学日后标记为疑似辍学",
    ATTENDANCE,
    "方案24为5天；方案23为7天",
    check=_at_least_one("escalation.suspected_dropout_days"),
)
DROPOUT_MONTHS = SettingSpec(
    "escalation.dropout_months",
    int,
    1,
    "疑似辍学几个月未返校标记为辍学",
    ATTENDANCE,
    "方案24",
    check=_at_least_one("escalation.dropout_months"),
)
# Read by services.attendance_rules.escalation_rules() (EscalationRules.unexcused_reasons).
UNEXCUSED_REASONS = SettingSpec(
    "attendance.unexcused_reasons",
    str,
    "旷课",
    "计为无故缺席的缺勤原因（逗号分隔）",
    ATTENDANCE,
    "可选：旷课、其他；病假、事假不计",
    check=_unexcused_problem,
)
# Read by services.attendance_rules.pending_leave_form_days(): the paste (parser_roster) and the
# escalation (escalation_ledger.student_chains).
PENDING_LEAVE_FORM_DAYS = SettingSpec(
    "attendance.pending_leave_form_days",
    int,
    1,
    "待补请假单最多按请假计几个上学日",
    ATTENDANCE,
    "班主任只写“请假”、还没有批准的请假单时记为“待补请假单”：这几个上学日内不计无故缺席，"
    "之后仍没有批准的请假就计为无故缺席；填0则只写“请假”的消息不保存，需写明病假或事假",
    minimum=0,
    maximum=20,
)
# Read by services.attendance_rules.chronic_absence_fraction() (dashboard, home page title).
CHRONIC_ABSENCE_PERCENT = SettingSpec(
    "attendance.chronic_absence_percent",
    float,
    10.0,
    "长期缺勤预警线（本学期缺课占上学日的百分比）",
    ATTENDANCE,
    "任何原因的缺课都计入；国际通行的预警线为10%",
    minimum=0.1,
    maximum=100,
)


def _iso_date_problem(label: str) -> Check:
    """Empty, or a date written as 2026-09-01."""

    def check(text) -> str | None:
        if not str(text).strip():
            return None
        try:
            dt.date.fromisoformat(str(text).strip())
        except ValueError:
            return f"“{label}”要写成 2026-09-01 这样的日期，或者留空（填的是“{text}”）"
        return None

    return check


# Read by services.attendance_rules.reporting_start() (services.attendance.missed_days: the 漏报
# warning on 首页 and the marked days of the 点名 date picker).
REPORTING_START = SettingSpec(
    "attendance.reporting_start",
    str,
    "",
    "从哪天起检查漏报的上学日（如 2026-09-01）",
    ATTENDANCE,
    "留空：从学校第一次保存点名的那天起；学期中途开始使用本程序时，之前的上学日不算漏报",
    check=_iso_date_problem("从哪天起检查漏报的上学日"),
)

# --- 点名与上报: leave approval (方案23); all read by services.attendance_rules.leave_rules()
# → domain.leave.LeaveRules.

CLASS_HEAD_MAX_DAYS = SettingSpec(
    "leave.class_head_max_days",
    float,
    2.0,
    "班主任可批准的请假天数（上学日，含）",
    ATTENDANCE,
    "方案23",
    minimum=0,
)
OFFICE_MAX_DAYS = SettingSpec(
    "leave.office_max_days",
    float,
    5.0,
    "教务处可批准的请假天数（超过则需校长批准）",
    ATTENDANCE,
    "方案23；不能少于班主任可批准的天数",
    minimum=0,
)
TERM_LIMIT_DAYS = SettingSpec(
    "leave.term_limit_days",
    float,
    40.0,
    "一学期请假超过多少个上学日建议办理休学",
    ATTENDANCE,
    minimum=1,
)


def _leave_order_problem(read) -> str | None:
    head, office = read(CLASS_HEAD_MAX_DAYS.key), read(OFFICE_MAX_DAYS.key)
    if head > office:
        return (
            f"“{CLASS_HEAD_MAX_DAYS.label}”（{head:g}天）不能多于"
            f"“{OFFICE_MAX_DAYS.label}”（{office:g}天）"
        )
    return None


# --- 学籍 ---

# Read by services.student_status.change_status() (the longest 延缓入学 it allows).
DEFERRAL_MAX_MONTHS_SETTING = SettingSpec(
    "status.deferral_max_months",
    int,
    DEFERRAL_MAX_MONTHS,
    "延缓入学最长期限（月）",
    STATUS,
    "方案2：最长一年",
)


# --- 导入: how big a spreadsheet the import reads at most; all read by
# services.import_limits.limits() → services.workbook_guard.SheetLimits, checked before any cell
# is loaded. The defaults fit any school (the largest have a few thousand students) with room to
# spare, and keep a hostile or broken file from filling an old office PC's memory.
IMPORT = "导入"

IMPORT_MAX_ROWS = SettingSpec(
    "import.max_rows",
    int,
    20_000,
    "导入表格最多读取的行数",
    IMPORT,
    "超过的文件不读取（学籍系统导出的花名册一行一名学生）",
    minimum=100,
    maximum=1_048_576,
)
IMPORT_MAX_COLUMNS = SettingSpec(
    "import.max_columns",
    int,
    200,
    "导入表格最多读取的列数",
    IMPORT,
    "学籍系统导出的花名册约有50列",
    minimum=10,
    maximum=16_384,
)
IMPORT_MAX_CELLS = SettingSpec(
    "import.max_cells",
    int,
    2_000_000,
    "导入表格最多读取的单元格数（行数×列数）",
    IMPORT,
    "决定读取时最多占用多少内存",
    minimum=1_000,
    maximum=50_000_000,
)
IMPORT_MAX_FILE_MB = SettingSpec(
    "import.max_file_mb",
    int,
    50,
    "导入文件最大多少MB",
    IMPORT,
    "解压后的内容最多为它的10倍",
    minimum=1,
    maximum=1_000,
)

# --- 附件: read by services.attachments.add_file().
ATTACHMENTS = "附件"

IMAGE_MAX_SIDE = SettingSpec(
    "attachments.image_max_side",
    int,
    1600,
    "照片最长边（像素）",
    ATTACHMENTS,
    "导入照片和扫描件时缩小到这个尺寸以内，节省磁盘和备份空间；1600像素足够看清A4扫描件上的字。",
    minimum=800,
    maximum=6000,
)
ATTACHMENT_MAX_FILE_MB = SettingSpec(
    "attachments.max_file_mb",
    int,
    50,
    "单个附件最大（MB）",
    ATTACHMENTS,
    "比这更大的文件不能作为附件（照片在缩小之前按原始大小计算）。",
    minimum=1,
    maximum=500,
)

SPECS: tuple[SettingSpec, ...] = (
    CONTACT_SCHOOL_DAYS,
    REPORT_HOURS,
    WRITTEN_REPORT_DAYS,
    SUSPECTED_DROPOUT_DAYS,
    DROPOUT_MONTHS,
    UNEXCUSED_REASONS,
    PENDING_LEAVE_FORM_DAYS,
    CHRONIC_ABSENCE_PERCENT,
    REPORTING_START,
    CLASS_HEAD_MAX_DAYS,
    OFFICE_MAX_DAYS,
    TERM_LIMIT_DAYS,
    DEFERRAL_MAX_MONTHS_SETTING,
    IMPORT_MAX_ROWS,
    IMPORT_MAX_COLUMNS,
    IMPORT_MAX_CELLS,
    IMPORT_MAX_FILE_MB,
    IMAGE_MAX_SIDE,
    ATTACHMENT_MAX_FILE_MB,
    RISK_RULES,
    RISK_HIGH_SCORE,
    RISK_MEDIUM_SCORE,
    RISK_HELPER_LEVELS,
    *REPORT_SPECS,
    GRADE_LEADERS_USED,
    OVERLOAD_FACTOR,
    ROLE_CONTACT,
    ROLE_REPORT,
    ROLE_WRITTEN_REPORT,
    ROLE_STATUS_MARK,
    NO_CONTACT_DAYS,
    STAGE1_DAYS,
    STAGE2_DAYS,
    STAGE3_DAYS,
    *HOME_TEACHING_SPECS,
    *NOTICE_SPECS,
    *CENSUS_SPECS,
    ASSESSMENT_RULES,
    ASSESSMENT_ADVANCED_COUNT,
    ASSESSMENT_STRUGGLING_PERCENT,
    *ACCOUNT_SPECS,
)

RULES: tuple[SettingRule, ...] = (
    SettingRule(frozenset({CLASS_HEAD_MAX_DAYS.key, OFFICE_MAX_DAYS.key}), _leave_order_problem),
    SettingRule(frozenset({RISK_HIGH_SCORE.key, RISK_MEDIUM_SCORE.key}), risk_levels_problem),
)
