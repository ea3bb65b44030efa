"""`backup`, `restore` and `check`: the data file's safety commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kongchuo_desktop.commands.context import (
    EXIT_REFUSED,
    EXIT_USAGE,
    CommandError,
    Context,
    add_force,
    output_target,
)
from kongchuo_desktop.errors import UserError


def register(sub, common) -> None:
    p = sub.add_parser("backup", parents=[common], help="立即备份数据（可指定保存位置）")
    p.add_argument("file", nargs="?", metavar="FILE", help="备份文件（默认：数据文件夹下backups）")
    p.add_argument(
        "--encrypt",
        action="store_true",
        help=f"加密保存（复制到U盘时用）；密码取自环境变量 {PASSWORD_VARIABLE}，否则询问两次",
    )
    add_force(p)
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", parents=[common], help="用备份文件恢复数据（先备份当前数据）")
    p.add_argument("file", metavar="FILE", help="要恢复的备份文件")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("check", parents=[common], help="检查数据文件的完整性和结构版本")
    p.set_defaults(handler=cmd_check)


PASSWORD_VARIABLE = "KONGCHUO_BACKUP_PASSWORD"


def backup_password(*, twice: bool) -> str:
    """The encrypted copy's password: KONGCHUO_BACKUP_PASSWORD, else typed at the terminal (twice
    for a new copy, so a typo cannot lock the school out of it)."""
    import getpass
    import os
    import sys

    from kongchuo_desktop.db.encrypted_copy import check_password

    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        if not sys.stdin.isatty():
            raise CommandError(
                f"需要密码：请设置环境变量 {PASSWORD_VARIABLE}，或在命令行窗口中运行以便输入密码。",
                EXIT_USAGE,
            )
        password = getpass.getpass("备份密码：")
        if twice and getpass.getpass("再输入一次：") != password:
            raise CommandError("两次输入的密码不一样，没有备份。", EXIT_REFUSED)
    if twice:
        try:
            check_password(password)
        except UserError as exc:
            raise CommandError(str(exc), EXIT_REFUSED) from exc
    return password


def cmd_backup(ctx: Context) -> int:
    from kongchuo_desktop.db import backup

    if ctx.args.encrypt:
        return _encrypted_backup(ctx)
    folder = ctx.folder(daily_backup=False, writes=not ctx.args.file)
    if ctx.args.file:
        dest = Path(ctx.args.file)
        if dest.is_dir():
            dest = dest / f"kongchuo-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite"
        if not dest.parent.is_dir():
            raise CommandError(f"文件夹不存在：{dest.parent}", EXIT_USAGE)
        output_target(ctx, dest)
        written = backup.backup_to_file(
            folder.raw_connection(), dest, ctx.data_dir, overwrite=ctx.args.force
        )
    else:
        written = folder.event_backup("manual")
    check = backup.check_file(written)
    if not check.ok:
        raise CommandError(f"备份文件校验失败：{check.message}", EXIT_REFUSED)
    ctx.emit(
        {"ok": True, "file": str(written), "students": check.students, "rows": check.rows},
        f"已备份到：{written}（学生 {check.students} 人，共 {check.rows} 行数据）",
    )
    return 0


def _encrypted_backup(ctx: Context) -> int:
    from kongchuo_desktop.db import encrypted_copy

    if not ctx.args.file:
        raise CommandError(
            "加密备份要写出文件名，例如：backup E:\\备份.kcenc --encrypt", EXIT_USAGE
        )
    dest = Path(ctx.args.file)
    if dest.is_dir():
        dest = dest / f"kongchuo-{dt.datetime.now():%Y%m%d-%H%M%S}{encrypted_copy.SUFFIX}"
    if not dest.parent.is_dir():
        raise CommandError(f"文件夹不存在：{dest.parent}", EXIT_USAGE)
    output_target(ctx, dest)
    password = backup_password(twice=True)
    folder = ctx.folder(daily_backup=False, writes=False)
    try:
        encrypted_copy.backup_live(
            folder.raw_connection(), dest, ctx.data_dir, password, overwrite=ctx.args.force
        )
    except UserError as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    ctx.emit(
        {"ok": True, "file": str(dest), "encrypted": True},
        f"已加密备份到：{dest}\n没有密码打不开它；请把密码另外记好（忘了密码，这份备份就无法恢复）。",
    )
    return 0


def cmd_restore(ctx: Context) -> int:
    from kongchuo_desktop.db import encrypted_copy

    source = Path(ctx.args.file)
    if not source.is_file():
        raise CommandError(f"找不到文件：{source}", EXIT_USAGE)
    if not encrypted_copy.is_encrypted(source):
        return _restore(ctx, source, source)
    password = backup_password(twice=False)
    try:
        with encrypted_copy.opened(source, ctx.data_dir, password) as database:
            return _restore(ctx, database, source)
    except (encrypted_copy.WrongPassword, encrypted_copy.DamagedCopy) as exc:
        raise CommandError(str(exc), EXIT_REFUSED) from exc


def _restore(ctx: Context, source: Path, shown_as: Path) -> int:
    from kongchuo_desktop.db import backup, store

    folder = ctx.folder(daily_backup=False, replacing_with=source)
    try:
        reopened, safety = store.restore(folder, source, actor=ctx.actor, shown_as=shown_as)
    except (backup.BackupError, UserError) as exc:  # UserError: the window has the folder open
        raise CommandError(str(exc), EXIT_REFUSED) from exc
    ctx.set_folder(reopened)
    check = backup.check_file(reopened.database_file)
    missing = _missing_attachments()
    ctx.emit(
        {
            "ok": True,
            "restored_from": str(shown_as),
            "safety_copy": str(safety),
            "students": check.students,
            "attachments_missing": missing,
            "notices": list(reopened.notices),
        },
        [
            f"已从 {shown_as} 恢复数据（学生 {check.students} 人）。",
            f"恢复前的数据已另存为：{safety}",
            *(
                [
                    f"有 {missing} 个附件文件没有找到或已损坏，运行 check 可以看到是哪些及其所属记录。"
                ]
                if missing
                else []
            ),
            *reopened.notices,
        ],
    )
    return 0


def _missing_attachments() -> int:
    from kongchuo_desktop.services import attachments

    return len(attachments.verify().problems)


def cmd_check(ctx: Context) -> int:
    from kongchuo_desktop.db import backup, migrations
    from kongchuo_desktop.services.demo import demo_marker

    folder = ctx.folder(daily_backup=False, writes=False, integrity=True)
    integrity = folder.db.execute_sql("PRAGMA integrity_check").fetchone()[0]
    fk_problems = folder.db.execute_sql("PRAGMA foreign_key_check").fetchall()
    version = migrations.schema_version(folder.db)
    students, rows = backup.count_rows(folder.raw_connection())
    ok = integrity == "ok" and not fk_problems
    demo = demo_marker()
    data = {
        "ok": ok,
        "integrity": integrity,
        "foreign_key_problems": len(fk_problems),
        "schema_version": version,
        "latest_schema_version": migrations.LATEST_VERSION,
        "database": str(folder.database_file),
        "students": students,
        "rows": rows,
        "demo": demo,
    }
    lines = [
        f"数据文件：{folder.database_file}",
        f"完整性检查：{'通过' if integrity == 'ok' else integrity}",
        f"外键问题：{len(fk_problems)} 处",
        f"结构版本：{version}（本程序：{migrations.LATEST_VERSION}）",
        f"学生：{students} 人，共 {rows} 行数据",
    ]
    if demo is not None:
        lines.append(f"演示数据：是（{demo.get('created', '')} 建立的演示学校）")
    att_ok, data["attachments"], att_lines = _attachments_check()
    chain_ok, data["audit_chain"], chain_lines = _audit_chain_check(folder)
    ok = data["ok"] = ok and att_ok and chain_ok
    att_lines += chain_lines
    ctx.emit(data, lines + att_lines)
    return 0 if ok else EXIT_REFUSED


def _audit_chain_check(folder) -> tuple[bool, dict, list[str]]:
    """`check`'s part for the audit trail: every line against its hash and the head file."""
    from kongchuo_desktop.services import audit_trail

    verdict = audit_trail.check_chain(folder.database_file, read_only=folder.read_only)
    if verdict.ok:
        line = f"审计日志：{verdict.rows} 条，防篡改校验通过"
        if verdict.head == "missing":
            line += "（校验文件不存在" + ("）" if folder.read_only else "，已重新建立）")
        return True, verdict.as_dict(), [line]
    return False, verdict.as_dict(), [f"审计日志：防篡改校验没有通过：{verdict.text}"]


def _attachments_check() -> tuple[bool, dict, list[str]]:
    """`check`'s part for attached files: each row's file against its hash, files no row uses."""
    from kongchuo_desktop.services import attachments

    report = attachments.verify()
    data = {
        "ok": report.ok,
        "count": report.attachments,
        "files": report.files,
        "bytes": report.total_bytes,
        "problems": [
            {
                "id": p.attachment.id,
                "file": p.attachment.original_name,
                "sha256": p.attachment.sha256,
                "kind": p.attachment.kind,
                "owner_table": p.attachment.owner_table,
                "owner_id": p.attachment.owner_id,
                "owner": p.owner,
                "problem": p.problem,
            }
            for p in report.problems
        ],
        "orphans": [str(p) for p in report.orphans],
    }
    lines = [
        f"附件：{report.attachments} 个，{report.files} 个文件，"
        f"{report.total_bytes / 1024 / 1024:.1f} MB，"
        + ("全部完好" if report.ok else f"{len(report.problems)} 个有问题")
    ]
    lines += [f"  {p.text}" for p in report.problems]
    if report.orphans:
        lines.append(
            f"附件文件夹里有 {len(report.orphans)} 个文件没有被任何记录使用（不影响数据）："
        )
        lines += [f"  {p}" for p in report.orphans[:20]]
    return report.ok, data, lines
