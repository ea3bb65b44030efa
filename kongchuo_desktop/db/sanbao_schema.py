"""Schema v10: the 三包 assignments (校长, 校领导, 包保教师, 一帮一 helpers, township and village
cadres) with their dates, the signed 责任书, the school's villages and groups, and the village
picked by hand for a child whose address matches none. Written out as SQL like every step."""

from __future__ import annotations

import peewee as pw

MIGRATION_DESCRIPTION = "三包责任：包保教师、一帮一、村组干部与责任书"

MIGRATION_SQL = (
    'CREATE TABLE "village" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL,'
    ' "group_name" VARCHAR(255) NOT NULL)',
    'CREATE UNIQUE INDEX "village_name_group_name" ON "village" ("name", "group_name")',
    'CREATE TABLE "responsibility_letter" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "teacher_id" INTEGER, "holder_name" VARCHAR(255) NOT NULL,'
    ' "school_year" VARCHAR(255) NOT NULL, "signed_on" DATE NOT NULL,'
    ' "recorded_by" VARCHAR(255) NOT NULL, "recorded_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("teacher_id") REFERENCES "teacher" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "responsibility_letter_teacher_id" ON "responsibility_letter" ("teacher_id")',
    'CREATE TABLE "assignment" ("id" INTEGER NOT NULL PRIMARY KEY, "role" VARCHAR(255) NOT NULL,'
    ' "teacher_id" INTEGER, "person_name" VARCHAR(255) NOT NULL, "phone" VARCHAR(255) NOT NULL,'
    ' "student_id" INTEGER, "helper_student_id" INTEGER, "grade" INTEGER, "village_id" INTEGER,'
    ' "start_date" DATE NOT NULL, "end_date" DATE, "confirmed_on" DATE,'
    ' "confirmed_class_id" INTEGER, "letter_id" INTEGER,'
    ' "recorded_by" VARCHAR(255) NOT NULL, "recorded_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("teacher_id") REFERENCES "teacher" ("id") ON DELETE SET NULL,'
    ' FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("helper_student_id") REFERENCES "student" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("village_id") REFERENCES "village" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("confirmed_class_id") REFERENCES "school_class" ("id") ON DELETE SET NULL,'
    ' FOREIGN KEY ("letter_id") REFERENCES "responsibility_letter" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "assignment_teacher_id" ON "assignment" ("teacher_id")',
    'CREATE INDEX "assignment_student_id" ON "assignment" ("student_id")',
    'CREATE INDEX "assignment_helper_student_id" ON "assignment" ("helper_student_id")',
    'CREATE INDEX "assignment_village_id" ON "assignment" ("village_id")',
    'CREATE INDEX "assignment_confirmed_class_id" ON "assignment" ("confirmed_class_id")',
    'CREATE INDEX "assignment_letter_id" ON "assignment" ("letter_id")',
    'CREATE INDEX "assignment_student_id_role_start_date" ON "assignment"'
    ' ("student_id", "role", "start_date")',
    'CREATE INDEX "assignment_role_end_date" ON "assignment" ("role", "end_date")',
    'CREATE TABLE "student_village" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "student_id" INTEGER NOT NULL, "village_id" INTEGER NOT NULL,'
    ' "picked_by" VARCHAR(255) NOT NULL, "picked_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("village_id") REFERENCES "village" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "student_village_student_id" ON "student_village" ("student_id")',
    'CREATE INDEX "student_village_village_id" ON "student_village" ("village_id")',
)


def migrate(db: pw.SqliteDatabase) -> None:
    if "assignment" in db.get_tables():
        return  # already this shape: a fresh file stamped with an older version (tests do)
    for sql in MIGRATION_SQL:
        db.execute_sql(sql)
