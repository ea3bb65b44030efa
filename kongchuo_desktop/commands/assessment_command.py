"""`assessment`: 教师考核 of a term or a year from the command line.

    kongchuo assessment --term 2026-2027-1 [--json] [--out OUT.xlsx]
    kongchuo assessment --year 2026-2027

Per teacher: the totals (分值, 绩效, 一票否决) and every entry with its rule, effect and the
student or case it came from (names in the text). A locked period shows its locked snapshot.
"""

from __future__ import annotations

from kongchuo_desktop.commands.context import (
    EXIT_REFUSED,
    CommandError,
    Context,
    add_output_file,
    output_target,
)


def register(sub, common) -> None:
    p = sub.add_parser(
        "assessment",
        parents=[common],
        help="教师考核：按学校的考核规则，列出每位教师的得分、绩效、一票否决及每一条的来由",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--term", metavar="学期", help="学期，如 2026-2027-1（第一学期）")
    which.add_argument("--year", metavar="学年", help="学年，如 2026-2027")
    add_output_file(p, "导出为 .xlsx 文件")
    p.set_defaults(handler=cmd_assessment)


def cmd_assessment(ctx: Context) -> int:
    from kongchuo_desktop.services import assessment_report as ar
    from kongchuo_desktop.services.cases import school_name

    target = output_target(ctx, ctx.args.out_file) if ctx.args.out_file else None
    ctx.folder(writes=False)
    try:
        report = ar.report(ctx.args.term or ctx.args.year)
        if target is not None:
            ar.export(target, report, school_name(), overwrite=ctx.args.force)
    except ar.AssessmentError as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    state = f"{report.locked_on:%Y年%m月%d日}锁定" if report.locked_on else "未锁定"
    text = [f"{report.period.label}教师考核（{state}）：{len(report.teachers)}位教师"]
    for t in report.teachers:
        veto = "，一票否决" if t.veto else ""
        mark = "，建议评为控辍保学先进班主任" if t.proposed else ""
        money = f"，绩效{t.amount:+g}元" if t.amount else ""
        text.append(f"{t.name}：{t.points:+g}分{money}{veto}{mark}")
        for e in report.of_teacher(t.teacher_id):
            text.append(f"  [{e.rule_label}] {e.effect}：{e.text}（{e.source}）")
    if target is not None:
        text.append(f"已导出：{target}")
    data = report.as_dict()
    data["ok"] = True
    if target is not None:
        data["out"] = str(target)
    ctx.emit(data, text)
    return 0
