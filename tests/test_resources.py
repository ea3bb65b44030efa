"""Bundled resources are found through resource_path(), from source and frozen."""

from __future__ import annotations

import sys

from kongchuo_desktop.paths import resource_path


def test_resources_exist_from_source():
    for parts in [("style.qss",), ("icons", "app.png"), ("icons", "app.ico")]:
        assert resource_path(*parts).is_file(), parts


def test_frozen_bundle_root_is_meipass(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("icons", "app.png") == tmp_path / "resources" / "icons" / "app.png"


def test_app_ico_holds_the_sizes_windows_asks_for():
    data = resource_path("icons", "app.ico").read_bytes()
    assert data[:4] == b"\x00\x00\x01\x00"
    count = int.from_bytes(data[4:6], "little")
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes
