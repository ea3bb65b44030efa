"""The month lock: signed, then 标记为已上报; a later edit leaves the filed figures as they were
and shows in the comparison; re-filing makes 第2版 with a reason; 首页's reminder."""

from __future__ import annotations

import datetime as dt

import pytest

from kongchuo_desktop.db.models import AuditLog, ReportFiling
from kongchuo_desktop.domain.month_period import due_notice
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import month_report, report_filing
from tests import month_school
from tests.report_templates import SAMPLE


@pytest.fixture
def kids(folder, actor):
    return month_school.build(actor)


def _export(tmp_path, name="十一月.xlsx"):
    r = month_report.build(2026, 11)
    out = tmp_path / name
    month_report.write(SAMPLE, r, out)
    return r, out


def test_exporting_alone_never_locks_and_filing_needs_the_signature(kids, tmp_path, actor):
    r, out = _export(tmp_path)
    assert report_filing.filed_months() == set()
    with pytest.raises(UserError, match="还没有校长签字"):
        report_filing.mark_filed(r, out, actor)
    row = report_filing.sign("2026-11", "李校长", dt.date(2026, 11, 23), actor)
    assert AuditLog.select().where(AuditLog.table == "report_filing").count() == 1
    assert row.state == "已签字" and row.version == 1


def test_an_edit_after_filing_keeps_the_filed_figures_and_shows_in_the_comparison(
    kids, tmp_path, actor
):
    r, out = _export(tmp_path)
    report_filing.sign("2026-11", "李校长", dt.date(2026, 11, 23), actor)
    report_filing.mark_filed(r, out, actor)
    assert report_filing.filed_months() == {"2026-11"}
    # a late 转出 of 小学生1 on 15 November, recorded after the report went
    month_school.status(actor, kids["A1"], "转出", dt.date(2026, 11, 15), "随父母外出")
    filed = report_filing.latest_filed("2026-11")
    assert filed.snapshot["figures"]["本月转出"]["小学"] == 1  # as filed
    now = month_report.build(2026, 11)
    assert now.data.figures["本月转出"]["小学"] == 2
    changes = report_filing.compare(filed.snapshot, now)
    whats = {(d.what, d.filed, d.now) for d in changes}
    assert ("本月转出（小学）", 1, 2) in whats
    assert ("月末在校生数（合计）", 8, 7) in whats
    assert any(d.where == "班级" and "一年级1班" in d.what for d in changes)


def test_refiling_makes_version_2_with_a_reason_and_keeps_both_files(kids, tmp_path, actor):
    r, out = _export(tmp_path)
    report_filing.sign("2026-11", "李校长", dt.date(2026, 11, 23), actor)
    report_filing.mark_filed(r, out, actor)
    month_school.status(actor, kids["A1"], "转出", dt.date(2026, 11, 15), "随父母外出")
    r2, out2 = _export(tmp_path, "十一月第2版.xlsx")
    report_filing.sign("2026-11", "李校长", dt.date(2026, 11, 26), actor)
    with pytest.raises(UserError, match="请写明原因"):
        report_filing.mark_filed(r2, out2, actor)
    report_filing.mark_filed(r2, out2, actor, reason="教育局退回：补报一名转出学生")
    versions = report_filing.versions("2026-11")
    assert [(v.version, v.state) for v in versions] == [(1, "已上报"), (2, "已上报")]
    assert versions[1].reason == "教育局退回：补报一名转出学生"
    assert versions[0].snapshot["figures"]["本月转出"]["小学"] == 1
    assert versions[1].snapshot["figures"]["本月转出"]["小学"] == 2
    saved = report_filing.save_file(versions[0].id, tmp_path / "取回第1版.xlsx")
    assert saved.read_bytes() == out.read_bytes()
    assert ReportFiling.get_by_id(versions[1].id).file_bytes == out2.read_bytes()


def test_the_home_reminder_from_the_notice_day_until_filed(kids, tmp_path, actor):
    assert report_filing.due_text(dt.date(2026, 11, 19)) is None
    assert "2026年11月月报应于11月25日前上报" in report_filing.due_text(dt.date(2026, 11, 20))
    assert "已过11月25日，尚未上报" in report_filing.due_text(dt.date(2026, 11, 27))
    r, out = _export(tmp_path)
    report_filing.sign("2026-11", "李校长", dt.date(2026, 11, 23), actor)
    report_filing.mark_filed(r, out, actor)
    assert report_filing.due_text(dt.date(2026, 11, 27)) is None


def test_a_month_left_unfiled_stays_due_into_the_next():
    # October filed, November not: on 3 December November's report is still due
    period = due_notice(dt.date(2026, 12, 3), {"2026-10"}, 20, 20, 25)
    assert period is not None and period.key == "2026-11"
    assert due_notice(dt.date(2026, 12, 3), {"2026-11"}, 20, 20, 25) is None
