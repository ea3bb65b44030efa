"""Who may do what: the account roles of issue 17 and the actions each may take, as plain data.

A role grants an action over a *scope*: the whole school, the account's own classes (a 班主任),
or the students the account's teacher is 包保 for (a 教师). An account may hold several roles;
it may do an action if any of its roles allows it, over the widest scope any of them gives.
services/access.py resolves a scope against the data (which class a child is in on a day, whom a
teacher is 包保 for); this module only says what each role allows.
"""

from __future__ import annotations

from enum import Enum, StrEnum

ADMIN = "管理员"
CLERK = "教务员"
PRINCIPAL = "校长"
CLASS_HEAD = "班主任"
TEACHER = "教师"
READ_ONLY = "只读"

ACCOUNT_ROLES = (ADMIN, CLERK, PRINCIPAL, CLASS_HEAD, TEACHER, READ_ONLY)


class Scope(Enum):
    """How far an allowed action reaches, narrowest first."""

    OWN_STUDENTS = 1  # the students the account's teacher is 包保 for
    OWN_CLASSES = 2  # the account's classes
    SCHOOL = 3  # everyone


class Action(StrEnum):
    """What an account does. Reading and writing are separate: a 校长 reads all, writes little."""

    READ = "查看学生"
    READ_FULL_IDS = "查看完整身份证号"
    EXPORT_FULL_IDS = "导出完整身份证号"
    MANAGE_USERS = "管理账号"
    EDIT_SETTINGS = "修改设置"
    MANAGE_BACKUPS = "备份与恢复"
    READ_AUDIT = "查看审计日志"
    EDIT_ROSTER = "修改花名册"
    SAVE_HEADCOUNT = "保存点名"
    APPROVE_LEAVE = "审批请假"
    APPROVE_LEAVE_BEYOND_OFFICE = "审批超过教务处权限的请假"
    EDIT_CASES = "登记劝返与个案"
    ADD_CONTACTS = "登记联系与家访"
    PREPARE_REPORT = "制作月报"
    SIGN_REPORT = "月报签字"
    LOCK_ASSESSMENT = "锁定考核"
    EDIT_ASSESSMENT = "录入考核"
    EXPORT = "导出数据"
    EDIT_SCHOOL = "修改学校信息、校历、教师与三包"
    READ_CENSUS = "查看适龄儿童摸底名单"


_S, _C, _O = Scope.SCHOOL, Scope.OWN_CLASSES, Scope.OWN_STUDENTS

GRANTS: dict[str, dict[Action, Scope]] = {
    # Users, settings, backup/restore; reads everything to do that job; may not sign or lock.
    ADMIN: {
        Action.READ: _S,
        Action.READ_FULL_IDS: _S,
        Action.EXPORT_FULL_IDS: _S,
        Action.MANAGE_USERS: _S,
        Action.EDIT_SETTINGS: _S,
        Action.MANAGE_BACKUPS: _S,
        Action.READ_AUDIT: _S,
        Action.EXPORT: _S,
        Action.EDIT_SCHOOL: _S,
        Action.READ_CENSUS: _S,
    },
    # The office's daily work.
    CLERK: {
        Action.READ: _S,
        Action.READ_FULL_IDS: _S,
        Action.EXPORT_FULL_IDS: _S,
        Action.EDIT_ROSTER: _S,
        Action.SAVE_HEADCOUNT: _S,
        Action.APPROVE_LEAVE: _S,
        Action.EDIT_CASES: _S,
        Action.ADD_CONTACTS: _S,
        Action.PREPARE_REPORT: _S,
        Action.EDIT_ASSESSMENT: _S,
        Action.EXPORT: _S,
        Action.EDIT_SCHOOL: _S,
        Action.READ_CENSUS: _S,
    },
    # Reads everything; approves leave beyond the office's limit; signs; locks the assessment.
    PRINCIPAL: {
        Action.READ: _S,
        Action.READ_FULL_IDS: _S,
        Action.EXPORT_FULL_IDS: _S,
        Action.READ_AUDIT: _S,
        Action.APPROVE_LEAVE: _S,
        Action.APPROVE_LEAVE_BEYOND_OFFICE: _S,
        Action.SIGN_REPORT: _S,
        Action.LOCK_ASSESSMENT: _S,
        Action.EDIT_ASSESSMENT: _S,
        Action.EXPORT: _S,
        Action.READ_CENSUS: _S,
    },
    # Own classes: head-count, leave up to the class head's limit, contacts and cases; a list of
    # the own class to take away (ID numbers masked: no EXPORT_FULL_IDS).
    CLASS_HEAD: {
        Action.READ: _C,
        Action.READ_FULL_IDS: _C,
        Action.EXPORT: _C,
        Action.SAVE_HEADCOUNT: _C,
        Action.APPROVE_LEAVE: _C,
        Action.EDIT_CASES: _C,
        Action.ADD_CONTACTS: _C,
    },
    # Contacts for the students the teacher is 包保 for; reads those students.
    TEACHER: {
        Action.READ: _O,
        Action.ADD_CONTACTS: _O,
    },
    # Inspection: reads everything, no ID numbers in full, writes nothing to the data. It may
    # take a list away (an inspection report): exports give it masked ID numbers only.
    READ_ONLY: {
        Action.READ: _S,
        Action.EXPORT: _S,
    },
}


def scope_for(roles: frozenset[str] | set[str], action: Action) -> Scope | None:
    """The widest scope any of the roles gives for the action, or None when none allows it."""
    scopes = [GRANTS[r][action] for r in roles if r in GRANTS and action in GRANTS[r]]
    return max(scopes, key=lambda s: s.value) if scopes else None


def roles_allowing(action: Action) -> list[str]:
    """The roles that allow the action at all, in ACCOUNT_ROLES order (for messages)."""
    return [r for r in ACCOUNT_ROLES if action in GRANTS[r]]
