"""Who signs in, at start-up and after the data was replaced: the first 管理员 when the data has
no account yet (a new school, or a folder upgraded from before accounts), else the login dialog.

KONGCHUO_USER and KONGCHUO_PASSWORD, when both are set, sign that account in without the dialog
(scripted screenshots and timings): the password is checked exactly as the dialog checks it, so
this opens nothing to someone who does not know it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from kongchuo_desktop import logs
from kongchuo_desktop.services import access, accounts
from kongchuo_desktop.services.demo import demo_marker
from kongchuo_desktop.services.school_setup import the_school

USER_VARIABLE = "KONGCHUO_USER"
PASSWORD_VARIABLE = "KONGCHUO_PASSWORD"


def _school() -> str:
    school = the_school()
    return school.name if school else ""


def ask_account(
    parent: QWidget | None,
    *,
    title: str = "登录",
    prepare: Callable[[QWidget], None] | None = None,
):
    """The account that signed in through the login dialog, or None."""
    from kongchuo_desktop.views import login_dialog

    return login_dialog.ask_sign_in(
        parent,
        school=_school(),
        demo=demo_marker() is not None,
        title=title,
        prepare=prepare,
    )


def _from_environment():
    name, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if not name or password is None:
        return None
    try:
        return accounts.verify(name, password)
    except accounts.AccountError as exc:
        logs.logger.warning("%s could not sign in: %s", USER_VARIABLE, exc)
        return None


def account_for_window(
    parent: QWidget | None = None,
    *,
    upgraded: bool = True,
    prepare: Callable[[QWidget], None] | None = None,
):
    """The account the window opens for: the first 管理员 (created now) when there is none, the
    environment's, or the one that signs in; None when the clerk gave up (the window closes)."""
    if not accounts.has_accounts():
        from kongchuo_desktop.views.first_admin_dialog import ask_first_admin

        return ask_first_admin(parent, school=_school(), upgraded=upgraded)
    return _from_environment() or ask_account(parent, prepare=prepare)


def sign_in_for_window(parent: QWidget | None = None, **kwargs) -> bool:
    """account_for_window, signed in (services.access); False when nobody signed in."""
    account = account_for_window(parent, **kwargs)
    if account is None:
        return False
    access.sign_in(accounts.to_actor(account))
    return True


def still_signed_in() -> bool:
    """After the data was replaced (a restore, 清空数据): the signed-in account, read again from
    the data now open — its roles and classes may differ there. False when it is not in this
    data or not in use there: someone must sign in again."""
    actor = access.current()
    if actor.system:
        return True
    try:
        row = accounts.account_row(actor.name)
    except accounts.AccountError:
        return False
    if not row.active:
        return False
    access.sign_in(accounts.to_actor(row))
    return True
