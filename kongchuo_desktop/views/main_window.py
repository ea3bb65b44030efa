"""The main window: a left navigation bar and one page at a time."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop import APP_NAME
from kongchuo_desktop.icons import icon
from kongchuo_desktop.views import role_marks
from kongchuo_desktop.views.page_state import mark_nav_item
from kongchuo_desktop.views.pages import PAGES
from kongchuo_desktop.views.session_controls import SessionControls

WEEKDAYS = "一二三四五六日"


class MainWindow(QMainWindow):
    page_changed = Signal(str)

    def __init__(self, folder, parent: QWidget | None = None, *, defer_first_page: bool = False):
        """With `defer_first_page`, the first page waits for `load_first_page()`: the app shows
        the window first and fills it once it is on screen (app.run_gui)."""
        super().__init__(parent)
        self.folder = folder
        self.setObjectName("main_window")
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 720)
        self.setMinimumSize(1000, 600)

        self.nav = QListWidget()
        self.nav.setObjectName("main_nav")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(150)
        self.stack = QStackedWidget()
        self.stack.setObjectName("main_stack")
        self._keys: list[str] = []
        # Pages are built on first visit: the roster alone loads every student, and the clerk
        # who came to take the head-count should not wait for it at start-up.
        self._built: set[str] = set()
        for spec in PAGES:
            item = QListWidgetItem(icon(spec.icon, "nav"), spec.title)
            item.setSizeHint(QSize(140, 44))
            mark_nav_item(item, spec, self.nav)  # greyed while the page is a placeholder
            self.nav.addItem(item)
            self.stack.addWidget(_loading_slot(spec.title))
            self._keys.append(spec.key)

        about = QPushButton(icon("about", "nav"), "关于")
        about.setObjectName("about_button")
        about.setFlat(True)
        about.clicked.connect(self.show_about)

        left = QWidget()
        left.setObjectName("nav_panel")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 8)
        left_layout.addWidget(self.nav, 1)
        left_layout.addWidget(about)

        self.header = QLabel()
        self.header.setObjectName("header_label")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.stack, 1)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(left)
        layout.addWidget(right, 1)
        # The account line, 锁定 and 切换用户; the lock screen over `central` (issue 17).
        self.session = SessionControls(self, central, left_layout)
        self.refresh_header()
        if defer_first_page:
            self.nav.blockSignals(True)  # highlight 首页 without building it
            self.nav.setCurrentRow(0)
            self.nav.blockSignals(False)
            self.nav.currentRowChanged.connect(self._show_row)
        else:
            self.nav.currentRowChanged.connect(self._show_row)
            self.nav.setCurrentRow(0)

    def say_while_loading(self, text: str) -> None:
        """Show `text` where the current page will be, painted at once (start-up's slow steps)."""
        slot = self.stack.currentWidget()
        if slot.objectName() == "page_loading":
            slot.setText(text)
            slot.repaint()

    def load_first_page(self) -> None:
        """Build the page the navigation points at (with defer_first_page)."""
        self._show_row(self.nav.currentRow())

    def page_titles(self) -> list[str]:
        return [self.nav.item(i).text() for i in range(self.nav.count())]

    def page(self, key: str) -> QWidget:
        """The page for `key`, built now if it has not been shown yet."""
        self._build(key)
        return self.stack.widget(self._keys.index(key))

    def is_built(self, key: str) -> bool:
        return key in self._built

    def _build(self, key: str) -> bool:
        """Put the real page in its slot; False if it was there already."""
        if key in self._built:
            return False
        index = self._keys.index(key)
        spec = PAGES[index]
        page = spec.factory(self.folder)
        page.setObjectName(f"page_{spec.key}")
        slot = self.stack.widget(index)
        showing = self.stack.currentIndex() == index
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(slot)
        slot.deleteLater()
        if showing:
            self.stack.setCurrentIndex(index)
        self._built.add(key)
        return True

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self._keys.index(key))

    def _show_row(self, row: int) -> None:
        key = self._keys[row]
        self._build(key)
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        # Pages do not load in their constructors: each showing, the first included, loads the
        # page's data afresh here.
        if hasattr(page, "refresh"):
            page.refresh()
        role_marks.apply_all(page)  # buttons the acting account may not use: disabled, why
        self.page_changed.emit(key)

    def refresh_header(self) -> None:
        from kongchuo_desktop.services.calendar_service import term_containing
        from kongchuo_desktop.services.school_setup import the_school

        school = the_school()
        today = dt.date.today()
        term = term_containing(today)
        parts = [school.name if school else "尚未建立学校"]
        if term:
            parts.append(term.label)
        parts.append(f"{today:%Y年%m月%d日} 星期{WEEKDAYS[today.weekday()]}")
        self.header.setText("　　".join(parts))

    def open_headcount_day(self, day: dt.date, class_id: int | None = None) -> None:
        """每日点名 on `day` and, if given, that class (a 漏报 day from 首页)."""
        self.show_page("headcount")
        self.page("headcount").show_day(day, class_id)

    def open_student(self, student_id: int) -> None:
        """The student page (档案, guardians, flags, timeline), from any page's list."""
        from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog

        dialog = StudentDetailDialog(student_id, self)
        page = self.stack.currentWidget()
        if hasattr(page, "refresh"):
            dialog.changed.connect(page.refresh)
        dialog.exec()

    def show_about(self) -> None:
        from kongchuo_desktop.views.about_dialog import AboutDialog

        AboutDialog(self.folder, self).exec()

    def pages_may_close(self) -> bool:
        """Each page built so far that can hold unsaved work (a `confirm_close()`) is asked;
        False when the clerk cancels (closing, 切换用户)."""
        for key in self._keys:
            if key not in self._built:
                continue
            page = self.stack.widget(self._keys.index(key))
            confirm = getattr(page, "confirm_close", None)
            if confirm is not None and not confirm():
                return False
        return True

    def closeEvent(self, event) -> None:
        """The pages are asked first; the window stays open when the clerk cancels."""
        if not self.pages_may_close():
            event.ignore()
            return
        super().closeEvent(event)

    def replace_folder(self, folder) -> None:
        """After a restore: rebuild the pages on the reopened data (whose accounts may differ:
        someone may have to sign in again)."""
        self.folder = folder
        if not self.session.data_replaced():
            return
        current = self.nav.currentRow()
        for i, spec in enumerate(PAGES):
            old = self.stack.widget(i)
            self.stack.insertWidget(i, _loading_slot(spec.title))
            self.stack.removeWidget(old)
            old.deleteLater()
        self._built.clear()
        self.refresh_header()
        self._show_row(current)


def _loading_slot(title: str) -> QWidget:
    """What a page's place shows until the page is built (at start-up, for a moment)."""
    slot = QLabel(f"正在打开“{title}”…")
    slot.setObjectName("page_loading")
    slot.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return slot
