"""The audit trail is tamper-evident: a line changed, deleted or inserted with an SQLite tool, or
the newest lines deleted, is found and named; the program's own writes (a rollback, a crash
between the commit and the head file, two processes) never look like tampering."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from kongchuo_desktop.db import audit_chain, audit_chain_schema, migrations
from kongchuo_desktop.db.models import AuditLog, Teacher
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.services import audit

FIXTURE = Path(__file__).parent.parent / "fixtures" / "data_folder_v5"


def _write_lines(actor, n=5):
    for i in range(n):
        audit.create(Teacher, actor, name=f"教师{i}")


def _check(folder, full=True):
    return audit_chain.verify(folder.db.execute_sql, folder.database_file, full=full)


def _tamper(folder, sql):
    conn = sqlite3.connect(folder.database_file)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_lines_written_by_the_program_check_clean_and_the_head_file_follows(folder, actor):
    _write_lines(actor)
    head = audit_chain.read_head(audit_chain.head_file(folder.database_file))
    rows = AuditLog.select().count()
    assert head is not None and head.seq == rows == 5
    assert _check(folder).ok


def test_one_transaction_of_many_lines_writes_the_head_once_after_its_commit(folder, actor):
    with folder.db.atomic():
        _write_lines(actor, 3)
        head = audit_chain.read_head(audit_chain.head_file(folder.database_file))
        assert head is None  # nothing is written before the commit
    assert audit_chain.read_head(audit_chain.head_file(folder.database_file)).seq == 3


def test_a_rolled_back_transaction_leaves_table_and_head_agreeing(folder, actor):
    _write_lines(actor, 2)
    with pytest.raises(RuntimeError), folder.db.atomic():
        _write_lines(actor, 2)
        raise RuntimeError("the clerk's save failed")
    verdict = _check(folder)
    assert verdict.ok and verdict.rows == 2 and verdict.head == "ok"


@pytest.mark.parametrize(
    ("sql", "problem", "row_id"),
    [
        ("UPDATE audit_log SET actor = '别人' WHERE id = 3", audit_chain.CHANGED, 3),
        ("UPDATE audit_log SET after = NULL WHERE id = 2", audit_chain.CHANGED, 2),
        ("DELETE FROM audit_log WHERE id = 3", audit_chain.DELETED, 4),
        (
            "INSERT INTO audit_log (at, actor, table_name, row_key, action)"
            " VALUES ('2026-01-01 08:00:00', '外人', 'student', '', 'insert')",
            audit_chain.INSERTED,
            6,
        ),
        ("DELETE FROM audit_log WHERE id = 5", audit_chain.TRUNCATED, 5),
    ],
)
def test_a_line_changed_deleted_or_inserted_outside_is_named(folder, actor, sql, problem, row_id):
    _write_lines(actor)
    _tamper(folder, sql)
    verdict = _check(folder)
    assert not verdict.ok
    assert (verdict.problem, verdict.row_id) == (problem, row_id)
    assert f"第 {row_id} 行" in verdict.text


def test_a_copied_line_with_its_hash_is_still_caught(folder, actor):
    _write_lines(actor, 3)
    _tamper(
        folder,
        "INSERT INTO audit_log (at, actor, table_name, row_id, row_key, action, before, after,"
        " chain_seq, chain_hash) SELECT at, actor, table_name, row_id, row_key, action, before,"
        " after, chain_seq, chain_hash FROM audit_log WHERE id = 2",
    )
    verdict = _check(folder)
    assert (verdict.problem, verdict.row_id) == (audit_chain.INSERTED, 4)


def test_a_crash_between_commit_and_head_file_is_not_tampering(folder, actor):
    _write_lines(actor, 3)
    path = audit_chain.head_file(folder.database_file)
    stale = path.read_text(encoding="utf-8")
    _write_lines(actor, 2)
    path.write_text(stale, encoding="utf-8")  # the file as it was before the last commit
    verdict = _check(folder)
    assert verdict.ok and verdict.head == "behind"
    assert audit_chain.read_head(path).seq == 5  # brought up to date


def test_a_missing_head_file_is_written_anew(folder, actor):
    _write_lines(actor, 2)
    audit_chain.head_file(folder.database_file).unlink()
    verdict = _check(folder)
    assert verdict.ok and verdict.head == "missing"
    assert audit_chain.read_head(audit_chain.head_file(folder.database_file)).seq == 2


def test_the_start_up_check_reads_only_new_lines_and_still_sees_the_verified_one(folder, actor):
    _write_lines(actor, 4)
    assert _check(folder).ok  # verified through line 4
    _write_lines(actor, 2)
    quick = _check(folder, full=False)
    assert quick.ok and quick.rows == 3  # the verified line, rehashed, and the two new ones
    _tamper(folder, "UPDATE audit_log SET actor = '别人' WHERE id = 6")
    assert (_check(folder, full=False).problem, _check(folder, full=False).row_id) == (
        audit_chain.CHANGED,
        6,
    )


def test_an_old_line_changed_is_caught_by_the_full_check(folder, actor):
    _write_lines(actor, 4)
    assert _check(folder).ok
    _tamper(folder, "UPDATE audit_log SET actor = '别人' WHERE id = 1")
    # Documented limit of the quick start-up check: it starts after the verified line.
    assert _check(folder, full=False).ok
    assert _check(folder).row_id == 1


def test_a_v5_data_folder_is_chained_when_upgraded(tmp_path):
    old = tmp_path / "old"
    shutil.copytree(FIXTURE, old)
    before = (
        sqlite3.connect(old / "kongchuo.sqlite")
        .execute("SELECT COUNT(*) FROM audit_log")
        .fetchone()[0]
    )
    folder = open_data_folder(old, daily_backup=False)
    try:
        head = audit_chain.read_head(audit_chain.head_file(folder.database_file))
        assert head is not None and head.seq == before
        # The upgrade hashed every line itself: the next start-up check reads none of them.
        assert audit_chain.read_verified(audit_chain.head_file(folder.database_file)) == head
        assert _check(folder, full=False).rows <= 2
        verdict = _check(folder)
        assert verdict.ok and verdict.rows == before > 0
    finally:
        folder.close()
    open_data_folder(tmp_path / "fresh", daily_backup=False).close()

    def columns(path):
        conn = sqlite3.connect(path)
        try:
            return conn.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log'").fetchone()
        finally:
            conn.close()

    assert columns(old / "kongchuo.sqlite") == columns(tmp_path / "fresh" / "kongchuo.sqlite")


def test_the_step_is_registered_under_its_own_version():
    step = next(s for s in migrations.STEPS if s.apply is audit_chain_schema.migrate)
    assert step.version == audit_chain_schema.SCHEMA_VERSION == 16


def test_after_a_restore_the_start_up_check_is_clean_and_reads_no_old_lines(
    folder, actor, tmp_path
):
    from kongchuo_desktop.db import backup, store

    _write_lines(actor, 3)
    copy = backup.backup_to(folder.raw_connection(), tmp_path / "copy.sqlite")
    _write_lines(actor, 4)
    assert _check(folder).ok  # a verified point at line 7, which the restore takes away
    reopened, _ = store.restore(folder, copy, actor=actor)
    try:
        quick = _check(reopened, full=False)
        assert quick.ok and quick.rows <= 2
        assert _check(reopened).ok
    finally:
        reopened.close()
