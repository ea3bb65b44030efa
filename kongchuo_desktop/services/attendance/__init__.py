"""一日一点名 and what follows from it, one module per room (new code imports the module it needs):

    rosters            the classes in use, their students on the roll (应到), and what the modules
                       share: AttendanceError, ON_ROLL_VALUES
    headcount          saving a class's head-count, the day's overview, leave filled in, days reported
    paste              a pasted head-count message: the parser's roster, the parse, saving it
    leave              请假: asking, approving, 销假, the days excused, over the term's limit
    escalation_ledger  the runs of unexcused absence, the steps reached and their state, mark_done
    dashboard          首页: unreported classes, steps to do, streaks, chronic absentees
    statistics         periods, 出勤率 by class and student, a child's month grid
    history            a child's attendance history, read from the event record

Views, commands and tests written before the split call `attendance.save_class(...)` and so on:
the names they use are re-exported here. Every write goes through services.audit with an
explicit actor.
"""

from kongchuo_desktop.services.attendance.dashboard import (
    ChronicRow,
    Dashboard,
    StreakRow,
    chronic_absentees,
    dashboard,
)
from kongchuo_desktop.services.attendance.escalation_ledger import (
    ActionItem,
    StudentChains,
    escalation_items,
    mark_done,
    student_chains,
)
from kongchuo_desktop.services.attendance.headcount import (
    AbsenceInput,
    ClassDayRow,
    class_absences,
    day_overview,
    future_day_problem,
    leave_prefill,
    report_for,
    save_class,
)
from kongchuo_desktop.services.attendance.history import attendance_timeline
from kongchuo_desktop.services.attendance.leave import (
    LeaveLimitRow,
    LeavePreview,
    LeaveRow,
    approve_leave,
    cancel_leave,
    leave_over_limit,
    leave_periods_by_student,
    leave_preview,
    leave_row,
    leaves,
    reject_leave,
    request_leave,
    return_from_leave,
)
from kongchuo_desktop.services.attendance.paste import parse_headcount, parser_roster, save_parsed
from kongchuo_desktop.services.attendance.rosters import (
    ON_ROLL_VALUES,
    AttendanceError,
    RollChild,
    class_choices,
    class_students,
    current_classes,
    roll,
)
from kongchuo_desktop.services.attendance.statistics import (
    PERIOD_KINDS,
    GridDay,
    RateRow,
    class_rates,
    month_grid,
    period_range,
    student_rates,
)
from kongchuo_desktop.services.calendar_service import load_calendar

__all__ = [
    "ON_ROLL_VALUES",
    "PERIOD_KINDS",
    "AbsenceInput",
    "ActionItem",
    "AttendanceError",
    "ChronicRow",
    "ClassDayRow",
    "Dashboard",
    "GridDay",
    "LeaveLimitRow",
    "LeavePreview",
    "LeaveRow",
    "RateRow",
    "RollChild",
    "StreakRow",
    "StudentChains",
    "approve_leave",
    "attendance_timeline",
    "cancel_leave",
    "chronic_absentees",
    "class_absences",
    "class_choices",
    "class_rates",
    "class_students",
    "current_classes",
    "dashboard",
    "day_overview",
    "escalation_items",
    "future_day_problem",
    "leave_over_limit",
    "leave_periods_by_student",
    "leave_prefill",
    "leave_preview",
    "leave_row",
    "leaves",
    "load_calendar",  # the views read the calendar through this package
    "mark_done",
    "month_grid",
    "parse_headcount",
    "parser_roster",
    "period_range",
    "reject_leave",
    "report_for",
    "request_leave",
    "return_from_leave",
    "roll",
    "save_class",
    "save_parsed",
    "student_chains",
    "student_rates",
]
