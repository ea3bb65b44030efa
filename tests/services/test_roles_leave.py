"""Leave approval by role: the chain's 班主任 / 教务处 / 校长 steps are the 班主任 (own class),
the office (教务员, school-wide) and the 校长 alone beyond the office's limit."""

from __future__ import annotations

import datetime as dt

import pytest

from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access
from kongchuo_desktop.services import attendance as att

D = dt.date
CLERK = access.Actor("李干事", frozenset({"教务员"}))
PRINCIPAL = access.Actor("赵校长", frozenset({"校长"}))


@pytest.fixture
def long_leave(school, actor):
    """孙丽 (七年级1班): a leave long enough to need 班主任, 教务处 and 校长."""
    leave = att.request_leave(
        actor, school["s"]["孙丽"].id, D(2026, 11, 2), D(2026, 11, 27), "病假", "住院", "母亲"
    )
    assert att.leave_row(leave.id).required == ("班主任", "教务处", "校长")
    return leave


def _head(school, class_key="c1"):
    return access.Actor(
        "王老师", frozenset({"班主任"}), class_ids=frozenset({school[class_key].id})
    )


def test_principal_approves_beyond_the_office_limit_and_the_office_cannot(school, long_leave):
    with access.acting_as(_head(school)):
        att.approve_leave("王老师", long_leave.id, "班主任")
    with access.acting_as(CLERK):
        att.approve_leave("李干事", long_leave.id, "教务处")
        with pytest.raises(UserError) as err:
            att.approve_leave("李干事", long_leave.id, "校长")
    text = str(err.value)
    assert "李干事" in text and "超过教务处权限" in text and "校长" in text
    row = att.leave_row(long_leave.id)
    assert row.state == "待审批" and row.next_approver == "校长"  # the refusal changed nothing
    with access.acting_as(PRINCIPAL):
        row = att.approve_leave("赵校长", long_leave.id, "校长")
    assert row.state == "已批准" and row.approved == ("班主任", "教务处", "校长")


def test_class_head_approves_own_class_step_only(school, long_leave, actor):
    other = att.request_leave(
        actor, school["s"]["刘洋"].id, D(2026, 11, 23), D(2026, 11, 23), "事假", "走亲戚", "父亲"
    )
    with access.acting_as(_head(school)):
        with pytest.raises(UserError, match="本人所带班级"):
            att.approve_leave("王老师", other.id, "班主任")
        att.approve_leave("王老师", long_leave.id, "班主任")
        with pytest.raises(UserError, match="教务员或校长"):
            att.approve_leave("王老师", long_leave.id, "教务处")
        with pytest.raises(UserError, match="本人所带班级"):
            att.request_leave(
                "王老师",
                school["s"]["马兰"].id,
                D(2026, 11, 24),
                D(2026, 11, 24),
                "病假",
                "烧",
                "母",
            )
    assert att.leave_row(other.id).approved == ()
    assert att.leave_row(long_leave.id).approved == ("班主任",)
    # The head of 七年级2班 approves his own child's short leave, which then needs nobody else.
    with access.acting_as(_head(school, "c2")):
        assert att.approve_leave("刘老师", other.id, "班主任").state == "已批准"
