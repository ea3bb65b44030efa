"""Exports of children's personal data: each one recorded in the audit trail (who, what, how many
children, where saved, whether ID numbers went out in full, whether encrypted), and ID numbers in
full only for the roles allowed to take them out of the program (issue 17 item 4).

Every exporter of the window and of the command line calls `record` once the file is written; the
line is an ordinary audit line (table "export", action "export"), so the 审计日志 page and
`kongchuo audit` show it, and it is chained like every other line (db/audit_chain.py).

`full_ids()` says whether the acting account (domain/permissions.py, Action.EXPORT_FULL_IDS:
管理员, 教务员, 校长; the command line's system user) exports full ID numbers; everyone else gets
them masked (domain/masking.py). `masked_table` applies that to a ShownTable by its headers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path, PureWindowsPath

from kongchuo_desktop.db import audit_chain
from kongchuo_desktop.db.models import AuditLog
from kongchuo_desktop.domain.masking import mask_id, mask_ids_in_text
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import access

TABLE = "export"
ACTION = "export"

# Headers of the columns that hold an ID number, and of those that may (a 学籍号 is G + the ID).
ID_HEADERS = ("身份证号", "身份证件号", "身份证")
MAY_HOLD_ID_HEADERS = ("学籍号",)


def full_ids() -> bool:
    """Does the acting account export ID numbers in full?"""
    return access.current().can(Action.EXPORT_FULL_IDS)


def masked_table(table, full: bool | None = None):
    """`table` (services/table_export.ShownTable) with its ID-number columns masked unless the
    acting account exports them in full (`full`, else asked of `full_ids()`)."""
    if full is None:
        full = full_ids()
    if full:
        return table
    header = list(table.header)
    ids = {i for i, h in enumerate(header) if any(k in str(h) for k in ID_HEADERS)}
    maybe = {i for i, h in enumerate(header) if any(k in str(h) for k in MAY_HOLD_ID_HEADERS)}
    if not ids and not maybe:
        return table

    def cell(i: int, value: object) -> object:
        if not isinstance(value, str):
            return value
        if i in ids:
            return mask_id(value)
        return mask_ids_in_text(value) if i in maybe else value

    rows = [[cell(i, v) for i, v in enumerate(row)] for row in table.rows]
    return replace(table, rows=rows)


def can_record() -> bool:
    """False for a data folder opened read-only (a write-protected USB stick): nothing can be
    written there, the export's audit line included; the command line says so."""
    return "mode=ro" not in str(AuditLog._meta.database.database)


def _where(path: Path | str) -> str:
    """The file's full path as the clerk would look for it (a Windows path kept as written)."""
    if PureWindowsPath(str(path)).drive:
        return str(path)
    return str(Path(path).resolve())


NOT_RECORDED = "数据文件夹是只读的：这次导出没有记入审计日志。"


def record(
    actor: str,
    what: str,
    children: int,
    path: Path | str,
    *,
    full: bool,
    encrypted: bool = False,
) -> None:
    """One audit line for an export: `actor` (the account, or 命令行:<user>), `what` (花名册,
    易辍生预警名单 …), how many `children` it holds, where it was saved, whether ID numbers went
    out in `full`, whether it is an `encrypted` zip. Nothing on a read-only folder."""
    if not can_record():
        return
    after = {
        "what": what,
        "children": int(children),
        "path": _where(path),
        "full_ids": bool(full),
        "encrypted": bool(encrypted),
    }
    line = (
        AuditLog.at.db_value(dt.datetime.now().replace(microsecond=0)),
        actor,
        TABLE,
        None,
        "",
        ACTION,
        None,
        AuditLog.after.db_value(after),
    )
    audit_chain.append(AuditLog._meta.database, [line])


def write_export(
    actor: str,
    what: str,
    children: int,
    target: Path | str,
    write,
    *,
    suffix: str = ".xlsx",
    password: str | None = None,
    overwrite: bool = False,
) -> Path:
    """Write an export and record it: `write(path)` writes the file (.xlsx, .pdf) at `target`, or,
    with a `password`, into an AES-encrypted .zip at `target` (services/export_zip.py) holding it
    as “<what><suffix>” (`suffix`: the plain file's, .xlsx or .pdf). The writer masks ID numbers
    by `full_ids()` itself; this records what it did. Returns the file written."""
    from kongchuo_desktop.services import export_zip

    full = full_ids()
    target = Path(target)
    if password:
        zip_path = export_zip.zip_path_for(target)
        inner = what.replace("/", "－").replace("\\", "－") + suffix
        out = export_zip.write_encrypted(zip_path, inner, write, password, overwrite=overwrite)
    else:
        written = write(target)
        out = Path(written) if isinstance(written, str | Path) else target
    record(actor, what, children, out, full=full, encrypted=bool(password))
    return out


def record_report(actor: str, report, path: Path | str) -> None:
    """The month report saved to a file (its lists name children: 辍学学生台账 …)."""
    lists = report.data.lists.values()
    record(actor, f"{report.period.title}月报", sum(len(rows) for rows in lists), path, full=True)
