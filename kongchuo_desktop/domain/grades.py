"""Grades 1–9 of compulsory education and how classes are named (七年级1班)."""

from __future__ import annotations

GRADE_NAMES = {
    1: "一年级",
    2: "二年级",
    3: "三年级",
    4: "四年级",
    5: "五年级",
    6: "六年级",
    7: "七年级",
    8: "八年级",
    9: "九年级",
}

# Grades each school type teaches.
SCHOOL_TYPE_GRADES = {
    "小学": range(1, 7),
    "初中": range(7, 10),
    "九年一贯制": range(1, 10),
}
SCHOOL_TYPES = tuple(SCHOOL_TYPE_GRADES)


def grade_name(grade: int) -> str:
    return GRADE_NAMES[grade]


def class_name(grade: int, number: int) -> str:
    return f"{GRADE_NAMES[grade]}{number}班"
