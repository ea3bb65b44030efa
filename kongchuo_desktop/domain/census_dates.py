"""Month-and-day settings of the census and the start-of-term count: the age cut-off (8月31日)
and each term's deadline for the 未返校 report (3月15日 / 9月15日), written "08-31"."""

from __future__ import annotations

import datetime as dt
import re

# The settings of the census and the 未返校 count (setting_specs builds them, group 人籍比对):
# key, default, label, help, minimum, maximum.
SETTINGS: tuple[tuple[str, object, str, str, int | None, int | None], ...] = (
    ("census.entry_age", 6, "入学年龄（周岁，截至下面的日期）", "未满这个年龄的儿童为“未到龄”", 5, 8),
    ("census.age_cutoff", "08-31", "计算年龄的截止日（月-日）",
     "多数省份：当年8月31日前满6周岁入学", None, None),
    ("census.last_age", 16, "适龄儿童最大年龄（周岁，超过为“超龄”）", "摸底范围一般为6–16周岁", 12, 20),
    ("census.spring_deadline", "03-15", "春季学期未返校上报截止日（月-日）", "方案21：3月15日",
     None, None),
    ("census.autumn_deadline", "09-15", "秋季学期未返校上报截止日（月-日）",
     "方案21、方案22：9月15日", None, None),
)  # fmt: skip

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
