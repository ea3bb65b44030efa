"""The settings of the later features — 易辍生预警, 三包责任, 劝返与家访, 送教上门, 通知书,
教师考核, 人籍比对 — declared as in setting_specs (which lists them in SPECS and re-exports them);
kept here so that neither file grows past what one reads at a sitting."""

from __future__ import annotations

from kongchuo_desktop.domain import assessment_rules, census_dates, risk_rules
from kongchuo_desktop.domain.sanbao import STEP_ROLE_CHOICES, step_role_problem
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.setting_types import SettingSpec

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


def risk_levels_problem(read) -> str | None:
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
ASSESSMENT_STRUGGLING_PERCENT = SettingSpec(
    "assessment.struggling_percent",
    int,
    20,
    "学困生：每班成绩后百分之几",
    ASSESSMENT,
    "方案8：学年初每班成绩最后的20%为学困生（向上取整）；点名和成绩表导入都按这个比例。",
    minimum=5,
    maximum=50,
)

# In the order 设置 shows them, group by group.
# --- 人籍比对: read by services.census_check.age_rules() (the census) and
# services.not_returned.deadline() (开学未返校); declared as plain rows in domain.census_dates.
CENSUS = "人籍比对"
CENSUS_SPECS = tuple(
    SettingSpec(key, type(default), default, label, CENSUS, help_, minimum=low, maximum=high,
                check=census_dates.month_day_problem(label) if isinstance(default, str) else None)
    for key, default, label, help_, low, high in census_dates.SETTINGS
)  # fmt: skip
