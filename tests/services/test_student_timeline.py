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


def test_a_step_done_beside_absences_keeps_the_page_in_date_order(school, actor):
    from kongchuo_desktop.domain.escalation import Step

    child = school["s"]["王五"]
    now = dt.date(2026, 12, 1)
    for day in (dt.date(2026, 11, 19), dt.date(2026, 11, 20)):
        att.save_class(actor, school["c1"].id, day, [att.AbsenceInput(child.id, "旷课")], today=now)
    contact = att.escalation_items(dt.date(2026, 11, 20))[0]
    assert contact.step is Step.CONTACT
    att.mark_done(actor, contact, "电话联系了奶奶", day=dt.date(2026, 11, 20))
    entries = timeline(child)
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    assert all(type(e.date) is dt.date for e in entries)
    kinds = [e.kind for e in entries]
    assert "缺勤" in kinds and "缺勤上报" in kinds
