"""Tables of schema v18: teacher assessment (考核奖惩). A manual entry the principal adds with a
reason (校长调整), and the lock of a term or year: the totals, the entries and the rules used,
frozen as they were on the day it was locked (a rule edited later changes only open periods).

Models live here, not in db/models.py, to keep that file small; they are listed in ALL_MODELS.
The step that adds them is `MIGRATION_SQL`, written out like every migration (db/migrations.py).
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from kongchuo_desktop.db.models import BaseModel, JSONField, Student, Teacher

SCHEMA_VERSION = 18


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class AssessmentAdjustment(BaseModel):
    """A manual entry for one teacher in one period (学期 "2026-2027-1" or 学年 "2026-2027"):
    points, an amount of performance pay (元, + reward, − deduction), perhaps a veto, and why."""

    period = pw.CharField(index=True)
    teacher = pw.ForeignKeyField(Teacher, backref="assessment_adjustments", on_delete="CASCADE")
    date = pw.DateField()
    points = pw.FloatField(default=0)
    amount = pw.FloatField(default=0)
    veto = pw.BooleanField(default=False)
    reason = pw.TextField()
    recorded_by = pw.CharField(default="")
    recorded_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "assessment_adjustment"


class AssessmentLock(BaseModel):
    """A period locked by the principal: `snapshot` holds every entry and total as locked, `rules`
    the rules they were computed with."""

    period = pw.CharField(unique=True)
    locked_on = pw.DateField()
    locked_by = pw.CharField(default="")
    locked_at = pw.DateTimeField(default=_now)
    rules = JSONField(null=True)
    snapshot = JSONField(null=True)

    class Meta:
        table_name = "assessment_lock"


class StrugglingProgress(BaseModel):
    """学困生转化 (方案8): at a term's end, a 学困生 named at the start of the year moved up out of
    the class's bottom 20% (`moved_up`), or not; one row per child and term."""

    student = pw.ForeignKeyField(Student, backref="struggling_progress", on_delete="CASCADE")
    term = pw.CharField()  # "2026-2027-1"
    date = pw.DateField()
    moved_up = pw.BooleanField(default=True)
    note = pw.TextField(default="")
    recorded_by = pw.CharField(default="")
    recorded_at = pw.DateTimeField(default=_now)

    class Meta:
        table_name = "struggling_progress"
        indexes = ((("student", "term"), True),)


MODELS = [AssessmentAdjustment, AssessmentLock, StrugglingProgress]

MIGRATION_DESCRIPTION = "教师考核：校长调整、锁定的学期、学困生转化"

# As peewee creates the tables of MODELS (tests compare the two).
MIGRATION_SQL = (
    'CREATE TABLE IF NOT EXISTS "assessment_adjustment" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "period" VARCHAR(255) NOT NULL, "teacher_id" INTEGER NOT NULL, "date" DATE NOT NULL,'
    ' "points" REAL NOT NULL, "amount" REAL NOT NULL, "veto" INTEGER NOT NULL,'
    ' "reason" TEXT NOT NULL, "recorded_by" VARCHAR(255) NOT NULL,'
    ' "recorded_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("teacher_id") REFERENCES "teacher" ("id") ON DELETE CASCADE)',
    'CREATE INDEX IF NOT EXISTS "assessment_adjustment_period" ON "assessment_adjustment"'
    ' ("period")',
    'CREATE INDEX IF NOT EXISTS "assessment_adjustment_teacher_id" ON "assessment_adjustment"'
    ' ("teacher_id")',
    'CREATE TABLE IF NOT EXISTS "assessment_lock" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "period" VARCHAR(255) NOT NULL, "locked_on" DATE NOT NULL,'
    ' "locked_by" VARCHAR(255) NOT NULL, "locked_at" DATETIME NOT NULL, "rules" TEXT,'
    ' "snapshot" TEXT)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "assessment_lock_period" ON "assessment_lock" ("period")',
    'CREATE TABLE IF NOT EXISTS "struggling_progress" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "student_id" INTEGER NOT NULL, "term" VARCHAR(255) NOT NULL, "date" DATE NOT NULL,'
    ' "moved_up" INTEGER NOT NULL, "note" TEXT NOT NULL, "recorded_by" VARCHAR(255) NOT NULL,'
    ' "recorded_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE CASCADE)',
    'CREATE INDEX IF NOT EXISTS "struggling_progress_student_id" ON "struggling_progress"'
    ' ("student_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "struggling_progress_student_id_term" ON'
    ' "struggling_progress" ("student_id", "term")',
)


def migrate(db: pw.SqliteDatabase) -> None:
    if all(db.table_exists(m._meta.table_name) for m in MODELS):
        return  # already this shape (a fresh file stamped older)
    for sql in MIGRATION_SQL:
        db.execute_sql(sql)
