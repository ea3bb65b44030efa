"""A month's report as built from the records (services/month_report.py): the period, the
`ReportData` the template is filled with, the figures by class, the notes (what could not be
counted), each figure's formula and whether it is a 零报告. Plain values: no database, no Qt."""

from __future__ import annotations

from dataclasses import dataclass, field

from kongchuo_desktop.domain.month_period import ReportPeriod
from kongchuo_desktop.domain.report_data import ReportData


@dataclass
class MonthReport:
    period: ReportPeriod
    data: ReportData
    by_class: dict[str, dict[str, float | int]]
    notes: list[str]  # what could not be counted, and why
    formulas: list[tuple[str, str]]
    zero: bool
    school_year: str
    definitions: list[str] = field(default_factory=list)

    def note_lines(self) -> list[str]:
        return [self.period.describe(), *self.definitions, *self.notes]
