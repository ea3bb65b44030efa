"""Buttons an account may not use are disabled and say why; the mark follows 切换用户 and
survives a page enabling the button again. (The services refuse anyway: tests/services/
test_roles_*.py.)"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import access, demo
from kongchuo_desktop.views.main_window import MainWindow
from kongchuo_desktop.views.roster_page import RosterPage

INSPECTOR = access.Actor("督导", frozenset({"只读"}))
HEAD = access.Actor("王老师", frozenset({"班主任"}), class_ids=frozenset({1}))


@pytest.fixture(autouse=True)
def no_message_boxes(messages):
    return messages


def test_read_only_account_sees_the_roster_writes_disabled_with_the_reason(qtbot, folder, actor):
    demo.create_demo_school(actor, students=54)
    with access.acting_as(INSPECTOR):
        page = RosterPage(folder)
        qtbot.addWidget(page)
        page.refresh()
        tab = page.students
        assert tab.model.rowCount() > 50  # 只读 reads the whole school
        for button in (tab.import_button, tab.add_button, tab.status_button, tab.rollover_button):
            assert not button.isEnabled()
            assert "督导" in button.toolTip() and "修改花名册" in button.toolTip()
            assert "教务员" in button.toolTip()
        # … and may take the list away, with ID numbers masked (test_export_privacy.py).
        assert tab.open_button.isEnabled() and tab.print_button.isEnabled()
        assert tab.export_button.isEnabled()
        tab.status_button.setEnabled(True)  # as a page does when a row is chosen
        assert not tab.status_button.isEnabled()
    # 切换用户 to someone allowed: the window re-applies the marks.
    from kongchuo_desktop.views import role_marks

    role_marks.apply_all(page)
    assert tab.import_button.isEnabled() and tab.import_button.toolTip() == ""
    assert tab.print_button.toolTip().startswith("打印花名册")


def test_class_head_finds_backups_and_calendar_disabled_in_settings(qtbot, folder, actor):
    demo.create_demo_school(actor, students=54)
    window = MainWindow(folder)
    qtbot.addWidget(window)
    with access.acting_as(HEAD):
        window.show_page("settings")
        page = window.page("settings")
        names = (
            "backup_now",
            "backup_restore",
            "backup_start_over",
            "term_save",
            "rules_save",
            "school_save",
        )
        buttons = {n: page.findChild(QPushButton, n) for n in names}
        assert all(b is not None and not b.isEnabled() for b in buttons.values())
        assert "备份与恢复" in buttons["backup_restore"].toolTip()
        assert "管理员" in buttons["backup_restore"].toolTip()
        assert "修改设置" in buttons["rules_save"].toolTip()
        assert "修改学校信息" in buttons["school_save"].toolTip()
        window.show_page("roster")  # its 班级 and 教师 tabs, marked by their names
        roster = window.page("roster")
        for name in ("teachers_add", "classes_add"):
            assert not roster.findChild(QPushButton, name).isEnabled()
    window.show_page("home")
    window.show_page("settings")
    assert all(b.isEnabled() for b in buttons.values())  # the system user again


def test_every_button_marked_by_name_exists_in_the_views():
    from pathlib import Path

    from kongchuo_desktop.views import role_marks

    views = Path(role_marks.__file__).parent
    text = "".join(p.read_text(encoding="utf-8") for p in views.glob("*.py"))
    missing = [n for n in role_marks.BY_OBJECT_NAME if f'objectName="{n}"' not in text]
    assert missing == []


def test_a_refusal_no_slot_caught_is_shown_as_a_refusal_not_a_program_error(qtbot, messages):
    from kongchuo_desktop.errors import UserError
    from kongchuo_desktop.views.error_dialog import ErrorReporter

    reporter = ErrorReporter()
    with access.acting_as(INSPECTOR):
        try:
            access.require(Action.EDIT_ROSTER)
        except UserError as exc:
            reporter.hook(type(exc), exc, exc.__traceback__)
    assert reporter.dialogs == []
    ((kind, _title, text),) = messages
    assert kind == "warning" and "督导" in text and "修改花名册" in text
