"""`census` (the villages' 摸底 lists imported and compared with the register) and `not-returned`
(开学未返校清点). Neither prints a child's ID number: output may be logged (--log) or pasted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kongchuo_desktop.commands.context import (
    EXIT_REFUSED,
    EXIT_USAGE,
    CommandError,
    Context,
    iso_date,
)


def register(sub, common) -> None:
    p = sub.add_parser(
        "census",
        parents=[common],
        help="导入各村的适龄儿童摸底名单（可多个文件）并与学籍比对",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="摸底名单（.xlsx 或 .xls）")
    p.add_argument("--dry-run", action="store_true", help="只检查并比对，不写入")
    p.set_defaults(handler=cmd_census)

    p = sub.add_parser(
        "not-returned",
        parents=[common],
        help="开学未返校清点：本学期开学以来一天也没有到校的学生",
    )
    p.add_argument("--term", metavar="学年-学期", help="如 2026-2027-2（默认：当前学期）")
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="清点到哪天（默认今天）")
    p.set_defaults(handler=cmd_not_returned)


def cmd_census(ctx: Context) -> int:
    from kongchuo_desktop.domain.census_match import CensusResult
    from kongchuo_desktop.services import census_check, census_import

    folder = ctx.folder(writes=not ctx.args.dry_run)
    try:
        plan = census_import.plan_files([Path(f) for f in ctx.args.files])
    except census_import.CensusImportError as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    lines: list[str] = []
    files = []
    for f in plan.files:
        entry = {
            "file": str(f.path),
            "sheet": f.sheet_name,
            "villages": f.villages,
            "children": len(f.records),
            "failure": f.failure,
            "problems": [
                {"row": p.row, "column": p.column, "severity": p.severity, "message": p.message}
                for p in f.problems
            ],
        }
        files.append(entry)
        if f.failure:
            lines.append(f"文件：{f.path.name}：{f.failure}")
            continue
        lines.append(
            f"文件：{f.path.name}（工作表“{f.sheet_name}”，表头在第{f.header_row}行）："
            f"{'、'.join(f.villages)}，{len(f.records)} 名儿童"
        )
        for p in f.problems:
            left_out = "（该行未导入）" if p.is_error else ""
            lines.append(f"  第{p.row}行 [{p.column}] {p.severity}：{p.message}{left_out}")
    comparison = census_check.compare_plan(plan)
    counts = comparison.counts()
    follow = [c for c in comparison.children if c.needs_follow_up]
    data = {
        "ok": not plan.failed,
        "school_year": plan.school_year,
        "files": files,
        "replaced": plan.replaced,
        "counts": {r.value: counts[r] for r in CensusResult},
        "follow_up": [
            {
                "file": x.file_name,
                "row": x.row,
                "village": x.village,
                "group": x.group,
                "name": c.name,
                "result": c.result.value,
                "school": c.school,
            }
            for c in follow
            for x in c.listings[:1]
        ],
    }
    total = len(comparison.children)
    shown = "，".join(f"{r.value} {counts[r]}" for r in CensusResult if counts[r])
    lines.append(f"比对结果（{plan.school_year}学年，{total} 名儿童）：{shown or '无'}")
    if follow:
        lines.append(f"不在本校、也没有就读证明的儿童（{len(follow)} 名）：")
        for c in follow:
            x = c.listings[0]
            where = f"，{c.school}" if c.school else ""
            lines.append(
                f"  {x.file_name} 第{x.row}行 {x.village}{x.group} {c.name}：{c.result.value}{where}"
            )
    if plan.failed:
        data["written"] = False
        lines.append("有文件无法导入，未写入任何数据；请处理上面的问题后重新导入。")
        ctx.emit(data, lines)
        return EXIT_REFUSED
    if ctx.args.dry_run:
        data["written"] = False
        lines.append("（--dry-run：未写入）")
        ctx.emit(data, lines)
        return 0
    try:
        done = census_import.apply_plan(ctx.actor, plan, folder=folder)
    except census_import.CensusImportError as exc:
        raise CommandError(str(exc), EXIT_REFUSED, data) from exc
    data["written"] = True
    data["backup"] = str(done.backup) if done.backup else ""
    replaced = f"（替换了此前的名单：{'、'.join(done.replaced)}）" if done.replaced else ""
    lines.append(
        f"已导入 {'、'.join(done.villages)} 的名单{replaced}。导入前的数据已备份到：{done.backup}"
    )
    ctx.emit(data, lines)
    return 0


def cmd_not_returned(ctx: Context) -> int:
    from kongchuo_desktop.services import not_returned as nr

    ctx.folder(writes=False)
    day = ctx.args.date or dt.date.today()
    try:
        term = nr.find_term(ctx.args.term) if ctx.args.term else None
        report = nr.not_returned(term, today=day)
    except nr.TermError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    data = {
        "ok": True,
        "term": report.term_code,
        "first_day": report.first_day.isoformat(),
        "as_of": report.as_of.isoformat(),
        "deadline": report.deadline.isoformat(),
        "school_days": len(report.school_days),
        "expected": report.expected,
        "students": [
            {
                "student_id": r.student_id,
                "student": r.name,
                "class": r.class_name,
                "responsible": r.responsible,
                "absent_days": r.absent_days,
                "unreported_days": r.unreported_days,
                "reasons": r.reasons,
                "on_leave": r.on_leave,
                "leave": r.leave_text,
            }
            for r in report.rows
        ],
    }
    if not report.started:
        text = [f"{report.term_label}从{report.first_day:%Y-%m-%d}开始，还没有上学日。"]
    else:
        text = [
            f"{report.term_label}开学（{report.first_day:%Y-%m-%d}）至{report.as_of:%Y-%m-%d}"
            f"（{len(report.school_days)}个上学日）未到校：{len(report.rows)} 人"
            f"（应到 {report.expected} 人）；上报截止 {report.deadline:%Y-%m-%d}"
        ]
        for r in report.rows:
            parts = [f"缺勤{r.absent_days}天"]
            if r.reasons:
                parts.append(r.reasons)
            if r.unreported_days:
                parts.append(f"未上报{r.unreported_days}天")
            if r.leave_text:
                parts.append(f"已请假：{r.leave_text}")
            text.append(
                f"  {r.class_name} {r.name}（责任教师 {r.responsible}）：{'，'.join(parts)}"
            )
    ctx.emit(data, text)
    return 0
