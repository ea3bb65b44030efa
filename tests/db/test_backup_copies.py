"""Copies the clerk makes (U盘, `backup FILE`): verified before they replace anything, and a copy
that fails leaves what was there and no half file."""

from __future__ import annotations

import pytest

from kongchuo_desktop.db import backup
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import demo


@pytest.fixture
def saved(folder, actor):
    demo.create_demo_school(actor, students=30)
    return folder.event_backup("manual")


def test_a_copy_to_the_usb_stick_is_verified_and_complete(saved, tmp_path):
    stick = tmp_path / "U盘"
    stick.mkdir()
    dest = backup.copy_backup(saved, stick)
    assert dest == stick / saved.name and backup.check_file(dest).students == 30
    # The copy and, beside it, the demo's visit photos: nothing else left on the stick.
    assert sorted(p.name for p in stick.iterdir()) == sorted([saved.name, "attachments"])


def test_a_failed_copy_to_the_stick_keeps_the_earlier_copy(saved, tmp_path, monkeypatch):
    stick = tmp_path / "U盘"
    stick.mkdir()
    (stick / saved.name).write_bytes(b"the copy from last week")
    monkeypatch.setattr(backup, "check_file", lambda p: backup.FileCheck(p, False, "坏了"))
    with pytest.raises(backup.BackupError, match="校验失败"):
        backup.copy_backup(saved, stick)
    assert (stick / saved.name).read_bytes() == b"the copy from last week"
    assert [p.name for p in stick.iterdir()] == [saved.name]


def test_backup_to_a_chosen_file_never_replaces_without_asking(folder, actor, tmp_path):
    demo.create_demo_school(actor, students=30)
    target = tmp_path / "copy.sqlite"
    target.write_bytes(b"older")
    with pytest.raises(UserError, match="已存在"):
        backup.backup_to_file(folder.raw_connection(), target, folder.path)
    assert target.read_bytes() == b"older"
    backup.backup_to_file(folder.raw_connection(), target, folder.path, overwrite=True)
    assert backup.check_file(target).students == 30
    with pytest.raises(UserError, match="数据文件夹"):
        backup.backup_to_file(
            folder.raw_connection(), folder.database_file, folder.path, overwrite=True
        )
