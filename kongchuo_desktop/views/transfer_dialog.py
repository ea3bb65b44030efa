"""转出手续: the four steps (书面申请 → 班主任意见 → 接收学校 → 分管校长审批) saved one at a time,
each with its day, who and a note; the last one asks first and says what will follow, then the
child's status is 转出. A procedure can be abandoned (撤回) with a reason."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.status_rules import TRANSFER_OUT_STEPS
from kongchuo_desktop.domain.transfer_steps import LAST_STEP, RECEIVING_SCHOOL_STEP, WHO
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import transfer_procedure as tp
from kongchuo_desktop.services.roster_queries import student_card
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit

TITLE = "转出手续"


class TransferDialog(QDialog):
    changed = Signal()

    def __init__(self, student_id: int, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.student = student_card(student_id)
        self.actor = actor
        self.setObjectName("transfer_dialog")
        self.setWindowTitle(f"{TITLE}：{self.student.name}")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        self.state = QLabel(objectName="transfer_state", wordWrap=True)
        layout.addWidget(self.state)
        self.steps = QTableWidget(len(TRANSFER_OUT_STEPS), 4, objectName="transfer_steps")
        self.steps.setHorizontalHeaderLabels(["步骤", "日期", "经办人", "情况"])
        self.steps.verticalHeader().setVisible(False)
        self.steps.horizontalHeader().setStretchLastSection(True)
        self.steps.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.steps.setFixedHeight(40 + 30 * len(TRANSFER_OUT_STEPS))
        layout.addWidget(self.steps)
        self.form_title = QLabel(objectName="transfer_form_title")
        layout.addWidget(self.form_title)
        self.form = QFormLayout()
        self.reason = QLineEdit(objectName="transfer_reason")
        self.reason.setPlaceholderText("例如：随父母到广东就读")
        self.date = date_edit(None, "transfer_date")
        self.date.setMaximumDate(QDate(dt.date.today()))  # a step is saved once it is done
        self.by = QLineEdit(objectName="transfer_by")
        self.school = QLineEdit(objectName="transfer_school")
        self.school.setPlaceholderText("接收学校的全称，例如：东莞市某某中学")
        self.note = QLineEdit(objectName="transfer_note")
        self.note.setPlaceholderText("意见或说明，例如：同意转出")
        self.form.addRow("转出原因", self.reason)
        self.form.addRow("日期", self.date)
        self.form.addRow("经办人", self.by)
        self.form.addRow("接收学校", self.school)
        self.form.addRow("说明", self.note)
        layout.addLayout(self.form)
        self.message = QLabel(objectName="transfer_message", wordWrap=True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("保存这一步", objectName="transfer_save")
        self.abandon_button = QPushButton("撤回手续…", objectName="transfer_abandon")
        close = QPushButton("关闭", objectName="transfer_close")
        self.save_button.clicked.connect(self.save_step)
        self.abandon_button.clicked.connect(self.abandon)
        close.clicked.connect(self.accept)
        for b in (self.save_button, self.abandon_button, close):
            b.setAutoDefault(False)
        buttons.addWidget(self.abandon_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.procedure = tp.open_procedure(self.student.id)
        done = {s.step: s for s in (self.procedure.steps if self.procedure else ())}
        for r, step in enumerate(TRANSFER_OUT_STEPS):
            s = done.get(step)
            note = "；".join(x for x in ((s.school, s.note) if s else ()) if x)
            cells = [step, str(s.date), s.by, note] if s else [step, "", "", "（待办）"]
            for c, text in enumerate(cells):
                self.steps.setItem(r, c, QTableWidgetItem(text))
        self.steps.resizeColumnsToContents()
        step = self.procedure.next_step if self.procedure else TRANSFER_OUT_STEPS[0]
        self.next_step = step
        if self.procedure:
            self.state.setText(f"{self.student.name}：{self.procedure.progress}")
        else:
            self.state.setText(
                f"{self.student.name}（{self.student.class_name}，{self.student.status}）没有办理中的"
                "转出手续。从书面申请开始，每一步办完就保存；四步办完前学生仍在校、照常点名。"
            )
        self.form_title.setText(f"下一步：{step}" if step else "")
        self.form.setRowVisible(self.reason, self.procedure is None)
        self.form.setRowVisible(self.school, step == RECEIVING_SCHOOL_STEP)
        self.form.labelForField(self.by).setText(WHO.get(step or "", "经办人"))
        for edit in (self.by, self.school, self.note):
            edit.clear()
        self.by.setPlaceholderText(f"{WHO.get(step or '', '经办人')}姓名")
        self.save_button.setText(f"保存“{step}”" if step != LAST_STEP else "审批通过，办理转出…")
        self.abandon_button.setEnabled(self.procedure is not None)
        messages.inline(self.message, "")

    def save_step(self) -> None:
        day = self.date.date().toPython()
        try:
            if self.procedure is None:
                tp.start(
                    self.actor,
                    self.student.id,
                    self.reason.text(),
                    day,
                    self.by.text(),
                    self.note.text(),
                )
            else:
                if self.next_step == LAST_STEP:
                    if not self.by.text().strip():
                        messages.inline(self.message, f"请填写{LAST_STEP}的审批人", "error")
                        return
                    question = tp.final_question(self.procedure.id)
                    if not messages.confirm(self, "确认转出", question, yes="办理", no="取消"):
                        return
                tp.save_step(
                    self.actor,
                    self.procedure.id,
                    self.next_step,
                    day,
                    self.by.text(),
                    self.note.text(),
                    self.school.text(),
                )
        except UserError as exc:
            messages.inline(self.message, str(exc), "error")
            return
        self.changed.emit()
        if self.next_step == LAST_STEP:
            messages.info(self, TITLE, f"{self.student.name}的转出手续已办完，学籍状态为“转出”。")
            self.accept()
            return
        self.refresh()

    def abandon(self) -> None:
        if self.procedure is None:
            return
        reason, ok = QInputDialog.getText(
            self, "撤回转出手续", "撤回的原因（例如：家长决定留在本校）："
        )
        if not ok:
            return
        try:
            tp.abandon(self.actor, self.procedure.id, reason)
        except UserError as exc:
            messages.inline(self.message, str(exc), "error")
            return
        self.changed.emit()
        self.refresh()
