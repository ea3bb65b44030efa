"""`setup --school NAME --type 小学|初中|九年一贯制 --classes N …`: the first-run wizard's school
set-up from the command line, for a bureau preparing many PCs and for scripts."""

from __future__ import annotations

import datetime as dt

from kongchuo_desktop.commands.context import (
    EXIT_REFUSED,
    EXIT_USAGE,
    CommandError,
    Context,
    iso_date,
)
from kongchuo_desktop.domain.grades import SCHOOL_TYPE_GRADES, SCHOOL_TYPES


def register(sub, common) -> None:
    p = sub.add_parser(
        "setup", parents=[common], help="建立本校（学校、年级班级和本学期），代替第一次打开时的向导"
    )
    p.add_argument("--school", required=True, metavar="学校名称")
    p.add_argument("--type", dest="school_type", required=True, metavar="|".join(SCHOOL_TYPES))
    p.add_argument(
        "--classes", type=int, required=True, metavar="N", help="每个年级的班级数（1到30）"
    )
    p.add_argument("--county", default="", metavar="县（区）")
    p.add_argument("--township", default="", metavar="乡镇")
    p.add_argument("--term-start", type=iso_date, metavar="YYYY-MM-DD", help="本学期开始日期")
    p.add_argument("--term-end", type=iso_date, metavar="YYYY-MM-DD", help="本学期结束日期")
    p.set_defaults(handler=cmd_setup)


def cmd_setup(ctx: Context) -> int:
    from kongchuo_desktop.domain.school_year import likely_term
    from kongchuo_desktop.services.school_setup import SchoolSetup, SetupError, set_up_school

    a = ctx.args
    if a.school_type not in SCHOOL_TYPE_GRADES:
        raise CommandError(
            f"--type 应为 {'、'.join(SCHOOL_TYPES)} 之一（不是“{a.school_type}”）", EXIT_USAGE
        )
    if not 1 <= a.classes <= 30:
        raise CommandError(f"--classes 应在1到30之间（不是{a.classes}）", EXIT_USAGE)
    if (a.term_start is None) != (a.term_end is None):
        raise CommandError("--term-start 和 --term-end 要一起给出", EXIT_USAGE)
    guess_start, guess_end, semester = likely_term(dt.date.today())
    start, end = (a.term_start, a.term_end) if a.term_start else (guess_start, guess_end)
    if a.term_start:  # a 第二学期 starts in the new calendar year, after the winter holiday
        semester = 2 if 2 <= start.month <= 7 else 1
    setup = SchoolSetup(
        name=a.school,
        county=a.county,
        township=a.township,
        school_type=a.school_type,
        classes_per_grade=dict.fromkeys(SCHOOL_TYPE_GRADES[a.school_type], a.classes),
        term_start=start,
        term_end=end,
        semester=semester,
    )
    ctx.folder()
    try:
        school = set_up_school(setup, ctx.actor)
    except SetupError as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    classes = a.classes * len(SCHOOL_TYPE_GRADES[a.school_type])
    term = f"第{'一二'[semester - 1]}学期 {start} 至 {end}"
    ctx.emit(
        {
            "ok": True,
            "school": school.name,
            "type": a.school_type,
            "classes": classes,
            "term_start": start.isoformat(),
            "term_end": end.isoformat(),
            "semester": semester,
        },
        [
            f"已建立“{school.name}”（{a.school_type}）：{classes} 个班，{term}。",
            "下一步：kongchuo import-roster 学籍系统导出的花名册.xlsx",
        ],
    )
    return 0
