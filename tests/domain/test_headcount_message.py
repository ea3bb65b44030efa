"""The WeChat head-count parser: realistic messages, and it never guesses silently."""

import datetime as dt

import pytest

from kongchuo_desktop.domain.attendance import AbsenceReason as R
from kongchuo_desktop.domain.attendance import Period
from kongchuo_desktop.domain.headcount_message import Roster, RosterClass, cn_number, parse_message


def _class(cid, grade, number, names, leave=None):
    students = {}
    for i, n in enumerate(names):
        students.setdefault(n, ())
        students[n] = (*students[n], cid * 100 + i)
    return RosterClass(cid, grade, number, len(names), students, leave or {})


FILL = [f"同学{chr(0x4E00 + i)}" for i in range(40)]


def _roster(leave_7_2=None):
    seven2 = ["张三", "李四", "王小明", "欧阳子轩", "赵六", *FILL[:40]]  # 45
    eight1 = ["陈红", "刘洋", *FILL[:38]]  # 40
    three1 = ["王五", "孙丽", *FILL[:36]]  # 38
    nine3 = ["张伟", "张伟", "马兰", *FILL[:30]]  # 33, two 张伟
    seven1 = ["周杰", "吴敏", *FILL[:40]]  # 42
    return Roster(
        {
            (7, 2): _class(1, 7, 2, seven2, leave=leave_7_2),
            (8, 1): _class(2, 8, 1, eight1),
            (3, 1): _class(3, 3, 1, three1),
            (9, 3): _class(4, 9, 3, nine3),
            (7, 1): _class(5, 7, 1, seven1),
        }
    )


@pytest.fixture
def roster():
    return _roster()


@pytest.fixture
def leave_roster():
    """王小明 (七年级2班, id 102) is on approved sick leave that day."""
    return _roster({102: "病假"})


def absentees(report):
    return [(a.name, a.reason, a.period, a.note) for a in report.absentees]


# (message, [(class name, present to save, [(name, reason, period)])]) — all understood, no problems
GOOD = [
    (
        "七年级2班 应到45 实到43 张三病假 李四 事假（家里有事）",
        [("七年级2班", 43, [("张三", R.SICK, Period.FULL), ("李四", R.PERSONAL, Period.FULL)])],
    ),
    ("八(1)班：全到", [("八年级1班", 40, [])]),
    (
        "三年级一班应到38人，实到37人，王五无故未到",
        [("三年级1班", 37, [("王五", R.TRUANT, Period.FULL)])],
    ),
    (
        "七（2）班：应到45名，实到44名，赵六旷课",
        [("七年级2班", 44, [("赵六", R.TRUANT, Period.FULL)])],
    ),
    ("八年级（1）班 全勤", [("八年级1班", 40, [])]),
    ("7年级2班 应到45人 实到45人", [("七年级2班", 45, [])]),
    ("初一2班 张三病假", [("七年级2班", 44, [("张三", R.SICK, Period.FULL)])]),
    ("初二(1)班 无缺勤", [("八年级1班", 40, [])]),
    (
        "七年级二班：病假2人：张三、李四；其余全到",
        [("七年级2班", 43, [("张三", R.SICK, Period.FULL), ("李四", R.SICK, Period.FULL)])],
    ),
    (
        "七年级2班 张三上午病假 李四迟到",
        [("七年级2班", 44, [("张三", R.SICK, Period.MORNING), ("李四", R.LATE, Period.FULL)])],
    ),
    (
        "七年级2班 应到45 实到44 赵六事假(下午)",
        [("七年级2班", 44, [("赵六", R.PERSONAL, Period.AFTERNOON)])],
    ),
    (
        "七年级２班　应到４５　实到４４　张三发烧",
        [("七年级2班", 44, [("张三", R.SICK, Period.FULL)])],
    ),
    # several classes in one paste, one per line, with a greeting and a date
    (
        "11月28日点名情况：\n七年级2班 应到45 实到44 李四事假\n八(1)班：全到\n"
        "三年级一班应到38人，实到37人，王五无故未到",
        [
            ("七年级2班", 44, [("李四", R.PERSONAL, Period.FULL)]),
            ("八年级1班", 40, []),
            ("三年级1班", 37, [("王五", R.TRUANT, Period.FULL)]),
        ],
    ),
    # several classes on one line
    (
        "七(1)班全到，八(1)班全到，三(1)班 孙丽病假",
        [
            ("七年级1班", 42, []),
            ("八年级1班", 40, []),
            ("三年级1班", 37, [("孙丽", R.SICK, Period.FULL)]),
        ],
    ),
    (
        "七年级1班缺勤1人：吴敏事假（奶奶生病）",
        [("七年级1班", 41, [("吴敏", R.PERSONAL, Period.FULL)])],
    ),
    ("七年级2班 欧阳子轩 旷课", [("七年级2班", 44, [("欧阳子轩", R.TRUANT, Period.FULL)])]),
    (
        "七年级2班：事假 张三、赵六",
        [("七年级2班", 43, [("张三", R.PERSONAL, Period.FULL), ("赵六", R.PERSONAL, Period.FULL)])],
    ),
    (
        "七年级2班 张三、李四病假",
        [("七年级2班", 43, [("张三", R.SICK, Period.FULL), ("李四", R.SICK, Period.FULL)])],
    ),
    ("7.2班 全到", [("七年级2班", 45, [])]),
    (
        "七年级2班班主任李老师：今日应到45人，实到45人，赵六早退（看病）",
        [("七年级2班", 45, [("赵六", R.LEFT_EARLY, Period.FULL)])],
    ),
    ("三年级1班 孙丽（病假）", [("三年级1班", 37, [("孙丽", R.SICK, Period.FULL)])]),
]


@pytest.mark.parametrize(("text", "expected"), GOOD, ids=[t[:14] for t, _ in GOOD])
def test_understood_messages(roster, text, expected):
    parsed = parse_message(text, roster)
    assert parsed.all_problems() == []
    assert parsed.ok
    got = [
        (r.class_name, r.present, [(a.name, a.reason, a.period) for a in r.absentees])
        for r in parsed.reports
    ]
    assert got == expected


def test_leave_on_file_resolves_a_bare_qingjia(leave_roster):
    # 请假 without a kind is resolved from the approved leave on file, not guessed
    # (this case was in GOOD while the shared roster had 王小明 on leave).
    parsed = parse_message("七年级2班 应到45 实到44 王小明请假", leave_roster)
    assert parsed.all_problems() == []
    r = parsed.reports[0]
    assert (r.present, absentees(r)) == (44, [("王小明", R.SICK, Period.FULL, "已批准的请假")])
    parsed = parse_message("八(1)班 刘洋请假", leave_roster)  # no leave on file: asked
    assert any("没有说明是病假、事假还是无故缺席" in p for p in parsed.all_problems())


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("七年级2班 全到", 44),
        ("七年级2班 应到45 实到44", 44),
        ("七年级2班 张三病假 其余全到", 43),
        ("七年级2班 应到45 实到43 张三病假", 43),
    ],
)
def test_a_child_on_approved_leave_left_out_is_absent_as_the_leave_says(
    leave_roster, text, present
):
    parsed = parse_message(text, leave_roster)
    assert parsed.all_problems() == []
    r = parsed.reports[0]
    assert r.present == present
    on_leave = [a for a in r.absentees if a.on_leave]
    assert [(a.name, a.reason, a.period, a.note, a.student_id) for a in on_leave] == [
        ("王小明", R.SICK, Period.FULL, "已批准的请假", 102)
    ]


def test_a_count_that_has_the_child_on_leave_present_is_flagged(leave_roster):
    parsed = parse_message("七年级2班 应到45 实到45", leave_roster)
    assert parsed.all_problems() == [
        "七年级2班：王小明有已批准的请假，消息写的实到45人却把这名学生算作到校；"
        "请核对后写明，或在点名页面录入"
    ]


def test_a_half_day_leave_keeps_its_half():
    roster = Roster({(7, 1): _class(1, 7, 1, ["周一鸣", *FILL[:9]], leave={100: "事假"})})
    roster.classes[(7, 1)].leave_periods[100] = Period.MORNING
    r = parse_message("七年级1班 全到", roster).reports[0]
    assert [(a.name, a.reason, a.period) for a in r.absentees] == [
        ("周一鸣", R.PERSONAL, Period.MORNING)
    ]
    r = parse_message("七年级1班 周一鸣请假", roster).reports[0]
    assert (r.ok, r.absentees[0].reason, r.absentees[0].period) == (
        True,
        R.PERSONAL,
        Period.MORNING,
    )


def test_notes_are_kept(roster):
    r = parse_message("七年级2班 李四 事假（家里有事）", roster).reports[0]
    assert absentees(r) == [("李四", R.PERSONAL, Period.FULL, "家里有事")]
    r = parse_message("七年级2班 张三发烧", roster).reports[0]
    assert r.absentees[0].note == "发烧"


# (message, a phrase that must be in one of the problems)
BAD = [
    ("七年级2班 应到45 实到43 张三病假", "实到人数对不上"),  # 45 − 1 ≠ 43
    ("七年级2班 应到46 实到45 张三病假", "应到人数不符"),  # the roster says 45
    ("七年级2班 张三病假 李思事假", "“李思”不在七年级2班的名单上"),  # typo: no near-match guessing
    ("七年级2班 陈红病假", "在八年级1班"),  # right name, wrong class
    ("九年级3班 张伟病假", "同名"),
    ("八(1)班 刘洋请假", "没有说明是病假、事假还是无故缺席"),  # no approved leave on file
    ("八(1)班 刘洋未到", "没有说明"),
    ("八(1)班 应到40", "只写了应到人数"),
    ("八(1)班 全到 刘洋病假", "写了全到"),
    ("八(1)班 缺勤2人 刘洋病假", "写的缺勤2人"),
    ("八(1)班 刘洋病假半天", "半天"),
    ("八(1)班 刘洋病假2天", "没看懂：“2天”"),
    ("五年级3班 全到", "本校本学年没有这个班"),
    ("八(1)班全到 八(1)班全到", "不止一次"),
    ("各位领导好，今天全校正常", "没有找到班级名称"),
    ("麻烦转告一下：八(1)班全到", "没看懂"),
    ("八(1)班 应到40 实到39", "实到人数对不上"),  # one missing, nobody named
    ("八(1)班 ###", "没看懂"),
    ("八(1)班", "没有写这个班的出勤情况"),
    # a reason word given to nobody, or after a name that already has another reason
    ("七年级1班 病假：周杰，吴敏 事假", "“事假”写在吴敏后面，看不出吴敏是病假还是事假"),
    ("七年级1班 病假：周杰，吴敏，事假", "“事假”没有对应的学生姓名"),
    ("七年级1班 全到 病假", "“病假”没有对应的学生姓名"),
    ("七年级1班 周杰病假 事假", "“事假”没有对应的学生姓名"),
    ("七年级1班 病假： 事假：周杰", "“病假”没有对应的学生姓名"),
    ("七年级1班 病假：周杰事假", "“病假”没有对应的学生姓名"),
    ("七年级1班 病假：周杰（事假）", "周杰：记为病假，后面又写了（事假）"),
]


@pytest.mark.parametrize(("text", "phrase"), BAD, ids=[t[:14] for t, _ in BAD])
def test_problems_are_flagged_never_guessed(roster, text, phrase):
    parsed = parse_message(text, roster)
    assert not parsed.ok
    assert any(phrase in p for p in parsed.all_problems()), parsed.all_problems()


def test_a_reason_word_is_never_dropped(roster):
    parsed = parse_message("七年级1班 病假：周杰，吴敏 事假", roster)
    assert parsed.all_problems() == ["七年级1班：“事假”写在吴敏后面，看不出吴敏是病假还是事假"]
    parsed = parse_message("七年级1班 全到 病假", roster)
    assert parsed.all_problems() == ["七年级1班：“病假”没有对应的学生姓名"]
    # A reason word that leads the next names, or repeats the same reason, is understood.
    for text in (
        "七年级1班 病假 周杰 事假 吴敏",
        "七年级1班 病假：周杰，吴敏 病假",
        "七年级1班 病假：周杰发烧",
    ):
        assert parse_message(text, roster).all_problems() == [], text


def test_unknown_names_keep_no_student(roster):
    r = parse_message("七年级2班 张山病假", roster).reports[0]
    assert r.absentees[0].student_id is None  # 张山 is not 张三


def test_without_roster_the_text_is_still_read():
    parsed = parse_message("七年级2班 应到45 实到43 张三病假 李四 事假（家里有事）")
    r = parsed.reports[0]
    assert (r.grade, r.number, r.expected_stated, r.present_stated) == (7, 2, 45, 43)
    assert r.class_id is None and not parsed.ok


def test_chinese_numbers():
    assert [cn_number(t) for t in ("一", "十", "十二", "二十三", "7")] == [1, 10, 12, 23, 7]


FRIDAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("11月27日 七年级1班 全到", "消息日期11月27日与点名日期11月26日不一致"),
        ("2026年11月27日星期五\n七年级1班 全到", "消息日期11月27日与点名日期11月26日不一致"),
        ("11.27 七年级1班 全到", "消息日期11月27日与点名日期11月26日不一致"),
        ("11/27 七年级1班 全到", "消息日期11月27日与点名日期11月26日不一致"),
        ("七年级1班 11月27日 全到", "消息日期11月27日与点名日期11月26日不一致"),
        ("十一月二十七日 七年级1班 全到", "消息日期11月27日与点名日期11月26日不一致"),
        ("2025年11月26日 七年级1班 全到", "消息日期2025年11月26日与点名日期2026年11月26日不一致"),
        ("周五 七年级1班 全到", "消息写的是星期五，点名日期11月26日是星期四"),
        ("2月30日 七年级1班 全到", "“2月30日”不是有效的日期"),
    ],
)
def test_a_date_in_the_message_must_be_the_head_count_date(roster, text, problem):
    parsed = parse_message(text, roster, FRIDAY - dt.timedelta(days=1))
    assert any(problem in p for p in parsed.all_problems()), parsed.all_problems()
    assert not parsed.ok


def test_a_matching_date_is_fine_and_flags_every_class_when_written_first(roster):
    for text in (
        "11月27日 七年级1班 全到",
        "2026年11月27日星期五 七年级1班 全到",
        "11.27 七年级1班 全到",
        "周五：七年级1班 全到",
        "七年级1班（11月27日） 全到",
        "七年级1班 吴敏事假（11月26日至28日）",
        "11月27日周五晨检 七年级1班 全到",
    ):
        parsed = parse_message(text, roster, FRIDAY)
        assert parsed.all_problems() == [], text
    parsed = parse_message("11月26日\n七年级1班 全到\n八(1)班 全到", roster, FRIDAY)
    assert [len(r.problems) for r in parsed.reports] == [1, 1]
    r = parse_message("七年级1班 吴敏事假（11月26日至28日）", roster, FRIDAY).reports[0]
    assert r.absentees[0].note == "11月26日至28日"


def test_names_that_start_like_a_weekday_are_names():
    roster = Roster({(7, 1): _class(1, 7, 1, ["周一鸣", "周日新", *FILL[:8]])})
    parsed = parse_message("七年级1班 应到10 实到8 周一鸣病假，周日新 事假", roster, FRIDAY)
    assert parsed.all_problems() == []
    assert [a.name for a in parsed.reports[0].absentees] == ["周一鸣", "周日新"]
