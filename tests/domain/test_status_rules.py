import datetime as dt

from kongchuo_desktop.domain.status_rules import deferral_refusal, refusal
from kongchuo_desktop.domain.student_status import StudentStatus as S


def test_resuming_a_child_who_is_in_school_is_refused_with_the_reason():
    assert "只有休学的学生才能复学" in refusal(S.IN_SCHOOL, S.RESUMED)
    assert refusal(S.SUSPENDED, S.RESUMED) is None


def test_a_child_already_gone_cannot_be_transferred_out():
    assert "转出" in refusal(S.TRANSFERRED_OUT, S.TRANSFERRED_OUT)
    assert "已“转出”，不能再办理“休学”" in refusal(S.TRANSFERRED_OUT, S.SUSPENDED)
    assert "已“毕业”" in refusal(S.GRADUATED, S.TRANSFERRED_OUT)


def test_the_dropout_ladder_and_the_way_back():
    assert refusal(S.IN_SCHOOL, S.SUSPECTED_DROPOUT) is None
    assert refusal(S.SUSPECTED_DROPOUT, S.DROPOUT) is None
    assert refusal(S.DROPOUT, S.PERSUADED_BACK) is None
    assert refusal(S.IN_SCHOOL, S.PERSUADED_BACK) is not None


def test_deferral_longer_than_a_year_is_refused():
    start = dt.date(2026, 9, 1)
    assert deferral_refusal(start, dt.date(2027, 8, 31)) is None
    assert "最长一年" in deferral_refusal(start, dt.date(2027, 9, 30))
