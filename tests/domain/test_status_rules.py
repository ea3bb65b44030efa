import datetime as dt

from kongchuo_desktop.domain.status_rules import (
    CONFIRM_BEFORE,
    RecordedChange,
    change_consequence,
    deferral_refusal,
    paperwork_refusal,
    refusal,
    undo_consequence,
    undo_of,
    undo_refusal,
)
from kongchuo_desktop.domain.student_status import StudentStatus as S

D = dt.date(2026, 9, 10)


def test_impossible_changes_are_refused_with_a_reason():
    assert "只有休学的学生才能复学" in refusal(S.IN_SCHOOL, S.RESUMED)
    assert "已“转出”" in refusal(S.TRANSFERRED_OUT, S.TRANSFERRED_OUT)
    assert refusal(S.IN_SCHOOL, S.SUSPENDED) is None


def test_transfer_out_needs_the_whole_approval_chain():
    why = paperwork_refusal(S.TRANSFERRED_OUT, D, {"书面申请": "家长申请"})
    assert "班主任意见" in why and "接收学校" in why and "分管校长审批" in why
    full = {"书面申请": "有", "班主任意见": "同意", "接收学校": "县一中"}
    assert paperwork_refusal(S.TRANSFERRED_OUT, D, full, approved_by="李副校长") is None


def test_suspension_needs_request_and_medical_proof():
    assert "医疗证明" in paperwork_refusal(S.SUSPENDED, D, {"书面申请": "有"})
    assert paperwork_refusal(S.SUSPENDED, D, {"书面申请": "有", "医疗证明": "县医院"}) is None


def test_deferral_is_at_most_one_year():
    assert deferral_refusal(D, D + dt.timedelta(days=365)) is None
    assert "最长一年" in deferral_refusal(D, D + dt.timedelta(days=400))
    assert "截止日期" in paperwork_refusal(S.DEFERRED, D, {"书面申请": "有"}, until=None)


def test_a_child_already_gone_cannot_change_again():
    assert "已“转出”，不能再办理“休学”" in refusal(S.TRANSFERRED_OUT, S.SUSPENDED)
    assert "已“毕业”" in refusal(S.GRADUATED, S.TRANSFERRED_OUT)


def test_a_child_who_transferred_out_can_transfer_back_in():
    assert refusal(S.TRANSFERRED_OUT, S.TRANSFERRED_IN) is None
    assert "已“毕业”，不能再办理“转入”" in refusal(S.GRADUATED, S.TRANSFERRED_IN)
    assert "已“死亡”，不能再办理“转入”" in refusal(S.DECEASED, S.TRANSFERRED_IN)
    assert "已“转出”，不能再办理“在校”" in refusal(S.TRANSFERRED_OUT, S.IN_SCHOOL)


def test_the_dropout_ladder_and_the_way_back():
    assert refusal(S.IN_SCHOOL, S.SUSPECTED_DROPOUT) is None
    assert refusal(S.SUSPECTED_DROPOUT, S.DROPOUT) is None
    assert refusal(S.DROPOUT, S.PERSUADED_BACK) is None
    assert refusal(S.IN_SCHOOL, S.PERSUADED_BACK) is not None


def test_months_after_keeps_the_day_or_takes_the_months_last():
    from kongchuo_desktop.domain.status_rules import months_after

    assert months_after(dt.date(2026, 9, 1), 12) == dt.date(2027, 9, 1)
    assert months_after(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


# --- 撤销 -------------------------------------------------------------------------------------------


def _c(id_, status, day, withdrawn=False):
    return RecordedChange(id_, S(status), dt.date(2026, 11, day), withdrawn)


def test_only_the_latest_change_not_withdrawn_is_undone_back_to_the_one_before():
    changes = [_c(1, "休学", 2), _c(3, "转出", 20), _c(2, "复学", 10)]
    undo = undo_of(changes)
    assert (undo.change.id, undo.undone, undo.restored) == (3, S.TRANSFERRED_OUT, S.RESUMED)
    # With 转出 withdrawn, the next undo is of 复学, back to 休学.
    changes[1] = _c(3, "转出", 20, withdrawn=True)
    undo = undo_of(changes)
    assert (undo.change.id, undo.restored) == (2, S.SUSPENDED)


def test_undoing_the_only_change_returns_the_child_to_in_school():
    undo = undo_of([_c(1, "转出", 20)])
    assert undo.restored is S.IN_SCHOOL
    assert undo_refusal([_c(1, "转出", 20)]) is None


def test_two_changes_of_one_day_are_undone_in_the_order_they_were_recorded():
    undo = undo_of([_c(7, "疑似辍学", 20), _c(8, "劝返复学", 20)])
    assert (undo.change.id, undo.restored) == (8, S.SUSPECTED_DROPOUT)


def test_nothing_to_undo_and_graduation_are_refused_with_a_reason():
    assert undo_of([]) is None
    assert undo_refusal([]) == "没有可以撤销的学籍变动"
    assert undo_refusal([_c(1, "转出", 2, withdrawn=True)]) == "没有可以撤销的学籍变动"
    assert "学年升级" in undo_refusal([_c(1, "毕业", 2)])


def test_the_undo_question_says_the_child_is_back_on_the_class_roll():
    undo = undo_of([_c(1, "转出", 20)])
    text = undo_consequence("张三", undo, "七年级2班")
    assert text.startswith("张三将恢复为“在校”，重新列入七年级2班的点名。")
    assert "已撤销" in text and "缺勤上报" not in text
    # A child whose class is no longer in use (or who has none) is told to be placed first.
    assert "编入班级后" in undo_consequence("张三", undo, "")


def test_undoing_a_change_the_ledger_wrote_says_its_step_reopens():
    undo = undo_of([_c(1, "疑似辍学", 20)])
    text = undo_consequence("张三", undo, "七年级2班")
    assert text.startswith("张三将恢复为“在校”。")  # a suspected dropout stays on the roll
    assert "重新列为待办" in text


def test_transfer_out_death_and_dropout_are_asked_about_with_what_follows():
    assert {S.TRANSFERRED_OUT, S.DECEASED, S.DROPOUT} == CONFIRM_BEFORE
    text = change_consequence("张三", S.IN_SCHOOL, S.TRANSFERRED_OUT, "七年级2班")
    assert "将从七年级2班名单中移除，今后不再点名。" in text
    assert "撤销最近一次学籍变动" in text
    dropout = change_consequence("张三", S.SUSPECTED_DROPOUT, S.DROPOUT, "七年级2班")
    assert "不再点名" in dropout and "劝返" in dropout
    # A child off the roll already (休学) loses no place on it.
    assert "点名" not in change_consequence("李四", S.SUSPENDED, S.TRANSFERRED_OUT, "七年级1班")
