"""The one-time recovery code (issue 17): a school has no IT support, so a forgotten 管理员
password must never mean lost data. The code is printed once, for the principal's drawer; only its
hash is stored (services.passwords). Typed at 「忘记密码」, it sets a new password for a 管理员
account (unlocked and in use again), and is then replaced by a new code, shown and printed again.

The code lives in the database like the accounts: a restored backup brings back the code that was
current when it was made — the sheet printed then still opens it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kongchuo_desktop.db.account_models import Account, RecoveryCode
from kongchuo_desktop.db.connection import current as current_db
from kongchuo_desktop.domain.permissions import ADMIN, Action
from kongchuo_desktop.services import access, accounts, audit, passwords
from kongchuo_desktop.services.accounts import AccountError

RECOVERY_ACTOR = "恢复码（{name}）"


@dataclass(frozen=True)
class RecoverySheet:
    """What the printed sheet says."""

    school: str
    code: str
    admin_names: tuple[str, ...]
    made_on: dt.date

    def lines(self) -> list[str]:
        admins = "、".join(self.admin_names) or "管理员"
        return [
            f"学校：{self.school}",
            f"生成日期：{self.made_on:%Y年%m月%d日}",
            f"管理员账号：{admins}",
            f"恢复码：{self.code}",
            "用途：忘记管理员密码时，在登录窗口点“忘记密码”，输入这个恢复码，"
            "即可为管理员重设密码。",
            "恢复码只能用一次：用过之后程序会生成新的恢复码，请把新的恢复码重新打印保存，"
            "并销毁这一张。",
            "请把这张纸锁在校长办公室的抽屉或保险柜里，不要拍照、不要发到微信群。"
            "拿到它的人可以重设管理员密码。",
            "从备份恢复数据后，需要用做那份备份时有效的恢复码（或当时的管理员密码）登录。",
        ]


def has_code() -> bool:
    return RecoveryCode.select().exists()


def _replace(actor: str) -> str:
    code = passwords.new_recovery_code()
    for old in RecoveryCode.select():
        audit.record(actor, old, "delete", {"code_hash": accounts.MASKED}, None)
        old.delete_instance()
    row = RecoveryCode.create(code_hash=passwords.hash_secret(code), created_by=actor)
    audit.record(actor, row, "insert", None, {"code_hash": accounts.MASKED, "created_by": actor})
    return code


def issue_code() -> str:
    """A new recovery code (the old one stops working); shown once, never stored in the clear.
    管理员 only — or the first start, before any account can be signed in."""
    with current_db().atomic():
        if accounts.has_accounts() and has_code():
            actor = access.require(Action.MANAGE_USERS, where="生成恢复码").name
        else:
            actor = access.current().name
        return _replace(actor)


def _admin(name: str | None) -> Account:
    if name:
        account = Account.get_or_none(Account.name == name.strip())
        if account is None or ADMIN not in accounts.role_list(account.roles):
            raise AccountError(f"“{name}”不是管理员账号；恢复码只能重设管理员的密码。")
        return account
    admins = [
        a for a in Account.select().order_by(Account.id) if ADMIN in accounts.role_list(a.roles)
    ]
    if not admins:
        raise AccountError("这份数据里没有管理员账号。")
    active = [a for a in admins if a.active]
    return (active or admins)[0]


def code_matches(code: str) -> bool:
    row = RecoveryCode.select().order_by(RecoveryCode.id.desc()).first()
    if row is None:
        passwords.spend_time()
        return False
    return passwords.matches(passwords.normal_code(code), row.code_hash)


def reset_with_code(
    code: str, new_password: str, admin_name: str | None = None
) -> tuple[Account, str]:
    """Set a 管理员's password with the recovery code; the account is unlocked and in use again.
    Returns the account and the NEW recovery code (the one typed no longer works)."""
    problem = accounts.password_problem(new_password)
    if problem:
        raise AccountError(problem)
    if not has_code():
        raise AccountError(
            "这份数据还没有恢复码（例如演示学校）。请用另一个管理员账号登录重设密码，"
            "或在命令行运行 kongchuo user add 新名字 --role 管理员 建立新的管理员。"
        )
    if not code_matches(code):
        raise AccountError("恢复码不对。请对照打印的恢复码纸，注意是最新的一张。")
    with current_db().atomic():
        account = _admin(admin_name)
        actor = RECOVERY_ACTOR.format(name=account.name)
        accounts.set_password(account, actor, new_password, enable=True)
        new_code = _replace(actor)
    return account, new_code


def sheet(code: str, school: str, today: dt.date | None = None) -> RecoverySheet:
    admins = tuple(
        a.name
        for a in Account.select().where(Account.active == True).order_by(Account.id)  # noqa: E712
        if ADMIN in accounts.role_list(a.roles)
    )
    return RecoverySheet(school, code, admins, today or dt.date.today())
