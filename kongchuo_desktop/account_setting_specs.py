"""The settings of accounts and sign-in (issue 17), declared as in setting_specs (which lists them
in SPECS). Read by services.accounts (password length, wrong tries, lock minutes) and by the window
(views/idle_lock.py: minutes before the window locks itself); edited on 设置 → 账号."""

from __future__ import annotations

from kongchuo_desktop.setting_types import SettingSpec

ACCOUNTS = "账号与安全"

MIN_PASSWORD_LENGTH = SettingSpec(
    "accounts.min_password_length",
    int,
    8,
    "密码最短位数",
    ACCOUNTS,
    "新设或修改密码时至少要这么多位；已有的密码不受影响。",
    minimum=6,
    maximum=64,
)
MAX_FAILED_TRIES = SettingSpec(
    "accounts.max_failed_tries",
    int,
    5,
    "连续输错几次密码后锁定账号",
    ACCOUNTS,
    "锁定期间这个账号不能登录（其他账号照常）；恢复码总能重设管理员密码。",
    minimum=3,
    maximum=20,
)
LOCK_MINUTES = SettingSpec(
    "accounts.lock_minutes",
    int,
    5,
    "输错密码锁定的分钟数",
    ACCOUNTS,
    minimum=1,
    maximum=120,
)
IDLE_LOCK_MINUTES = SettingSpec(
    "accounts.idle_lock_minutes",
    int,
    10,
    "无人操作几分钟后锁定窗口",
    ACCOUNTS,
    "锁定后窗口内容被遮住，输入密码才能继续；没保存的内容不会丢。",
    minimum=1,
    maximum=240,
)

ACCOUNT_SPECS = (MIN_PASSWORD_LENGTH, MAX_FAILED_TRIES, LOCK_MINUTES, IDLE_LOCK_MINUTES)
