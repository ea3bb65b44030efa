"""A child's ID number and a family's phone number as a list shows them: enough to tell two rows
apart and to check against a paper, not enough to copy out (issue 17 item 4).

    mask_id("520202201101014345")  → "5202**********4345"
    mask_phone("13912346246")      → "139****6246"
    mask_phone("0851-86123456")    → "0851-****3456"
    mask_ids_in_text("身份证件号520202201101014345重复") → "身份证件号5202**********4345重复"

Pure Python. The lists (views), the exports for roles without Action.EXPORT_FULL_IDS
(services/export_record.py), error messages (errors.user_text) and the log file (logs.py) use
these; the stored value is never changed, so searching by a full ID number still finds the child.
"""

from __future__ import annotations

import re

STAR = "*"

# An 18-character ID (last may be X) or an old 15-digit one, optionally behind a 学籍号 letter
# (G/J/L + ID), not inside a longer run of digits or letters.
_ID_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])([GJLgjl]?)(\d{4})(\d{10}|\d{7})(\d{3}[\dXx]|\d{4})(?![0-9A-Za-z])"
)


def mask_id(value: str) -> str:
    """The first 4 and last 4 characters, the rest as stars (5202**********4345). A value too
    short to hide anything (under 9 characters: a typo, "无") is starred but for its last one."""
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) < 9:
        return STAR * (len(text) - 1) + text[-1]
    return text[:4] + STAR * (len(text) - 8) + text[-4:]


def mask_phone(value: str) -> str:
    """A mobile as 139****6246; a landline keeps its area code and last 4 digits
    (0851-****3456); anything else keeps its last 4 characters."""
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) == 11 and text.isdigit() and text.startswith("1"):
        return text[:3] + STAR * 4 + text[-4:]
    area, dash, local = text.partition("-")
    if dash and area.startswith("0") and len(local) > 4:
        return f"{area}-{STAR * (len(local) - 4)}{local[-4:]}"
    if len(text) <= 4:
        return STAR * len(text)
    return STAR * (len(text) - 4) + text[-4:]


def mask_ids_in_text(text: str) -> str:
    """`text` with every 15- or 18-character ID number in it (a 学籍号 G/J/L + ID too) masked as
    mask_id does: for log lines and error messages, which get sent around in WeChat groups."""
    if not text:
        return text
    return _ID_IN_TEXT.sub(
        lambda m: m.group(1) + m.group(2) + STAR * len(m.group(3)) + m.group(4), text
    )


def shown_id(value: str, full: bool) -> str:
    """The ID number in full when `full` (the student page for roles with
    Action.READ_FULL_IDS; an export for roles with Action.EXPORT_FULL_IDS), else masked."""
    return value if full else mask_id(value)
