"""The window on a small screen: inside the screen, and the essentials in sight at 1024×768."""

import pytest
from PySide6.QtCore import QMargins, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kongchuo_desktop.views.headcount_page import EntryTab
from kongchuo_desktop.views.home_page import HomePage
from kongchuo_desktop.views.main_window import MainWindow
from kongchuo_desktop.views.window_fit import fit_into, fitted_geometry
from tests.demo_school import DEMO_TODAY

SCREEN_1024 = QRect(0, 0, 1024, 768)
WINDOWS_FRAME = QMargins(8, 31, 8, 8)  # a Windows 10 title bar and borders


@pytest.mark.parametrize(
    "available",
    [
        QRect(0, 0, 1024, 728),  # 1024×768 with the taskbar
        QRect(0, 0, 1366, 728),
        QRect(0, 0, 1280, 680),  # 1920×1080 at 150%
        QRect(0, 0, 910, 512),  # 1366×768 at 150%: smaller than the usual minimum
        QRect(-1920, 0, 1920, 1040),  # a second screen on the left
    ],
)
def test_the_window_with_its_borders_opens_inside_the_screen(available):
    rect, minimum = fitted_geometry(available, WINDOWS_FRAME)
    outer = rect.marginsAdded(WINDOWS_FRAME)
    assert available.contains(outer)
    assert minimum.width() <= rect.width() and minimum.height() <= rect.height()


def test_a_large_screen_gets_a_readable_window_in_its_middle_not_a_stretched_one():
    available = QRect(0, 0, 2560, 1400)
    rect, _ = fitted_geometry(available)
    assert rect.size() == QSize(1440, 900)
    assert abs(rect.center().x() - available.center().x()) <= 1


@pytest.fixture
def small_window(qtbot, demo, monkeypatch):
    monkeypatch.setattr(EntryTab, "clock", staticmethod(lambda: DEMO_TODAY))
    monkeypatch.setattr(HomePage, "clock", staticmethod(lambda: DEMO_TODAY))
    window = MainWindow(demo)
    qtbot.addWidget(window)
    fit_into(window, SCREEN_1024)
    window.show()
    qtbot.waitExposed(window)
    assert window.width() <= 1024 and window.height() <= 768
    return window


def _settle(qtbot, window, key):
    window.show_page(key)
    qtbot.wait(50)  # the tables lay out their columns
    return window.page(key)


def test_headcount_classes_show_class_expected_present_and_state_without_scrolling(
    qtbot, small_window
):
    entry = _settle(qtbot, small_window, "headcount").entry
    view = entry.class_view
    header = view.horizontalHeader()
    titles = [view.model().headerData(c, header.orientation()) for c in range(header.count())]
    for title in ("班级", "应到", "实到", "状态"):
        column = titles.index(title)
        left = header.sectionViewportPosition(column)
        assert left >= 0, title
        assert left + header.sectionSize(column) <= view.viewport().width(), title


@pytest.mark.parametrize(
    ("key", "tab"),
    [
        ("home", None),
        ("roster", None),
        ("headcount", 0),
        ("headcount", 1),
        ("headcount", 2),
        ("review", None),
    ],
)
def test_nothing_is_cut_on_the_main_pages_at_1024x768(qtbot, small_window, key, tab):
    page = _settle(qtbot, small_window, key)
    if key == "review":  # 校长审阅 counts its months off the UI thread: wait for its charts
        qtbot.waitUntil(lambda: page.review is not None, timeout=30000)
    if tab is not None:  # 每日点名: 点名, 请假, 出勤统计
        page.tabs.setCurrentIndex(tab)
        qtbot.wait(50)
    for label in page.findChildren(QLabel):
        if label.isVisible() and label.text() and not label.wordWrap():
            assert label.sizeHint().width() <= label.width() + 1, label.text()
    for button in page.findChildren(QPushButton):
        if button.isVisible():
            assert button.sizeHint().width() <= button.width() + 1, button.text()
    for box in page.findChildren(QLineEdit):
        if box.isVisible() and box.placeholderText():
            needed = box.fontMetrics().horizontalAdvance(box.placeholderText())
            assert needed + 24 <= box.width(), box.placeholderText()
    for box in page.findChildren(QGroupBox):  # a squeezed box must not paint one over another
        shown = [
            w
            for w in box.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w.isVisible()
        ]
        for i, first in enumerate(shown):
            for second in shown[i + 1 :]:
                overlap = first.geometry().intersected(second.geometry())
                assert overlap.isEmpty(), (box.title(), first.objectName(), second.objectName())
    for area in page.findChildren(QAbstractScrollArea):
        header = getattr(area, "horizontalHeader", None)
        if area.isVisible() and header and area.objectName() != "roster_students":
            # the roster's many columns scroll sideways; every other list fits
            assert header().length() <= area.viewport().width(), area.objectName()


def test_a_long_reminder_on_home_stays_one_line_with_all_of_it_in_the_tooltip(qtbot):
    from kongchuo_desktop.views.elided_label import ElidedLabel

    label = ElidedLabel()
    qtbot.addWidget(label)
    text = "通知书期限（2项）：" + "；".join(
        ["于琪玲（八年级3班）限期复学通知书11月26日前返校，已逾期"] * 4
    )
    label.setText(text)
    label.resize(400, label.sizeHint().height())
    assert label.toolTip() == text
    assert label.sizeHint().width() == 0  # never widens the page
    assert label.sizeHint().height() <= label.fontMetrics().height() + 4  # one line
