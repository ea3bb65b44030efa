"""`risk`: the 易辍生预警 ranked list — student, class, score, level and the reasons with points."""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.commands.context import EXIT_USAGE, CommandError, Context, iso_date


def _positive(text: str) -> int:
    import argparse

    try:
        n = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from exc
    if n < 1:
        raise argparse.ArgumentTypeError("至少为1")
    return n


def register(sub, common) -> None:
    p = sub.add_parser(
        "risk",
        parents=[common],
        help="易辍生预警：按设置中的规则计分排名，列出每名学生的原因",
    )
    p.add_argument("--class", dest="class_name", metavar="班级", help="只列一个班，如 七年级1班")
    p.add_argument("--top", type=_positive, metavar="N", help="只列得分最高的 N 名")
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="按哪天计算（默认今天）")
    p.set_defaults(handler=cmd_risk)


def cmd_risk(ctx: Context) -> int:
    from kongchuo_desktop.services import risk_score
    from kongchuo_desktop.services.attendance import class_choices

    day = ctx.args.date or dt.date.today()
    ctx.folder(writes=False)
    rows = risk_score.scores(day)
    wanted = ctx.args.class_name
    if wanted:
        names = [c.name for c in class_choices(day)]
        if wanted not in names:
            raise CommandError(
                f"没有“{wanted}”这个班级；现有班级：{'、'.join(names) or '无'}", EXIT_USAGE
            )
        rows = [r for r in rows if r.class_name == wanted]
    if ctx.args.top:
        rows = rows[: ctx.args.top]
    data = [
        {
            "rank": r.rank,
            "student": r.name,
            "student_id": r.student_id,
            "class": r.class_name,
            "score": r.score,
            "level": r.level,
            "needs_helper": r.needs_helper,
            "reasons": [{"text": x.text, "points": x.points} for x in r.reasons],
        }
        for r in rows
    ]
    where = f"{wanted} " if wanted else ""
    if not rows:
        text = [f"{day:%Y-%m-%d} {where}没有得分大于0的学生。"]
    else:
        text = [f"{day:%Y-%m-%d} {where}易辍生预警（{len(rows)} 名，按得分排名）："]
        text += [
            f"  {r.rank:>4}. {r.class_name} {r.name}　{r.score} 分（{r.level}）：{r.explanation}"
            for r in rows
        ]
    ctx.emit({"ok": True, "date": day.isoformat(), "students": data}, text)
    return 0
