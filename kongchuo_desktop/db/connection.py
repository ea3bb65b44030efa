"""The one database handle of the process, bound at start-up.

Several processes write one file: the window all day, the office's scripts (`kongchuo …`) beside
it. Under WAL a plain (deferred) transaction starts as a reader and asks for the write lock only
at its first write; when another process committed in between, SQLite answers "database is
locked" at once, without waiting, because waiting could not help (the reader's snapshot is stale).
So every write transaction here starts with BEGIN IMMEDIATE: it takes the write lock first, and
while another process holds it the busy timeout makes it wait. A writer that holds the lock
longer than the timeout (a big import on a slow PC) gets a few more tries before the clerk sees
"数据文件正被另一个操作占用".
"""

from __future__ import annotations

import logging
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


# How long one BEGIN IMMEDIATE waits for another process's write (ms), and how many more times it
# tries after that: about 20 s in all before giving up.
BUSY_TIMEOUT_MS = PRAGMAS["busy_timeout"]
BEGIN_RETRIES = 3

log = logging.getLogger("kongchuo.db")


class Database(peewee.SqliteDatabase):
    """SQLite whose transactions (`atomic()`, `transaction()`) begin IMMEDIATE."""

    def __init__(self, database, **kwargs):
        kwargs.setdefault("lock_type", "IMMEDIATE")
        kwargs.setdefault("timeout", BUSY_TIMEOUT_MS / 1000)
        super().__init__(database, **kwargs)

    def begin(self, lock_type=None):
        lock_type = lock_type or self._lock_type
        for attempt in range(BEGIN_RETRIES + 1):
            try:
                return super().begin(lock_type)
            except peewee.OperationalError as exc:
                text = str(exc).lower()
                if "readonly" in text and lock_type:
                    # A read-only file cannot take the write lock; reading needs none.
                    return super().begin("DEFERRED")
                if ("locked" not in text and "busy" not in text) or attempt == BEGIN_RETRIES:
                    raise
                log.info("数据文件正被另一个程序写入，第%d次重试", attempt + 1)


def make_database(path: Path | str) -> Database:
    return Database(str(path), pragmas=PRAGMAS)


def bind(db: peewee.SqliteDatabase) -> peewee.SqliteDatabase:
    database.initialize(db)
    return db


def current() -> peewee.SqliteDatabase:
    """The bound database (raises if none is bound)."""
    obj = database.obj
    if obj is None:
        raise RuntimeError("数据库尚未打开")
    return obj
