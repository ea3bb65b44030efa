"""关于 says when the data is the demo school's."""

from PySide6.QtWidgets import QLabel

from kongchuo_desktop.services import demo
from kongchuo_desktop.views.about_dialog import AboutDialog


def test_the_about_box_says_when_the_data_is_the_demo(qtbot, folder, actor):
    dialog = AboutDialog(folder)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "about_demo") is None  # a school's own data: nothing said

    demo.create_demo_school(actor, students=54)
    dialog = AboutDialog(folder)
    qtbot.addWidget(dialog)
    assert "演示学校" in dialog.findChild(QLabel, "about_demo").text()
