"""合并重复档案 from the student page: the other record picked, both shown side by side with what
wins, a refusal said and the button off, the merge asked about and then done."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kongchuo_desktop.db.models import Absence, Student
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import audit
from kongchuo_desktop.views.merge_dialog import MergeDialog
from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog

D = dt.date
NOW = D(2026, 11, 27)


def _twin(school, actor):
    keep = school["s"]["张三"]
    other = audit.create(
        Student, actor, name="张三", id_number="520102201301010013", school_class=school["c2"]
    )
    att.save_class(
        actor, school["c1"].id, D(2026, 11, 16), [att.AbsenceInput(keep.id, "病假")], today=NOW
    )
    att.save_class(
        actor, school["c2"].id, D(2026, 11, 17), [att.AbsenceInput(other.id, "旷课")], today=NOW
    )
    return keep, other


def _cell(table, label, column):
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == label)
    return table.item(row, column).text()


def test_the_other_record_is_merged_from_the_student_page(
    qtbot, school, actor, messages, monkeypatch
):
    keep, other = _twin(school, actor)
    page = StudentDetailDialog(keep.id)
    qtbot.addWidget(page)
    opened = []

    def run(dialog):
        opened.append(dialog)
        qtbot.addWidget(dialog)
        # With the search box empty, the records of the same name are offered.
        assert [s.id for s in dialog.found] == [other.id]
        dialog.pick(other.id)
        assert _cell(dialog.compare, "班级", 1) == "七年级1班"
        assert _cell(dialog.compare, "班级", 2) == "七年级2班"
        assert _cell(dialog.compare, "班级", 3) == "七年级1班"
        assert _cell(dialog.compare, "缺勤", 2) == "1"
        assert _cell(dialog.compare, "身份证件号", 3) == "520102201301010013"
        messages.answers["confirm"] = True
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(MergeDialog, "exec", run)
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(page.findChild(QPushButton, "student_merge"), Qt.MouseButton.LeftButton)
    kind, title, text = messages[-1]
    assert (kind, title) == ("question", "合并重复档案")
    assert "另一份档案删除" in text
    assert Student.get_or_none(Student.id == other.id) is None
    assert Absence.select().where(Absence.student == keep.id).count() == 2
    assert Student.get_by_id(keep.id).id_number == "520102201301010013"
    texts = [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]
    assert any(t.startswith("合并重复档案：张三（档案") for t in texts)


def test_a_merge_that_cannot_be_done_says_why_and_cannot_be_clicked(qtbot, school, actor):
    keep, other = _twin(school, actor)
    att.save_class(
        actor, school["c2"].id, D(2026, 11, 16), [att.AbsenceInput(other.id, "旷课")], today=NOW
    )
    dialog = MergeDialog(keep.id, actor)
    qtbot.addWidget(dialog)
    dialog.pick(other.id)
    assert "同一天两份档案的缺勤记录不同" in dialog.notes.text()
    assert not dialog.merge_button.isEnabled()
    dialog.search.setText("没有这个人")
    assert "没有找到其他档案" in dialog.notes.text()
