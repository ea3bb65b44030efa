"""The student page's timeline gathers the head-count's absences next to 学籍变动."""

import datetime as dt

from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services.timeline import timeline


def test_an_absence_shows_in_the_students_timeline(school, actor):
    child = school["s"]["张三"]
    att.save_class(
        actor,
        school["c1"].id,
        dt.date(2026, 11, 26),
        [att.AbsenceInput(child.id, "病假", note="发烧")],
    )
    entries = [(e.date, e.kind, e.text) for e in timeline(child)]
    assert (dt.date(2026, 11, 26), "缺勤", "病假：发烧") in entries
