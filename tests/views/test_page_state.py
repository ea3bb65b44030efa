"""Unbuilt pages look unbuilt, and the welcome text promises only what is built."""

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QWidget

from kongchuo_desktop.views import main_window, page_state, pages
from kongchuo_desktop.views.first_run_wizard import WelcomePage
from kongchuo_desktop.views.main_window import MainWindow


def _nav_items(window):
    return {window.nav.item(i).text(): window.nav.item(i) for i in range(window.nav.count())}


def test_placeholder_pages_are_greyed_with_a_being_built_tooltip(qtbot, folder, monkeypatch):
    # one placeholder for sure, whichever pages have been built by now
    coming = pages.PageSpec("later", "送教上门", "visits", pages._placeholder("送教上门", "…"))
    monkeypatch.setattr(main_window, "PAGES", [*pages.PAGES, coming])
    window = MainWindow(folder)
    qtbot.addWidget(window)
    items = _nav_items(window)
    unbuilt = [p.title for p in main_window.PAGES if not page_state.is_built(p)]
    assert "送教上门" in unbuilt
    for title in unbuilt:
        assert "建设中" in items[title].toolTip()
        assert items[title].foreground().color().alphaF() < 1
    for title in ("首页", "花名册", "每日点名", "设置"):
        assert items[title].toolTip() == ""
        assert items[title].foreground().style().name == "NoBrush"


def test_a_page_that_replaces_its_placeholder_is_built_everywhere(qtbot, folder, monkeypatch):
    placeholder = pages.PageSpec("later", "送教上门", "visits", pages._placeholder("送教上门", "…"))
    monkeypatch.setattr(pages, "PAGES", [*pages.PAGES, placeholder])
    monkeypatch.setattr(page_state, "PAGES", pages.PAGES)
    assert placeholder.title in page_state.unbuilt_titles()
    built = replace(placeholder, factory=lambda folder: QWidget())
    monkeypatch.setattr(
        pages, "PAGES", [built if p is placeholder else p for p in pages.PAGES], raising=True
    )
    monkeypatch.setattr(page_state, "PAGES", pages.PAGES)
    assert placeholder.title in page_state.built_work()
    assert placeholder.title not in page_state.unbuilt_titles()
    text = page_state.welcome_text()
    assert placeholder.title in text.split("。")[0]  # among the work it does


def test_welcome_promises_only_built_pages(qtbot):
    page = WelcomePage(page_state.welcome_text())  # as app.py opens the wizard
    qtbot.addWidget(page)
    text = page.findChild(QLabel, "wizard_welcome").text()
    first = text.split("。")[0]
    assert "花名册" in first and "每日点名" in first
    for p in pages.PAGES:
        if not page_state.is_built(p):
            assert p.title not in first
            assert p.title in text  # said to be coming, not hidden
    assert "建设中" in text or not page_state.unbuilt_titles()


def test_the_wizard_opened_again_promises_no_page(qtbot):
    page = WelcomePage()  # 清空数据 then the wizard again (views/backup_tab)
    qtbot.addWidget(page)
    text = page.findChild(QLabel, "wizard_welcome").text()
    assert not any(p.title in text for p in pages.PAGES)
