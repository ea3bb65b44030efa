"""Citizen ID numbers (公民身份号码, GB 11643-1999): check digit, birth date and sex."""

from __future__ import annotations

import datetime as dt
import random

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def problem(id_number: str) -> str | None:
    """None if the 18-character number is valid, else what is wrong, in Chinese."""
    if len(id_number) != 18:
        return f"身份证号应为18位，实际{len(id_number)}位"
    if not id_number[:17].isdigit() or not (id_number[17].isdigit() or id_number[17] == "X"):
        return "身份证号只能由数字组成，最后一位可以是X"
    if birth_date(id_number) is None:
        return "身份证号中的出生日期不存在"
    expected = check_digit(id_number[:17])
    if id_number[17] != expected:
        return f"身份证号校验位错误（最后一位应为{expected}）"
    return None


def is_valid(id_number: str) -> bool:
    return problem(id_number) is None


def birth_date(id_number: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(id_number[6:14], "%Y%m%d").date()
    except ValueError:
        return None


def sex(id_number: str) -> str:
    """男 or 女 from the 17th digit (odd: male)."""
    return "男" if int(id_number[16]) % 2 == 1 else "女"


def make(area_code: str, born: dt.date, sex_: str, rng: random.Random) -> str:
    """A checksum-valid, fictitious number (for the demo school and tests)."""
    seq = rng.randrange(0, 100)
    last = rng.choice([1, 3, 5, 7, 9] if sex_ == "男" else [0, 2, 4, 6, 8])
    first17 = f"{area_code}{born:%Y%m%d}{seq:02d}{last}"
    return first17 + check_digit(first17)
