"""`report`: the month report written into the bureau's template (or the one that ships), with
what was filled and what was not understood."""

from __future__ import annotations

from kongchuo_desktop.commands.context import (
    EXIT_USAGE,
    CommandError,
    Context,
    add_output_file,
    output_target,
)


def register(sub, common) -> None:
    p = sub.add_parser(
        "report",
        parents=[common],
        help="生成月报：按县教育局的Excel模板填写某月的数字和名单",
    )
    p.add_argument("--month", required=True, metavar="YYYY-MM", help="报告月份，如 2026-11")
    p.add_argument("--template", metavar="FILE", help="县教育局的模板（.xlsx；默认用程序自带的）")
    add_output_file(p, "填好的月报（.xlsx）")
    p.set_defaults(handler=cmd_report)


def cmd_report(ctx: Context) -> int:
    from pathlib import Path

    from kongchuo_desktop.domain.month_period import parse_month
    from kongchuo_desktop.errors import UserError
    from kongchuo_desktop.paths import resource_path
    from kongchuo_desktop.services import export_record, month_report, report_mappings
    from kongchuo_desktop.services.report_template import open_template

    if not ctx.args.out_file:
        raise CommandError("请用 --out 给出月报文件，例如 --out 十一月月报.xlsx", EXIT_USAGE)
    try:
        year, month = parse_month(ctx.args.month)
    except UserError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    template = Path(ctx.args.template or resource_path("templates", "控辍保学月报模板.xlsx"))
    out = output_target(ctx, ctx.args.out_file)
    ctx.folder(writes=False)  # recorded in the audit trail, unless the folder is read-only
    try:
        fingerprint = open_template(template).fingerprint
        report = month_report.build(year, month)
        plan = month_report.write(
            template,
            report,
            out,
            report_mappings.corrections_for(fingerprint),
            overwrite=ctx.args.force,
            data_dir=ctx.data_dir,
        )
        export_record.record_report(ctx.actor, report, out)
    except UserError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    missing = plan.not_understood()
    data = {
        "ok": True,
        "month": report.period.key,
        "period": {"first": report.period.first, "last": report.period.last},
        "due": report.period.due,
        "zero_report": report.zero,
        "out": str(out),
        "template": str(template),
        "marked": plan.marked,
        "filled": plan.summary(),
        "not_understood": missing,
        "notes": report.note_lines(),
        "figures": report.data.figures,
    }
    text = [f"{report.period.title}月报已写入 {out}" + ("（零报告）" if report.zero else "")]
    text += [f"  {line}" for line in report.note_lines()]
    text.append("已填写：")
    text += [f"  {line}" for line in plan.summary()]
    if missing:
        text.append(f"没有认出（{len(missing)} 处，已留空）：")
        text += [f"  {line}" for line in missing]
    else:
        text.append("模板的各部分都已认出。")
    ctx.emit(data, text)
    return 0
