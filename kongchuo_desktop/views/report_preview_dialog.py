"""Before a month report is saved: every sheet of the bureau's template, what will be filled where,
and what was not understood. A list, a column or a figure line understood wrongly (or not at all)
is corrected with its drop-down; the corrections are remembered for this template (by the
fingerprint of its headers) and used again next month.

Without month data (`data=None`) the dialog only checks a template: how it will be understood.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.report_data import ReportData
from kongchuo_desktop.domain.report_names import FIELD_NAMES, FIGURE_NAMES, LIST_NAMES, TITLE_NAMES
from kongchuo_desktop.domain.report_plan import (
    Corrections,
    FillPlan,
    ListPlan,
    SheetCorrection,
    SheetPlan,
)
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, report_mappings
from kongchuo_desktop.services.report_fill import write_report
from kongchuo_desktop.services.report_template import TemplateBook, make_plan, open_template
from kongchuo_desktop.services.roster_export import data_folder
from kongchuo_desktop.views import messages

NOT_FILLED = "（不填）"
COLUMNS = ("位置", "模板中的文字", "填入", "说明")


class ReportPreviewDialog(QDialog):
    def __init__(
        self,
        template: Path | str,
        data: ReportData | None,
        parent: QWidget | None = None,
        *,
        writer=None,
        notes: list[str] | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("report_preview_dialog")
        self.data = data
        # writer(path, corrections, overwrite): the month report's own writer (notes sheet,
        # 零报告); notes: the period counted and what could not be, shown above the tree.
        self.writer = writer
        self.notes = list(notes or [])
        self.book: TemplateBook = open_template(template)  # UserError: the caller shows it
        self.corrections: Corrections = report_mappings.corrections_for(self.book.fingerprint)
        self.changed = False
        self.saved_to: Path | None = None
        self.setWindowTitle("预览月报" if data is not None else "检查模板")
        self.resize(900, 620)

        layout = QVBoxLayout(self)
        self.heading = QLabel(objectName="preview_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)
        self.tree = QTreeWidget(objectName="preview_tree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.tree, 1)
        self.status = QLabel(objectName="preview_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox()
        self.reset_button = QPushButton("恢复自动识别", objectName="reset_corrections")
        self.remember_button = QPushButton("记住这些对应", objectName="remember_corrections")
        buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(self.remember_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button: QPushButton | None = None
        if data is not None:  # checking a template saves nothing
            self.save_button = QPushButton("保存月报…", objectName="save_report")
            buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.save_button.clicked.connect(self.ask_and_save)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close_preview")
        layout.addWidget(buttons)
        self.reset_button.clicked.connect(self.reset)
        self.remember_button.clicked.connect(self.remember)
        close.clicked.connect(self.reject)
        self.refresh()

    # ---- the plan ---------------------------------------------------------------------------

    def plan(self) -> FillPlan:
        return make_plan(self.book, self.data or ReportData(), self.corrections)

    def refresh(self) -> None:
        plan = self.plan()
        self.current = plan
        name = Path(plan.template).name
        kind = "标记过的模板（按占位符填写）" if plan.marked else "未标记的模板（按表头识别）"
        lines = [f"模板：{name}　{kind}"]
        if plan.corrected:
            lines.append("已用上这个模板记住的手动对应。")
        if self.data is None:
            lines.append("月报的各项数字将在后续版本中由程序统计；这里先检查模板会被怎样理解。")
        lines += self.notes
        self.heading.setText("\n".join(lines))
        self.tree.clear()
        for sheet in plan.sheets:
            self._add_sheet(sheet)
        self.tree.expandAll()
        for col in (0, 2, 3):
            self.tree.resizeColumnToContents(col)
        missing = self._not_understood(plan)
        text = f"没有认出 {len(missing)} 处，将留空。" if missing else "模板的各部分都已认出。"
        messages.inline(self.status, text, "warn" if missing else "ok")
        self.reset_button.setEnabled(bool(self.corrections.to_json()))

    def _not_understood(self, plan: FillPlan) -> list[str]:
        if self.data is None:
            return [i for i in plan.not_understood() if "数据中没有" not in i]
        return plan.not_understood()

    def _add_sheet(self, sheet: SheetPlan) -> None:
        summary = self._sheet_summary(sheet)
        top = QTreeWidgetItem(self.tree, [sheet.name, "", "", summary])
        font = top.font(0)
        font.setBold(True)
        top.setFont(0, font)
        figures: dict[str, list] = {}
        for cell in sheet.cells:
            if cell.stage is not None:
                figures.setdefault(cell.label, []).append(cell)
            elif cell.how != "占位符" or cell.what in TITLE_NAMES:
                shown = cell.title or "{{" + cell.label + "}}"
                note = "将填写" if self.data is None else (cell.note or f"填为“{cell.value}”")
                QTreeWidgetItem(top, [cell.coordinate, shown, cell.what, note])
        for label, cells in figures.items():
            self._add_figure_line(top, sheet, label, cells)
        for item in sheet.lists:
            self._add_list(top, sheet, item)
        covered = ("列「", "行「", "哪一个名单", "数据中没有")
        for text in sheet.not_understood:
            if not any(word in text for word in covered):
                QTreeWidgetItem(top, ["", text, NOT_FILLED, "没有认出，留空"])
        self._add_unrecognised_lines(top, sheet)

    def _sheet_summary(self, sheet: SheetPlan) -> str:
        if self.data is not None:
            return next(
                (
                    line.split("：", 1)[1]
                    for line in self.current.summary()
                    if line.startswith(sheet.name + "：")
                ),
                "",
            )
        parts = []
        if any(c.stage for c in sheet.cells):
            parts.append(f"数字表 {len({c.label for c in sheet.cells if c.stage})} 项")
        parts += [f"名单：{i.list_name or '未认出'}" for i in sheet.lists]
        return "；".join(parts) or "没有要填的内容"

    def _add_figure_line(self, top, sheet: SheetPlan, label: str, cells: list) -> None:
        first = cells[0]
        where = ", ".join(c.coordinate for c in cells)
        if self.data is None:
            note = f"{len(cells)} 格：{'、'.join(c.stage for c in cells)}"
        else:
            note = "、".join(f"{c.stage} {'' if c.value is None else c.value}" for c in cells)
        item = QTreeWidgetItem(
            top, [where, first.what if first.how == "占位符" else label, "", note]
        )
        if first.how == "占位符":
            item.setText(2, first.what)
            return
        item.setText(0, f"{label}{'行' if label.isdigit() else '列'}（{where}）")
        item.setText(1, first.title)
        self._combo(
            item,
            [*FIGURE_NAMES],
            first.what,
            lambda v, s=sheet.name, k=label: self._fix_figure(s, k, v),
        )

    def _add_unrecognised_lines(self, top, sheet: SheetPlan) -> None:
        """Figure lines that were not understood: offered too, so that they can be named by hand."""
        for text in sheet.not_understood:
            if "没有识别为月报数字" not in text:
                continue
            key = text.split("「", 1)[0].removeprefix("第").removesuffix("行").removesuffix("列")
            label = text.split("「", 1)[1].split("」", 1)[0]
            item = QTreeWidgetItem(top, [text.split("「", 1)[0], label, "", "没有认出，留空"])
            self._combo(
                item,
                [*FIGURE_NAMES],
                None,
                lambda v, s=sheet.name, k=key: self._fix_figure(s, k, v),
            )

    def _add_list(self, top, sheet: SheetPlan, item: ListPlan) -> None:
        if self.data is None:
            note = f"空行 {item.capacity} 行" + (
                f"，表尾在第 {item.footer_row} 行" if item.footer_row else ""
            )
        else:
            note = item.note or f"{item.rows} 行" + (
                f"，在表尾上面插入 {item.inserted} 行" if item.inserted else ""
            )
        rows = (
            f"第{item.header_first}行"
            if item.header_first == item.header_last
            else f"第{item.header_first}–{item.header_last}行"
        )
        head = QTreeWidgetItem(top, [f"表头 {rows}", "这张表的名单", "", note])
        if item.how != "占位符":
            self._combo(
                head,
                [*LIST_NAMES],
                item.list_name,
                lambda v, s=sheet.name, k=str(item.header_first): self._fix_list(s, k, v),
            )
        else:
            head.setText(2, item.list_name or "")
        for column in item.columns:
            child = QTreeWidgetItem(head, [f"{column.letter}列", column.title, "", column.note])
            if column.how == "占位符":
                child.setText(2, column.field or "")
                continue
            if not column.field and not column.note:
                child.setText(3, "没有认出，留空")
            self._combo(
                child,
                [*FIELD_NAMES],
                column.field,
                lambda v, s=sheet.name, k=f"{column.letter}{item.header_first}": self._fix_column(
                    s, k, v
                ),
            )

    def _combo(
        self, item: QTreeWidgetItem, choices: list[str], current: str | None, on_change
    ) -> None:
        combo = QComboBox(objectName="mapping_choice")
        combo.addItem(NOT_FILLED, "")
        for choice in choices:
            combo.addItem(choice, choice)
        combo.setCurrentIndex(max(0, combo.findData(current or "")))
        combo.currentIndexChanged.connect(lambda _i: on_change(combo.currentData()))
        self.tree.setItemWidget(item, 2, combo)

    # ---- corrections by hand -------------------------------------------------------------------

    def _sheet_fix(self, sheet: str) -> SheetCorrection:
        return self.corrections.sheets.setdefault(sheet, SheetCorrection())

    def _fix_list(self, sheet: str, header_row: str, value: str) -> None:
        self._sheet_fix(sheet).lists[header_row] = value
        self._changed()

    def _fix_column(self, sheet: str, header_cell: str, value: str) -> None:
        self._sheet_fix(sheet).columns[header_cell] = value
        self._changed()

    def _fix_figure(self, sheet: str, key: str, value: str) -> None:
        self._sheet_fix(sheet).figures[key] = value
        self._changed()

    def _changed(self) -> None:
        self.changed = True
        self.refresh()

    def reset(self) -> None:
        self.corrections = Corrections()
        self.changed = True
        self.refresh()

    def remember(self) -> None:
        try:
            report_mappings.remember(
                access.actor_name(), self.book.fingerprint, self.book.path.name, self.corrections
            )
        except UserError as exc:
            messages.fail(self, "记住对应", exc)
            return
        self.changed = False
        messages.inline(self.status, "已记住：下次选这个模板时自动使用这些对应。", "ok")

    # ---- saving --------------------------------------------------------------------------------

    def ask_and_save(self) -> None:
        suggested = str(self.book.path.with_name(self.book.path.stem + "（已填写）.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, "保存月报", suggested, "Excel 文件 (*.xlsx)")
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        overwrite = False
        if path.exists():
            if not messages.confirm(
                self, "保存月报", f"{path} 已存在。要替换它吗？", yes="替换", no="取消"
            ):
                return False
            overwrite = True
        try:
            if self.changed:
                self.remember()
            if self.writer is not None:
                self.writer(path, self.corrections, overwrite)
            else:
                write_report(
                    self.book.path,
                    self.data or ReportData(),
                    path,
                    self.corrections,
                    overwrite=overwrite,
                    data_dir=data_folder(),
                )
        except (UserError, OSError) as exc:
            messages.fail(self, "保存月报", exc)
            return False
        self.saved_to = path
        messages.info(self, "保存月报", f"月报已保存到：\n{path}")
        self.accept()
        return True
