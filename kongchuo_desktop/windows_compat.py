"""Chinese text in date formats (f"{day:%Y年%m月%d日}") on any Windows.

On Windows, CPython hands strftime formats to the C runtime in the ANSI code page: on a
Windows whose code page lacks 月 (an English system; Wine) formatting a date raises
UnicodeEncodeError or ValueError, and the home page would not open. `install()` routes
time.strftime — which datetime's formatting also calls — through `safe_strftime`, which gives the
C runtime only the ASCII runs of the format and keeps the Chinese text itself.
Found by the exe's smoke test under Wine (installer/build_windows.sh).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable

_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")
_original_strftime = time.strftime


def safe_strftime(
    fmt: str, t: time.struct_time | tuple | None = None, *, strftime: Callable = _original_strftime
) -> str:
    if fmt.isascii():
        return strftime(fmt) if t is None else strftime(fmt, t)
    if t is None:
        t = time.localtime()  # one moment for every piece
    return "".join(
        piece if not piece.isascii() else strftime(piece, t)
        for piece in _NON_ASCII.split(fmt)
        if piece
    )


def install() -> None:
    if sys.platform == "win32" and time.strftime is _original_strftime:
        time.strftime = safe_strftime
