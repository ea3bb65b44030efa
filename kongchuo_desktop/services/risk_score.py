"""易辍生预警: the ranked list of children at risk of dropping out, each with a score, a level (高/中/低)
and the reasons in words with their points, by the rules the school keeps in 设置.

    scores(day)                    the ranked list (children scoring 0 left out unless asked)
    score_for(student_id, day)     one child's score (the student page)
    students_needing_helper(day)   ids at the levels that need a 一帮一 helper (setting
                                   risk.helper_levels, default 高): the 三包 coverage check asks

The facts are gathered once for every child (services.risk_facts) and weighed once
(domain.risk_score); nothing here queries per child.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop import setting_specs as specs
from kongchuo_desktop import settings
from kongchuo_desktop.domain import risk_rules
from kongchuo_desktop.domain import risk_score as rs
from kongchuo_desktop.domain.risk_rules import Level, RiskRules
from kongchuo_desktop.domain.risk_score import Reason
from kongchuo_desktop.services import attendance_rules, risk_facts, visibility


def rules() -> RiskRules:
    """The school's rules: risk.rules, the level lines and the chronic-absence share."""
    return risk_rules.rules_from_settings(
        settings.get(specs.RISK_RULES.key),
        settings.get(specs.RISK_HIGH_SCORE.key),
        settings.get(specs.RISK_MEDIUM_SCORE.key),
        settings.get(specs.CHRONIC_ABSENCE_PERCENT.key),
    )


def rules_setting() -> dict:
    """The setting risk.rules as saved, every criterion present (defaults for those missing):
    what 设置 edits and saves back whole."""
    saved = settings.get(specs.RISK_RULES.key)
    return {k: {**v, **saved.get(k, {})} for k, v in risk_rules.default_rule_setting().items()}


def helper_levels() -> frozenset[Level]:
    return risk_rules.levels_from_text(settings.get(specs.RISK_HELPER_LEVELS.key))


@dataclass(frozen=True)
class RiskRow:
    rank: int  # 1 for the highest score
    student_id: int
    name: str
    class_id: int | None
    class_name: str
    grade: int | None
    score: int
    level: str  # 高 / 中 / 低
    reasons: tuple[Reason, ...]
    needs_helper: bool  # at a level that needs a 一帮一 helper
    class_order: tuple[int, int] = (99, 99)  # (grade, number): the school's order of classes

    @property
    def explanation(self) -> str:
        return rs.SEPARATOR.join(str(r) for r in self.reasons)


def _rows(
    day: dt.date,
    student_ids=None,
    school_rules: RiskRules | None = None,
    include_zero: bool = True,
) -> list[RiskRow]:
    school_rules = school_rules or rules()
    who, facts = risk_facts.gather(day, attendance_rules.escalation_rules(), student_ids)
    ranked = rs.score_all(facts, school_rules, day)
    needing = helper_levels()
    out = []
    for rank, s in enumerate(ranked, start=1):
        if s.score == 0 and not include_zero:
            break  # highest first: the rest score 0 too
        p = who[s.student_id]
        out.append(
            RiskRow(
                rank,
                p.id,
                p.name,
                p.class_id,
                p.class_name,
                p.grade,
                s.score,
                s.level.value,
                s.reasons,
                s.score > 0 and s.level in needing,
                (p.grade or 99, p.class_number or 99),
            )
        )
    return out


def scores(
    day: dt.date, *, include_zero: bool = False, school_rules: RiskRules | None = None
) -> list[RiskRow]:
    """Every child on the roll with a score above 0 (all of them with `include_zero`), the
    highest first; `school_rules` instead of the saved ones (a preview)."""
    return visibility.students(
        _rows(day, school_rules=school_rules, include_zero=include_zero),
        lambda r: r.student_id,
        day,
    )


def score_for(student_id: int, day: dt.date) -> RiskRow | None:
    """One child's score and reasons (rank 1 of 1); None when the child is not on the roll."""
    rows = _rows(day, student_ids=[student_id])
    return rows[0] if rows else None


def students_needing_helper(day: dt.date) -> set[int]:
    """The children whose level needs a 一帮一 helper (risk.helper_levels; default 高 only)."""
    _, facts = risk_facts.gather(day, attendance_rules.escalation_rules())
    needing = helper_levels()
    return {
        s.student_id
        for s in rs.score_all(facts, rules(), day)
        if s.score > 0 and s.level in needing
    }


def level_counts(rows: list[RiskRow]) -> dict[str, int]:
    """高/中/低 → how many children of `rows` are at that level."""
    out = {level.value: 0 for level in Level}
    for r in rows:
        out[r.level] += 1
    return out
