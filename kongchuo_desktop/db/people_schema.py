"""Schema v9: the day a teacher left (`teacher.left_on`) and the 转出 procedure saved step by step
(`transfer_procedure`). Written out as SQL like every migration (db/migrations.py).

A teacher marked 离校 before v9 gets the day from the audit trail when it says: the 班主任 rows
that 离校 ended from a day were written in the same moment by the same clerk, and their start
day is the day the teacher left; else the day the 离校 was recorded. A teacher whose audit trail
has no such line keeps NULL, shown as 日期不详.
"""

from __future__ import annotations

import datetime as dt
import json

import peewee as pw

MIGRATION_DESCRIPTION = "教师离校日期与分步办理的转出手续"

_SQL = (
    'ALTER TABLE "teacher" ADD COLUMN "left_on" DATE',
    'CREATE TABLE IF NOT EXISTS "transfer_procedure" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "student_id" INTEGER NOT NULL, "state" VARCHAR(255) NOT NULL,'
    ' "receiving_school" VARCHAR(255) NOT NULL, "reason" TEXT NOT NULL, "steps" TEXT,'
    ' "status_change_id" INTEGER, "abandoned_at" DATETIME,'
    ' "abandoned_by" VARCHAR(255) NOT NULL, "abandoned_reason" TEXT NOT NULL,'
    ' "recorded_by" VARCHAR(255) NOT NULL, "created_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("student_id") REFERENCES "student" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("status_change_id") REFERENCES "status_change" ("id") ON DELETE SET NULL)',
    'CREATE INDEX IF NOT EXISTS "transfer_procedure_student_id" ON "transfer_procedure"'
    ' ("student_id")',
    'CREATE INDEX IF NOT EXISTS "transfer_procedure_state" ON "transfer_procedure" ("state")',
    'CREATE INDEX IF NOT EXISTS "transfer_procedure_status_change_id" ON "transfer_procedure"'
    ' ("status_change_id")',
)


def _loads(text):
    try:
        return json.loads(text) if text else {}
    except ValueError:
        return {}


def left_day_from_audit(db: pw.SqliteDatabase, teacher_id: int) -> dt.date | None:
    """The day the teacher left as the audit trail tells it, or None when it does not."""
    lines = db.execute_sql(
        "SELECT at, actor, after FROM audit_log WHERE table_name = 'teacher' AND row_id = ?"
        " AND action = 'update' ORDER BY at DESC, id DESC",
        (teacher_id,),
    ).fetchall()
    left = next((line for line in lines if _loads(line[2]).get("active") in (False, 0)), None)
    if left is None:
        return None
    at, actor = left[0], left[1]
    # The headships 离校 ended were written in the same second, by the same clerk.
    heads = db.execute_sql(
        "SELECT row_id, action, after FROM audit_log WHERE table_name = 'class_head'"
        " AND at = ? AND actor = ?",
        (at, actor),
    ).fetchall()
    days = []
    for row_id, _action, after_text in heads:
        after = _loads(after_text)
        if "teacher" in after and after["teacher"] is None:
            start = after.get("start_date")
            if start is None:
                found = db.execute_sql(
                    "SELECT start_date FROM class_head WHERE id = ?", (row_id,)
                ).fetchone()
                start = found[0] if found else None
            if start:
                days.append(dt.date.fromisoformat(str(start)[:10]))
    return min(days) if days else dt.date.fromisoformat(str(at)[:10])


def migrate(db: pw.SqliteDatabase) -> None:
    columns = [c[1] for c in db.execute_sql('PRAGMA table_info("teacher")')]
    if "left_on" in columns:
        return  # already this shape: a fresh file stamped with an older version (tests do)
    for sql in _SQL:
        db.execute_sql(sql)
    gone = db.execute_sql("SELECT id FROM teacher WHERE active = 0").fetchall()
    for (teacher_id,) in gone:
        day = left_day_from_audit(db, teacher_id)
        if day is not None:
            db.execute_sql(
                'UPDATE "teacher" SET "left_on" = ? WHERE id = ?', (day.isoformat(), teacher_id)
            )
