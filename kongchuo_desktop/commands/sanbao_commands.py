"""`coverage` (every 三包 gap, as the 三包责任 page lists them) and `assign` (set 包保 teachers from
a script)."""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.commands.context import EXIT_REFUSED, CommandError, Context, iso_date


def register(sub, common) -> None:
    p = sub.add_parser(
        "coverage",
        parents=[common],
        help="列出三包责任的缺口：无人包保的学生、无班主任的班级、未签责任书等（有缺口也返回0）",
    )
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="日期（默认今天）")
    p.set_defaults(handler=cmd_coverage)

    p = sub.add_parser(
        "assign", parents=[common], help="指定包保教师：整班或按身份证号指定部分学生，立即确认"
    )
    p.add_argument("--class", dest="class_name", required=True, metavar="班级", help="如 七年级1班")
    p.add_argument("--teacher", required=True, metavar="姓名", help="在校教师的姓名")
    p.add_argument(
        "--students",
        nargs="+",
        default=[],
        metavar="身份证号",
        help="只指定这些学生（身份证号或学籍号）；不写则全班在校学生",
    )
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="从哪天起（默认今天）")
    p.set_defaults(handler=cmd_assign)


def _gap_dict(g) -> dict:
    return {
        "kind": g.kind.value,
        "class": g.class_name,
        "class_id": g.class_id,
        "student": g.student_name,
        "student_id": g.student_id,
        "teacher": g.teacher_name,
        "teacher_id": g.teacher_id,
        "message": g.message,
        "action": g.action,
    }


def cmd_coverage(ctx: Context) -> int:
    from kongchuo_desktop.services import coverage

    day = ctx.args.date or dt.date.today()
    ctx.folder(writes=False)
    gaps = coverage.coverage(day)
    if not gaps:
        text = [f"{day:%Y-%m-%d}：三包责任没有缺口。"]
    else:
        text = [f"{day:%Y-%m-%d} 三包责任缺口 {len(gaps)} 处："]
        for g in gaps:
            who = "，".join(x for x in (g.class_name, g.student_name, g.teacher_name) if x)
            text.append(f"  [{g.kind}] {who}：{g.message}（处理：{g.action}）")
    ctx.emit(
        {
            "ok": True,
            "date": day.isoformat(),
            "count": len(gaps),
            "gaps": [_gap_dict(g) for g in gaps],
        },
        text,
    )
    return 0


def cmd_assign(ctx: Context) -> int:
    from kongchuo_desktop.errors import UserError
    from kongchuo_desktop.services import sanbao, sanbao_rows

    day = ctx.args.date or dt.date.today()
    ctx.folder()
    try:
        cls = sanbao_rows.find_class(ctx.args.class_name, day)
        teacher = sanbao_rows.find_teacher(ctx.args.teacher)
        ids = sanbao_rows.find_students(cls, ctx.args.students)
        if not ids:
            raise sanbao.SanbaoError(f"{cls.name}没有在校学生")
        sanbao.assign_students(ctx.actor, ids, teacher.id, day)
    except UserError as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    ctx.emit(
        {
            "ok": True,
            "class": cls.name,
            "teacher": teacher.name,
            "date": day.isoformat(),
            "students": len(ids),
        },
        f"已指定{teacher.name}从{day:%Y-%m-%d}起包保{cls.name}的{len(ids)}名学生。",
    )
    return 0
