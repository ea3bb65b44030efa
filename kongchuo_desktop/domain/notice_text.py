"""Notices (通知书): the kinds, their default wording, placeholders, numbers, and the document a
printer lays out on A4.

The wording of each kind is a template the school can edit (设置 → 通知书): a title and a body of
paragraphs (a blank line between two) with placeholders in braces, such as {姓名} or {返校期限};
`PLACEHOLDERS` lists them. The defaults follow what the plans in ../shared/reference ask a school
to send (方案18, 方案24: 辍学报告单, 辍学生返校通知书, 劝返通知书; 方案1, 方案12, 方案21: the
《限期复学通知书》 of the 四步法, issued by the township, which the school drafts).

Numbers: per 学年 and kind, from 1, written "前缀＋类别字〔年〕序号号" (青山九校劝〔2026〕3号), the year
being the first year of the 学年 (2026-2027 → 2026).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class NoticeKind(StrEnum):
    PERSUADE = "劝返通知书"
    RETURN = "返校通知书"  # 辍学生返校通知书
    DROPOUT_REPORT = "辍学报告单"
    DEADLINE = "限期复学通知书"
    VISIT_RECORD = "家访记录表"


# The character of each kind in its number: 劝〔2026〕3号.
KIND_LETTER = {
    NoticeKind.PERSUADE: "劝",
    NoticeKind.RETURN: "返",
    NoticeKind.DROPOUT_REPORT: "报",
    NoticeKind.DEADLINE: "复",
    NoticeKind.VISIT_RECORD: "访",
}
# Kinds about a case (the command's --kind); the 家访记录表 belongs to one contact.
CASE_KINDS = (
    NoticeKind.PERSUADE,
    NoticeKind.RETURN,
    NoticeKind.DROPOUT_REPORT,
    NoticeKind.DEADLINE,
)
# Kinds that give the guardian a day to bring the child back (shown on 首页 until met).
SETS_DEADLINE = frozenset({NoticeKind.PERSUADE, NoticeKind.RETURN, NoticeKind.DEADLINE})
# Kinds handed to the guardian, printed with a receipt (回执) to cut off and bring back.
WITH_RECEIPT = frozenset({NoticeKind.PERSUADE, NoticeKind.RETURN, NoticeKind.DEADLINE})
# What the 四步法 does next when the deadline of a notice passes without the child back.
NEXT_STEP = {
    NoticeKind.PERSUADE: "报乡镇人民政府下达《限期复学通知书》（四步法第②步）",
    NoticeKind.RETURN: "报乡镇人民政府下达《限期复学通知书》（四步法第②步）",
    NoticeKind.DEADLINE: "报乡镇人民政府下达《行政处罚决定书》（四步法第③步）",
}

PLACEHOLDERS = {
    "姓名": "学生姓名",
    "性别": "学生性别",
    "出生日期": "如 2013年05月12日",
    "班级": "如 八年级2班",
    "学籍号": "全国学籍号",
    "住址": "现住址",
    "监护人": "监护人姓名（信的称呼）",
    "监护人电话": "监护人电话",
    "学校": "学校名称",
    "乡镇": "学校所在乡镇",
    "县": "学校所在县（区）",
    "离校日期": "开始不到校的日期",
    "辍学原因": "立案时登记的原因",
    "劝返次数": "已做的家访、电话等劝返次数",
    "劝返措施": "已做的劝返工作",
    "返校期限": "通知书给出的返校日期",
    "发文日期": "通知书的日期",
    "编号": "通知书编号",
    "联系人": "通知书上的联系人和电话",
    "落款": "盖章处的单位名称",
}

_FIELD = re.compile(r"\{([^{}\s]{1,12})\}")


class TemplateError(ValueError):
    """A template names a placeholder that does not exist (the message says which)."""


@dataclass(frozen=True)
class Template:
    title: str
    body: str


DEFAULT_TEMPLATES: dict[NoticeKind, Template] = {
    NoticeKind.PERSUADE: Template(
        "劝返通知书",
        "{监护人}：\n\n"
        "您的子女{姓名}是我校{班级}学生，自{离校日期}起未到校上学。接受义务教育是适龄儿童、少年的"
        "权利，也是家长的法定义务。《中华人民共和国义务教育法》第五条规定：适龄儿童、少年的父母或者"
        "其他法定监护人应当依法保证其按时入学接受并完成义务教育。\n\n"
        "学校和老师已与您联系{劝返次数}次。请您收到本通知后，于{返校期限}前送{姓名}返校上课。孩子在"
        "学习、生活或家庭方面有困难的，请告诉学校，学校将尽力帮助解决。\n\n"
        "如逾期仍未返校，学校将按规定书面报告{乡镇}人民政府和县教育行政部门，依法处理。",
    ),
    NoticeKind.RETURN: Template(
        "辍学生返校通知书",
        "{监护人}：\n\n"
        "您的子女{姓名}（{班级}学生）自{离校日期}起未到校上学，经班主任和包保教师多次家访劝返，"
        "至今仍未返校。\n\n"
        "根据《中华人民共和国义务教育法》第五条、第五十八条的规定，现通知您于{返校期限}前送{姓名}"
        "到校报到复学。学校将根据孩子的情况妥善安排学习，帮助其跟上学业。\n\n"
        "逾期仍不送子女返校的，学校将报告{乡镇}人民政府，由乡镇人民政府依法下达《限期复学通知书》，"
        "责令限期改正。",
    ),
    NoticeKind.DROPOUT_REPORT: Template(
        "辍学报告单",
        "{县}教育局、{乡镇}人民政府：\n\n"
        "我校{班级}学生{姓名}自{离校日期}起未到校上学。班主任和包保教师已通过家访、电话等方式劝返"
        "{劝返次数}次，劝返无效。辍学原因：{辍学原因}。\n\n"
        "已采取的措施：{劝返措施}\n\n"
        "学校将继续做好劝返工作。特此报告。",
    ),
    NoticeKind.DEADLINE: Template(
        "限期复学通知书",
        "{监护人}：\n\n"
        "经查，你（们）的子女{姓名}（{性别}，{出生日期}出生）系{学校}{班级}学生，自{离校日期}起"
        "未到校接受义务教育。学校已多次劝返，你（们）至今未送其返校。\n\n"
        "《中华人民共和国义务教育法》第五条规定，适龄儿童、少年的父母或者其他法定监护人应当依法保证"
        "其按时入学接受并完成义务教育；第五十八条规定，无正当理由未送适龄儿童、少年入学接受义务教育的，"
        "由当地乡镇人民政府或者县级人民政府教育行政部门给予批评教育，责令限期改正。\n\n"
        "现责令你（们）于{返校期限}前将{姓名}送回{学校}复学。逾期不改正的，将依法下达"
        "《行政处罚决定书》；情节严重的，依法追究法律责任。",
    ),
    NoticeKind.VISIT_RECORD: Template(
        "家访记录表",
        "本表由家访教师填写，家长（监护人）签字确认；学校存档一份，纳入控辍保学台账。",
    ),
}


def placeholders_in(text: str) -> list[str]:
    return _FIELD.findall(text)


def check_template(template: Template) -> None:
    """TemplateError naming each unknown placeholder; an empty title or body too."""
    if not template.title.strip():
        raise TemplateError("通知书标题不能为空")
    if not template.body.strip():
        raise TemplateError("通知书正文不能为空")
    unknown = sorted(
        {
            p
            for p in placeholders_in(template.title) + placeholders_in(template.body)
            if p not in PLACEHOLDERS
        }
    )
    if unknown:
        known = "、".join(f"{{{p}}}" for p in PLACEHOLDERS)
        raise TemplateError(
            f"模板里的 {'、'.join(f'{{{p}}}' for p in unknown)} 不是可用的占位符；可用：{known}"
        )


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each {placeholder} replaced; a value missing is printed as a blank line to
    fill in by hand, never as the placeholder itself."""
    return _FIELD.sub(
        lambda m: (
            (values.get(m.group(1)) or "________") if m.group(1) in PLACEHOLDERS else m.group(0)
        ),
        text,
    )


def school_year_number(school_year: str) -> str:
    """The year written in a number: the first year of the 学年 ("2026-2027" → "2026")."""
    return school_year[:4]


def notice_number(prefix: str, kind: NoticeKind, school_year: str, serial: int) -> str:
    return f"{prefix.strip()}{KIND_LETTER[kind]}〔{school_year_number(school_year)}〕{serial}号"


@dataclass(frozen=True)
class NoticeDocument:
    """A notice laid out for printing: what views/notice_printing puts on A4."""

    kind: NoticeKind
    title: str
    number: str
    paragraphs: list[str]  # the first may be the salutation ("张某某：")
    fields: list[tuple[str, str]] = field(default_factory=list)  # a form's rows (label, value)
    signatures: list[str] = field(default_factory=list)  # "班主任（签字）：" lines
    seal: str = ""  # the issuing body, above the date
    date_text: str = ""
    contact: str = ""
    draft_note: str = ""  # "（代拟稿，由乡镇人民政府审定后盖章下发）"
    receipt: str = ""  # the 回执 text to cut off; empty: none


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]


def build(
    kind: NoticeKind,
    template: Template,
    values: dict[str, str],
    fields: list[tuple[str, str]] | None = None,
) -> NoticeDocument:
    """The document of one notice from its template and the values of its case."""
    paragraphs = [fill(p, values) for p in _paragraphs(template.body)]
    seal = values.get("落款", "")
    signatures: list[str] = []
    draft = ""
    receipt = ""
    if kind is NoticeKind.DEADLINE:
        seal = f"{values.get('乡镇', '')}人民政府"
        draft = f"（代拟稿：由{values.get('学校', '学校')}起草，报乡镇人民政府审定后盖章下发）"
    if kind is NoticeKind.DROPOUT_REPORT:
        signatures = ["班主任（签字）：", "校长（签字）："]
    if kind is NoticeKind.VISIT_RECORD:
        signatures = ["家访教师（签字）：", "家长（监护人）签字："]
    if kind in WITH_RECEIPT:
        receipt = (
            f"回　执\n\n{fill(template.title, values)}（{values.get('编号', '')}）已收到。"
            f"我保证于{values.get('返校期限') or '________'}前送{values.get('姓名', '')}返校。\n\n"
            "监护人（签字）：____________　　　　年　　月　　日"
        )
    return NoticeDocument(
        kind,
        fill(template.title, values),
        values.get("编号", ""),
        paragraphs,
        list(fields or []),
        signatures,
        seal,
        values.get("发文日期", ""),
        "" if kind is NoticeKind.VISIT_RECORD else values.get("联系人", ""),
        draft,
        receipt,
    )
