"""Versioned schema: ordered migration steps, each in one transaction, a backup before any.

The version lives in `PRAGMA user_version`. A new database gets every table from the models and
the latest version; an older one runs the steps above its version, in order. Steps use SQL or
playhouse.migrate and never import today's models, whose shape may have moved on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import peewee as pw

from kongchuo_desktop.db import (
    account_models,
    assessment_models,
    attachments,
    audit_chain_schema,
    case_migration,
    census_schema,
    outreach_models,
    people_schema,
    report_filings,
    report_mappings,
    sanbao_schema,
)
from kongchuo_desktop.db.case_models import CASE_MODELS
from kongchuo_desktop.db.census_models import CENSUS_MODELS
from kongchuo_desktop.db.connection import APPLICATION_ID
from kongchuo_desktop.db.models import ALL_MODELS as _BASE_MODELS

# Every table: db/models.py's, then those of modules of their own (cases v11; 送教上门 and
# notices v12), parents first. Fresh files and 清空数据 use this list.
ALL_MODELS = [
    *_BASE_MODELS,
    *CASE_MODELS,
    *outreach_models.MODELS,
    *CENSUS_MODELS,
    *assessment_models.MODELS,
    *account_models.MODELS,
]


@dataclass(frozen=True)
class Step:
    version: int
    description: str
    apply: Callable[[pw.SqliteDatabase], None]


def _v1_initial(db: pw.SqliteDatabase) -> None:
    # Version 1 is the first schema; a database at version 0 is empty and gets created fresh.
    raise RuntimeError("version 1 is created, never migrated to")


def _fill_pinyin_keys(db: pw.SqliteDatabase) -> None:
    """Every student's search keys from its name, as pinyin_keys reads names today."""
    from kongchuo_desktop.domain.pinyin_keys import pinyin_keys

    rows = db.execute_sql("SELECT id, name FROM student").fetchall()
    for student_id, name in rows:
        full, initials = pinyin_keys(name or "")
        db.execute_sql(
            "UPDATE student SET name_pinyin = ?, name_initials = ? WHERE id = ?",
            (full, initials, student_id),
        )


def _v2_student_pinyin(db: pw.SqliteDatabase) -> None:
    db.execute_sql("ALTER TABLE student ADD COLUMN name_pinyin VARCHAR(255) NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE student ADD COLUMN name_initials VARCHAR(255) NOT NULL DEFAULT ''")
    _fill_pinyin_keys(db)


# Schema v4: the daily head-count, absences, leave requests and escalation steps done.
# Written out as SQL (not from today's models) so that an old file ends exactly like a new one.
_V4_HEADCOUNT_SQL = (
    'CREATE TABLE "attendance_report" ("id" INTEGER NOT NULL PRIMARY KEY, "date" DATE NOT NULL,'
    ' "school_class_id" INTEGER NOT NULL, "expected" INTEGER NOT NULL, "present" INTEGER NOT NULL,'
    ' "reported_by" VARCHAR(255) NOT NULL, "source" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL,'
    ' "recorded_at" DATETIME NOT NULL, FOREIGN KEY ("school_class_id") REFERENCES "school_class"'
    ' ("id") ON DELETE CASCADE)',
    'CREATE INDEX "attendance_report_school_class_id" ON "attendance_report" ("school_class_id")',
    'CREATE UNIQUE INDEX "attendance_report_date_school_class_id" ON "attendance_report"'
    ' ("date", "school_class_id")',
    'CREATE TABLE "absence" ("id" INTEGER NOT NULL PRIMARY KEY, "date" DATE NOT NULL,'
    ' "student_id" INTEGER NOT NULL, "school_class_id" INTEGER NOT NULL,'
    ' "reason" VARCHAR(255) NOT NULL, "period" VARCHAR(255) NOT NULL, "note" VARCHAR(255) NOT NULL,'
    ' FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("school_class_id") REFERENCES "school_class" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "absence_student_id" ON "absence" ("student_id")',
    'CREATE INDEX "absence_school_class_id" ON "absence" ("school_class_id")',
    'CREATE UNIQUE INDEX "absence_date_student_id_period" ON "absence"'
    ' ("date", "student_id", "period")',
    'CREATE INDEX "absence_student_id_date" ON "absence" ("student_id", "date")',
    'CREATE INDEX "absence_school_class_id_date" ON "absence" ("school_class_id", "date")',
    'CREATE TABLE "leave_request" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "student_id" INTEGER NOT NULL, "start_date" DATE NOT NULL,'
    ' "start_half" VARCHAR(255) NOT NULL, "end_date" DATE NOT NULL,'
    ' "end_half" VARCHAR(255) NOT NULL, "reason" TEXT NOT NULL, "kind" VARCHAR(255) NOT NULL,'
    ' "requested_by" VARCHAR(255) NOT NULL, "approver_role" VARCHAR(255) NOT NULL,'
    ' "state" VARCHAR(255) NOT NULL, "approvals" TEXT, "returned_on" DATE,'
    ' "created_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "leave_request_student_id" ON "leave_request" ("student_id")',
    'CREATE INDEX "leave_request_state" ON "leave_request" ("state")',
    'CREATE INDEX "leave_request_student_id_start_date" ON "leave_request"'
    ' ("student_id", "start_date")',
    'CREATE TABLE "escalation_action" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "student_id" INTEGER NOT NULL, "chain_start" DATE NOT NULL, "step" VARCHAR(255) NOT NULL,'
    ' "due_date" DATE NOT NULL, "responsible_id" INTEGER, "done_at" DATETIME,'
    ' "done_by" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL,'
    ' FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("responsible_id") REFERENCES "teacher" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "escalation_action_student_id" ON "escalation_action" ("student_id")',
    'CREATE INDEX "escalation_action_responsible_id" ON "escalation_action" ("responsible_id")',
    'CREATE UNIQUE INDEX "escalation_action_student_id_chain_start_step" ON "escalation_action"'
    ' ("student_id", "chain_start", "step")',
)


def _v4_headcount(db: pw.SqliteDatabase) -> None:
    for sql in _V4_HEADCOUNT_SQL:
        db.execute_sql(sql)


# The head-count step's number; if another branch takes 4 first, change it here only.
HEADCOUNT_SCHEMA_VERSION = 4


def _v3_roster(db: pw.SqliteDatabase) -> None:
    """Class membership per 学年 (for 学年升级) and approval details of 学籍变动."""
    db.execute_sql("ALTER TABLE status_change ADD COLUMN until DATE")
    db.execute_sql("ALTER TABLE status_change ADD COLUMN details TEXT")
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "enrollment" ('
        '"id" INTEGER NOT NULL PRIMARY KEY, '
        '"student_id" INTEGER NOT NULL, '
        '"school_class_id" INTEGER NOT NULL, '
        '"school_year" VARCHAR(255) NOT NULL, '
        'FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("school_class_id") REFERENCES "school_class" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "enrollment_student_id" ON "enrollment" ("student_id")'
    )
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "enrollment_school_class_id" '
        'ON "enrollment" ("school_class_id")'
    )
    db.execute_sql(
        'CREATE UNIQUE INDEX IF NOT EXISTS "enrollment_student_id_school_year" '
        'ON "enrollment" ("student_id", "school_year")'
    )
    # Every student already in a class is enrolled there for that class's year.
    db.execute_sql(
        'INSERT INTO "enrollment" ("student_id", "school_class_id", "school_year") '
        "SELECT s.id, c.id, c.school_year FROM student s "
        "JOIN school_class c ON c.id = s.school_class_id"
    )


def _v5_surname_pinyin(db: pw.SqliteDatabase) -> None:
    """The pinyin search keys again, now with surname readings (曾 zeng, 覃 qin) and without the
    dots of minority names. A data step only: the schema is unchanged."""
    _fill_pinyin_keys(db)


# The surname-pinyin step's number; if another branch takes 5 first, change it here only.
SURNAME_PINYIN_SCHEMA_VERSION = 5

# Schema v6: dated class membership (调班 and 学年升级 carry the day they take effect) and the
# class heads' history, so "which class" and "who is responsible" answer for a past day.
_V6_SQL = (
    'ALTER TABLE "enrollment" ADD COLUMN "start_date" DATE NOT NULL DEFAULT \'1970-01-01\'',
    'ALTER TABLE "enrollment" ADD COLUMN "withdrawn_at" DATETIME',
    'ALTER TABLE "enrollment" ADD COLUMN "recorded_by" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'DROP INDEX IF EXISTS "enrollment_student_id_school_year"',
    'CREATE INDEX "enrollment_student_id_start_date" ON "enrollment" ("student_id", "start_date")',
    'CREATE TABLE "class_head" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "school_class_id" INTEGER NOT NULL, "teacher_id" INTEGER, "start_date" DATE NOT NULL,'
    ' FOREIGN KEY ("school_class_id") REFERENCES "school_class" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("teacher_id") REFERENCES "teacher" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "class_head_school_class_id" ON "class_head" ("school_class_id")',
    'CREATE INDEX "class_head_teacher_id" ON "class_head" ("teacher_id")',
    'CREATE UNIQUE INDEX "class_head_school_class_id_start_date" ON "class_head"'
    ' ("school_class_id", "start_date")',
)


def _v6_year_starts(db: pw.SqliteDatabase) -> dict[str, str]:
    """学年 → its first day: the earliest term start of the year, else 1 September."""
    years = {y for (y,) in db.execute_sql("SELECT DISTINCT school_year FROM school_class")}
    years |= {y for (y,) in db.execute_sql("SELECT DISTINCT school_year FROM enrollment")}
    firsts = dict(
        db.execute_sql("SELECT school_year, MIN(start_date) FROM term GROUP BY school_year")
    )
    return {y: str(firsts.get(y) or f"{y[:4]}-09-01")[:10] for y in years}


def _v6_spells(first: str, changes: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """(start, value) spells from an initial value dated `first` and dated changes: a change
    before `first` counts from `first`, the last change of a day wins, repeats are merged."""
    out: list[tuple[str, object]] = []
    for day, value in changes:
        day = max(day, first)
        if out and out[-1][0] == day:
            out.pop()
        if not out or out[-1][1] != value:
            out.append((day, value))
    return out


def _v6_audit(db: pw.SqliteDatabase, table: str, field: str):
    """(row id, day, action, before, after, actor) of every audited change of `field`."""
    for row_id, at, action, before, after, actor in db.execute_sql(
        "SELECT row_id, at, action, before, after, actor FROM audit_log"
        " WHERE table_name = ? AND action IN ('insert', 'update') ORDER BY at, id",
        (table,),
    ):
        after = json.loads(after) if after else {}
        if field in after:
            before = json.loads(before) if before else {}
            yield row_id, str(at)[:10], action, before.get(field), after[field], actor


def _v6_membership_and_heads(db: pw.SqliteDatabase) -> None:
    columns = [c[1] for c in db.execute_sql('PRAGMA table_info("enrollment")')]
    if "start_date" in columns:
        return  # already this shape: a fresh file stamped with an older version (tests do)
    for sql in _V6_SQL:
        db.execute_sql(sql)
    starts = _v6_year_starts(db)
    class_year = dict(db.execute_sql("SELECT id, school_year FROM school_class"))
    # A student with a class but no membership row (added by a path that wrote none) gets one.
    db.execute_sql(
        'INSERT INTO "enrollment" ("student_id", "school_class_id", "school_year", "start_date")'
        " SELECT s.id, c.id, c.school_year, '1970-01-01' FROM student s"
        " JOIN school_class c ON c.id = s.school_class_id"
        " WHERE NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.student_id = s.id"
        " AND e.school_year = c.school_year)"
    )
    # 调班 until now: an audited change of student.school_class between two classes of one year.
    moves: dict[tuple[int, str], list[tuple[str, int, int]]] = {}
    actors: dict[tuple[int, str], str] = {}  # (student, day) → who recorded the move
    for sid, day, _action, old, new, actor in _v6_audit(db, "student", "school_class"):
        if old and new and old != new and class_year.get(old) == class_year.get(new):
            moves.setdefault((sid, class_year[new]), []).append((day, old, new))
            actors[(sid, day)] = actor
    rows = db.execute_sql(
        "SELECT id, student_id, school_class_id, school_year FROM enrollment"
    ).fetchall()
    for row_id, sid, class_id, year in rows:
        first = starts.get(year) or f"{year[:4]}-09-01"
        year_moves = moves.get((sid, year), [])
        initial = year_moves[0][1] if year_moves else class_id
        spells = _v6_spells(first, [(first, initial)] + [(d, new) for d, _, new in year_moves])
        if spells[-1][1] != class_id:  # the moves do not end where the year's record does
            spells = [(first, class_id)]
        last_start = spells[-1][0]
        db.execute_sql(
            "UPDATE enrollment SET start_date = ?, recorded_by = ? WHERE id = ?",
            (last_start, actors.get((sid, last_start), ""), row_id),
        )
        for start, cls in spells[:-1]:
            db.execute_sql(
                'INSERT INTO "enrollment" ("student_id", "school_class_id", "school_year",'
                ' "start_date", "recorded_by") VALUES (?, ?, ?, ?, ?)',
                (sid, cls, year, start, actors.get((sid, start), "")),
            )
    # Class heads: the audited values of school_class.head_teacher, the first from the year's start.
    changes: dict[int, list[tuple[str, int | None]]] = {}
    for class_id, day, action, old, new, _actor in _v6_audit(db, "school_class", "head_teacher"):
        dated = changes.setdefault(class_id, [])
        if not dated and action == "update":
            dated.append(("", old))
        dated.append((day, new))
    for class_id, year, head in db.execute_sql(
        "SELECT id, school_year, head_teacher_id FROM school_class"
    ).fetchall():
        first = starts.get(year) or f"{year[:4]}-09-01"
        spells = _v6_spells(first, changes.get(class_id, []))
        if not spells or spells[-1][1] != head:  # no trail, or one that ends elsewhere
            spells = [(first, head)]
        if spells[0][1] is None:
            spells = spells[1:]  # "no head" before any head is the default, not a record
        for start, teacher in spells:
            db.execute_sql(
                'INSERT INTO "class_head" ("school_class_id", "teacher_id", "start_date")'
                " VALUES (?, ?, ?)",
                (class_id, teacher, start),
            )


# The dated-membership step's number; if another branch takes 6 first, change it here only.
MEMBERSHIP_SCHEMA_VERSION = 6

# The attachments table (db/attachments.py).
ATTACHMENTS_SCHEMA_VERSION = 7

# Schema v8: a 学籍变动 can be withdrawn (撤销): the row stays, marked; and an escalation step done
# names the 学籍变动 it wrote, so that withdrawing the change reopens the step.
_V8_SQL = (
    'ALTER TABLE "status_change" ADD COLUMN "withdrawn_at" DATETIME',
    'ALTER TABLE "status_change" ADD COLUMN "withdrawn_by" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "status_change" ADD COLUMN "withdrawn_reason" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "escalation_action" ADD COLUMN "status_change_id" INTEGER'
    ' REFERENCES "status_change" ("id") ON DELETE SET NULL',
    'CREATE INDEX "escalation_action_status_change_id" ON "escalation_action" ("status_change_id")',
    # Steps marked done before v8 that wrote a 学籍变动 (疑似辍学, 辍学, 劝返复学): the change of
    # that status the same clerk recorded in the same minute (mark_done writes both at once).
    'UPDATE "escalation_action" SET "status_change_id" = (SELECT sc."id" FROM "status_change" sc'
    ' WHERE sc."student_id" = "escalation_action"."student_id"'
    ' AND sc."status" = CASE "escalation_action"."step" WHEN \'suspected_dropout\' THEN \'疑似辍学\''
    " WHEN 'dropout' THEN '辍学' WHEN 'return' THEN '劝返复学' END"
    ' AND sc."recorded_by" = "escalation_action"."done_by"'
    ' AND ABS(julianday(sc."recorded_at") - julianday("escalation_action"."done_at")) < 1.0 / 1440'
    ' ORDER BY sc."id" DESC LIMIT 1)'
    " WHERE \"step\" IN ('suspected_dropout', 'dropout', 'return') AND \"done_at\" IS NOT NULL",
)


def _v8_withdrawn_status_changes(db: pw.SqliteDatabase) -> None:
    columns = [c[1] for c in db.execute_sql('PRAGMA table_info("status_change")')]
    if "withdrawn_at" in columns:
        return  # already this shape: a fresh file stamped with an older version (tests do)
    for sql in _V8_SQL:
        db.execute_sql(sql)


# The withdrawn-change step's number; if another branch takes 8 first, change it here only.
WITHDRAWN_CHANGE_SCHEMA_VERSION = 8

STEPS: list[Step] = [
    Step(1, "初始结构", _v1_initial),
    Step(2, "学生姓名拼音检索", _v2_student_pinyin),
    Step(3, "班级学年记录与学籍变动审批信息", _v3_roster),
    Step(HEADCOUNT_SCHEMA_VERSION, "每日点名、请假与缺勤上报", _v4_headcount),
    Step(SURNAME_PINYIN_SCHEMA_VERSION, "姓氏读音与少数民族姓名的拼音检索", _v5_surname_pinyin),
    Step(MEMBERSHIP_SCHEMA_VERSION, "调班日期与班主任任职记录", _v6_membership_and_heads),
    Step(ATTACHMENTS_SCHEMA_VERSION, attachments.MIGRATION_DESCRIPTION, attachments.migrate),
    Step(WITHDRAWN_CHANGE_SCHEMA_VERSION, "撤销学籍变动", _v8_withdrawn_status_changes),
    Step(9, people_schema.MIGRATION_DESCRIPTION, people_schema.migrate),
    Step(10, sanbao_schema.MIGRATION_DESCRIPTION, sanbao_schema.migrate),
    Step(
        case_migration.CASES_SCHEMA_VERSION,
        case_migration.MIGRATION_DESCRIPTION,
        case_migration.migrate,
    ),
    Step(12, outreach_models.MIGRATION_DESCRIPTION, outreach_models.migrate),
    Step(
        report_mappings.SCHEMA_VERSION,
        report_mappings.MIGRATION_DESCRIPTION,
        report_mappings.migrate,
    ),
    Step(
        report_filings.SCHEMA_VERSION, report_filings.MIGRATION_DESCRIPTION, report_filings.migrate
    ),
    Step(
        audit_chain_schema.SCHEMA_VERSION,
        audit_chain_schema.MIGRATION_DESCRIPTION,
        audit_chain_schema.migrate,
    ),
    Step(census_schema.SCHEMA_VERSION, census_schema.MIGRATION_DESCRIPTION, census_schema.migrate),
    Step(
        assessment_models.SCHEMA_VERSION,
        assessment_models.MIGRATION_DESCRIPTION,
        assessment_models.migrate,
    ),
    Step(
        account_models.SCHEMA_VERSION, account_models.MIGRATION_DESCRIPTION, account_models.migrate
    ),
]

LATEST_VERSION = STEPS[-1].version


class SchemaError(Exception):
    """The file is not a database of this app, or is newer than this program."""


def schema_version(db: pw.SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def application_id(db: pw.SqliteDatabase) -> int:
    return db.execute_sql("PRAGMA application_id").fetchone()[0]


def is_empty(db: pw.SqliteDatabase) -> bool:
    return not db.get_tables()


def check_compatible(db: pw.SqliteDatabase) -> int:
    """The schema version, or SchemaError when the file is foreign or from a newer program."""
    if is_empty(db):
        return 0
    if application_id(db) != APPLICATION_ID:
        raise SchemaError("这不是控辍保学工作台的数据文件")
    version = schema_version(db)
    if version > LATEST_VERSION:
        raise SchemaError(
            f"数据文件的版本（{version}）比本程序支持的（{LATEST_VERSION}）更新，请使用新版程序打开"
        )
    return version


def pending_steps(db: pw.SqliteDatabase) -> list[Step]:
    version = check_compatible(db)
    if version == 0:
        return []
    return [s for s in STEPS if s.version > version]


def create_fresh(db: pw.SqliteDatabase) -> None:
    with db.atomic():
        db.create_tables(ALL_MODELS)
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute_sql(f"PRAGMA user_version = {LATEST_VERSION}")


def migrate(db: pw.SqliteDatabase, before_migration: Callable[[int], None] | None = None) -> int:
    """Bring the database to LATEST_VERSION. `before_migration(old_version)` runs first (the
    backup) when there is anything to do. Returns the number of steps applied."""
    if is_empty(db):
        create_fresh(db)
        return 0
    steps = pending_steps(db)
    if not steps:
        return 0
    if before_migration is not None:
        before_migration(schema_version(db))
    # Each step and its version stamp commit together: a failure leaves the last good version.
    for step in steps:
        with db.atomic():
            step.apply(db)
            db.execute_sql(f"PRAGMA user_version = {step.version}")
    return len(steps)
