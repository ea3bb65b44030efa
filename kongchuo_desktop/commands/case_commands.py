"""`cases`: the 劝返 cases of the school year (the ledger), all or only the open ones."""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.commands.context import Context, iso_date


def register(sub, common) -> None:
    p = sub.add_parser("cases", parents=[common], help="列出本学年的劝返个案（台账）")
    p.add_argument("--open", action="store_true", help="只列未销号的个案")
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="按哪天看（默认今天）")
    p.set_defaults(handler=cmd_cases)


def cmd_cases(ctx: Context) -> int:
    from kongchuo_desktop.services import case_ledger

    day = ctx.args.date or dt.date.today()
    ctx.folder(writes=False)
    rows = case_ledger.ledger_rows(today=day)
    if ctx.args.open:
        rows = [r for r in rows if r.closed_on is None]
    data = [
        {
            "id": r.id,
            "student": r.name,
            "student_id": r.student_id,
            "class": r.class_name,
            "opened": r.opened_on.isoformat(),
            "stage": r.stage,
            "stage_label": r.stage_label,
            "contacts": r.contacts,
            "last_contact": r.last_contact.isoformat() if r.last_contact else None,
            "responsible": list(r.responsible),
            "status": r.state,
            "student_status": r.status,
            "closed": r.closed_on.isoformat() if r.closed_on else None,
            "closed_as": r.close_kind or None,
        }
        for r in rows
    ]
    which = "未销号的" if ctx.args.open else ""
    if not rows:
        text = [f"没有{which}劝返个案。"]
    else:
        text = [f"{which}劝返个案 {len(rows)} 个："]
        for r in rows:
            last = f"{r.last_contact:%m-%d}" if r.last_contact else "无"
            closed = f"（{r.closed_on:%m-%d} {r.close_kind}）" if r.closed_on else ""
            text.append(
                f"  #{r.id} {r.name}（{r.class_name}）{r.opened_on:%Y-%m-%d}立案；"
                f"{r.stage_label}；联系{r.contacts}次，最近{last}；"
                f"责任人：{'、'.join(r.responsible) or '未指定'}；{r.state}{closed}"
            )
    ctx.emit({"ok": True, "date": day.isoformat(), "cases": data}, text)
    return 0
