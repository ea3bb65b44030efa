"""设置: the calendar and backup tabs do what a clerk expects."""

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QPushButton

from kongchuo_desktop.db import backup
from kongchuo_desktop.db.models import Student
from kongchuo_desktop.domain.school_calendar import DayKind
from kongchuo_desktop.services import calendar_service, demo
from kongchuo_desktop.views.main_window import MainWindow
from tests.demo_school import DEMO_TODAY


def settings_of(qtbot, folder):
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show_page("settings")
    return window, window.page("settings")


def test_marking_a_day_off_changes_the_school_days(qtbot, folder, actor, messages):
    demo.create_demo_school(actor, students=54, today=DEMO_TODAY)
    _, page = settings_of(qtbot, folder)
    tab = page.calendar_tab
    tab.day_first.setDate(QDate(2026, 11, 16))
    tab.day_last.setDate(QDate(2026, 11, 17))
    tab.day_kind.setCurrentIndex(tab.day_kind.findData(DayKind.HOLIDAY))
    tab.day_name.setText("校运会")
    tab.apply_days()
    assert not calendar_service.load_calendar().is_school_day(dt.date(2026, 11, 16))
    names = [tab.days_table.item(r, 2).text() for r in range(tab.days_table.rowCount())]
    assert "校运会" in names
    # The demo school had taken the head-count on both days: the clerk was asked first.
    assert [m[1] for m in messages] == ["这些日子已经点过名"]
    assert "11月16日（27个班）、11月17日（27个班）" in messages[0][2]


def test_a_day_with_head_counts_stays_a_school_day_when_the_clerk_says_no(
    qtbot, folder, actor, messages, monkeypatch
):
    demo.create_demo_school(actor, students=54, today=DEMO_TODAY)
    _, page = settings_of(qtbot, folder)
    tab = page.calendar_tab
    messages.answers["confirm"] = False
    tab.day_first.setDate(QDate(2026, 11, 16))
    tab.day_last.setDate(QDate(2026, 11, 16))
    tab.day_kind.setCurrentIndex(tab.day_kind.findData(DayKind.HOLIDAY))
    tab.apply_days()
    assert calendar_service.load_calendar().is_school_day(dt.date(2026, 11, 16))


def test_an_impossible_term_shows_a_warning_and_keeps_the_old_dates(qtbot, folder, actor, messages):
    demo.create_demo_school(actor, students=54, today=DEMO_TODAY)
    _, page = settings_of(qtbot, folder)
    tab = page.calendar_tab
    before = calendar_service.term_containing(DEMO_TODAY).end_date
    tab.term_end.setDate(QDate(2026, 8, 1))
    tab.save_term()
    assert messages and messages[0][0] == "warning"
    assert calendar_service.term_containing(DEMO_TODAY).end_date == before


def test_backup_now_adds_a_row_and_a_bad_restore_changes_nothing(
    qtbot, folder, actor, messages, tmp_path
):
    demo.create_demo_school(actor, students=54)
    _, page = settings_of(qtbot, folder)
    tab = page.backup_tab
    rows = tab.table.rowCount()
    tab.make_backup()
    assert tab.table.rowCount() == rows + 1
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"garbage" * 50)
    assert tab.restore(bad, confirm=False) is False
    assert "没有任何改动" in messages[-1][2]
    assert Student.select().count() == 54


def test_restore_through_the_page_rebuilds_the_window_on_the_restored_data(
    qtbot, folder, actor, messages, tmp_path
):
    demo.create_demo_school(actor, students=54)
    copy = backup.backup_to(folder.raw_connection(), tmp_path / "copy.sqlite")
    window, page = settings_of(qtbot, folder)
    Student.delete().where(Student.id > 10).execute()
    assert page.backup_tab.restore(copy) is True
    assert Student.select().count() == 54
    assert window.folder is not folder
    window.folder.close()


def test_the_school_can_change_the_escalation_thresholds(qtbot, folder, actor, messages):
    from kongchuo_desktop import settings

    demo.create_demo_school(actor, students=54)
    _, page = settings_of(qtbot, folder)
    tab = page.rules_tab
    assert page.tabs.tabText(page.tabs.indexOf(tab)) == "点名与上报规则"
    key = next(k for k in tab.editors if "suspected" in k)
    editor = tab.editors[key]
    editor.setValue(7)  # 方案23 says seven school days
    tab.save()
    assert settings.get(key) == 7


def _answer(monkeypatch, text):
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (text, True))


def test_start_over_needs_the_word_then_asks_for_the_school_again(
    qtbot, folder, actor, messages, monkeypatch
):
    from PySide6.QtWidgets import QLabel

    from kongchuo_desktop.services.school_setup import the_school
    from kongchuo_desktop.views.first_run_wizard import FirstRunWizard

    demo.create_demo_school(actor, students=54)
    window, page = settings_of(qtbot, folder)
    tab = page.backup_tab

    _answer(monkeypatch, "确定")  # not the word: nothing happens
    assert tab.ask_start_over() is False
    assert Student.select().count() == 54
    assert "数据没有任何改动" in messages[-1][2]

    def wizard_sets_up_a_small_school(self):
        assert the_school() is None  # the data is empty when the wizard asks
        demo.create_demo_school(actor, students=27)
        return FirstRunWizard.DialogCode.Accepted

    monkeypatch.setattr(FirstRunWizard, "exec", wizard_sets_up_a_small_school)
    _answer(monkeypatch, "清空")
    assert tab.ask_start_over() is True
    assert "原来的数据另存在" in messages[-1][2]
    assert Student.select().count() == 27
    # The window was rebuilt on the new school: 首页 counts 27.
    window.show_page("home")
    assert window.page("home").findChild(QLabel, "home_students_value").text() == "27"


def test_start_over_without_a_new_school_closes_the_window(
    qtbot, folder, actor, messages, monkeypatch
):
    from kongchuo_desktop.views.first_run_wizard import FirstRunWizard

    demo.create_demo_school(actor, students=54)
    window, page = settings_of(qtbot, folder)
    window.show()
    monkeypatch.setattr(FirstRunWizard, "exec", lambda self: FirstRunWizard.DialogCode.Rejected)
    _answer(monkeypatch, "清空")
    assert page.backup_tab.ask_start_over() is True
    assert Student.select().count() == 0
    assert "下次打开时会再次询问" in messages[-1][2]
    assert not window.isVisible()


def test_the_rules_tab_refuses_a_value_that_switches_escalation_off(qtbot, folder, actor, messages):
    from kongchuo_desktop import settings

    demo.create_demo_school(actor, students=54)
    _window, page = settings_of(qtbot, folder)  # kept: the tab lives in the window
    tab = page.rules_tab
    tab.editors["escalation.suspected_dropout_days"].setValue(7)  # fine on its own
    tab.editors["attendance.unexcused_reasons"].setText("无故缺席")
    assert tab.save() is False
    kind, title, text = messages[-1]
    assert (kind, title) == (
        "warning",
        "不能保存",
    ) and "“无故缺席”不是可选的原因；可填：旷课、其他" in text
    assert "没有保存任何修改" in text
    assert settings.get("attendance.unexcused_reasons") == "旷课"
    assert settings.get("escalation.suspected_dropout_days") == 5  # nothing saved
    tab.editors["attendance.unexcused_reasons"].setText("旷课")
    tab.editors["leave.class_head_max_days"].setValue(6)
    assert tab.save() is False
    assert "不能多于" in messages[-1][2]
    tab.editors["leave.office_max_days"].setValue(7)
    assert tab.save() is True
    assert (settings.get("leave.class_head_max_days"), settings.get("leave.office_max_days")) == (
        6,
        7,
    )


def test_entering_next_terms_dates_early_keeps_todays_due_steps(
    qtbot, folder, actor, messages, monkeypatch
):
    from kongchuo_desktop.services import attendance
    from kongchuo_desktop.views.calendar_tab import CalendarTab

    demo.create_demo_school(actor, students=54, today=DEMO_TODAY)
    monkeypatch.setattr(CalendarTab, "clock", staticmethod(lambda: DEMO_TODAY))
    due = attendance.dashboard(DEMO_TODAY).actions
    assert due
    _, page = settings_of(qtbot, folder)
    tab = page.calendar_tab
    tab.semester.setCurrentIndex(1)  # 第二学期（春季）
    tab.term_start.setDate(QDate(2027, 2, 22))
    tab.term_end.setDate(QDate(2027, 7, 2))
    tab.findChild(QPushButton, "term_save").click()
    assert messages == []
    assert attendance.dashboard(DEMO_TODAY).actions == due
    summary = tab.term_summary.text()
    assert summary.startswith("2026-2027学年第二学期")
    assert "本学期仍是2026-2027学年第一学期" in summary
