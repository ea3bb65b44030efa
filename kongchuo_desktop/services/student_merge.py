"""合并重复档案: two records of one child (an import that did not recognise the child, a record
typed twice) become one, keeping the history of both.

`merge_preview(keep, other)` shows what each record has and which values win; `merge_students`
writes it in one transaction:
- register fields: the kept record's value wins; an empty one takes the other's (ID number and
  学籍号 too); the earlier 建档 day is kept;
- absences, leave, 学籍变动, escalation steps, 转出手续, memberships, guardians, flags and attached
  files of the other record move to the kept one, each move audited (before/after);
- the class wins like a field: the other record's memberships from the day the kept record has
  a class are kept but marked withdrawn (its placements stay readable, struck through);
- what cannot be one child's twice is resolved or refused, and said: an absence both records have
  on one day is kept once when the same, and refuses the merge when they differ (correct one in
  每日点名 first); a step done on both is kept once; a flag or a guardian (same name) on both is
  kept once (the kept record's); two 转出手续 办理中 refuse; the two 学籍变动 histories together
  must still make sense (each change possible after the one before), else the merge is refused;
- days on which both records were counted in head-counts of two classes stay as reported (a
  report is a class's number of that day) and are named in the preview;
- the other record is deleted and one audit line (action "merge", on the kept record) holds both
  records before and the result after: the event record reads it as 合并档案.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import (
    Absence,
    Attachment,
    AttendanceReport,
    Enrollment,
    EscalationAction,
    Guardian,
    LeaveRequest,
    RiskFlag,
    SchoolClass,
    StatusChange,
    Student,
    TransferProcedure,
    stored_day,
)
from kongchuo_desktop.domain.masking import mask_id
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.status_rules import STATUS_BEFORE_ANY_CHANGE, refusal
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.domain.transfer_steps import IN_PROGRESS
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, guards, membership
from kongchuo_desktop.services.people_events import MERGE_ACTION
from kongchuo_desktop.services.student_edit import EDITABLE

# What each record has, in the order the preview shows it.
COUNTED = ("点名", "缺勤", "请假", "学籍变动", "上报处理", "转出手续", "编班记录", "附件")


class MergeError(UserError, ValueError):
    """The two records cannot be merged; the message says why."""


@dataclass(frozen=True)
class Side:
    id: int
    name: str
    id_number: str
    student_number: str
    class_name: str
    status: str
    counts: dict[str, int]
    guardians: tuple[str, ...]
    flags: tuple[str, ...]

    @property
    def summary(self) -> str:
        ids = "，".join(
            x
            for x in (
                f"身份证件号{mask_id(self.id_number)}" if self.id_number else "",
                f"学籍号{self.student_number}" if self.student_number else "",
            )
            if x
        )
        return f"{self.name}（档案{self.id}，{self.class_name or '无班级'}，{self.status}{'，' + ids if ids else ''}）"


@dataclass(frozen=True)
class MergePreview:
    keep: Side
    other: Side
    fields: tuple[tuple[str, str, str, str], ...]  # (label, kept's, other's, result) that differ
    status_after: str
    class_after: str
    notes: tuple[str, ...]  # what the merge resolves, said before it is done
    refusals: tuple[str, ...]  # why it cannot be done (empty: it can)


def _text(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)


def _headcount_days(s: Student) -> dict[dt.date, int]:
    """The days a class's head-count counted the child: day → class."""
    spells = membership.memberships([s.id]).get(s.id, [])
    rows = [(m.class_id, m.start_date) for m in spells]
    if not rows and s.school_class_id is not None:
        rows = [(s.school_class_id, membership.year_start(s.school_class.school_year))]
    days: dict[dt.date, int] = {}
    for i, (cid, start) in enumerate(rows):
        end = rows[i + 1][1] if i + 1 < len(rows) else dt.date(9999, 12, 31)
        for (day,) in (
            AttendanceReport.select(AttendanceReport.date)
            .where(
                (AttendanceReport.school_class == cid)
                & (AttendanceReport.date >= start)
                & (AttendanceReport.date < end)
            )
            .tuples()
        ):
            days[stored_day(day)] = cid
    return days


def _side(s: Student) -> Side:
    cls = SchoolClass.get_or_none(SchoolClass.id == s.school_class_id)
    counts = {
        "点名": len(_headcount_days(s)),
        "缺勤": Absence.select().where(Absence.student == s.id).count(),
        "请假": LeaveRequest.select().where(LeaveRequest.student == s.id).count(),
        "学籍变动": StatusChange.select().where(StatusChange.student == s.id).count(),
        "上报处理": EscalationAction.select().where(EscalationAction.student == s.id).count(),
        "转出手续": TransferProcedure.select().where(TransferProcedure.student == s.id).count(),
        "编班记录": Enrollment.select().where(Enrollment.student == s.id).count(),
        "附件": _attachments(s.id).count(),
    }
    guardians = tuple(
        f"{g.relation}{g.name}".strip()
        for g in s.guardians.order_by(Guardian.sort_order, Guardian.id)
    )
    flags = tuple(f.flag for f in s.risk_flags.order_by(RiskFlag.id))
    return Side(
        s.id,
        s.name,
        s.id_number or "",
        s.student_number or "",
        cls.name if cls else "",
        s.status,
        counts,
        guardians,
        flags,
    )


def _attachments(student_id: int):
    return Attachment.select().where(
        (Attachment.owner_table == "student") & (Attachment.owner_id == student_id)
    )


def _merged_history(keep: Student, other: Student) -> list[StatusChange]:
    both = StatusChange.select().where(
        StatusChange.student.in_([keep.id, other.id]) & StatusChange.withdrawn_at.is_null()
    )
    return sorted(both, key=lambda c: (stored_day(c.date), c.recorded_at, c.id))


def _history_refusal(changes: list[StatusChange]) -> str | None:
    now = StudentStatus(STATUS_BEFORE_ANY_CHANGE)
    for c in changes:
        why = refusal(now, StudentStatus(c.status))
        if why:
            return (
                f"两份档案的学籍变动合在一起不成立：{stored_day(c.date)}的“{c.status}”"
                f"接在“{now}”之后（{why}）；请先撤销其中有误的一次变动"
            )
        now = StudentStatus(c.status)
    return None


def _absence_clashes(keep: Student, other: Student) -> tuple[list[Absence], list[str]]:
    """The other record's absences that repeat the kept one's (dropped), and the days on which
    the two differ (the merge is refused)."""
    mine: dict[dt.date, list[Absence]] = {}
    for a in Absence.select().where(Absence.student == keep.id):
        mine.setdefault(stored_day(a.date), []).append(a)
    same, differ = [], []
    for a in Absence.select().where(Absence.student == other.id).order_by(Absence.date):
        day = stored_day(a.date)
        if day not in mine:
            continue
        if any((k.reason, k.period) == (a.reason, a.period) for k in mine[day]):
            same.append(a)
        else:
            kept = "、".join(f"{k.period}{k.reason}" for k in mine[day])
            differ.append(f"{day}（保留的档案：{kept}；另一份：{a.period}{a.reason}）")
    return same, differ


def _late_memberships(keep: Student, other: Student) -> list[Enrollment]:
    """The other record's memberships that would change the kept record's class: those from the
    day the kept record has one (a kept record without any: none)."""
    starts = [
        stored_day(e.start_date) for e in keep.enrollments.where(Enrollment.withdrawn_at.is_null())
    ]
    if not starts:
        if keep.school_class_id is None:
            return []
        starts = [membership.year_start(keep.school_class.school_year)]
    first = min(starts)
    return [
        e
        for e in other.enrollments.where(Enrollment.withdrawn_at.is_null())
        if stored_day(e.start_date) >= first
    ]


def merge_preview(keep_id: int, other_id: int) -> MergePreview:
    if keep_id == other_id:
        raise MergeError("请选择另一份档案")
    keep, other = Student.get_by_id(keep_id), Student.get_by_id(other_id)
    fields = []
    for label, attr in EDITABLE.items():
        mine, theirs = _text(getattr(keep, attr)), _text(getattr(other, attr))
        if mine != theirs:
            fields.append((label, mine, theirs, mine or theirs))
    notes, refusals = [], []
    history = _merged_history(keep, other)
    why = _history_refusal(history)
    if why:
        refusals.append(why)
    status_after = history[-1].status if history else StudentStatus.IN_SCHOOL.value
    same, differ = _absence_clashes(keep, other)
    if differ:
        refusals.append(
            "同一天两份档案的缺勤记录不同，请先在每日点名中改正其中一份："
            + "；".join(differ[:5])
            + ("……" if len(differ) > 5 else "")
        )
    if same:
        notes.append(f"{len(same)}条缺勤两份档案都有（同一天、同样原因），只保留一条")
    open_both = [
        s.id
        for s in (keep, other)
        if TransferProcedure.select()
        .where((TransferProcedure.student == s.id) & (TransferProcedure.state == IN_PROGRESS))
        .exists()
    ]
    if len(open_both) == 2:
        refusals.append("两份档案都有办理中的转出手续，请先撤回其中一份")
    late = _late_memberships(keep, other)
    cls = keep.school_class if keep.school_class_id else other.school_class
    class_after = cls.name if cls else ""
    if late and keep.school_class_id:
        names = "、".join(f"{e.school_class.name}（自{stored_day(e.start_date)}）" for e in late)
        notes.append(
            f"班级以保留的档案为准（{class_after}）；另一份档案的编班：{names}，保留为已撤销"
        )
    both_days = _headcount_days(keep)
    twice = sorted(
        d for d, cid in _headcount_days(other).items() if d in both_days and both_days[d] != cid
    )
    if twice:
        span = str(twice[0]) if len(twice) == 1 else f"{twice[0]}至{twice[-1]}"
        notes.append(
            f"有{len(twice)}天（{span}）两份档案分别在两个班的点名中各算了一次应到；"
            "已上报的点名人数不变，合并后只在一个班点名"
        )
    steps = {(a.chain_start, a.step) for a in keep.escalation_actions}
    dup_steps = [a for a in other.escalation_actions if (a.chain_start, a.step) in steps]
    if dup_steps:
        notes.append(f"{len(dup_steps)}个缺勤上报步骤两份档案都已办理，保留本档案的")
    return MergePreview(
        _side(keep),
        _side(other),
        tuple(fields),
        status_after,
        class_after,
        tuple(notes),
        tuple(refusals),
    )


def merge_candidates(student_id: int, text: str = "") -> list[Side]:
    """Records that may be the same child: by name, ID number or 学籍号 containing `text`
    (default: the same name or the same birth date), never the record itself."""
    me = Student.get_by_id(student_id)
    q = Student.select().where(Student.id != student_id)
    text = text.strip()
    if text:
        q = q.where(
            Student.name.contains(text)
            | Student.id_number.contains(text)
            | Student.student_number.contains(text)
            | Student.name_pinyin.contains(text.lower())
        )
    else:
        same = Student.name == me.name
        if me.birth_date:
            same = same | (Student.birth_date == me.birth_date)
        q = q.where(same)
    return [_side(s) for s in q.order_by(Student.name, Student.id).limit(50)]


def _move(actor: str, rows, field: str, keep_id: int, **extra) -> None:
    for row in rows:
        audit.update(row, actor, **{field: keep_id}, **extra)


def merge_students(actor: str, keep_id: int, other_id: int) -> Student:
    """Merge record `other_id` into `keep_id` (see the module docstring). All or nothing."""
    guards.school(Action.EDIT_ROSTER)
    now = dt.datetime.now().replace(microsecond=0)
    with current().atomic():
        preview = merge_preview(keep_id, other_id)
        if preview.refusals:
            raise MergeError("不能合并：" + "；".join(preview.refusals))
        keep, other = Student.get_by_id(keep_id), Student.get_by_id(other_id)
        before = {"kept": audit.snapshot(keep), "merged": audit.snapshot(other)}
        before["merged"]["summary"] = preview.other.summary
        same, _ = _absence_clashes(keep, other)
        for a in same:
            audit.delete(a, actor)
        _move(actor, Absence.select().where(Absence.student == other.id), "student", keep.id)
        _move(actor, other.leave_requests, "student", keep.id)
        _move(actor, other.status_changes, "student", keep.id)
        _move(actor, other.transfer_procedures, "student", keep.id)
        steps = {(a.chain_start, a.step) for a in keep.escalation_actions}
        for a in list(other.escalation_actions):
            if (a.chain_start, a.step) in steps:
                audit.delete(a, actor)
            else:
                audit.update(a, actor, student=keep.id)
        late = {e.id for e in _late_memberships(keep, other)} if keep.school_class_id else set()
        for e in list(other.enrollments):
            extra = {"withdrawn_at": now} if e.id in late else {}
            audit.update(e, actor, student=keep.id, **extra)
        _move(actor, _attachments(other.id), "owner_id", keep.id)
        flags = {f.flag for f in keep.risk_flags}
        for f in list(other.risk_flags):
            if f.flag in flags:
                audit.delete(f, actor)
            else:
                audit.update(f, actor, student=keep.id)
        names = {g.name for g in keep.guardians}
        order = max((g.sort_order for g in keep.guardians), default=0)
        for g in list(other.guardians.order_by(Guardian.sort_order, Guardian.id)):
            if g.name in names:
                audit.delete(g, actor)
            else:
                order += 1
                audit.update(g, actor, student=keep.id, sort_order=order)
        taken = {
            attr: getattr(other, attr)
            for _label, attr in EDITABLE.items()
            if _text(getattr(keep, attr)) == "" and _text(getattr(other, attr)) != ""
        }
        created = min(keep.created_at, other.created_at)
        class_id = keep.school_class_id or other.school_class_id
        audit.delete(other, actor)
        merged = audit.update(
            keep,
            actor,
            **taken,
            created_at=created,
            school_class=class_id,
            status=preview.status_after,
        )
        audit.record(actor, merged, MERGE_ACTION, before, audit.snapshot(merged))
    return merged
