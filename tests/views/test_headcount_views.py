"""The head-count page and the dashboard, driven as a user would."""

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QTableView,
    QWidget,
)

from kongchuo_desktop.db.models import Absence, AttendanceReport, EscalationAction
from kongchuo_desktop.domain.escalation import Step
from kongchuo_desktop.views import messages as ui_messages
from kongchuo_desktop.views.headcount_dialogs import PasteDialog
from kongchuo_desktop.views.headcount_page import HeadcountPage
from kongchuo_desktop.views.home_page import HomePage
from tests.demo_school import DEMO_TODAY

FRIDAY = dt.date(2026, 11, 27)


@pytest.fixture
def page(qtbot, school, folder):
    p = HeadcountPage(folder)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    p.activateWindow()
    p.entry.date_edit.setDate(FRIDAY)
    p.refresh()
    return p


def test_page_opens_on_the_last_school_day_with_its_classes(qtbot, school, folder, monkeypatch):
    from kongchuo_desktop.views.headcount_page import EntryTab
    from kongchuo_desktop.views.main_window import MainWindow

    monkeypatch.setattr(EntryTab, "clock", staticmethod(lambda: DEMO_TODAY))  # a Saturday
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show_page("headcount")  # from the navigation, as a clerk opens it
    e = window.page("headcount").entry
    assert e.date_edit.date().toPython() == FRIDAY
    assert "今天不上学，已打开上一个上学日" in e.day_label.text()
    assert [r.name for r in e.class_model.rows] == ["七年级1班", "七年级2班"]
    assert e.progress.text() == "已上报 0 / 2 个班"
    e.date_edit.setDate(FRIDAY - dt.timedelta(days=1))  # chosen by hand: no note
    assert e.day_label.text() == "星期四　上学日"


def test_models_pass_the_model_tester(page, qtmodeltester):
    qtmodeltester.check(page.entry.class_model)
    qtmodeltester.check(page.entry.absence_model)


def entry_widgets(page):
    """The 点名 tab's widgets, found as a clerk's keyboard reaches them: by objectName."""
    return SimpleNamespace(
        search=page.findChild(QLineEdit, "headcount_search"),
        reason=page.findChild(QComboBox, "headcount_reason"),
        period=page.findChild(QComboBox, "headcount_period"),
        message=page.findChild(QLabel, "headcount_message"),
        summary=page.findChild(QLabel, "headcount_summary"),
        absences=page.findChild(QTableView, "headcount_absences"),
        title=page.findChild(QLabel, "headcount_class_title"),
    )


def mark(qtbot, w, typed: str, *keys) -> None:
    """Type a name (pinyin or initials), Enter, then the shortcuts for that child."""
    qtbot.keyClicks(w.search, typed)
    qtbot.keyClick(w.search, Qt.Key.Key_Return)
    for key, modifier in keys:
        qtbot.keyClick(w.search, key, modifier)


CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def click_first_name_as_sick(e) -> None:
    """By mouse: 病假 chosen in the entry row, then the first name clicked."""
    e.reason.setCurrentText("病假")
    e._roster_clicked(e.roster_filter.index(0, 0))


def test_three_children_marked_by_keyboard_keep_their_own_reasons(page, qtbot):
    """张三 旷课, 李四 病假 上午, 王五 事假: nothing chosen for one child carries over to the next
    (a sick child used to be saved as 旷课 and start the escalation)."""
    w = entry_widgets(page)
    assert w.title.text().startswith("七年级1班")
    assert w.summary.text().startswith("应到 10　实到 10")
    qtbot.waitUntil(w.search.hasFocus)  # the page opens with the cursor in the name box
    mark(qtbot, w, "zs", (Qt.Key.Key_3, CTRL))  # 张三 by initials, 旷课
    assert w.message.text() == "张三：旷课"
    assert w.reason.currentIndex() == -1 and w.period.currentText() == "全天"  # clean again
    mark(qtbot, w, "lisi", (Qt.Key.Key_2, ALT), (Qt.Key.Key_1, CTRL))  # full pinyin, 上午, 病假
    assert w.message.text() == "李四：病假（上午）"
    assert w.reason.currentIndex() == -1 and w.period.currentText() == "全天"
    w.search.insert("王五")  # typed through the Chinese input method (QTest sends ASCII only)
    qtbot.keyClick(w.search, Qt.Key.Key_Return)
    assert w.message.text().startswith("王五：请选择原因")  # neither 病假 nor 上午 carried over
    qtbot.keyClick(w.search, Qt.Key.Key_2, CTRL)  # 事假
    assert w.summary.text().startswith("应到 10　实到 7　缺勤 3")
    qtbot.keyClick(w.search, Qt.Key.Key_S, CTRL)
    got = {(a.student.name, a.reason, a.period) for a in Absence.select()}
    assert got == {("张三", "旷课", "全天"), ("李四", "病假", "上午"), ("王五", "事假", "全天")}
    report = AttendanceReport.get()
    assert (report.expected, report.present, report.source) == (10, 7, "manual")
    # It moved on to the next class not yet reported, clean, with the cursor in the name box.
    assert w.title.text().startswith("七年级2班")
    assert page.entry.progress.text() == "已上报 1 / 2 个班"
    assert w.search.hasFocus() and w.reason.currentIndex() == -1


def test_a_class_is_not_saved_while_an_absent_child_has_no_reason(page, qtbot):
    w = entry_widgets(page)
    mark(qtbot, w, "zs")  # Enter, and no reason key
    mark(qtbot, w, "lisi", (Qt.Key.Key_1, CTRL))
    model = w.absences.model()
    assert [model.index(r, 1).data() for r in range(2)] == ["请选择原因", "病假"]
    assert "1 人未选原因" in w.summary.text()
    qtbot.keyClick(w.search, Qt.Key.Key_S, CTRL)
    assert AttendanceReport.select().count() == 0 and Absence.select().count() == 0
    assert w.message.text().startswith("没有保存：张三 还没有选择缺勤原因")
    assert w.title.text().startswith("七年级1班") and page.entry.dirty
    # The cursor waits on 张三's row: his reason key goes to him.
    assert w.absences.hasFocus() and w.absences.currentIndex().row() == 0
    qtbot.keyClick(w.absences, Qt.Key.Key_4, CTRL)  # 迟到
    qtbot.keyClick(w.absences, Qt.Key.Key_S, CTRL)
    got = {(a.student.name, a.reason) for a in Absence.select()}
    assert got == {("张三", "迟到"), ("李四", "病假")}


def test_a_reason_chosen_while_typing_stays_with_that_child_and_class(page, qtbot):
    w = entry_widgets(page)
    qtbot.keyClicks(w.search, "wang")
    qtbot.keyClick(w.search, Qt.Key.Key_3, CTRL)  # for the child being typed
    assert w.reason.currentText() == "旷课"
    qtbot.keyClick(w.search, Qt.Key.Key_Down, CTRL)  # the next class, before marking him
    assert w.title.text().startswith("七年级2班")
    assert w.reason.currentIndex() == -1 and w.search.text() == ""  # a new class starts clean


def test_a_stale_hint_clears_after_a_pick(page, qtbot):
    w = entry_widgets(page)
    qtbot.keyClicks(w.search, "z")  # 张三, 赵六, 周杰, 郑强
    qtbot.keyClick(w.search, Qt.Key.Key_Return)
    assert w.message.text().startswith("有 4 人与“z”相符")
    qtbot.keyClick(w.search, Qt.Key.Key_Down)  # into the names that match
    roster = page.findChild(QListView, "headcount_roster")
    qtbot.keyClick(roster, Qt.Key.Key_Return)
    first = roster.model().index(0, 0).data()
    assert w.message.text().startswith(f"{first}：请选择原因")
    assert [e["name"] for e in page.entry.entries.values()] == [first]
    # Typing on after a hint clears it too: it was about the text before.
    qtbot.keyClicks(w.search, "q")
    qtbot.keyClick(w.search, Qt.Key.Key_Return)
    assert "相符" in w.message.text()
    qtbot.keyClicks(w.search, "x")
    assert w.message.text() == ""


def test_a_pasted_class_not_saved_opens_filled_in_for_checking(page, school, actor):
    e = page.entry
    s = school["s"]
    thursday = FRIDAY - dt.timedelta(days=1)
    assert e.load_prefilled(
        school["c2"].id, thursday, [(s["马兰"].id, "病假", "上午"), (s["林峰"].id, None, None)]
    )
    assert e.date_edit.date().toPython() == thursday
    assert e.class_title.text().startswith("七年级2班") and "尚未保存" in e.class_title.text()
    rows = [(r["name"], r["reason"], r["period"]) for r in e.state.rows()]
    assert rows == [("马兰", "病假", "上午"), ("林峰", "", "全天")]
    assert e.dirty and "1 人要选原因" in e.message.text()
    assert AttendanceReport.select().count() == 0  # the clerk checks, then saves
    assert not e.save()
    e.state.set_value(s["林峰"].id, "reason", "事假")
    assert e.save()
    got = {(a.student.name, a.reason, a.period, a.date) for a in Absence.select()}
    assert got == {("马兰", "病假", "上午", thursday), ("林峰", "事假", "全天", thursday)}


def test_pasted_classes_not_saved_open_one_after_another(page, school, qtbot):
    e, s = page.entry, school["s"]
    w = entry_widgets(page)
    assert e.open_unsaved(
        [
            (school["c1"].id, FRIDAY, [(s["张三"].id, None, "下午")]),
            (999, FRIDAY, []),  # no such class that day: skipped
            (school["c2"].id, FRIDAY, [(s["马兰"].id, "病假", None)]),
        ]
    )
    assert w.title.text().startswith("七年级1班") and "还有 2 个班" in w.message.text()
    qtbot.keyClick(w.search, Qt.Key.Key_S, CTRL)  # 张三 has no reason yet: refused
    assert "张三 还没有选择缺勤原因" in w.message.text()
    qtbot.keyClick(w.absences, Qt.Key.Key_3, CTRL)  # 旷课
    qtbot.keyClick(w.absences, Qt.Key.Key_S, CTRL)
    assert w.title.text().startswith("七年级2班") and "尚未保存" in w.title.text()
    assert w.message.text().startswith("已保存 七年级1班。已按粘贴的消息填好")
    assert e.dirty and w.search.hasFocus()
    qtbot.keyClick(w.search, Qt.Key.Key_S, CTRL)
    got = {(a.student.name, a.reason, a.period) for a in Absence.select()}
    assert got == {("张三", "旷课", "下午"), ("马兰", "病假", "全天")}
    assert e.pending == [] and e.progress.text() == "已上报 2 / 2 个班"


def test_a_pasted_class_does_not_drop_unsaved_marks_without_asking(page, school, messages):
    e = page.entry
    e._roster_clicked(e.roster_filter.index(0, 0))
    messages.answers["ask_save"] = ui_messages.CANCEL
    assert not e.load_prefilled(school["c2"].id, FRIDAY, [(school["s"]["马兰"].id, "病假", None)])
    assert e.class_title.text().startswith("七年级1班") and len(e.entries) == 1


def test_ambiguous_search_is_not_guessed(page, qtbot):
    e = page.entry
    qtbot.keyClicks(e.search, "z")  # 张三, 赵六, 周杰, 郑强
    qtbot.keyClick(e.search, Qt.Key.Key_Return)
    assert e.entries == {}
    assert "请多输入几个字母" in e.message.text()


def test_click_toggles_and_saved_day_reloads(page, qtbot):
    e = page.entry
    first = e.roster_filter.index(0, 0)
    e._roster_clicked(first)
    assert len(e.entries) == 1
    e._roster_clicked(first)
    assert e.entries == {}
    click_first_name_as_sick(e)
    e.save()
    page.entry.date_edit.setDate(FRIDAY - dt.timedelta(days=1))
    page.entry.date_edit.setDate(FRIDAY)
    e.select_class(school_id := e.class_model.rows[0].class_id)
    assert school_id and len(e.entries) == 1


def test_paste_dialog_shows_before_saving(qtbot, school, folder):
    dialog = PasteDialog(FRIDAY)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("七年级1班 应到10 实到9 张三病假\n七(2)班 应到5 实到5 李思病假")
    dialog.parse()
    rows = dialog.model.rows
    assert [r.class_name for r in rows] == ["七年级1班", "七年级2班"]
    assert rows[0].ok and not rows[1].ok
    assert "1 个可以保存，1 个有问题" in dialog.problems.text()
    assert dialog.save_button.isEnabled()
    assert AttendanceReport.select().count() == 0  # nothing saved by reading
    with qtbot.waitSignal(dialog.saved) as blocker:
        dialog.save_button.click()
    assert blocker.args == [["七年级1班"]]
    assert AttendanceReport.select().count() == 1


@pytest.fixture
def home(qtbot, demo, monkeypatch):
    monkeypatch.setattr(HomePage, "clock", staticmethod(lambda: DEMO_TODAY))
    h = HomePage(demo)
    qtbot.addWidget(h)
    h.resize(1216, 700)
    h.show()
    h.refresh()  # what the main window does each time it shows the page
    return h


def test_dashboard_on_the_demo_school(home, qtmodeltester, monkeypatch, messages):
    qtmodeltester.check(home.action_model)
    steps = [(a.step, a.state.value) for a in home.action_model.rows]
    assert steps == [
        (Step.REPORT, "已逾期"),
        (Step.CONTACT, "已逾期"),
        (Step.WRITTEN_REPORT, "已逾期"),
        (Step.REPORT, "已逾期"),
    ]
    assert "4项，其中逾期4项" in home.actions_box.title()
    assert [r.days for r in home.streak_model.rows] == [4, 2]
    assert home.chronic_model.rowCount() >= 5
    assert home.cards["reported"].value.text() == "今日不点名"  # a Saturday

    # Each line opens the student through the main window's hook.
    opened = []
    monkeypatch.setattr(home, "window", lambda: type("W", (), {"open_student": opened.append})())
    index = home.streak_model.index(0, 0)
    home.streak_view.doubleClicked.emit(index)
    assert opened == [home.streak_model.rows[0].student_id]

    # Marking the first action done (a report, no status change) removes it from the list.
    home.action_view.selectRow(0)
    home.action_view.setCurrentIndex(home.action_proxy.index(0, 0))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("已电话报告镇政府", True))
    messages.answers["confirm"] = True
    home.action_done.click()
    assert EscalationAction.select().where(EscalationAction.step == "report").count() == 1
    assert home.action_model.rowCount() == 3


def test_dashboard_falls_back_to_the_attendance_dialog(home, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "kongchuo_desktop.views.headcount_dialogs.StudentAttendanceDialog.exec",
        lambda self: shown.append(self.windowTitle()),
    )
    home.open_student(home.chronic_model.rows[0].student_id)
    assert shown and "的出勤" in shown[0]


def test_rules_tab_edits_the_thresholds(qtbot, folder):
    from kongchuo_desktop import settings
    from kongchuo_desktop.services.attendance_rules import escalation_rules
    from kongchuo_desktop.views.rules_tab import RulesTab

    tab = RulesTab()
    qtbot.addWidget(tab)
    box = tab.findChild(QWidget, "rule_escalation_suspected_dropout_days")
    assert box.value() == 5
    box.setValue(7)
    assert tab.save()
    assert escalation_rules().suspected_dropout_days == 7
    assert settings.get("leave.term_limit_days") == 40.0


def test_unsaved_class_asks_before_leaving(page, qtbot, monkeypatch, messages):
    e = page.entry
    click_first_name_as_sick(e)
    messages.answers["ask_save"] = ui_messages.CANCEL
    e.date_edit.setDate(FRIDAY - dt.timedelta(days=1))
    assert e.date_edit.date().toPython() == FRIDAY and len(e.entries) == 1
    messages.answers["ask_save"] = ui_messages.SAVE
    e._move_class(1)
    assert AttendanceReport.select().count() == 1 and e.class_title.text().startswith("七年级2班")


def test_paste_asks_before_dropping_unsaved_marks(page, monkeypatch, messages):
    e = page.entry
    click_first_name_as_sick(e)
    opened = []

    def fake_exec(dialog):
        opened.append(dialog)
        dialog.saved.emit(["七年级2班"])  # the pasted message saved another class

    monkeypatch.setattr(PasteDialog, "exec", fake_exec)
    messages.answers["ask_save"] = ui_messages.CANCEL
    e.paste_button.click()
    assert opened == [] and len(e.entries) == 1 and e.dirty
    messages.answers["ask_save"] = ui_messages.SAVE
    e.paste_button.click()
    assert len(opened) == 1
    assert Absence.select().count() == 1 and len(e.entries) == 1  # saved before the reload


def test_closing_the_window_asks_about_unsaved_marks(qtbot, school, folder, monkeypatch, messages):
    from kongchuo_desktop.views.headcount_page import EntryTab
    from kongchuo_desktop.views.main_window import MainWindow

    monkeypatch.setattr(EntryTab, "clock", staticmethod(lambda: DEMO_TODAY))
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show()
    messages.answers["ask_save"] = ui_messages.CANCEL
    window.show_page("headcount")
    e = window.page("headcount").entry
    window.show_page("home")
    assert window.close() and messages == []  # nothing unsaved: closes without a question
    window.show()
    click_first_name_as_sick(e)
    assert not window.close() and window.isVisible()
    assert [m[2] for m in messages] == ["本班的点名还没有保存。保存吗？"] and len(e.entries) == 1
    messages.answers["ask_save"] = ui_messages.SAVE
    assert window.close()
    assert Absence.select().count() == 1


def test_three_character_names_are_not_cut_in_the_name_grid(page, school, actor, qtbot):
    from PySide6.QtGui import QFontMetrics

    from kongchuo_desktop.services import audit

    for student, name in zip(
        [school["s"][n] for n in ["刘洋", "马兰", "黄磊", "何静"]],
        ["欧阳娜", "司马懿", "诸葛亮", "上官燕"],
        strict=True,
    ):
        audit.update(student, actor, name=name)
    e = page.entry
    view = e.roster_view
    assert e.class_title.text().startswith("七年级1班")  # names of two characters
    qtbot.wait(50)  # painted as the clerk sees it
    e.select_class(school["c2"].id)
    qtbot.wait(50)
    metrics = QFontMetrics(view.font())
    shown = [view.model().index(i, 0) for i in range(view.model().rowCount())]
    assert [i.data() for i in shown] == ["欧阳娜", "司马懿", "诸葛亮", "上官燕", "林峰"]
    for index in shown:
        print(index.data(), view.visualRect(index), view.sizeHintForIndex(index))
        assert view.visualRect(index).width() >= metrics.horizontalAdvance(index.data())


def test_reason_shortcut_applies_to_the_child_just_marked(page, qtbot):
    """The hint's order: name, Enter, then Ctrl+3 — the truant is saved as 旷课, not 病假."""
    e = page.entry
    e.search.setFocus()
    qtbot.keyClicks(e.search, "zs")
    qtbot.keyClick(e.search, Qt.Key.Key_Return)
    qtbot.keyClick(e.search, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 旷课
    # Chosen while typing the next name: only the default for that child.
    qtbot.keyClicks(e.search, "lisi")
    qtbot.keyClick(e.search, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # 病假
    qtbot.keyClick(e.search, Qt.Key.Key_Return)
    assert {x["name"]: x["reason"] for x in e.entries.values()} == {"张三": "旷课", "李四": "病假"}
    # A row selected in the absence table takes the shortcut too.
    e.absence_view.setFocus()
    e.absence_view.setCurrentIndex(e.absence_model.index(0, 0))
    qtbot.keyClick(e.absence_view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # 下午
    qtbot.keyClick(e.search, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    got = {(a.student.name, a.reason, a.period) for a in Absence.select()}
    assert got == {("张三", "旷课", "下午"), ("李四", "病假", "全天")}


def test_a_day_not_yet_come_cannot_be_saved(page, monkeypatch):
    e = page.entry
    monkeypatch.setattr(type(e), "clock", staticmethod(lambda: FRIDAY))
    e.date_edit.setDate(dt.date(2026, 12, 15))  # a Tuesday, a school day to come
    assert e.day_label.text() == "星期二　上学日，但2026年12月15日还没到，不能提前点名"
    assert not e.save_button.isEnabled() and not e.paste_button.isEnabled()
    click_first_name_as_sick(e)
    assert not e.save()  # Ctrl+S too
    assert "还没到" in e.message.text() and AttendanceReport.select().count() == 0


def test_chronic_absence_title_shows_the_schools_line(home, actor):
    from kongchuo_desktop.services import settings_store

    assert "本学期缺课≥10%" in home.chronic_box.title()
    settings_store.set("attendance.chronic_absence_percent", 15, actor)
    home.refresh()
    title = home.chronic_box.title()
    assert "本学期缺课≥15%" in title and f"，{home.chronic_model.rowCount()}人）" in title


def test_rejected_leave_shows_no_tick_for_the_one_who_rejected(qtbot, school, actor):
    from kongchuo_desktop.services import attendance as att
    from kongchuo_desktop.views.headcount_models import LeaveModel

    zhao = school["s"]["赵六"]
    leave = att.request_leave(actor, zhao.id, FRIDAY, FRIDAY, "事假", "走亲戚", "父亲")
    row = att.reject_leave(actor, leave.id, "班主任", "理由不充分")
    assert row.state == "已驳回" and row.approved == ()
    model = LeaveModel()
    model.set_rows(att.leaves())
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "审批"
    )
    assert model.index(0, column).data() == "班主任"  # not "班主任✓"


def test_paste_dialog_asks_before_overwriting_a_saved_class(qtbot, school, folder, actor):
    from kongchuo_desktop.services import attendance

    c1 = school["c1"]
    attendance.save_class(
        actor, c1.id, FRIDAY, [attendance.AbsenceInput(school["s"]["李四"].id, "旷课")]
    )
    dialog = PasteDialog(FRIDAY)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("七年级1班 全到\n七(2)班 全到")
    dialog.parse()
    first = dialog.model.index(0, 6)
    assert dialog.model.data(first) == "已上报，保存将覆盖（原：应到10 实到9 缺勤：李四旷课）"
    assert not dialog.overwrite.isHidden() and not dialog.overwrite.isChecked()
    assert dialog.save_button.text() == "保存 1 个班"
    with qtbot.waitSignal(dialog.saved) as blocker:
        dialog.save_button.click()
    assert blocker.args == [["七年级2班"]]
    assert Absence.select().count() == 1  # 李四's 旷课 is still there
    assert "已上报，未勾选覆盖" in dialog.problems.text()
    dialog.parse()  # read again: now both are reported
    assert dialog.save_button.text() == "保存" and not dialog.save_button.isEnabled()
    dialog.overwrite.setChecked(True)
    assert dialog.save_button.text() == "保存 2 个班"
    with qtbot.waitSignal(dialog.saved) as blocker:
        dialog.save_button.click()
    assert blocker.args == [["七年级1班", "七年级2班"]]
    assert Absence.select().count() == 0


def test_paste_dialog_keeps_its_summary_and_buttons_whole_when_small(qtbot, school, folder):
    dialog = PasteDialog(FRIDAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setPlainText(
        "麻烦转告一下今天的情况\n还有一件事情要说\n七年级1班 全到\n七(2)班 全到"
    )
    dialog.parse()
    assert dialog.save_button.text() == "保存 2 个班"  # short: it used to be cut
    for size in ((1100, 620), (560, 330), (300, 200)):
        dialog.resize(*size)
        qtbot.wait(10)
        label = dialog.problems
        assert label.text().startswith("识别到 2 个班")
        assert label.height() >= label.heightForWidth(label.width()) > 0
        assert label.minimumHeight() >= label.heightForWidth(label.width())
        for button in (dialog.parse_button, dialog.save_button):
            assert button.width() >= button.sizeHint().width()


def test_a_pasted_class_that_could_not_be_saved_opens_filled_in_for_checking(page, monkeypatch):
    """After saving a paste, 到点名页逐班补录 opens each unsaved class in the 点名 tab with the
    children the message named already marked, for the clerk to check and save."""
    from kongchuo_desktop.views.headcount_dialogs import PasteDialog

    e = page.entry

    def clerk_pastes(dialog):
        dialog.text.setPlainText("七年级1班 全到\n七年级2班 应到5 实到3 刘洋病假")  # 3 ≠ 5 − 1
        dialog.parse()
        dialog.save()
        assert not dialog.check_button.isHidden()
        assert dialog.check_button.text() == "到点名页逐班补录（1个班）"
        dialog.check_button.click()
        return 1

    monkeypatch.setattr(PasteDialog, "exec", clerk_pastes)
    e.open_paste()
    assert e.class_title.text().startswith("七年级2班")
    assert [(r["name"], r["reason"], r["period"]) for r in e.entries.values()] == [
        ("刘洋", "病假", "全天")
    ]
    assert e.dirty  # not saved until the clerk has checked it
    assert AttendanceReport.select().count() == 1  # 七年级1班 only, from the paste
