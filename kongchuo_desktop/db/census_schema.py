"""Schema v17: the villages' 适龄儿童摸底 lists and the clerk's decisions on them
(db/census_models.py), written out as SQL like every step (db/migrations.py)."""

from __future__ import annotations

import peewee as pw

SCHEMA_VERSION = 17
MIGRATION_DESCRIPTION = "适龄儿童摸底名单与人籍比对"

MIGRATION_SQL = (
    'CREATE TABLE IF NOT EXISTS "census_list" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "school_year" VARCHAR(255) NOT NULL, "village" VARCHAR(255) NOT NULL,'
    ' "file_name" VARCHAR(255) NOT NULL, "sheet_name" VARCHAR(255) NOT NULL,'
    ' "imported_at" DATETIME NOT NULL, "imported_by" VARCHAR(255) NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "census_list_school_year_village"'
    ' ON "census_list" ("school_year", "village")',
    'CREATE TABLE IF NOT EXISTS "census_entry" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "census_list_id" INTEGER NOT NULL, "row" INTEGER NOT NULL,'
    ' "group_name" VARCHAR(255) NOT NULL, "householder" VARCHAR(255) NOT NULL,'
    ' "name" VARCHAR(255) NOT NULL, "id_number" VARCHAR(255) NOT NULL, "birth_date" DATE,'
    ' "sex" VARCHAR(255) NOT NULL, "school" VARCHAR(255) NOT NULL, "note" TEXT NOT NULL,'
    ' FOREIGN KEY ("census_list_id") REFERENCES "census_list" ("id") ON DELETE CASCADE)',
    'CREATE INDEX IF NOT EXISTS "census_entry_census_list_id" ON "census_entry" ("census_list_id")',
    'CREATE INDEX IF NOT EXISTS "census_entry_id_number" ON "census_entry" ("id_number")',
    'CREATE TABLE IF NOT EXISTS "census_decision" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "school_year" VARCHAR(255) NOT NULL, "child_key" VARCHAR(255) NOT NULL,'
    ' "result" VARCHAR(255) NOT NULL, "school" VARCHAR(255) NOT NULL,'
    ' "proof_received" INTEGER NOT NULL, "proof_date" DATE, "note" TEXT NOT NULL,'
    ' "confirmed" INTEGER NOT NULL, "case_id" INTEGER, "updated_at" DATETIME NOT NULL,'
    ' "updated_by" VARCHAR(255) NOT NULL)',
    'CREATE UNIQUE INDEX IF NOT EXISTS "census_decision_school_year_child_key"'
    ' ON "census_decision" ("school_year", "child_key")',
)


def migrate(db: pw.SqliteDatabase) -> None:
    """IF NOT EXISTS: a file already of this shape (tests stamp a fresh one older) is left as is."""
    for sql in MIGRATION_SQL:
        db.execute_sql(sql)
