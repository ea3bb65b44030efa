"""The table of hand corrections to how a month-report template is understood (which list a sheet
holds, which field a column gets), one row per template, found by the fingerprint of its headers.

Kept in the database rather than a file beside it: the corrections are the school's own work,
so they travel with backups and restores like every other school rule (STYLE.md section 4).
The model is `ReportTemplateMapping` in db/models.py; this step adds its table to older files.
"""

from __future__ import annotations

import peewee as pw

MIGRATION_SQL = (
    'CREATE TABLE IF NOT EXISTS "report_template_mapping" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "fingerprint" VARCHAR(255) NOT NULL, "template_name" VARCHAR(255) NOT NULL,'
    ' "corrections" TEXT NOT NULL, "updated_at" DATETIME NOT NULL,'
    ' "updated_by" VARCHAR(255) NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "report_template_mapping_fingerprint"'
    ' ON "report_template_mapping" ("fingerprint")',
)
MIGRATION_DESCRIPTION = "月报模板的手动对应"

# This step's number (given to this branch; gaps to the previous step are fine).
SCHEMA_VERSION = 13


def migrate(db: pw.SqliteDatabase) -> None:
    for sql in MIGRATION_SQL:
        db.execute_sql(sql)
