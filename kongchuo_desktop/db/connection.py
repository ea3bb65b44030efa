"""The one database handle of the process, bound at start-up."""

from __future__ import annotations

from pathlib import Path

import peewee

# Models bind to this proxy; `open_database` points it at a real file.
database = peewee.DatabaseProxy()

# Marks a SQLite file as ours ("KCXB"): restore refuses files without it.
APPLICATION_ID = 0x4B435842

PRAGMAS = {
    "foreign_keys": 1,
    "journal_mode": "wal",
    # NORMAL with WAL: a power cut can lose the last few commits but never corrupts the file, and
    # every save stays fast on an old office PC's disk. FULL would fsync each commit for little gain
    # here: clerks save a class at a time and the daily backup bounds what could ever be lost.
    "synchronous": 1,
    "busy_timeout": 5000,
    "cache_size": -16_000,  # 16 MB
}


def make_database(path: Path | str) -> peewee.SqliteDatabase:
    return peewee.SqliteDatabase(str(path), pragmas=PRAGMAS)


def bind(db: peewee.SqliteDatabase) -> peewee.SqliteDatabase:
    database.initialize(db)
    return db


def current() -> peewee.SqliteDatabase:
    """The bound database (raises if none is bound)."""
    obj = database.obj
    if obj is None:
        raise RuntimeError("数据库尚未打开")
    return obj
