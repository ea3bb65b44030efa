"""The program's accounts (issue 17): create, sign in, passwords, roles, classes, disable, list,
and the Actor an account acts as (services.access).

Every change goes through the audit trail, with the password hash masked: a line says that the
password changed, never what it is. A sign-in is an audit line too (最近登录), and so is each
wrong try (the count an office asks about after a lock). Changing accounts needs
Action.MANAGE_USERS (管理员) — except the very first account, which is made while nobody can be
signed in, and must be a 管理员. The recovery code lives in services.account_recovery.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kongchuo_desktop import settings
from kongchuo_desktop.account_setting_specs import (
    LOCK_MINUTES,
    MAX_FAILED_TRIES,
    MIN_PASSWORD_LENGTH,
)
from kongchuo_desktop.db.account_models import Account, AccountClass
from kongchuo_desktop.db.connection import current as current_db
from kongchuo_desktop.db.models import SchoolClass, Teacher
from kongchuo_desktop.domain import roster_values
from kongchuo_desktop.domain.grades import class_name
from kongchuo_desktop.domain.permissions import ACCOUNT_ROLES, ADMIN, Action
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, audit, passwords
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.services.class_choice import ClassChoice
from kongchuo_desktop.services.teachers import headed_classes

MASKED = "******"
PASSWORD_CHANGED = "（已更改）"


class AccountError(UserError, ValueError):
    """A refused account change or sign-in, in Chinese."""


@dataclass(frozen=True)
class AccountRow:
    """One account as 设置 → 账号 and `kongchuo user list` show it (never its hash)."""

    id: int
    name: str
    roles: tuple[str, ...]
    teacher_id: int | None
    teacher_name: str
    class_ids: tuple[int, ...]  # given by hand (--class), not those of the linked teacher
    class_names: tuple[str, ...]
    active: bool
    last_login: dt.datetime | None
    locked_until: dt.datetime | None

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "role": list(self.roles),  # the field name; an account may hold several
            "teacher": self.teacher_name or None,
            "classes": list(self.class_names),
            "active": self.active,
            "last_login": self.last_login.isoformat(sep=" ") if self.last_login else None,
        }


# --- reading -------------------------------------------------------------------------------


def has_accounts() -> bool:
    """Whether the data has any account yet (no: the window asks for the first 管理员)."""
    return Account.select().exists()


def count() -> int:
    return Account.select().count()


def role_list(text: str) -> tuple[str, ...]:
    held = {r for r in text.split(",") if r}
    return tuple(r for r in ACCOUNT_ROLES if r in held)


def _row(account: Account) -> AccountRow:
    links = list(
        AccountClass.select(AccountClass, SchoolClass)
        .join(SchoolClass)
        .where(AccountClass.account == account.id)
        .order_by(SchoolClass.grade, SchoolClass.number)
    )
    teacher = Teacher.get_or_none(Teacher.id == account.teacher_id) if account.teacher_id else None
    return AccountRow(
        id=account.id,
        name=account.name,
        roles=role_list(account.roles),
        teacher_id=account.teacher_id,
        teacher_name=teacher.name if teacher else "",
        class_ids=tuple(link.school_class.id for link in links),
        class_names=tuple(
            class_name(link.school_class.grade, link.school_class.number) for link in links
        ),
        active=account.active,
        last_login=account.last_login,
        locked_until=account.locked_until,
    )


def list_accounts() -> list[AccountRow]:
    return [_row(a) for a in Account.select().order_by(Account.id)]


def account_row(name: str) -> AccountRow:
    return _row(_named(name))


def names(active_only: bool = True) -> list[str]:
    query = Account.select(Account.name).order_by(Account.id)
    if active_only:
        query = query.where(Account.active == True)  # noqa: E712 - peewee expression
    return [a.name for a in query]


def _named(name: str) -> Account:
    account = Account.get_or_none(Account.name == name.strip())
    if account is None:
        raise AccountError(f"没有名为“{name}”的账号。")
    return account


def to_actor(account: Account | AccountRow) -> access.Actor:
    """The Actor the window signs in as: the account's roles, the classes it was given plus those
    its linked teacher heads this school year, and that teacher (for 包保 students)."""
    row = account if isinstance(account, AccountRow) else _row(account)
    classes = set(row.class_ids)
    if row.teacher_id is not None:
        classes |= {c.id for c in headed_classes(row.teacher_id)}
    return access.Actor(
        name=row.name,
        roles=frozenset(row.roles),
        class_ids=frozenset(classes),
        teacher_id=row.teacher_id,
        account_id=row.id,
    )


# --- checks ----------------------------------------------------------------------------------


def password_problem(password: str) -> str | None:
    shortest = settings.get(MIN_PASSWORD_LENGTH.key)
    if len(password) < shortest:
        return f"密码至少要 {shortest} 位（现在是 {len(password)} 位）。"
    if password.strip() != password:
        return "密码的开头和结尾不能是空格。"
    return None


def _check_password(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)


def _checked_roles(roles: Iterable[str]) -> str:
    given = [r.strip() for r in roles if r.strip()]
    unknown = [r for r in given if r not in ACCOUNT_ROLES]
    if unknown:
        raise AccountError(
            f"没有“{'、'.join(unknown)}”这个角色；可选：{'、'.join(ACCOUNT_ROLES)}。"
        )
    if not given:
        raise AccountError("账号至少要有一个角色。")
    return ",".join(r for r in ACCOUNT_ROLES if r in given)


def find_teacher(name: str) -> Teacher:
    found = list(Teacher.select().where(Teacher.name == name.strip()))
    if not found:
        raise AccountError(f"教师名单里没有“{name}”；请先在“教师”里添加，或不填关联教师。")
    active = [t for t in found if t.active]
    if len(active) > 1:
        raise AccountError(f"教师名单里有 {len(active)} 位“{name}”，无法确定关联哪一位。")
    return (active or found)[0]


def find_classes(names: Iterable[str], today: dt.date | None = None) -> list[int]:
    """This school year's classes by name ("七年级1班"); a name not found is refused."""
    year = current_school_year(today)
    ids = []
    for name in names:
        try:
            parsed = roster_values.school_class(name)
        except ValueError as exc:
            raise AccountError(str(exc)) from exc
        if parsed is None or parsed[0] is None:
            raise AccountError(f"请写完整的班级名称，例如“七年级1班”（不是“{name}”）。")
        cls = SchoolClass.get_or_none(
            (SchoolClass.school_year == year)
            & (SchoolClass.grade == parsed[0])
            & (SchoolClass.number == parsed[1])
        )
        if cls is None:
            raise AccountError(f"本学年（{year or '未设学期'}）没有“{name}”。")
        ids.append(cls.id)
    return ids


def _require_manager() -> str:
    """MANAGE_USERS, or nobody signed in and no account yet (the first 管理员)."""
    if has_accounts():
        return access.require(Action.MANAGE_USERS, where="账号管理").name
    return access.current().name


def _manager(actor: str | None) -> str:
    """The name to record: `actor` if given (the command line's 命令行:<user>), else the acting
    account's — after checking the acting account may manage users."""
    who = _require_manager()
    return actor or who


def _active_admins(excluding: int | None = None) -> int:
    query = Account.select().where(
        (Account.active == True) & (Account.roles.contains(ADMIN))  # noqa: E712
    )
    if excluding is not None:
        query = query.where(Account.id != excluding)
    return query.count()


# --- audited writes (the hash masked) -------------------------------------------------------


def _masked(values: dict | None) -> dict | None:
    if values is None or "password_hash" not in values:
        return values
    return {**values, "password_hash": MASKED}


def _create(actor: str, **fields) -> Account:
    account = Account.create(**fields)
    audit.record(actor, account, "insert", None, _masked(audit.snapshot(account)))
    return account


def _update(account: Account, actor: str, **changes) -> Account:
    before = audit.snapshot(account)
    for name, value in changes.items():
        setattr(account, name, value)
    after = audit.snapshot(account)
    changed = sorted(k for k in after if after[k] != before[k])
    if not changed:
        return account
    account.save(only=[account._meta.fields[k] for k in changed])
    old = _masked({k: before[k] for k in changed})
    new = {k: after[k] for k in changed}
    if "password_hash" in new:
        new["password_hash"] = PASSWORD_CHANGED
    audit.record(actor, account, "update", old, new)
    return account


def _set_classes(account: Account, actor: str, class_ids: Iterable[int]) -> None:
    wanted = set(class_ids)
    for link in AccountClass.select().where(AccountClass.account == account.id):
        if link.school_class_id not in wanted:
            audit.delete(link, actor)
        wanted.discard(link.school_class_id)
    for class_id in sorted(wanted):
        audit.create(AccountClass, actor, account=account.id, school_class=class_id)


# --- changes -------------------------------------------------------------------------------


def create_account(
    name: str,
    password: str,
    roles: Iterable[str],
    *,
    teacher_id: int | None = None,
    class_ids: Iterable[int] = (),
    actor: str | None = None,
) -> Account:
    """A new account. The first one must be a 管理员; later ones need a 管理员 signed in.
    `actor` names who made it in the audit trail (default: the acting account)."""
    name = name.strip()
    role_text = _checked_roles(roles)
    with current_db().atomic():
        who = _require_manager()
        actor = actor or who
        if not name:
            raise AccountError("请填写账号名称。")
        if len(name) > 30:
            raise AccountError(f"账号名称太长（{len(name)} 个字，最多 30 个）。")
        if Account.get_or_none(Account.name == name) is not None:
            raise AccountError(f"已经有名为“{name}”的账号了。")
        if not has_accounts() and ADMIN not in role_text.split(","):
            raise AccountError("第一个账号必须是“管理员”：它负责添加其他账号、设置和备份。")
        _check_password(password)
        if teacher_id is not None and Teacher.get_or_none(Teacher.id == teacher_id) is None:
            raise AccountError("关联的教师已不在教师名单里。")
        account = _create(
            actor,
            name=name,
            password_hash=passwords.hash_secret(password),
            roles=role_text,
            teacher=teacher_id,
        )
        _set_classes(account, actor, class_ids)
    return account


def edit_account(
    name: str,
    *,
    roles: Iterable[str] | None = None,
    teacher_id: int | str | None = "keep",
    class_ids: Iterable[int] | None = None,
    actor: str | None = None,
) -> Account:
    """Change an account's roles, linked teacher (None: none) or classes (管理员)."""
    with current_db().atomic():
        actor = _manager(actor)
        account = _named(name)
        changes: dict = {}
        if roles is not None:
            changes["roles"] = _checked_roles(roles)
            dropped = ADMIN in role_list(account.roles) and ADMIN not in role_list(changes["roles"])
            if dropped and account.active and _active_admins(excluding=account.id) == 0:
                raise AccountError(f"“{name}”是唯一在用的管理员，不能去掉它的管理员角色。")
        if teacher_id != "keep":
            changes["teacher"] = teacher_id
        _update(account, actor, **changes)
        if class_ids is not None:
            _set_classes(account, actor, class_ids)
    return account


def disable(name: str, actor: str | None = None) -> Account:
    """Stop an account signing in (its history stays; it can be enabled again)."""
    with current_db().atomic():
        actor = _manager(actor)
        account = _named(name)
        if not account.active:
            raise AccountError(f"账号“{name}”已经停用了。")
        if ADMIN in role_list(account.roles) and _active_admins(excluding=account.id) == 0:
            raise AccountError(
                f"“{name}”是唯一在用的管理员，不能停用。请先给另一个账号管理员角色。"
            )
        return _update(account, actor, active=False)


def enable(name: str, actor: str | None = None) -> Account:
    with current_db().atomic():
        actor = _manager(actor)
        return _update(_named(name), actor, active=True, failed_tries=0, locked_until=None)


def reset_password(name: str, new_password: str, actor: str | None = None) -> Account:
    """A 管理员 sets someone's password (they forgot it); the lock is lifted."""
    _check_password(new_password)
    with current_db().atomic():
        actor = _manager(actor)
        account = _named(name)
        return set_password(account, actor, new_password)


def change_password(name: str, old_password: str, new_password: str) -> Account:
    """An account changes its own password, knowing the old one."""
    account = verify(name, old_password)
    _check_password(new_password)
    with current_db().atomic():
        return set_password(account, account.name, new_password)


def set_password(
    account: Account, actor: str, new_password: str, *, enable: bool = False
) -> Account:
    """Store a new password's hash (checked by the caller); the lock is lifted, and with
    `enable` the account is in use again (the recovery code). Call inside a transaction."""
    extra = {"active": True} if enable else {}
    return _update(
        account,
        actor,
        password_hash=passwords.hash_secret(new_password),
        failed_tries=0,
        locked_until=None,
        **extra,
    )


# --- signing in ----------------------------------------------------------------------------


def _minutes_left(until: dt.datetime, now: dt.datetime) -> int:
    return max(1, -(-int((until - now).total_seconds()) // 60))


def verify(name: str, password: str, now: dt.datetime | None = None) -> Account:
    """The account, when `password` is its password; else AccountError in Chinese. A wrong try
    counts; the last allowed one locks the account for the set minutes (other accounts, and
    the recovery code, still work). A success clears the count and records the sign-in."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    account = Account.get_or_none(Account.name == name.strip())
    if account is None:
        passwords.spend_time()
        raise AccountError("账号或密码不对，请再试一次。")
    if not account.active:
        raise AccountError(f"账号“{account.name}”已停用；请找管理员。")
    if account.locked_until is not None and account.locked_until > now:
        minutes = _minutes_left(account.locked_until, now)
        raise AccountError(
            f"账号“{account.name}”因多次输错密码已锁定，请 {minutes} 分钟后再试，"
            "或请管理员重设密码。"
        )
    ok = passwords.matches(password, account.password_hash)
    allowed = settings.get(MAX_FAILED_TRIES.key)
    minutes = settings.get(LOCK_MINUTES.key)
    tries = account.failed_tries + 1
    with current_db().atomic():  # the count is kept: the refusal is raised after the commit
        if ok:
            _update(account, account.name, failed_tries=0, locked_until=None, last_login=now)
            return account
        if tries >= allowed:
            until = now + dt.timedelta(minutes=minutes)
            _update(account, account.name, failed_tries=0, locked_until=until)
        else:
            _update(account, account.name, failed_tries=tries)
    if tries >= allowed:
        raise AccountError(f"密码已连续输错 {tries} 次，账号“{account.name}”锁定 {minutes} 分钟。")
    left = allowed - tries
    raise AccountError(f"账号或密码不对，请再试一次（再错 {left} 次将锁定“{account.name}”）。")


def check_password(name: str, password: str) -> bool:
    """Whether `password` opens account `name` now, with verify's counting (the window's unlock);
    False instead of the refusal's text."""
    try:
        verify(name, password)
    except AccountError:
        return False
    return True


# --- choices for 设置 → 账号 -------------------------------------------------------------------


def teacher_choices() -> list[ClassChoice]:
    """Teachers in post, by name, to link an account to (id, name)."""
    query = Teacher.select().where(Teacher.active == True).order_by(Teacher.name)  # noqa: E712
    return [ClassChoice(t.id, t.name) for t in query]


def class_choices(today: dt.date | None = None) -> list[ClassChoice]:
    """This school year's classes in use, in grade order."""
    query = (
        SchoolClass.select()
        .where(
            (SchoolClass.school_year == current_school_year(today))
            & (SchoolClass.archived == False)  # noqa: E712
        )
        .order_by(SchoolClass.grade, SchoolClass.number)
    )
    return [ClassChoice(c.id, class_name(c.grade, c.number)) for c in query]
