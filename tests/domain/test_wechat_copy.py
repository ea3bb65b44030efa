"""A morning's head-counts copied out of the WeChat group: sender/time lines, pictures, chatter and
the clerk's own reminder are left out and listed, never read as a child."""

import datetime as dt
from pathlib import Path

from kongchuo_desktop.domain.attendance import AbsenceReason as R
from kongchuo_desktop.domain.attendance import Period
from kongchuo_desktop.domain.headcount_message import Roster, RosterClass, parse_message
from kongchuo_desktop.domain.wechat_copy import clean_copy

FRIDAY = dt.date(2026, 11, 27)
FIXTURES = Path(__file__).parent.parent / "fixtures"
TEACHERS = frozenset({"潘艳颖", "钟远阳", "廖欣"})

# The sample's classes: 应到 as the messages say (45 where they do not), the children they name.
SAMPLE = {
    (1, 1): (45, []),
    (1, 2): (45, []),
    (1, 3): (45, ["石勇"]),
    (2, 1): (45, ["徐子泽"]),
    (2, 2): (44, []),
    (2, 3): (44, ["钟紫雨"]),
    (3, 1): (45, ["任华一"]),
    (3, 2): (45, []),
    (3, 3): (45, ["谢思婷"]),
    (4, 1): (45, ["夏宇俊"]),
    (4, 2): (44, ["龚红馨", "邓涵婷"]),
    (4, 3): (42, ["秦娜红"]),
    (5, 1): (42, []),
    (5, 2): (44, ["戴斌俊"]),
    (5, 3): (43, []),
    (6, 1): (44, ["卢华轩"]),
    (6, 2): (42, ["苏航健"]),
    (6, 3): (44, ["潘明"]),
    (7, 1): (43, []),
    (7, 2): (45, ["张三", "李四"]),
    (7, 3): (43, ["黄思梅"]),
    (8, 1): (43, ["王平"]),
    (8, 2): (44, ["沈睿旭"]),
    (8, 3): (43, []),
    (9, 1): (44, []),
    (9, 2): (44, []),
    (9, 3): (44, []),
}
# 请假 without saying which: these four have approved leave that day.
ON_LEAVE = {"夏宇俊": "病假", "龚红馨": "事假", "秦娜红": "病假", "沈睿旭": "事假"}


def sample_roster(drop: str = "") -> Roster:
    classes = {}
    for cid, ((grade, number), (size, named)) in enumerate(SAMPLE.items(), start=1):
        names = [n for n in named if n != drop]
        names += [f"学生{chr(0x4E00 + cid * 50 + i)}" for i in range(size - len(names))]
        students = {n: (cid * 100 + i,) for i, n in enumerate(names)}
        leave = {students[n][0]: k for n, k in ON_LEAVE.items() if n in students}
        classes[(grade, number)] = RosterClass(cid, grade, number, size, students, leave)
    return Roster(classes, TEACHERS)


def sample(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_the_27_class_sample_is_understood_with_and_without_sender_lines():
    for name in ("wechat-morning-27.txt", "wechat-morning-27-with-senders.txt"):
        parsed = parse_message(sample(name), sample_roster(), FRIDAY)
        assert parsed.all_problems() == [], name
        assert len(parsed.reports) == 27 and all(r.ok for r in parsed.reports)
        by_class = {r.class_name: r for r in parsed.reports}
        got = [(a.name, a.reason) for a in by_class["八年级2班"].absentees]
        assert got == [("沈睿旭", R.PERSONAL)]  # "缺：沈睿旭请假": 缺 is not a child
        assert [a.name for a in by_class["一年级3班"].absentees] == ["石勇"]
        assert by_class["二年级2班"].present == 44  # full-width digits
    parsed = parse_message(sample("wechat-morning-27-with-senders.txt"), sample_roster(), FRIDAY)
    assert [(i.text, i.why) for i in parsed.ignored] == [
        ("潘艳颖 07:50", "发消息的人和时间"),
        ("钟远阳 07:51", "发消息的人和时间"),
        ("廖欣 07:53", "发消息的人和时间"),
        ("潘艳颖 07:54", "发消息的人和时间"),
    ]


def test_a_child_not_on_the_roster_flags_exactly_that_class():
    parsed = parse_message(sample("wechat-morning-27-with-senders.txt"), sample_roster("李四"))
    bad = [r.class_name for r in parsed.reports if not r.ok]
    assert bad == ["七年级2班"]
    assert parsed.reports[19].problems == ["“李四”不在七年级2班的名单上"]


def test_chatter_pictures_and_reminders_are_listed_not_read():
    text = (
        "@所有人 请各班主任8点前上报今天的点名情况，七年级2班昨天没报\n"
        "潘艳颖：\n"
        "七年级2班：全到[强]👍\n"
        "[图片]\n"
        "收到\n"
        "好的👌\n"
        "钟远阳 07:51\n"
        "潘艳颖：七年级1班 张三病假\n"
        "[表情]\n"
        "谢谢老师"
    )
    roster = Roster(
        {
            (7, 1): RosterClass(1, 7, 1, 3, {"张三": (1,), "李四": (2,), "王五": (3,)}),
            (7, 2): RosterClass(2, 7, 2, 2, {"赵六": (4,), "孙丽": (5,)}),
        },
        TEACHERS,
    )
    parsed = parse_message(text, roster, FRIDAY)
    assert parsed.all_problems() == []
    assert [(r.class_name, r.present) for r in parsed.reports] == [
        ("七年级2班", 2),
        ("七年级1班", 2),
    ]
    ignored = [(i.text, i.notable) for i in parsed.ignored]
    assert ignored == [
        ("@所有人 请各班主任8点前上报今天的点名情况，七年级2班昨天没报", True),
        ("潘艳颖：", False),
        ("[强]👍", False),
        ("[图片]", False),
        ("收到", False),
        ("👌", False),
        ("好的", False),
        ("钟远阳 07:51", False),
        ("潘艳颖：", False),
        ("[表情]", False),
        ("谢谢老师", False),
    ]
    assert "含班级“七年级2班”" in parsed.ignored[0].why


def test_a_teacher_named_in_a_class_is_not_an_absentee():
    roster = Roster(
        {(7, 1): RosterClass(1, 7, 1, 3, {"张三": (1,), "李四": (2,), "王五": (3,)})},
        TEACHERS,
    )
    parsed = parse_message("七年级1班 潘艳颖 应到3 实到2 张三病假", roster, FRIDAY)
    assert parsed.all_problems() == []
    assert [a.name for a in parsed.reports[0].absentees] == ["张三"]
    assert parsed.ignored[0].text == "潘艳颖"
    # …unless a child of the class has that name
    roster = Roster({(7, 1): RosterClass(1, 7, 1, 2, {"廖欣": (1,), "李四": (2,)})}, TEACHERS)
    r = parse_message("七年级1班 廖欣病假", roster, FRIDAY).reports[0]
    assert [(a.name, a.student_id) for a in r.absentees] == [("廖欣", 1)]


def test_messages_under_another_days_header_are_shown_not_read():
    text = (
        "2026年11月26日 07:52\n七年级1班 张三病假\n"
        "2026年11月27日 07:50\n七年级1班 全到\n"
        "昨天 07:55\n七年级2班 全到"
    )
    roster = Roster(
        {
            (7, 1): RosterClass(1, 7, 1, 1, {"张三": (1,)}),
            (7, 2): RosterClass(2, 7, 2, 1, {"李四": (2,)}),
        }
    )
    parsed = parse_message(text, roster, FRIDAY, today=dt.date(2026, 11, 28))
    # copied on Saturday: 昨天 is Friday, the head-count's day
    assert [(r.class_name, r.present) for r in parsed.reports] == [
        ("七年级1班", 1),
        ("七年级2班", 1),
    ]
    assert [(o.date, o.text) for o in parsed.other_days] == [
        (dt.date(2026, 11, 26), "七年级1班 张三病假"),
    ]
    # copied on the day itself: 昨天 is the day before
    parsed = parse_message("昨天 07:55\n七年级2班 全到", roster, FRIDAY, today=FRIDAY)
    assert parsed.reports == [] and parsed.other_days[0].date == dt.date(2026, 11, 26)


def test_a_line_that_merely_looks_like_a_header_is_still_read():
    copy = clean_copy("七年级2班 全到 7:50", FRIDAY)
    assert copy.text == "七年级2班 全到"
    assert [(i.text, i.why) for i in copy.ignored] == [("7:50", "发送时间")]


def test_a_half_day_from_a_bracket_code_is_kept():
    roster = Roster({(7, 1): RosterClass(1, 7, 1, 2, {"张三": (1,), "李四": (2,)})})
    r = parse_message("七年级1班 张三病假[上午]", roster, FRIDAY).reports[0]
    assert [(a.name, a.reason, a.period) for a in r.absentees] == [("张三", R.SICK, Period.MORNING)]
