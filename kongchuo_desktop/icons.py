"""Every icon the app shows, by name; code asks `icon("roster")`, never a qtawesome id."""

from __future__ import annotations

from functools import cache

ICON_IDS = {
    "home": "fa5s.home",
    "roster": "fa5s.users",
    "headcount": "fa5s.clipboard-check",
    "visits": "fa5s.walking",
    "responsibility": "fa5s.hands-helping",
    "assessment": "fa5s.award",
    "report": "fa5s.file-excel",
    "settings": "fa5s.cog",
    "about": "fa5s.info-circle",
    "backup": "fa5s.save",
    "restore": "fa5s.undo",
    "usb": "fa5b.usb",
    "calendar": "fa5s.calendar-alt",
    "school": "fa5s.school",
    "add": "fa5s.plus",
    "delete": "fa5s.trash-alt",
    "demo": "fa5s.magic",
    "warning": "fa5s.exclamation-triangle",
    "import": "fa5s.file-import",
    "export": "fa5s.file-export",
    "search": "fa5s.search",
}

NAV_COLOR = "#35495e"


# The exe carries these icons pre-drawn (installer/render_ui_icons.py, run by the spec): loading
# qtawesome and its fonts costs about half a second of start-up under Windows/Wine.
PRERENDERED_SIZES = (16, 20, 24, 32, 40, 48)


def prerendered_file(name: str, size: int):
    from kongchuo_desktop.paths import resource_path

    return resource_path("icons", "ui", f"{name}-{size}.png")


@cache
def icon(name: str, color: str = NAV_COLOR):
    if color == NAV_COLOR and prerendered_file(name, PRERENDERED_SIZES[0]).is_file():
        from PySide6.QtGui import QIcon

        drawn = QIcon()
        for size in PRERENDERED_SIZES:
            drawn.addFile(str(prerendered_file(name, size)))
        return drawn
    import qtawesome as qta

    return qta.icon(ICON_IDS[name], color=color)
