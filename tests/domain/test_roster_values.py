import datetime as dt

import pytest

from kongchuo_desktop.domain import roster_values as v


@pytest.mark.parametrize(
    "raw",
    [
        "2015-03-05",
        "2015/3/5",
        "2015年3月5日",
        "20150305",
        "2015.3.5",
        " ２０１５-０３-０５ ",
        dt.date(2015, 3, 5),
        dt.datetime(2015, 3, 5),
        42068,
        42068.0,
        20150305,
    ],
)
def test_dates_in_every_form_real_files_use(raw):
    assert v.date(raw) == dt.date(2015, 3, 5)


def test_an_unreadable_date_says_so_in_chinese():
    with pytest.raises(ValueError, match="无法识别的日期"):
        v.date("三月五号")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (13812345678, "13812345678"),
        (13812345678.0, "13812345678"),
        ("13812345678.0", "13812345678"),
        ("１３８ １２３４ ５６７８", "13812345678"),
        ("0851-1234567", "0851-1234567"),
        (None, ""),
    ],
)
def test_phone_numbers_never_become_floats(raw, expected):
    assert v.phone(raw) == expected


def test_a_phone_in_scientific_notation_is_refused():
    with pytest.raises(ValueError, match="科学计数法"):
        v.phone("1.38E+10")


def test_id_numbers_full_width_lowercase_x_and_spaces():
    assert v.id_number(" ５２０１０２２０１７０３０５１２３ｘ ") == "52010220170305123X"
    with pytest.raises(ValueError, match="存成了数字"):
        v.id_number(5.20102201703051e17)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1班", (None, 1)),
        ("(1)班", (None, 1)),
        ("（1）班", (None, 1)),
        ("一年级1班", (1, 1)),
        ("七年级(2)班", (7, 2)),
        ("初一3班", (7, 3)),
        (2, (None, 2)),
        ("02", (None, 2)),
        ("十二班", (None, 12)),
        ("七(1)班", (7, 1)),  # grade as one Chinese digit, number in brackets
        ("三（2）班", (3, 2)),
        ("701班", (7, 1)),  # grade digit + two-digit class
        (803, (8, 3)),
        ("12班", (None, 12)),  # two digits stay a class number
        ("", None),
    ],
)
def test_class_names_written_every_way(raw, expected):
    assert v.school_class(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("一年级", 1), ("七年级", 7), ("初二", 8), ("9", 9), (3, 3), ("小学三年级", 3)],
)
def test_grades(raw, expected):
    assert v.grade(raw) == expected


def test_names_lose_stray_spaces_and_full_width_letters():
    assert v.name(" 张\u3000三 ") == "张三"
    assert v.name("阿依古丽.买买提") == "阿依古丽·买买提"


def test_yes_no_and_enrolment_month():
    assert v.yes_no("是") is True and v.yes_no("否") is False and v.yes_no("") is None
    assert v.year_month("2020年9月") == "2020-09"
    assert v.year_month("202009") == "2020-09"
    assert v.year_month(dt.date(2020, 9, 1)) == "2020-09"


@pytest.mark.parametrize("raw", ["2013.03", "2013-04", "201305", 201305, 2013.03, "2013年5月"])
def test_a_birth_month_without_the_day_is_left_to_the_id_number(raw):
    assert v.birth_date(raw) is None


def test_a_full_birth_date_is_read_as_before():
    assert v.birth_date("2013-04-05") == v.date("2013-04-05")
    with pytest.raises(ValueError, match="无法识别的日期"):
        v.birth_date("去年")


def test_a_phone_is_a_mobile_or_a_landline_with_its_area_code():
    from kongchuo_desktop.domain.roster_values import checked_phone, phone_problem

    assert checked_phone("138 1234 5678") == "13812345678"
    assert checked_phone(13812345678) == "13812345678"
    assert checked_phone("（0851）8123456") == "0851-8123456"
    assert checked_phone("010-62345678") == "010-62345678"
    assert checked_phone("") == ""
    for bad in ("138abc", "1381234567", "23812345678", "8123456", "0851-12"):
        assert "手机号应为11位数字" in phone_problem(bad)
    assert phone_problem("0851-8123456") is None
