"""The shell a clerk sees: navigation, pages, header, about box."""

from PySide6.QtWidgets import QLabel

from kongchuo_desktop import __version__
from kongchuo_desktop.services import demo
from kongchuo_desktop.views.about_dialog import AboutDialog
from kongchuo_desktop.views.main_window import MainWindow


def make_window(qtbot, folder):
    window = MainWindow(folder)
    qtbot.addWidget(window)
    return window


def test_navigation_has_the_pages_in_order(qtbot, folder, actor):
    demo.create_demo_school(actor, students=54)
    window = make_window(qtbot, folder)
    assert window.page_titles() == [
        "首页",
        "花名册",
        "每日点名",
        "家访与劝返",
        "送教上门",
        "人籍比对",
        "三包责任",
        "易辍生预警",
        "教师考核",
        "月报",
        "校长审阅",
        "审计日志",
        "设置",
    ]


def test_clicking_a_nav_item_shows_its_page(qtbot, folder, actor):
    demo.create_demo_school(actor, students=54)
    window = make_window(qtbot, folder)
    window.nav.setCurrentRow(window.page_titles().index("设置"))
    assert window.stack.currentWidget().objectName() == "page_settings"


def test_header_and_home_show_the_school_and_its_numbers(qtbot, folder, actor):
    demo.create_demo_school(actor, students=54)
    window = make_window(qtbot, folder)
    assert demo.DEMO_SCHOOL_NAME in window.header.text()
    assert "学期" in window.header.text()
    home = window.page("home")
    assert home.findChild(QLabel, "home_students_value").text() == "54"
    assert home.findChild(QLabel, "home_classes_value").text() == "27"


def test_the_assessment_page_shows_the_demo_teachers_entries(qtbot, folder, actor):
    demo.create_demo_school(actor, students=54)
    window = make_window(qtbot, folder)
    page = window.page("assessment")
    assert page.findChild(QLabel, "placeholder_text") is None
    assert page.teacher_model.rowCount() > 0 and page.entry_model.rowCount() > 0


def test_about_box_shows_version_and_data_folder(qtbot, folder):
    dialog = AboutDialog(folder)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "about_version").text() == __version__
    assert dialog.findChild(QLabel, "about_data_dir").text() == str(folder.path)


def test_a_student_opened_from_the_dashboard_shows_the_student_page(
    qtbot, folder, actor, monkeypatch
):
    from kongchuo_desktop.db.models import Student
    from kongchuo_desktop.views import student_detail_dialog

    demo.create_demo_school(actor, students=54)
    window = make_window(qtbot, folder)
    opened = []
    monkeypatch.setattr(
        student_detail_dialog.StudentDetailDialog,
        "exec",
        lambda self: opened.append(self.student_id),
    )
    student = Student.select().first()
    window.page("home").open_student(student.id)
    assert opened == [student.id]


def test_pages_are_built_on_first_visit_only(qtbot, folder, actor):
    demo.create_demo_school(actor, students=54)
    window = make_window(qtbot, folder)
    assert window.is_built("home") and not window.is_built("roster")
    window.show_page("roster")
    assert window.is_built("roster")
    assert window.stack.currentWidget().objectName() == "page_roster"


def test_deferred_window_shows_itself_first_then_fills_home(qtbot, folder, actor):
    from kongchuo_desktop import startup_hooks

    demo.create_demo_school(actor, students=54)
    window = MainWindow(folder, defer_first_page=True)
    qtbot.addWidget(window)
    # On screen straight away: navigation and header, 首页 chosen but still loading.
    assert window.nav.currentRow() == 0
    assert demo.DEMO_SCHOOL_NAME in window.header.text()
    assert not window.is_built("home")
    assert window.stack.currentWidget().objectName() == "page_loading"
    seen = []
    startup_hooks.when_painted(
        window, lambda: seen.append("shown"), window.load_first_page, lambda: seen.append("home")
    )
    window.show()
    qtbot.waitUntil(lambda: seen == ["shown", "home"])
    assert window.stack.currentWidget().objectName() == "page_home"
    assert window.page("home").findChild(QLabel, "home_students_value").text() == "54"


def test_every_page_opened_from_the_navigation_shows_its_data(qtbot, folder, actor):
    """Pages are built on first visit; the first visit must load them like every later one."""
    from kongchuo_desktop.db.models import Student

    demo.create_demo_school(actor, students=54)
    window = make_window(qtbot, folder)
    assert window.page("home").findChild(QLabel, "home_classes_value").text() == "27"
    window.nav.setCurrentRow(window.page_titles().index("花名册"))
    assert window.page("roster").students.model.rowCount() == Student.select().count() == 54
    window.nav.setCurrentRow(window.page_titles().index("每日点名"))
    entry = window.page("headcount").entry
    assert len(entry.class_model.rows) == 27
    assert entry.day_label.text()  # 星期… 上学日 / 不是上学日


def test_a_failed_daily_backup_warns_and_the_day_goes_on(qtbot, folder, actor, messages):
    from kongchuo_desktop.app import _daily_backup

    demo.create_demo_school(actor, students=54)
    window = MainWindow(folder, defer_first_page=True)
    qtbot.addWidget(window)
    assert folder.daily_backup_due()
    folder.backups.mkdir(parents=True, exist_ok=True)
    (folder.backups / "daily").write_text("a file where the folder should be")
    _daily_backup(window, folder)
    assert messages and "今天的自动备份没有成功" in messages[-1][2]
    window.load_first_page()
    assert window.page("home").findChild(QLabel, "home_students_value").text() == "54"


def test_the_daily_backup_is_made_once(qtbot, folder, actor, messages):
    from kongchuo_desktop.app import _daily_backup

    demo.create_demo_school(actor, students=54)
    window = MainWindow(folder, defer_first_page=True)
    qtbot.addWidget(window)
    _daily_backup(window, folder)
    assert not folder.daily_backup_due()
    assert len(list((folder.backups / "daily").glob("*.sqlite"))) == 1
    assert window.stack.currentWidget().text() == "正在做今天的自动备份…"
    assert messages == []
