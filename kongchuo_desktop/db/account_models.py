"""Tables of schema v19: the program's accounts (issue 17). An account has a name, a password
stored only as a slow salted hash (services/passwords.py), one or more roles
(domain/permissions.ACCOUNT_ROLES), perhaps a linked teacher record (whose 班主任 classes and 包保
students it then covers) and the classes it was given by hand (a 班主任 without a teacher record),
whether it is in use, when it last signed in, and its wrong tries and lock. `RecoveryCode` holds
the hash of the one-time recovery code that resets a 管理员 password (the principal's drawer).

Accounts live in the database, so a backup carries its own accounts: restoring it brings them
back, with its recovery code. Models live here, not in db/models.py, to keep that file small;
they are listed in ALL_MODELS. The step that adds them is `MIGRATION_SQL`, written out.
"""

from __future__ import annotations

import datetime as dt

import peewee as pw

from kongchuo_desktop.db.models import BaseModel, SchoolClass, Teacher

SCHEMA_VERSION = 19


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Account(BaseModel):
    name = pw.CharField(unique=True)
    password_hash = pw.TextField()  # "scrypt$n$r$p$salt$hash" (services/passwords.py)
    roles = pw.CharField()  # comma-separated, in ACCOUNT_ROLES order
    teacher = pw.ForeignKeyField(Teacher, null=True, backref="accounts", on_delete="SET NULL")
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=_now)
    last_login = pw.DateTimeField(null=True)
    failed_tries = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)

    class Meta:
        table_name = "account"


class AccountClass(BaseModel):
    """A class an account covers as 班主任 (`kongchuo user add … --class 七年级1班`)."""

    account = pw.ForeignKeyField(Account, backref="class_links", on_delete="CASCADE")
    school_class = pw.ForeignKeyField(SchoolClass, backref="account_links", on_delete="CASCADE")

    class Meta:
        table_name = "account_class"
        indexes = ((("account", "school_class"), True),)


class RecoveryCode(BaseModel):
    """The current recovery code, hashed like a password; replaced each time it is used."""

    code_hash = pw.TextField()
    created_at = pw.DateTimeField(default=_now)
    created_by = pw.CharField(default="")

    class Meta:
        table_name = "recovery_code"


MODELS = [Account, AccountClass, RecoveryCode]

MIGRATION_DESCRIPTION = "账号、角色与恢复码"

# As peewee creates the tables of MODELS (tests compare the two).
MIGRATION_SQL = (
    'CREATE TABLE IF NOT EXISTS "account" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "name" VARCHAR(255) NOT NULL, "password_hash" TEXT NOT NULL, "roles" VARCHAR(255) NOT NULL,'
    ' "teacher_id" INTEGER, "active" INTEGER NOT NULL, "created_at" DATETIME NOT NULL,'
    ' "last_login" DATETIME, "failed_tries" INTEGER NOT NULL, "locked_until" DATETIME,'
    ' FOREIGN KEY ("teacher_id") REFERENCES "teacher" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "account_name" ON "account" ("name")',
    'CREATE INDEX IF NOT EXISTS "account_teacher_id" ON "account" ("teacher_id")',
    'CREATE TABLE IF NOT EXISTS "account_class" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "account_id" INTEGER NOT NULL, "school_class_id" INTEGER NOT NULL,'
    ' FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("school_class_id") REFERENCES "school_class" ("id") ON DELETE CASCADE)',
    'CREATE INDEX IF NOT EXISTS "account_class_account_id" ON "account_class" ("account_id")',
    'CREATE INDEX IF NOT EXISTS "account_class_school_class_id" ON "account_class"'
    ' ("school_class_id")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "account_class_account_id_school_class_id" ON'
    ' "account_class" ("account_id", "school_class_id")',
    'CREATE TABLE IF NOT EXISTS "recovery_code" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "code_hash" TEXT NOT NULL, "created_at" DATETIME NOT NULL,'
    ' "created_by" VARCHAR(255) NOT NULL)',
)


def migrate(db: pw.SqliteDatabase) -> None:
    if all(db.table_exists(m._meta.table_name) for m in MODELS):
        return  # already this shape (a fresh file stamped older)
    for sql in MIGRATION_SQL:
        db.execute_sql(sql)
