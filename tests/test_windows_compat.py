"""Date formats with Chinese text survive a C runtime that only takes ASCII (Windows, Wine)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from kongchuo_desktop.windows_compat import safe_strftime


def ascii_only_strftime(fmt, t=None):
    if not fmt.isascii():
        raise UnicodeEncodeError("locale", fmt, 0, 1, "encoding error")
    return time.strftime(fmt, t) if t is not None else time.strftime(fmt)


def test_chinese_literals_are_kept_and_directives_formatted():
    t = dt.datetime(2026, 11, 28, 9, 5).timetuple()
    got = safe_strftime("%Y年%m月%d日 %H:%M", t, strftime=ascii_only_strftime)
    assert got == "2026年11月28日 09:05"


def test_plain_formats_go_straight_through():
    t = dt.datetime(2026, 1, 2).timetuple()
    assert safe_strftime("%Y-%m-%d", t, strftime=ascii_only_strftime) == "2026-01-02"


def test_without_a_time_it_uses_now_once():
    got = safe_strftime("%Y年", strftime=ascii_only_strftime)
    assert got == f"{time.localtime().tm_year}年"


def test_the_fake_really_rejects_chinese():
    with pytest.raises(UnicodeEncodeError):
        ascii_only_strftime("%Y年")
