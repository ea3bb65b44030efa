"""The student page opens for every child, whatever the timeline holds."""

import datetime as dt

from PySide6.QtWidgets import QLabel

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
    # On screen the withdrawn change is struck through; the withdrawal line is not.
    struck = {
        page.timeline.item(r, 2).text()
        for r in range(page.timeline.rowCount())
        if page.timeline.item(r, 2).font().strikeOut()
    }
    assert struck == {"【已撤销】转出：随父母外出"}
    assert any(t.startswith("撤销11月20日的“转出”：录入错误") for t in texts)

    # Nothing left to undo: the clerk is told so, and no reason is asked.
    asked.clear()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert messages[-1] == ("information", "撤销学籍变动", "张三：没有可以撤销的学籍变动")
    assert asked == []


def _button(page, name):
    from PySide6.QtWidgets import QPushButton

    return page.findChild(QPushButton, name)


def test_a_clerk_corrects_a_phone_and_adds_a_guardian_on_the_student_page(
    qtbot, school, actor, messages, tmp_path
):
    from openpyxl import load_workbook
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from kongchuo_desktop.db.models import AuditLog, Guardian, Student
    from kongchuo_desktop.services import audit, roster_export

    child = school["s"]["李四"]
    audit.update(child, actor, phone="138abc")  # let in by an import, with a warning
    page = StudentDetailDialog(child.id)
    qtbot.addWidget(page)
    warnings = page.findChild(QLabel, "student_warnings")
    assert "联系电话“138abc”不是有效的电话号码" in warnings.text()

    qtbot.mouseClick(_button(page, "student_edit"), Qt.MouseButton.LeftButton)
    phone = page.findChild(QLineEdit, "student_field_phone")
    phone.setText("")
    qtbot.keyClicks(phone, "138abd")  # still wrong: refused, nothing written
    qtbot.mouseClick(_button(page, "student_save"), Qt.MouseButton.LeftButton)
    [(kind, title, text)] = messages
    assert (kind, title) == ("warning", "保存学生信息")
    assert "联系电话“138abd”不是有效的电话号码：手机号应为11位数字" in text
    assert Student.get_by_id(child.id).phone == "138abc"
    assert page.edit is not None  # still editing, what was typed kept

    phone.setText("13912345678")
    qtbot.mouseClick(_button(page, "student_guardian_add"), Qt.MouseButton.LeftButton)
    row = page.guardians.rowCount() - 1
    page.guardians.item(row, 0).setText("李秀英")
    page.guardians.item(row, 1).setText("母亲")
    page.guardians.item(row, 2).setText("0851-86123456")
    page.guardians.item(row, 4).setCheckState(Qt.CheckState.Checked)  # 外出务工
    state = page.findChild(QLabel, "student_edit_state").text()
    assert "已修改：联系电话、家庭成员" in state
    with qtbot.waitSignal(page.changed):
        qtbot.mouseClick(_button(page, "student_save"), Qt.MouseButton.LeftButton)
    assert len(messages) == 1 and page.edit is None
    assert warnings.text() == ""

    assert Student.get_by_id(child.id).phone == "13912345678"
    g = Guardian.get(Guardian.student == child.id)
    assert (g.name, g.relation, g.phone, g.is_guardian, g.works_away) == (
        "李秀英",
        "母亲",
        "0851-86123456",
        True,
        True,
    )
    trail = {
        (line.table, line.action): (line.before, line.after)
        for line in AuditLog.select().order_by(AuditLog.id)
    }
    assert trail[("student", "update")] == ({"phone": "138abc"}, {"phone": "13912345678"})
    assert trail[("guardian", "insert")][1]["name"] == "李秀英"
    shown = [page.guardians.item(0, c).text() for c in range(5)]
    assert shown == ["李秀英", "母亲", "0851-86123456", "是", "是"]

    out = roster_export.export_roster(
        tmp_path / "r.xlsx", roster_export.students_for_export(student_ids=[child.id])
    )
    ws = load_workbook(out).active
    exported = dict(zip([c.value for c in ws[2]], [c.value for c in ws[3]], strict=True))
    assert exported["联系电话"] == "13912345678"
    assert (exported["成员1姓名"], exported["成员1联系电话"]) == ("李秀英", "0851-86123456")


def test_removing_a_flag_on_the_student_page_asks_and_leaves_a_timeline_line(
    qtbot, school, actor, messages
):
    from kongchuo_desktop.services.roster_queries import set_risk_flag

    child = school["s"]["赵六"]
    set_risk_flag(actor, child.id, "留守儿童", True, "父母在广东务工")
    page = StudentDetailDialog(child.id)
    qtbot.addWidget(page)
    page.flags.setCurrentCell(0, 0)
    page.remove_flag()
    assert messages[0][0] == "question" and "取消“留守儿童”标记" in messages[0][2]
    assert page.flags.rowCount() == 0
    texts = [page.timeline.item(r, 2).text() for r in range(page.timeline.rowCount())]
    assert "取消留守儿童标记" in texts


def test_closing_with_unsaved_edits_asks_to_save(qtbot, school, actor, messages):
    from kongchuo_desktop.db.models import Student
    from kongchuo_desktop.views import messages as ui_messages

    child = school["s"]["王五"]
    page = StudentDetailDialog(child.id)
    qtbot.addWidget(page)
    page.start_edit()
    page.field_editors["现住址"].setText("青山镇3组")
    messages.answers["ask_save"] = ui_messages.CANCEL
    page.reject()
    assert page.edit is not None and messages[-1][0] == "question"
    messages.answers["ask_save"] = ui_messages.SAVE
    page.reject()
    assert page.edit is None and Student.get_by_id(child.id).address == "青山镇3组"


def test_deleting_a_student_is_refused_with_the_reason_once_a_head_count_counted_them(
    qtbot, school, actor, messages
):
    from kongchuo_desktop.db.models import Student

    child = school["s"]["孙丽"]
    day = D(2026, 11, 23)
    att.save_class(actor, school["c1"].id, day, [], today=day)
    page = StudentDetailDialog(child.id)
    qtbot.addWidget(page)
    page.start_edit()
    page.delete_button.click()
    [(kind, title, text)] = messages
    assert (kind, title) == ("warning", "删除学生")
    assert "不能删除孙丽的档案：已有1次点名" in text
    assert Student.get_or_none(Student.id == child.id) is not None


def test_a_student_entered_by_mistake_is_deleted_from_the_page(qtbot, school, actor, messages):
    from kongchuo_desktop.db.models import Student

    child = school["s"]["孙丽"]
    page = StudentDetailDialog(child.id)
    qtbot.addWidget(page)
    page.start_edit()
    assert not page.delete_button.autoDefault()  # Enter in a field never reaches it
    with qtbot.waitSignal(page.changed):
        page.delete_button.click()
    assert messages[0][0] == "question" and "删除孙丽的档案" in messages[0][2]
    assert Student.get_or_none(Student.id == child.id) is None
