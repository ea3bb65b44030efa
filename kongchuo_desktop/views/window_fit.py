"""Where the main window opens: inside the screen's available area (the taskbar excluded), on an
old 1024×768 projector as on a 1920×1080 screen at 150%, never wider or taller than the screen.
Nothing about the window's place is remembered between runs, so a screen that has since become
smaller (a projector unplugged) cannot leave it off-screen."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

# On a large screen the window opens at this size (restored from maximized), not stretched over
# the whole screen: lists stay readable without the eyes crossing a 2-metre-wide row.
LARGE_SCREEN_SIZE = QSize(1440, 900)
# Smaller than this the pages no longer fit their essentials; a smaller screen gets its own size.
SMALLEST_USEFUL = QSize(1000, 600)


def fitted_geometry(available: QRect, frame: QMargins | None = None) -> tuple[QRect, QSize]:
    """The window's inner rectangle and its minimum size on a screen whose available area is
    `available`, with window borders of `frame` (title bar included) around it."""
    frame = frame or QMargins()
    room = available.marginsRemoved(frame)
    size = room.size().boundedTo(LARGE_SCREEN_SIZE)
    rect = QRect(room.topLeft(), size)
    rect.moveCenter(room.center())
    # QRect.center rounds down: keep the window wholly inside the room.
    rect.moveLeft(max(room.left(), min(rect.left(), room.right() - size.width() + 1)))
    rect.moveTop(max(room.top(), min(rect.top(), room.bottom() - size.height() + 1)))
    return rect, SMALLEST_USEFUL.boundedTo(room.size())


def fit_into(window: QWidget, available: QRect) -> None:
    """Size and place `window` for a screen whose available area is `available`."""
    handle = window.windowHandle()
    frame = handle.frameMargins() if handle is not None else QMargins()
    rect, minimum = fitted_geometry(available, frame)
    window.setMinimumSize(minimum)
    window.setGeometry(rect)


def fit_to_screen(window: QWidget) -> None:
    """Size and place `window` on the screen it will open on (the primary one)."""
    window.winId()  # the native window exists now: its borders are known on Windows
    screen = window.screen() or QGuiApplication.primaryScreen()
    fit_into(window, screen.availableGeometry())


def columns_width(view: QAbstractItemView) -> int:
    """The width `view` needs to show all its columns without a horizontal scroll bar (its
    vertical scroll bar and frame included)."""
    header = view.horizontalHeader()
    columns = sum(
        max(header.sectionSizeHint(c), view.sizeHintForColumn(c))
        for c in range(header.count())
        if not header.isSectionHidden(c)
    )
    return columns + view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth() + 4


def keep_columns_in_sight(view: QAbstractItemView, at_most: int) -> None:
    """Make `view` at least as wide as its columns (up to `at_most` pixels): in a splitter on a
    small screen the other pane gives way (the head-count's 班级 … 状态 all in sight)."""
    view.setMinimumWidth(min(columns_width(view), at_most))


def fill_with_last_column(view: QTableView, column: int = -1) -> None:
    """Columns sized to their contents, the last one (or `column`, a free text such as 原因 that
    may be cut short) taking the room left. Unlike `setStretchLastSection`, that column shrinks
    again when the view does (with it a table on a 1024×768 screen scrolled sideways for a
    column of three characters)."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    stretched = column if column >= 0 else header.count() - 1
    header.setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
