"""Which pages of the navigation are built: a page still held by a placeholder (views/pages.py
`_placeholder`) looks unbuilt in the navigation and is not promised in the welcome text. Nothing
here names a page: a feature that replaces its placeholder turns built by itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from kongchuo_desktop.views.pages import PAGES, PageSpec

UNBUILT_NOTE = "（建设中）"
# Pages every school has from the start, not named among the day's work in the welcome text.
_NOT_WORK = {"home", "settings"}


def is_built(spec: PageSpec) -> bool:
    return not getattr(spec.factory, "placeholder", False)


def built_work() -> list[str]:
    """The titles of the built pages that do a part of the work, in navigation order."""
    return [p.title for p in PAGES if is_built(p) and p.key not in _NOT_WORK]


def unbuilt_titles() -> list[str]:
    return [p.title for p in PAGES if not is_built(p)]


def welcome_text() -> str:
    """What the program does today, for the first-run wizard: only pages that are built."""
    text = "本程序帮助教务处做好控辍保学的日常工作：" + "、".join(built_work()) + "。"
    later = unbuilt_titles()
    if later:
        text += "、".join(later) + "正在建设中，将在后续版本提供。"
    return text + "数据只保存在这台电脑上，每天自动备份。"


def mark_nav_item(item: QListWidgetItem, spec: PageSpec, nav: QListWidget) -> None:
    """An unbuilt page's navigation line: greyed, with a tooltip saying it is being built."""
    if is_built(spec):
        return
    nav.ensurePolished()  # the style sheet's text colour, to grey
    grey = nav.palette().color(QPalette.ColorRole.Text)
    grey.setAlphaF(0.45)
    item.setForeground(grey)
    item.setToolTip(f"{spec.title}{UNBUILT_NOTE}：此功能正在开发中，将在后续版本提供")
    item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, UNBUILT_NOTE)
