"""Where to save a file the user asked for, and the export of a table as shown, in one place.

Qt's save dialog asks before replacing a file it shows; a name typed without the suffix is a
file the dialog never saw, so when that one exists we ask here. Either way the writer is then
allowed to replace it (output_files checks the target and writes atomically).

An export of children's data (`ask_export_target`, `run_export`) also offers, as a file type in
the same dialog, 「加密为 zip（发往教育局）」: the file goes into a password-protected .zip
(services/export_zip.py), the password typed twice. Every such export is recorded in the audit
trail (services/export_record.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from kongchuo_desktop.services import access, export_record
from kongchuo_desktop.services.table_export import ShownTable, export_table
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.password_dialog import ask_password
from kongchuo_desktop.views.task_runner import run_task

XLSX_FILTER = "Excel 文件 (*.xlsx)"
PDF_FILTER = "PDF 文件 (*.pdf)"
ZIP_FILTER = "加密为 zip（发往教育局） (*.zip)"
ZIP_PASSWORD_TEXT = (
    "文件将放进一个加密的 zip 压缩包（AES-256），用 7-Zip、WinRAR 或 360压缩 输入密码即可打开。"
    "请设置密码（至少 6 位，输入两次），并通过电话等其他途径把密码告诉对方，不要和文件一起发送。"
)


def _confirm_replace(parent: QWidget | None, title: str, path: str) -> bool:
    return not Path(path).exists() or messages.confirm(
        parent, title, f"{path} 已存在。要替换它吗？", yes="替换", no="取消"
    )


def ask_save_path(
    parent: QWidget | None, title: str, suggested: str, file_filter: str, suffix: str
) -> Path | None:
    """The path chosen in Qt's save dialog with `suffix` (".xlsx", ".pdf"), or None when the
    user cancelled or would not replace an existing file."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    if not path:
        return None
    if not path.lower().endswith(suffix):
        path += suffix
        if not _confirm_replace(parent, title, path):
            return None
    return Path(path)


@dataclass(frozen=True)
class ExportTarget:
    """Where an export goes: `path` (.xlsx/.pdf, or the .zip when `password` is set)."""

    path: Path
    suffix: str  # the plain file's: .xlsx or .pdf
    password: str | None = None


def ask_export_target(
    parent: QWidget | None, title: str, suggested: str, file_filter: str, suffix: str
) -> ExportTarget | None:
    """As ask_save_path, with 「加密为 zip（发往教育局）」 offered as a second file type: chosen
    (or a name ending in .zip typed), the password is asked twice. None when cancelled."""
    path, chosen = QFileDialog.getSaveFileName(
        parent, title, suggested, f"{file_filter};;{ZIP_FILTER}"
    )
    if not path:
        return None
    if chosen == ZIP_FILTER or path.lower().endswith(".zip"):
        if not path.lower().endswith(".zip"):
            stem = path[: -len(suffix)] if path.lower().endswith(suffix) else path
            path = stem + ".zip"
            if not _confirm_replace(parent, title, path):
                return None
        password = ask_password(parent, ZIP_PASSWORD_TEXT, twice=True, title="加密 zip 的密码")
        if not password:
            return None
        return ExportTarget(Path(path), suffix, password)
    if not path.lower().endswith(suffix):
        path += suffix
        if not _confirm_replace(parent, title, path):
            return None
    return ExportTarget(Path(path), suffix)


def run_export(
    parent: QWidget,
    target: ExportTarget,
    what: str,
    children: int,
    write: Callable[[Path, Callable[[int, int], None]], object],
    done: Callable[[Path], None] | None = None,
    said: str = "",
) -> None:
    """Write the export in the background (`write(path, progress)`), into an encrypted zip when
    the target says so, record it in the audit trail, then say where it went (`said`: the
    message's start, “已导出 30 名学生”; else 已导出<what>)."""
    actor = access.actor_name()

    def work(progress):
        return export_record.write_export(
            actor,
            what,
            children,
            target.path,
            lambda p: write(p, progress),
            suffix=target.suffix,
            password=target.password,
            overwrite=True,
        )

    def finished(path: Path) -> None:
        sealed = "（已加密，打开时需要密码）" if target.password else ""
        messages.info(parent, "导出完成", f"{said or '已导出' + what}到：\n{path}{sealed}")
        if done is not None:
            done(path)

    run_task(
        parent,
        "正在导出…",
        work,
        finished,
        lambda exc: messages.fail(parent, "导出失败", exc),
    )


def shown_children(table: ShownTable) -> int:
    """How many children a shown list holds: its rows but the totals."""
    return len(table.rows) - len(table.total_rows)


def export_shown_table(
    parent: QWidget, table: ShownTable, title: str, what: str, *, personal: bool = True
) -> None:
    """Ask where, then write `table` as .xlsx in the background; `what` names it in the
    messages ("出勤统计" → 已导出出勤统计到：…). A `personal` list (children's names and data)
    may go into an encrypted zip and is recorded in the audit trail; figures by class are not."""
    if not personal:
        path = ask_save_path(parent, title, f"{what}.xlsx", XLSX_FILTER, ".xlsx")
        if path is None:
            return
        run_task(
            parent,
            "正在导出…",
            lambda progress: export_table(path, table, progress, overwrite=True),
            lambda p: messages.info(parent, "导出完成", f"已导出{what}到：\n{p}"),
            lambda exc: messages.fail(parent, "导出失败", exc),
        )
        return
    target = ask_export_target(parent, title, f"{what}.xlsx", XLSX_FILTER, ".xlsx")
    if target is None:
        return
    run_export(
        parent,
        target,
        what,
        shown_children(table),
        lambda path, progress: export_table(path, table, progress, overwrite=True),
    )
