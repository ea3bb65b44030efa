"""`demo [--students N]`: a realistic 九年一贯制 demo school for newcomers and benchmarks."""

from __future__ import annotations

from kongchuo_desktop.commands.context import EXIT_REFUSED, CommandError, Context


def register(sub, common) -> None:
    p = sub.add_parser("demo", parents=[common], help="建立演示学校（27个班，约1200名学生）")
    p.add_argument("--students", type=int, default=1200, metavar="N", help="学生人数（默认1200）")
    p.add_argument("--seed", type=int, default=2026, help=None)
    p.set_defaults(handler=cmd_demo)


def cmd_demo(ctx: Context) -> int:
    from kongchuo_desktop.services import demo

    if not 27 <= ctx.args.students <= 10_000:
        raise CommandError("学生人数应在27到10000之间", EXIT_REFUSED)
    ctx.folder()
    try:
        summary = demo.create_demo_school(ctx.actor, students=ctx.args.students, seed=ctx.args.seed)
    except demo.DemoError as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    ctx.emit(
        {"ok": True, **summary},
        f"已建立演示学校“{summary['school']}”：{summary['classes']} 个班，"
        f"{summary['students']} 名学生，{summary['teachers']} 名教师。",
    )
    return 0
