"""The month report's vocabulary: the figures, lists, list fields and title cells a bureau's Excel
template may ask for, each under one canonical name (used in `{{…}}` placeholders and in
`ReportData`) with the other titles seen in county templates.

The README's 月报模板占位符 section lists the same names; `tests/domain/test_report_names.py`
checks the two agree. Plain Python: no Qt, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

# The three 学段 columns (or rows) of every figure table, with the labels templates use for them.
STAGES: tuple[str, ...] = ("小学", "初中", "合计")
STAGE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "小学": ("小学", "小学阶段", "小学段"),
    "初中": ("初中", "初中阶段", "初中段", "中学"),
    "合计": ("合计", "总计", "全校", "合计人数", "总数", "全校合计"),
}


@dataclass(frozen=True)
class FigureName:
    """A figure of the month report. A table's row or column label matches it when every keyword
    of one of `patterns` occurs in the label and none of `excludes` does."""

    name: str
    patterns: tuple[tuple[str, ...], ...]
    excludes: tuple[str, ...] = ()
    is_rate: bool = False  # a percentage: 99.5 means 99.5 %

    def description(self) -> str:
        return self.name


# Words that make a count column something else (a part of the figure, a share of it): such a
# column is left empty rather than given the whole figure.
_NOT_A_WHOLE_COUNT = ("其中", "男", "女", "比例", "占", "率", "计划", "目标")

FIGURES: tuple[FigureName, ...] = (
    FigureName(
        "学年初在校生数",
        (("学年初", "在校"), ("年初", "在校"), ("期初", "在校"), ("学年初", "学生")),
        _NOT_A_WHOLE_COUNT,
    ),
    FigureName(
        "月末在校生数",
        (("月末", "在校"), ("现有", "在校"), ("本月在校",), ("当月在校",)),
        (*_NOT_A_WHOLE_COUNT, "学年初", "年初", "期初"),
    ),
    FigureName("本月转入", (("转入",),), (*_NOT_A_WHOLE_COUNT, "累计")),
    FigureName("本月转出", (("转出",),), (*_NOT_A_WHOLE_COUNT, "累计")),
    FigureName("本月休学", (("休学",),), (*_NOT_A_WHOLE_COUNT, "复学", "累计")),
    FigureName("本月复学", (("复学",),), (*_NOT_A_WHOLE_COUNT, "劝返", "休学", "累计")),
    FigureName("本月死亡", (("死亡",),), (*_NOT_A_WHOLE_COUNT, "累计")),
    FigureName(
        "本月新增疑似辍学",
        (("疑似", "新增"), ("疑似", "本月")),
        (*_NOT_A_WHOLE_COUNT, "现有", "累计", "月末", "劝返"),
    ),
    FigureName(
        "现有疑似辍学",
        (("疑似", "现有"), ("疑似", "月末"), ("疑似", "目前"), ("疑似", "尚未")),
        (*_NOT_A_WHOLE_COUNT, "新增", "劝返"),
    ),
    FigureName(
        "本月新增辍学",
        (("辍学", "新增"), ("辍学", "本月")),
        (*_NOT_A_WHOLE_COUNT, "疑似", "现有", "累计", "劝返"),
    ),
    FigureName(
        "本学年累计辍学",
        (("辍学", "累计"), ("辍学", "本学年")),
        (*_NOT_A_WHOLE_COUNT, "疑似", "新增", "劝返"),
    ),
    FigureName("本月劝返复学", (("劝返",),), (*_NOT_A_WHOLE_COUNT, "累计", "未")),
    FigureName("送教上门", (("送教",),), (*_NOT_A_WHOLE_COUNT, "次数", "课时")),
    FigureName("随班就读", (("随班",),), _NOT_A_WHOLE_COUNT),
    FigureName("巩固率", (("巩固",),), ("其中", "男", "女", "目标"), is_rate=True),
    FigureName("年辍学率", (("辍学率",),), ("其中", "男", "女", "目标", "疑似"), is_rate=True),
    FigureName("出勤率", (("出勤率",), ("到校率",), ("出勤", "率")), ("目标",), is_rate=True),
)
FIGURE_NAMES: tuple[str, ...] = tuple(f.name for f in FIGURES)
FIGURE_BY_NAME: dict[str, FigureName] = {f.name: f for f in FIGURES}


@dataclass(frozen=True)
class ListName:
    """A list of the report; a sheet holds it when its name or title contains one of `words` and
    none of `excludes`."""

    name: str
    words: tuple[str, ...]
    excludes: tuple[str, ...] = ()


LISTS: tuple[ListName, ...] = (
    ListName("辍学学生台账", ("台账", "辍学学生", "辍学"), ("劝返", "已复学", "率")),
    ListName("已劝返学生花名册", ("已劝返", "劝返学生", "劝返复学", "劝返"), ()),
    ListName("送教上门学生", ("送教",), ()),
    ListName("休学学生", ("休学",), ("复学",)),
    ListName("延缓入学学生", ("延缓入学", "缓学", "延缓"), ()),
    ListName("随班就读学生", ("随班",), ()),
)
LIST_NAMES: tuple[str, ...] = tuple(item.name for item in LISTS)

# The 序号 column is numbered 1, 2, 3 … by the filler, whatever the list.
SERIAL_FIELD = "序号"

# Fields of list rows: canonical name → the other titles templates give the column. Matching is
# exact on a normalised title (see domain/template_labels.py), so a title that merely contains a
# known word ("身份证号是否核实") is not taken for it.
FIELDS: dict[str, tuple[str, ...]] = {
    SERIAL_FIELD: ("序号", "编号", "序", "No", "NO"),
    "姓名": ("姓名", "学生姓名", "学生名字", "名字", "学生"),
    "性别": ("性别", "学生性别"),
    "民族": ("民族",),
    "出生日期": ("出生日期", "出生年月", "出生年月日", "生日"),
    "身份证号": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "身份证件号",
        "身份证件号码",
        "学生身份证号",
        "学生身份证号码",
        "证件号码",
    ),
    "学籍号": ("学籍号", "全国学籍号", "学籍号码", "学籍编号", "学生学籍号"),
    "学段": ("学段",),
    "年级": ("年级", "所在年级", "就读年级", "辍学时年级", "原年级"),
    "班级": ("班级", "所在班级", "就读班级", "班别", "原班级"),
    "户籍所在地": ("户籍所在地", "户籍地", "户口所在地", "户籍地址", "户籍"),
    "家庭住址": ("家庭住址", "家庭地址", "现住址", "居住地址", "家庭详细住址", "住址"),
    "监护人": (
        "监护人",
        "监护人姓名",
        "家长姓名",
        "家长",
        "法定监护人",
        "监护人名字",
        "父母姓名",
    ),
    "联系电话": (
        "联系电话",
        "监护人电话",
        "监护人联系电话",
        "家长电话",
        "家长联系电话",
        "联系方式",
        "电话",
        "手机号码",
        "手机号",
    ),
    "是否建档立卡": (
        "是否建档立卡",
        "建档立卡",
        "是否建档立卡户",
        "是否建档立卡贫困户",
        "是否脱贫户",
    ),
    "是否残疾": ("是否残疾", "是否残疾儿童", "残疾"),
    "残疾类型": ("残疾类型", "残疾类别", "残疾人类型"),
    "残疾等级": ("残疾等级", "残疾程度", "残疾级别"),
    "是否留守儿童": ("是否留守儿童", "留守儿童", "是否留守"),
    "辍学时间": (
        "辍学时间",
        "辍学疑似辍学时间",
        "疑似辍学时间",
        "辍学日期",
        "离校时间",
        "辍学或疑似辍学时间",
    ),
    "辍学原因": ("辍学原因", "疑似辍学原因", "辍学疑似辍学原因", "离校原因"),
    "学籍状态": ("学籍状态", "当前状态", "状态", "类别"),
    "包保责任人": (
        "包保责任人",
        "包保教师",
        "劝返责任人",
        "责任人",
        "包保人",
        "包保干部",
        "帮扶教师",
        "帮扶责任人",
        "责任教师",
    ),
    "劝返次数": ("劝返次数", "家访次数", "劝返家访次数"),
    "劝返措施及进展": (
        "劝返措施及进展",
        "劝返措施",
        "劝返情况",
        "劝返进展",
        "工作进展",
        "劝返工作情况",
    ),
    "是否已复学": ("是否已复学", "是否复学", "是否返校", "是否劝返"),
    "复学时间": ("复学时间", "返校时间", "复学日期", "返校日期"),
    "劝返时间": ("劝返时间", "劝返日期", "劝返复学时间"),
    "安置方式": ("安置方式", "安置情况", "复学安置方式", "安置"),
    "送教教师": ("送教教师", "送教人员", "送教老师"),
    "本月送教次数": ("本月送教次数", "送教次数", "本月送教次"),
    "本月送教课时": ("本月送教课时", "送教课时", "课时"),
    "休学原因": ("休学原因",),
    "休学起始时间": ("休学起始时间", "休学时间", "休学开始时间", "休学日期"),
    "预计复学时间": ("预计复学时间", "拟复学时间", "预计返校时间"),
    "审批情况": ("审批情况", "审批", "审批结果"),
    "延缓入学原因": ("延缓入学原因", "缓学原因", "延缓原因"),
    "延缓期限": ("延缓期限", "延缓时间", "缓学期限", "延缓入学期限"),
    "备注": ("备注", "说明"),
}
FIELD_NAMES: tuple[str, ...] = tuple(FIELDS)

# Title cells ("填报单位（盖章）：", "报告月份：    年    月") and the words that name them.
TITLES: dict[str, tuple[str, ...]] = {
    "报告月份": ("报告月份", "统计月份", "填报月份", "月份", "报表月份"),
    "填报单位": ("填报单位", "学校名称", "单位名称", "填报学校", "学校"),
    "填报日期": ("填报日期", "填报时间", "填表日期", "报送日期", "上报日期"),
}
TITLE_NAMES: tuple[str, ...] = tuple(TITLES)

# A row under a list whose text contains one of these is the footer (填表人 / 校长签字): rows are
# inserted above it, never over it.
FOOTER_WORDS: tuple[str, ...] = (
    "填表人",
    "制表人",
    "填报人",
    "校长签字",
    "校长签名",
    "负责人",
    "审核人",
    "签字",
    "签名",
    "盖章",
    "说明",
    "注：",
    "注:",
    "备注：",
    "合计",
)

# A column whose title contains one of these is never filled (a signature, a photo), even when
# the rest of the title looks like a field.
NEVER_FILLED_WORDS: tuple[str, ...] = ("签字", "签名", "盖章", "照片", "附件", "手印")
