"""“本学期” is the term today falls in: entering next term's dates early changes nothing today."""

import datetime as dt

from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import calendar_service as cs
from kongchuo_desktop.services.overview import overview

D = dt.date
FRIDAY = D(2026, 11, 27)


def _truant(actor, school, name, days):
    child = school["s"][name]
    for d in days:
        att.save_class(actor, school["c1"].id, d, [att.AbsenceInput(child.id, "旷课")], today=d)


def test_the_dashboards_due_steps_stay_when_next_terms_dates_are_entered_early(school, actor):
    _truant(actor, school, "李四", [D(2026, 11, 26), FRIDAY])
    before = att.dashboard(FRIDAY)
    assert before.actions and before.streaks
    cs.save_term(actor, "2026-2027", 2, D(2027, 2, 22), D(2027, 7, 2))  # entered in November
    after = att.dashboard(FRIDAY)
    assert after.actions == before.actions
    assert after.streaks == before.streaks
    assert [c.name for c in att.current_classes(FRIDAY)] == ["七年级1班", "七年级2班"]


def test_the_home_pages_term_figures_stay_when_next_years_term_is_entered(school, actor):
    before = overview(FRIDAY)
    cs.save_term(actor, "2027-2028", 1, D(2027, 9, 1), D(2028, 1, 21))
    assert overview(FRIDAY) == before
    assert before.classes == 2 and before.term_school_days_done > 0
    assert cs.current_school_year(FRIDAY) == "2026-2027"
    assert att.period_range("学期", FRIDAY) == (D(2026, 9, 1), D(2027, 1, 22))


def test_a_vacation_day_belongs_to_the_term_that_just_ended(school, actor):
    cs.save_term(actor, "2026-2027", 2, D(2027, 2, 22), D(2027, 7, 2))
    assert cs.term_containing(FRIDAY).semester == 1
    assert cs.term_containing(D(2027, 2, 1)).semester == 1  # winter vacation
    assert cs.term_containing(D(2027, 2, 22)).semester == 2
    assert cs.term_containing(D(2027, 8, 20)).semester == 2  # summer vacation
    assert cs.term_containing(D(2026, 8, 20)).semester == 1  # before the first term: that one
