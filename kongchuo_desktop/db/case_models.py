"""peewee models of 劝返 cases (一生一案, schema v11): the case, the child not on the roster, the
responsible people, the 四步法 stages, each 销号 and reopening, and every contact (家访/劝返记录)
with the teachers planned and those who went.

A case is never deleted. Closing writes a `CaseClosing`; reopening marks that row reopened (it
stays, so the history shows both); `Case.closed_on` caches the open closing's day for filters.
Photos and scans of a contact are `Attachment` rows with owner_table "case_contact".
"""

from __future__ import annotations

import peewee as pw

from kongchuo_desktop.db.models import (
    BaseModel,
    JSONField,
    StatusChange,
    Student,
    Teacher,
    _now,
)


class CasePerson(BaseModel):
    """A child a case concerns who is not on our roster (a 未入学 child of the census): name,
    ID number, village."""

    name = pw.CharField()
    id_number = pw.CharField(default="")
    sex = pw.CharField(default="")
    birth_date = pw.DateField(null=True)
    village = pw.CharField(default="")  # 户籍所在地 / 村组
    guardian = pw.CharField(default="")  # 监护人姓名
    phone = pw.CharField(default="")
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "case_person"


class Case(BaseModel):
    """一生一案: one child's 劝返 case. Exactly one of `student` / `person` is set."""

    student = pw.ForeignKeyField(Student, null=True, backref="cases", on_delete="CASCADE")
    person = pw.ForeignKeyField(CasePerson, null=True, backref="cases", on_delete="CASCADE")
    school_year = pw.CharField()  # the 学年 the case was opened in ("2026-2027")
    opened_on = pw.DateField()
    opened_by = pw.CharField(default="")
    # escalation (from the head-count's escalation) / manual (by hand) / upgrade (schema v11)
    origin = pw.CharField(default="manual")
    origin_note = pw.TextField(default="")  # 辍学倾向 reported by …, 开学未报到 …
    chain_start = pw.DateField(null=True)  # the escalation's run of absences, when from there
    reasons = JSONField(null=True)  # ["厌学", "其他"] (domain.cases.REASONS)
    reason_text = pw.TextField(default="")  # 其他: the words
    whereabouts = pw.CharField(default="")  # 在家 / 外出务工 / 随父母外地 / 失联 …
    whereabouts_place = pw.CharField(default="")  # where, for 外出务工 / 随父母外地
    measures = pw.TextField(default="")  # 劝返措施 as the ledger states them
    stage = pw.IntegerField(default=0)  # 四步法: 0 none yet, 1..4 (domain.cases.STAGES)
    closed_on = pw.DateField(null=True)  # cache of the open CaseClosing's day; None = open
    created_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "student_case"
        indexes = ((("closed_on",), False),)


class CaseResponsible(BaseModel):
    """A person responsible for a case (from 三包, editable): a teacher, or a named outsider
    (村干部 …) with `teacher` None."""

    case = pw.ForeignKeyField(Case, backref="responsibles", on_delete="CASCADE")
    teacher = pw.ForeignKeyField(Teacher, null=True, on_delete="SET NULL")
    name = pw.CharField(default="")  # for someone not a teacher
    role = pw.CharField(default="")  # 班主任 / 包保教师 / 村干部 …
    sort_order = pw.IntegerField(default=0)

    class Meta:
        table_name = "case_responsible"


class CaseStage(BaseModel):
    """One 四步法 stage reached, with its dates: ① 批评教育/责令改正 ② 限期复学通知书 ③ 行政处罚决定书
    ④ 司法程序. The deadline comes from a setting when the stage is entered."""

    case = pw.ForeignKeyField(Case, backref="stages", on_delete="CASCADE")
    stage = pw.IntegerField()
    started_on = pw.DateField()
    deadline = pw.DateField(null=True)
    note = pw.TextField(default="")
    recorded_by = pw.CharField(default="")
    recorded_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "case_stage"
        indexes = ((("case", "started_on"), False),)


class CaseClosing(BaseModel):
    """One 销号 of a case and, if it came to that, its reopening. 已复学 names the 劝返复学
    学籍变动 it wrote."""

    case = pw.ForeignKeyField(Case, backref="closings", on_delete="CASCADE")
    closed_on = pw.DateField()
    kind = pw.CharField()  # domain.cases.CLOSE_KINDS: 已复学 / 转学 / 休学 / 死亡 / 信息错误 …
    placement = pw.CharField(
        default=""
    )  # 已复学: 原年级 / 相应年级 / 辅导后编班 / 送教上门 / 职业学校
    evidence = pw.TextField(default="")  # what proves it (转学 接收证明, 派出所证明 …)
    note = pw.TextField(default="")
    closed_by = pw.CharField(default="")
    closed_at = pw.DateTimeField(default=_now)
    status_change = pw.ForeignKeyField(StatusChange, null=True, on_delete="SET NULL")
    reopened_on = pw.DateField(null=True)
    reopened_by = pw.CharField(default="")
    reopen_reason = pw.TextField(default="")

    class Meta:
        table_name = "case_closing"


class CaseContact(BaseModel):
    """A contact (家访/劝返记录): a visit, call, message, meeting or letter; or one planned ahead
    (`done` False) with the teachers assigned. Routine visits to an at-risk child without a case
    have `case` None and name the student."""

    case = pw.ForeignKeyField(Case, null=True, backref="contacts", on_delete="CASCADE")
    student = pw.ForeignKeyField(Student, null=True, backref="contacts", on_delete="CASCADE")
    date = pw.DateField()  # the day it happened (or is planned for)
    done = pw.BooleanField(default=True)
    method = pw.CharField(default="入户")  # 入户 / 电话 / 微信 / 来校面谈 / 发函
    cadres = pw.CharField(default="")  # village cadres who went, by name (comma-separated)
    met_whom = pw.CharField(default="")
    attitude = pw.CharField(default="")  # the guardian's attitude
    agreed = pw.TextField(default="")
    outcome = pw.CharField(default="")  # domain.cases.OUTCOMES
    next_step = pw.TextField(default="")
    next_step_date = pw.DateField(null=True)
    note = pw.TextField(default="")
    recorded_by = pw.CharField(default="")
    recorded_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "case_contact"
        indexes = (
            (("case", "date"), False),
            (("student", "date"), False),
            (("next_step_date",), False),
        )


class ContactTeacher(BaseModel):
    """A teacher on a contact: `planned` (assigned to go) or `went` (actually went); the
    assessment counts both."""

    contact = pw.ForeignKeyField(CaseContact, backref="teachers", on_delete="CASCADE")
    teacher = pw.ForeignKeyField(Teacher, backref="contacts", on_delete="CASCADE")
    role = pw.CharField(default="went")  # planned / went

    class Meta:
        table_name = "contact_teacher"
        indexes = ((("contact", "teacher", "role"), True),)


CASE_MODELS: list[type[BaseModel]] = [
    CasePerson,
    Case,
    CaseResponsible,
    CaseStage,
    CaseClosing,
    CaseContact,
    ContactTeacher,
]
