"""Where to save a file the user asked for, and the export of a table as shown, in one place.

Qt's save dialog asks before replacing a file it shows; a name typed without the suffix is a
file the dialog never saw, so when that one exists we ask here. Either way the writer is then
allowed to replace it (output_files checks the target and writes atomically)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from kongchuo_desktop.services.table_export import ShownTable, export_table
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.task_runner import run_task

XLSX_FILTER = "Excel 文件 (*.xlsx)"
PDF_FILTER = "PDF 文件 (*.pdf)"


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
        if Path(path).exists() and not messages.confirm(
            parent, title, f"{path} 已存在。要替换它吗？", yes="替换", no="取消"
        ):
            return None
    return Path(path)


def export_shown_table(parent: QWidget, table: ShownTable, title: str, what: str) -> None:
    """Ask where, then write `table` as .xlsx in the background; `what` names it in the
    messages ("出勤统计" → 已导出出勤统计到：…)."""
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
