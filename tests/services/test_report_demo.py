"""The demo school opens with earlier month reports already filed, so the history and the
principal's review have earlier months, and this month's report is shown as due."""

import io

import openpyxl

from kongchuo_desktop.db.models import ReportFiling
from kongchuo_desktop.services import report_filing
from tests.demo_school import DEMO_TODAY


def test_september_and_october_are_filed_october_twice(demo):
    rows = [(r.month, r.version, r.state) for r in report_filing.history()]
    assert rows == [("2026-10", 2, "已上报"), ("2026-10", 1, "已上报"), ("2026-09", 1, "已上报")]
    second = report_filing.latest_filed("2026-10")
    assert second.reason.startswith("教育局退回") and second.signed_by
    content = ReportFiling.get_by_id(second.id).file_bytes
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert "说明" in wb.sheetnames
    assert second.snapshot["figures"]["随班就读"]["合计"] > 0


def test_novembers_report_is_due_on_the_demo_day(demo):
    assert "2026年11月月报已过11月25日，尚未上报" in report_filing.due_text(DEMO_TODAY)
