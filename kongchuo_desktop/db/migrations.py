"""Versioned schema: ordered migration steps, each in one transaction, a backup before any.

The version lives in `PRAGMA user_version`. A new database gets every table from the models and
the latest version; an older one runs the steps above its version, in order. Steps use SQL or
playhouse.migrate and never import today's models, whose shape may have moved on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import peewee as pw

from kongchuo_desktop.db.connection import APPLICATION_ID
from kongchuo_desktop.db.models import ALL_MODELS


@dataclass(frozen=True)
class Step:
    version: int
    description: str
    apply: Callable[[pw.SqliteDatabase], None]


def _v1_initial(db: pw.SqliteDatabase) -> None:
    # Version 1 is the first schema; a database at version 0 is empty and gets created fresh.
    raise RuntimeError("version 1 is created, never migrated to")


def _v2_student_pinyin(db: pw.SqliteDatabase) -> None:
    from kongchuo_desktop.domain.pinyin_keys import pinyin_keys

    db.execute_sql("ALTER TABLE student ADD COLUMN name_pinyin VARCHAR(255) NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE student ADD COLUMN name_initials VARCHAR(255) NOT NULL DEFAULT ''")
    rows = db.execute_sql("SELECT id, name FROM student").fetchall()
    for student_id, name in rows:
        full, initials = pinyin_keys(name or "")
        db.execute_sql(
            "UPDATE student SET name_pinyin = ?, name_initials = ? WHERE id = ?",
            (full, initials, student_id),
        )


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


STEPS: list[Step] = [
    Step(1, "初始结构", _v1_initial),
    Step(2, "学生姓名拼音检索", _v2_student_pinyin),
    Step(3, "班级学年记录与学籍变动审批信息", _v3_roster),
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
