"""Editing a student on the student page: the state of one 编辑 (what the clerk typed, which fields
changed, what is wrong with them) and saving it, audited, in one transaction.

`StudentEdit` is plain Python (no Qt, no database): the dialog shows it and forwards each edit to
it. The checks are the import's (roster_values, roster_rows' ID rules, hidden characters) plus the
phone rule (domain.phone_number). A value the clerk typed must pass; a value already stored that
would not (a malformed phone let in by an import, a birth date that disagrees with the ID) is only
reminded of, so that correcting one field never waits on another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

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
    StatusChange,
    Student,
    TransferProcedure,
)
from kongchuo_desktop.domain import id_number as idn
from kongchuo_desktop.domain import phone_number
from kongchuo_desktop.domain import roster_values as rv
from kongchuo_desktop.domain.hidden_text import refuse_hidden
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.roster_rows import ID_CARD_TYPES, STUDENT_ATTRS
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import audit, guards, membership
from kongchuo_desktop.services.roster_queries import StudentDetail, student_detail

# Register fields the editor changes (label → Student attribute), in the page's order. 年级, 班级
# and 学籍状态 are not among them: they change through 调班 and 学籍变动, which keep their history.
EDITABLE: dict[str, str] = {label: attr for label, (attr, _) in STUDENT_ATTRS.items()}
CHOICES: dict[str, tuple[str, ...]] = {
    "性别": ("", "男", "女"),
    "是否独生子女": ("", "是", "否"),
    "就读方式": ("", "走读", "住校"),
}
GUARDIAN_PARTS = ("姓名", "关系", "联系电话", "监护人", "外出务工")
# Fields whose agreement with the ID number is checked.
_ID_FIELDS = ("身份证件类型", "身份证件号", "出生日期", "性别")


class StudentEditError(UserError, ValueError):
    """The edit cannot be saved: the text lists each problem with its field."""


@dataclass
class GuardianDraft:
    id: int = 0  # the stored row; 0 for one added in this edit
    name: str = ""
    relation: str = ""
    phone: str = ""
    is_guardian: bool = True
    works_away: bool = False


@dataclass(frozen=True)
class EditProblem:
    field: str  # the field as the page names it: 联系电话, 家庭成员2（张大山）姓名 …
    message: str  # complete Chinese, naming the field
    is_error: bool = True  # False: a reminder about a stored value, saving goes on


@dataclass(frozen=True)
class CheckedEdit:
    student: dict[str, object]  # Student attribute → cleaned value, changed ones only
    guardians: list[GuardianDraft]  # cleaned, in order
    problems: list[EditProblem]

    @property
    def errors(self) -> list[EditProblem]:
        return [p for p in self.problems if p.is_error]


class StudentEdit:
    """One 编辑 of one student: the texts of the register fields and the family members."""

    def __init__(self, detail: StudentDetail):
        self.student_id = detail.student.id
        shown = dict(detail.fields)
        self.original: dict[str, str] = {label: shown.get(label, "") for label in EDITABLE}
        self.texts = dict(self.original)
        self.original_guardians = [
            GuardianDraft(g.id, g.name, g.relation, g.phone, g.is_guardian, g.works_away)
            for g in detail.guardians
        ]
        self.guardians = [replace(g) for g in self.original_guardians]

    # ---- what the clerk does --------------------------------------------------------------

    def set(self, label: str, text: str) -> None:
        if label not in EDITABLE:
            raise KeyError(label)
        self.texts[label] = text

    def add_guardian(self) -> int:
        """A new, empty family member at the end (a guardian unless unticked); its index."""
        self.guardians.append(GuardianDraft(is_guardian=not self.guardians))
        return len(self.guardians) - 1

    def remove_guardian(self, index: int) -> None:
        del self.guardians[index]

    def move_guardian(self, index: int, step: int) -> int:
        """Move a family member up (-1) or down (+1); its new index."""
        to = max(0, min(len(self.guardians) - 1, index + step))
        self.guardians.insert(to, self.guardians.pop(index))
        return to

    def set_guardian(self, index: int, **values: object) -> None:
        draft = self.guardians[index]
        for name, value in values.items():
            if not hasattr(draft, name) or name == "id":
                raise KeyError(name)
            setattr(draft, name, value)

    # ---- what the page shows ------------------------------------------------------------

    def changed_fields(self) -> list[str]:
        """Labels of the register fields typed differently from what is stored."""
        return [k for k in EDITABLE if self.texts[k].strip() != self.original[k].strip()]

    @property
    def guardians_changed(self) -> bool:
        return self.guardians != self.original_guardians

    @property
    def dirty(self) -> bool:
        return bool(self.changed_fields()) or self.guardians_changed

    def summary(self) -> str:
        """“已修改：联系电话、家庭成员” — or “没有修改”."""
        parts = self.changed_fields() + (["家庭成员"] if self.guardians_changed else [])
        return f"已修改：{'、'.join(parts)}" if parts else "没有修改"

    def problems(self) -> list[EditProblem]:
        return self.check().problems

    # ---- the checks -----------------------------------------------------------------------

    def check(self) -> CheckedEdit:
        problems: list[EditProblem] = []
        changed = set(self.changed_fields())
        values: dict[str, object] = {}
        for label, attr in EDITABLE.items():
            text = self.texts[label]
            try:
                values[attr] = _read(label, text)
            except ValueError as exc:
                problems.append(EditProblem(label, _named(label, str(exc)), label in changed))
                values[attr] = None
        if not values["name"] and "姓名" not in {p.field for p in problems}:
            problems.append(EditProblem("姓名", "请填写姓名"))
        if not values["id_number"] and not values["student_number"]:
            typed = bool(changed & {"身份证件号", "学籍号"})
            problems.append(EditProblem("身份证件号", "身份证件号和学籍号至少要填一个", typed))
        problems += _id_agreement(values, strict=bool(changed & set(_ID_FIELDS)))
        why = phone_number.problem(str(values["phone"] or ""), "联系电话")
        if why:
            problems.append(EditProblem("联系电话", why, "联系电话" in changed))
        guardians = self._checked_guardians(problems)
        stored = {
            attr: _read_quietly(label, self.original[label]) for label, attr in EDITABLE.items()
        }
        changes = {
            attr: value
            for attr, value in values.items()
            if EDITABLE_LABEL[attr] in changed and value != stored[attr]
        }
        for attr in ("birth_date", "sex"):  # filled from the ID when left blank
            if values[attr] != stored[attr] and values[attr] not in (None, ""):
                changes[attr] = values[attr]
        return CheckedEdit(changes, guardians, problems)

    def _checked_guardians(self, problems: list[EditProblem]) -> list[GuardianDraft]:
        stored = {g.id: g for g in self.original_guardians}
        out = []
        for n, g in enumerate(self.guardians, start=1):
            who = f"第{n}位家庭成员" + (f"（{g.name.strip()}）" if g.name.strip() else "")
            typed = g.id == 0 or stored.get(g.id) != g
            clean = replace(g)
            try:
                clean.name = rv.name(g.name)
                refuse_hidden(g.relation, f"{who}的关系")
                clean.relation = rv.text(g.relation)
                refuse_hidden(g.phone, f"{who}的联系电话")
                clean.phone = rv.phone(g.phone)
            except ValueError as exc:
                problems.append(EditProblem(f"{who}", f"{who}：{exc}"))
            if not clean.name:
                problems.append(EditProblem(f"{who}姓名", f"{who}没有填写姓名"))
            old = stored.get(g.id)
            phone_typed = typed and (old is None or old.phone != g.phone)
            why = phone_number.problem(clean.phone, f"家庭成员{clean.name or n}的联系电话")
            if why:
                problems.append(EditProblem(f"{who}联系电话", why, phone_typed))
            out.append(clean)
        return out


EDITABLE_LABEL = {attr: label for label, attr in EDITABLE.items()}


def _read(label: str, text: str) -> object:
    """The cleaned value of one field as typed; ValueError (Chinese) when it cannot be."""
    refuse_hidden(text, label)
    if label == "出生日期":
        return rv.date(text)  # the editor wants a whole date; the ID has one anyway
    if label == "是否独生子女":
        return rv.yes_no(text)
    _, reader = STUDENT_ATTRS[label]
    return reader(text)  # type: ignore[operator]


def _read_quietly(label: str, text: str) -> object:
    try:
        return _read(label, text)
    except ValueError:
        return text


def _named(label: str, message: str) -> str:
    return message if message.startswith(label) or label in message[:12] else f"{label}：{message}"


def _id_agreement(values: dict[str, object], strict: bool) -> list[EditProblem]:
    """The ID number's check digit, and the birth date and sex it holds, as the import checks
    them. Blank birth date and sex are filled from it. `strict`: one of these fields was typed,
    so a disagreement is an error; otherwise a reminder."""
    number = str(values["id_number"] or "")
    if not number or str(values["id_type"] or "") not in ID_CARD_TYPES:
        return []
    why = idn.problem(number)
    if why:
        return [EditProblem("身份证件号", f"身份证件号：{why}", strict)]
    out = []
    born, sex = idn.birth_date(number), idn.sex(number)
    if values["birth_date"] is None:
        values["birth_date"] = born
    elif values["birth_date"] != born:
        message = f"出生日期{values['birth_date']}与身份证件号中的{born}不一致"
        out.append(EditProblem("出生日期", message, strict))
    if not values["sex"]:
        values["sex"] = sex
    elif values["sex"] != sex:
        out.append(EditProblem("性别", f"性别“{values['sex']}”与身份证件号（{sex}）不一致", strict))
    return out


def save_student_edit(actor: str, edit: StudentEdit) -> list[str]:
    """Write the edit in one transaction, every row audited with before and after. Refused
    (StudentEditError, nothing written) while a typed value is wrong or an ID number or 学籍号
    belongs to another student. Returns what changed, as the page names it."""
    guards.school(Action.EDIT_ROSTER)
    checked = edit.check()
    if checked.errors:
        lines = "\n".join(f"· {p.message}" for p in checked.errors)
        raise StudentEditError(f"没有保存，请先改正：\n{lines}")
    if not edit.dirty:
        return []
    with current().atomic():
        now = StudentEdit(student_detail(edit.student_id))
        if now.original != edit.original or now.original_guardians != edit.original_guardians:
            # Another computer (or an import) changed the child while this page was open.
            raise StudentEditError(
                "没有保存：打开这一页之后，该生的信息已被修改（可能是另一台电脑或导入）。"
                "请关闭档案页后重新打开，再修改。"
            )
        student = Student.get_by_id(edit.student_id)
        changes = dict(checked.student)
        for attr, label in (("id_number", "身份证件号"), ("student_number", "学籍号")):
            if attr not in changes:
                continue
            changes[attr] = changes[attr] or None
            other = Student.get_or_none(
                (getattr(Student, attr) == changes[attr]) & (Student.id != student.id)
            )
            if changes[attr] and other is not None:
                raise StudentEditError(f"没有保存：{label}{changes[attr]}已属于学生{other.name}")
        audit.update(student, actor, **changes)
        if edit.guardians_changed:
            _save_guardians(actor, student, checked.guardians)
    done = [EDITABLE_LABEL[a] for a in checked.student]
    return done + (["家庭成员"] if edit.guardians_changed else [])


def _save_guardians(actor: str, student: Student, drafts: list[GuardianDraft]) -> None:
    stored = {g.id: g for g in student.guardians}
    kept = {d.id for d in drafts if d.id}
    for gid, row in stored.items():
        if gid not in kept:
            audit.delete(row, actor)
    for order, d in enumerate(drafts, start=1):
        values = {
            "name": d.name,
            "relation": d.relation,
            "phone": d.phone,
            "is_guardian": d.is_guardian,
            "works_away": d.works_away,
            "sort_order": order,
        }
        if d.id and d.id in stored:
            audit.update(stored[d.id], actor, **values)
        else:
            audit.create(Guardian, actor, student=student, **values)


# ---- a student entered by mistake ----------------------------------------------------------------

# A status change recorded with the child's record (a 转入 added by hand, an import's status) is
# part of 建档, not a later fact: within this much of the record's creation.
_WITH_RECORD = dt.timedelta(minutes=1)


def deletion_blockers(student_id: int) -> list[str]:
    """Why the student's record cannot be deleted: every fact that refers to the child beyond
    建档 (a head-count that counted the child, an absence, leave, a status change, an escalation
    step, an attached file). Empty: the record was entered by mistake and nothing depends on it."""
    s = Student.get_by_id(student_id)
    found: list[str] = []
    created = s.created_at if isinstance(s.created_at, dt.datetime) else None
    changes = [
        c
        for c in s.status_changes
        if created is None or abs(_as_datetime(c.recorded_at) - created) > _WITH_RECORD
    ]
    # The classes the child was in, and from when (a record from before memberships were kept:
    # its class from the start of that year, as services.events reads it).
    spells = [(e.school_class_id, e.start_date) for e in s.enrollments]
    if not spells and s.school_class_id is not None:
        spells = [(s.school_class_id, membership.year_start(s.school_class.school_year))]
    counted = sum(
        AttendanceReport.select()
        .where((AttendanceReport.school_class == cls) & (AttendanceReport.date >= start))
        .count()
        for cls, start in spells
    )
    attachments = Attachment.select().where(
        (Attachment.owner_table == "student") & (Attachment.owner_id == student_id)
    )
    for n, what in (
        (counted, "次点名（班级上报的应到人数包括该生）"),
        (Absence.select().where(Absence.student == student_id).count(), "条缺勤记录"),
        (LeaveRequest.select().where(LeaveRequest.student == student_id).count(), "次请假"),
        (len(changes), "次学籍变动"),
        (
            EscalationAction.select().where(EscalationAction.student == student_id).count(),
            "项缺勤上报",
        ),
        (attachments.count(), "个附件"),
        (
            TransferProcedure.select().where(TransferProcedure.student == student_id).count(),
            "份转出手续",
        ),
    ):
        if n:
            found.append(f"已有{n}{what}")
    return found


def _as_datetime(value) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def delete_student(actor: str, student_id: int) -> str:
    """Delete a record entered by mistake, with its family members, flags, class placements and
    建档 status change, each row's deletion audited, in one transaction. Refused (with the reasons)
    once anything refers to the child. Returns the deleted child's name."""
    guards.school(Action.EDIT_ROSTER)
    with current().atomic():
        s = Student.get_by_id(student_id)
        blockers = deletion_blockers(student_id)
        if blockers:
            raise StudentEditError(
                f"不能删除{s.name}的档案：{'；'.join(blockers)}。"
                "删除只用于误录入、还没有任何记录的学生；离校的学生请办理学籍变动。"
            )
        for model in (Guardian, RiskFlag, Enrollment, StatusChange):
            for row in model.select().where(model.student == student_id):
                audit.delete(row, actor)
        audit.delete(s, actor)
    return s.name


__all__ = [
    "CHOICES",
    "EDITABLE",
    "GUARDIAN_PARTS",
    "CheckedEdit",
    "EditProblem",
    "GuardianDraft",
    "StudentEdit",
    "StudentEditError",
    "delete_student",
    "deletion_blockers",
    "save_student_edit",
]
