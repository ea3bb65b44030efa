"""`import-roster`, `export-roster`, `student-status`: the roster from the command line, with the
same services (and so the same rules) as the window."""

from __future__ import annotations

import sys
from pathlib import Path

from kongchuo_desktop.commands.context import (
    EXIT_REFUSED,
    EXIT_USAGE,
    CommandError,
    Context,
    add_encrypt,
    add_output_file,
    encrypt_password,
    encrypted_name,
    iso_date,
    output_target,
)
from kongchuo_desktop.errors import user_text

CONFIRM_BY_FLAG = "确认要新建这个班，请加 --create-classes"
ACCEPT_BY_FLAG = "确认无误请加 --accept-status"


def register(sub, common) -> None:
    p = sub.add_parser(
        "import-roster", parents=[common], help="导入学籍系统导出的花名册（.xlsx 或 .xls）"
    )
    p.add_argument("file", metavar="FILE", help="Excel文件")
    p.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
    p.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，只导入没有问题的行")
    p.add_argument(
        "--create-classes",
        action="store_true",
        help="新建文件中有、本校还没有的班级（不加时，这些班的行算作错误）",
    )
    p.add_argument(
        "--accept-status",
        action="store_true",
        help="确认新学生按文件中的学籍状态（转出、休学、疑似辍学等，在校、转入、随班就读以外的）"
        "建档（不加时，这些行算作错误）",
    )
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export-roster", parents=[common], help="导出花名册到 .xlsx（可再导入）")
    p.add_argument("out", nargs="?", metavar="OUT.xlsx", help="导出文件（也可写作 --out FILE）")
    add_output_file(p, "导出文件（与 OUT.xlsx 相同，二者只写一个）")
    p.add_argument("--class", dest="class_name", metavar="班级", help="只导出一个班，如 七年级1班")
    add_encrypt(p)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser(
        "student-status",
        parents=[common],
        help="办理学籍变动，或撤销最近一次学籍变动（与窗口中规则相同）",
    )
    p.add_argument("--id", required=True, metavar="身份证号或学籍号")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--set", dest="status", metavar="状态")
    what.add_argument(
        "--undo",
        action="store_true",
        help="撤销最近一次学籍变动（恢复为变动前的状态；变动保留在记录中，标为已撤销）",
    )
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="变动日期（--set 时必填）")
    p.add_argument("--reason", required=True, metavar="原因", help="变动原因，或撤销的原因")
    p.add_argument(
        "--documents", default="", metavar="材料", help="看过的材料，如 书面申请、医院证明"
    )
    p.add_argument("--approved-by", default="", metavar="审批人")
    p.add_argument("--until", type=iso_date, metavar="YYYY-MM-DD", help="延缓入学/休学的截止日期")
    p.add_argument(
        "--detail",
        action="append",
        default=[],
        metavar="手续=内容",
        help="审批手续，可重复：转出 需 书面申请、班主任意见、接收学校、分管校长审批；"
        "休学 需 书面申请、医疗证明",
    )
    p.set_defaults(handler=cmd_status)


def cmd_import(ctx: Context) -> int:
    from kongchuo_desktop.services import roster_import as ri

    folder = ctx.folder(writes=not ctx.args.dry_run)
    try:
        sheet = ri.read_sheet(Path(ctx.args.file))
    except ri.RosterImportError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    try:
        plan = ri.make_import_plan(
            sheet,
            create_classes=ctx.args.create_classes,
            how_to_confirm=CONFIRM_BY_FLAG,
            accept_status=ctx.args.accept_status,
            how_to_accept=ACCEPT_BY_FLAG,
        )
    except ri.RosterImportError as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    data = plan.summary()
    lines = [
        f"文件：{ctx.args.file}（工作表“{sheet.sheet_name}”，表头在第{sheet.header_row}行）",
        f"新学生 {len(plan.new)} 人，有变化 {len(plan.updated)} 人，"
        f"无变化 {len(plan.unchanged)} 人，"
        f"有错误的行 {len(plan.bad_rows)} 行，在本系统但不在文件中 {len(plan.missing)} 人",
    ]
    if sheet.note:
        lines.append(sheet.note)
    if sheet.unmapped():
        lines.append(f"未识别的列（不导入）：{'、'.join(sheet.unmapped())}")
    if plan.new_classes:
        lines.append(f"将新建班级：{'、'.join(data['new_classes'])}")
    if plan.unconfirmed_classes:
        names = "、".join(data["unconfirmed_classes"])
        lines.append(f"学校没有的班级（未新建，这些行算作错误）：{names}")
    for p in plan.problems:
        lines.append(f"  第{p.row}行 [{p.column}] {p.severity}：{p.message}")
    refused = plan.refused and not ctx.args.skip_invalid
    if ctx.args.dry_run or refused:
        data["written"] = False
        if refused:
            lines.append("文件有错误，未导入任何数据（加 --skip-invalid 只导入没有问题的行）。")
            if plan.unconfirmed_classes:
                lines.append("确认要新建上面这些班级，请加 --create-classes 重新导入。")
            if any(ACCEPT_BY_FLAG in p.message for p in plan.errors):
                lines.append("确认上面这些新学生的学籍状态无误，请加 --accept-status 重新导入。")
        else:
            lines.append("（--dry-run：未写入）")
        ctx.emit(data, lines)
        return EXIT_REFUSED if refused else 0
    result = ri.apply_plan(ctx.actor, plan, skip_invalid=ctx.args.skip_invalid, folder=folder)
    data["written"] = True
    data["backup"] = str(result.backup) if result.backup else ""
    lines.append(f"已导入。导入前的数据已备份到：{result.backup}")
    ctx.emit(data, lines)
    return 0


def cmd_export(ctx: Context) -> int:
    from kongchuo_desktop.services import export_record
    from kongchuo_desktop.services import roster_export as rx
    from kongchuo_desktop.services.school_setup import the_school

    if ctx.args.out and ctx.args.out_file:
        raise CommandError("导出文件只写一个：OUT.xlsx 或 --out FILE，不要同时给出", EXIT_USAGE)
    if not (ctx.args.out or ctx.args.out_file):
        raise CommandError("请给出导出文件，例如 export-roster 花名册.xlsx", EXIT_USAGE)
    password = encrypt_password(ctx)
    out = output_target(ctx, encrypted_name(ctx.args.out or ctx.args.out_file, password))
    ctx.folder(writes=False)  # recorded in the audit trail, unless the folder is read-only
    try:
        students = rx.students_for_export(class_name=ctx.args.class_name)
        school = the_school()
        title = f"{school.name if school else ''}{ctx.args.class_name or ''}学生花名册"
        out = export_record.write_export(
            ctx.actor,
            "学生花名册",
            len(students),
            out,
            lambda path: rx.export_roster(path, students, title=title, overwrite=ctx.args.force),
            password=password,
            overwrite=ctx.args.force,
        )
    except rx.ExportError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from exc
    except OSError as exc:
        # Named by the file the clerk asked for, not the temporary file it failed in.
        reason = user_text(OSError(exc.errno, exc.strerror))
        raise CommandError(f"无法写入 {out}：{reason}", EXIT_USAGE) from exc
    if not export_record.can_record():
        print(f"注意：{export_record.NOT_RECORDED}", file=sys.stderr)
    ctx.emit(
        {"ok": True, "file": str(out), "students": len(students), "encrypted": bool(password)},
        f"已导出 {len(students)} 名学生到：{out}" + ("（已加密）" if password else ""),
    )
    return 0


def cmd_status(ctx: Context) -> int:
    from kongchuo_desktop.db.models import Student
    from kongchuo_desktop.services.student_status import StatusChangeError, change_status

    ctx.folder()
    key = ctx.args.id.strip().upper()
    student = Student.get_or_none(Student.id_number == key) or Student.get_or_none(
        Student.student_number == key
    )
    if student is None:
        raise CommandError(f"没有身份证号或学籍号为 {key} 的学生", EXIT_REFUSED)
    if ctx.args.undo:
        return _undo_status(ctx, student)
    if ctx.args.date is None:
        raise CommandError("办理学籍变动需要 --date YYYY-MM-DD（变动日期）", EXIT_USAGE)
    details = {}
    for item in ctx.args.detail:
        if "=" not in item:
            raise CommandError(f"--detail 应写作 手续=内容（不是“{item}”）", EXIT_USAGE)
        k, v = item.split("=", 1)
        details[k.strip()] = v.strip()
    until = ctx.args.until
    before = student.status
    try:
        change = change_status(
            ctx.actor,
            student,
            ctx.args.status,
            ctx.args.date,
            ctx.args.reason,
            ctx.args.documents,
            ctx.args.approved_by,
            until=until,
            details=details or None,
        )
    except StatusChangeError as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    ctx.emit(
        {
            "ok": True,
            "student": student.name,
            "from": before,
            "to": change.status,
            "date": change.date.isoformat(),
        },
        f"{student.name}：{before} → {change.status}（{change.date}）",
    )
    return 0


def _undo_status(ctx: Context, student) -> int:
    from kongchuo_desktop.db.models import Student
    from kongchuo_desktop.services.student_status import StatusChangeError, undo_status_change

    before = student.status
    try:
        change = undo_status_change(ctx.actor, student.id, ctx.args.reason)
    except StatusChangeError as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    after = Student.get_by_id(student.id).status
    ctx.emit(
        {
            "ok": True,
            "student": student.name,
            "from": before,
            "to": after,
            "withdrawn": change.status,
            "withdrawn_date": change.date.isoformat(),
        },
        f"{student.name}：已撤销 {change.date} 的“{change.status}”，恢复为“{after}”",
    )
    return 0
