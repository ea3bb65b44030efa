"""Every icon the app shows, by name; code asks `icon("roster")`, never a qtawesome id.

From source, qtawesome draws them. The exe carries them pre-drawn in one file, ui-icons.zip
(installer/render_ui_icons.py, run by the spec), and no qtawesome at all: under Windows and Wine
importing qtawesome and loading its fonts costs about half a second of start-up, and a onefile exe
unpacks every file it carries at each start, so 250 small PNGs would cost about as much again.
"""

from __future__ import annotations

from functools import cache

ICON_IDS = {
    "home": "fa5s.home",
    "roster": "fa5s.users",
    "headcount": "fa5s.clipboard-check",
    "visits": "fa5s.walking",
    "home_teaching": "fa5s.chalkboard-teacher",
    "responsibility": "fa5s.hands-helping",
    "risk": "fa5s.bell",
    "census": "fa5s.clipboard-list",
    "assessment": "fa5s.award",
    "report": "fa5s.file-excel",
    "review": "fa5s.chart-line",
    "settings": "fa5s.cog",
    "audit": "fa5s.history",
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

# The only colours an icon comes in, by role. A new colour is a new role here: the exe draws
# nothing at run time, so every role is pre-drawn.
COLORS = {
    "default": "#35495e",  # on light backgrounds
    "nav": "#ecf0f1",  # on the dark navigation bar
}

PRERENDERED_SIZES = (16, 20, 24, 32, 40, 48)
BUNDLE_NAME = "ui-icons.zip"


def bundle_entry(name: str, role: str, size: int) -> str:
    """The PNG's name inside ui-icons.zip."""
    return f"{name}-{role}-{size}.png"


@cache
def _bundle() -> dict[str, bytes] | None:
    """The pre-drawn PNGs by entry name, or None when running from source."""
    from kongchuo_desktop.paths import resource_path

    path = resource_path("icons", BUNDLE_NAME)
    if not path.is_file():
        return None
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def bundled() -> bool:
    """True when the icons come pre-drawn (the exe), False when qtawesome draws them."""
    return _bundle() is not None


@cache
def icon(name: str, role: str = "default"):
    """The icon `name` in a colour role of COLORS ("default" or "nav")."""
    if name not in ICON_IDS:
        raise KeyError(f"no icon named {name!r}")
    if role not in COLORS:
        raise ValueError(f"icon colour must be one of {sorted(COLORS)}, not {role!r}")
    bundle = _bundle()
    if bundle is None:
        import qtawesome as qta

        return qta.icon(ICON_IDS[name], color=COLORS[role])
    from PySide6.QtGui import QIcon, QPixmap

    drawn = QIcon()
    for size in PRERENDERED_SIZES:
        pixmap = QPixmap()
        pixmap.loadFromData(bundle[bundle_entry(name, role, size)], "PNG")
        drawn.addPixmap(pixmap)
    return drawn
