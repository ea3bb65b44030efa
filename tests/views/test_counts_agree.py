"""首页 and 花名册 say what they count, so their numbers never seem to disagree."""

from PySide6.QtWidgets import QLabel

from kongchuo_desktop.views.home_page import HomePage
from kongchuo_desktop.views.roster_page import RosterPage


def test_home_and_roster_show_the_same_on_roll_number_and_say_what_it_counts(qtbot, school, folder):
    # 16 students: 15 in school, one 休学 (tests/services/conftest.school)
    home = HomePage(folder)
    qtbot.addWidget(home)
    home.refresh()
    card = home.findChild(QLabel, "home_students_value")
    assert card.text() == "15"
    assert "在册" in home.cards["students"].findChildren(QLabel)[1].text()
    assert "休学" in home.cards["students"].toolTip()  # names what is left out

    roster = RosterPage(folder)
    qtbot.addWidget(roster)
    roster.refresh()
    tab = roster.students
    assert tab.count.text() == "共 16 人（在册 15 人）"
    assert "在册" in tab.count.toolTip() and "首页" in tab.count.toolTip()


def test_a_filtered_roster_still_shows_the_whole_school(qtbot, school, folder):
    roster = RosterPage(folder)
    qtbot.addWidget(roster)
    roster.refresh()
    tab = roster.students
    tab.klass.setCurrentIndex(tab.klass.findData(school["c2"].id))
    assert tab.count.text() == "共 5 人（在册 5 人）；全部 16 人，在册 15 人"
