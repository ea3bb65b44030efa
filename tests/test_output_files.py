"""output_files: which paths may be written, and writing them whole or not at all."""

from __future__ import annotations

import ntpath

import pytest

from kongchuo_desktop import output_files as of
from kongchuo_desktop.errors import UserError


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "花名册.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), of.atomic_write(target) as tmp:
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["花名册.xlsx"]


def test_a_complete_write_replaces_the_file(tmp_path):
    target = tmp_path / "花名册.xlsx"
    target.write_bytes(b"old")
    with of.atomic_write(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["花名册.xlsx"]


@pytest.mark.parametrize(
    "name",
    [
        "kongchuo.sqlite",
        "kongchuo.sqlite-wal",
        "kongchuo.sqlite-shm",
        "kongchuo.sqlite-journal",
        "backups",
        "backups/daily/kongchuo-2026-09-01.sqlite",
        "logs/kongchuo.log",
        "logs/../kongchuo.sqlite",
    ],
)
def test_the_data_folders_own_files_are_never_a_target(tmp_path, name):
    with pytest.raises(of.ProtectedTargetError):
        of.check_target(tmp_path / name, tmp_path, overwrite=True)


def test_other_files_in_and_beside_the_data_folder_may_be_written(tmp_path):
    data = tmp_path / "data"
    assert of.check_target(data / "花名册.xlsx", data) == data / "花名册.xlsx"
    assert of.check_target(tmp_path / "kongchuo.sqlite", data)  # another folder's file name
    assert of.check_target(data / "kongchuo.sqlite.xlsx", data)


def test_a_link_to_the_database_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "kongchuo.sqlite").write_bytes(b"db")
    link = tmp_path / "快捷方式.xlsx"
    link.symlink_to(data / "kongchuo.sqlite")
    with pytest.raises(of.ProtectedTargetError):
        of.check_target(link, data, overwrite=True)


def test_on_windows_the_comparison_ignores_case(tmp_path, monkeypatch):
    monkeypatch.setattr(of.os.path, "normcase", ntpath.normcase)
    with pytest.raises(of.ProtectedTargetError):
        of.check_target(tmp_path / "KongChuo.SQLite", tmp_path, overwrite=True)
    with pytest.raises(of.ProtectedTargetError):
        of.check_target(tmp_path / "Backups" / "x.sqlite", tmp_path, overwrite=True)


def test_an_existing_file_only_with_overwrite_and_never_a_folder(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"x")
    with pytest.raises(of.TargetExistsError):
        of.check_target(target, None)
    assert of.check_target(target, None, overwrite=True) == target
    with pytest.raises(UserError, match="文件夹"):
        of.check_target(tmp_path, None, overwrite=True)
