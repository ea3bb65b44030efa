"""Tables of schema v12: 送教上门 (a plan per child, the visits made) and notices (the school's
wording of each kind, every notice issued with its number).

Models live here, not in db/models.py, to keep that file small; they are listed in ALL_MODELS.
The step that adds them is `MIGRATION_SQL`, written out like every migration (db/migrations.py).
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from kongchuo_desktop.db.case_models import Case, CaseContact
from kongchuo_desktop.db.models import BaseModel, JSONField, Student


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class HomeTeachingPlan(BaseModel):
    """送教上门 for one child: who teaches, how often a month, how many lessons a visit at least.
    One plan per child; changed in place (audited)."""

    student = pw.ForeignKeyField(
        Student, unique=True, backref="home_teaching_plans", on_delete="CASCADE"
    )
    teacher_ids = JSONField(null=True)  # [teacher id, …], the first one leads
    visits_per_month = pw.IntegerField()
    min_lessons = pw.IntegerField()
    start_date = pw.DateField()
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "home_teaching_plan"


class HomeTeachingVisit(BaseModel):
    """One 送教 visit: the day, who went, how many lessons, what was taught, whether a parent
    signed the record. Photos are attachments owned by ("home_teaching_visit", id)."""

    student = pw.ForeignKeyField(Student, backref="home_teaching_visits", on_delete="CASCADE")
    date = pw.DateField()
    teacher_ids = JSONField(null=True)
    lessons = pw.IntegerField()
    content = pw.TextField(default="")
    parent_signed = pw.BooleanField(default=False)
    signed_by = pw.CharField(default="")  # 母亲 王某 …
    recorded_by = pw.CharField(default="")
    recorded_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "home_teaching_visit"
        indexes = ((("student", "date"), False),)


class NoticeTemplate(BaseModel):
    """The school's own wording of one kind of notice (domain.notice_text.NoticeKind); a kind
    without a row prints the default text."""

    kind = pw.CharField(unique=True)
    title = pw.CharField()
    body = pw.TextField()
    updated_at = pw.DateTimeField(default=_now)
    updated_by = pw.CharField(default="")

    class Meta:
        table_name = "notice_template"


class IssuedNotice(BaseModel):
    """A notice issued: its number (per 学年 and kind), the day, the case (or the contact of a
    家访记录表) and the deadline it set. Never deleted (cases and contacts are not either)."""

    kind = pw.CharField()
    school_year = pw.CharField()
    serial = pw.IntegerField()
    number = pw.CharField()  # 青山九校劝〔2026〕3号, as printed
    issued_on = pw.DateField()
    case = pw.ForeignKeyField(Case, null=True, backref="notices", on_delete="CASCADE")
    contact = pw.ForeignKeyField(CaseContact, null=True, backref="notices", on_delete="CASCADE")
    student = pw.ForeignKeyField(Student, null=True, backref="notices", on_delete="SET NULL")
    person_name = pw.CharField(default="")  # the child as printed (also one not on the roster)
    deadline = pw.DateField(null=True)  # met when the case is closed (services.notices)
    text = pw.TextField(default="")  # the body as printed, kept for the record
    issued_by = pw.CharField(default="")
    recorded_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "issued_notice"
        indexes = ((("kind", "school_year", "serial"), True),)


MODELS = [HomeTeachingPlan, HomeTeachingVisit, NoticeTemplate, IssuedNotice]

MIGRATION_DESCRIPTION = "送教上门计划与记录、通知书及其编号"

# As peewee creates the tables of MODELS (tests compare the two).
MIGRATION_SQL = (
    'CREATE TABLE IF NOT EXISTS "home_teaching_plan" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "student_id" INTEGER NOT NULL, "teacher_ids" TEXT, "visits_per_month" INTEGER NOT NULL,'
    ' "min_lessons" INTEGER NOT NULL, "start_date" DATE NOT NULL, "note" TEXT NOT NULL,'
    ' "created_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "home_teaching_plan_student_id" ON "home_teaching_plan"'
    ' ("student_id")',
    'CREATE TABLE IF NOT EXISTS "home_teaching_visit" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "student_id" INTEGER NOT NULL, "date" DATE NOT NULL, "teacher_ids" TEXT,'
    ' "lessons" INTEGER NOT NULL, "content" TEXT NOT NULL, "parent_signed" INTEGER NOT NULL,'
    ' "signed_by" VARCHAR(255) NOT NULL, "recorded_by" VARCHAR(255) NOT NULL,'
    ' "recorded_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE CASCADE)',
    'CREATE INDEX IF NOT EXISTS "home_teaching_visit_student_id" ON "home_teaching_visit"'
    ' ("student_id")',
    'CREATE INDEX IF NOT EXISTS "home_teaching_visit_student_id_date" ON "home_teaching_visit"'
    ' ("student_id", "date")',
    'CREATE TABLE IF NOT EXISTS "notice_template" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "kind" VARCHAR(255) NOT NULL, "title" VARCHAR(255) NOT NULL, "body" TEXT NOT NULL,'
    ' "updated_at" DATETIME NOT NULL, "updated_by" VARCHAR(255) NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "notice_template_kind" ON "notice_template" ("kind")',
    'CREATE TABLE IF NOT EXISTS "issued_notice" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "kind" VARCHAR(255) NOT NULL, "school_year" VARCHAR(255) NOT NULL,'
    ' "serial" INTEGER NOT NULL, "number" VARCHAR(255) NOT NULL, "issued_on" DATE NOT NULL,'
    ' "case_id" INTEGER, "contact_id" INTEGER, "student_id" INTEGER,'
    ' "person_name" VARCHAR(255) NOT NULL, "deadline" DATE, "text" TEXT NOT NULL,'
    ' "issued_by" VARCHAR(255) NOT NULL, "recorded_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("case_id") REFERENCES "student_case" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("contact_id") REFERENCES "case_contact" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE SET NULL)',
    'CREATE INDEX IF NOT EXISTS "issued_notice_case_id" ON "issued_notice" ("case_id")',
    'CREATE INDEX IF NOT EXISTS "issued_notice_contact_id" ON "issued_notice" ("contact_id")',
    'CREATE INDEX IF NOT EXISTS "issued_notice_student_id" ON "issued_notice" ("student_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "issued_notice_kind_school_year_serial" ON'
    ' "issued_notice" ("kind", "school_year", "serial")',
)


def migrate(db: pw.SqliteDatabase) -> None:
    """Add the tables; IF NOT EXISTS: a fresh file stamped with an older version has them."""
    for sql in MIGRATION_SQL:
        db.execute_sql(sql)
