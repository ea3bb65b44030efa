"""The month report, built from the records: the period, the figures by 学段 and class, the lists,
the notes — and written into the bureau's template with a notes sheet (说明) and, in a month with
no new dropout, its 零报告 form.

    report = build(2026, 11)                  # MonthReport: .data (ReportData), .by_class, .notes
    plan = write(template, report, out)       # the filled workbook (report_fill does the filling)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop import output_files, settings
from kongchuo_desktop.db.models import School
from kongchuo_desktop.domain.month_figures import (
    COHORT,
    MonthFigures,
    Options,
    formula_lines,
    is_zero_report,
    month_figures,
)
from kongchuo_desktop.domain.month_period import ReportPeriod, period_for
from kongchuo_desktop.domain.month_report_data import MonthReport
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.report_data import ReportData
from kongchuo_desktop.domain.report_plan import Corrections, FillPlan
from kongchuo_desktop.domain.student_status import StudentStatus as S
from kongchuo_desktop.services import guards, membership, month_sources


def period(year: int, month: int) -> ReportPeriod:
    return period_for(
        year, month, settings.get("report.cutoff_day"), settings.get("report.due_day")
    )


def options() -> Options:
    return Options(
        leave_as_present=settings.get("report.leave_as_present") == "是",
        consolidation=settings.get("report.consolidation"),
    )


@dataclass
class Counted:
    """The month's figures with what they were counted from (the lists use it too)."""

    period: ReportPeriod
    school_year: str
    year_start: dt.date
    options: Options
    figures: MonthFigures
    children: list
    history: dict
    placements: month_sources.Placements


def count(year: int, month: int) -> Counted:
    """The month's figures by 学段 and class, from the event record and the head-counts."""
    p = period(year, month)
    year_name = month_sources.school_year_for(p.last)
    year_start = membership.year_start(year_name)
    grades = month_sources.class_grades()
    rows = month_sources.with_history_statuses(year_start)
    special = [sid for sid, _status in rows]
    resolver = month_sources.Placements(special)
    # Every child with a 学籍变动 is in `special` (and `resolver`): all of them, unfiltered.
    history = month_sources.status_history(p.last, grades, None, resolver)
    kids = month_sources.children(history, grades, resolver, special, rows)
    names = {cid: resolver.class_name(cid) for cid in grades}
    kids += month_sources.unchanged_groups(special, grades, names)
    opts = options()
    cohort = None
    if opts.consolidation == COHORT:
        cohort = month_sources.cohorts(year_name, p.last, kids, history)
    attendance = month_sources.attendance(p.first, p.last)
    figures = month_figures(kids, year_start, p.first, p.last, attendance, opts, cohort)
    return Counted(p, year_name, year_start, opts, figures, kids, history, resolver)


def build(year: int, month: int, today: dt.date | None = None) -> MonthReport:
    # The school's report: its lists come from services that narrow to what the account may
    # read, so an account that reads only some classes would get a report that is not the
    # school's.
    guards.school(Action.READ, "月报按全校统计")
    c = count(year, month)
    p, year_name, year_start, opts = c.period, c.school_year, c.year_start, c.options
    figures, kids, history = c.figures, c.children, c.history
    missing = month_sources.Missing([])
    lists = _lists(p, year_name, year_start, kids, history, missing)
    school = School.select().first()
    data = ReportData(
        figures=figures.by_stage,
        lists=lists,
        titles={
            "报告月份": dt.date(year, month, 1),
            "填报单位": school.name if school else None,
            "填报日期": today or dt.date.today(),
        },
    )
    definitions = [
        f"学年：{year_name}学年，学年第一天为{year_start.month}月{year_start.day}日。",
        f"巩固率口径：{opts.consolidation}。",
        "出勤率：请假" + ("计为出勤。" if opts.leave_as_present else "计为缺勤。"),
    ]
    zero = is_zero_report(figures)
    return MonthReport(
        p,
        data,
        figures.by_class,
        figures.notes + missing.notes,
        formula_lines(opts),
        zero,
        year_name,
        definitions,
    )


# The statuses a list names (the ledger, 送教上门, 休学, 延缓入学, 随班就读).
LISTED = (
    S.SUSPECTED_DROPOUT.value,
    S.DROPOUT.value,
    S.HOME_TEACHING.value,
    S.SUSPENDED.value,
    S.DEFERRED.value,
    S.INCLUSIVE.value,
)


def _lists(p, school_year, year_start, kids, history, missing) -> dict[str, list[dict]]:
    status_on = {k.student_id: k.status_on(p.last) for k in kids if k.weight == 1}
    status_on.update(month_sources.roster_statuses(LISTED, exclude=set(status_on)))
    by_status: dict[str, list[int]] = {}
    for sid, status in status_on.items():
        by_status.setdefault(status, []).append(sid)
    ledger_ids = sorted(
        by_status.get(S.SUSPECTED_DROPOUT.value, []) + by_status.get(S.DROPOUT.value, [])
    )
    back_ids = sorted(
        sid
        for sid, events in history.items()
        if any(
            e.change.status == S.PERSUADED_BACK.value and year_start <= e.change.date <= p.last
            for e in events
        )
    )
    lists_ids = {
        "辍学学生台账": ledger_ids,
        "已劝返学生花名册": back_ids,
        "送教上门学生": sorted(by_status.get(S.HOME_TEACHING.value, [])),
        "休学学生": sorted(by_status.get(S.SUSPENDED.value, [])),
        "延缓入学学生": sorted(by_status.get(S.DEFERRED.value, [])),
        "随班就读学生": sorted(by_status.get(S.INCLUSIVE.value, [])),
    }
    everyone = sorted({sid for ids in lists_ids.values() for sid in ids})
    resolver = month_sources.Placements(everyone)
    people = month_sources.people(everyone)
    helpers = month_sources.helpers(ledger_ids + back_ids, p.last, missing)
    cases = month_sources.cases(ledger_ids + back_ids, school_year, p.last)
    visits = month_sources.home_teaching(lists_ids["送教上门学生"], p.first, p.last)
    grades = month_sources.class_grades()

    def base(sid: int) -> dict:
        cid = resolver.class_on(sid, p.last)
        grade = grades.get(cid)
        row = dict(people.get(sid, {}))
        row["班级"] = resolver.class_name(cid) or None
        row["年级"] = resolver.class_name(cid)[:3] if cid is not None else None
        row["学段"] = ("小学" if grade <= 6 else "初中") if grade else None
        row["学籍状态"] = status_on.get(sid)
        if sid in helpers:
            row["包保责任人"] = helpers[sid]
        row.update(cases.get(sid, {}))
        return row

    def last_change(sid: int, statuses: tuple[str, ...], until: dt.date = p.last):
        found = None
        for e in history.get(sid, []):
            if e.change.status in statuses and e.change.date <= until:
                found = e
        return found

    out: dict[str, list[dict]] = {name: [] for name in lists_ids}
    for sid in ledger_ids:
        row = base(sid)
        e = last_change(sid, (status_on[sid],))
        if e is not None:
            row["辍学时间"] = e.change.date
            row.setdefault("辍学原因", e.reason)  # the case's reasons when there is a case
        out["辍学学生台账"].append(row)
    for sid in back_ids:
        row = base(sid)
        back = last_change(sid, (S.PERSUADED_BACK.value,))
        left = last_change(sid, (S.SUSPECTED_DROPOUT.value, S.DROPOUT.value), back.change.date)
        row["劝返时间"] = row["复学时间"] = back.change.date
        row["是否已复学"] = "是" if status_on[sid] in month_sources.ENROLLED else "否"
        if left is not None:
            row["辍学时间"] = left.change.date
            row.setdefault("辍学原因", left.reason)
        out["已劝返学生花名册"].append(row)
    for sid in lists_ids["送教上门学生"]:
        row = base(sid)
        row.update(visits.get(sid, {}))
        out["送教上门学生"].append(row)
    for sid in lists_ids["休学学生"]:
        row = base(sid)
        e = last_change(sid, (S.SUSPENDED.value,))
        if e is not None:
            row["休学原因"], row["休学起始时间"] = e.reason, e.change.date
            row["预计复学时间"] = e.until or None
            row["审批情况"] = f"已批准（{e.approved_by}）" if e.approved_by else None
        out["休学学生"].append(row)
    for sid in lists_ids["延缓入学学生"]:
        row = base(sid)
        e = last_change(sid, (S.DEFERRED.value,))
        if e is not None:
            row["延缓入学原因"], row["延缓期限"] = e.reason, e.until or None
        out["延缓入学学生"].append(row)
    for sid in lists_ids["随班就读学生"]:
        out["随班就读学生"].append(base(sid))
    for rows in out.values():  # an empty value is left out: the filler leaves its cell empty
        for row in rows:
            for key in [k for k, v in row.items() if v is None or v == ""]:
                del row[key]
    return out


def write(
    template: Path | str,
    report: MonthReport,
    out: Path | str,
    corrections: Corrections | None = None,
    *,
    overwrite: bool = False,
    data_dir: Path | str | None = None,
) -> FillPlan:
    """The filled template with its notes sheet, written atomically to `out`."""
    from kongchuo_desktop.services.month_workbook import fill_month_workbook
    from kongchuo_desktop.services.report_fill import checked_target

    out = checked_target(template, out, data_dir, overwrite)
    book, plan = fill_month_workbook(template, report, corrections)
    with output_files.atomic_write(out) as tmp:
        book.workbook.save(tmp)
    return plan
