"""Month-and-day settings of the census and the start-of-term count: the age cut-off (8月31日)
and each term's deadline for the 未返校 report (3月15日 / 9月15日), written "08-31"."""

from __future__ import annotations

import datetime as dt
import re

_MONTH_DAY = re.compile(r"^\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def month_day(text: str) -> tuple[int, int]:
    """ "08-31", "8/31", "8月31日" → (8, 31); ValueError when it is not a day of the year."""
    m = _MONTH_DAY.match(str(text))
    if not m:
        raise ValueError(text)
    month, day = int(m.group(1)), int(m.group(2))
    dt.date(2024, month, day)  # a leap year: 02-29 is allowed
    return month, day


def month_day_problem(label: str):
    def check(text) -> str | None:
        try:
            month_day(text)
        except ValueError:
            return f"“{label}”要写成 08-31 这样的月-日（填的是“{text}”）"
        return None

    return check


def on_year(text: str, year: int) -> dt.date:
    """The day `text` names in `year` (02-29 in a common year: 02-28)."""
    month, day = month_day(text)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, day - 1)
