"""Where the data folder is: --data-dir, portable `data` beside the exe, else the user folder."""

import sys
from pathlib import Path

from kongchuo_desktop import paths


def test_data_dir_option_wins(tmp_path):
    assert paths.resolve_data_dir(str(tmp_path / "x")) == (tmp_path / "x").resolve()


def test_windows_user_folder_is_under_localappdata(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    assert paths.user_data_dir() == tmp_path / "控辍保学工作台"


def test_portable_mode_when_a_data_folder_sits_next_to_the_exe(monkeypatch, tmp_path):
    exe = tmp_path / "控辍保学工作台.exe"
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.resolve_data_dir() == paths.user_data_dir()  # no data folder yet
    (tmp_path / "data").mkdir()
    assert paths.resolve_data_dir() == tmp_path / "data"


def test_resources_are_found_from_source():
    assert paths.resource_path("style.qss").is_file()
    assert isinstance(paths.resource_path("x"), Path)
