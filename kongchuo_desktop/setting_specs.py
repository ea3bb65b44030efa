"""Every setting of the school, declared once: key, type, default, Chinese label, group (the tab in
设置), help (where the number comes from), limits, checks, and the rules between settings.

settings.py imports this module, so every setting is known as soon as settings is: nothing is
imported just to declare settings. Checks are plain functions over domain rules (no database, no
service). Above each setting, a comment names the code that reads it. A new setting is added here
and nowhere else; renaming or dropping a key is a migration step (STYLE.md §2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kongchuo_desktop.domain import assessment_rules, risk_rules
from kongchuo_desktop.domain.attendance import UNEXCUSED_CHOICES, reason_words
from kongchuo_desktop.domain.sanbao import STEP_ROLE_CHOICES, step_role_problem
from kongchuo_desktop.domain.status_rules import DEFERRAL_MAX_MONTHS
from kongchuo_desktop.domain.student_status import StudentStatus

# A value → why it is not allowed (Chinese, naming the setting), or None.
Check = Callable[[Any], str | None]
# Reads any setting as it would be after saving → why not allowed, or None.
Rule = Callable[[Callable[[str], Any]], str | None]


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    label: str
    group: str = "常规"
    help: str = ""
    minimum: float | None = None  # numbers: the smallest value allowed (also the editor's range)
    maximum: float | None = None
    check: Check | None = None

    def problem(self, value: Any) -> str | None:
        if self.minimum is not None and value < self.minimum:
            return f"“{self.label}”不能小于{self.minimum:g}（填的是{value:g}）"
        if self.maximum is not None and value > self.maximum:
            return f"“{self.label}”不能大于{self.maximum:g}（填的是{value:g}）"
        return self.check(value) if self.check else None


@dataclass(frozen=True)
class SettingRule:
    """A rule between settings, checked when one of `keys` is saved."""

    keys: frozenset[str]
    check: Rule


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

# --- 易辍生预警: all read by services.risk_score.rules() (the ranked list, the student page's
# score, students_needing_helper for the 三包 coverage check); edited on 设置 → 易辍生预警规则.
RISK = "易辍生预警"

RISK_RULES = SettingSpec(
    "risk.rules",
    dict,
    risk_rules.default_rule_setting(),
    "易辍生预警规则（每条规则的启用、阈值和分值）",
    RISK,
    "长期缺勤的预警线用“点名与上报”中的长期缺勤预警线；没有列出的规则按默认值",
    check=risk_rules.rule_setting_problem,
)
RISK_HIGH_SCORE = SettingSpec(
    "risk.high_score",
    int,
    50,
    "预警等级（高）最低分",
    RISK,
    minimum=1,
    maximum=1000,
)
RISK_MEDIUM_SCORE = SettingSpec(
    "risk.medium_score",
    int,
    25,
    "预警等级（中）最低分",
    RISK,
    "低于这个分数为“低”",
    minimum=1,
    maximum=1000,
)
# Also read by services.risk_score.students_needing_helper() (the 三包 coverage check).
RISK_HELPER_LEVELS = SettingSpec(
    "risk.helper_levels",
    str,
    "高",
    "需要一帮一帮扶的预警等级（逗号分隔）",
    RISK,
    "可填：高、中、低；这些等级的学生没有帮扶教师时列为三包缺口",
    check=risk_rules.levels_problem,
)


def _risk_levels_problem(read) -> str | None:
    high, medium = read(RISK_HIGH_SCORE.key), read(RISK_MEDIUM_SCORE.key)
    if medium >= high:
        return f"“{RISK_MEDIUM_SCORE.label}”（{medium}）要低于“{RISK_HIGH_SCORE.label}”（{high}）"
    return None


# --- 三包责任: the coverage check (services.coverage) and who each escalation step names
# (services.responsibility.step_person, read by services.attendance.escalation_ledger).
SANBAO = "三包责任"

GRADE_LEADERS_USED = SettingSpec(
    "sanbao.grade_leaders_used",
    int,
    0,
    "是否实行校领导包年级（1＝是，0＝否）",
    SANBAO,
    "方案13：校领导包年级。填1时，没有校领导的年级列为缺口。",
    minimum=0,
    maximum=1,
)
OVERLOAD_FACTOR = SettingSpec(
    "sanbao.overload_factor",
    float,
    1.5,
    "包保学生数超过全校中位数的几倍算负担过重",
    SANBAO,
    "超过的教师在三包责任页列为缺口，建议把部分学生改派给其他教师。",
    minimum=1.1,
    maximum=10,
)


def _step_role(key: str, label: str, default: str) -> SettingSpec:
    return SettingSpec(
        key,
        str,
        default,
        label,
        SANBAO,
        f"可填：{'、'.join(STEP_ROLE_CHOICES)}；上报页和首页写出此人的姓名。",
        check=lambda v: step_role_problem(label, v),
    )


ROLE_CONTACT = _step_role("escalation.role_contact", "“联系家长”由谁负责", "包保教师")
ROLE_REPORT = _step_role("escalation.role_report", "“报告乡镇和教育局”由谁负责", "教务处")
ROLE_WRITTEN_REPORT = _step_role(
    "escalation.role_written_report", "“书面报告、建立台账”由谁负责", "教务处"
)
ROLE_STATUS_MARK = _step_role(
    "escalation.role_status_mark", "“学籍标记（疑似辍学、辍学、销号）”由谁负责", "教务处"
)


# --- 劝返个案与家访: read by services.cases (四步法 deadlines) and services.case_ledger (no contact).
CASES = "劝返与家访"

NO_CONTACT_DAYS = SettingSpec(
    "cases.no_contact_days",
    int,
    7,
    "多少天未联系算“久未联系”",
    CASES,
    "台账的“N天未联系”筛选与提醒：个案最近一次家访/联系距今超过这么多天。",
    minimum=1,
    maximum=90,
)
STAGE1_DAYS = SettingSpec(
    "cases.stage1_days",
    int,
    7,
    "四步法①批评教育后限期改正（天）",
    CASES,
    "批评教育、责令限期改正后等待返校的天数，逾期进入第②步限期复学通知书。",
    minimum=1,
    maximum=60,
)
STAGE2_DAYS = SettingSpec(
    "cases.stage2_days",
    int,
    7,
    "四步法②限期复学通知书期限（天）",
    CASES,
    "限期复学通知书发出后仍未返校，满这么多天进入第③步行政处罚（方案1：一周）。",
    minimum=1,
    maximum=60,
)
STAGE3_DAYS = SettingSpec(
    "cases.stage3_days",
    int,
    30,
    "四步法③行政处罚后期限（天）",
    CASES,
    "行政处罚决定书送达后仍未返校，满这么多天进入第④步司法程序。",
    minimum=1,
    maximum=180,
)

# --- 送教上门: read by services.home_teaching (a new plan's defaults, what a visit counts as).
HOME_TEACHING = StudentStatus.HOME_TEACHING.value  # the tab is named after the status

HOME_TEACHING_SPECS = (
    SettingSpec(
        "home_teaching.visits_per_month",
        int,
        2,
        "每名送教上门学生每月送教次数",
        HOME_TEACHING,
        "方案1：每月2次；方案2：每周不少于2次；方案24：每周不少于1次。新建送教计划时的默认值",
        minimum=1,
        maximum=31,
    ),
    SettingSpec(
        "home_teaching.min_lessons",
        int,
        2,
        "每次送教至少几个课时",
        HOME_TEACHING,
        "方案1：每次至少2个课时；少于此数的一次不计入计划完成次数",
        minimum=1,
        maximum=12,
    ),
    SettingSpec(
        "home_teaching.min_teachers",
        int,
        1,
        "每次送教至少几名教师",
        HOME_TEACHING,
        "方案2：每次不少于2名教师；少于此数的一次不计入计划完成次数",
        minimum=1,
        maximum=10,
    ),
)

# --- 通知书: read by services.notices (the number, the seal line and the contact printed; the
# deadline a notice gives is the 四步法 stage's: cases.stage1_days, cases.stage2_days).
NOTICES = "通知书"

NOTICE_SPECS = (
    SettingSpec(
        "notice.number_prefix",
        str,
        "",
        "文书编号前缀（如：青山九校）",
        NOTICES,
        "编号写成“前缀＋类别字〔学年〕序号号”，如 青山九校劝〔2026〕3号；每学年每类从1号起",
    ),
    SettingSpec(
        "notice.seal_line",
        str,
        "",
        "落款（盖章处）",
        NOTICES,
        "留空则用学校名称，如“青山镇九年一贯制学校（盖章）”",
    ),
    SettingSpec(
        "notice.contact",
        str,
        "",
        "通知书上的联系人和电话",
        NOTICES,
        "如：教务处 王老师 0851-1234567；留空则用学校信息里的电话",
    ),
)

# --- 教师考核: read by services.assessment_report; edited on 设置 → 教师考核规则.
ASSESSMENT = "教师考核"
ASSESSMENT_RULES = SettingSpec(
    "assessment.rules",
    dict,
    assessment_rules.default_rule_setting(),
    "教师考核规则（每条规则的启用、涉及人员、分值、绩效金额和一票否决）",
    ASSESSMENT,
    "已锁定的学期按锁定时的规则，不受以后修改的影响；没有列出的规则按默认值",
    check=assessment_rules.rule_setting_problem,
)
ASSESSMENT_ADVANCED_COUNT = SettingSpec(
    "assessment.advanced_count",
    int,
    3,
    "每学期推荐的控辍保学先进班主任人数",
    ASSESSMENT,
    "方案17：每学期评选2～3名；按得分排名推荐，有一票否决的不推荐。",
    minimum=1,
    maximum=10,
)

# In the order 设置 shows them, group by group.
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
    ASSESSMENT_RULES,
    ASSESSMENT_ADVANCED_COUNT,
)

RULES: tuple[SettingRule, ...] = (
    SettingRule(frozenset({CLASS_HEAD_MAX_DAYS.key, OFFICE_MAX_DAYS.key}), _leave_order_problem),
    SettingRule(frozenset({RISK_HIGH_SCORE.key, RISK_MEDIUM_SCORE.key}), _risk_levels_problem),
)
