"""考核奖惩: the school's rules for teacher assessment, as data (plain Python, no db, no Qt).

Each rule has a trigger (what happened), whom it touches (roles), and its effect: points, an
amount of performance pay (元; + added, − deducted) and perhaps a veto of 评优评先 for the school
year (一票否决). The defaults are those of DOMAIN.md (方案2, 方案8, 方案10, 方案16, 方案18, 方案20).
The school's own values are one setting (assessment.rules, setting_specs.py): a JSON object
{rule key: {"on", "points", "amount", "veto", "whom"}}; a rule missing from it takes its
defaults, so a rule added later needs no migration.

Who "responsible" is for a dropout (services.assessment): the teachers responsible on the first day
of the absence run that ended in the dropout, or with no run recorded, on the day the child became
疑似辍学 — a teacher reassigned afterwards still carries it; one who took the child over later
does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

# Triggers.
DROPOUT = "dropout"  # a student one is responsible for becomes 辍学
RETURN = "return"  # a 劝返 case one went on the visits of closes as 已复学
VISIT_SKIPPED = "visit_skipped"  # a teacher planned for a visit of that case did not go
VISIT_DONE = "visit_done"  # a teacher planned for a home visit went
NO_DROPOUT_YEAR = "no_dropout_year"  # a class with no dropout all year (学年 only)
STRUGGLING_UP = "struggling_up"  # a 学困生 of the class moved up out of the bottom 20%
HOME_TEACHING_KEPT = "home_teaching_kept"  # a month of 送教上门 done as the child's plan asks
HOME_TEACHING_BEHIND = "home_teaching_behind"  # a month of 送教上门 with fewer visits than planned
NOTICE_OVERDUE = "notice_overdue"  # a notice's 返校 deadline passed: not back, no next step

# Whom a rule touches.
GUARANTOR = "包保教师"
CLASS_HEAD = "班主任"
PRINCIPAL = "校长"
VISITORS = "家访教师"
SKIPPER = "缺席家访的教师"
HOME_TEACHERS = "送教教师"
ROLES = (GUARANTOR, CLASS_HEAD, PRINCIPAL, VISITORS, SKIPPER, HOME_TEACHERS)

MAX_POINTS = 1000
MAX_AMOUNT = 100000


@dataclass(frozen=True)
class Rule:
    key: str
    label: str  # what a teacher reads in the entry and in 设置
    trigger: str
    whom: tuple[str, ...]
    points: float = 0
    amount: float = 0  # 元: + added to performance pay, − deducted
    veto: bool = False  # 一票否决: no 评优评先 for the school year
    on: bool = True
    help: str = ""

    def effect_text(self) -> str:
        return effect_text(self.points, self.amount, self.veto)


def effect_text(points: float, amount: float, veto: bool) -> str:
    parts = []
    if points:
        parts.append(f"{points:+g}分")
    if amount:
        parts.append(f"绩效{amount:+g}元")
    if veto:
        parts.append("一票否决（本学年不得评优评先）")
    return "，".join(parts) or "不计分"


DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(
        DROPOUT,
        "所负责的学生辍学",
        DROPOUT,
        (GUARANTOR, CLASS_HEAD, PRINCIPAL),
        points=-10,
        amount=-500,
        veto=True,
        help="方案2、10、16：学生辍学，包保教师、班主任、校长一票否决，并扣绩效（方案18、20）。"
        "负责人按缺勤开始那天（没有缺勤记录时按标为疑似辍学那天）的三包责任认定。",
    ),
    Rule(
        RETURN,
        "劝返复学（奖励由参加家访的教师平分）",
        RETURN,
        (VISITORS,),
        points=10,
        amount=300,
        help="方案18：劝返复学，奖励参加家访的教师；计划参加却没去的教师，份额归去了的教师。"
        "没有走个案、直接在学籍变动中改为劝返复学（或辍学、疑似辍学后复学）的，按离校以来的家访计；"
        "没有家访记录的，奖励当天的包保教师。",
    ),
    Rule(
        VISIT_SKIPPED,
        "计划家访未参加",
        VISIT_SKIPPED,
        (SKIPPER,),
        points=-2,
        help="方案18：安排参加家访的科任教师没有去，失去劝返奖励的份额，另按此扣分。",
    ),
    Rule(
        VISIT_DONE,
        "按计划完成家访",
        VISIT_DONE,
        (VISITORS,),
        points=1,
        help="方案18：每次家访都有记录。事先安排了的家访（劝返个案的、或对重点学生的例行家访），"
        "安排的教师按时去了的，每人计分。",
    ),
    Rule(
        NO_DROPOUT_YEAR,
        "全学年班级无辍学",
        NO_DROPOUT_YEAR,
        (CLASS_HEAD,),
        points=5,
        amount=200,
        help="方案18：全学年无学生辍学的班级，奖励班主任（只在按学年统计时计入）。",
    ),
    Rule(
        STRUGGLING_UP,
        "学困生转化（进入班级前80%）",
        STRUGGLING_UP,
        (CLASS_HEAD,),
        points=2,
        help="方案8：期初确定的班级后20%学生，期末进入前80%的每人计分；"
        "本学年班上有学生辍学，全班的学困生转化积分作废。",
    ),
    Rule(
        HOME_TEACHING_KEPT,
        "送教上门按计划完成（每月）",
        HOME_TEACHING_KEPT,
        (HOME_TEACHERS,),
        points=1,
        help="送教上门（方案1：每月2次、每次不少于2课时）：一个月的送教次数达到该生送教计划的，"
        "当月去送教的教师每人计分。计划的次数、课时见“设置 → 送教上门”和每个学生的送教计划。",
    ),
    Rule(
        HOME_TEACHING_BEHIND,
        "送教上门未按计划（每月）",
        HOME_TEACHING_BEHIND,
        (HOME_TEACHERS,),
        points=-1,
        help="一个月的送教次数少于该生送教计划的，送教计划中的教师每人扣分（月末之后才计）。",
    ),
    Rule(
        NOTICE_OVERDUE,
        "通知书返校期限已过未跟进",
        NOTICE_OVERDUE,
        (GUARANTOR, CLASS_HEAD),
        points=-1,
        help="劝返通知书、返校通知书、限期复学通知书写明的返校期限已过，学生未返校（个案未销号），"
        "也没有发出下一步的通知书（四步法，方案1、12、21）：期限当天的包保教师、班主任扣分。",
    ),
)

BY_KEY = {r.key: r for r in DEFAULT_RULES}


def default_rule_setting() -> dict[str, dict[str, Any]]:
    """The setting's default value: every rule with its default effect."""
    return {r.key: _as_setting(r) for r in DEFAULT_RULES}


def _as_setting(r: Rule) -> dict[str, Any]:
    return {
        "on": r.on,
        "points": r.points,
        "amount": r.amount,
        "veto": r.veto,
        "whom": list(r.whom),
    }


def rules_from_setting(value: Mapping[str, Any] | None) -> tuple[Rule, ...]:
    """The rules as the school set them (a missing rule or field: the default)."""
    value = value or {}
    out = []
    for r in DEFAULT_RULES:
        entry = value.get(r.key) or {}
        out.append(
            replace(
                r,
                on=bool(entry.get("on", r.on)),
                points=float(entry.get("points", r.points)),
                amount=float(entry.get("amount", r.amount)),
                veto=bool(entry.get("veto", r.veto)),
                whom=tuple(entry.get("whom", r.whom)),
            )
        )
    return tuple(out)


def rules_as_setting(rules: tuple[Rule, ...]) -> dict[str, dict[str, Any]]:
    return {r.key: _as_setting(r) for r in rules}


def rule_setting_problem(value: Any) -> str | None:
    """Why `value` cannot be the assessment.rules setting (Chinese), or None."""
    if not isinstance(value, dict):
        return "考核规则应是一组规则"
    for key, entry in value.items():
        rule = BY_KEY.get(key)
        if rule is None:
            return f"没有“{key}”这条考核规则"
        if not isinstance(entry, dict):
            return f"考核规则“{rule.label}”的写法不对"
        for field, limit in (("points", MAX_POINTS), ("amount", MAX_AMOUNT)):
            v = entry.get(field, 0)
            if isinstance(v, bool) or not isinstance(v, int | float) or abs(v) > limit:
                return f"考核规则“{rule.label}”的{'分值' if field == 'points' else '金额'}应在±{limit}以内"
        whom = entry.get("whom", list(rule.whom))
        if not isinstance(whom, list) or any(w not in ROLES for w in whom):
            return f"考核规则“{rule.label}”的涉及人员只能是：{'、'.join(ROLES)}"
    return None


def split(total: float, people: int) -> float:
    """One share of `total` among `people`, to the fen (分) for money, 0.01 for points."""
    return round(total / people, 2) if people else 0.0
