"""转出手续 through the dialog: four steps saved one at a time, 办理中 on the student page until
the last, which asks first (saying the child leaves the class list) and then changes the status."""

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from kongchuo_desktop.db.models import Student
from kongchuo_desktop.services import transfer_procedure as tp
from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog
from kongchuo_desktop.views.transfer_dialog import TransferDialog


def _fill(dialog, day, by, note="", school="", reason=""):
    dialog.date.setDate(QDate(day))
    for name, text in (
        ("transfer_by", by),
        ("transfer_note", note),
        ("transfer_school", school),
        ("transfer_reason", reason),
    ):
        if text:
            dialog.findChild(QLineEdit, name).setText(text)


def _save(qtbot, dialog):
    qtbot.mouseClick(dialog.findChild(QPushButton, "transfer_save"), Qt.MouseButton.LeftButton)


def test_the_four_transfer_steps_are_saved_one_by_one_through_the_dialog(
    qtbot, school, actor, messages
):
    child = school["s"]["张三"]
    today = dt.date.today()
    days = [today - dt.timedelta(days=n) for n in (6, 4, 2, 0)]
    dialog = TransferDialog(child.id, actor)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLineEdit, "transfer_reason").isVisibleTo(dialog)

    # Without the reason nothing is saved and the dialog says why.
    _fill(dialog, days[0], "父亲张大山")
    _save(qtbot, dialog)
    assert "转出原因" in dialog.message.text() and tp.open_procedure(child.id) is None

    _fill(dialog, days[0], "父亲张大山", reason="随父母到广东就读")
    _save(qtbot, dialog)
    assert dialog.form_title.text() == "下一步：班主任意见"
    assert dialog.steps.item(0, 2).text() == "父亲张大山"
    assert dialog.steps.item(1, 3).text() == "（待办）"
    assert not dialog.findChild(QLineEdit, "transfer_reason").isVisibleTo(dialog)

    _fill(dialog, days[1], "王老师", note="同意")
    _save(qtbot, dialog)
    assert dialog.findChild(QLineEdit, "transfer_school").isVisibleTo(dialog)
    _fill(dialog, days[2], "刘主任", school="东莞市某中学", note="同意接收")
    _save(qtbot, dialog)
    assert "已办3/4步" in dialog.state.text()

    # The student page says 办理中, and the child is still at school.
    page = StudentDetailDialog(child.id)
    qtbot.addWidget(page)
    assert "转出办理中（已办3/4步，下一步：分管校长审批）" in page.title.text()
    assert Student.get_by_id(child.id).status == "在校"

    # The last step asks first; 取消 saves nothing.
    _fill(dialog, days[3], "李副校长")
    messages.answers["confirm"] = False
    _save(qtbot, dialog)
    kind, title, text = messages[-1]
    assert (kind, title) == ("question", "确认转出")
    assert "将从七年级1班名单中移除，今后不再点名" in text
    assert Student.get_by_id(child.id).status == "在校"

    messages.answers["confirm"] = True
    with qtbot.waitSignal(dialog.changed):
        _save(qtbot, dialog)
    assert Student.get_by_id(child.id).status == "转出"
    assert messages[-1][0] == "information"
    page.refresh()
    assert "办理中" not in page.title.text()
    texts = [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]
    assert any(t.startswith("转出手续第4步 分管校长审批") for t in texts)


def test_a_procedure_is_abandoned_with_a_reason_from_the_dialog(
    qtbot, school, actor, messages, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog

    child = school["s"]["李四"]
    dialog = TransferDialog(child.id, actor)
    qtbot.addWidget(dialog)
    assert not dialog.abandon_button.isEnabled()
    _fill(dialog, dt.date.today(), "母亲", reason="外出务工随迁")
    _save(qtbot, dialog)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("家长决定留在本校", True))
    qtbot.mouseClick(dialog.abandon_button, Qt.MouseButton.LeftButton)
    assert tp.open_procedure(child.id) is None
    assert "没有办理中的转出手续" in dialog.state.text()


def test_home_lists_classes_whose_head_left_and_transfers_in_progress(qtbot, folder, school, actor):
    from kongchuo_desktop.services import teachers
    from kongchuo_desktop.views.home_page import HomePage

    day = dt.date.today() - dt.timedelta(days=1)
    teachers.mark_left(actor, school["head"].id, day)
    tp.start(actor, school["s"]["张三"].id, "随父母外出", day, "父亲")
    home = HomePage(folder)
    qtbot.addWidget(home)
    home.refresh()
    assert home.people_note.isVisibleTo(home)
    assert home.people_note.text() == (
        f"待设置班主任（1个班）：七年级1班：班主任已离校（王老师，{day:%m月%d日}起）\n"
        "转出办理中（1人）：张三（七年级1班，下一步：班主任意见）"
    )


def test_transfer_out_at_once_is_refused_while_a_procedure_is_under_way(qtbot, school, actor):
    from PySide6.QtWidgets import QDialogButtonBox

    from kongchuo_desktop.views.status_change_dialog import StatusChangeDialog

    child = school["s"]["王五"]
    tp.start(actor, child.id, "随父母外出", dt.date.today(), "父亲")
    dialog = StatusChangeDialog(child.id)
    qtbot.addWidget(dialog)
    dialog.select_status("转出")
    assert "有办理中的转出手续" in dialog.message.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.select_status("休学")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
