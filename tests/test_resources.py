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


def test_the_shipped_month_report_template_is_understood_sheet_by_sheet():
    from kongchuo_desktop.domain.report_data import ReportData
    from kongchuo_desktop.services.report_fill import preview_fill

    plan = preview_fill(resource_path("templates", "控辍保学月报模板.xlsx"), ReportData())
    lists = [i.list_name for s in plan.sheets for i in s.lists]
    assert lists == [
        "辍学学生台账",
        "送教上门学生",
        "休学学生",
        "已劝返学生花名册",
        "延缓入学学生",
        "随班就读学生",
    ]
    assert not [item for item in plan.not_understood() if "数据中没有" not in item]
    assert len({c.label for c in plan.sheets[0].cells if c.stage}) == 16


def test_the_windows_build_bundles_the_whole_resources_folder_templates_included():
    from pathlib import Path

    spec = (Path(__file__).resolve().parent.parent / "installer" / "kongchuo.spec").read_text(
        encoding="utf-8"
    )
    assert '(str(ROOT / "resources"), "resources")' in spec
    assert "xlsx" not in spec.split("DROP_PARTS = (", 1)[1].split(")", 1)[0]
