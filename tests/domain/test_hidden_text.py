"""Hidden characters in cells: names and IDs refused, other text cleaned with a warning."""

import pytest

from kongchuo_desktop.domain import hidden_text as ht
from kongchuo_desktop.domain import roster_values as v
from kongchuo_desktop.domain.roster_columns import guess_mapping
from kongchuo_desktop.domain.roster_rows import ERROR, WARNING, parse_rows
from tests import roster_files as rf

HEADER = ["姓名", "身份证号", "全国学籍号", "班级", "现住址", "成员1姓名", "成员1联系电话"]


def parse(*rows):
    return parse_rows([["标题"], HEADER, *rows], 1, guess_mapping(HEADER))


def row(**changes):
    cells = dict(zip(HEADER, ["张三", rf.ID_ZHANG, "", "三年级1班", "青山镇", "", ""], strict=True))
    cells.update(changes)
    return list(cells.values())


@pytest.mark.parametrize(
    ("char", "label"),
    [
        ("\x00", "空字符NUL（U+0000）"),
        ("\x07", "控制字符（U+0007）"),
        ("\x7f", "控制字符（U+007F）"),
        ("\u202e", "从右到左覆盖符（U+202E）"),
        ("\u2066", "从左到右隔离符（U+2066）"),
        ("\u200b", "零宽空格（U+200B）"),
        ("\u200c", "零宽非连接符（U+200C）"),
        ("\u200d", "零宽连接符（U+200D）"),
        ("\ufeff", "字节顺序标记BOM（U+FEFF）"),
        ("\U000e0041", "不可见的格式字符（U+E0041）"),
    ],
)
def test_each_hidden_character_is_found_named_and_stripped(char, label):
    found = ht.find_hidden(f"张{char}三")
    assert [(h.position, h.label) for h in found] == [(2, label)]
    assert ht.strip_hidden(f"张{char}三") == "张三"


def test_ordinary_text_has_nothing_hidden():
    for text in ("阿依古丽·买买提", "青山镇\t3组\r\n", "+86 138", "-", "葛\U000e0100"):
        assert ht.find_hidden(text) == []


def test_a_name_or_id_with_a_hidden_character_is_refused_not_cleaned():
    with pytest.raises(ValueError, match=r"姓名中有看不见的字符：空字符NUL（U\+0000），在第2个"):
        v.name("张\x00三")
    with pytest.raises(ValueError, match="身份证件号中有看不见的字符：从右到左覆盖符"):
        v.id_number("\u202e" + rf.ID_LI)
    with pytest.raises(ValueError, match="学籍号中有看不见的字符：零宽空格"):
        v.student_number("G\u200b" + rf.ID_LI)


def test_a_name_over_thirty_characters_is_refused():
    assert v.name("阿卜杜热合曼·阿卜杜热西提") == "阿卜杜热合曼·阿卜杜热西提"
    assert v.name("张" * 30) == "张" * 30
    with pytest.raises(ValueError, match="姓名有40个字，超过30个字"):
        v.name("张" * 40)


def test_nul_in_a_name_is_an_error_at_its_row_and_column():
    result = parse(row(姓名="张\x00三"))
    assert [(p.row, p.column, p.severity) for p in result.problems] == [(3, "姓名", ERROR)]
    assert "空字符NUL（U+0000）" in result.problems[0].message
    assert result.bad_rows == {3}


def test_right_to_left_override_in_an_id_is_an_error_at_its_row_and_column():
    result = parse(row(), row(姓名="李四", 身份证号=rf.ID_LI[:6] + "\u202e" + rf.ID_LI[6:]))
    assert [(p.row, p.column, p.severity) for p in result.problems] == [(4, "身份证号", ERROR)]
    assert "从右到左覆盖符（U+202E），在第7个字符处" in result.problems[0].message


def test_a_family_members_name_is_checked_like_the_childs():
    result = parse(row(成员1姓名="张\u200d大山"))
    assert [(p.row, p.column, p.severity) for p in result.problems] == [(3, "成员1姓名", ERROR)]


def test_zero_width_space_in_an_address_is_removed_with_a_warning():
    result = parse(
        row(现住址="青山镇\u200b3组", 成员1姓名="张大山", 成员1联系电话="138\ufeff00001111")
    )
    assert [(p.row, p.column, p.severity) for p in result.problems] == [
        (3, "现住址", WARNING),
        (3, "成员1联系电话", WARNING),
    ]
    assert "零宽空格（U+200B），在第4个字符处" in result.problems[0].message
    assert "已删除" in result.problems[0].message
    assert result.records[0].fields["address"] == "青山镇3组"
    assert result.records[0].members[0]["phone"] == "13800001111"


def test_a_forty_character_name_is_an_error_at_its_row():
    result = parse(row(姓名="张" * 40))
    assert [(p.row, p.column, p.severity) for p in result.problems] == [(3, "姓名", ERROR)]
    assert "40个字" in result.problems[0].message


def test_a_header_with_a_zero_width_space_still_maps():
    assert guess_mapping(["姓\u200b名", "\ufeff身份证号"]) == {0: "姓名", 1: "身份证件号"}
