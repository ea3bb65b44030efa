"""Shared fixtures. Qt runs headless; every test gets its own fresh data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KONGCHUO_NO_SINGLE_INSTANCE", "1")

import pytest

from kongchuo_desktop.db.store import open_data_folder

ACTOR = "测试员"


@pytest.fixture(autouse=True)
def _user_data_elsewhere(tmp_path_factory, monkeypatch):
    """A command run without --data-dir (selftest) logs into the user's data folder: in tests,
    a temporary one, never the real home folder's."""
    home = tmp_path_factory.getbasetemp() / "user-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("LOCALAPPDATA", str(home))


@pytest.fixture
def folder(tmp_path):
    """A fresh, empty, migrated data folder bound as the process database."""
    f = open_data_folder(tmp_path / "data", daily_backup=False)
    yield f
    f.close()


@pytest.fixture
def actor():
    return ACTOR
