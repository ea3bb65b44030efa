"""What a 班主任 sees on 首页 and the 审计日志 page: only the own class's children in the lines of
things to follow up, and no audit trail (管理员 and 校长 only) — with the reason on the page."""

from __future__ import annotations

import pytest

from kongchuo_desktop.db.models import SchoolClass
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, audit_trail, demo, followups, transfer_procedure
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.teachers import head_gaps
from kongchuo_desktop.views.audit_page import AuditPage


@pytest.fixture
def school(folder, actor):
    demo.create_demo_school(actor, students=200, seed=3)
    return folder


def _head_of_one_class() -> access.Actor:
    year = current_school_year()
    cls = SchoolClass.select().where(SchoolClass.school_year == year).first()
    return access.Actor("李老师", frozenset({"班主任"}), class_ids=frozenset({cls.id}))


def test_a_class_head_reads_no_other_class_on_the_home_lines(school):
    import datetime as dt

    today = dt.date.today()
    everyone = followups.followups(today)
    all_transfers = transfer_procedure.in_progress()
    head = _head_of_one_class()
    with access.acting_as(head):
        mine = followups.followups(today)
        transfers = transfer_procedure.in_progress()
        gaps = head_gaps()
    own = set(head.class_ids)
    # The demo has follow-ups and a transfer in other classes: the office sees them, he does not.
    assert len(mine) < len(everyone) and len(transfers) < len(all_transfers)
    assert all(g.class_id in own for g in gaps)
    names = {f.student_name for f in mine}
    assert names <= {f.student_name for f in everyone}
    from kongchuo_desktop.services import membership

    for f in mine:
        assert f.student_id is not None and membership.class_on(f.student_id, today) in own
    for t in transfers:
        assert membership.class_on(t.student_id, today) in own


def test_the_audit_trail_is_for_the_administrator_and_the_principal(school, qtbot):
    head = _head_of_one_class()
    with access.acting_as(head), pytest.raises(UserError, match="查看审计日志"):
        audit_trail.lines()
    with access.acting_as(access.Actor("校长", frozenset({"校长"}))):
        assert audit_trail.lines(limit=5)
    page = AuditPage(school)
    qtbot.addWidget(page)
    with access.acting_as(head):
        page.refresh()
    assert page.model.rowCount() == 0
    assert "查看审计日志" in page.chain.text() and "管理员" in page.chain.text()


def test_an_inspector_finds_the_home_step_button_greyed_with_the_reason(school, qtbot):
    from kongchuo_desktop.views import role_marks
    from kongchuo_desktop.views.main_window import MainWindow

    window = MainWindow(school)
    qtbot.addWidget(window)
    with access.acting_as(access.Actor("督学", frozenset({"只读"}))):
        window.show_page("home")
        button = window.page("home").action_done
        role_marks.apply_all(window.page("home"))
        assert not button.isEnabled() and "登记劝返与个案" in button.toolTip()


def test_the_month_report_and_the_review_are_built_only_for_a_whole_school_reader(school):
    from kongchuo_desktop.services import month_report, month_review

    head = _head_of_one_class()
    for build in (month_report.build, month_review.review):
        with access.acting_as(head), pytest.raises(UserError, match="全校统计"):
            build(2026, 11)
    with access.acting_as(access.Actor("校长", frozenset({"校长"}))):
        assert month_report.build(2026, 11).period.title
