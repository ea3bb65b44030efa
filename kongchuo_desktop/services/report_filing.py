"""The month lock: the principal signs the month (name and date, audited), then 标记为已上报
freezes the month's figures and lists as a snapshot, with the exported workbook. Exporting alone
never locks. Later edits to the data do not change a filed version; `compare` shows what changed
since. The bureau may send a report back: filing again makes 第2版 (a reason is required), and
every version is kept with its file (`history`).

Rows: `ReportFiling` (db/models.py, schema v15). A version is 已签字 until filed, then 已上报.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kongchuo_desktop import output_files, settings
from kongchuo_desktop.db.connection import current
from kongchuo_desktop.db.models import ReportFiling
from kongchuo_desktop.domain.month_period import due_notice
from kongchuo_desktop.domain.month_report_data import MonthReport
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, audit

SIGNED, FILED = "已签字", "已上报"


def _plain(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot_of(report: MonthReport) -> dict:
    """What is frozen: the figures by 学段 and class, the lists, the notes and the period."""
    p = report.period
    return _plain(
        {
            "period": {"first": p.first, "last": p.last, "due": p.due},
            "figures": report.data.figures,
            "by_class": report.by_class,
            "lists": report.data.lists,
            "notes": report.note_lines(),
            "zero": report.zero,
        }
    )


def versions(month: str) -> list[ReportFiling]:
    """The month's versions, oldest first (the file's bytes are not read)."""
    fields = [f for f in ReportFiling._meta.sorted_fields if f.name != "file_bytes"]
    return list(
        ReportFiling.select(*fields)
        .where(ReportFiling.month == month)
        .order_by(ReportFiling.version)
    )


def history(month: str | None = None) -> list[ReportFiling]:
    """Every version of every month (or of `month`), newest month first."""
    fields = [f for f in ReportFiling._meta.sorted_fields if f.name != "file_bytes"]
    q = ReportFiling.select(*fields)
    if month:
        q = q.where(ReportFiling.month == month)
    return list(q.order_by(ReportFiling.month.desc(), ReportFiling.version.desc()))


def latest_filed(month: str) -> ReportFiling | None:
    filed = [v for v in versions(month) if v.state == FILED]
    return filed[-1] if filed else None


def filed_months() -> set[str]:
    return {
        m
        for (m,) in ReportFiling.select(ReportFiling.month)
        .where(ReportFiling.state == FILED)
        .distinct()
        .tuples()
    }


def pending(month: str) -> ReportFiling | None:
    """The version signed and not yet filed, if any."""
    rows = [v for v in versions(month) if v.state == SIGNED]
    return rows[-1] if rows else None


def sign(month: str, name: str, day: dt.date, actor: str) -> ReportFiling:
    """The principal's signature on the month (before 标记为已上报), audited. Once accounts
    exist only a 校长 account may sign (Action.SIGN_REPORT); the system user (no one signed in,
    the command line) may too."""
    access.require(Action.SIGN_REPORT, where=f"{month} 月报签字")
    name = (name or "").strip()
    if not name:
        raise UserError("请填写签字的校长姓名。")
    with current().atomic():
        row = pending(month)
        if row is not None:
            return audit.update(row, actor, signed_by=name, signed_on=day)
        done = versions(month)
        return audit.create(
            ReportFiling,
            actor,
            month=month,
            version=(done[-1].version + 1) if done else 1,
            state=SIGNED,
            signed_by=name,
            signed_on=day,
        )


def mark_filed(
    report: MonthReport, workbook: Path | str, actor: str, reason: str = ""
) -> ReportFiling:
    """标记为已上报: freeze `report` and keep the exported `workbook` (the file sent). Needs
    Action.PREPARE_REPORT (教务员; the system user)."""
    month = report.period.key
    access.require(Action.PREPARE_REPORT, where=f"{month} 月报标记为已上报")
    row = pending(month)
    if row is None:
        raise UserError(f"{report.period.title}月报还没有校长签字：请先签字，再标记为已上报。")
    earlier = latest_filed(month)
    reason = (reason or "").strip()
    if earlier is not None and not reason:
        raise UserError(
            f"{report.period.title}月报已上报过第{earlier.version}版：重新上报为第{row.version}版"
            "时请写明原因（如：教育局退回，要求更正……）。"
        )
    path = Path(workbook)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise UserError(f"读不到导出的月报文件：{path}（{exc.strerror or exc}）") from exc
    with current().atomic():
        audit.update(
            row,
            actor,
            state=FILED,
            reason=reason,
            snapshot=snapshot_of(report),
            file_name=path.name,
            filed_at=dt.datetime.now().replace(microsecond=0),
            filed_by=actor,
        )
        ReportFiling.update(file_bytes=content).where(ReportFiling.id == row.id).execute()
        audit.record(
            actor, row, "update", {"file_bytes": None}, {"file_bytes": f"{len(content)} 字节"}
        )
    return row


def save_file(filing_id: int, out: Path | str, *, overwrite: bool = False, data_dir=None) -> Path:
    """The workbook of a filed version, written to `out`."""
    content = (
        ReportFiling.select(ReportFiling.file_bytes).where(ReportFiling.id == filing_id).scalar()
    )
    if not content:
        raise UserError("这一版没有保存月报文件。")
    out = output_files.check_target(out, data_dir, overwrite=overwrite)
    with output_files.atomic_write(out) as tmp:
        Path(tmp).write_bytes(bytes(content))
    return Path(out)


def version_title(row: ReportFiling) -> str:
    return f"第{row.version}版"


@dataclass(frozen=True)
class Difference:
    where: str  # 数字 / 班级 / 名单
    what: str
    filed: object
    now: object


def compare(filed: dict, report: MonthReport) -> list[Difference]:
    """What changed since the version was filed: figures by 学段, figures by class, list rows."""
    now = snapshot_of(report)
    out: list[Difference] = []
    for name, stages in now["figures"].items():
        before = filed.get("figures", {}).get(name, {})
        for stage in ("小学", "初中", "合计"):
            if before.get(stage) != stages.get(stage):
                out.append(
                    Difference("数字", f"{name}（{stage}）", before.get(stage), stages.get(stage))
                )
    classes = sorted(set(now["by_class"]) | set(filed.get("by_class", {})))
    for cls in classes:
        a, b = filed.get("by_class", {}).get(cls, {}), now["by_class"].get(cls, {})
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name):
                out.append(Difference("班级", f"{cls} {name}", a.get(name), b.get(name)))
    for name, rows in now["lists"].items():
        before_rows = filed.get("lists", {}).get(name, [])
        keys_before = {_row_key(r): r for r in before_rows}
        keys_now = {_row_key(r): r for r in rows}
        for key in keys_now.keys() - keys_before.keys():
            out.append(Difference("名单", f"{name}：新增 {key}", None, key))
        for key in keys_before.keys() - keys_now.keys():
            out.append(Difference("名单", f"{name}：不再列出 {key}", key, None))
        for key in keys_now.keys() & keys_before.keys():
            if keys_now[key] != keys_before[key]:
                out.append(Difference("名单", f"{name}：{key} 的信息有变", None, None))
    return out


def _row_key(row: dict) -> str:
    return f"{row.get('姓名', '')}（{row.get('班级', '')}）"


def due_text(today: dt.date) -> str | None:
    """首页's line from the notice day until the month is filed, else None."""
    period = due_notice(
        today,
        filed_months(),
        settings.get("report.notice_day"),
        settings.get("report.cutoff_day"),
        settings.get("report.due_day"),
    )
    if period is None:
        return None
    late = today > period.due
    when = f"{period.due.month}月{period.due.day}日"
    return (
        f"{period.title}月报{'已过' if late else '应于'}{when}{'，尚未上报' if late else '前上报'}："
        "到“月报”页生成、请校长签字后标记为已上报。"
    )
