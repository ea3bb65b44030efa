"""On screen: ID and phone numbers masked in the roster list (and what Ctrl+C copies), found by
the full number all the same; in full on the student page for roles that read them; the export
dialog's 「加密为 zip（发往教育局）」 asks the password twice and the export is in the audit trail."""

from __future__ import annotations

import pytest
import pyzipper
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog

from kongchuo_desktop.db.models import Student
from kongchuo_desktop.services import access, audit_trail, demo
from kongchuo_desktop.views import password_dialog
from kongchuo_desktop.views import student_table_model as stm
from kongchuo_desktop.views.roster_page import RosterPage
from kongchuo_desktop.views.save_dialog import ZIP_FILTER
from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog

INSPECTOR = access.Actor(name="督学", roles=frozenset({"只读"}))
HEAD = access.Actor(name="李老师", roles=frozenset({"班主任"}))


@pytest.fixture
def tab(qtbot, folder, actor, messages):
    demo.create_demo_school(actor, students=60, seed=5)
    page = RosterPage(folder)
    qtbot.addWidget(page)
    page.refresh()
    return page.students


def _someone() -> Student:
    return Student.select().where(Student.id_number != "", Student.phone != "").first()


def test_the_roster_list_shows_ids_and_phones_masked_and_ctrl_c_copies_that(tab, qtbot):
    s = _someone()
    tab.search.setText(s.id_number)  # the full number still finds the child
    qtbot.waitUntil(lambda: tab.proxy.rowCount() == 1)
    shown_id = tab.proxy.index(0, stm.COL_ID_NUMBER).data()
    shown_phone = tab.proxy.index(0, stm.COL_PHONE).data()
    assert shown_id == f"{s.id_number[:4]}**********{s.id_number[-4:]}"
    assert shown_phone == f"{s.phone[:3]}****{s.phone[-4:]}"
    assert s.id_number[4:14] not in tab.proxy.index(0, stm.COL_STUDENT_NUMBER).data()
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.proxy.index(0, stm.COL_ID_NUMBER))
    QApplication.clipboard().clear()
    qtbot.keySequence(tab.view, QKeySequence.StandardKey.Copy)
    assert QApplication.clipboard().text() == shown_id


def test_sorting_by_the_id_column_uses_the_full_number(tab):
    tab.proxy.sort(stm.COL_ID_NUMBER, Qt.SortOrder.AscendingOrder)
    rows = tab.proxy.accepted_rows()
    ids = [r.id_number for r in rows if r.id_number]
    assert ids == sorted(ids)


def _field(detail: StudentDetailDialog, label: str) -> str:
    grid = detail.fields_grid
    texts = [grid.itemAt(i).widget().text() for i in range(grid.count())]
    return texts[texts.index(f"{label}：") + 1]


def test_the_student_page_shows_the_full_id_to_a_clerk_and_masked_to_an_inspector(tab, qtbot):
    s = _someone()
    detail = StudentDetailDialog(s.id)
    qtbot.addWidget(detail)
    assert _field(detail, "身份证件号") == s.id_number  # the system user: a clerk's rights
    with access.acting_as(INSPECTOR):
        seen = StudentDetailDialog(s.id)
        qtbot.addWidget(seen)
        assert _field(seen, "身份证件号") == f"{s.id_number[:4]}**********{s.id_number[-4:]}"
        assert s.id_number not in _field(seen, "学籍号")
        assert _field(seen, "联系电话") == f"{s.phone[:3]}****{s.phone[-4:]}"
        phones = [seen.guardians.item(r, 2).text() for r in range(seen.guardians.rowCount())]
        assert phones and all("****" in p for p in phones if p)


def test_exporting_the_list_as_an_encrypted_zip_asks_the_password_twice_and_is_recorded(
    tab, tmp_path, monkeypatch, messages, qtbot
):
    chosen = tmp_path / "发往教育局"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ZIP_FILTER))
    asked = []

    def answer(text, twice):
        asked.append(twice)
        return "教育局2026"

    monkeypatch.setattr(password_dialog, "answerer", answer)
    names = [r.name for r in tab.proxy.accepted_rows()]
    tab.export_list()
    qtbot.waitUntil(lambda: any(t == "导出完成" for _, t, _ in messages), timeout=10000)
    out = tmp_path / "发往教育局.zip"
    assert asked == [True] and out.exists() and not list(tmp_path.glob("*.xlsx"))
    assert not any(n.encode() in out.read_bytes() for n in names)
    with pyzipper.AESZipFile(out) as z:
        z.setpassword("教育局2026".encode())
        assert z.read("学生花名册.xlsx")[:2] == b"PK"
    line = audit_trail.lines(table="export")[0]
    assert f"学生人数：{len(names)}" in line.changes and "加密zip：是" in line.changes
    assert "已加密" in messages[-1][2]


def test_a_class_head_exports_masked_ids(tab, tmp_path, monkeypatch, messages, qtbot):
    from openpyxl import load_workbook

    target = tmp_path / "名单.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    stored = {s.id_number for s in Student.select() if s.id_number}
    own_class = Student.select().where(Student.id_number != "").first().school_class_id
    head = access.Actor(name=HEAD.name, roles=HEAD.roles, class_ids=frozenset({own_class}))
    with access.acting_as(head):
        tab.refresh()  # a 班主任's list is the own class
        tab.export_list()
        qtbot.waitUntil(lambda: any(t == "导出完成" for _, t, _ in messages), timeout=10000)
    cells = {
        str(c) for row in load_workbook(target).active.iter_rows(values_only=True) for c in row
    }
    assert not cells & stored
    line = audit_trail.lines(user="李老师")[0]
    assert "完整身份证号：否" in line.changes and str(target.resolve()) in line.changes
