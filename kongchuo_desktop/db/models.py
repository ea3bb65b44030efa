"""peewee models: the school, its calendar, classes, teachers, students and their history.

Table names are explicit so that migrations can name them without importing a model whose shape
has since changed.
"""

from __future__ import annotations

import datetime as dt
import json

import peewee as pw

from kongchuo_desktop.db import audit_chain
from kongchuo_desktop.db.connection import database
from kongchuo_desktop.domain.student_status import StudentStatus


def stored_day(value) -> dt.date:
    """A day as read back from SQLite, as a date: a date, a datetime (its day — the two cannot
    be compared, so one left among dates breaks sorting) or ISO text from a raw query."""
    if type(value) is str:  # the common case, a raw read: no isinstance checks
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class JSONField(pw.TextField):
    """A value kept as JSON text (settings, audit snapshots)."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, ensure_ascii=False, default=str)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class School(BaseModel):
    """The one school this database belongs to."""

    name = pw.CharField()
    county = pw.CharField(default="")
    township = pw.CharField(default="")
    school_type = pw.CharField()  # 小学 / 初中 / 九年一贯制
    address = pw.CharField(default="")
    phone = pw.CharField(default="")
    created_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "school"


class Term(BaseModel):
    """A 学期: 学年 "2026-2027", semester 1 (秋季) or 2 (春季), with its dates."""

    school_year = pw.CharField()
    semester = pw.IntegerField()
    start_date = pw.DateField()
    end_date = pw.DateField()
    # No longer read or written: the term a day belongs to follows from the dates
    # (calendar_service.term_containing). Left for the next schema change to drop.
    is_current = pw.BooleanField(default=False)

    class Meta:
        table_name = "term"
        indexes = ((("school_year", "semester"), True),)

    @property
    def semester_name(self) -> str:
        return "第一学期" if self.semester == 1 else "第二学期"

    @property
    def label(self) -> str:
        return f"{self.school_year}学年{self.semester_name}"


class CalendarDay(BaseModel):
    """A day that breaks the weekday rule: a holiday or vacation day, or a 调休 working day."""

    date = pw.DateField(unique=True)
    kind = pw.CharField()  # see domain.school_calendar.DayKind
    name = pw.CharField(default="")  # 国庆节, 寒假, 国庆调休上班 …

    class Meta:
        table_name = "calendar_day"


class Teacher(BaseModel):
    name = pw.CharField()
    sex = pw.CharField(default="")
    phone = pw.CharField(default="")
    # Comma-separated roles from domain.roles.TEACHER_ROLES; a teacher can hold several.
    roles = pw.CharField(default="科任教师")
    subject = pw.CharField(default="")
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=_now)
    # Schema v9: the day a teacher left (离校); None while in post, or for one who left before
    # the day was kept and whose audit trail does not say (shown as 日期不详).
    left_on = pw.DateField(null=True)

    class Meta:
        table_name = "teacher"

    @property
    def role_list(self) -> list[str]:
        return [r for r in self.roles.split(",") if r]


class SchoolClass(BaseModel):
    """A class in one 学年; next year's promotion makes new rows, so old years stay readable."""

    school_year = pw.CharField()
    grade = pw.IntegerField()  # 1..9 (七年级 = 7)
    number = pw.IntegerField()  # 1班 = 1
    head_teacher = pw.ForeignKeyField(Teacher, null=True, backref="head_of", on_delete="SET NULL")
    archived = pw.BooleanField(default=False)

    class Meta:
        table_name = "school_class"
        indexes = ((("school_year", "grade", "number"), True),)

    @property
    def name(self) -> str:
        from kongchuo_desktop.domain.grades import class_name

        return class_name(self.grade, self.number)


class Student(BaseModel):
    """A child with the fields of the national register (学籍). `status` is a cache of the latest
    StatusChange, kept by services.student_status only; the history is the truth."""

    name = pw.CharField()
    sex = pw.CharField(default="")
    birth_date = pw.DateField(null=True)
    id_type = pw.CharField(default="居民身份证")
    id_number = pw.CharField(null=True, unique=True)
    student_number = pw.CharField(null=True, unique=True)  # 学籍号
    ethnicity = pw.CharField(default="")
    native_place = pw.CharField(default="")
    household_address = pw.CharField(default="")  # 户口所在地
    household_type = pw.CharField(default="")  # 户口性质
    health = pw.CharField(default="")
    enrolled_on = pw.CharField(default="")  # 入学年月, as the register writes it
    study_mode = pw.CharField(default="")  # 就读方式: 走读 / 住校
    address = pw.CharField(default="")  # 现住址
    phone = pw.CharField(default="")
    is_only_child = pw.BooleanField(null=True)
    disability_type = pw.CharField(default="")
    school_class = pw.ForeignKeyField(
        SchoolClass, null=True, backref="students", on_delete="SET NULL"
    )
    status = pw.CharField(default=StudentStatus.IN_SCHOOL.value, index=True)
    notes = pw.TextField(default="")
    # Search keys kept with the name (schema v2): 张三 → "zhangsan", "zs".
    name_pinyin = pw.CharField(default="")
    name_initials = pw.CharField(default="")
    created_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "student"

    def save(self, *args, **kwargs):
        from kongchuo_desktop.domain.pinyin_keys import pinyin_keys

        self.name_pinyin, self.name_initials = pinyin_keys(self.name or "")
        only = kwargs.get("only")
        if only is not None and Student.name in only:
            kwargs["only"] = [*only, Student.name_pinyin, Student.name_initials]
        return super().save(*args, **kwargs)


class Guardian(BaseModel):
    student = pw.ForeignKeyField(Student, backref="guardians", on_delete="CASCADE")
    name = pw.CharField()
    relation = pw.CharField(default="")  # 父亲, 母亲, 祖父 …
    phone = pw.CharField(default="")
    is_guardian = pw.BooleanField(default=True)
    works_away = pw.BooleanField(default=False)
    sort_order = pw.IntegerField(default=0)

    class Meta:
        table_name = "guardian"


class RiskFlag(BaseModel):
    """A 重点/易辍学生 flag (domain.risk_flags.RISK_FLAGS) with a note."""

    student = pw.ForeignKeyField(Student, backref="risk_flags", on_delete="CASCADE")
    flag = pw.CharField()
    note = pw.CharField(default="")
    since = pw.DateField(null=True)

    class Meta:
        table_name = "risk_flag"
        indexes = ((("student", "flag"), True),)


class StatusChange(BaseModel):
    """One 学籍变动. Never overwritten: the latest one by (date, id) is the current status."""

    student = pw.ForeignKeyField(Student, backref="status_changes", on_delete="CASCADE")
    status = pw.CharField()
    date = pw.DateField()
    reason = pw.TextField(default="")
    documents = pw.TextField(default="")  # what papers were seen: 书面申请, 医院证明 …
    approved_by = pw.CharField(default="")
    recorded_by = pw.CharField(default="")
    recorded_at = pw.DateTimeField(default=_now)
    # Schema v3: how long a 延缓入学/休学 lasts, and the steps of an approval (转出: 书面申请 →
    # 班主任意见 → 接收学校 → 分管校长审批; 休学: 书面申请, 医疗证明), as {step: text}.
    until = pw.DateField(null=True)
    details = JSONField(null=True)
    # Schema v8: a change withdrawn (撤销, e.g. 录入错误) stays recorded, marked; the status is then
    # the latest change not withdrawn (services.student_status.undo_status_change).
    withdrawn_at = pw.DateTimeField(null=True)
    withdrawn_by = pw.CharField(default="")
    withdrawn_reason = pw.TextField(default="")

    class Meta:
        table_name = "status_change"
        indexes = ((("student", "date"), False),)


class Enrollment(BaseModel):
    """A child's place in a class from `start_date` (schema v6) until the child's next place
    begins: 学年升级 starts one for the new year, 调班 one mid-year (schema v3 kept one per 学年).
    Written by services.membership only; `Student.school_class` caches the latest one.
    `withdrawn_at`: a 调班 undone on the day it took effect stays recorded, marked, not deleted."""

    student = pw.ForeignKeyField(Student, backref="enrollments", on_delete="CASCADE")
    school_class = pw.ForeignKeyField(SchoolClass, backref="enrollments", on_delete="CASCADE")
    school_year = pw.CharField()
    start_date = pw.DateField()
    withdrawn_at = pw.DateTimeField(null=True)
    recorded_by = pw.CharField(default="")

    class Meta:
        table_name = "enrollment"
        indexes = ((("student", "start_date"), False),)


class ClassHead(BaseModel):
    """A class's 班主任 from `start_date` until the next row of the class (schema v6); teacher
    None: no head from that day. Written by services.responsibility only; `SchoolClass.head_teacher`
    caches the latest one."""

    school_class = pw.ForeignKeyField(SchoolClass, backref="heads", on_delete="CASCADE")
    teacher = pw.ForeignKeyField(Teacher, null=True, backref="headships", on_delete="SET NULL")
    start_date = pw.DateField()

    class Meta:
        table_name = "class_head"
        indexes = ((("school_class", "start_date"), True),)


class Setting(BaseModel):
    key = pw.CharField(primary_key=True)
    value = JSONField(null=True)

    class Meta:
        table_name = "setting"


class AuditLog(BaseModel):
    """Who changed what, when, with the values before and after."""

    at = pw.DateTimeField(default=_now, index=True)
    actor = pw.CharField()
    table = pw.CharField(column_name="table_name")
    row_id = pw.IntegerField(null=True)
    row_key = pw.CharField(default="")  # for tables keyed by text (setting)
    action = pw.CharField()  # insert / update / delete
    before = JSONField(null=True)
    after = JSONField(null=True)
    # The tamper-evident chain (schema v16): filled on insert, never by hand (db/audit_chain.py).
    chain_seq = pw.IntegerField(null=True)
    chain_hash = pw.CharField(null=True)

    class Meta:
        table_name = "audit_log"
        indexes = ((("table", "row_id"), False),)

    def save(self, *args, **kwargs):
        if self._pk is not None:  # only inserts: the program never rewrites an audit line
            return super().save(*args, **kwargs)
        with self._meta.database.atomic():
            values = {
                f.column_name: f.db_value(self.__data__.get(f.name))
                for f in self._meta.sorted_fields
            }
            for name, value in audit_chain.seal(self._meta.database, values).items():
                setattr(self, name, value)
            return super().save(*args, **kwargs)


# --- The daily head-count (一日一点名), leave and absence escalation (schema v4) ---------------


class AttendanceReport(BaseModel):
    """One class's head-count for one school day: 应到 and 实到 as reported, and by whom."""

    date = pw.DateField()
    school_class = pw.ForeignKeyField(
        SchoolClass, backref="attendance_reports", on_delete="CASCADE"
    )
    expected = pw.IntegerField()  # 应到
    present = pw.IntegerField()  # 实到
    reported_by = pw.CharField(default="")
    source = pw.CharField(default="manual")  # manual / paste / cli
    note = pw.TextField(default="")
    recorded_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "attendance_report"
        indexes = ((("date", "school_class"), True),)


class Absence(BaseModel):
    """One absent (or late / early-leaving) student on one day, whole day or half a day."""

    date = pw.DateField()
    student = pw.ForeignKeyField(Student, backref="absences", on_delete="CASCADE")
    school_class = pw.ForeignKeyField(SchoolClass, backref="absences", on_delete="CASCADE")
    reason = pw.CharField()  # domain.attendance.AbsenceReason
    period = pw.CharField(default="全天")  # 全天 / 上午 / 下午
    note = pw.CharField(default="")

    class Meta:
        table_name = "absence"
        indexes = (
            (("date", "student", "period"), True),
            (("student", "date"), False),
            (("school_class", "date"), False),
        )


class LeaveRequest(BaseModel):
    """请假: from a day (上午/下午) to a day (上午/下午), approved by the roles the rules name."""

    student = pw.ForeignKeyField(Student, backref="leave_requests", on_delete="CASCADE")
    start_date = pw.DateField()
    start_half = pw.CharField(default="上午")  # the leave begins in the morning or afternoon
    end_date = pw.DateField()
    end_half = pw.CharField(default="下午")  # … and ends after the morning or the afternoon
    reason = pw.TextField(default="")
    kind = pw.CharField(default="事假")  # 病假 / 事假
    requested_by = pw.CharField(default="")  # who asked: 父亲 张某 …
    approver_role = pw.CharField(default="班主任")  # the last approver the rules require
    state = pw.CharField(default="待审批", index=True)  # 待审批 / 已批准 / 已驳回 / 已销假
    approvals = JSONField(null=True)  # [{"role": "班主任", "by": "…", "at": "…"}]
    returned_on = pw.DateField(null=True)  # 销假: the first day back
    created_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "leave_request"
        indexes = ((("student", "start_date"), False),)


class EscalationAction(BaseModel):
    """A step of the absence escalation that the clerk marked done (the due ones are computed)."""

    student = pw.ForeignKeyField(Student, backref="escalation_actions", on_delete="CASCADE")
    chain_start = pw.DateField()  # first unexcused day of the run of absences
    step = pw.CharField()  # domain.escalation.Step key
    due_date = pw.DateField()
    responsible = pw.ForeignKeyField(Teacher, null=True, on_delete="SET NULL")
    done_at = pw.DateTimeField(null=True)
    done_by = pw.CharField(default="")
    note = pw.TextField(default="")
    # Schema v8: the 学籍变动 marking the step done wrote (疑似辍学, 辍学, 劝返复学); when that
    # change is withdrawn the step counts as not done.
    status_change = pw.ForeignKeyField(StatusChange, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "escalation_action"
        indexes = ((("student", "chain_start", "step"), True),)


class Attachment(BaseModel):
    """A file (a photo, a scanned 责任书, a proof) attached to one row of another table. The file
    itself lives in the content-addressed store, named by its SHA-256 (db/attachments.py); several
    rows may share one file. The owner is named by table and id, not a foreign key, so that visits,
    cases and 责任书 can all own files without a column each."""

    sha256 = pw.CharField(index=True)  # of the stored bytes; also the file's name
    ext = pw.CharField()  # ".jpg", ".pdf" …; part of the file's name so that it opens by type
    size = pw.IntegerField()  # bytes stored
    kind = pw.CharField()  # what it is to its owner (照片, 责任书 …), named by the feature
    owner_table = pw.CharField()
    owner_id = pw.IntegerField()
    original_name = pw.CharField(default="")  # the file's name as picked, shown to the clerk
    source_sha256 = pw.CharField(default="")  # of the file as picked, before downscaling
    added_at = pw.DateTimeField(default=_now)
    added_by = pw.CharField(default="")

    class Meta:
        table_name = "attachment"
        indexes = ((("owner_table", "owner_id"), False),)


class TransferProcedure(BaseModel):
    """A 转出 being done step by step (schema v9): 书面申请 → 班主任意见 → 接收学校 → 分管校长审批,
    each step saved with its day, who and a note in `steps` ({step: {"date", "by", "note"}}).
    办理中 until the last step, when the 学籍变动 转出 is written (`status_change`); 已撤回 when
    abandoned with a reason. Written by services.transfer_procedure only."""

    student = pw.ForeignKeyField(Student, backref="transfer_procedures", on_delete="CASCADE")
    state = pw.CharField(default="办理中", index=True)  # 办理中 / 已转出 / 已撤回
    receiving_school = pw.CharField(default="")
    reason = pw.TextField(default="")
    steps = JSONField(null=True)
    status_change = pw.ForeignKeyField(StatusChange, null=True, on_delete="SET NULL")
    abandoned_at = pw.DateTimeField(null=True)
    abandoned_by = pw.CharField(default="")
    abandoned_reason = pw.TextField(default="")
    recorded_by = pw.CharField(default="")
    created_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "transfer_procedure"


class ReportTemplateMapping(BaseModel):
    """Hand corrections to how one month-report template is understood, remembered by the
    fingerprint of its headers (db/report_mappings.py, services/report_mappings.py)."""

    fingerprint = pw.CharField(unique=True)
    template_name = pw.CharField(default="")  # the file's name when last corrected
    corrections = pw.TextField()  # JSON: sheet → list / columns / figures
    updated_at = pw.DateTimeField(default=_now)
    updated_by = pw.CharField(default="")

    class Meta:
        table_name = "report_template_mapping"


class ReportFiling(BaseModel):
    """One version of a month report: signed by the principal, then 标记为已上报 with its
    figures and lists frozen as JSON and the exported workbook kept (schema v15,
    db/report_filings.py; services/report_filing.py writes it)."""

    month = pw.CharField(index=True)  # 2026-11
    version = pw.IntegerField()  # 1, then 2 … when re-filed
    state = pw.CharField(default="已签字")  # 已签字 / 已上报
    signed_by = pw.CharField(default="")
    signed_on = pw.DateField(null=True)
    reason = pw.TextField(default="")  # why a later version was filed
    snapshot = JSONField(null=True)  # figures, by class, lists, notes, period
    file_name = pw.CharField(default="")
    file_bytes = pw.BlobField(null=True)
    filed_at = pw.DateTimeField(null=True)
    filed_by = pw.CharField(default="")

    class Meta:
        table_name = "report_filing"
        indexes = ((("month", "version"), True),)


# --- 三包 responsibility (schema v10): written by services.sanbao, read by services.responsibility


class Village(BaseModel):
    """A 村 (group_name "") or one of its 组 in the school's list of villages and groups; the
    township and village cadres responsible for it are `Assignment` rows naming it."""

    name = pw.CharField()
    group_name = pw.CharField(default="")

    class Meta:
        table_name = "village"
        indexes = ((("name", "group_name"), True),)


class ResponsibilityLetter(BaseModel):
    """A signed 责任书: the assignments it covers name it; its scan is an Attachment
    (owner_table "responsibility_letter")."""

    teacher = pw.ForeignKeyField(Teacher, null=True, backref="letters", on_delete="SET NULL")
    holder_name = pw.CharField(default="")  # a cadre's plain name when no teacher
    school_year = pw.CharField()
    signed_on = pw.DateField()
    recorded_by = pw.CharField(default="")
    recorded_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "responsibility_letter"


class Assignment(BaseModel):
    """One 三包 assignment (domain.sanbao.Role) from `start_date` to `end_date` (its last day; None:
    still held). Scope by role: 校长 the school, 校领导 a grade, 包保教师/帮扶教师/帮扶学生 a student,
    乡镇干部 a village, 村干部 a group. `confirmed_on` None: carried over or proposed, not yet
    confirmed by anyone."""

    role = pw.CharField()
    teacher = pw.ForeignKeyField(Teacher, null=True, backref="assignments", on_delete="SET NULL")
    person_name = pw.CharField(default="")  # a cadre, named but not a teacher
    phone = pw.CharField(default="")
    student = pw.ForeignKeyField(Student, null=True, backref="assignments", on_delete="CASCADE")
    helper_student = pw.ForeignKeyField(Student, null=True, backref="helping", on_delete="CASCADE")
    grade = pw.IntegerField(null=True)
    village = pw.ForeignKeyField(Village, null=True, backref="cadres", on_delete="CASCADE")
    start_date = pw.DateField()
    end_date = pw.DateField(null=True)
    confirmed_on = pw.DateField(null=True)
    # The child's class when confirmed: a child since moved up (学年升级) or moved (调班) has its
    # 包保 listed for confirmation again.
    confirmed_class = pw.ForeignKeyField(SchoolClass, null=True, on_delete="SET NULL")
    letter = pw.ForeignKeyField(
        ResponsibilityLetter, null=True, backref="assignments", on_delete="SET NULL"
    )
    recorded_by = pw.CharField(default="")
    recorded_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "assignment"
        indexes = ((("student", "role", "start_date"), False), (("role", "end_date"), False))


class StudentVillage(BaseModel):
    """The village or group picked by hand for a child whose address matches none."""

    student = pw.ForeignKeyField(Student, unique=True, on_delete="CASCADE")
    village = pw.ForeignKeyField(Village, on_delete="CASCADE")
    picked_by = pw.CharField(default="")
    picked_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "student_village"


# In creation order (parents first). Migrations and fresh databases both use this list.
ALL_MODELS: list[type[BaseModel]] = [
    School,
    Term,
    CalendarDay,
    Teacher,
    SchoolClass,
    Student,
    Guardian,
    RiskFlag,
    StatusChange,
    Enrollment,
    Setting,
    AuditLog,
    AttendanceReport,
    Absence,
    LeaveRequest,
    EscalationAction,
    ClassHead,
    Attachment,
    TransferProcedure,
    ReportTemplateMapping,
    ReportFiling,
    Village,
    ResponsibilityLetter,
    Assignment,
    StudentVillage,
]
