import datetime as dt

from kongchuo_desktop.domain.status_rules import deferral_refusal, paperwork_refusal, refusal
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
