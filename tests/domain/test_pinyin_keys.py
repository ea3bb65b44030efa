import pytest
from pypinyin import lazy_pinyin

from kongchuo_desktop.db.models import Student
from kongchuo_desktop.domain.pinyin_keys import (
    COMPOUND_SURNAMES,
    SURNAME_READINGS,
    pinyin_keys,
)
from kongchuo_desktop.services import audit


def test_initials_and_full_pinyin_of_chinese_names():
    assert pinyin_keys("张三") == ("zhangsan", "zs")
    assert pinyin_keys("欧阳 娜娜") == ("ouyangnana", "oynn")


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("曾晓", ("zengxiao", "zx")),  # not cengxiao: a clerk types "zeng"
        ("覃小红", ("qinxiaohong", "qxh")),  # not tan
        ("单田芳", ("shantianfang", "stf")),
        ("解晓东", ("xiexiaodong", "xxd")),
        ("仇英", ("qiuying", "qy")),
        ("区达", ("ouda", "od")),
        ("朴树", ("piaoshu", "ps")),
        ("查良镛", ("zhaliangyong", "zly")),
        ("翟明", ("zhaiming", "zm")),
        ("曾经", ("zengjing", "zj")),  # 曾 is the surname even where the two form a word
    ],
)
def test_the_surname_is_read_as_a_surname(name, keys):
    assert pinyin_keys(name) == keys


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("欧阳娜娜", ("ouyangnana", "oynn")),
        ("司马光", ("simaguang", "smg")),
        ("诸葛亮", ("zhugeliang", "zgl")),
        ("万俟丽", ("moqili", "mql")),
        ("尉迟恭", ("yuchigong", "ycg")),
        ("单于明", ("chanyuming", "cym")),
        ("长孙无忌", ("zhangsunwuji", "zswj")),
        ("澹台明月", ("tantaimingyue", "ttmy")),
    ],
)
def test_compound_surnames(name, keys):
    assert pinyin_keys(name) == keys


def test_only_the_surname_gets_the_surname_reading():
    assert pinyin_keys("李曾") == ("liceng", "lc")
    assert pinyin_keys("张单") == ("zhangdan", "zd")
    assert pinyin_keys("尉缭") == ("weiliao", "wl")  # alone 尉 is Wèi; Yù only in 尉迟


def test_the_surname_table_holds_only_readings_pypinyin_gets_wrong():
    for surname, reading in SURNAME_READINGS.items():
        assert lazy_pinyin(surname) != [reading], surname
    for surname, readings in COMPOUND_SURNAMES.items():
        assert len(surname) == len(readings) == 2


@pytest.mark.parametrize("dot", ["·", "•", "・", "‧", " "])
def test_dots_and_spaces_of_minority_names_are_left_out(dot):
    full, initials = pinyin_keys(f"阿卜杜{dot}热合曼")
    assert initials == "abdrhm"
    assert full.isalpha()
    assert pinyin_keys(f"买买提{dot}艾力") == ("maimaitiaili", "mmtal")


def test_other_punctuation_is_left_out():
    assert pinyin_keys("王-小明。") == ("wangxiaoming", "wxm")


def test_non_chinese_characters_pass_through():
    assert pinyin_keys("Tom李") == ("tomli", "toml")
    assert pinyin_keys("李2") == ("li2", "l2")
    assert pinyin_keys("ＴＯＭ") == ("tom", "tom")  # full-width letters as half-width
    assert pinyin_keys("") == ("", "")


def test_renaming_a_student_updates_the_search_keys(folder, actor):
    s = audit.create(Student, actor, name="张三")
    assert (s.name_pinyin, s.name_initials) == ("zhangsan", "zs")
    audit.update(s, actor, name="曾晓")
    stored = Student.get_by_id(s.id)
    assert (stored.name_pinyin, stored.name_initials) == ("zengxiao", "zx")
