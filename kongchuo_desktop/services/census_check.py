"""人籍比对 over the stored lists: the villages' children of one 学年 against the register, with the
clerk's decisions (result, school elsewhere, 就读证明 and its photo, note, confirmed 未入学).

The comparison itself is domain.census_match (pure); this module reads its inputs, keeps the
decisions (audited, keyed by school year and child: a corrected list keeps them) and the proofs
(services.attachments, owner_table "census_decision").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kongchuo_desktop import settings
from kongchuo_desktop.db.census_models import CensusDecision, CensusEntry, CensusList
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import SchoolClass, Student
from kongchuo_desktop.domain import census_dates
from kongchuo_desktop.domain.census_match import (
    AgeRules,
    CensusChild,
    CensusResult,
    Comparison,
    Decision,
    Listing,
    RegisterStudent,
    compare,
    with_decision,
)
from kongchuo_desktop.domain.grades import class_name
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import (
    access,
    attachments,
    audit,
    case_opening,
    cases,
    guards,
    visibility,
)
from kongchuo_desktop.services.calendar_service import current_school_year

PROOF_TABLE = "census_decision"
PROOF_KIND = "就读证明"


class CensusError(UserError, ValueError):
    """A decision that cannot be saved; the message says why."""


def age_rules() -> AgeRules:
    month, day = census_dates.month_day(settings.get("census.age_cutoff"))
    return AgeRules(
        entry_age=settings.get("census.entry_age"),
        last_age=settings.get("census.last_age"),
        cutoff_month=month,
        cutoff_day=day,
    )


def years() -> list[str]:
    """School years with lists, newest first."""
    rows = CensusList.select(CensusList.school_year).distinct().tuples()
    return sorted((y for (y,) in rows), reverse=True)


def default_year() -> str | None:
    found = years()
    this = current_school_year()
    return this if this in found or not found else found[0]


def listings(school_year: str) -> list[Listing]:
    q = (
        CensusEntry.select(CensusEntry, CensusList)
        .join(CensusList)
        .where(CensusList.school_year == school_year)
        .order_by(CensusList.village, CensusEntry.row)
    )
    return [
        Listing(
            list_id=e.census_list.id,
            file_name=e.census_list.file_name,
            row=e.row,
            village=e.census_list.village,
            group=e.group_name,
            householder=e.householder,
            name=e.name,
            id_number=e.id_number,
            birth_date=e.birth_date,
            sex=e.sex,
            school=e.school,
            note=e.note,
        )
        for e in q
    ]


def register_students() -> list[RegisterStudent]:
    classes = {
        c.id: class_name(c.grade, c.number)
        for c in SchoolClass.select(SchoolClass.id, SchoolClass.grade, SchoolClass.number)
    }
    q = Student.select(
        Student.id,
        Student.name,
        Student.id_number,
        Student.birth_date,
        Student.status,
        Student.school_class,
    ).tuples()
    return [
        RegisterStudent(sid, name, (number or "").upper(), birth, status, classes.get(cid, ""))
        for sid, name, number, birth, status, cid in q
    ]


def _decision(row: CensusDecision) -> Decision:
    return Decision(
        result=row.result,
        school=row.school,
        proof_received=bool(row.proof_received),
        proof_date=row.proof_date,
        note=row.note,
        confirmed=bool(row.confirmed),
        case_id=row.case_id,
    )


def decisions(school_year: str) -> dict[str, Decision]:
    q = CensusDecision.select().where(CensusDecision.school_year == school_year)
    return {row.child_key: _decision(row) for row in q}


def comparison(school_year: str | None = None) -> Comparison:
    """The year's lists compared with the register (default: this year's, or the newest)."""
    year = school_year or default_year()
    if not year:
        return Comparison([], [])
    full = compare(
        listings(year),
        register_students(),
        year,
        age_rules(),
        decisions(year),
        on_roll={s.value for s in ON_ROLL},
    )
    if access.current().can(Action.READ_CENSUS):
        return full
    # Children who are not ours are seen only by 管理员/教务员/校长; the others see the list's
    # children on our roster that they may read.
    return Comparison(
        visibility.students(
            [c for c in full.children if c.student_id is not None], lambda c: c.student_id
        ),
        visibility.students(full.unlisted, lambda s: s.id),
    )


def decide(
    actor: str,
    school_year: str,
    child: CensusChild,
    *,
    result: CensusResult | str | None = None,
    school: str | None = None,
    proof_received: bool | None = None,
    proof_date: dt.date | None = None,
    note: str | None = None,
    confirmed: bool | None = None,
    now: dt.datetime | None = None,
) -> CensusChild:
    """Save what the clerk decided about `child` (only the arguments given change). A result
    equal to the comparison's is stored as "as compared", so a corrected list can still move it.
    A 未入学/失学 confirmed opens a 劝返 case in the ledger (once). Returns the child as the list
    will show it."""
    guards.school(Action.EDIT_ROSTER)
    old = child.decision
    chosen = CensusResult(result) if result else None
    if result is not None:
        new_result = "" if chosen in (None, child.computed) else chosen.value
    else:
        new_result = old.result
    proof = old.proof_received if proof_received is None else bool(proof_received)
    day = proof_date if proof_date is not None else old.proof_date
    if proof_received is False:
        day = None
    if proof and day is None:
        day = (now or dt.datetime.now()).date()
    final = CensusResult(new_result) if new_result else child.computed
    is_confirmed = old.confirmed if confirmed is None else bool(confirmed)
    if is_confirmed and final is not CensusResult.NOT_ENROLLED:
        is_confirmed = False
    fields = {
        "result": new_result,
        "school": (old.school if school is None else school.strip())[:255],
        "proof_received": proof,
        "proof_date": day,
        "note": old.note if note is None else note.strip(),
        "confirmed": is_confirmed,
        "updated_at": now or dt.datetime.now().replace(microsecond=0),
        "updated_by": actor,
    }
    with current().atomic():
        row = _row_for(actor, school_year, child.key)
        audit.update(row, actor, **fields)
        if is_confirmed and row.case_id is None:
            day = (now or dt.datetime.now()).date()
            case = _open_case(actor, child, day, fields["note"])
            audit.update(row, actor, case_id=case.id)
    return with_decision(child, _decision(row))


CASE_NOTE = "人籍比对核实：适龄未入学"


def link_case(actor: str, school_year: str, child: CensusChild, case_id: int, note: str = ""):
    """The child is confirmed 未入学 and already has a case in the ledger (opened there by hand
    before the lists came): record that case instead of opening a second one."""
    guards.school(Action.EDIT_ROSTER)
    with current().atomic():
        row = _row_for(actor, school_year, child.key)
        fields = {"confirmed": True, "case_id": case_id, "updated_by": actor}
        audit.update(row, actor, **fields, **({"note": note} if note else {}))
    return with_decision(child, _decision(row))


def _open_case(actor: str, child: CensusChild, day: dt.date, note: str):
    """A confirmed 未入学 child's 劝返 case, through the cases service: for a child of our roster
    (a 辍学 student) the child's open case (made if none); for anyone else a person record and
    its case. Confirming again later opens no second case; the case is closed in the ledger."""
    first = child.listings[0]
    why = f"{CASE_NOTE}（{child.village_text}摸底名单，户主{child.householder or '不详'}）"
    why += f"；{note}" if note else ""
    if child.student_id is not None:
        return case_opening.ensure_open_case(actor, child.student_id, day, "manual", why)[0]
    return cases.open_for_person(
        actor, day, child.name, child.id_number, f"{first.village}{first.group}", note=why
    )


def _row_for(actor: str, school_year: str, key: str) -> CensusDecision:
    """The decision row of a child, made when first needed. Its key (which may hold the ID number)
    is not copied into the audit trail: the trail names the row by id."""
    row = CensusDecision.get_or_none(
        (CensusDecision.school_year == school_year) & (CensusDecision.child_key == key)
    )
    if row is None:
        row = CensusDecision.create(school_year=school_year, child_key=key, updated_by=actor)
        audit.record(actor, row, "insert", None, {"school_year": school_year})
    return row


def attach_proof(
    actor: str, school_year: str, child: CensusChild, path: Path | str
) -> attachments.Attachment:
    """Copy a photo or scan of the 就读证明 into the data folder and mark the proof received
    (dated today unless a date was recorded)."""
    guards.school(Action.EDIT_ROSTER)
    with current().atomic():
        row = _row_for(actor, school_year, child.key)
        added = attachments.add_file(actor, Path(path), PROOF_KIND, PROOF_TABLE, row.id)
    if not child.decision.proof_received:
        decide(actor, school_year, child, proof_received=True)
    return added


def proofs(school_year: str, child: CensusChild) -> list[attachments.Attachment]:
    row = CensusDecision.get_or_none(
        (CensusDecision.school_year == school_year) & (CensusDecision.child_key == child.key)
    )
    return attachments.list_for(PROOF_TABLE, row.id) if row else []


def mask_id(number: str) -> str:
    """An ID number as printed where the full one is not needed: 5224**********123X."""
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}" if len(number) > 8 else number


def compare_plan(plan) -> Comparison:
    """The comparison of the children in an import plan's files only (census_import.CensusPlan),
    before or after they are written: what `kongchuo census` reports."""
    found = [
        Listing(
            list_id=0,
            file_name=f.path.name,
            row=r.row,
            village=r.village,
            group=r.group,
            householder=r.householder,
            name=r.name,
            id_number=r.id_number,
            birth_date=r.birth_date,
            sex=r.sex,
            school=r.school,
            note=r.note,
        )
        for f in plan.files
        if not f.failure
        for r in f.records
    ]
    return compare(
        found,
        register_students(),
        plan.school_year,
        age_rules(),
        decisions(plan.school_year),
        on_roll={s.value for s in ON_ROLL},
    )
