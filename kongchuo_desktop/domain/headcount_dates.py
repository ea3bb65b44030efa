"""Dates and weekdays written in a head-count message, checked against the head-count date
(plain Python; read by domain.headcount_message)."""

from __future__ import annotations

import datetime as dt
import re

from kongchuo_desktop.domain.headcount_words import (
    DATE_RE,
    NOISE_RE,
    NOTE_RE,
    SEP_RE,
    WEEKDAYS,
    cn_number,
)


def leftover(text: str) -> str:
    """What is left of `text` once separators, dates and noise words are gone ("" if nothing)."""
    return SEP_RE.sub("", NOISE_RE.sub("", take_dates(text, in_notes=True)[1]))


def take_dates(text: str, in_notes: bool = False) -> tuple[list[re.Match], str]:
    """The dates and weekdays written in `text`, and `text` with those taken out. Unless
    `in_notes`, a date in brackets is left in its note ("张三病假（11月25日起）")."""
    notes = [] if in_notes else [m.span() for m in NOTE_RE.finditer(text)]
    found = [
        m
        for m in DATE_RE.finditer(text)
        if not any(a <= m.start() < b for a, b in notes) and is_date(m)
    ]
    for m in reversed(found):
        text = text[: m.start()] + " " + text[m.end() :]
    return found, text


def is_date(m: re.Match) -> bool:
    if m.group("nm"):  # 11.27, 11/27: only a possible month and day, else it is not a date
        return 1 <= int(m.group("nm")) <= 12 and 1 <= int(m.group("nd")) <= 31
    return True


def date_problems(found: list[re.Match], day: dt.date) -> list[str]:
    """A date or weekday in the message that is not the head-count date is a problem."""
    out = []
    said = f"点名日期{day.month}月{day.day}日"
    for m in found:
        weekday = m.group("w") or m.group("w2") or m.group("w3")
        if weekday:
            wanted = WEEKDAYS[day.weekday()]
            if weekday.replace("天", "日") != wanted:
                out.append(f"消息写的是星期{weekday}，{said}是星期{wanted}")
            continue
        year = m.group("y") or m.group("ny")
        month = m.group("m") or m.group("nm")
        month_n = int(month) if month else cn_number(m.group("cm"))
        day_n = int(m.group("d") or m.group("nd") or 0) or cn_number(m.group("cd") or "")
        try:
            stated = dt.date(int(year) if year else day.year, month_n or 0, day_n or 0)
        except ValueError:
            out.append(f"消息里的日期“{m.group(0).strip()}”不是有效的日期")
            continue
        if year and stated.year != day.year:
            out.append(
                f"消息日期{stated.year}年{stated.month}月{stated.day}日与点名日期"
                f"{day.year}年{day.month}月{day.day}日不一致"
            )
        elif stated != day:
            out.append(f"消息日期{stated.month}月{stated.day}日与{said}不一致")
    return out
