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


@cache
def icon(name: str, color: str = NAV_COLOR):
    import qtawesome as qta

    return qta.icon(ICON_IDS[name], color=color)
