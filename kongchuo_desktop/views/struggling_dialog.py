"""学困生转化 for one class (教师考核 → 学困生转化…): tick the class's bottom 20% at the start of the
year (the roster's 学困生 flag) — or name every class's from an Excel of scores (从成绩表导入…,
previewed first) — and at the term's end tick those who moved up into the top 80%.
Saved through services.struggling and services.struggling_import (checked, audited)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, struggling, struggling_import
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.struggling_import_dialog import ScorePreviewDialog
from kongchuo_desktop.views.task_runner import run_and_wait


class StrugglingDialog(QDialog):
    def __init__(self, term: str, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.term, self.today = term, today
        self.setWindowTitle(f"学困生转化（{term}）")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.classes = QComboBox(objectName="struggling_class")
        for cid, name in struggling.class_choices():
            self.classes.addItem(name, cid)
        top.addWidget(self.classes, 1)
        import_button = QPushButton("从成绩表导入…", objectName="struggling_import")
        share = struggling.share_percent()
        import_button.setToolTip(
            f"Excel成绩表：需有“班级”“姓名”和“总分”（或“成绩”）列，每班取后{share}%"
        )
        top.addWidget(import_button)
        layout.addLayout(top)
        lists = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(QLabel(f"期初：班级后{share}%（学困生）"))
        self.named = QListWidget(objectName="struggling_named")
        left.addWidget(self.named)
        save_named = QPushButton("保存学困生名单", objectName="struggling_save_named")
        left.addWidget(save_named)
        right.addWidget(QLabel("期末：已进入班级前80%"))
        self.moved = QListWidget(objectName="struggling_moved")
        right.addWidget(self.moved)
        save_moved = QPushButton("保存期末转化", objectName="struggling_save_moved")
        right.addWidget(save_moved)
        lists.addLayout(left)
        lists.addLayout(right)
        layout.addLayout(lists)
        self.classes.currentIndexChanged.connect(self.refresh)
        save_named.clicked.connect(self.save_named)
        save_moved.clicked.connect(self.save_moved)
        import_button.clicked.connect(self.import_scores)
        self.refresh()

    def refresh(self) -> None:
        self.named.clear()
        self.moved.clear()
        cid = self.classes.currentData()
        if cid is None:
            return
        for row in struggling.class_rows(cid, self.term):
            item = QListWidgetItem(row.name)
            item.setData(Qt.ItemDataRole.UserRole, row.student_id)
            item.setCheckState(Qt.CheckState.Checked if row.named else Qt.CheckState.Unchecked)
            self.named.addItem(item)
            if row.named or row.moved_up:
                done = QListWidgetItem(row.name)
                done.setData(Qt.ItemDataRole.UserRole, row.student_id)
                done.setCheckState(
                    Qt.CheckState.Checked if row.moved_up else Qt.CheckState.Unchecked
                )
                self.moved.addItem(done)

    @staticmethod
    def _ticked(widget: QListWidget, state: bool) -> list[int]:
        want = Qt.CheckState.Checked if state else Qt.CheckState.Unchecked
        return [
            widget.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(widget.count())
            if widget.item(i).checkState() == want
        ]

    def save_named(self) -> None:
        try:
            struggling.name_struggling(
                access.actor_name(),
                self.classes.currentData(),
                self._ticked(self.named, True),
                self.today,
            )
        except UserError as exc:
            messages.fail(self, "不能保存学困生名单", exc)
            return
        self.refresh()

    def save_moved(self) -> None:
        try:
            for sid in self._ticked(self.moved, True):
                struggling.mark_progress(access.actor_name(), sid, self.term, self.today, True)
            for sid in self._ticked(self.moved, False):
                struggling.mark_progress(access.actor_name(), sid, self.term, self.today, False)
        except UserError as exc:
            messages.fail(self, "不能保存期末转化", exc)
            return
        self.refresh()

    def choose_score_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择成绩表", "", "Excel 文件 (*.xlsx *.xls *.xlsm)"
        )
        return path

    def import_scores(self) -> None:
        path = self.choose_score_file()
        if not path:
            return
        try:
            plan = run_and_wait(
                self, "正在读取成绩表…", lambda: struggling_import.read_scores(path, self.today)
            )
        except UserError as exc:
            messages.fail(self, "不能导入成绩表", exc)
            return
        if ScorePreviewDialog(plan, self).exec() != QDialog.DialogCode.Accepted:
            return
        try:
            actor = access.actor_name()
            count = run_and_wait(
                self,
                "正在保存学困生名单…",
                lambda: struggling_import.apply(actor, plan, self.today),
            )
        except UserError as exc:
            messages.fail(self, "不能保存学困生名单", exc)
            return
        self.refresh()
        messages.info(self, "已导入", f"{len(plan.classes)}个班共{count}名学困生已保存。")
