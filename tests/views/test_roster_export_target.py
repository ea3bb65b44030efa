"""导出当前列表… never replaces a file the clerk did not agree to, and never writes into the data
folder's own files."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtWidgets import QFileDialog

from kongchuo_desktop.services import demo
from kongchuo_desktop.views import messages as ui_messages
from kongchuo_desktop.views.roster_page import RosterPage


@pytest.fixture
def tab(qtbot, folder, actor):
    demo.create_demo_school(actor, students=60, seed=5)
    page = RosterPage(folder)
    qtbot.addWidget(page)
    page.refresh()
    return page.students


def choose(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_a_name_without_xlsx_that_exists_is_asked_about_and_kept(
    tab, tmp_path, monkeypatch, messages
):
    kept = tmp_path / "花名册.xlsx"
    kept.write_bytes(b"last term's list")
    asked = []

    def answer(shown):
        asked.append(shown)
        return False  # 取消

    monkeypatch.setattr(ui_messages, "answerer", answer)
    choose(monkeypatch, tmp_path / "花名册")
    tab.export_list()
    assert [s.kind for s in asked] == ["confirm"] and "已存在" in asked[0].text
    assert kept.read_bytes() == b"last term's list"


def test_a_file_confirmed_in_the_dialog_is_replaced_with_a_whole_workbook(
    tab, tmp_path, monkeypatch, messages, qtbot
):
    target = tmp_path / "花名册.xlsx"
    target.write_bytes(b"last term's list")
    choose(monkeypatch, target)
    tab.export_list()
    qtbot.waitUntil(lambda: any(t == "导出完成" for _, t, _ in messages), timeout=10000)
    with zipfile.ZipFile(target) as z:
        assert z.testzip() is None
    assert not list(tmp_path.glob("*.part"))


def test_the_data_folders_backups_are_never_a_target(tab, folder, monkeypatch, messages, qtbot):
    target = folder.backups / "花名册.xlsx"
    choose(monkeypatch, target)
    tab.export_list()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert "数据文件夹自己的文件" in messages[-1][2]
    assert not target.exists()
