"""Phone numbers as the school keeps them: an 11-digit mobile (13812345678) or a landline with its
area code (0851-86123456, 085186123456). One rule for the student page's editor (refuses), the
import (warns) and the student page (shows the warning until the number is corrected)."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# 区号 010, 02x or 0xxx; a local number of 7–8 digits not starting with 0/1; an extension allowed.
_LANDLINE = re.compile(r"^0(?:10|2\d|[3-9]\d{2})-?[2-9]\d{6,7}(?:-\d{1,6})?$")
_BRACKETED_AREA = re.compile(r"^[(（](0\d{2,3})[)）]-?(.*)$")


def normalise(number: str) -> str:
    """As stored: spaces dropped, （0851）8123456 → 0851-8123456."""
    s = number.replace(" ", "")
    m = _BRACKETED_AREA.match(s)
    return f"{m.group(1)}-{m.group(2)}" if m else s


def is_valid(number: str) -> bool:
    """True for a mobile or a landline with area code; blank counts as valid (not stated)."""
    return not number or bool(_MOBILE.match(number) or _LANDLINE.match(number))


def problem(number: str, what: str = "联系电话") -> str | None:
    """None when `number` (already cleaned by roster_values.phone) is blank or well formed, else
    what is wrong, naming the field (`what`, e.g. “联系电话”, “家庭成员张三的联系电话”)."""
    if is_valid(number):
        return None
    return (
        f"{what}“{number}”不是有效的电话号码：手机号应为11位数字（如13812345678），"
        "固定电话应带区号（如0851-86123456）"
    )
