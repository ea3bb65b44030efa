"""The student page opens for every child, whatever the timeline holds."""

import datetime as dt

from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog

D = dt.date


def test_the_student_page_opens_after_a_step_was_marked_done_for_a_truant_child(
    qtbot, school, actor
):
    child = school["s"]["王五"]
    for day in (D(2026, 11, 23), D(2026, 11, 24)):
        att.save_class(actor, school["c1"].id, day, [att.AbsenceInput(child.id, "旷课")], today=day)
    contact = att.escalation_items(D(2026, 11, 24))[0]
    att.mark_done(actor, contact, "电话联系了爷爷", day=D(2026, 11, 24))

    page = StudentDetailDialog(child.id)
    qtbot.addWidget(page)

    rows = [
        [page.timeline.item(r, c).text() for c in range(3)] for r in range(page.timeline.rowCount())
    ]
    kinds = [kind for _, kind, _ in rows]
    assert "缺勤" in kinds and "缺勤上报" in kinds
    done = next(r for r in rows if r[1] == "缺勤上报")
    assert done[0] == dt.date.today().isoformat()  # the day it was recorded, no time of day
    assert "电话联系了爷爷" in done[2]


OUT = {"书面申请": "有", "班主任意见": "同意", "接收学校": "广东某中学", "分管校长审批": "李"}


def _timeline_texts(page):
    return [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]


def test_undo_button_asks_the_reason_and_what_follows_then_restores_the_child(
    qtbot, school, actor, messages, monkeypatch
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QInputDialog, QPushButton

    from kongchuo_desktop.db.models import Student
    from kongchuo_desktop.services.student_status import change_status

    child, c1 = school["s"]["张三"], school["c1"]
    change_status(actor, child, "转出", D(2026, 11, 20), "随父母外出", details=OUT)
    page = StudentDetailDialog(child.id)
    qtbot.addWidget(page)
    assert "转出" in page.title.text()
    asked = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: asked.append(a[2]) or ("录入错误", True)
    )
    button = page.findChild(QPushButton, "student_undo_status")

    messages.answers["confirm"] = False  # 不撤销: nothing changes
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert Student.get_by_id(child.id).status == "转出"
    assert "2026-11-20 的“转出”" in asked[0]

    messages.answers["confirm"] = True
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    kind, title, text = messages[-1]
    assert (kind, title) == ("question", "撤销学籍变动")
    assert text.startswith("张三将恢复为“在校”，重新列入七年级1班的点名。")
    assert Student.get_by_id(child.id).status == "在校"
    assert child.id in [s.id for s in att.class_students(c1.id)]
    assert "在校" in page.title.text()
    texts = _timeline_texts(page)
    assert "【已撤销】转出：随父母外出" in texts
    assert any(t.startswith("撤销11月20日的“转出”：录入错误") for t in texts)

    # Nothing left to undo: the clerk is told so, and no reason is asked.
    asked.clear()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert messages[-1] == ("information", "撤销学籍变动", "张三：没有可以撤销的学籍变动")
    assert asked == []
