"""劝返 cases (一生一案): opening by hand or from the escalation, the details, the responsible
people, the 四步法 stages, 销号 and reopening. Every write is audited and shows in the event record
(services.case_events).

销号 as 已复学 and the escalation's return step (台账销号) are one action: closing a case as 已复学
marks the return step done when the head-count shows the child back (which writes the 劝返复学
学籍变动), or writes 劝返复学 itself for a child still marked away; marking the return step done
on 首页 (`mark_step_done`) closes the open case as 已复学.

Hook for the notices feature: issuing a 限期复学通知书 calls `enter_stage(…, NOTICE_STAGE, …)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop import settings
from kongchuo_desktop.db.case_models import (
    Case,
    CaseClosing,
    CasePerson,
    CaseResponsible,
    CaseStage,
)
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import School, Student, Teacher, stored_day
from kongchuo_desktop.domain import cases as rules
from kongchuo_desktop.domain import escalation as esc
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, guards
from kongchuo_desktop.services.attendance.escalation_ledger import (
    ActionItem,
    escalation_items,
    mark_done,
)
from kongchuo_desktop.services.case_opening import ensure_open_case, open_case, open_case_of
from kongchuo_desktop.services.responsibility import responsible_for
from kongchuo_desktop.services.student_status import change_status

NOTICE_STAGE = rules.NOTICE_STAGE
STAGE_DAY_SETTINGS = {1: "cases.stage1_days", 2: "cases.stage2_days", 3: "cases.stage3_days"}
# Steps that offer 立案 on 首页 (a 疑似辍学 / 辍学 mark opens one anyway).
OFFERS_CASE = frozenset({esc.Step.WRITTEN_REPORT, esc.Step.SUSPECTED_DROPOUT})


class CaseError(UserError):
    """A case cannot be written as asked; the text says why."""


def stage_days() -> dict[int, int]:
    return {stage: settings.get(key) for stage, key in STAGE_DAY_SETTINGS.items()}


# --- opening --------------------------------------------------------------------------------------


def open_for_student(
    actor: str,
    student_id: int,
    day: dt.date,
    note: str = "",
    reasons: list[str] | None = None,
    reason_text: str = "",
    whereabouts: str = "",
    whereabouts_place: str = "",
) -> Case:
    """立案 by hand (辍学倾向 reported by a teacher, a child who never arrived …). A child has at
    most one open case: a second is refused, naming the first."""
    guards.for_student(Action.EDIT_CASES, student_id, day)
    _check_details(reasons or [], reason_text, whereabouts)
    with current().atomic():
        existing = open_case_of(student_id)
        if existing is not None:
            name = Student.get_by_id(student_id).name
            raise CaseError(f"{name}已有未销号的个案（{existing.opened_on}立案），请在该个案中记录")
        return open_case(
            actor,
            day,
            student_id=student_id,
            origin="manual",
            origin_note=note,
            reasons=reasons,
            reason_text=reason_text,
            whereabouts=whereabouts,
            whereabouts_place=whereabouts_place,
        )


def open_for_person(
    actor: str,
    day: dt.date,
    name: str,
    id_number: str,
    village: str,
    note: str = "",
    guardian: str = "",
    phone: str = "",
) -> Case:
    """A case about a child not on our roster (a 未入学 child): a person record and its case."""
    guards.school(Action.EDIT_CASES)
    if not name.strip():
        raise CaseError("请填写孩子的姓名")
    if not village.strip():
        raise CaseError(f"{name.strip()}：请填写户籍所在地（村组）")
    with current().atomic():
        person = audit.create(
            CasePerson,
            actor,
            name=name.strip(),
            id_number=id_number.strip().upper(),
            village=village.strip(),
            guardian=guardian.strip(),
            phone=phone.strip(),
        )
        return open_case(actor, day, person=person, origin="manual", origin_note=note)


def open_from_escalation(actor: str, item: ActionItem, day: dt.date) -> tuple[Case, bool]:
    """立案 offered by the 3-day report step or 疑似辍学: the child's open case (new or not)."""
    guards.for_student(Action.EDIT_CASES, item.student_id, day)
    return ensure_open_case(
        actor,
        item.student_id,
        day,
        "escalation",
        f"{item.label}（缺勤自{item.chain_start:%m月%d日}起{item.absent_days}个上学日）",
        item.chain_start,
    )


def mark_step_done(
    actor: str, item: ActionItem, note: str, day: dt.date, open_case_too: bool = False
) -> Case | None:
    """Mark an escalation step done (attendance.mark_done) with what it means for the case, in one
    transaction: 立案 when asked (or always for 疑似辍学, by the 学籍变动), and for the return step
    the open case closed as 已复学. Returns the case touched, if any."""
    guards.for_student(Action.EDIT_CASES, item.student_id, day)
    with current().atomic():
        opened = None
        if open_case_too and item.step in OFFERS_CASE:
            opened = open_from_escalation(actor, item, day)[0]
        action = mark_done(actor, item, note, day=day)
        if item.step is esc.Step.RETURN:
            case = open_case_of(item.student_id)
            if case is not None:
                why = note or "经劝返已返校"
                change = action.status_change
                _write_closing(actor, case, day, rules.RETURNED, "原年级", "", why, change)
            return case
        return opened or open_case_of(item.student_id)


# --- details --------------------------------------------------------------------------------------


def _check_details(reasons: list[str], reason_text: str, whereabouts: str) -> None:
    why = rules.reasons_refusal(reasons, reason_text)
    if why:
        raise CaseError(why)
    if whereabouts and whereabouts not in rules.WHEREABOUTS:
        raise CaseError(f"没有“{whereabouts}”这种去向（可选：{'、'.join(rules.WHEREABOUTS)}）")


def update_details(
    actor: str,
    case_id: int,
    reasons: list[str],
    reason_text: str,
    whereabouts: str,
    whereabouts_place: str,
    measures: str = "",
) -> Case:
    guards.for_case(Action.EDIT_CASES, case_id)
    _check_details(reasons, reason_text, whereabouts)
    case = Case.get_by_id(case_id)
    return audit.update(
        case,
        actor,
        reasons=reasons or None,
        reason_text=reason_text.strip(),
        whereabouts=whereabouts,
        whereabouts_place=whereabouts_place.strip(),
        measures=measures.strip(),
    )


def set_responsibles(
    actor: str, case_id: int, teacher_ids: list[int], others: list[tuple[str, str]] = ()
) -> None:
    """The case's responsible people, replacing the list (teachers, then others by name and role
    such as 村干部). An empty list goes back to 三包's answer (services.responsibility)."""
    guards.for_case(Action.EDIT_CASES, case_id)
    with current().atomic():
        for row in CaseResponsible.select().where(CaseResponsible.case == case_id):
            audit.delete(row, actor)
        n = 0
        for tid in dict.fromkeys(teacher_ids):
            audit.create(
                CaseResponsible, actor, case=case_id, teacher=tid, role="教师", sort_order=n
            )
            n += 1
        for name, role in others:
            if name.strip():
                audit.create(
                    CaseResponsible, actor, case=case_id, name=name.strip(), role=role, sort_order=n
                )
                n += 1


def responsible_names(cases: list[Case], day: dt.date) -> dict[int, list[str]]:
    """case id → the responsible people's names: the case's own list, else 三包's for the day."""
    ids = [c.id for c in cases]
    names = dict(Teacher.select(Teacher.id, Teacher.name).tuples())
    own: dict[int, list[str]] = {}
    rows = CaseResponsible.select().where(CaseResponsible.case.in_(ids))
    for r in rows.order_by(CaseResponsible.sort_order):
        who = names.get(r.teacher_id, "") if r.teacher_id else f"{r.name}（{r.role}）"
        own.setdefault(r.case_id, []).append(who)
    missing = [c.student_id for c in cases if c.id not in own and c.student_id]
    resolved = responsible_for(missing, day) if missing else {}
    out = {}
    for c in cases:
        if c.id in own:
            out[c.id] = own[c.id]
        elif c.student_id in resolved:
            out[c.id] = [t.name for t in resolved[c.student_id].teachers]
        else:
            out[c.id] = []
    return out


# --- 四步法 -----------------------------------------------------------------------------------------


def enter_stage(actor: str, case_id: int, stage: int, day: dt.date, note: str = "") -> CaseStage:
    """The case reaches a 四步法 stage on `day`; its deadline comes from the school's setting."""
    guards.for_case(Action.EDIT_CASES, case_id)
    if stage not in rules.STAGES:
        raise CaseError(f"四步法只有第1到第{max(rules.STAGES)}步")
    with current().atomic():
        case = Case.get_by_id(case_id)
        if case.closed_on is not None:
            raise CaseError("个案已销号，不能再推进四步法；如需继续，请先重新立案")
        if stage < case.stage:
            raise CaseError(
                f"个案已在{rules.stage_label(case.stage)}，不能退回{rules.stage_label(stage)}"
            )
        row = audit.create(
            CaseStage,
            actor,
            case=case,
            stage=stage,
            started_on=day,
            deadline=rules.stage_deadline(stage, day, stage_days()),
            note=note.strip(),
            recorded_by=actor,
        )
        audit.update(case, actor, stage=stage)
    return row


# --- 销号 and reopening --------------------------------------------------------------------------


def _return_item(student_id: int, day: dt.date) -> ActionItem | None:
    for item in escalation_items(day, student_ids=[student_id]):
        if item.step is esc.Step.RETURN and item.state is not esc.ActionState.DONE:
            return item
    return None


def _write_closing(actor, case, day, kind, placement, evidence, note, change) -> CaseClosing:
    closing = audit.create(
        CaseClosing,
        actor,
        case=case,
        closed_on=day,
        kind=kind,
        placement=placement if kind == rules.RETURNED else "",
        evidence=evidence.strip(),
        note=note.strip(),
        closed_by=actor,
        status_change=change,
    )
    audit.update(case, actor, closed_on=day)
    return closing


def close_case(
    actor: str,
    case_id: int,
    day: dt.date,
    kind: str,
    placement: str = "",
    evidence: str = "",
    note: str = "",
) -> CaseClosing:
    """销号. 已复学 is also the escalation's return step: the step is marked done when the
    head-count shows the child back, and a child marked away becomes 劝返复学 either way."""
    guards.for_case(Action.EDIT_CASES, case_id)
    why = rules.close_refusal(kind, placement, evidence)
    if why:
        raise CaseError(why)
    with current().atomic():
        case = Case.get_by_id(case_id)
        if case.closed_on is not None:
            raise CaseError(f"该个案已于{case.closed_on}销号")
        if day < stored_day(case.opened_on):
            raise CaseError(f"销号日期{day}早于立案日期{case.opened_on}")
        change = None
        if kind == rules.RETURNED and case.student_id:
            item = _return_item(case.student_id, day)
            if item is not None:
                change = mark_done(actor, item, note or "个案销号：已复学", day=day).status_change
            elif Student.get_by_id(case.student_id).status in esc.MARKED_AWAY:
                with guards.part_of_allowed_step():  # the 复学 that closes the case
                    change = change_status(
                        actor,
                        case.student_id,
                        StudentStatus.PERSUADED_BACK,
                        day,
                        f"经劝返已复学（{placement}）",
                        today=max(day, dt.date.today()),
                    )
        return _write_closing(actor, case, day, kind, placement, evidence, note, change)


def reopen_case(actor: str, case_id: int, day: dt.date, reason: str) -> Case:
    """A closed case opened again (the child left again, a 销号 in error). The closing stays,
    marked reopened, so the history shows both."""
    guards.for_case(Action.EDIT_CASES, case_id)
    if not reason.strip():
        raise CaseError("请填写重新立案的原因")
    with current().atomic():
        case = Case.get_by_id(case_id)
        if case.closed_on is None:
            raise CaseError("该个案尚未销号")
        if case.student_id and open_case_of(case.student_id) is not None:
            raise CaseError("这个学生已有另一个未销号的个案")
        closing = (
            CaseClosing.select()
            .where((CaseClosing.case == case) & CaseClosing.reopened_on.is_null())
            .order_by(CaseClosing.id.desc())
            .first()
        )
        if closing is not None:
            if day < stored_day(closing.closed_on):
                raise CaseError(f"重新立案日期{day}早于销号日期{closing.closed_on}")
            audit.update(
                closing, actor, reopened_on=day, reopened_by=actor, reopen_reason=reason.strip()
            )
        return audit.update(case, actor, closed_on=None)


# --- reading one case ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StageRow:
    stage: int
    label: str
    started_on: dt.date
    deadline: dt.date | None
    note: str


@dataclass(frozen=True)
class ClosingRow:
    closed_on: dt.date
    kind: str
    placement: str
    evidence: str
    note: str
    closed_by: str
    reopened_on: dt.date | None
    reopen_reason: str


@dataclass(frozen=True)
class CaseDetail:
    id: int
    student_id: int | None
    name: str
    class_name: str
    status: str
    opened_on: dt.date
    origin: str
    origin_note: str
    reasons: tuple[str, ...]
    reason_text: str
    whereabouts: str
    whereabouts_place: str
    measures: str
    stage: int
    closed_on: dt.date | None
    responsible: tuple[str, ...]
    stages: tuple[StageRow, ...]
    closings: tuple[ClosingRow, ...]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


def case_detail(case_id: int, today: dt.date | None = None) -> CaseDetail:
    case = Case.get_by_id(case_id)
    today = today or dt.date.today()
    if case.student_id:
        student = Student.get_by_id(case.student_id)
        name, status = student.name, student.status
        class_name = student.school_class.name if student.school_class_id else "未分班"
    else:
        person = case.person
        name, status, class_name = person.name, "未入学", f"{person.village}（不在花名册）"
    stages = [
        StageRow(
            s.stage,
            rules.stage_label(s.stage),
            stored_day(s.started_on),
            stored_day(s.deadline) if s.deadline else None,
            s.note,
        )
        for s in case.stages.order_by(CaseStage.started_on, CaseStage.id)
    ]
    closings = [
        ClosingRow(
            stored_day(c.closed_on),
            c.kind,
            c.placement,
            c.evidence,
            c.note,
            c.closed_by,
            stored_day(c.reopened_on) if c.reopened_on else None,
            c.reopen_reason,
        )
        for c in case.closings.order_by(CaseClosing.id)
    ]
    return CaseDetail(
        id=case.id,
        student_id=case.student_id,
        name=name,
        class_name=class_name,
        status=status,
        opened_on=stored_day(case.opened_on),
        origin=case.origin,
        origin_note=case.origin_note,
        reasons=tuple(case.reasons or ()),
        reason_text=case.reason_text,
        whereabouts=case.whereabouts,
        whereabouts_place=case.whereabouts_place,
        measures=case.measures,
        stage=case.stage,
        closed_on=stored_day(case.closed_on) if case.closed_on else None,
        responsible=tuple(responsible_names([case], today)[case.id]),
        stages=tuple(stages),
        closings=tuple(closings),
    )


def cases_of_student(student_id: int) -> list[int]:
    return [
        c.id
        for c in Case.select(Case.id).where(Case.student == student_id).order_by(Case.id.desc())
    ]


# --- choices for the forms -----------------------------------------------------------------------


def teacher_choices() -> list[tuple[int, str]]:
    """Teachers still at the school, as (id, name), for "who went"."""
    return list(
        Teacher.select(Teacher.id, Teacher.name).where(Teacher.active).order_by(Teacher.id).tuples()
    )


def student_choices(text: str, limit: int = 30) -> list[tuple[int, str]]:
    """Students whose name (or pinyin, initials) contains `text`, as (id, "姓名（班级，状态）")."""
    text = text.strip().lower()
    if not text:
        return []
    q = (
        Student.select()
        .where(
            Student.name.contains(text)
            | Student.name_pinyin.contains(text)
            | Student.name_initials.contains(text)
        )
        .order_by(Student.name_pinyin)
        .limit(limit)
    )
    out = []
    for s in q:
        klass = s.school_class.name if s.school_class_id else "未分班"
        out.append((s.id, f"{s.name}（{klass}，{s.status}）"))
    return out


def school_name() -> str:
    school = School.select().first()
    return school.name if school else ""
