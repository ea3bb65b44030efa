"""The demo school's earlier month reports, already filed: each month of the term before the
current one, signed by the principal and marked 已上报 with its workbook, the last one sent back
once and filed again as 第2版 — so the report history and the principal's review show earlier
months on first launch, and 首页 shows this month's report as due. Added after the other demo
data (services.demo's DEMO_EXTENDERS), through the same audited writes the 月报 page uses."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from kongchuo_desktop.db.models import ReportFiling, Teacher
from kongchuo_desktop.paths import resource_path
from kongchuo_desktop.services import audit, month_report, report_filing

TEMPLATE = ("templates", "控辍保学月报模板.xlsx")
SENT_BACK = "教育局退回：送教上门学生名单需注明残疾类型，补充后重新上报"


def _months_before(first: dt.date, today: dt.date) -> list[tuple[int, int]]:
    out = []
    year, month = first.year, first.month
    while (year, month) < (today.year, today.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def add_demo_filings(actor: str, rng: random.Random, summary: dict) -> None:
    today = dt.date.fromisoformat(summary["today"])
    term_start = dt.date.fromisoformat(summary["term_start"])
    principal = Teacher.select().where(Teacher.roles == "校长").first()
    name = principal.name if principal else "校长"
    months = [
        (y, m)
        for y, m in _months_before(term_start, today)
        if month_report.period(y, m).due < today
    ]
    with tempfile.TemporaryDirectory(prefix="kongchuo-demo-report-") as tmp:
        for n, (year, month) in enumerate(months):
            report = month_report.build(year, month, today=month_report.period(year, month).due)
            p = report.period
            versions = 2 if n == len(months) - 1 else 1
            for version in range(1, versions + 1):
                out = Path(tmp) / f"{p.title}月报（第{version}版）.xlsx"
                month_report.write(resource_path(*TEMPLATE), report, out)
                signed = p.due - dt.timedelta(days=2 if version == 1 else 0)
                row = report_filing.sign(p.key, name, signed, actor)
                reason = SENT_BACK if version > 1 else ""
                report_filing.mark_filed(report, out, actor, reason)
                filed_at = dt.datetime.combine(signed, dt.time(16, 30))
                audit.update(ReportFiling.get_by_id(row.id), actor, filed_at=filed_at)
    summary["reports_filed"] = len(months)
