"""Backups are consistent copies; restore refuses bad files and keeps the current data safe."""

import datetime as dt
import sqlite3

import pytest

from kongchuo_desktop.db import backup, store
from kongchuo_desktop.db.models import AuditLog, Guardian, Student
from kongchuo_desktop.services import audit, demo


def _all_rows(path):
    conn = sqlite3.connect(path)
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    data = {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}
    conn.close()
    return data


@pytest.fixture
def demo_folder(folder, actor):
    demo.create_demo_school(actor, students=60)
    return folder


def test_backup_restore_round_trip_keeps_every_row(demo_folder, actor, tmp_path):
    copy = backup.backup_to(demo_folder.raw_connection(), tmp_path / "copy.sqlite")
    expected = _all_rows(copy)
    # Change things after the backup: a student renamed, one deleted.
    first = Student.select().first()
    audit.update(first, actor, name="改过的名字")
    audit.delete(Guardian.select().first(), actor)

    reopened, safety = store.restore(demo_folder, copy, actor=actor)
    try:
        restored = _all_rows(reopened.database_file)
        history = restored.pop("audit_log")
        assert restored == {t: rows for t, rows in expected.items() if t != "audit_log"}
        assert set(expected["audit_log"]) <= set(history)  # the copy's own history, untouched
        assert Student.get_by_id(first.id).name != "改过的名字"
        # The data as it was before the restore is kept, with the change in it.
        conn = sqlite3.connect(safety)
        assert (
            conn.execute("SELECT name FROM student WHERE id=?", (first.id,)).fetchone()[0]
            == "改过的名字"
        )
        conn.close()
    finally:
        reopened.close()


def test_a_backup_is_a_self_contained_file_even_while_the_database_is_open(demo_folder, tmp_path):
    copy = backup.backup_to(demo_folder.raw_connection(), tmp_path / "live.sqlite")
    assert not (tmp_path / "live.sqlite-wal").exists()
    check = backup.check_file(copy)
    assert check.ok and check.students == 60


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not a database at all" * 100, "损坏"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "损坏"),
    ],
)
def test_restoring_a_corrupt_file_is_refused_and_nothing_changes(
    demo_folder, tmp_path, content, reason
):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(content)
    before = _all_rows(demo_folder.database_file)
    with pytest.raises(backup.BackupError, match=reason):
        store.restore(demo_folder, bad)
    assert _all_rows(demo_folder.database_file) == before
    assert Student.select().count() == 60  # still open and working


def test_restoring_a_foreign_sqlite_file_is_refused(demo_folder, tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE student (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO student (name) VALUES ('x')")
    conn.commit()
    conn.close()
    with pytest.raises(backup.BackupError, match="不是控辍保学工作台的数据文件"):
        store.restore(demo_folder, other)
    assert Student.select().count() == 60


def test_a_truncated_backup_is_refused(demo_folder, tmp_path):
    copy = backup.backup_to(demo_folder.raw_connection(), tmp_path / "copy.sqlite")
    data = copy.read_bytes()
    copy.write_bytes(data[: len(data) // 3])
    with pytest.raises(backup.BackupError):
        store.restore(demo_folder, copy)
    assert Student.select().count() == 60


def test_an_empty_database_never_replaces_a_backup_that_holds_data(folder, demo_folder, tmp_path):
    target = tmp_path / "weekly.sqlite"
    backup.backup_to(demo_folder.raw_connection(), target)
    empty = store.open_data_folder(tmp_path / "empty", daily_backup=False)
    try:
        written = backup.backup_to(empty.raw_connection(), target)
    finally:
        empty.close()
    assert written != target and written.name.endswith("-empty.sqlite")
    assert backup.check_file(target).students == 60


def test_daily_backup_once_a_day_and_a_monthly_copy(demo_folder):
    root = demo_folder.backups
    day = dt.date(2026, 11, 2)
    assert demo_folder.daily_backup(day) is not None
    assert demo_folder.daily_backup(day) is None  # same day: nothing new
    assert (root / "daily" / "kongchuo-2026-11-02.sqlite").exists()
    assert (root / "monthly" / "kongchuo-2026-11.sqlite").exists()


def test_only_thirty_daily_and_twelve_monthly_copies_are_kept(demo_folder):
    start = dt.date(2025, 1, 1)
    for i in range(0, 400, 9):
        demo_folder.daily_backup(start + dt.timedelta(days=i))
    daily = sorted((demo_folder.backups / "daily").glob("*.sqlite"))
    monthly = sorted((demo_folder.backups / "monthly").glob("*.sqlite"))
    assert len(daily) == 30 and len(monthly) == 12
    assert daily[-1].name == f"kongchuo-{start + dt.timedelta(days=396)}.sqlite"  # newest kept


def test_restoring_an_identical_copy_adds_only_the_restore_line(demo_folder, tmp_path):
    copy = backup.backup_to(demo_folder.raw_connection(), tmp_path / "c.sqlite")
    audit_rows = AuditLog.select().count()
    reopened, _ = store.restore(demo_folder, copy)
    try:
        assert AuditLog.select().count() == audit_rows + 1
        assert AuditLog.select().order_by(AuditLog.id.desc()).get().action == "restore"
    finally:
        reopened.close()


def test_restore_keeps_the_audit_history_and_says_who_restored_what(demo_folder, actor, tmp_path):
    """The changes the restore undid stay in the history, marked as from before the restore, and
    the restore itself is a line: who, when, from which file, where the current data was kept."""
    copy = backup.backup_to(demo_folder.raw_connection(), tmp_path / "copy.sqlite")
    before = AuditLog.select().count()
    student = Student.select().first()
    audit.update(student, actor, name="改过的名字")
    audit.delete(Guardian.select().first(), actor)

    reopened, safety = store.restore(demo_folder, copy, actor="教务处小王")
    try:
        lines = list(AuditLog.select().order_by(AuditLog.id))
        assert len(lines) == before + 3
        renamed, deleted, restore = lines[-3:]
        assert (renamed.action, renamed.row_id, renamed.after) == (
            "archived:update",
            student.id,
            {"name": "改过的名字"},
        )
        assert (deleted.action, deleted.table) == ("archived:delete", "guardian")
        assert (restore.actor, restore.action) == ("教务处小王", "restore")
        assert restore.after == {
            "restored_from": str(copy),
            "safety_copy": str(safety),
            "archived_lines": 2,
        }
        # Readers of the history in force (the 档案 timeline asks for "update") skip the rename.
        in_force = AuditLog.select().where(
            (AuditLog.table == "student")
            & (AuditLog.row_id == student.id)
            & (AuditLog.action == "update")
        )
        assert "改过的名字" not in repr([a.after for a in in_force])
    finally:
        reopened.close()

    # Restoring the safety copy back: nothing carried twice.
    again, _ = store.restore(reopened, safety, actor="教务处小王")
    try:
        actions = [a.action for a in AuditLog.select().order_by(AuditLog.id)]
        assert actions[before:] == ["update", "delete", "archived:restore", "restore"]
    finally:
        again.close()


def test_no_daily_backup_of_an_empty_database(folder):
    assert folder.daily_backup(dt.date(2026, 11, 2)) is None
    assert not (folder.backups / "daily").exists()


def test_restoring_a_backup_made_by_an_older_version_migrates_it(demo_folder):
    from pathlib import Path

    from kongchuo_desktop.db import migrations

    old = Path(__file__).parent.parent / "fixtures" / "schema_v1.sqlite"
    reopened, _ = store.restore(demo_folder, old)
    try:
        assert migrations.schema_version(reopened.db) == migrations.LATEST_VERSION
        assert Student.get(Student.name == "张三").name_initials == "zs"
    finally:
        reopened.close()
