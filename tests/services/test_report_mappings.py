"""A mapping fixed by hand is remembered for the template (by the fingerprint of its headers),
applied the next time the same layout is opened, and audited."""

from __future__ import annotations

import shutil

import openpyxl

from kongchuo_desktop.db.models import AuditLog
from kongchuo_desktop.domain.report_plan import Corrections, SheetCorrection
from kongchuo_desktop.services import report_mappings
from kongchuo_desktop.services.report_template import make_plan, open_template
from tests.report_templates import SAMPLE, month_data, other_county


def test_a_correction_is_found_again_for_a_copy_of_the_template_with_other_blank_rows(
    folder, actor, tmp_path
):
    first = open_template(other_county(tmp_path / "十月.xlsx"))
    fixes = Corrections({"名单一": SheetCorrection(columns={"G4": "安置方式"})})
    report_mappings.remember(actor, first.fingerprint, "十月.xlsx", fixes)
    copy = other_county(tmp_path / "十一月.xlsx")
    wb = openpyxl.load_workbook(copy)
    wb["名单一"]["B9"] = None  # the same layout saved again
    wb.save(copy)
    again = open_template(copy)
    assert again.fingerprint == first.fingerprint
    plan = make_plan(again, month_data(), report_mappings.corrections_for(again.fingerprint))
    column = next(c for s in plan.sheets for i in s.lists for c in i.columns if c.letter == "G")
    assert (column.field, column.how) == ("安置方式", "手动指定")
    assert plan.corrected
    assert AuditLog.select().where(AuditLog.table == "report_template_mapping").count() == 1


def test_another_template_does_not_get_the_correction(folder, actor, tmp_path):
    first = open_template(other_county(tmp_path / "某县.xlsx"))
    report_mappings.remember(
        actor,
        first.fingerprint,
        "某县.xlsx",
        Corrections({"名单一": SheetCorrection(lists={"4": ""})}),
    )
    other = open_template(SAMPLE)
    assert other.fingerprint != first.fingerprint
    assert report_mappings.corrections_for(other.fingerprint).to_json() == {}


def test_a_changed_column_title_changes_the_fingerprint(tmp_path):
    copy = tmp_path / "改过.xlsx"
    shutil.copy(SAMPLE, copy)
    wb = openpyxl.load_workbook(copy)
    wb["辍学学生台账"]["W3"] = "学生去向"
    wb.save(copy)
    assert open_template(copy).fingerprint != open_template(SAMPLE).fingerprint


def test_clearing_every_correction_forgets_the_template(folder, actor, tmp_path):
    book = open_template(other_county(tmp_path / "某县.xlsx"))
    report_mappings.remember(
        actor,
        book.fingerprint,
        "某县.xlsx",
        Corrections({"统计表": SheetCorrection(figures={"10": ""})}),
    )
    report_mappings.remember(actor, book.fingerprint, "某县.xlsx", Corrections())
    assert report_mappings.corrections_for(book.fingerprint).to_json() == {}
