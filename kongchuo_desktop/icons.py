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

# The app's icon colours by role; any other "#rrggbb" works too, drawn by qtawesome at run time.
COLORS = {
    "default": "#35495e",  # on light backgrounds
    "nav": "#ecf0f1",  # on the dark navigation bar
}

# The exe carries the icons in the COLORS pre-drawn (installer/render_ui_icons.py, run by the
# spec): loading qtawesome and its fonts costs about half a second of start-up under Windows/Wine.
PRERENDERED_SIZES = (16, 20, 24, 32, 40, 48)


def prerendered_file(name: str, size: int, role: str = "default"):
    from kongchuo_desktop.paths import resource_path

    suffix = "" if role == "default" else f"-{role}"
    return resource_path("icons", "ui", f"{name}{suffix}-{size}.png")


@cache
def icon(name: str, color: str = "default"):
    """The icon `name` in a colour role of COLORS ("default", "nav") or a "#rrggbb"."""
    role = color if color in COLORS else next((r for r, c in COLORS.items() if c == color), None)
    if role is not None and prerendered_file(name, PRERENDERED_SIZES[0], role).is_file():
        from PySide6.QtGui import QIcon

        drawn = QIcon()
        for size in PRERENDERED_SIZES:
            drawn.addFile(str(prerendered_file(name, size, role)))
        return drawn
    import qtawesome as qta

    return qta.icon(ICON_IDS[name], color=COLORS.get(color, color))
