"""办理学籍变动: 转出, 死亡 and 辍学 ask before saving and say what will follow."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from kongchuo_desktop.db.models import Student
from kongchuo_desktop.views.status_change_dialog import StatusChangeDialog

OUT = {"书面申请": "有", "班主任意见": "同意", "接收学校": "广东某中学", "分管校长审批": "李"}


def _dialog(qtbot, child, status, reason="随父母外出"):
    dialog = StatusChangeDialog(child.id)
    qtbot.addWidget(dialog)
    dialog.select_status(status)
    dialog.findChild(QLineEdit, "status_reason").setText(reason)
    for step, text in OUT.items():
        edit = dialog.findChild(QLineEdit, f"status_step_{step}")
        if edit is not None:
            edit.setText(text)
    return dialog


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_transfer_out_asks_first_and_says_the_child_leaves_the_roll(qtbot, school, messages):
    child = school["s"]["张三"]
    dialog = _dialog(qtbot, child, "转出")
    messages.answers["confirm"] = False
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    kind, title, text = messages[-1]
    assert (kind, title) == ("question", "确认转出")
    assert "将从七年级1班名单中移除，今后不再点名" in text
    assert Student.get_by_id(child.id).status == "在校"  # 取消: nothing saved

    messages.answers["confirm"] = True
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert Student.get_by_id(child.id).status == "转出"


def test_death_and_dropout_ask_too_but_a_suspension_does_not(qtbot, school, messages):
    dialog = _dialog(qtbot, school["s"]["李四"], "死亡", reason="病故")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert messages[-1][1] == "确认死亡" and "不再点名" in messages[-1][2]
    dialog = _dialog(qtbot, school["s"]["王五"], "辍学", reason="外出打工")
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert messages[-1][1] == "确认辍学" and "劝返" in messages[-1][2]
    seen = len(messages)
    dialog = _dialog(qtbot, school["s"]["赵六"], "休学", reason="住院")
    dialog.findChild(QLineEdit, "status_step_医疗证明").setText("县医院")
    dialog.until.setDate(dt.date.today() + dt.timedelta(days=90))
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert len(messages) == seen  # saved without a question


def test_a_transfer_out_missing_a_paper_is_refused_before_any_question(qtbot, school, messages):
    child = school["s"]["张三"]
    dialog = _dialog(qtbot, child, "转出")
    dialog.findChild(QLineEdit, "status_step_接收学校").setText("")
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert list(messages) == []
    assert "接收学校" in dialog.message.text()
    assert Student.get_by_id(child.id).status == "在校"
