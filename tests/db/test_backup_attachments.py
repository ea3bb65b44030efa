"""Attached files travel with every backup, restore and USB copy, and are stored once."""

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from kongchuo_desktop.db import attachments as files
from kongchuo_desktop.db import backup, migrations, store
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import Student
from kongchuo_desktop.services import attachments
from kongchuo_desktop.services.start_over import start_over

DAY = dt.date(2026, 11, 2)


def make_photos(where: Path, n: int, start: int = 0) -> list[Path]:
    where.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = where / f"照片{i:03}.png"
        Image.frombytes("RGB", (12, 12), os.urandom(12 * 12 * 3)).save(path)
        paths.append(path)
    return paths


def attach(actor, paths, owner_id):
    with current().atomic():  # one commit: the suite need not wait for the disk 200 times
        return [attachments.add_file(actor, p, "家访照片", "student", owner_id) for p in paths]


def tree_bytes(folder: Path, pattern: str = "**/*") -> int:
    return sum(p.stat().st_size for p in folder.glob(pattern) if p.is_file())


def live(folder) -> Path:
    return folder.path / "attachments"


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch):
    """Hundreds of small files: waiting for the disk each time would only slow the suite."""
    monkeypatch.setattr(files, "_fsync", lambda fd: None)


@pytest.fixture
def student(folder):
    return Student.create(name="李四")


def test_a_backup_and_restore_of_200_photos_keeps_them_all(folder, actor, student, tmp_path):
    added = attach(actor, make_photos(tmp_path / "相机", 200), student.id)
    copy = folder.event_backup("manual")
    # Afterwards the photos' folder is lost and one row deleted.
    for p in live(folder).rglob("*"):
        if p.is_file():
            p.unlink()
    attachments.remove(actor, added[0].id)

    reopened, _ = store.restore(folder, copy)
    try:
        assert len(attachments.list_for("student", student.id)) == 200
        report = attachments.verify()
        assert report.ok and report.files == 200 and not report.orphans
        for a in added:
            assert files.sha256_of(attachments.open_path(a.sha256)) == a.sha256
    finally:
        reopened.close()


def test_two_daily_backups_of_unchanged_photos_take_their_space_once(
    folder, actor, student, tmp_path
):
    attach(actor, make_photos(tmp_path / "相机", 50), student.id)
    photos = tree_bytes(live(folder))
    assert folder.daily_backup(DAY) is not None
    assert folder.daily_backup(DAY + dt.timedelta(days=1)) is not None
    backups = folder.backups
    assert len(list((backups / "daily").glob("*.sqlite"))) == 2
    shared = backups / "attachments"
    assert tree_bytes(shared) == photos
    # Beside each copy only its small audit-chain head file (db/audit_chain.py).
    copies = tree_bytes(backups, "*/*.sqlite") + tree_bytes(backups, "*/*.audit-head")
    assert tree_bytes(backups) - copies == photos
    # Real copies, not hard links: damage to a live file cannot reach the backup.
    assert all(p.stat().st_nlink == 1 for p in shared.rglob("*") if p.is_file())


def test_pruning_old_backups_removes_photos_no_copy_still_needs(
    folder, actor, student, tmp_path, monkeypatch
):
    monkeypatch.setattr(backup, "KEEP_DAILY", 2)
    monkeypatch.setattr(backup, "KEEP_MONTHLY", 1)
    monkeypatch.setattr(backup, "KEEP_EVENTS", 0)
    gone, kept = attach(actor, make_photos(tmp_path / "相机", 2), student.id)
    folder.daily_backup(DAY)
    attachments.remove(actor, gone.id)
    shared = folder.backups / "attachments"
    name = files.relative_name(gone.sha256, gone.ext)
    folder.daily_backup(DAY + dt.timedelta(days=1))
    assert (shared / name).is_file()  # the first day's copy still needs it
    folder.daily_backup(DAY + dt.timedelta(days=2))
    assert (shared / name).is_file()  # the first day's daily copy is gone; its monthly is not
    folder.daily_backup(dt.date(2026, 12, 1))  # December's copy replaces November's
    assert not (shared / name).exists()
    assert (shared / files.relative_name(kept.sha256, kept.ext)).is_file()


def test_a_copy_to_a_usb_stick_carries_the_photos_and_restores_on_another_pc(
    folder, actor, student, tmp_path
):
    added = attach(actor, make_photos(tmp_path / "相机", 20), student.id)
    stick = tmp_path / "U盘"
    stick.mkdir()
    first = backup.copy_backup(folder.event_backup("manual"), stick)
    on_stick = stick / "attachments"
    assert len(files.stored_names(on_stick)) == 20
    inodes = {p: p.stat().st_ino for p in on_stick.rglob("*") if p.is_file()}
    # A week later: five more photos; the next copy adds only those five.
    attach(actor, make_photos(tmp_path / "相机", 5, start=20), student.id)
    second = backup.copy_backup(folder.event_backup("later"), stick)
    assert first != second and len(files.stored_names(on_stick)) == 25
    assert all(p.stat().st_ino == ino for p, ino in inodes.items())
    folder.close()

    # Another PC: a new, empty data folder restored from the stick.
    other = store.open_data_folder(tmp_path / "新电脑", daily_backup=False)
    reopened, _ = store.restore(other, second)
    try:
        report = attachments.verify()
        assert report.ok and report.attachments == 25
        assert attachments.open_path(added[0].sha256).is_file()
    finally:
        reopened.close()


def test_the_usb_copy_says_so_when_a_photo_cannot_be_found(folder, actor, student, tmp_path):
    a = attach(actor, make_photos(tmp_path / "相机", 1), student.id)[0]
    copy = folder.event_backup("manual")
    name = files.relative_name(a.sha256, a.ext)
    (folder.backups / "attachments" / name).unlink()
    (live(folder) / name).unlink()
    stick = tmp_path / "U盘"
    stick.mkdir()
    with pytest.raises(backup.BackupError, match="1 个附件"):
        backup.copy_backup(copy, stick)
    assert backup.check_file(stick / copy.name).ok  # the data itself is on the stick


def test_a_damaged_photo_is_not_spread_into_the_backups_and_restore_mends_it(
    folder, actor, student, tmp_path
):
    _, bad = attach(actor, make_photos(tmp_path / "相机", 2), student.id)
    first = folder.event_backup("manual")
    damaged = attachments.open_path(bad.sha256)
    damaged.write_bytes(b"\x00" * damaged.stat().st_size)
    # A copy made now does not replace the good file in the backup store.
    folder.event_backup("later")
    assert files.file_is_intact(folder.backups / "attachments" / damaged.relative_to(live(folder)))
    assert not attachments.verify().ok
    reopened, _ = store.restore(folder, first)
    try:
        assert attachments.verify().ok
    finally:
        reopened.close()


def test_a_backup_to_a_chosen_file_puts_the_photos_beside_it(folder, actor, student, tmp_path):
    attach(actor, make_photos(tmp_path / "相机", 3), student.id)
    target = tmp_path / "外部" / "copy.sqlite"
    target.parent.mkdir()
    backup.backup_to(folder.raw_connection(), target)
    assert len(files.stored_names(target.parent / "attachments")) == 3


def test_restoring_a_copy_from_before_the_photos_tidies_them_away_but_keeps_them_backed_up(
    folder, actor, student, tmp_path
):
    before = folder.event_backup("manual")
    attach(actor, make_photos(tmp_path / "相机", 3), student.id)
    reopened, safety = store.restore(folder, before)
    try:
        report = attachments.verify()
        assert report.ok and report.attachments == 0 and not report.orphans
        # The photos are still in the backup store, referred to by the safety copy.
        needed = files.referenced_by_file(safety)
        assert len(needed) == 3
        assert needed <= files.stored_names(reopened.backups / "attachments")
    finally:
        reopened.close()


def test_a_backup_from_before_attachments_existed_restores(folder, tmp_path):
    copy = folder.event_backup("manual")
    conn = sqlite3.connect(copy)
    conn.execute("DROP TABLE attachment")
    conn.execute(f"PRAGMA user_version = {migrations.ATTACHMENTS_SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    reopened, _ = store.restore(folder, copy)
    try:
        assert attachments.verify().ok
    finally:
        reopened.close()


def test_starting_over_puts_the_photos_away_with_the_rows_and_a_restore_brings_them_back(
    folder, actor, student, tmp_path
):
    attach(actor, make_photos(tmp_path / "相机", 3), student.id)
    safety = start_over(folder, actor)
    assert files.stored_names(live(folder)) == set()
    assert attachments.verify().ok
    reopened, _ = store.restore(folder, safety)
    try:
        report = attachments.verify()
        assert report.ok and report.files == 3
    finally:
        reopened.close()
