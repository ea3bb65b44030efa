"""Schema v11: 劝返 cases (一生一案), their stages, closings and contacts (db/case_models.py).

Written out as SQL like every step (db/migrations.py). On upgrade every child already 疑似辍学 or
辍学 gets an open case (origin "upgrade"), opened on the day of that 学籍变动.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from kongchuo_desktop.domain.school_year import school_year_of
from kongchuo_desktop.domain.student_status import StudentStatus

CASES_SCHEMA_VERSION = 11
MIGRATION_DESCRIPTION = "劝返个案（一生一案）、四步法、销号与家访记录"

MIGRATION_SQL = (
    'CREATE TABLE "case_person" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT '
    'NULL, "id_number" VARCHAR(255) NOT NULL, "sex" VARCHAR(255) NOT NULL, "birth_date" DATE,'
    ' "village" VARCHAR(255) NOT NULL, "guardian" VARCHAR(255) NOT NULL, "phone" VARCHAR(255)'
    ' NOT NULL, "note" TEXT NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE TABLE "student_case" ("id" INTEGER NOT NULL PRIMARY KEY, "student_id" INTEGER, '
    '"person_id" INTEGER, "school_year" VARCHAR(255) NOT NULL, "opened_on" DATE NOT NULL, '
    '"opened_by" VARCHAR(255) NOT NULL, "origin" VARCHAR(255) NOT NULL, "origin_note" TEXT '
    'NOT NULL, "chain_start" DATE, "reasons" TEXT, "reason_text" TEXT NOT NULL, "whereabouts"'
    ' VARCHAR(255) NOT NULL, "whereabouts_place" VARCHAR(255) NOT NULL, "measures" TEXT NOT '
    'NULL, "stage" INTEGER NOT NULL, "closed_on" DATE, "created_at" DATETIME NOT NULL, '
    'FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE CASCADE, FOREIGN KEY '
    '("person_id") REFERENCES "case_person" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "student_case_closed_on" ON "student_case" ("closed_on")',
    'CREATE INDEX "student_case_person_id" ON "student_case" ("person_id")',
    'CREATE INDEX "student_case_student_id" ON "student_case" ("student_id")',
    'CREATE TABLE "case_responsible" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER '
    'NOT NULL, "teacher_id" INTEGER, "name" VARCHAR(255) NOT NULL, "role" VARCHAR(255) NOT '
    'NULL, "sort_order" INTEGER NOT NULL, FOREIGN KEY ("case_id") REFERENCES "student_case" '
    '("id") ON DELETE CASCADE, FOREIGN KEY ("teacher_id") REFERENCES "teacher" ("id") ON '
    "DELETE SET NULL)",
    'CREATE INDEX "case_responsible_case_id" ON "case_responsible" ("case_id")',
    'CREATE INDEX "case_responsible_teacher_id" ON "case_responsible" ("teacher_id")',
    'CREATE TABLE "case_stage" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT '
    'NULL, "stage" INTEGER NOT NULL, "started_on" DATE NOT NULL, "deadline" DATE, "note" TEXT'
    ' NOT NULL, "recorded_by" VARCHAR(255) NOT NULL, "recorded_at" DATETIME NOT NULL, FOREIGN'
    ' KEY ("case_id") REFERENCES "student_case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "case_stage_case_id" ON "case_stage" ("case_id")',
    'CREATE INDEX "case_stage_case_id_started_on" ON "case_stage" ("case_id", "started_on")',
    'CREATE TABLE "case_closing" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT '
    'NULL, "closed_on" DATE NOT NULL, "kind" VARCHAR(255) NOT NULL, "placement" VARCHAR(255) '
    'NOT NULL, "evidence" TEXT NOT NULL, "note" TEXT NOT NULL, "closed_by" VARCHAR(255) NOT '
    'NULL, "closed_at" DATETIME NOT NULL, "status_change_id" INTEGER, "reopened_on" DATE, '
    '"reopened_by" VARCHAR(255) NOT NULL, "reopen_reason" TEXT NOT NULL, FOREIGN KEY '
    '("case_id") REFERENCES "student_case" ("id") ON DELETE CASCADE, FOREIGN KEY '
    '("status_change_id") REFERENCES "status_change" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "case_closing_case_id" ON "case_closing" ("case_id")',
    'CREATE INDEX "case_closing_status_change_id" ON "case_closing" ("status_change_id")',
    'CREATE TABLE "case_contact" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER, '
    '"student_id" INTEGER, "date" DATE NOT NULL, "done" INTEGER NOT NULL, "method" '
    'VARCHAR(255) NOT NULL, "cadres" VARCHAR(255) NOT NULL, "met_whom" VARCHAR(255) NOT NULL,'
    ' "attitude" VARCHAR(255) NOT NULL, "agreed" TEXT NOT NULL, "outcome" VARCHAR(255) NOT '
    'NULL, "next_step" TEXT NOT NULL, "next_step_date" DATE, "note" TEXT NOT NULL, '
    '"recorded_by" VARCHAR(255) NOT NULL, "recorded_at" DATETIME NOT NULL, FOREIGN KEY '
    '("case_id") REFERENCES "student_case" ("id") ON DELETE CASCADE, FOREIGN KEY '
    '("student_id") REFERENCES "student" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "case_contact_case_id" ON "case_contact" ("case_id")',
    'CREATE INDEX "case_contact_case_id_date" ON "case_contact" ("case_id", "date")',
    'CREATE INDEX "case_contact_next_step_date" ON "case_contact" ("next_step_date")',
    'CREATE INDEX "case_contact_student_id" ON "case_contact" ("student_id")',
    'CREATE INDEX "case_contact_student_id_date" ON "case_contact" ("student_id", "date")',
    'CREATE TABLE "contact_teacher" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER '
    'NOT NULL, "teacher_id" INTEGER NOT NULL, "role" VARCHAR(255) NOT NULL, FOREIGN KEY '
    '("contact_id") REFERENCES "case_contact" ("id") ON DELETE CASCADE, FOREIGN KEY '
    '("teacher_id") REFERENCES "teacher" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "contact_teacher_contact_id" ON "contact_teacher" ("contact_id")',
    'CREATE UNIQUE INDEX "contact_teacher_contact_id_teacher_id_role" ON "contact_teacher" '
    '("contact_id", "teacher_id", "role")',
    'CREATE INDEX "contact_teacher_teacher_id" ON "contact_teacher" ("teacher_id")',
)

_AWAY = (StudentStatus.SUSPECTED_DROPOUT.value, StudentStatus.DROPOUT.value)


def migrate(db: pw.SqliteDatabase) -> None:
    if db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='student_case'"
    ).fetchone():
        return  # already this shape: a fresh file stamped with an older version (tests do)
    for sql in MIGRATION_SQL:
        db.execute_sql(sql)
    open_cases_for_children_away(db)


def open_cases_for_children_away(db: pw.SqliteDatabase, today: dt.date | None = None) -> int:
    """An open case for every child now 疑似辍学 or 辍学 without one; returns how many."""
    today = today or dt.date.today()
    now = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
    rows = db.execute_sql(
        'SELECT s."id", (SELECT MAX(sc."date") FROM "status_change" sc'
        ' WHERE sc."student_id" = s."id" AND sc."status" = s."status"'
        ' AND sc."withdrawn_at" IS NULL) FROM "student" s'
        ' WHERE s."status" IN (?, ?) AND NOT EXISTS (SELECT 1 FROM "student_case" c'
        ' WHERE c."student_id" = s."id" AND c."closed_on" IS NULL)',
        _AWAY,
    ).fetchall()
    for student_id, since in rows:
        opened = dt.date.fromisoformat(str(since)[:10]) if since else today
        db.execute_sql(
            'INSERT INTO "student_case" ("student_id", "school_year", "opened_on", "opened_by",'
            ' "origin", "origin_note", "reason_text", "whereabouts", "whereabouts_place",'
            " \"measures\", \"stage\", \"created_at\") VALUES (?, ?, ?, ?, ?, ?, '', '', '', '', 0, ?)",
            (
                student_id,
                school_year_of(opened),
                opened.isoformat(),
                "升级",
                "upgrade",
                "升级时已是疑似辍学或辍学",
                now,
            ),
        )
    return len(rows)
