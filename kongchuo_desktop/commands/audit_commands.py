"""`audit`: the audit trail's lines (who changed what, when, before and after), newest first."""

from __future__ import annotations

from kongchuo_desktop.commands.context import Context, iso_date


def register(sub, common) -> None:
    p = sub.add_parser("audit", parents=[common], help="审计日志：谁在什么时候改了什么")
    p.add_argument("--user", metavar="NAME", help="只列这个用户（账号）的记录")
    p.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD", help="只列这天及以后的记录")
    p.set_defaults(handler=cmd_audit)


def cmd_audit(ctx: Context) -> int:
    from kongchuo_desktop.services import audit_trail

    ctx.folder(daily_backup=False, writes=False)
    rows = audit_trail.lines(user=ctx.args.user, since=ctx.args.since, limit=None)
    text = [
        f"{r.at}　{r.actor}　{r.action_text}{r.table_text}"
        + (f"（{r.student}）" if r.student else (f"（第 {r.row} 行）" if r.row else ""))
        + (f"　{r.changes}" if r.changes else "")
        for r in rows
    ]
    ctx.emit(
        {"ok": True, "count": len(rows), "lines": [r.as_dict() for r in rows]},
        [*text, f"共 {len(rows)} 条审计记录"],
    )
    return 0
