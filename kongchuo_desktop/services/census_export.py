"""The census lists for the township and the bureau, as .xlsx (services.table_export: A4, the
header on every page, text kept as text): the 适龄儿童花名册 with each child's result, the 外校就读
children still awaiting a 就读证明, the 未入学/失学 list, and the 开学未返校 list.

These hold other families' children's ID numbers in full: they are for the office (who may open
them will follow the accounts; today anyone at this PC can).
"""

from __future__ import annotations

from kongchuo_desktop.domain.census_match import CensusChild, CensusResult, Comparison
from kongchuo_desktop.services.not_returned import NotReturnedReport
from kongchuo_desktop.services.school_setup import the_school
from kongchuo_desktop.services.table_export import ShownTable

ROSTER = "适龄儿童花名册"
AWAITING_PROOF = "外校就读待补就读证明名单"
NOT_ENROLLED = "未入学（失学）儿童名单"
NOT_RETURNED = "开学未返校学生名单"
CENSUS_LISTS = (ROSTER, AWAITING_PROOF, NOT_ENROLLED)


def _school() -> str:
    school = the_school()
    return school.name if school else ""


def _day(d) -> str:
    return d.isoformat() if d else ""


def _who(c: CensusChild) -> list[object]:
    return [
        c.village_text,
        "、".join(dict.fromkeys(x.group for x in c.listings if x.group)),
        c.householder,
        c.name,
        c.sex,
        c.id_number,
        _day(c.birth_date),
        c.age if c.age is not None else "",
    ]


WHO = ["村", "组", "户主", "姓名", "性别", "身份证号", "出生日期", "年龄"]
WHO_WIDTHS = [10, 6, 8, 8, 5, 21, 11, 5]


def _notes(c: CensusChild) -> str:
    village = "；".join(dict.fromkeys(x.note for x in c.listings if x.note))
    parts = [p for p in (c.match_note, village, c.decision.note) if p]
    return "；".join(parts)


def roster_table(comparison: Comparison, school_year: str) -> ShownTable:
    header = ["序号", *WHO, "比对结果", "就读学校/班级", "就读证明", "备注"]
    rows = [
        [
            n,
            *_who(c),
            c.result.value,
            c.where,
            _proof_text(c),
            _notes(c),
        ]
        for n, c in enumerate(comparison.children, start=1)
    ]
    counts = comparison.counts()
    summary = "，".join(f"{r.value}{counts[r]}人" for r in CensusResult if counts[r])
    return ShownTable(
        f"{_school()} {school_year}学年{ROSTER}（人籍比对结果）".strip(),
        f"共{len(rows)}人：{summary}" if rows else "没有名单",
        header,
        rows,
        sheet_name=ROSTER,
        landscape=True,
        widths=[5, *WHO_WIDTHS, 11, 22, 14, 34],
    )


def _proof_text(c: CensusChild) -> str:
    if not c.needs_proof:
        return ""
    if c.decision.proof_received:
        return f"已收（{_day(c.decision.proof_date)}）"
    return "未收"


def awaiting_proof_table(comparison: Comparison, school_year: str) -> ShownTable:
    children = [
        c for c in comparison.children if c.result is CensusResult.ELSEWHERE and c.awaiting_proof
    ]
    header = ["序号", *WHO, "就读学校", "备注"]
    rows = [[n, *_who(c), c.school, _notes(c)] for n, c in enumerate(children, start=1)]
    return ShownTable(
        f"{_school()} {school_year}学年{AWAITING_PROOF}".strip(),
        f"共{len(rows)}人，请各村督促家长提供就读证明",
        header,
        rows,
        sheet_name="待补就读证明",
        landscape=True,
        widths=[5, *WHO_WIDTHS, 30, 40],
    )


def not_enrolled_table(comparison: Comparison, school_year: str) -> ShownTable:
    children = [c for c in comparison.children if c.result is CensusResult.NOT_ENROLLED]
    header = ["序号", *WHO, "核实情况", "备注"]
    rows = [[n, *_who(c), _checked(c), _notes(c)] for n, c in enumerate(children, start=1)]
    return ShownTable(
        f"{_school()} {school_year}学年{NOT_ENROLLED}".strip(),
        f"共{len(rows)}人",
        header,
        rows,
        sheet_name="未入学",
        landscape=True,
        widths=[5, *WHO_WIDTHS, 13, 44],
    )


def _checked(c: CensusChild) -> str:
    if not c.decision.confirmed:
        return "待核实"
    return "已核实，已立案" if c.decision.case_id else "已核实"


def not_returned_table(report: NotReturnedReport) -> ShownTable:
    header = ["序号", "班级", "姓名", "责任教师", "缺勤天数", "未上报天数", "缺勤原因", "请假"]
    rows = [
        [
            n,
            r.class_name,
            r.name,
            r.responsible,
            r.absent_days,
            r.unreported_days,
            r.reasons,
            r.leave_text,
        ]
        for n, r in enumerate(report.rows, start=1)
    ]
    first, as_of = report.first_day, report.as_of
    return ShownTable(
        f"{_school()} {report.term_label}{NOT_RETURNED}".strip(),
        f"开学{first:%Y年%m月%d日}至{as_of:%m月%d日}未到校，共{len(rows)}人"
        f"（应到{report.expected}人）；上报截止{report.deadline:%m月%d日}",
        header,
        rows,
        sheet_name="未返校",
        widths=[5, 12, 8, 9, 8, 10, 16, 20],
    )


def census_table(which: str, comparison: Comparison, school_year: str) -> ShownTable:
    tables = {
        ROSTER: roster_table,
        AWAITING_PROOF: awaiting_proof_table,
        NOT_ENROLLED: not_enrolled_table,
    }
    return tables[which](comparison, school_year)
