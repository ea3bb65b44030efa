"""The student model passes Qt's model checks; the proxy filters by every criterion at once."""

import datetime as dt

import pytest

from kongchuo_desktop.domain.pinyin_keys import pinyin_keys
from kongchuo_desktop.services.roster_queries import StudentRow
from kongchuo_desktop.views import student_table_model as stm


def _row(i, name, py, ini, grade=7, number=1, status="在校", flags=(), idn="", sn=""):
    return StudentRow(
        id=i,
        name=name,
        sex="男",
        birth_date=dt.date(2013, 1, 1),
        id_number=idn,
        student_number=sn,
        grade=grade,
        class_number=number,
        class_id=grade * 10 + number,
        class_name=f"{grade}-{number}",
        status=status,
        flags=tuple(flags),
        phone="",
        name_pinyin=py,
        name_initials=ini,
    )


ROWS = [
    _row(1, "张三", "zhangsan", "zs", idn="520102201301011234", sn="G520102201301011234"),
    _row(2, "李四", "lisi", "ls", grade=8, flags=("留守儿童",), sn="L52010220130101999"),
    _row(3, "张思", "zhangsi", "zs", status="休学"),
    _row(4, "王五", "wangwu", "ww", number=2, status="疑似辍学", flags=("学困生", "留守儿童")),
]


@pytest.fixture
def proxy():
    model = stm.StudentTableModel(ROWS)
    p = stm.StudentFilterProxy()
    p.setSourceModel(model)
    return p


def names(p):
    return sorted(r.name for r in p.accepted_rows())


def test_model_passes_qtmodeltester(qtmodeltester):
    model = stm.StudentTableModel(ROWS)
    qtmodeltester.check(model, force_py=True)
    p = stm.StudentFilterProxy()
    p.setSourceModel(model)
    p.set_filters(search="zs")
    qtmodeltester.check(p, force_py=True)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("zs", ["张三", "张思"]),
        ("ZhangSan", ["张三"]),
        ("张", ["张三", "张思"]),
        ("1234", ["张三"]),
        ("l5201", ["李四"]),
        ("g520102", ["张三"]),
        ("", ["张三", "李四", "张思", "王五"]),
        ("ＺＳ", ["张三", "张思"]),  # typed with a full-width input method
        ("１２３４", ["张三"]),
        ("Ｌ５２０１", ["李四"]),
        ("zhang　san", ["张三"]),  # a full-width space
    ],
)
def test_one_search_box_matches_name_pinyin_numbers(proxy, search, expected):
    proxy.set_filters(search=search)
    assert names(proxy) == sorted(expected)


def test_filters_combine(proxy):
    proxy.set_filters(flag="留守儿童")
    assert names(proxy) == ["李四", "王五"]
    proxy.set_filters(grade=7)
    assert names(proxy) == ["王五"]
    proxy.set_filters(flag=None, class_id=71)
    assert names(proxy) == ["张三", "张思"]
    proxy.set_filters(status="休学")
    assert names(proxy) == ["张思"]
    proxy.set_filters(status=stm.ON_ROLL_FILTER, class_id=None, grade=None)
    assert names(proxy) == ["张三", "李四", "王五"]  # 疑似辍学 is still expected at school


def test_reset_keeps_filters(proxy):
    proxy.set_filters(search="ww")
    proxy.sourceModel().set_rows(ROWS[:3])
    assert names(proxy) == []


def _named(*names):
    return [_row(i, n, *pinyin_keys(n)) for i, n in enumerate(names, start=1)]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("zeng", ["曾晓", "曾志强"]),
        ("zengxiao", ["曾晓"]),
        ("ＺＥＮＧ", ["曾晓", "曾志强"]),
        ("qin", ["覃小红"]),
        ("abdrhm", ["阿卜杜·热合曼"]),
        ("lc", ["李曾"]),
        ("ceng", ["李曾"]),  # 曾 in a given name keeps its everyday reading
    ],
)
def test_search_by_surname_reading(search, expected):
    model = stm.StudentTableModel(_named("曾晓", "曾志强", "覃小红", "李曾", "阿卜杜·热合曼"))
    p = stm.StudentFilterProxy()
    p.setSourceModel(model)
    p.set_filters(search=search)
    assert names(p) == sorted(expected)


def test_sorting_by_name_puts_zeng_among_the_z(qtmodeltester):
    model = stm.StudentTableModel(_named("曾晓", "曹丽", "崔明", "张伟", "赵云", "周平"))
    p = stm.StudentFilterProxy()
    p.setSourceModel(model)
    p.sort(stm.COL_NAME)
    assert [p.index(i, stm.COL_NAME).data() for i in range(p.rowCount())] == [
        "曹丽",
        "崔明",
        "曾晓",
        "张伟",
        "赵云",
        "周平",
    ]
