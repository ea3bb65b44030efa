"""Icons by name: qtawesome from source, one pre-drawn bundle inside the exe."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kongchuo_desktop import icons

ROOT = Path(__file__).resolve().parent.parent


def test_every_icon_renders_from_qtawesome(qtbot):
    assert not icons.bundled()
    for name in icons.ICON_IDS:
        for role in icons.COLORS:
            assert not icons.icon(name, role).isNull(), (name, role)


def test_only_the_colour_roles_exist(qtbot):
    # The exe draws nothing at run time: a colour outside COLORS would show no icon there.
    with pytest.raises(ValueError, match="nav"):
        icons.icon("roster", "#c0392b")
    with pytest.raises(KeyError):
        icons.icon("no-such-icon")


def test_prerendered_bundle_is_used_when_present(qtbot, tmp_path, monkeypatch):
    out = tmp_path / "resources" / "icons" / icons.BUNDLE_NAME
    subprocess.run(
        [sys.executable, str(ROOT / "installer" / "render_ui_icons.py"), str(out)], check=True
    )
    # One file for the onefile exe to unpack, holding every icon, role and size.
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
    assert len(names) == len(icons.ICON_IDS) * len(icons.COLORS) * len(icons.PRERENDERED_SIZES)
    assert icons.bundle_entry("usb", "nav", 48) in names

    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    # Prove the bundle alone is enough: qtawesome is not in the exe.
    monkeypatch.setitem(sys.modules, "qtawesome", None)
    icons.icon.cache_clear()
    icons._bundle.cache_clear()
    try:
        assert icons.bundled()
        for role in icons.COLORS:
            drawn = icons.icon("roster", role)
            assert {s.width() for s in drawn.availableSizes()} == set(icons.PRERENDERED_SIZES)
        # The light navigation icon really is light, the default one dark.
        light = icons.icon("home", "nav").pixmap(48, 48).toImage()
        dark = icons.icon("home").pixmap(48, 48).toImage()
        opaque = [
            (x, y) for x in range(48) for y in range(48) if light.pixelColor(x, y).alpha() == 255
        ]
        assert opaque
        x, y = opaque[len(opaque) // 2]
        assert light.pixelColor(x, y).lightness() > 200
        assert dark.pixelColor(x, y).lightness() < 100
    finally:
        icons.icon.cache_clear()
        icons._bundle.cache_clear()
