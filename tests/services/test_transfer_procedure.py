"""转出手续 step by step: 办理中 until 分管校长审批, then the status is 转出 through the usual rules;
steps in order, dated, with who; an abandoned procedure is kept with its reason; all readable
through the event record and the audit trail."""

import datetime as dt

import pytest

from kongchuo_desktop.db.models import AuditLog, Student, TransferProcedure
from kongchuo_desktop.services import transfer_procedure as tp
from kongchuo_desktop.services.events import EventKind, events_between
from kongchuo_desktop.services.student_status import history

D = dt.date
TODAY = D(2026, 11, 27)


def test_four_steps_one_after_another_then_the_child_is_transferred_out(school, actor):
    child = school["s"]["张三"]
    p = tp.start(actor, child.id, "随父母到广东就读", D(2026, 11, 16), "父亲张大山", today=TODAY)
    assert p.progress == "转出办理中（已办1/4步，下一步：班主任意见）"
    assert [x.student_name for x in tp.in_progress()] == ["张三"]
    with pytest.raises(tp.TransferError, match="下一步是“班主任意见”"):
        tp.save_step(actor, p.id, "接收学校", D(2026, 11, 17), "x", today=TODAY)
    with pytest.raises(tp.TransferError, match="早于上一步"):
        tp.save_step(actor, p.id, "班主任意见", D(2026, 11, 15), "王老师", today=TODAY)
    tp.save_step(actor, p.id, "班主任意见", D(2026, 11, 18), "王老师", "同意", today=TODAY)
    with pytest.raises(tp.TransferError, match="接收学校的名称"):
        tp.save_step(actor, p.id, "接收学校", D(2026, 11, 20), "刘主任", today=TODAY)
    tp.save_step(
        actor, p.id, "接收学校", D(2026, 11, 20), "刘主任", "同意接收", "东莞市某中学", today=TODAY
    )
    # Still at school until the last step: on the roll, 办理中.
    assert Student.get_by_id(child.id).status == "在校"
    assert "转出" in tp.final_question(p.id) and "七年级1班" in tp.final_question(p.id)
    done = tp.save_step(actor, p.id, "分管校长审批", D(2026, 11, 24), "李副校长", today=TODAY)
    assert done.state == "已转出" and tp.in_progress() == []
    assert Student.get_by_id(child.id).status == "转出"
    change = history(child.id)[-1]
    assert (change.status, change.date, change.approved_by) == ("转出", D(2026, 11, 24), "李副校长")
    assert change.details["接收学校"] == "2026-11-20 刘主任，东莞市某中学，同意接收"
    assert TransferProcedure.get_by_id(p.id).status_change_id == change.id

    events = events_between(None, None, students=[child.id], today=TODAY)
    steps = [(e.date, e.text) for e in events if e.kind is EventKind.TRANSFER_STEP]
    assert steps[0] == (D(2026, 11, 16), "转出手续第1步 书面申请：2026-11-16 父亲张大山")
    assert [d for d, _ in steps] == [
        D(2026, 11, 16),
        D(2026, 11, 18),
        D(2026, 11, 20),
        D(2026, 11, 24),
    ]
    assert any(e.kind is EventKind.STATUS_CHANGE and e.text.startswith("转出") for e in events)
    assert AuditLog.select().where(AuditLog.table == "transfer_procedure").count() == 4


def test_an_abandoned_procedure_is_kept_with_its_reason_and_another_may_start(school, actor):
    child = school["s"]["李四"]
    p = tp.start(actor, child.id, "外出务工随迁", D(2026, 11, 16), "母亲", today=TODAY)
    with pytest.raises(tp.TransferError, match="已有办理中的转出手续"):
        tp.start(actor, child.id, "外出", D(2026, 11, 17), "母亲", today=TODAY)
    with pytest.raises(tp.TransferError, match="撤回的原因"):
        tp.abandon(actor, p.id, " ")
    tp.abandon(actor, p.id, "家长决定留在本校", today=D(2026, 11, 19))
    assert tp.open_procedure(child.id) is None
    assert Student.get_by_id(child.id).status == "在校"
    with pytest.raises(tp.TransferError, match="已撤回"):
        tp.save_step(actor, p.id, "班主任意见", D(2026, 11, 20), "王老师", today=TODAY)
    shown = events_between(None, None, students=[child.id], today=TODAY)
    assert [e.text for e in shown if e.kind is EventKind.TRANSFER_ABANDONED] == [
        "撤回转出手续：家长决定留在本校"
    ]
    assert not any(e.kind is EventKind.TRANSFER_STEP for e in shown)  # the step is withdrawn
    every = events_between(None, None, students=[child.id], include_withdrawn=True, today=TODAY)
    step = next(e for e in every if e.kind is EventKind.TRANSFER_STEP)
    assert step.withdrawn and "手续已撤回" in step.detail
    tp.start(actor, child.id, "外出务工随迁", D(2026, 11, 24), "母亲", today=TODAY)


def test_a_child_already_gone_cannot_start_a_transfer(school, actor):
    from kongchuo_desktop.services.student_status import change_status

    child = school["s"]["王五"]
    out = {"书面申请": "有", "班主任意见": "同意", "接收学校": "某校", "分管校长审批": "李"}
    change_status(actor, child, "转出", D(2026, 11, 20), "外出", details=out, today=TODAY)
    with pytest.raises(tp.TransferError, match="已“转出”"):
        tp.start(actor, child.id, "外出", D(2026, 11, 21), "父亲", today=TODAY)
    with pytest.raises(tp.TransferError, match="晚于今天"):
        tp.start(actor, school["s"]["赵六"].id, "外出", D(2026, 11, 28), "父亲", today=TODAY)


def test_a_child_with_a_transfer_procedure_is_not_deleted_as_a_mistake(school, actor):
    from kongchuo_desktop.services.student_edit import deletion_blockers

    child = school["s"]["赵六"]
    assert deletion_blockers(child.id) == [] or all(
        "转出手续" not in b for b in deletion_blockers(child.id)
    )
    tp.start(actor, child.id, "外出", D(2026, 11, 20), "父亲", today=TODAY)
    assert "已有1份转出手续" in deletion_blockers(child.id)
