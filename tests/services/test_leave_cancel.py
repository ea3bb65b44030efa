"""撤销请假: an approved leave withdrawn before it starts no longer excuses its days."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import AuditLog, LeaveRequest
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services.calendar_service import load_calendar
from kongchuo_desktop.services.events import EventKind, events_between

D = dt.date
TODAY = D(2026, 12, 1)  # a Tuesday
THURSDAY, FRIDAY = D(2026, 12, 3), D(2026, 12, 4)


@pytest.fixture
def approved(school, actor):
    zhang = school["s"]["张三"]
    leave = att.request_leave(actor, zhang.id, THURSDAY, FRIDAY, "事假", "走亲戚", "父亲")
    att.approve_leave(actor, leave.id, "班主任")
    return leave


def test_a_cancelled_leave_no_longer_fills_the_head_count(school, actor, approved):
    c1 = school["c1"].id
    assert [a.reason for a in att.leave_prefill(c1, THURSDAY)] == ["事假"]
    row = att.cancel_leave(actor, approved.id, "家长改变安排", today=TODAY)
    assert row.state == "已撤销"
    assert att.leave_prefill(c1, THURSDAY) == []
    assert att.leave_periods_by_student(THURSDAY, FRIDAY, load_calendar()) == {}


def test_the_cancellation_is_audited_and_in_the_event_record(school, actor, approved):
    att.cancel_leave(actor, approved.id, "家长改变安排", today=TODAY)
    line = AuditLog.select().where(AuditLog.table == "leave_request").order_by(AuditLog.id.desc())
    assert line.first().after["state"] == "已撤销"
    assert line.first().actor == actor
    zhang = school["s"]["张三"].id
    leave_kinds = [EventKind.LEAVE, EventKind.LEAVE_CANCELLED]
    shown = events_between(D(2026, 11, 1), D(2026, 12, 31), kinds=leave_kinds, students=[zhang])
    assert [(e.kind, e.date, e.text) for e in shown] == [
        (EventKind.LEAVE_CANCELLED, TODAY, "撤销12月03日起的事假：家长改变安排")
    ]
    withdrawn = events_between(
        THURSDAY, THURSDAY, kinds=[EventKind.LEAVE], students=[zhang], include_withdrawn=True
    )
    assert [e.withdrawn for e in withdrawn] == [True]
    # a period holding only the cancellation day still finds it (the leave starts later)
    assert [e.kind for e in events_between(TODAY, TODAY, kinds=leave_kinds, students=[zhang])] == [
        EventKind.LEAVE_CANCELLED
    ]


def test_a_leave_that_has_begun_cannot_be_cancelled(school, actor, approved):
    with pytest.raises(att.AttendanceError, match=r"已经开始.*销假"):
        att.cancel_leave(actor, approved.id, "", today=THURSDAY)
    assert LeaveRequest.get_by_id(approved.id).state == "已批准"


def test_a_cancelled_leave_frees_its_days_for_a_new_one(school, actor, approved):
    att.cancel_leave(actor, approved.id, "重复登记", today=TODAY)
    zhang = school["s"]["张三"].id
    again = att.request_leave(actor, zhang, FRIDAY, FRIDAY, "病假", "发烧", "母亲")
    assert again.state == "待审批"
    with pytest.raises(att.AttendanceError, match="已撤销"):
        att.cancel_leave(actor, approved.id, "", today=TODAY)
