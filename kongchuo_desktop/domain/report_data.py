"""What a month report holds, as plain values: the interface between the month's figures (counted
from the event record) and the template filler (services/report_fill.py).

    ReportData(
        figures={"月末在校生数": {"小学": 620, "初中": 410, "合计": 1030}, …},
        lists={"辍学学生台账": [{"姓名": "张三", "身份证号": "…", …}, …], …},
        titles={"报告月份": "2026年11月", "填报单位": "…学校", "填报日期": date(2026, 11, 25)},
    )

Names are the canonical ones of domain/report_names.py. A rate (巩固率, 年辍学率, 出勤率) is a
percentage number (99.5 means 99.5 %); the filler writes 0.995 into a cell formatted as a
percentage. A figure or list the data does not have is left empty in the template and named in the
preview, never filled with 0 on the filler's own account.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kongchuo_desktop.domain.report_names import (
    FIELD_NAMES,
    FIGURE_NAMES,
    LIST_NAMES,
    STAGES,
    TITLE_NAMES,
)

Number = int | float
Value = str | int | float | dt.date | None


@dataclass
class ReportData:
    figures: dict[str, dict[str, Number]] = field(default_factory=dict)
    lists: dict[str, list[dict[str, Value]]] = field(default_factory=dict)
    titles: dict[str, Value] = field(default_factory=dict)

    def figure(self, name: str, stage: str) -> Number | None:
        return self.figures.get(name, {}).get(stage)

    def rows(self, list_name: str) -> list[dict[str, Value]] | None:
        return self.lists.get(list_name)

    def title_text(self, name: str) -> str | None:
        """A title cell's text: 报告月份 as "2026年11月", 填报日期 as "2026年11月25日"."""
        value = self.titles.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, dt.date):
            if name == "报告月份":
                return f"{value.year}年{value.month}月"
            return f"{value.year}年{value.month}月{value.day}日"
        month = re.fullmatch(r"(\d{4})-(\d{1,2})", str(value).strip())
        if name == "报告月份" and month:  # "2026-11", as the command line takes a month
            return f"{int(month.group(1))}年{int(month.group(2))}月"
        return str(value)

    def unknown_names(self) -> list[str]:
        """Names the data uses that the vocabulary does not know (a typo in the caller)."""
        unknown = [f"数字「{n}」" for n in self.figures if n not in FIGURE_NAMES]
        for name, stages in self.figures.items():
            unknown += [f"学段「{s}」（{name}）" for s in stages if s not in STAGES]
        unknown += [f"名单「{n}」" for n in self.lists if n not in LIST_NAMES]
        for name, rows in self.lists.items():
            seen = {key for row in rows for key in row}
            unknown += [f"字段「{k}」（{name}）" for k in sorted(seen) if k not in FIELD_NAMES]
        unknown += [f"标题「{n}」" for n in self.titles if n not in TITLE_NAMES]
        return unknown
