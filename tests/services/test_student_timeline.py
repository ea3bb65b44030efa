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


def test_consecutive_school_days_of_the_same_absence_are_one_line(school, actor):
    child = school["s"]["李四"]
    # Thu, Fri, (weekend), Mon: one run of three school days; then 事假 on Tue.
    on = dt.date(2026, 12, 1)  # entered on that day
    for day, reason in [(26, "病假"), (27, "病假"), (30, "病假")]:
        att.save_class(
            actor,
            school["c1"].id,
            dt.date(2026, 11, day),
            [att.AbsenceInput(child.id, reason)],
            today=on,
        )
    att.save_class(actor, school["c1"].id, on, [att.AbsenceInput(child.id, "事假")], today=on)
    lines = [e.text for e in timeline(child) if e.kind == "缺勤"]
    assert lines == ["病假（11月26日至11月30日，共3个上学日）", "事假"]


def test_a_status_change_whose_reason_only_repeats_it_is_one_word(school, actor):
    from kongchuo_desktop.services.student_status import change_status

    child = school["s"]["张三"]
    papers = {"书面申请": "家长", "医疗证明": "县医院"}
    change_status(actor, child, "休学", dt.date(2026, 11, 2), "休学", details=papers)
    change_status(actor, child, "复学", dt.date(2026, 11, 20), "病愈返校")
    lines = [e.text for e in timeline(child) if e.kind == "学籍变动"]
    assert "休学" in lines  # not "休学：休学"
    assert "复学：病愈返校" in lines
