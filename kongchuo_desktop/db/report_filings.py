"""Schema v15: the month reports filed with the bureau (`report_filing`): each version with the
principal's signature, its figures and lists frozen as JSON, the reason for a re-filing and the
exported workbook. The model is `ReportFiling` in db/models.py; this step adds its table to older
files, written out as SQL like every migration."""

from __future__ import annotations

import peewee as pw

MIGRATION_DESCRIPTION = "月报上报记录（签字、上报时的数字和名单、各版本的文件）"

# This step's number (given to this branch; gaps to the previous step are fine).
SCHEMA_VERSION = 15

MIGRATION_SQL = (
    'CREATE TABLE IF NOT EXISTS "report_filing" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "month" VARCHAR(255) NOT NULL, "version" INTEGER NOT NULL, "state" VARCHAR(255) NOT NULL,'
    ' "signed_by" VARCHAR(255) NOT NULL, "signed_on" DATE, "reason" TEXT NOT NULL,'
    ' "snapshot" TEXT, "file_name" VARCHAR(255) NOT NULL, "file_bytes" BLOB,'
    ' "filed_at" DATETIME, "filed_by" VARCHAR(255) NOT NULL)',
    'CREATE INDEX IF NOT EXISTS "report_filing_month" ON "report_filing" ("month")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "report_filing_month_version"'
    ' ON "report_filing" ("month", "version")',
)


def migrate(db: pw.SqliteDatabase) -> None:
    # CREATE … IF NOT EXISTS: a fresh file (made from the models, stamped older) is left as it is.
    for sql in MIGRATION_SQL:
        db.execute_sql(sql)
