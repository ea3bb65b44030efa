"""`user add | list | disable`: the program's accounts from the command line (issue 17).

The command line itself acts as the system user (whoever can run it can read the file anyway), so
these work without signing in — which is also how a school whose every 管理员 is gone gets back
in. The password comes from KONGCHUO_PASSWORD, or is typed twice at the terminal.
"""

from __future__ import annotations

import os
import sys

from kongchuo_desktop.commands.context import EXIT_REFUSED, EXIT_USAGE, CommandError, Context
from kongchuo_desktop.domain.permissions import ACCOUNT_ROLES

PASSWORD_VARIABLE = "KONGCHUO_PASSWORD"


def register(sub, common) -> None:
    p = sub.add_parser("user", parents=[common], help="程序账号：添加、列出、停用")
    actions = p.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    p_add = actions.add_parser("add", parents=[common], help="添加账号（第一个账号必须是管理员）")
    p_add.add_argument("name", metavar="NAME", help="账号名称")
    p_add.add_argument(
        "--role",
        action="append",
        required=True,
        choices=ACCOUNT_ROLES,
        help="角色（可重复，一个账号可有多个角色）：" + "|".join(ACCOUNT_ROLES),
    )
    p_add.add_argument("--teacher", metavar="姓名", help="关联的教师（教师名单里的姓名）")
    p_add.add_argument(
        "--class",
        dest="classes",
        action="append",
        default=[],
        metavar="七年级1班",
        help="班主任负责的班级（可重复）",
    )
    p_add.set_defaults(handler=cmd_user_add)
    p_list = actions.add_parser("list", parents=[common], help="列出账号（不显示密码）")
    p_list.set_defaults(handler=cmd_user_list)
    p_off = actions.add_parser("disable", parents=[common], help="停用账号（记录保留）")
    p_off.add_argument("name", metavar="NAME", help="账号名称")
    p_off.set_defaults(handler=cmd_user_disable)


def account_password() -> str:
    """KONGCHUO_PASSWORD, else typed twice at the terminal."""
    import getpass

    password = os.environ.get(PASSWORD_VARIABLE)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CommandError(
            f"需要密码：请设置环境变量 {PASSWORD_VARIABLE}，或在命令行窗口中运行以便输入密码。",
            EXIT_USAGE,
        )
    password = getpass.getpass("新账号的密码：")
    if getpass.getpass("再输入一次：") != password:
        raise CommandError("两次输入的密码不一样，没有添加账号。", EXIT_REFUSED)
    return password


def cmd_user_add(ctx: Context) -> int:
    from kongchuo_desktop.services import account_recovery, accounts

    ctx.folder(daily_backup=False)
    args = ctx.args
    first = not accounts.has_accounts()
    teacher_id = accounts.find_teacher(args.teacher).id if args.teacher else None
    class_ids = accounts.find_classes(args.classes)
    password = account_password()
    account = accounts.create_account(
        args.name,
        password,
        args.role,
        teacher_id=teacher_id,
        class_ids=class_ids,
        actor=ctx.actor,
    )
    row = accounts.account_row(account.name)
    data = {"ok": True, "account": row.as_dict()}
    text = [f"已添加账号“{row.name}”（{'、'.join(row.roles)}）。"]
    if first or not account_recovery.has_code():
        code = account_recovery.issue_code()
        data["recovery_code"] = code
        text += [
            f"恢复码：{code}",
            "请抄下或打印这个恢复码，锁在校长办公室：忘记管理员密码时凭它重设。它只显示这一次。",
        ]
    ctx.emit(data, text)
    return 0


def cmd_user_list(ctx: Context) -> int:
    from kongchuo_desktop.services import accounts

    ctx.folder(daily_backup=False, writes=False)
    rows = accounts.list_accounts()
    text = [_line(r) for r in rows]
    ctx.emit(
        {"ok": True, "count": len(rows), "users": [r.as_dict() for r in rows]},
        [*text, f"共 {len(rows)} 个账号"] if rows else "还没有账号。",
    )
    return 0


def _line(r) -> str:
    parts = [r.name, "、".join(r.roles)]
    if r.class_names:
        parts.append(f"班级：{'、'.join(r.class_names)}")
    if r.teacher_name:
        parts.append(f"关联教师：{r.teacher_name}")
    parts.append("在用" if r.active else "已停用")
    parts.append(f"最近登录：{r.last_login:%Y-%m-%d %H:%M}" if r.last_login else "从未登录")
    return "　".join(parts)


def cmd_user_disable(ctx: Context) -> int:
    from kongchuo_desktop.services import accounts

    ctx.folder(daily_backup=False)
    accounts.disable(ctx.args.name, actor=ctx.actor)
    ctx.emit({"ok": True, "name": ctx.args.name.strip()}, f"已停用账号“{ctx.args.name.strip()}”。")
    return 0
