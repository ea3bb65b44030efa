"""A child's attendance history — absences, leave, escalation steps done — read from the event
record (services.events), oldest first.
"""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.db.models import Student


def attendance_timeline(student: Student | int) -> list[tuple[dt.date, str, str]]:
    """The student's attendance history (absences, leave, steps done) as (date, 类别, text),
    oldest first: one view of the event record."""
    # Import here: start-up time (the home page loads this package, not the event record). At the
    # top it would also loop at run time: services.events imports attendance.escalation_ledger,
    # and importing that runs this package's __init__, which imports this module.
    from kongchuo_desktop.services.events import EventKind, events_between

    sid = student if isinstance(student, int) else student.id
    kinds = (EventKind.ABSENCE, EventKind.LEAVE, EventKind.LEAVE_CANCELLED, EventKind.STEP_DONE)
    return [
        (e.date, e.kind.category, e.text)
        for e in events_between(None, None, kinds=kinds, students=[sid])
    ]
