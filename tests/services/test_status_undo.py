"""撤销: the latest 学籍变动 of a child withdrawn with a reason — the child returns to the status
before, the change stays in the record (marked), counts and the escalation ledger follow."""

import datetime as dt
import json

import pytest

from kongchuo_desktop import cli
from kongchuo_desktop.db.models import AuditLog, StatusChange, Student
from kongchuo_desktop.db.store import open_data_folder
from kongchuo_desktop.domain.escalation import ActionState, Step
from kongchuo_desktop.services import attendance as att
from kongchuo_desktop.services import audit
from kongchuo_desktop.services.events import EventKind, events_between
from kongchuo_desktop.services.student_status import (
    StatusChangeError,
    change_question,
    change_status,
    current_status,
    history,
    undo_preview,
    undo_status_change,
)
from kongchuo_desktop.services.timeline import timeline
from tests.services.roster_helpers import small_school

D = dt.date
NOW = D(2026, 11, 30)
OUT = {"书面申请": "有", "班主任意见": "同意", "接收学校": "广东某中学", "分管校长审批": "李"}


OUT_DAY = D(2026, 11, 20)


def _transfer_out(actor, child):
    return change_status(actor, child, "转出", OUT_DAY, "随父母外出", details=OUT, today=NOW)


def test_transfer_out_then_undo_puts_the_child_back_in_the_next_head_count(school, actor):
    c1, child = school["c1"], school["s"]["张三"]
    _transfer_out(actor, child)
    assert child.id not in [s.id for s in att.class_students(c1.id)]
    assert next(r for r in att.day_overview(NOW) if r.class_id == c1.id).expected == 9

    undo_status_change(actor, child.id, "录入错误", today=NOW)

    assert Student.get_by_id(child.id).status == "在校"
    assert current_status(child) == "在校"
    assert child.id in [s.id for s in att.class_students(c1.id)]
    assert next(r for r in att.day_overview(NOW) if r.class_id == c1.id).expected == 10
    assert att.save_class(actor, c1.id, NOW, [], today=NOW).expected == 10
    # Both steps are in the child's history: the 转出 marked, and its withdrawal.
    changes = [e for e in timeline(child.id) if e.kind == "学籍变动"]
    assert [(e.date, e.text, e.withdrawn) for e in changes] == [
        (D(2026, 11, 20), "【已撤销】转出：随父母外出", True),
        (NOW, "撤销11月20日的“转出”：录入错误", False),
    ]
    assert f"已撤销（{NOW}，{actor}）：录入错误" in changes[0].detail


def test_the_withdrawn_change_stays_recorded_and_audited(school, actor):
    child = school["s"]["张三"]
    change = _transfer_out(actor, child)
    undone = undo_status_change(actor, child.id, "  录入错误 ", today=NOW)
    assert undone.id == change.id
    row = StatusChange.get_by_id(change.id)
    assert (row.status, row.withdrawn_by, row.withdrawn_reason) == ("转出", actor, "录入错误")
    assert row.withdrawn_at.date() == NOW
    assert history(child) == []
    assert [c.id for c in history(child, include_withdrawn=True)] == [change.id]
    line = (
        AuditLog.select()
        .where((AuditLog.table == "status_change") & (AuditLog.row_id == change.id))
        .order_by(AuditLog.id.desc())
        .first()
    )
    assert line.action == "update" and line.actor == actor
    assert line.after["withdrawn_reason"] == "录入错误"
    student_line = (
        AuditLog.select()
        .where((AuditLog.table == "student") & (AuditLog.row_id == child.id))
        .order_by(AuditLog.id.desc())
        .first()
    )
    assert (student_line.before["status"], student_line.after["status"]) == ("转出", "在校")


def test_events_leave_out_the_withdrawn_change_unless_asked(school, actor):
    child = school["s"]["张三"]
    _transfer_out(actor, child)
    undo_status_change(actor, child.id, "录入错误", today=NOW)
    kinds = [EventKind.STATUS_CHANGE, EventKind.STATUS_WITHDRAWN]
    shown = events_between(None, None, kinds=kinds, students=[child.id], today=NOW)
    assert [(e.kind, e.withdrawn) for e in shown] == [(EventKind.STATUS_WITHDRAWN, False)]
    everything = events_between(
        None, None, kinds=kinds, students=[child.id], include_withdrawn=True, today=NOW
    )
    assert [(e.kind, e.withdrawn) for e in everything] == [
        (EventKind.STATUS_CHANGE, True),
        (EventKind.STATUS_WITHDRAWN, False),
    ]
    november = events_between(D(2026, 11, 1), D(2026, 11, 29), kinds=kinds, today=NOW)
    assert november == []  # the withdrawal is a fact of the day it was made


def test_only_the_latest_change_is_undone_each_time(school, actor):
    child = school["s"]["张三"]
    sick = {"书面申请": "家长", "医疗证明": "县医院"}
    change_status(actor, child, "休学", D(2026, 10, 8), "住院", details=sick, today=NOW)
    change_status(actor, child, "复学", D(2026, 11, 2), "康复", today=NOW)
    undo_status_change(actor, child.id, "复学日期记错", today=NOW)
    assert Student.get_by_id(child.id).status == "休学"
    # The 复学 can now be recorded again, on the right day (before the withdrawn one's).
    change_status(actor, child, "复学", D(2026, 10, 30), "康复", today=NOW)
    assert [c.status for c in history(child)] == ["休学", "复学"]
    undo_status_change(actor, child.id, "录入错误", today=NOW)
    undo_status_change(actor, child.id, "录入错误", today=NOW)
    assert Student.get_by_id(child.id).status == "在校"
    with pytest.raises(StatusChangeError, match="张三：没有可以撤销的学籍变动"):
        undo_status_change(actor, child.id, "录入错误", today=NOW)
    with pytest.raises(StatusChangeError, match="撤销原因"):
        undo_status_change(actor, child.id, " ", today=NOW)


def test_the_preview_says_what_will_follow(school, actor):
    child, other = school["s"]["张三"], school["s"]["李四"]
    _transfer_out(actor, child)
    preview = undo_preview(child.id)
    assert preview.refusal is None and preview.undo.restored == "在校"
    assert preview.question.startswith("张三将恢复为“在校”，重新列入七年级1班的点名。")
    assert undo_preview(other.id).refusal == "没有可以撤销的学籍变动"
    question = change_question(other.id, "转出")
    assert "将从七年级1班名单中移除，今后不再点名" in question
    assert change_question(other.id, "休学") is None


def _suspected(actor, school, name="王五"):
    """王五 away five school days from Thursday 19 November: marked 疑似辍学 from the ledger."""
    c1, child = school["c1"], school["s"][name]
    days = [D(2026, 11, 19), D(2026, 11, 20), D(2026, 11, 23), D(2026, 11, 24), D(2026, 11, 25)]
    for d in days:
        att.save_class(actor, c1.id, d, [att.AbsenceInput(child.id, "旷课")], today=d)
    step = next(
        i for i in att.escalation_items(D(2026, 11, 25)) if i.step is Step.SUSPECTED_DROPOUT
    )
    att.mark_done(actor, step, day=D(2026, 11, 25))
    assert Student.get_by_id(child.id).status == "疑似辍学"
    return child


def test_undoing_a_suspected_dropout_marked_from_the_ledger_reopens_the_step(school, actor):
    child = _suspected(actor, school)
    day = D(2026, 11, 25)
    assert Step.SUSPECTED_DROPOUT not in [i.step for i in att.escalation_items(day)]
    undo_status_change(actor, child.id, "录入错误", today=day)
    assert Student.get_by_id(child.id).status == "在校"
    again = next(i for i in att.escalation_items(day) if i.step is Step.SUSPECTED_DROPOUT)
    assert again.state is ActionState.DUE and again.done_by == ""
    later = next(
        i for i in att.escalation_items(D(2026, 11, 26)) if i.step is Step.SUSPECTED_DROPOUT
    )
    assert later.state is ActionState.OVERDUE
    # The step done shows in the record only as withdrawn, with its change.
    steps = events_between(None, None, kinds=[EventKind.STEP_DONE], students=[child.id])
    assert Step.SUSPECTED_DROPOUT.value not in [e.source for e in steps]
    assert not any("疑似辍学" in e.text for e in steps)
    marked = [
        e
        for e in events_between(
            None, None, kinds=[EventKind.STEP_DONE], students=[child.id], include_withdrawn=True
        )
        if e.withdrawn
    ]
    assert len(marked) == 1 and "重新待办" in marked[0].detail
    # Marked done again, it writes a new 学籍变动, which the step now names.
    att.mark_done(actor, again, day=day)
    assert Student.get_by_id(child.id).status == "疑似辍学"
    assert Step.SUSPECTED_DROPOUT not in [i.step for i in att.escalation_items(day)]
    assert len(history(child)) == 1 and len(history(child, include_withdrawn=True)) == 2


def test_undoing_a_return_marked_from_the_ledger_reopens_the_return(school, actor):
    child = _suspected(actor, school)
    back = D(2026, 11, 26)
    att.save_class(actor, school["c1"].id, back, [], today=back)
    (closing,) = att.escalation_items(back)
    att.mark_done(actor, closing, day=back)
    assert Student.get_by_id(child.id).status == "劝返复学"
    assert att.escalation_items(back) == []
    undo_status_change(actor, child.id, "录入错误", today=back)
    assert Student.get_by_id(child.id).status == "疑似辍学"
    assert [i.step for i in att.escalation_items(back)] == [Step.RETURN]


def test_cli_undo_withdraws_the_latest_change_or_says_there_is_none(tmp_path, capsys, actor):
    data = tmp_path / "d"
    f = open_data_folder(data, daily_backup=False)
    small_school(actor)
    s = audit.create(Student, actor, name="王五", id_number="110101201301011234")
    change_status(actor, s, "转出", D(2026, 11, 2), "随父母外出", details=OUT)
    f.close()
    base = ["--data-dir", str(data), "student-status", "--id", "110101201301011234"]
    assert cli.main([*base, "--undo", "--reason", "录入错误", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["from"], out["to"], out["withdrawn"]) == ("转出", "在校", "转出")
    assert cli.main([*base, "--undo", "--reason", "录入错误"]) == 1
    assert "没有可以撤销的学籍变动" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        cli.main([*base, "--undo"])  # the reason is required
    assert stop.value.code == 2 and "--reason" in capsys.readouterr().err
    assert cli.main([*base, "--set", "休学", "--reason", "x"]) == 2  # --set needs --date
    assert "--date" in capsys.readouterr().err
