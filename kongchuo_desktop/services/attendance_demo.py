"""Demo head-counts for the term so far, so that a newcomer sees the pages alive.

Every class reports every school day before today (and two thirds of the classes today, if today
is a school day): ordinary sick and personal leave, a few late arrivals, rare single days of
truancy; a handful of chronic absentees; one child on the fourth day of unexcused absence (on the
way to 疑似辍学) and one on the second; some leave requests in every state.

The thousands of head-count rows are bulk-inserted with one summarising audit entry per table
(the demo is generated data, not anyone's work); leave requests and escalation steps go through
the ordinary audited services.
"""

from __future__ import annotations

import datetime as dt
import random

from kongchuo_desktop.db.models import (
    Absence,
    AttendanceReport,
    AuditLog,
    LeaveRequest,
    SchoolClass,
    Student,
)
from kongchuo_desktop.domain.escalation import Step
from kongchuo_desktop.services.attendance import escalation_ledger, leave, rosters
from kongchuo_desktop.services.calendar_service import load_calendar, term_containing

REASONS = [("病假", 0.55), ("事假", 0.25), ("迟到", 0.12), ("早退", 0.04), ("旷课", 0.04)]
SICK_NOTES = ("发烧", "感冒", "肚子疼", "咳嗽", "")
PERSONAL_NOTES = ("家里有事", "走亲戚", "回老家", "")


def _reason(rng: random.Random) -> str:
    x = rng.random()
    for reason, p in REASONS:
        if x < p:
            return reason
        x -= p
    return "病假"


def add_demo_headcounts(
    actor: str, rng: random.Random, summary: dict, today: dt.date | None = None
) -> None:
    if today is None:
        today = dt.date.fromisoformat(summary["today"]) if "today" in summary else dt.date.today()
    term = term_containing(today)
    if term is None:
        return
    calendar = load_calendar()
    last = min(today, term.end_date)
    days = calendar.school_days_between(term.start_date, last)
    if not days:
        return
    classes = rosters.current_classes(today)
    roster = {c.id: rosters.class_students(c.id) for c in classes}
    everyone = [s for students in roster.values() for s in students]
    chronic = set(rng.sample(everyone, 6))
    propensity = {
        s.id: (0.22 if s in chronic else rng.choice([0.004, 0.008, 0.012, 0.02])) for s in everyone
    }
    past = [d for d in days if d < today]
    # The child on the way to 疑似辍学: away without a word for the last four school days.
    runaway_class = next(c for c in classes if c.grade == 8 and c.number == 2)
    runaway = rng.choice(roster[runaway_class.id])
    second_class = next(c for c in classes if c.grade == 5 and c.number == 1)
    second = rng.choice(roster[second_class.id])
    scripted = {
        runaway.id: (set(past[-4:]), "旷课", "未请假，电话未接通"),
        second.id: (set(past[-2:]), "旷课", "未请假"),
    }
    others = [s for s in everyone if s not in chronic and s.id not in scripted]
    leave_picks = rng.sample(others, 5)
    # Children on approved leave are absent on those days (the leave is entered below).
    scripted[leave_picks[2].id] = (set(past[-15:-12]), "事假", "随父母回老家")
    scripted[leave_picks[4].id] = (set(past[8:]), "病假", "肺结核治疗")
    quiet = set(past[-6:])  # no random truancy near today: only the scripted chains are open

    reports, absences = [], []
    today_classes = {c.id for c in classes[: len(classes) * 2 // 3]}
    for day in days:
        if day == today and day in calendar.school_days_between(today, today):
            day_classes = [c for c in classes if c.id in today_classes]
        else:
            day_classes = classes
        for cls in day_classes:
            absent = 0
            for s in roster[cls.id]:
                if s.id in scripted and day in scripted[s.id][0]:
                    absences.append(_row(day, s, cls, scripted[s.id][1], "全天", scripted[s.id][2]))
                    absent += 1
                    continue
                if s.id in scripted or rng.random() >= propensity[s.id]:
                    continue
                reason = _reason(rng)
                if reason == "旷课" and day in quiet:
                    reason = "病假"
                period = "全天"
                if reason in ("病假", "事假") and rng.random() < 0.2:
                    period = rng.choice(["上午", "下午"])
                note = ""
                if reason == "病假":
                    note = rng.choice(SICK_NOTES)
                elif reason == "事假":
                    note = rng.choice(PERSONAL_NOTES)
                absences.append(_row(day, s, cls, reason, period, note))
                if reason not in ("迟到", "早退"):
                    absent += 1
            n = len(roster[cls.id])
            reports.append(
                {
                    "date": day,
                    "school_class": cls.id,
                    "expected": n,
                    "present": n - absent,
                    "reported_by": cls.head_teacher.name if cls.head_teacher_id else actor,
                    "source": "manual",
                    "note": "",
                }
            )
    for i in range(0, len(reports), 500):
        AttendanceReport.insert_many(reports[i : i + 500]).execute()
    for i in range(0, len(absences), 500):
        Absence.insert_many(absences[i : i + 500]).execute()
    for table, rows in (("attendance_report", reports), ("absence", absences)):
        AuditLog.create(
            actor=actor,
            table=table,
            action="insert",
            after={"演示数据": f"批量生成{len(rows)}行（{term.start_date}至{last}）"},
        )

    _demo_leave(actor, leave_picks, past, today)
    # The clerk already phoned the runaway's family on the first day.
    for item in escalation_ledger.escalation_items(today, calendar, student_ids=[runaway.id]):
        if item.step is Step.CONTACT:
            escalation_ledger.mark_done(
                actor, item, "班主任电话联系爷爷，称孩子去外地找父母", day=item.due_date
            )
    summary["headcount_days"] = len(days)
    summary["absences"] = len(absences)
    summary["leave_requests"] = LeaveRequest.select().count()


def _row(day, student: Student, cls: SchoolClass, reason: str, period: str, note: str) -> dict:
    return {
        "date": day,
        "student": student.id,
        "school_class": cls.id,
        "reason": reason,
        "period": period,
        "note": note,
    }


def _demo_leave(actor, picks, past, today) -> None:
    """Leave in every state: approved (3 days, two approvers), pending, cancelled, returned,
    rejected, and one long sick leave that goes past the term limit."""
    calendar = load_calendar()
    future = calendar.school_days_between(today, today + dt.timedelta(days=14))
    upcoming = [d for d in future if d >= today]

    if upcoming:
        lr = leave.request_leave(
            actor,
            picks[0].id,
            upcoming[0],
            upcoming[min(2, len(upcoming) - 1)],
            "病假",
            "阑尾炎手术后休养",
            "母亲",
        )
        for role in leave.leave_row(lr.id).required:
            leave.approve_leave(actor, lr.id, role)
        lr = leave.request_leave(
            actor, picks[1].id, upcoming[0], upcoming[0], "事假", "参加亲戚婚礼", "父亲"
        )
    if len(upcoming) > 4:  # approved, then cancelled before it starts (撤销)
        lr = leave.request_leave(
            actor, picks[0].id, upcoming[4], upcoming[4], "事假", "陪奶奶看病", "母亲"
        )
        leave.approve_leave(actor, lr.id, "班主任")
        leave.cancel_leave(actor, lr.id, "奶奶改期看病，孩子照常上学", today=today)
    lr = leave.request_leave(
        actor, picks[2].id, past[-15], past[-13], "事假", "随父母回老家", "父亲"
    )
    for role in leave.leave_row(lr.id).required:
        leave.approve_leave(actor, lr.id, role)
    leave.return_from_leave(actor, lr.id, past[-12])
    lr = leave.request_leave(actor, picks[3].id, past[-3], past[-3], "事假", "去县城玩", "本人")
    leave.reject_leave(actor, lr.id, "班主任", "理由不充分")
    lr = leave.request_leave(actor, picks[4].id, past[8], past[-1], "病假", "肺结核治疗", "父亲")
    for role in leave.leave_row(lr.id).required:
        leave.approve_leave(actor, lr.id, role)
