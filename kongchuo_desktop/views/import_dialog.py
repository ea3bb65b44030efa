"""导入花名册: the column mapping (correctable), the columns not understood, every problem with
its Excel row, column and reason, and what the import would do — before anything is written."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain import roster_columns as rc
from kongchuo_desktop.domain.grades import class_name
from kongchuo_desktop.domain.import_status import asked_status_rows, confirm_statuses
from kongchuo_desktop.domain.masking import mask_id, mask_ids_in_text
from kongchuo_desktop.domain.roster_plan import confirm_classes
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.simple_table_model import SimpleTableModel
from kongchuo_desktop.views.task_runner import run_task

NOT_IMPORTED = "（不导入）"
CONFIRM_BY_TICK = "确认要新建这个班，请在上方勾选它"
CONFIRM_STATUS_BY_TICK = "确认无误请在上方勾选这一行"


def _view(name: str, model: SimpleTableModel) -> QTableView:
    v = QTableView(objectName=name)
    v.setModel(model)
    v.verticalHeader().setVisible(False)
    v.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    v.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    v.horizontalHeader().setStretchLastSection(True)
    v.setWordWrap(False)
    return v


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportResult

    def __init__(self, folder, sheet, plan, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.sheet = sheet
        self.plan = plan
        self.setObjectName("import_dialog")
        self.setWindowTitle(f"导入花名册：{sheet.path.name}")
        self.resize(1160, 640)
        layout = QVBoxLayout(self)
        self.info = QLabel(objectName="import_info")
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        # A class the school does not have is made only when ticked (a typo such as 七年级9班
        # would otherwise become a class reported missing every day).
        self.classes_box = QWidget(objectName="import_new_classes")
        self.classes_row = QHBoxLayout(self.classes_box)
        self.classes_row.setContentsMargins(0, 0, 0, 0)
        self.classes_row.addWidget(
            QLabel("本校还没有的班级，勾选的将新建（不勾选的班级，其学生行算作错误）：")
        )
        self.class_ticks: dict[tuple[int, int], QCheckBox] = {}
        self.classes_row.addStretch(1)
        layout.addWidget(self.classes_box)
        # A new child in 转出, 休学, 疑似辍学 … is created in that status only when ticked.
        self.status_box = QWidget(objectName="import_status_box")
        status_layout = QVBoxLayout(self.status_box)
        status_layout.setContentsMargins(0, 0, 0, 0)
        status_layout.addWidget(
            QLabel(
                "以下新学生的学籍状态不是在校，勾选确认后按此状态建档"
                "（不勾选的行算作错误，不导入）：",
                wordWrap=True,
            )
        )
        self.status_rows = QListWidget(objectName="import_status_rows")
        self.status_rows.setMaximumHeight(96)
        self.status_rows.itemChanged.connect(self._classes_ticked)
        status_layout.addWidget(self.status_rows)
        layout.addWidget(self.status_box)

        split = QSplitter(objectName="import_split")
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("列的对应关系（可在右侧修改）："))
        self.mapping = QTableWidget(0, 2, objectName="import_mapping")
        self.mapping.setHorizontalHeaderLabels(["文件中的列", "导入为"])
        self.mapping.verticalHeader().setVisible(False)
        self.mapping.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.mapping.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        ll.addWidget(self.mapping, 1)
        self.unmapped = QLabel(objectName="import_unmapped")
        self.unmapped.setWordWrap(True)
        ll.addWidget(self.unmapped)
        self.recheck = QPushButton("按修改后的对应关系重新检查", objectName="import_recheck")
        self.recheck.clicked.connect(self.check_again)
        ll.addWidget(self.recheck)
        split.addWidget(left)

        self.tabs = QTabWidget(objectName="import_tabs")
        self.problems_model = SimpleTableModel(["行号", "列", "类型", "问题"])
        self.new_model = SimpleTableModel(["行号", "姓名", "身份证件号", "学籍号", "班级"])
        self.updated_model = SimpleTableModel(["行号", "姓名", "变化"])
        self.missing_model = SimpleTableModel(["姓名", "班级", "身份证件号", "学籍号", "学籍状态"])
        self.problems_view = _view("import_problems", self.problems_model)
        self.problems_view.setColumnWidth(0, 60)
        self.problems_view.setColumnWidth(1, 110)
        self.problems_view.setColumnWidth(2, 60)
        self.tabs.addTab(self.problems_view, "问题")
        self.tabs.addTab(_view("import_new", self.new_model), "新学生")
        self.tabs.addTab(_view("import_updated", self.updated_model), "有变化")
        self.tabs.addTab(_view("import_missing", self.missing_model), "不在文件中")
        split.addWidget(self.tabs)
        split.setSizes([360, 820])
        layout.addWidget(split, 1)

        self.stale = QLabel(objectName="import_mapping_changed")
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet("color: #c0392b;")
        layout.addWidget(self.stale)
        bottom = QHBoxLayout()
        self.skip_invalid = QCheckBox(
            "只导入没有问题的行（有错误的行跳过）", objectName="import_skip_invalid"
        )
        self.skip_invalid.toggled.connect(self._update_buttons)
        self.confirm = QPushButton("确认导入", objectName="import_confirm")
        self.confirm.clicked.connect(self.run_import)
        cancel = QPushButton("取消", objectName="import_cancel")
        cancel.clicked.connect(self.reject)
        bottom.addWidget(self.skip_invalid)
        bottom.addStretch(1)
        bottom.addWidget(self.confirm)
        bottom.addWidget(cancel)
        layout.addLayout(bottom)
        self._fill_mapping()
        self._checked_mapping = self.current_mapping()  # the mapping `self.plan` was made with
        self.show_plan(self._confirmed(plan))

    # -- mapping --------------------------------------------------------------------------------
    def _fill_mapping(self) -> None:
        headers = self.sheet.headers
        keys = rc.all_keys()
        self.mapping.setRowCount(0)
        self._combos: list[tuple[int, QComboBox]] = []
        for col, header in enumerate(headers):
            if not header:
                continue
            r = self.mapping.rowCount()
            self.mapping.insertRow(r)
            self.mapping.setItem(r, 0, QTableWidgetItem(header))
            combo = QComboBox(objectName=f"import_map_{col}")
            combo.addItem(NOT_IMPORTED, None)
            current = self.sheet.mapping.get(col)
            options = list(keys)
            if current and current not in options:
                options.insert(0, current)
            for key in options:
                combo.addItem(self._label(key), key)
            if current:
                combo.setCurrentIndex(combo.findData(current))
            combo.currentIndexChanged.connect(self._update_buttons)
            self.mapping.setCellWidget(r, 1, combo)
            self._combos.append((col, combo))

    @staticmethod
    def _label(key: str) -> str:
        if key.startswith("关系:"):
            _, rel, part = key.split(":")
            return f"家庭成员（{rel}）{part}"
        return key

    def current_mapping(self) -> dict[int, str]:
        return {col: combo.currentData() for col, combo in self._combos if combo.currentData()}

    def set_mapping(self, col: int, key: str | None) -> None:
        for c, combo in self._combos:
            if c == col:
                combo.setCurrentIndex(combo.findData(key) if key else 0)

    # -- classes the school does not have --------------------------------------------------------
    def _fill_class_ticks(self, asked: list[tuple[int, int]]) -> None:
        self.classes_box.setVisible(bool(asked))
        if list(self.class_ticks) == asked:
            return
        ticked = {k for k, box in self.class_ticks.items() if box.isChecked()}
        for box in self.class_ticks.values():
            box.setParent(None)
            box.deleteLater()
        self.class_ticks = {}
        for i, key in enumerate(asked):
            box = QCheckBox(class_name(*key), objectName=f"import_create_class_{key[0]}_{key[1]}")
            box.setChecked(key in ticked)
            box.toggled.connect(self._classes_ticked)
            self.classes_row.insertWidget(1 + i, box)
            self.class_ticks[key] = box

    def ticked_classes(self) -> list[tuple[int, int]]:
        return [k for k, box in self.class_ticks.items() if box.isChecked()]

    def tick_class(self, key: tuple[int, int], on: bool = True) -> None:
        self.class_ticks[key].setChecked(on)

    def _fill_status_ticks(self, asked) -> None:
        self.status_box.setVisible(bool(asked))
        if [
            self.status_rows.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.status_rows.count())
        ] == [r.row for r in asked]:
            return
        ticked = set(self.ticked_status_rows())
        self.status_rows.blockSignals(True)
        self.status_rows.clear()
        for rec in asked:
            where = class_name(*rec.class_key) if rec.class_key else "无班级"
            item = QListWidgetItem(f"第{rec.row}行 {rec.name}（{where}）：{rec.status}")
            item.setData(Qt.ItemDataRole.UserRole, rec.row)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            on = rec.row in ticked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.status_rows.addItem(item)
        self.status_rows.blockSignals(False)

    def ticked_status_rows(self) -> list[int]:
        return [
            self.status_rows.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.status_rows.count())
            if self.status_rows.item(i).checkState() == Qt.CheckState.Checked
        ]

    def tick_status_row(self, row: int, on: bool = True) -> None:
        for i in range(self.status_rows.count()):
            item = self.status_rows.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == row:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _confirmed(self, plan):
        """The plan with the ticked classes made and the ticked statuses accepted; the rows of
        the others are errors."""
        self._fill_class_ticks(list((plan.source or plan).asked_classes))
        self._fill_status_ticks(asked_status_rows(plan))
        plan = confirm_classes(plan, self.ticked_classes(), CONFIRM_BY_TICK)
        return confirm_statuses(
            plan, self.ticked_status_rows(), CONFIRM_STATUS_BY_TICK, plan.status_column
        )

    def _classes_ticked(self) -> None:
        self.show_plan(self._confirmed(self.plan))

    # -- plan -----------------------------------------------------------------------------------
    def show_plan(self, plan) -> None:
        self.plan = plan
        s = self.sheet
        unmapped = [h for col, h in enumerate(s.headers) if h and col not in self.current_mapping()]
        self.unmapped.setText("未识别、不导入的列：" + ("、".join(unmapped) if unmapped else "无"))
        errors, warnings = plan.errors, plan.warnings
        lines = [
            f"工作表“{s.sheet_name}”，表头在第 {s.header_row} 行。"
            f"新学生 {len(plan.new)} 人，有变化 {len(plan.updated)} 人，"
            f"无变化 {len(plan.unchanged)} 人；"
            f"有错误的行 {len(plan.bad_rows)} 行，提醒 {len(warnings)} 条；"
            f"在本系统但不在文件中 {len(plan.missing)} 人（可能“人在籍不在”，不会删除）。"
        ]
        if s.note:
            lines.append(s.note)
        if plan.new_classes:
            lines.append("将新建班级：" + "、".join(class_name(g, n) for g, n in plan.new_classes))
        lines.append(
            "已有学生按身份证件号或学籍号对应，只更新有变化的信息；文件中的空格不会清除已有信息。"
        )
        if plan.ignored_rows:
            lines.append(f"空行和合计行不导入：{len(plan.ignored_rows)} 行。")
        if errors:
            lines.append(
                "文件中有错误：默认整个文件不导入。请在Excel中改正后重新导入，"
                "或勾选“只导入没有问题的行”。"
            )
        self.info.setText("\n".join(lines))
        self.problems_model.set_rows(
            [[p.row, p.column, p.severity, p.message] for p in plan.problems],
            ["#c0392b" if p.is_error else "#b9770e" for p in plan.problems],
        )
        self.new_model.set_rows(
            [
                [
                    r.row,
                    r.name,
                    mask_id(r.id_number),
                    mask_ids_in_text(r.student_number),
                    class_name(*r.class_key) if r.class_key else "",
                ]
                for r in plan.new
            ]
        )
        self.updated_model.set_rows(
            [
                [
                    c.record.row,
                    c.record.name,
                    mask_ids_in_text(
                        "；".join(f"{label}：{_t(a)} → {_t(b)}" for label, a, b in c.changes)
                    ),
                ]
                for c in plan.updated
            ]
        )
        self.missing_model.set_rows(
            [
                [
                    e.name,
                    class_name(*e.class_key) if e.class_key else "",
                    mask_id(e.id_number),
                    mask_ids_in_text(e.student_number),
                    e.status,
                ]
                for e in plan.missing
            ]
        )
        self.tabs.setTabText(0, f"问题（{len(plan.problems)}）")
        self.tabs.setTabText(1, f"新学生（{len(plan.new)}）")
        self.tabs.setTabText(2, f"有变化（{len(plan.updated)}）")
        self.tabs.setTabText(3, f"不在文件中（{len(plan.missing)}）")
        self._update_buttons()

    def mapping_changed(self) -> bool:
        """True when the mapping on screen is not the one the shown check was made with."""
        return self.current_mapping() != self._checked_mapping

    def _update_buttons(self) -> None:
        nothing = not self.plan.new and not self.plan.updated
        blocked = self.plan.refused and not self.skip_invalid.isChecked()
        changed = self.mapping_changed()
        self.confirm.setEnabled(not nothing and not blocked and not changed)
        self.skip_invalid.setEnabled(self.plan.refused)
        self.stale.setText(
            "列的对应关系已修改，下面的检查结果还是修改前的。"
            "请先点“按修改后的对应关系重新检查”，再确认导入。"
            if changed
            else ""
        )

    def check_again(self) -> None:
        from kongchuo_desktop.services.roster_import import make_import_plan

        mapping = self.current_mapping()
        self.sheet.mapping = mapping
        self.recheck.setEnabled(False)

        def done(plan) -> None:
            self.recheck.setEnabled(True)
            self._checked_mapping = mapping
            self.show_plan(self._confirmed(plan))

        def failed(exc) -> None:
            self.recheck.setEnabled(True)
            messages.fail(self, "无法检查", exc)

        run_task(
            self,
            "正在检查文件…",
            lambda progress: make_import_plan(self.sheet, mapping),
            done,
            failed,
        )

    def run_import(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.roster_import import apply_plan

        if self.mapping_changed():  # the button is disabled; never import an outdated check
            self._update_buttons()
            return
        plan, skip, actor = self.plan, self.skip_invalid.isChecked(), actor_name()
        self.confirm.setEnabled(False)

        def work(progress):
            return apply_plan(actor, plan, skip_invalid=skip, folder=self.folder, progress=progress)

        def done(result) -> None:
            messages.info(
                self,
                "导入完成",
                f"新学生 {result.new} 人，更新 {result.updated} 人，无变化 {result.unchanged} 人，"
                f"跳过有错误的行 {result.skipped} 行。\n导入前的数据已备份。",
            )
            self.imported.emit(result)
            self.accept()

        def failed(exc) -> None:
            self._update_buttons()
            messages.fail(self, "导入失败", exc, after="没有写入任何数据。")

        run_task(self, "正在导入花名册…", work, done, failed)


def _t(value) -> str:
    if value is None or value == "":
        return "（空）"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)
