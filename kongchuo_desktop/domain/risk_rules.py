"""易辍生预警: the rules the school weighs (criterion, threshold, points, on/off), in plain Python.

Each criterion is declared once in CRITERIA with its default threshold and points. The school's
own values are one setting (risk.rules, setting_specs.py): a JSON object
{criterion key: {"on": bool, "threshold": number, "points": int}}; a criterion missing from it
takes its defaults, so a criterion added later needs no migration. The chronic-absence criterion
has no threshold of its own: it reads the existing setting attendance.chronic_absence_percent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kongchuo_desktop.domain.risk_flags import RISK_FLAGS

MAX_POINTS = 100


class Level(StrEnum):
    HIGH = "高"
    MEDIUM = "中"
    LOW = "低"


LEVEL_WORDS = tuple(level.value for level in Level)


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str  # what the school reads in 设置
    default_points: int
    default_threshold: float | None = None  # None: no threshold (a flag on the roster)
    unit: str = ""  # the threshold's unit: 天, 个月, 岁
    minimum: float = 0
    maximum: float = 0
    decimals: int = 0
    help: str = ""


UNEXCUSED_DAYS = "unexcused_days"
CHRONIC_ABSENCE = "chronic_absence"
UNEXCUSED_RUN = "unexcused_run"
LEAVE_DAYS = "leave_days"
EARLIER_STATUS = "earlier_status"
RECENT_TRANSFER_IN = "recent_transfer_in"
OVER_AGE = "over_age"
FLAG_PREFIX = "flag:"

# Points for each roster flag (domain.risk_flags.RISK_FLAGS), by default.
FLAG_POINTS = {
    "建档立卡/脱贫户/监测户": 10,
    "低保": 10,
    "特困供养": 10,
    "残疾": 10,
    "残疾人子女": 5,
    "留守儿童": 10,
    "单亲": 10,
    "孤儿/事实无人抚养": 15,
    "服刑人员子女": 10,
    "随迁子女": 5,
    "学困生": 15,
    "厌学": 20,
    "双困生": 15,
}
DEFAULT_FLAG_POINTS = 10


def flag_key(flag: str) -> str:
    return FLAG_PREFIX + flag


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        UNEXCUSED_DAYS,
        "本学期无故缺勤天数达到",
        20,
        3,
        "天",
        0.5,
        200,
        1,
        "按“计为无故缺席的缺勤原因”计，半天计0.5天",
    ),
    Criterion(
        CHRONIC_ABSENCE,
        "长期缺勤（本学期缺课占上学日的百分比达到）",
        15,
        None,
        "%",
        help="预警线与“点名与上报规则”中的长期缺勤预警线是同一个设置，任何原因的缺课都计入",
    ),
    Criterion(
        UNEXCUSED_RUN,
        "目前连续无故缺勤天数达到",
        25,
        2,
        "天",
        1,
        100,
        help="到今天为止仍未返校的连续无故缺勤上学日",
    ),
    Criterion(
        LEAVE_DAYS, "本学期请假天数达到", 5, 10, "天", 0.5, 200, 1, "病假、事假和已批准的请假"
    ),
    *(Criterion(flag_key(f), f, FLAG_POINTS.get(f, DEFAULT_FLAG_POINTS)) for f in RISK_FLAGS),
    Criterion(
        EARLIER_STATUS,
        "曾疑似辍学、辍学或休学（最近几个月内）",
        25,
        36,
        "个月",
        1,
        240,
        help="学籍变动记录中的疑似辍学、辍学、休学（已撤销的不算）",
    ),
    Criterion(
        RECENT_TRANSFER_IN,
        "转入不满几个月",
        10,
        6,
        "个月",
        1,
        60,
        help="学籍变动记录中的转入",
    ),
    Criterion(
        OVER_AGE,
        "比本年级正常年龄大几岁及以上",
        5,
        1,
        "岁",
        1,
        9,
        help="正常年龄：一年级入学当年8月31日满6周岁",
    ),
)
BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}


@dataclass(frozen=True)
class RiskRule:
    key: str
    on: bool
    points: int
    threshold: float | None  # None for a flag; for chronic absence, the fraction (0.1 = 10%)

    @property
    def criterion(self) -> Criterion:
        return BY_KEY[self.key]


@dataclass(frozen=True)
class RiskRules:
    rules: Mapping[str, RiskRule]
    high_score: int
    medium_score: int

    def active(self, key: str) -> RiskRule | None:
        """The rule if the school has it on with some points, else None."""
        rule = self.rules.get(key)
        return rule if rule is not None and rule.on and rule.points > 0 else None

    def level(self, score: int) -> Level:
        if score >= self.high_score:
            return Level.HIGH
        if score >= self.medium_score:
            return Level.MEDIUM
        return Level.LOW


def default_rule_setting() -> dict[str, dict[str, Any]]:
    """The value of the setting risk.rules when the school has changed nothing."""
    out: dict[str, dict[str, Any]] = {}
    for c in CRITERIA:
        entry: dict[str, Any] = {"on": True, "points": c.default_points}
        if c.default_threshold is not None:
            entry["threshold"] = c.default_threshold
        out[c.key] = entry
    return out


def rule_setting_problem(value: Any) -> str | None:
    """Why a value of risk.rules is not allowed (Chinese, naming the rule), or None."""
    if not isinstance(value, Mapping):
        return "“易辍生预警规则”的格式不对（应为每条规则的启用、阈值和分值）"
    for key, entry in value.items():
        c = BY_KEY.get(key)
        if c is None:
            return f"“易辍生预警规则”里没有“{key}”这一条"
        if not isinstance(entry, Mapping):
            return f"预警规则“{c.label}”的格式不对"
        points = entry.get("points", c.default_points)
        if not isinstance(points, int) or isinstance(points, bool):
            return f"预警规则“{c.label}”的分值要填整数（填的是{points!r}）"
        if not 0 <= points <= MAX_POINTS:
            return f"预警规则“{c.label}”的分值要在0到{MAX_POINTS}之间（填的是{points}）"
        if not isinstance(entry.get("on", True), bool):
            return f"预警规则“{c.label}”的启用要填是或否"
        if c.default_threshold is None or "threshold" not in entry:
            continue
        t = entry["threshold"]
        if not isinstance(t, int | float) or isinstance(t, bool):
            return f"预警规则“{c.label}”的阈值要填数字（填的是{t!r}）"
        if not c.minimum <= t <= c.maximum:
            return (
                f"预警规则“{c.label}”的阈值要在{c.minimum:g}到{c.maximum:g}{c.unit}之间"
                f"（填的是{t:g}）"
            )
    return None


def rules_from_settings(
    value: Mapping[str, Any], high_score: int, medium_score: int, chronic_percent: float
) -> RiskRules:
    """The school's rules from its settings: risk.rules (missing entries take their defaults),
    the two level lines, and the existing chronic-absence share (percent)."""
    rules = {}
    for c in CRITERIA:
        entry = value.get(c.key) or {}
        if c.key == CHRONIC_ABSENCE:
            threshold: float | None = chronic_percent / 100.0
        elif c.default_threshold is None:
            threshold = None
        else:
            threshold = float(entry.get("threshold", c.default_threshold))
        rules[c.key] = RiskRule(
            c.key,
            bool(entry.get("on", True)),
            int(entry.get("points", c.default_points)),
            threshold,
        )
    return RiskRules(rules, high_score, medium_score)


def levels_from_text(text: str) -> frozenset[Level]:
    """The setting risk.helper_levels ("高" or "高,中") as levels; unknown words are ignored."""
    words = text.replace("，", ",").replace("、", ",").split(",")
    return frozenset(Level(w.strip()) for w in words if w.strip() in LEVEL_WORDS)


def levels_problem(text: Any) -> str | None:
    words = [w.strip() for w in str(text).replace("，", ",").replace("、", ",").split(",")]
    words = [w for w in words if w]
    wrong = [w for w in words if w not in LEVEL_WORDS]
    if wrong or not words:
        return (
            f"“需要一帮一帮扶的预警等级”只能填{'、'.join(LEVEL_WORDS)}（用逗号分隔，至少一个）"
            + (f"；“{'、'.join(wrong)}”不是等级" if wrong else "")
        )
    return None
