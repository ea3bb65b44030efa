"""Accounts as the office meets them: the first 管理员, passwords kept only as slow hashes, five
wrong tries lock an account for a while, roles and classes, a disabled account, the recovery code
that resets a forgotten 管理员 password, and an audit trail that never shows a hash."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kongchuo_desktop.db.account_models import Account, RecoveryCode
from kongchuo_desktop.db.models import AuditLog
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, account_recovery, accounts, settings_store
from kongchuo_desktop.services.accounts import AccountError

PASSWORD = "qingshan2026"


@pytest.fixture
def admin(folder):
    return accounts.create_account("李主任", PASSWORD, ["管理员", "教务员"])


def _as(name: str):
    return access.acting_as(accounts.to_actor(Account.get(Account.name == name)))


def test_the_first_account_must_be_an_administrator(folder):
    with pytest.raises(AccountError, match="第一个账号必须是“管理员”"):
        accounts.create_account("王老师", PASSWORD, ["班主任"])
    assert not accounts.has_accounts()


def test_the_password_is_stored_only_as_a_salted_scrypt_hash(admin):
    stored = Account.get(Account.name == "李主任").password_hash
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    accounts.create_account("张老师", PASSWORD, ["教务员"], actor="李主任")
    other = Account.get(Account.name == "张老师").password_hash
    assert other != stored  # a salt of its own: equal passwords do not look equal


def test_a_short_password_is_refused_with_the_minimum_length(folder):
    with pytest.raises(AccountError, match="至少要 8 位"):
        accounts.create_account("李主任", "1234567", ["管理员"])
    settings_store.set("accounts.min_password_length", 10, "测试员")
    with pytest.raises(AccountError, match="至少要 10 位"):
        accounts.create_account("李主任", "123456789", ["管理员"])


def test_the_right_password_signs_in_and_records_when(admin):
    now = dt.datetime(2026, 11, 30, 8, 0, 0)
    account = accounts.verify("李主任", PASSWORD, now=now)
    assert account.last_login == now
    assert accounts.account_row("李主任").last_login == now


def test_five_wrong_tries_lock_the_account_for_the_set_minutes(admin):
    now = dt.datetime(2026, 11, 30, 8, 0, 0)
    for i in range(4):
        with pytest.raises(AccountError, match=f"再错 {4 - i} 次"):
            accounts.verify("李主任", "wrong-one", now=now)
    with pytest.raises(AccountError, match="锁定 5 分钟"):
        accounts.verify("李主任", "wrong-one", now=now)
    # Locked: even the right password waits.
    with pytest.raises(AccountError, match="已锁定，请 3 分钟后再试"):
        accounts.verify("李主任", PASSWORD, now=now + dt.timedelta(minutes=2, seconds=30))
    assert accounts.verify("李主任", PASSWORD, now=now + dt.timedelta(minutes=6))


def test_an_unknown_name_and_a_wrong_password_read_alike(admin):
    with pytest.raises(AccountError, match="账号或密码不对") as unknown:
        accounts.verify("没有这人", PASSWORD)
    assert "没有这人" not in str(unknown.value)


def test_only_an_administrator_adds_accounts_once_one_exists(admin, school):
    accounts.create_account("王老师", PASSWORD, ["班主任"], teacher_id=school["head"].id)
    with _as("王老师"), pytest.raises(UserError, match="管理账号"):
        accounts.create_account("小王", PASSWORD, ["只读"])
    with _as("李主任"):
        accounts.create_account("小王", PASSWORD, ["只读"])
    assert accounts.names() == ["李主任", "王老师", "小王"]


def test_a_class_head_acts_over_given_classes_and_those_the_linked_teacher_heads(admin, school):
    accounts.create_account(
        "王老师",
        PASSWORD,
        ["班主任"],
        teacher_id=school["head"].id,
        class_ids=accounts.find_classes(["七年级2班"], dt.date(2026, 10, 1)),
    )
    actor = accounts.to_actor(Account.get(Account.name == "王老师"))
    assert actor.class_ids == {school["c1"].id, school["c2"].id}
    assert actor.teacher_id == school["head"].id and actor.roles == {"班主任"}
    row = accounts.account_row("王老师")
    assert row.teacher_name == "王老师" and row.class_names == ("七年级2班",)


def test_an_unknown_class_or_role_is_refused_in_chinese(admin, school):
    with pytest.raises(AccountError, match="没有“九年级9班”"):
        accounts.find_classes(["九年级9班"], dt.date(2026, 10, 1))
    with pytest.raises(AccountError, match="没有“校工”这个角色"):
        accounts.create_account("老周", PASSWORD, ["校工"])


def test_a_disabled_account_cannot_sign_in_and_the_last_admin_cannot_be_disabled(admin):
    accounts.create_account("张老师", PASSWORD, ["教务员"])
    accounts.disable("张老师")
    with pytest.raises(AccountError, match="已停用"):
        accounts.verify("张老师", PASSWORD)
    with pytest.raises(AccountError, match="唯一在用的管理员"):
        accounts.disable("李主任")
    with pytest.raises(AccountError, match="唯一在用的管理员"):
        accounts.edit_account("李主任", roles=["教务员"])
    accounts.enable("张老师")
    assert accounts.verify("张老师", PASSWORD)


def test_change_and_reset_password(admin):
    accounts.create_account("张老师", PASSWORD, ["教务员"])
    accounts.change_password("张老师", PASSWORD, "new-password-1")
    assert accounts.check_password("张老师", "new-password-1")
    accounts.reset_password("张老师", "reset-by-admin")
    assert accounts.check_password("张老师", "reset-by-admin")
    assert not accounts.check_password("张老师", "new-password-1")


def test_the_audit_trail_records_every_account_change_without_the_hash(admin):
    accounts.create_account("张老师", PASSWORD, ["教务员"])
    accounts.reset_password("张老师", "reset-by-admin")
    accounts.edit_account("张老师", roles=["教务员", "校长"])
    accounts.disable("张老师")
    accounts.verify("李主任", PASSWORD)
    lines = list(AuditLog.select().where(AuditLog.table == "account").order_by(AuditLog.id))
    assert [line.action for line in lines] == [
        "insert",
        "insert",
        "update",
        "update",
        "update",
        "update",
    ]
    text = json.dumps([[line.before, line.after] for line in lines], ensure_ascii=False)
    assert "scrypt" not in text and PASSWORD not in text
    assert lines[2].after["password_hash"] == "（已更改）"
    assert lines[3].after == {"roles": "教务员,校长"}
    assert lines[-1].actor == "李主任" and "last_login" in lines[-1].after


def test_the_recovery_code_resets_a_forgotten_admin_password_once(admin):
    code = account_recovery.issue_code()
    assert code not in RecoveryCode.get().code_hash
    for _ in range(5):  # the 管理员 forgot, and locked the account trying
        with pytest.raises(AccountError):
            accounts.verify("李主任", "forgotten?")
    account, new_code = account_recovery.reset_with_code(
        code.lower().replace("-", " "), "fresh-pass-9"
    )
    assert account.name == "李主任" and new_code != code
    assert accounts.verify("李主任", "fresh-pass-9")
    with pytest.raises(AccountError, match="恢复码不对"):  # used once: replaced
        account_recovery.reset_with_code(code, "another-pass")
    assert account_recovery.reset_with_code(new_code, "another-pass")[0].name == "李主任"
    who = AuditLog.select().where(AuditLog.table == "account").order_by(AuditLog.id.desc()).first()
    assert who.actor == "恢复码（李主任）"


def test_a_wrong_recovery_code_changes_nothing(admin):
    account_recovery.issue_code()
    with pytest.raises(AccountError, match="恢复码不对"):
        account_recovery.reset_with_code("AAAA-BBBB-CCCC-DDDD-EEEE", "fresh-pass-9")
    assert accounts.verify("李主任", PASSWORD)


def test_the_recovery_sheet_names_the_school_the_code_and_where_to_keep_it(admin):
    code = account_recovery.issue_code()
    lines = account_recovery.sheet(code, "测试学校", dt.date(2026, 11, 30)).lines()
    text = "\n".join(lines)
    assert code in text and "测试学校" in text and "李主任" in text and "抽屉" in text


def test_without_a_recovery_code_it_says_what_else_opens_the_data(admin):
    with pytest.raises(AccountError, match=r"还没有恢复码.*kongchuo user add"):
        account_recovery.reset_with_code("AAAA-BBBB-CCCC-DDDD-EEEE", "fresh-pass-9")
