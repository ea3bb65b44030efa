"""教师考核: the teachers of a term or year with their totals, the selected teacher's entries with
the explanation of each, the principal's adjustment (with a reason), the lock, the .xlsx export and
one teacher's printed sheet. Rows come from services.assessment_report; nothing here reads the
database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QWidget,
)

from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access
from kongchuo_desktop.services import assessment_report as rep
from kongchuo_desktop.services.cases import school_name
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.assessment_sheet import teacher_sheet
from kongchuo_desktop.views.page_layout import table_view, titled_page
from kongchuo_desktop.views.printing import preview
from kongchuo_desktop.views.row_table_model import RowTableModel
from kongchuo_desktop.views.struggling_dialog import StrugglingDialog


def _money(v: float) -> str:
    return f"{v:+g}" if v else "0"


class AssessmentPage(QWidget):
    clock = staticmethod(dt.date.today)  # tests set a fixed day

    def __init__(self, folder, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.report: rep.Report | None = None
        layout = titled_page(self, "教师考核")
        top = QHBoxLayout()
        top.addWidget(QLabel("考核期间"))
        self.period = QComboBox(objectName="assessment_period")
        top.addWidget(self.period)
        top.addStretch(1)
        self.struggling_button = QPushButton("学困生转化…", objectName="assessment_struggling")
        top.addWidget(self.struggling_button)
        self.adjust_button = QPushButton("校长调整…", objectName="assessment_adjust")
        self.lock_button = QPushButton("锁定本期", objectName="assessment_lock")
        self.export_button = QPushButton("导出Excel…", objectName="assessment_export")
        self.print_button = QPushButton("打印本教师考核表…", objectName="assessment_print")
        for b in (self.adjust_button, self.lock_button, self.export_button, self.print_button):
            top.addWidget(b)
        layout.addLayout(top)
        self.state = QLabel(objectName="assessment_state")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.teacher_model = RowTableModel(
            [
                ("教师", lambda t: t.name),
                ("分值", lambda t: f"{t.points:+g}" if t.points else "0"),
                ("绩效（元）", lambda t: _money(t.amount)),
                ("否决", lambda t: "是" if t.veto else ""),
                ("条目", lambda t: t.entries),
                ("先进", lambda t: "建议" if t.proposed else ""),
            ],
            self,
        )
        self.entry_model = RowTableModel(
            [
                ("日期", lambda e: e.date.isoformat()),
                ("规则", lambda e: e.rule_label),
                ("说明", lambda e: e.text),
                ("效果", lambda e: e.effect),
                ("来源", lambda e: e.source),
            ],
            self,
        )
        split = QSplitter()
        self.teacher_view = table_view("assessment_teachers", self.teacher_model)
        self.entry_view = table_view("assessment_entries", self.entry_model)
        self.entry_view.setWordWrap(True)
        header = self.entry_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 90), (1, 130), (3, 130), (4, 110)):
            self.entry_view.setColumnWidth(column, width)
        split.addWidget(self.teacher_view)
        right = QWidget()
        box = QFormLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        self.teacher_title = QLabel(objectName="assessment_teacher_title")
        self.teacher_title.setWordWrap(True)
        box.addRow(self.teacher_title)
        box.addRow(self.entry_view)
        split.addWidget(right)
        split.setSizes([290, 710])
        layout.addWidget(split, 1)
        hint = QLabel(
            "每一条都由记录的事件按“设置 → 教师考核规则”算出：辍学按缺勤开始那天的三包责任认定，"
            "劝返奖励由参加家访的教师平分。锁定后本期的数字不再随新记录或规则修改而变化。"
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.period.currentIndexChanged.connect(self._load)
        self.teacher_view.selectionModel().currentRowChanged.connect(self._show_teacher)
        self.adjust_button.clicked.connect(self.adjust)
        self.struggling_button.clicked.connect(self.open_struggling)
        self.lock_button.clicked.connect(self.lock)
        self.export_button.clicked.connect(self.export)
        self.print_button.clicked.connect(self.print_sheet)
        self.refresh()

    def refresh(self) -> None:
        key = self.period.currentData()
        self.period.blockSignals(True)
        self.period.clear()
        for p in rep.periods():
            self.period.addItem(p.label, p.key)
        today = self.clock()
        if key is None:  # first showing: the term of today
            key = next((p.key for p in rep.periods() if not p.is_year and p.first <= today), None)
        i = self.period.findData(key)
        self.period.setCurrentIndex(max(i, 0))
        self.period.blockSignals(False)
        self._load()

    def _load(self) -> None:
        key = self.period.currentData()
        if key is None:
            self.report = None
            self.teacher_model.set_rows([])
            self.entry_model.set_rows([])
            self.state.setText("校历中还没有学期")
            return
        try:
            self.report = rep.report(key, self.clock())
        except UserError as exc:
            messages.fail(self, "不能计算考核", exc)
            return
        r = self.report
        vetoed = sum(t.veto for t in r.teachers)
        state = f"已于{r.locked_on:%Y年%m月%d日}由{r.locked_by}锁定" if r.locked_on else "未锁定"
        self.state.setText(
            f"{r.period.label}：{len(r.teachers)}位教师，一票否决{vetoed}人；{state}"
        )
        self.lock_button.setText("解锁本期…" if r.locked_on else "锁定本期")
        actor = access.current()
        self.lock_button.setEnabled(actor.can(Action.LOCK_ASSESSMENT))
        self.adjust_button.setEnabled(r.locked_on is None and actor.can(Action.EDIT_ASSESSMENT))
        self.lock_button.setToolTip(
            "" if actor.can(Action.LOCK_ASSESSMENT) else "只有校长可以锁定或解锁"
        )
        self.teacher_model.set_rows(r.teachers)
        self.teacher_view.resizeColumnsToContents()
        if r.teachers:
            self.teacher_view.selectRow(0)
        self._show_teacher()

    def selected_teacher(self) -> rep.TeacherTotal | None:
        index = self.teacher_view.currentIndex()
        return self.teacher_model.row(index.row()) if index.isValid() else None

    def _show_teacher(self, *args) -> None:
        t = self.selected_teacher()
        if t is None or self.report is None:
            self.entry_model.set_rows([])
            self.teacher_title.setText("")
            return
        veto = "；一票否决（本学年不得评优评先）" if t.veto else ""
        self.teacher_title.setText(
            f"{t.name}：{t.points:+g}分，绩效{_money(t.amount)}元{veto}"
            f"{'；建议评为控辍保学先进班主任' if t.proposed else ''}"
        )
        self.entry_model.set_rows(self.report.of_teacher(t.teacher_id))
        self.entry_view.resizeRowsToContents()

    def adjust(self) -> None:
        t = self.selected_teacher()
        if t is None or self.report is None:
            messages.info(self, "校长调整", "请先在左边选中一位教师")
            return
        dialog = AdjustDialog(t.name, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            rep.add_adjustment(
                access.actor_name(),
                self.report.period.key,
                t.teacher_id,
                dialog.reason.text(),
                points=dialog.points.value(),
                amount=dialog.amount.value(),
                day=self.clock(),
            )
        except UserError as exc:
            messages.fail(self, "不能保存调整", exc)
            return
        self._load()

    def open_struggling(self) -> None:
        if self.report is None or self.report.period.is_year:
            messages.info(self, "学困生转化", "请先在“考核期间”中选择一个学期")
            return
        StrugglingDialog(self.report.period.key, self.clock(), self).exec()
        self._load()

    def lock(self) -> None:
        if self.report is None:
            return
        if self.report.locked_on is not None:
            self.unlock()
            return
        label = self.report.period.label
        if not messages.confirm(
            self,
            "锁定",
            f"锁定{label}的考核？锁定后，新的记录和规则修改都不再改变本期的数字，也不能再调整。",
        ):
            return
        try:
            rep.lock(access.actor_name(), self.report.period.key, self.clock())
        except UserError as exc:
            messages.fail(self, "不能锁定", exc)
            return
        self._load()

    def unlock(self) -> None:
        dialog = UnlockDialog(self.report.period.label, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            rep.unlock(access.actor_name(), self.report.period.key, dialog.reason.text())
        except UserError as exc:
            messages.fail(self, "不能解锁", exc)
            return
        self._load()

    def export(self) -> None:
        if self.report is None:
            return
        name = f"教师考核 {self.report.period.key}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "导出Excel", str(Path.home() / name), "*.xlsx")
        if not path:
            return
        try:  # the save dialog has asked before replacing an existing file
            rep.export(path, self.report, school_name(), overwrite=True)
        except (UserError, OSError) as exc:
            messages.fail(self, "不能导出", exc)
            return
        messages.info(self, "已导出", f"已保存到 {path}")

    def print_sheet(self) -> None:
        t = self.selected_teacher()
        if t is None or self.report is None:
            messages.info(self, "打印", "请先在左边选中一位教师")
            return
        doc = teacher_sheet(self.report, t.teacher_id, school_name())
        preview(self, doc, doc.name)


class AdjustDialog(QDialog):
    """校长调整 for one teacher: points, an amount, and the reason the teacher will read."""

    def __init__(self, teacher: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"校长调整：{teacher}")
        form = QFormLayout(self)
        self.points = QDoubleSpinBox(objectName="adjust_points")
        self.points.setRange(-1000, 1000)
        self.amount = QDoubleSpinBox(objectName="adjust_amount")
        self.amount.setRange(-100000, 100000)
        self.reason = QLineEdit(objectName="adjust_reason")
        form.addRow("分值（可为负）", self.points)
        form.addRow("绩效金额（元，可为负）", self.amount)
        form.addRow("理由（教师会看到）", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class UnlockDialog(QDialog):
    """解锁 a locked period: the principal writes why (kept in the audit trail)."""

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"解锁{label}")
        form = QFormLayout(self)
        form.addRow(QLabel("解锁后，本期的数字重新按现有记录和规则计算，可以再调整。"))
        self.reason = QLineEdit(objectName="unlock_reason")
        form.addRow("解锁理由（记入操作日志）", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
