"""Normalising what real register files contain: full-width characters, stray spaces, dates as text
or Excel serials, numbers where text belongs, class names written five ways.

Each function takes a raw cell value (str, int, float, date, datetime or None) and returns the clean
value, or raises ValueError with a Chinese message that names what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from kongchuo_desktop.domain import phone_number
from kongchuo_desktop.domain.grades import GRADE_NAMES
from kongchuo_desktop.domain.hidden_text import NAME_MAX_LENGTH, refuse_hidden

EXCEL_EPOCH = dt.date(1899, 12, 30)
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_GRADE_ALIASES = {"初一": 7, "初二": 8, "初三": 9, "七": 7, "八": 8, "九": 9}


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    """Cell → text: full-width → half-width, spaces trimmed, whole numbers without “.0”."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    s = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[ \t\r\n]+", " ", s).strip()


def compact(value: object) -> str:
    """Text without any spaces (names, numbers)."""
    return re.sub(r"\s+", "", text(value))


def name(value: object) -> str:
    """A person's name: no spaces inside (张 三 → 张三); the middle dot of minority names kept.
    Hidden characters (NUL, U+202E, zero-width …) and names over 30 characters are refused."""
    refuse_hidden(value, "姓名")
    s = compact(value).replace(".", "·").replace("•", "·")
    if len(s) > NAME_MAX_LENGTH:
        raise ValueError(
            f"姓名有{len(s)}个字，超过{NAME_MAX_LENGTH}个字，不像是一个人的姓名；"
            "请检查是否把别的内容填进了姓名列"
        )
    return s


def id_number(value: object) -> str:
    """An ID number as text, uppercase X. A number cell has lost its last digits: refuse it, and
    hidden characters too."""
    refuse_hidden(value, "身份证件号")
    if isinstance(value, float | int) and not isinstance(value, bool):
        if abs(value) >= 1e15:
            raise ValueError(
                "身份证件号被Excel存成了数字，后几位已丢失；请把该列设为“文本”后重新填写"
            )
        return str(int(value))
    s = compact(value).upper()
    s = s.lstrip("'")
    return s


def student_number(value: object) -> str:
    """学籍号: G/L + digits, uppercase, no spaces; hidden characters refused."""
    refuse_hidden(value, "学籍号")
    if isinstance(value, float | int) and not isinstance(value, bool):
        if abs(value) >= 1e15:
            raise ValueError("学籍号被Excel存成了数字，后几位已丢失；请把该列设为“文本”后重新填写")
        return str(int(value))
    return compact(value).upper().lstrip("'")


_SCI = re.compile(r"^\d(?:\.\d+)?E\+?\d+$", re.IGNORECASE)


def phone(value: object) -> str:
    """A phone number as digits: 13812345678.0 → 13812345678; 1.38E+10 is refused (digits lost)."""
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"电话号码“{value}”不是整数")
        return str(int(value))
    s = compact(value)
    if _SCI.match(s):
        raise ValueError(f"电话号码“{s}”是科学计数法，号码已丢失；请把该列设为“文本”后重新填写")
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    return s.replace("—", "-").replace("－", "-")


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def checked_phone(value: object) -> str:
    """A phone number that is an 11-digit mobile or a landline with its area code, as stored
    (phone_number.normalise); blank → "". Otherwise ValueError saying what a phone number must
    look like (phone_number.problem)."""
    s = phone_number.normalise(phone(value))
    why = phone_number.problem(s, "电话号码")
    if why:
        raise ValueError(why)
    return s


def phone_problem(value: object) -> str | None:
    """Why a phone number is neither an 11-digit mobile nor a landline with its area code (None:
    it is one, or it is blank)."""
    try:
        checked_phone(value)
    except ValueError as exc:
        return str(exc)
    return None


def date(value: object) -> dt.date | None:
    """A date from an Excel date, a serial number or text (2015-03-05, 2015/3/5, 2015年3月5日,
    20150305, 2015.3.5). Blank → None."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            return date(str(int(value)))
        if 1 <= value < 80000:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"无法识别的日期“{value}”")
    s = compact(value)
    for pattern in _DATE_PATTERNS:
        m = pattern.match(s)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                break
    raise ValueError(f"无法识别的日期“{s}”（可写作2015-03-05、2015/3/5、2015年3月5日或20150305）")


_YEAR_MONTH = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))$")


def birth_date(value: object) -> dt.date | None:
    """A birth date as `date` reads it; a column of 出生年月 with the month only (2013.03,
    2013-04, 201305, 2013年5月) gives None: the ID number holds the full date."""
    if is_blank(value) or isinstance(value, dt.date | bool):
        return date(value)
    if isinstance(value, float | int):  # typed into a number cell: 2013.03, 201305
        whole = int(value)
        if 1900 <= whole <= 2100 and not float(value).is_integer():
            return None
        text_form = str(whole) if float(value).is_integer() else str(value)
    else:
        text_form = compact(value)
    m = _YEAR_MONTH.match(text_form)
    if m and 1 <= int(m.group(2) or m.group(3)) <= 12:
        return None
    return date(value)


def year_month(value: object) -> str:
    """入学年月 as YYYY-MM when it can be read (2020-09, 2020年9月, 202009, an Excel date), else
    the text as written."""
    if is_blank(value):
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return f"{value.year:04d}-{value.month:02d}"
    s = compact(value)
    m = re.match(r"^(\d{4})(?:[-/.年](\d{1,2})月?|(\d{2}))(?:[-/.]\d{1,2}日?|\d{1,2}日)?$", s)
    if m:
        month = int(m.group(2) or m.group(3))
        if 1 <= month <= 12:
            return f"{m.group(1)}-{month:02d}"
    try:
        d = date(value)
    except ValueError:
        return s
    return f"{d.year:04d}-{d.month:02d}" if d else s


def sex(value: object) -> str:
    s = compact(value)
    if s in ("男", "男性", "M", "m", "1"):
        return "男"
    if s in ("女", "女性", "F", "f", "2"):
        return "女"
    if not s:
        return ""
    raise ValueError(f"性别应为“男”或“女”，不是“{s}”")


def yes_no(value: object) -> bool | None:
    """是/否 and their variants; blank → None (not stated)."""
    s = compact(value).upper()
    if not s:
        return None
    if s in ("是", "Y", "YES", "1", "√", "有", "TRUE", "T"):
        return True
    if s in ("否", "N", "NO", "0", "×", "X", "无", "不是", "FALSE", "F"):
        return False
    raise ValueError(f"应填“是”或“否”，不是“{text(value)}”")


def _cn_number(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s in _CN_DIGITS:
        return _CN_DIGITS[s]
    if len(s) == 2 and s[0] == "十" and s[1] in _CN_DIGITS:
        return 10 + _CN_DIGITS[s[1]]
    if len(s) == 2 and s[1] == "十" and s[0] in _CN_DIGITS:
        return _CN_DIGITS[s[0]] * 10
    if len(s) == 3 and s[1] == "十":
        return _CN_DIGITS.get(s[0], 0) * 10 + _CN_DIGITS.get(s[2], 0)
    return None


def grade(value: object) -> int | None:
    """一年级, 七年级, 初一, 7, 小学三年级 → 1..9; blank → None."""
    s = compact(value)
    if not s:
        return None
    s = s.removeprefix("小学").removeprefix("初中")
    if s in _GRADE_ALIASES:
        return _GRADE_ALIASES[s]
    m = re.match(r"^(.+?)年级$", s) or re.match(r"^(\d)$", s)
    if m:
        n = _cn_number(m.group(1))
        if n in GRADE_NAMES:
            return n
    raise ValueError(f"无法识别的年级“{s}”（应为一年级至九年级）")


_CLASS_RE = re.compile(
    r"^(?:(?P<grade>.+?年级|初[一二三]))?\(?(?P<num>[0-9一二三四五六七八九十]+)\)?班?$"
)
# 七(1)班 / 三（2）班: the grade as one Chinese digit, the number in brackets; 701班: grade 7,
# class 01 (three digits only, so 12班 stays class 12).
_SHORT_CLASS_RE = re.compile(r"^(?P<grade>[一二三四五六七八九])\((?P<num>\d{1,2})\)班?$")
_NUMBERED_CLASS_RE = re.compile(r"^(?P<grade>[1-9])(?P<num>\d{2})班?$")


def school_class(value: object) -> tuple[int | None, int] | None:
    """A class as (grade or None, number): 1班, (1)班, （1）班, 01, 一年级1班, 七年级(2)班, 初一3班,
    七(2)班, 702班.
    Blank → None."""
    s = compact(value)
    if not s:
        return None
    if isinstance(value, float | int) and not isinstance(value, bool):
        s = str(int(value))
    for short in (_SHORT_CLASS_RE, _NUMBERED_CLASS_RE):
        m = short.match(s)
        if m and 1 <= int(m.group("num")) <= 99:
            return _cn_number(m.group("grade")), int(m.group("num"))
    m = _CLASS_RE.match(s)
    if m:
        number = _cn_number(m.group("num"))
        if number and 1 <= number <= 99:
            g = grade(m.group("grade")) if m.group("grade") else None
            return g, number
    raise ValueError(f"无法识别的班级“{s}”（可写作1班、(1)班、七年级1班、七(1)班或701班）")
