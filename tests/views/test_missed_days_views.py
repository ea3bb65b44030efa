"""漏报的上学日 as the clerk meets them: on 首页, in the 点名 date picker, and the 今天 button."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLineEdit

from kongchuo_desktop import settings
from kongchuo_desktop.db.models import AttendanceReport
from kongchuo_desktop.services import attendance
from kongchuo_desktop.services.settings_store import set_many
from kongchuo_desktop.views.date_edit import WARN_TEXT
from kongchuo_desktop.views.headcount_page import EntryTab, HeadcountPage
from kongchuo_desktop.views.home_page import HomePage
from kongchuo_desktop.views.main_window import MainWindow
from kongchuo_desktop.views.rules_tab import RulesTab
from tests.demo_school import DEMO_TODAY

MON, TUE, WED = dt.date(2026, 11, 23), dt.date(2026, 11, 24), dt.date(2026, 11, 25)


@pytest.fixture
def half_reported(school, actor, monkeypatch):
    """Monday reported by both classes, Tuesday only by 七年级1班; today is Wednesday."""
    for cls in (school["c1"], school["c2"]):
        attendance.save_class(actor, cls.id, MON, [], today=WED)
    attendance.save_class(actor, school["c1"].id, TUE, [], today=WED)
    monkeypatch.setattr(HomePage, "clock", staticmethod(lambda: WED))
    monkeypatch.setattr(EntryTab, "clock", staticmethod(lambda: WED))
    return school


def home_page(qtbot, folder) -> HomePage:
    home = HomePage(folder)
    qtbot.addWidget(home)
    home.resize(1216, 700)
    home.show()
    home.refresh()
    return home


def test_home_shows_yesterdays_missing_class(qtbot, folder, half_reported, qtmodeltester):
    home = home_page(qtbot, folder)
    qtmodeltester.check(home.missed_model)
    assert home.missed_box.isVisible()
    assert home.missed_box.title() == "漏报的上学日（11月23日起，1天有班级没点名）"
    rows = [(r.day, r.class_names) for r in home.missed_model.rows]
    assert rows == [(TUE, "七年级2班")]
    shown = [home.missed_model.index(0, c).data() for c in range(4)]
    assert shown == ["11-24", "二", "1/2", "七年级2班"]
    assert "第一次点名的11月23日起" in home.missed_box.toolTip()
    # Today's own unreported classes stay in their own list, not among the missed days.
    assert [r.name for r in home.unreported_model.rows] == ["七年级1班", "七年级2班"]


def test_a_mid_term_start_hides_the_earlier_days(qtbot, folder, half_reported, actor):
    set_many({"attendance.reporting_start": "2026-11-25"}, actor)
    home = home_page(qtbot, folder)
    assert home.missed_model.rows == []
    assert not home.missed_box.isVisible()


def test_no_missed_day_leaves_the_page_as_it_was(qtbot, folder, half_reported, actor):
    home = home_page(qtbot, folder)
    attendance.save_class(actor, half_reported["c2"].id, TUE, [], today=WED)
    home.refresh()
    assert not home.missed_box.isVisible()
    assert home.work.indexOf(home.missed_box) == -1


def test_opening_a_missed_day_lands_on_headcount_with_that_day_and_class(
    qtbot, folder, half_reported
):
    window = MainWindow(folder)
    qtbot.addWidget(window)
    window.show()
    home = window.page("home")
    index = home.missed_model.index(0, 0)
    with qtbot.waitSignal(home.day_requested) as asked:
        home.missed_view.doubleClicked.emit(index)
    assert asked.args == [TUE, half_reported["c2"].id]
    assert window.stack.currentWidget() is window.page("headcount")
    entry = window.page("headcount").entry
    assert entry.date_edit.date().toPython() == TUE
    assert entry.day == TUE
    assert entry.class_title.text().startswith("七年级2班")
    assert entry.progress.text() == "已上报 1 / 2 个班"

    window.show_page("home")
    window.page("home").missed_open.click()  # the button opens the selected (or newest) day
    assert window.stack.currentWidget() is window.page("headcount")
    assert entry.day == TUE

    # Today's unreported class opens on today, not on the day the page was left on.
    window.show_page("home")
    home.unreported_view.doubleClicked.emit(home.unreported_model.index(1, 0))
    assert entry.day == WED
    assert entry.class_title.text().startswith("七年级2班")


def calendar_colour(entry, day) -> str:
    fmt = entry.date_edit.calendarWidget().dateTextFormat(QDate(day))
    return fmt.foreground().color().name() if fmt.hasProperty(fmt.Property.ForegroundBrush) else ""


def test_the_date_picker_marks_the_missed_day_until_it_is_saved(qtbot, folder, half_reported):
    page = HeadcountPage(folder)
    qtbot.addWidget(page)
    page.refresh()
    entry = page.entry
    assert calendar_colour(entry, TUE) == WARN_TEXT
    assert calendar_colour(entry, MON) == ""  # fully reported
    assert calendar_colour(entry, WED) == ""  # today: not missed while it can still be done
    assert "1个上学日没有全部点名" in entry.date_edit.toolTip()
    page.show_day(TUE, half_reported["c2"].id)
    assert entry.save()
    assert calendar_colour(entry, TUE) == ""
    assert entry.date_edit.toolTip() == ""


def test_today_on_a_saturday_says_why_and_stays(qtbot, school, folder, monkeypatch):
    monkeypatch.setattr(EntryTab, "clock", staticmethod(lambda: DEMO_TODAY))  # Saturday
    page = HeadcountPage(folder)
    qtbot.addWidget(page)
    page.refresh()
    entry = page.entry
    friday = DEMO_TODAY - dt.timedelta(days=1)
    assert "今天不上学，已打开上一个上学日" in entry.day_label.text()
    entry.findChild(type(entry.save_button), "headcount_today").click()
    assert entry.date_edit.date().toPython() == friday
    assert (
        "今天（11月28日 星期六）是周末，不上学，不能点名；仍显示11月27日" in entry.day_label.text()
    )


def test_the_demo_school_warns_of_a_deleted_report(qtbot, demo, monkeypatch):
    monkeypatch.setattr(HomePage, "clock", staticmethod(lambda: DEMO_TODAY))
    thursday = dt.date(2026, 11, 26)
    gone = AttendanceReport.select().where(AttendanceReport.date == thursday).first()
    name = gone.school_class.name
    gone.delete_instance()
    home = home_page(qtbot, demo)
    assert [(r.day, r.class_names, r.in_use) for r in home.missed_model.rows] == [
        (thursday, name, 27)
    ]


def test_the_start_date_is_set_in_the_rules_tab(qtbot, folder, messages):
    tab = RulesTab("点名与上报")
    qtbot.addWidget(tab)
    editor = tab.findChild(QLineEdit, "rule_attendance_reporting_start")
    assert editor.text() == ""  # default: from the first saved head-count
    editor.setText("11月23日")
    assert not tab.save()
    assert "2026-09-01" in messages[-1][2]
    editor.setText("2026-11-23")
    assert tab.save()
    assert settings.get("attendance.reporting_start") == "2026-11-23"


def test_home_lists_a_bare_qingjia_whose_form_has_not_come(qtbot, folder, half_reported, actor):
    """待补请假单: 首页 names the child, the class and the day, until a leave is approved."""
    school = half_reported
    parsed = attendance.parse_headcount("七年级1班 请假：张三", WED, today=WED)
    assert attendance.save_parsed(actor, parsed, WED) == ["七年级1班"]
    home = home_page(qtbot, folder)
    note = home.findChild(type(home.today_label), "home_pending_forms")
    assert note.isVisible()
    assert note.text() == "待补请假单（1人次，请班主任补交）：张三（七年级1班，11月25日）"
    kid = school["s"]["张三"]
    leave = attendance.request_leave(actor, kid.id, WED, WED, "病假", "发烧", "母亲")
    attendance.approve_leave(actor, leave.id, "班主任")
    home.refresh()
    assert not note.isVisible()
