"""Schema v16: the audit trail's chain columns (db/audit_chain.py), and the rows already there
chained in id order — from this version on, a row changed, deleted or inserted outside the
program is reported by `kongchuo check` and at start-up."""

from __future__ import annotations

import peewee as pw

from kongchuo_desktop.db import audit_chain

MIGRATION_SQL = (
    'ALTER TABLE "audit_log" ADD COLUMN "chain_seq" INTEGER',
    'ALTER TABLE "audit_log" ADD COLUMN "chain_hash" VARCHAR(255)',
)
MIGRATION_DESCRIPTION = "审计记录防篡改校验"

# This step's number (given to this branch; gaps to the previous step are fine).
SCHEMA_VERSION = 16


def migrate(db: pw.SqliteDatabase) -> None:
    columns = [c[1] for c in db.execute_sql('PRAGMA table_info("audit_log")')]
    if "chain_hash" not in columns:
        for sql in MIGRATION_SQL:
            db.execute_sql(sql)
    audit_chain.seal_unchained(db.connection())
    audit_chain.sealed_after_commit(db)
