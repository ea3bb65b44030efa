"""Write transactions begin IMMEDIATE and wait for another connection's write (db/connection.py)."""

import sqlite3
import threading

from kongchuo_desktop.db import connection


def test_a_write_waits_past_the_busy_timeout_with_a_few_retries(tmp_path):
    path = tmp_path / "x.sqlite"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("PRAGMA journal_mode=wal")
    other.execute("CREATE TABLE t (n INTEGER)")
    db = connection.Database(str(path), pragmas={"journal_mode": "wal", "busy_timeout": 100})
    db.execute_sql("SELECT * FROM t").fetchall()  # connected, and a reader meanwhile

    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.25, lambda: other.execute("COMMIT")).start()  # longer than one timeout
    with db.atomic():
        db.execute_sql("INSERT INTO t VALUES (2)")
    assert sorted(r[0] for r in db.execute_sql("SELECT n FROM t")) == [1, 2]
    db.close()
    other.close()


def test_a_transaction_takes_the_write_lock_at_once(tmp_path):
    """Begun IMMEDIATE: a second writer cannot slip in between a transaction's read and write."""
    db = connection.make_database(tmp_path / "x.sqlite")
    db.execute_sql("CREATE TABLE t (n INTEGER)")
    other = sqlite3.connect(tmp_path / "x.sqlite", timeout=0, isolation_level=None)
    with db.atomic():
        db.execute_sql("SELECT * FROM t").fetchall()
        try:
            other.execute("BEGIN IMMEDIATE")
            raised = False
        except sqlite3.OperationalError:
            raised = True
    assert raised
    other.close()
    db.close()
