"""Exports from the pages: the ledger as an inspector (masked IDs) and as an encrypted zip, and
the risk list's PDF — each recorded in the audit trail."""

from __future__ import annotations

import openpyxl
import pytest
import pyzipper
from PySide6.QtWidgets import QFileDialog

from kongchuo_desktop.services import access, audit_trail
from kongchuo_desktop.views.case_dialog import CaseDialog
from kongchuo_desktop.views.home_page import HomePage
from kongchuo_desktop.views.risk_page import RiskPage
from kongchuo_desktop.views.visits_page import VisitsPage
from tests.demo_school import DEMO_TODAY

INSPECTOR = access.Actor(name="督学", roles=frozenset({"只读"}))


@pytest.fixture
def visits(qtbot, demo, monkeypatch):
    for cls in (VisitsPage, CaseDialog, HomePage):
        monkeypatch.setattr(cls, "clock", staticmethod(lambda: DEMO_TODAY))
    p = VisitsPage(demo)
    qtbot.addWidget(p)
    p.refresh()
    return p


def _ids(rows) -> set[str]:
    return {r.id_number for r in rows if r.id_number}


def test_an_inspectors_ledger_export_has_masked_ids_and_is_recorded(visits, tmp_path, messages):
    stored = _ids(visits.ledger_model.rows)
    assert stored
    with access.acting_as(INSPECTOR):
        out = visits.export(str(tmp_path / "台账"))
    ws = openpyxl.load_workbook(out)["辍学学生台账"]
    cells = {str(c) for row in ws.iter_rows(values_only=True) for c in row if c}
    assert not cells & stored
    assert any("**********" in c for c in cells)
    line = audit_trail.lines(user="督学")[0]
    assert "辍学学生台账" in line.changes and "学生人数：5" in line.changes


def test_the_ledger_as_an_encrypted_zip_names_no_child(visits, tmp_path, messages):
    names = [r.name for r in visits.ledger_model.rows]
    out = visits.export(str(tmp_path / "台账.zip"), password="教育局2026")
    assert out.suffix == ".zip"
    raw = out.read_bytes()
    assert not any(n.encode() in raw for n in names)
    assert not any(i.encode() in raw for i in _ids(visits.ledger_model.rows))
    with pyzipper.AESZipFile(out) as z:
        z.setpassword("教育局2026".encode())
        assert z.namelist() == ["辍学学生台账.xlsx"]
    assert "加密zip：是" in audit_trail.lines(table="export")[0].changes


def test_the_risk_lists_pdf_is_an_export(qtbot, demo, tmp_path, monkeypatch, messages):
    page = RiskPage(today=DEMO_TODAY)
    qtbot.addWidget(page)
    page.refresh()
    target = tmp_path / "预警名单.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.export_pdf()
    assert target.exists() and messages[-1][1] == "导出PDF"
    line = audit_trail.lines(table="export")[0]
    assert f"学生人数：{page.proxy.rowCount()}" in line.changes
    assert str(target.resolve()) in line.changes
