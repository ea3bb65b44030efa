from kongchuo_desktop.domain.roster_columns import guess_mapping
from kongchuo_desktop.domain.roster_rows import parse_rows
from tests import roster_files as rf

HEADER = ["序号", "姓名", "身份证号", "班级", "备注"]


def parse(rows, header=HEADER):
    all_rows = [["标题"], header, *rows]
    return parse_rows(all_rows, 1, guess_mapping(header))


def test_notes_template_rows_and_totals_are_skipped_not_flagged():
    result = parse(
        [
            [1, "张三", rf.ID_ZHANG, "三年级1班", "合计转学两次"],  # a remark is not a total
            [2, "", "", "", ""],  # a template row with only its 序号
            ["注：本表由学籍系统导出", "", "", "", ""],
            ["合计", "1人", "", "", ""],
            ["制表人：李老师", "", "", "", ""],
        ]
    )
    assert [r.name for r in result.records] == ["张三"]
    assert result.problems == []
    assert result.ignored_rows == [4, 5, 6, 7]


def test_a_file_without_a_name_column_is_refused_at_its_header():
    result = parse(
        [[1, "张三", rf.ID_ZHANG, "1班", ""]], header=["序号", "学生", "身份证号", "班级", "x"]
    )
    assert [(p.row, p.column) for p in result.problems] == [(2, "姓名")]
    assert result.records == []


def test_grade_and_class_columns_must_agree():
    header = ["姓名", "身份证号", "年级", "班级"]
    result = parse([["张三", rf.ID_ZHANG, "四年级", "三年级1班"]], header=header)
    assert [(p.row, p.column) for p in result.problems] == [(3, "班级")]


def test_sex_and_birth_date_are_checked_against_the_id_as_warnings():
    header = ["姓名", "性别", "出生日期", "身份证号", "班级"]
    result = parse([["张三", "女", "2017-03-04", rf.ID_ZHANG, "三年级1班"]], header=header)
    assert [(p.column, p.severity) for p in result.problems] == [
        ("出生日期", "提醒"),
        ("性别", "提醒"),
    ]
    assert not result.bad_rows


def test_sex_and_birth_date_are_filled_from_the_id_when_blank():
    header = ["姓名", "身份证号", "班级"]
    rec = parse([["张三", rf.ID_ZHANG, "三年级1班"]], header=header).records[0]
    assert (rec.fields["sex"], rec.fields["birth_date"]) == ("男", rf.BORN)


def test_an_unreadable_class_is_one_problem_not_two():
    header = ["姓名", "身份证号", "班级"]
    result = parse([["张三", rf.ID_ZHANG, "2024级3班"]], header=header)
    assert [(p.column, p.message[:7]) for p in result.problems] == [("班级", "无法识别的班级")]


def test_registers_that_write_birth_month_and_zai_du_are_understood():
    header = ["姓名", "身份证号", "出生年月", "班级", "学籍状态"]
    result = parse([["张三", rf.ID_ZHANG, "2013.03", "七(1)班", "在读"]], header=header)
    errors = [p for p in result.problems if p.level != "warning"]
    assert errors == []
    (rec,) = result.records
    assert (rec.grade, rec.class_number, rec.status) == (7, 1, "在校")
    assert rec.fields["birth_date"]  # the full date, from the ID number


def test_a_malformed_phone_is_imported_as_written_with_a_warning():
    header = ["姓名", "身份证号", "班级", "联系电话", "成员1姓名", "成员1联系电话"]
    row = ["张三", rf.ID_ZHANG, "三年级1班", "138abc", "张父", "1381234"]
    result = parse([row], header=header)
    assert not result.bad_rows
    assert [(p.column, p.severity) for p in result.problems] == [
        ("联系电话", "提醒"),
        ("成员1联系电话", "提醒"),
    ]
    assert "“138abc”不是有效的电话号码" in result.problems[0].message
    assert result.problems[1].message.startswith("家庭成员张父的联系电话“1381234”")
    assert result.records[0].fields["phone"] == "138abc"
