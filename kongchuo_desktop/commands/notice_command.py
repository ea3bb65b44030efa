"""`notice`: a notice about a 劝返 case, or the 家访记录表 of one contact, as an A4 PDF.

    kongchuo notice --case 3 --kind 限期复学通知书 --out 通知书.pdf [--again] [--date D]
    kongchuo notice --contact 12 --out 家访记录表.pdf

A second notice of the same kind for the same case is refused (exit 1, saying when the first was
issued) unless --again. The notice is recorded (number, day, deadline) only once its PDF is
written: a PDF that cannot be written leaves nothing recorded.
"""

from __future__ import annotations

import datetime as dt
import os

from kongchuo_desktop.commands.context import (
    EXIT_REFUSED,
    EXIT_USAGE,
    CommandError,
    Context,
    add_output_file,
    iso_date,
    output_target,
)

KINDS = ("劝返通知书", "返校通知书", "辍学报告单", "限期复学通知书")


def register(sub, common) -> None:
    p = sub.add_parser(
        "notice",
        parents=[common],
        help="把个案的通知书（或一次家访的家访记录表）保存为A4 PDF，并登记编号和期限",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", type=int, metavar="N", help="个案编号（见 kongchuo cases --json）")
    which.add_argument("--contact", type=int, metavar="N", help="家访记录编号：打印家访记录表")
    p.add_argument("--kind", choices=KINDS, help="通知书类别（与 --case 一起用）")
    p.add_argument("--again", action="store_true", help="同一个案已发过同类通知书时，仍再发一份")
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="发文日期（默认今天）")
    add_output_file(p, "保存的PDF文件")
    p.set_defaults(handler=cmd_notice)


def cmd_notice(ctx: Context) -> int:
    args = ctx.args
    if not args.out_file:
        raise CommandError("请用 --out 指定要保存的PDF文件", EXIT_USAGE)
    if args.case is not None and not args.kind:
        raise CommandError(f"请用 --kind 指定通知书类别：{'、'.join(KINDS)}", EXIT_USAGE)
    if args.contact is not None and args.kind:
        raise CommandError("家访记录表不需要 --kind（只用 --contact 和 --out）", EXIT_USAGE)
    target = output_target(ctx, args.out_file)
    if target.suffix.lower() != ".pdf":
        raise CommandError(f"通知书要保存为 .pdf 文件（不是“{target.name}”）", EXIT_USAGE)
    ctx.folder()
    # Qt draws the PDF; without a screen (a server, a scheduled task) it draws offscreen.
    if "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A QApplication (not only a QGuiApplication): the command may run inside a program that
    # shows windows later (the tests do), and Qt allows one application object per process.
    from PySide6.QtWidgets import QApplication

    from kongchuo_desktop.services import notices
    from kongchuo_desktop.views.notice_printing import write_notice_pdf

    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept alive while drawing
    day = args.date or dt.date.today()
    written: list[tuple] = []

    def write(document) -> None:
        written.append(write_notice_pdf(document, target, overwrite=args.force))

    try:
        if args.case is not None:
            printed = notices.issue_for_case(
                ctx.actor, args.case, args.kind, day, again=args.again, write=write
            )
        else:
            printed = notices.visit_record(ctx.actor, args.contact, day, write=write)
    except notices.NoticeAlreadyIssued as exc:
        first = exc.first
        raise CommandError(
            f"{first.person_name}的{first.kind.value}已于{first.issued_on:%Y-%m-%d}发出"
            f"（{first.number}），没有再发。确需再发一份请加 --again。",
            EXIT_REFUSED,
            {
                "first": {
                    "id": first.id,
                    "number": first.number,
                    "issued_on": first.issued_on.isoformat(),
                }
            },
        ) from exc
    path, pages = written[0]
    n = printed.notice
    ctx.emit(
        {
            "ok": True,
            "id": n.id,
            "kind": n.kind.value,
            "number": n.number,
            "issued_on": n.issued_on.isoformat(),
            "deadline": n.deadline.isoformat() if n.deadline else None,
            "case": n.case_id,
            "contact": n.contact_id,
            "student": n.person_name,
            "again": printed.again,
            "file": str(path),
            "pages": pages,
        },
        [
            f"已保存{n.kind.value}（{n.number}）：{path}（{pages}页）",
            *(
                [f"返校期限：{n.deadline:%Y-%m-%d}（期限过后仍未返校，首页显示已逾期）"]
                if n.deadline
                else []
            ),
            *(["注意：这个个案已发过同类通知书，这是再发的一份。"] if printed.again else []),
        ],
    )
    return 0
