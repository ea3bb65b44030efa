"""Icons by name: qtawesome from source, pre-drawn PNGs inside the exe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kongchuo_desktop import icons

ROOT = Path(__file__).resolve().parent.parent


def test_every_icon_renders_from_qtawesome(qtbot):
    for name in icons.ICON_IDS:
        assert not icons.icon(name).isNull(), name


def test_prerendered_icons_are_used_when_bundled(qtbot, tmp_path, monkeypatch):
    out = tmp_path / "resources" / "icons" / "ui"
    subprocess.run(
        [sys.executable, str(ROOT / "installer" / "render_ui_icons.py"), str(out)], check=True
    )
    for name in icons.ICON_IDS:
        for size in icons.PRERENDERED_SIZES:
            assert (out / f"{name}-{size}.png").is_file()
            assert (out / f"{name}-nav-{size}.png").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    icons.icon.cache_clear()
    try:
        drawn = icons.icon("roster")
        assert not drawn.isNull()
        assert {s.width() for s in drawn.availableSizes()} == set(icons.PRERENDERED_SIZES)
        # The navigation bar's light icons are pre-drawn too: the first window needs no qtawesome.
        assert not icons.icon("roster", "nav").isNull()
        assert icons.icon("roster", "nav").availableSizes()
        # Another colour is not pre-drawn: it still comes from qtawesome.
        assert not icons.icon("roster", "#c0392b").availableSizes()
    finally:
        icons.icon.cache_clear()
