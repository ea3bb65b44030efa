"""How a template's words are understood: exact titles and their synonyms, two-row titles, figure
labels either way round; anything doubtful is not understood (left empty, never a wrong value)."""

import pytest

from kongchuo_desktop.domain.template_labels import (
    fill_titles,
    is_footer,
    match_field,
    match_figure,
    match_list,
    match_stage,
    match_title,
    placeholders,
)


@pytest.mark.parametrize(
    ("parts", "field"),
    [
        (["姓名"], "姓名"),
        (["学生姓名"], "姓名"),
        (["身份证号"], "身份证号"),
        (["公民身份号码"], "身份证号"),
        (["身份证件号"], "身份证号"),
        (["监护人"], "监护人"),
        (["家长姓名"], "监护人"),
        (["包保责任人"], "包保责任人"),
        (["包保教师"], "包保责任人"),
        (["劝返责任人"], "包保责任人"),
        (["辍学（疑似辍学）时间"], "辍学时间"),
        (["序 号"], "序号"),
        (["学生基本信息", "姓名"], "姓名"),
        (["监护人", "姓名"], "监护人"),
        (["家长情况", "电话"], "联系电话"),
        (["预计复学时间"], "预计复学时间"),
        (["复学时间"], "复学时间"),
    ],
)
def test_known_titles_and_synonyms_are_understood(parts, field):
    assert match_field(parts).field == field


@pytest.mark.parametrize(
    "parts",
    [
        ["家长签字"],
        ["学生体重"],
        ["身份证号是否核实"],
        ["包保教师", "姓名"],
        ["包保教师", "联系电话"],
        ["学生照片"],
    ],
)
def test_doubtful_titles_are_not_understood(parts):
    assert match_field(parts).field is None


@pytest.mark.parametrize(
    ("parts", "figure"),
    [
        (["学年初在校生数"], "学年初在校生数"),
        (["本月末在校生数"], "月末在校生数"),
        (["本月学籍变动（人）", "转入"], "本月转入"),
        (["疑似辍学（人）", "本月新增"], "本月新增疑似辍学"),
        (["疑似辍学（人）", "月末现有"], "现有疑似辍学"),
        (["辍学（人）", "本月新增"], "本月新增辍学"),
        (["辍学学生（人）", "本学年累计"], "本学年累计辍学"),
        (["本月劝返复学人数"], "本月劝返复学"),
        (["年辍学率（%）"], "年辍学率"),
        (["巩固率（%）"], "巩固率"),
    ],
)
def test_figure_labels_name_their_figure(parts, figure):
    assert match_figure(parts) == figure


@pytest.mark.parametrize(
    "parts", [["学段"], ["其中：女生", "转入"], ["心理辅导人次"], ["疑似辍学"]]
)
def test_a_label_that_is_not_a_whole_figure_is_not_taken_for_one(parts):
    assert match_figure(parts) is None


def test_stages_lists_titles_and_footers():
    assert [match_stage(t) for t in ("小学", "初 中", "合计", "总计", "高中")] == [
        "小学",
        "初中",
        "合计",
        "合计",
        None,
    ]
    assert match_list("辍学学生台账", "义务教育阶段疑似辍学及辍学学生工作台账") == "辍学学生台账"
    assert match_list("Sheet3", "已劝返学生花名册") == "已劝返学生花名册"
    assert match_list("Sheet4", "休学学生信息统计表") == "休学学生"
    assert match_list("Sheet5", "学生名单") is None
    assert match_title("填报单位（盖章）：") == "填报单位"
    assert match_title("报告月份：    年    月") == "报告月份"
    assert fill_titles("报告月份：    年    月", {"报告月份": "2026年11月"}) == (
        "报告月份：2026年11月",
        ["报告月份"],
    )
    assert fill_titles("填报单位：某小学", {"填报单位": "别的学校"}) == ("填报单位：某小学", [])
    both = "填报单位（盖章）：          报告月份：    年    月"
    values = {"填报单位": "一中", "报告月份": "2026年11月"}
    assert fill_titles(both, values) == (
        "填报单位（盖章）：一中    报告月份：2026年11月",
        ["填报单位", "报告月份"],
    )
    assert match_title("某某学校：") is None
    assert is_footer("校长签字：") and is_footer("填表人：") and not is_footer("")
    assert placeholders("报告月份：{{ 报告月份 }}，{{填报单位}}") == ["报告月份", "填报单位"]
