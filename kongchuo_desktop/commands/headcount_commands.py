"""`headcount` (a pasted WeChat head-count, from text or a file) and `alerts` (due escalation)."""

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
        "headcount",
        parents=[common],
        help="录入班主任发来的点名消息（可同时多个班）；有问题时不保存",
    )
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="点名日期（默认今天）")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--text", metavar="TEXT", help="消息原文")
    src.add_argument("--file", metavar="FILE", help="保存消息原文的文本文件（UTF-8）")
    p.add_argument("--dry-run", action="store_true", help="只显示识别结果，不保存")
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="覆盖当天已上报的班（不加此项时，已上报的班算作问题，整条消息不保存）",
    )
    p.set_defaults(handler=cmd_headcount)

    p = sub.add_parser("alerts", parents=[common], help="列出今日应办和逾期的缺勤上报事项")
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="日期（默认今天）")
    p.set_defaults(handler=cmd_alerts)


def _report_dict(r) -> dict:
    return {
        "class": r.class_name,
        "class_id": r.class_id,
        "expected_roster": r.roster_expected,
        "expected_stated": r.expected_stated,
        "present_stated": r.present_stated,
        "present": r.present,
        "all_present": r.all_present,
        "absentees": [
            {
                "name": a.name,
                "student_id": a.student_id,
                "reason": a.reason.value if a.reason else None,
                "period": a.period.value,
                "note": a.note,
                "on_leave": a.on_leave,
                "pending_form": a.pending_form,
            }
            for a in r.absentees
        ],
        "problems": r.problems,
        "already_reported": r.overwrite_text,
        "ok": r.ok,
    }


def cmd_headcount(ctx: Context) -> int:
    from kongchuo_desktop.services import attendance

    day = ctx.args.date or dt.date.today()
    if ctx.args.file:
        path = Path(ctx.args.file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}", EXIT_USAGE)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(f"文件不是UTF-8文本：{path}", EXIT_USAGE) from exc
    else:
        text = ctx.args.text
    ctx.folder(writes=not ctx.args.dry_run)
    if problem := attendance.future_day_problem(day):
        raise CommandError(
            problem,
            EXIT_REFUSED,
            {"date": day.isoformat(), "reports": [], "problems": [problem], "saved": []},
        )
    parsed = attendance.parse_headcount(text, day)
    reports = [_report_dict(r) for r in parsed.reports]
    extra = {
        "ignored": [{"text": i.text, "why": i.why} for i in parsed.ignored],
        "other_days": [
            {"header": o.header, "date": o.date.isoformat() if o.date else None, "text": o.text}
            for o in parsed.other_days
        ],
    }
    lines = [f"{day:%Y-%m-%d} 识别到 {len(parsed.reports)} 个班："]
    for r in parsed.reports:
        absent = "、".join(
            f"{a.name}{a.reason or '（原因不明）'}"
            + ("" if a.period == "全天" else f"（{a.period}）")
            + (" — 已批准请假" if a.on_leave else " — 待补请假单" if a.pending_form else "")
            for a in r.absentees
        )
        lines.append(
            f"  {r.class_name}：应到{r.roster_expected if r.roster_expected is not None else '?'}"
            f" 实到{r.present if r.present is not None else '?'}"
            + (f" 缺勤：{absent}" if absent else "")
            + (f"　〔{r.overwrite_text}〕" if r.overwrite_text and ctx.args.overwrite else "")
        )
    lines += [f"  已忽略：{i.text}（{i.why}）" for i in parsed.ignored]
    lines += [
        f"  其他日期（{o.header}），未保存：{' '.join(o.text.split())}" for o in parsed.other_days
    ]
    problems = parsed.all_problems()
    if not ctx.args.overwrite:
        problems += [
            f"{r.class_name}：{r.overwrite_text}；确认覆盖请加 --overwrite"
            for r in parsed.reports
            if r.overwrite_text
        ]
    if problems:
        lines.append("有以下问题，没有保存（请改好消息后再录入，或在程序里逐班录入）：")
        lines += [f"  - {p}" for p in problems]
        raise CommandError(
            "\n".join(lines),
            EXIT_REFUSED,
            {
                "date": day.isoformat(),
                "reports": reports,
                "problems": problems,
                "saved": [],
                **extra,
            },
        )
    if ctx.args.dry_run:
        ctx.emit(
            {
                "ok": True,
                "dry_run": True,
                "date": day.isoformat(),
                "reports": reports,
                "saved": [],
                **extra,
            },
            [*lines, "（试运行，未保存）"],
        )
        return 0
    saved = attendance.save_parsed(
        ctx.actor, parsed, day, source="cli", overwrite=ctx.args.overwrite
    )
    ctx.emit(
        {"ok": True, "date": day.isoformat(), "reports": reports, "saved": saved, **extra},
        [*lines, f"已保存 {len(saved)} 个班。"],
    )
    return 0


def cmd_alerts(ctx: Context) -> int:
    from kongchuo_desktop.services import attendance

    day = ctx.args.date or dt.date.today()
    ctx.folder(writes=False)
    items = attendance.escalation_items(day)
    data = [
        {
            "student": a.student_name,
            "student_id": a.student_id,
            "class": a.class_name,
            "action": a.label,
            "step": a.step.value,
            "due_date": a.due_date.isoformat(),
            "state": a.state.value,
            "absent_days": a.absent_days,
            "responsible": a.responsible,
        }
        for a in items
    ]
    if not items:
        text = [f"{day:%Y-%m-%d}：没有应办或逾期的缺勤上报事项。"]
    else:
        text = [f"{day:%Y-%m-%d} 应办和逾期事项 {len(items)} 条："]
        text += [
            f"  [{a.state}] {a.due_date:%m-%d} {a.class_name} {a.student_name}"
            f"（无故缺席{a.absent_days}天）：{a.label}；责任人：{a.responsible}"
            for a in items
        ]
    ctx.emit({"ok": True, "date": day.isoformat(), "actions": data}, text)
    return 0
