"""The paste dialog's preview: what was left out (已忽略, 其他日期), leave the office already
approved, 待补请假单, and after saving which classes were saved and which not, with why."""

import datetime as dt

from kongchuo_desktop.db.models import AttendanceReport, Teacher
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import audit
from kongchuo_desktop.views.headcount_dialogs import PasteDialog

FRIDAY = dt.date(2026, 11, 27)

COPY = (
    "王老师 07:50\n"
    "七年级1班 应到10 实到8 张三请假 李四病假\n"
    "[图片]\n"
    "收到\n"
    "王老师 07:52\n"
    "七(2)班 全到 刘阳病假\n"
    "2026年11月26日 07:40\n"
    "七年级1班 全到\n"
)


def test_the_preview_lists_ignored_lines_and_leave(qtbot, school, folder, actor):
    s = school["s"]
    leave = att.request_leave(actor, s["张三"].id, FRIDAY, FRIDAY, "病假", "发烧", "母亲")
    att.approve_leave(actor, leave.id, "班主任")
    audit.create(Teacher, actor, name="赵老师")
    dialog = PasteDialog(FRIDAY)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText(COPY)
    dialog.parse()
    rows = dialog.model.rows
    assert [(r.class_name, r.ok) for r in rows] == [("七年级1班", True), ("七年级2班", False)]
    absent = dialog.model.data(dialog.model.index(0, 5))
    assert absent == "张三病假〔已批准的请假〕、李四病假"
    ignored = dialog.ignored.toPlainText().splitlines()
    assert ignored == [
        "其他日期（2026年11月26日 07:40），不保存：",
        "    七年级1班 全到",
        "已忽略：王老师 07:50　— 发消息的人和时间",
        "已忽略：[图片]　— 微信图片、表情",
        "已忽略：收到　— 聊天（不是点名）",
        "已忽略：王老师 07:52　— 发消息的人和时间",
    ]
    assert not dialog.ignored.isHidden()
    assert "已忽略 4 行" in dialog.problems.text()
    with qtbot.waitSignal(dialog.saved) as blocker:
        dialog.save_button.click()
    assert blocker.args == [["七年级1班"]]
    assert AttendanceReport.select().count() == 1
    summary = dialog.problems.text()
    assert "已保存 1 个班：七年级1班。" in summary
    assert "• 七年级2班：写了全到，却又列了1名缺勤学生" in summary


def test_a_class_that_leaves_out_a_child_on_leave_shows_the_leave(qtbot, school, folder, actor):
    s = school["s"]
    leave = att.request_leave(actor, s["王五"].id, FRIDAY, FRIDAY, "事假", "家中有事", "父亲")
    att.approve_leave(actor, leave.id, "班主任")
    dialog = PasteDialog(FRIDAY)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("七年级1班 应到10 实到8 赵六请假")
    dialog.parse()
    (row,) = dialog.model.rows
    assert row.ok and row.present == 8
    assert dialog.model.data(dialog.model.index(0, 5)) == (
        "赵六请假 — 待补请假单、王五事假 — 已批准请假"
    )
    assert dialog.ignored.isHidden()
