"""审计日志 read back: the audit trail as lines in words (who, when, which record, what changed
from what to what), filtered by account, table, student and date; and the tamper-evident chain's
check (db/audit_chain.py). Read-only: nothing here writes an audit line or changes one."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from kongchuo_desktop.db import audit_chain
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.roster_plan import ATTR_LABELS

# Table names as the clerk knows the records.
TABLE_LABELS = {
    "school": "学校",
    "term": "学期",
    "calendar_day": "校历",
    "teacher": "教师",
    "school_class": "班级",
    "student": "学生",
    "guardian": "监护人",
    "risk_flag": "困难标记",
    "status_change": "学籍变动",
    "enrollment": "班级学年记录",
    "class_head": "班主任任职",
    "setting": "设置",
    "attendance_report": "点名",
    "absence": "缺勤",
    "leave_request": "请假",
    "escalation_action": "劝返步骤",
    "attachment": "附件",
    "transfer_procedure": "转学手续",
    "report_template_mapping": "月报模板对应",
    "account": "账号",
    "account_class": "账号负责的班级",
    "recovery_code": "恢复码",
    "*": "全部数据",
    "export": "学生资料文件",  # services/export_record.py: 导出学生资料文件
}
ACTION_LABELS = {
    "insert": "新增",
    "update": "修改",
    "delete": "删除",
    "merge": "合并",
    "unlock": "解锁",
    "restore": "从备份恢复",
    "start_over": "清空数据",
    "export": "导出",
}
# Field names beyond the student's own (ATTR_LABELS has those, as the roster names them).
FIELD_LABELS = {
    "name": "姓名",
    "student": "学生",
    "school_class": "班级",
    "teacher": "教师",
    "date": "日期",
    "note": "备注",
    "reason": "原因",
    "status": "状态",
    "state": "状态",
    "expected": "应到",
    "present": "实到",
    "reported_by": "上报人",
    "period": "时段",
    "start_date": "开始日期",
    "end_date": "结束日期",
    "kind": "类别",
    "value": "值",
    "phone": "电话",
    "relation": "关系",
    "grade": "年级",
    "created_at": "建立时间",
    "updated_at": "修改时间",
    "safety_copy": "另存的备份",
    "restored_from": "恢复自",
    "archived_lines": "带过来的审计记录",
    "backup_audit_chain": "备份的审计日志校验",
    "county": "县（区）",
    "township": "乡镇",
    "school_type": "学校类型",
    "school_year": "学年",
    "number": "班号",
    "head_teacher": "班主任",
    "archived": "已归档",
    "semester": "学期",
    "is_current": "当前学期",
    "roles": "职务",
    "subject": "任教学科",
    "active": "在职",
    "left_on": "离开日期",
    "withdrawn_at": "撤销时间",
    "withdrawn_by": "撤销人",
    "withdrawn_reason": "撤销原因",
    "recorded_by": "记录人",
    "recorded_at": "记录时间",
    "is_guardian": "是否监护人",
    "works_away": "外出务工",
    "sort_order": "顺序",
    "flag": "标记",
    "since": "开始日期",
    "until": "结束日期",
    "documents": "材料",
    "approved_by": "批准人",
    "details": "详情",
    "start_half": "开始半天",
    "end_half": "结束半天",
    "requested_by": "申请人",
    "approver_role": "审批人",
    "approvals": "审批记录",
    "returned_on": "返校日期",
    "chain_start": "起算日期",
    "step": "步骤",
    "steps": "步骤",
    "due_date": "应完成日期",
    "responsible": "责任人",
    "done_at": "完成时间",
    "done_by": "完成人",
    "status_change": "学籍变动",
    "receiving_school": "接收学校",
    "abandoned_at": "中止时间",
    "abandoned_by": "中止人",
    "abandoned_reason": "中止原因",
    "key": "设置项",
    # An export's line (services/export_record.py).
    "what": "内容",
    "children": "学生人数",
    "path": "保存位置",
    "full_ids": "完整身份证号",
    "encrypted": "加密zip",
    "password_hash": "密码",
    "last_login": "最近登录",
    "failed_tries": "连续输错密码次数",
    "locked_until": "锁定到",
    "code_hash": "恢复码",
}
ARCHIVED = "archived:"  # db/store.py: lines carried over by a restore


def field_label(name: str) -> str:
    return ATTR_LABELS.get(name) or FIELD_LABELS.get(name) or name


def table_label(name: str) -> str:
    return TABLE_LABELS.get(name, name)


def action_label(action: str) -> str:
    if action.startswith(ARCHIVED):
        return f"{ACTION_LABELS.get(action[len(ARCHIVED) :], action)}（恢复前）"
    return ACTION_LABELS.get(action, action)


@dataclass(frozen=True)
class AuditLine:
    id: int
    at: str
    actor: str
    table: str  # as stored (student, attendance_report …)
    table_text: str
    row: str  # which record: its id or key
    action: str
    action_text: str
    student: str  # the student's name when the line is about one, else ""
    changes: str  # before → after in words

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "user": self.actor,
            "table": self.table,
            "row": self.row,
            "action": self.action,
            "student": self.student,
            "changes": self.changes,
        }


def _value_text(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def changes_text(before: dict | None, after: dict | None) -> str:
    """What changed, in words: 姓名：张三 → 张山；班级：3 → 4."""
    before, after = before or {}, after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return f"{_value_text(before)} → {_value_text(after)}"
    parts = []
    for name in [*before, *(k for k in after if k not in before)]:
        if name in ("id", "name_pinyin", "name_initials"):
            continue
        label = field_label(name)
        if name in before and name in after:
            parts.append(f"{label}：{_value_text(before[name])} → {_value_text(after[name])}")
        elif name in after:
            parts.append(f"{label}：{_value_text(after[name])}")
        else:
            parts.append(f"{label}：{_value_text(before[name])}（删除前）")
    return "；".join(parts)


def _loads(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def users() -> list[str]:
    """Every account (today: the user name) that appears in the trail."""
    rows = current().execute_sql("SELECT DISTINCT actor FROM audit_log ORDER BY actor")
    return [r[0] for r in rows]


def tables() -> list[tuple[str, str]]:
    """(table, label) for every table the trail names."""
    rows = current().execute_sql("SELECT DISTINCT table_name FROM audit_log ORDER BY table_name")
    return [(r[0], table_label(r[0])) for r in rows]


def lines(
    *,
    user: str | None = None,
    table: str | None = None,
    student_id: int | None = None,
    student: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = 5000,
) -> list[AuditLine]:
    """The trail, newest first, filtered. `student_id`: lines about the student's own record and
    about records that name the student (absences, leave, status changes …); `student`: the same
    for students whose name holds the text (or whose 学籍号 or ID number it is). Only for an
    account that may read the trail (管理员, 校长)."""
    from kongchuo_desktop.services import guards

    guards.school(Action.READ_AUDIT)
    where, params = [], []
    if user:
        where.append("a.actor = ?")
        params.append(user)
    if table:
        where.append("a.table_name = ?")
        params.append(table)
    if student_id is not None:
        where.append(
            "((a.table_name = 'student' AND a.row_id = ?)"
            " OR json_extract(coalesce(a.after, a.before), '$.student') = ?)"
        )
        params += [student_id, student_id]
    if student:
        where.append("(s.name LIKE ? OR s.student_number = ? OR s.id_number = ?)")
        params += [f"%{student.strip()}%", student.strip(), student.strip()]
    if since:
        where.append("a.at >= ?")
        params.append(since.isoformat())
    if until:
        where.append("a.at < ?")
        params.append((until + dt.timedelta(days=1)).isoformat())
    sql = (
        "SELECT a.id, a.at, a.actor, a.table_name, a.row_id, a.row_key, a.action, a.before,"
        " a.after, s.name FROM audit_log a LEFT JOIN student s ON s.id = CASE"
        " WHEN a.table_name = 'student' THEN a.row_id"
        " ELSE json_extract(coalesce(a.after, a.before), '$.student') END"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY a.id DESC"
        + (f" LIMIT {int(limit)}" if limit else "")
    )
    out = []
    for (
        line_id,
        at,
        actor,
        tbl,
        row_id,
        row_key,
        action,
        before,
        after,
        name,
    ) in current().execute_sql(sql, params):
        out.append(
            AuditLine(
                id=line_id,
                at=str(at)[:19],
                actor=actor,
                table=tbl,
                table_text=table_label(tbl),
                row=str(row_id) if row_id is not None else (row_key or ""),
                action=action,
                action_text=action_label(action),
                student=name or "",
                changes=changes_text(_loads(before), _loads(after)),
            )
        )
    return out


def check_chain(
    database_file, *, full: bool = True, read_only: bool = False
) -> audit_chain.Verdict:
    """The tamper-evident chain checked (full: every line; else from the last verified point).
    A `read_only` folder is only looked at: its head file is not brought up to date."""
    return audit_chain.verify(
        current().execute_sql, database_file, full=full, repair_head=not read_only
    )


def warning_text(verdict: audit_chain.Verdict) -> str:
    """What the window says when the check found something."""
    return (
        f"审计日志校验没有通过：{verdict.text}。\n\n"
        "这说明有人在本程序之外（例如用数据库工具）改动过审计记录。"
        "数据照常可以使用；请告诉学校负责人，并保留当前的数据文件和备份以便核查。"
        "运行“kongchuo check”可以再次检查。"
    )
