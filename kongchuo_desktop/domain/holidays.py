"""National holidays entered as data, for the school to check and correct in settings.

Nothing is fetched from the internet: each year the State Council publishes the arrangement
(国务院办公厅关于部分节假日安排的通知) and the school corrects these rows if they differ.
"""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.domain.school_calendar import DayKind, expand_range

# (first, last, kind, name) — 2026 as published (国办发明电〔2025〕7号).
NATIONAL_HOLIDAYS: dict[int, list[tuple[str, str, DayKind, str]]] = {
    2026: [
        ("2026-01-01", "2026-01-03", DayKind.HOLIDAY, "元旦"),
        ("2026-01-04", "2026-01-04", DayKind.MAKEUP_WORKDAY, "元旦调休上班"),
        ("2026-02-14", "2026-02-14", DayKind.MAKEUP_WORKDAY, "春节调休上班"),
        ("2026-02-15", "2026-02-23", DayKind.HOLIDAY, "春节"),
        ("2026-02-28", "2026-02-28", DayKind.MAKEUP_WORKDAY, "春节调休上班"),
        ("2026-04-04", "2026-04-06", DayKind.HOLIDAY, "清明节"),
        ("2026-05-01", "2026-05-05", DayKind.HOLIDAY, "劳动节"),
        ("2026-05-09", "2026-05-09", DayKind.MAKEUP_WORKDAY, "劳动节调休上班"),
        ("2026-06-19", "2026-06-21", DayKind.HOLIDAY, "端午节"),
        ("2026-09-20", "2026-09-20", DayKind.MAKEUP_WORKDAY, "国庆调休上班"),
        ("2026-09-25", "2026-09-27", DayKind.HOLIDAY, "中秋节"),
        ("2026-10-01", "2026-10-07", DayKind.HOLIDAY, "国庆节"),
        ("2026-10-10", "2026-10-10", DayKind.MAKEUP_WORKDAY, "国庆调休上班"),
    ],
    # Not yet published when this list was written: 元旦 only, to be checked.
    2027: [
        ("2027-01-01", "2027-01-03", DayKind.HOLIDAY, "元旦（待核对）"),
    ],
}


def holiday_days(year: int) -> list[tuple[dt.date, DayKind, str]]:
    rows = []
    for first, last, kind, name in NATIONAL_HOLIDAYS.get(year, []):
        for day in expand_range(dt.date.fromisoformat(first), dt.date.fromisoformat(last)):
            rows.append((day, kind, name))
    return rows
