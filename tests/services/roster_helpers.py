"""A small school for roster tests."""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.services.school_setup import SchoolSetup, set_up_school

YEAR = "2026-2027"


def small_school(actor: str, school_type: str = "九年一贯制", per_grade: int = 2):
    from kongchuo_desktop.domain.grades import SCHOOL_TYPE_GRADES

    return set_up_school(
        SchoolSetup(
            name="青山镇中心学校",
            county="青山县",
            township="青山镇",
            school_type=school_type,
            classes_per_grade={g: per_grade for g in SCHOOL_TYPE_GRADES[school_type]},
            term_start=dt.date(2026, 9, 1),
            term_end=dt.date(2027, 1, 20),
        ),
        actor,
    )
