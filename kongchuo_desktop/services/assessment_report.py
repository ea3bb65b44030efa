"""考核奖惩 for a term or a year: the entries (services.assessment), totals per teacher and per
class, the proposed 控辍保学先进班主任, the principal's adjustments with a reason, the lock, and the
.xlsx export. A locked period is read from its snapshot (db.assessment_models.AssessmentLock): the
entries and the rules as they were when it was locked; a rule edited later, or an event recorded
later, changes only periods still open."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop import settings
from kongchuo_desktop.db.assessment_models import AssessmentAdjustment, AssessmentLock
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import SchoolClass, Teacher, Term, stored_day
from kongchuo_desktop.domain import assessment_rules as ar
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, assessment, audit
from kongchuo_desktop.services.table_export import ShownTable, export_table

RULES_KEY = "assessment.rules"
COUNT_KEY = "assessment.advanced_count"


class AssessmentError(UserError):
    """An assessment request that cannot be done as asked; the text says why."""


@dataclass(frozen=True)
class Period:
    key: str  # "2026-2027-1" (a 学期) or "2026-2027" (a 学年)
    label: str
    first: dt.date
    last: dt.date
    school_year: str
    is_year: bool


def periods() -> list[Period]:
    """Every term of the calendar and every 学年 with terms, newest first."""
    terms = list(Term.select().order_by(Term.start_date))
    out: list[Period] = []
    for year in sorted({t.school_year for t in terms}, reverse=True):
        out.append(period(year))
        for t in sorted((t for t in terms if t.school_year == year), key=lambda t: -t.semester):
            out.append(period(f"{year}-{t.semester}"))
    return out


def period(key: str) -> Period:
    """The term "2026-2027-1" or the year "2026-2027", from the school calendar."""
    parts = key.strip().split("-")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise AssessmentError(f"“{key}”不是学期（如2026-2027-1）或学年（如2026-2027）")
    year = f"{parts[0]}-{parts[1]}"
    terms = Term.select().where(Term.school_year == year)
    if len(parts) == 3:
        terms = terms.where(Term.semester == int(parts[2]))
    rows = list(terms)
    if not rows:
        raise AssessmentError(f"校历中没有{key}的学期：请先在 设置 → 校历 中填写学期日期")
    first = min(stored_day(t.start_date) for t in rows)
    last = max(stored_day(t.end_date) for t in rows)
    if len(parts) == 3:
        label = f"{year}学年第{'一' if parts[2] == '1' else '二'}学期"
    else:
        label = f"{year}学年"
    return Period(key, label, first, last, year, len(parts) == 2)


@dataclass(frozen=True)
class TeacherTotal:
    teacher_id: int
    name: str
    points: float
    amount: float
    veto: bool
    entries: int
    proposed: bool = False  # 建议评为控辍保学先进班主任


@dataclass(frozen=True)
class ClassTotal:
    class_name: str
    points: float
    amount: float
    dropouts: int


@dataclass(frozen=True)
class Report:
    period: Period
    entries: tuple[assessment.Entry, ...]
    teachers: tuple[TeacherTotal, ...]
    classes: tuple[ClassTotal, ...]
    rules: tuple[ar.Rule, ...]
    locked_on: dt.date | None = None
    locked_by: str = ""

    def of_teacher(self, teacher_id: int) -> list[assessment.Entry]:
        return [e for e in self.entries if e.teacher_id == teacher_id]

    def as_dict(self) -> dict:
        by_teacher = defaultdict(list)
        for e in self.entries:
            by_teacher[e.teacher_id].append(e.as_dict())
        return {
            "period": self.period.key,
            "label": self.period.label,
            "first": self.period.first.isoformat(),
            "last": self.period.last.isoformat(),
            "locked": self.locked_on is not None,
            "locked_on": self.locked_on.isoformat() if self.locked_on else None,
            "locked_by": self.locked_by,
            "teachers": [
                {
                    "teacher_id": t.teacher_id,
                    "name": t.name,
                    "points": t.points,
                    "amount": t.amount,
                    "veto": t.veto,
                    "一票否决": t.veto,
                    "proposed": t.proposed,
                    "entries": by_teacher.get(t.teacher_id, []),
                }
                for t in self.teachers
            ],
            "classes": [c.__dict__ for c in self.classes],
            "rules": ar.rules_as_setting(self.rules),
        }


def current_rules() -> tuple[ar.Rule, ...]:
    return ar.rules_from_setting(settings.get(RULES_KEY))


def report(key: str, today: dt.date | None = None) -> Report:
    """The assessment of a term or year: the locked snapshot, or computed now."""
    p = period(key)
    lock = AssessmentLock.get_or_none(AssessmentLock.period == p.key)
    if lock is not None:
        snap = lock.snapshot or {}
        entries = [assessment.Entry.from_dict(d) for d in snap.get("entries", [])]
        rules = ar.rules_from_setting(lock.rules)
        proposed = set(snap.get("proposed", []))
        return _summarise(p, entries, rules, proposed, stored_day(lock.locked_on), lock.locked_by)
    rules = current_rules()
    entries = assessment.compute(
        p.first,
        p.last,
        rules,
        period=p.key,
        school_year=p.school_year if p.is_year else None,
        today=today,
    )
    return _summarise(p, entries, rules, None)


def _summarise(p, entries, rules, proposed, locked_on=None, locked_by="") -> Report:
    names = dict(Teacher.select(Teacher.id, Teacher.name).tuples())
    sums: dict[int, list] = {}
    for e in entries:
        s = sums.setdefault(e.teacher_id, [0.0, 0.0, False, 0])
        s[0] += e.points
        s[1] += e.amount
        s[2] = s[2] or e.veto
        s[3] += 1
    if proposed is None:
        proposed = _propose(sums)
    teachers = sorted(
        (
            TeacherTotal(
                tid,
                names.get(tid, next((e.teacher_name for e in entries if e.teacher_id == tid), "")),
                round(s[0], 2),
                round(s[1], 2),
                s[2],
                s[3],
                tid in proposed,
            )
            for tid, s in sums.items()
        ),
        key=lambda t: (t.veto, -t.points, -t.amount, t.name),
    )
    by_class: dict[str, list] = {}
    for e in entries:
        if not e.class_name:
            continue
        c = by_class.setdefault(e.class_name, [0.0, 0.0, set()])
        c[0] += e.points
        c[1] += e.amount
        if e.rule == ar.DROPOUT and e.student_id is not None:
            c[2].add(e.student_id)
    classes = tuple(
        ClassTotal(name, round(c[0], 2), round(c[1], 2), len(c[2]))
        for name, c in sorted(by_class.items())
    )
    return Report(p, tuple(entries), tuple(teachers), classes, tuple(rules), locked_on, locked_by)


def _propose(sums: dict[int, list]) -> set[int]:
    """控辍保学先进班主任: the class heads with the most points, none vetoed, points above 0."""
    heads = {
        tid
        for (tid,) in SchoolClass.select(SchoolClass.head_teacher)
        .where(SchoolClass.head_teacher.is_null(False))
        .tuples()
    }
    ranked = sorted(
        (tid for tid, s in sums.items() if tid in heads and not s[2] and s[0] > 0),
        key=lambda tid: (-sums[tid][0], -sums[tid][1]),
    )
    return set(ranked[: settings.get(COUNT_KEY)])


def _refuse_locked(key: str) -> None:
    """Refuse when the period, or for a term its 学年, is locked."""
    keys = [key] if key.count("-") == 1 else [key, key.rsplit("-", 1)[0]]
    for k in keys:
        lock = AssessmentLock.get_or_none(AssessmentLock.period == k)
        if lock is not None:
            what = k if k == key else f"{key}所在的{k}学年"
            raise AssessmentError(
                f"{what}已于{stored_day(lock.locked_on):%Y年%m月%d日}由{lock.locked_by}锁定，"
                "不能再修改"
            )


def add_adjustment(
    actor: str,
    key: str,
    teacher_id: int,
    reason: str,
    *,
    points: float = 0,
    amount: float = 0,
    veto: bool = False,
    day: dt.date | None = None,
) -> AssessmentAdjustment:
    """The principal's adjustment (校长调整) for one teacher, with the reason (audited). Needs
    EDIT_ASSESSMENT; refused in a locked term or year, and in a term whose 学年 is locked."""
    access.require(Action.EDIT_ASSESSMENT, where="教师考核")
    p = period(key)
    _refuse_locked(p.key)
    if not reason.strip():
        raise AssessmentError("请写明调整的理由：被考核的教师会看到它")
    if not (points or amount or veto):
        raise AssessmentError("调整的分值、金额都为0，也没有一票否决：没有可保存的调整")
    if Teacher.get_or_none(Teacher.id == teacher_id) is None:
        raise AssessmentError(f"没有编号为{teacher_id}的教师")
    with current().atomic():
        return audit.create(
            AssessmentAdjustment,
            actor,
            period=p.key,
            teacher=teacher_id,
            date=day or dt.date.today(),
            points=points,
            amount=amount,
            veto=veto,
            reason=reason.strip(),
            recorded_by=actor,
        )


def lock(actor: str, key: str, today: dt.date | None = None) -> Report:
    """Freeze the period: its entries, totals, proposed 先进班主任 and the rules used. Only a
    校长 (or the system user of the command line) may lock."""
    access.require(Action.LOCK_ASSESSMENT, where="教师考核")
    p = period(key)
    _refuse_locked(p.key)
    today = today or dt.date.today()
    r = report(p.key, today)
    with current().atomic():
        audit.create(
            AssessmentLock,
            actor,
            period=p.key,
            locked_on=today,
            locked_by=actor,
            rules=ar.rules_as_setting(r.rules),
            snapshot={
                "entries": [e.as_dict() for e in r.entries],
                "totals": [t.__dict__ for t in r.teachers],
                "proposed": [t.teacher_id for t in r.teachers if t.proposed],
            },
        )
    return report(p.key, today)


def unlock(actor: str, key: str, reason: str) -> None:
    """Open a locked period again, with the reason (audited: the lock row removed, its snapshot
    kept in the audit trail, and the reason beside it). Only a 校长 may unlock."""
    access.require(Action.LOCK_ASSESSMENT, where="教师考核")
    p = period(key)
    lock = AssessmentLock.get_or_none(AssessmentLock.period == p.key)
    if lock is None:
        raise AssessmentError(f"{p.label}没有锁定，不需要解锁")
    if not reason.strip():
        raise AssessmentError("请写明解锁的理由：它记入操作日志")
    with current().atomic():
        audit.record(
            actor,
            lock,
            "unlock",
            {"period": p.key, "locked_on": str(lock.locked_on), "locked_by": lock.locked_by},
            {"reason": reason.strip()},
        )
        audit.delete(lock, actor)


def is_locked(key: str) -> bool:
    return AssessmentLock.get_or_none(AssessmentLock.period == key) is not None


HEADER = ["教师", "规则", "分值", "绩效（元）", "一票否决", "说明", "来源", "日期"]


def shown_table(r: Report, school: str = "") -> ShownTable:
    """The report as one sheet: each teacher's total (bold), then the entries behind it."""
    rows: list[list] = []
    totals: list[int] = []
    for t in r.teachers:
        totals.append(len(rows))
        mark = "（建议先进班主任）" if t.proposed else ""
        rows.append([t.name, f"合计{mark}", t.points, t.amount, "是" if t.veto else "", "", "", ""])
        for e in r.of_teacher(t.teacher_id):
            rows.append(
                [
                    e.teacher_name,
                    e.rule_label,
                    e.points,
                    e.amount,
                    "是" if e.veto else "",
                    e.text,
                    e.source,
                    e.date.isoformat(),
                ]
            )
    state = f"（{r.locked_on:%Y年%m月%d日}锁定）" if r.locked_on else "（未锁定）"
    return ShownTable(
        f"{school} 教师考核".strip(),
        f"{r.period.label}{state}",
        HEADER,
        rows,
        total_rows=frozenset(totals),
        sheet_name="教师考核",
        widths=(10, 22, 8, 10, 8, 60, 16, 12),
    )


def export(path: Path | str, r: Report, school: str = "", *, overwrite: bool = False) -> Path:
    return export_table(path, shown_table(r, school), overwrite=overwrite)
