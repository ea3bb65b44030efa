"""办理学籍变动: pick the new status, date, reason, and fill in the papers and approvals that status
needs (转出: 书面申请 → 班主任意见 → 接收学校 → 分管校长审批; 休学: 书面申请, 医疗证明). The
same rules as the CLI refuse an impossible change, with the reason shown here."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.status_rules import REQUIRED_STEPS, paperwork_refusal, refusal
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.services.roster_queries import student_card
from kongchuo_desktop.services.transfer_procedure import open_procedure
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit

HAS_UNTIL = {StudentStatus.DEFERRED, StudentStatus.SUSPENDED}


class StatusChangeDialog(QDialog):
    changed = Signal()

    def __init__(self, student_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.student = student_card(student_id)
        self.setObjectName("status_change_dialog")
        self.setWindowTitle(f"学籍变动：{self.student.name}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        current = StudentStatus(self.student.status)
        layout.addWidget(QLabel(f"{self.student.name}　当前学籍状态：{current}"))
        form = QFormLayout()
        self.status = QComboBox(objectName="status_new")
        for s in StudentStatus:
            if s != current:
                self.status.addItem(s.value, s.value)
        self.date = date_edit(None, "status_date")
        self.date.setMaximumDate(QDate(dt.date.today()))  # a change is recorded once it happened
        self.reason = QLineEdit(objectName="status_reason")
        self.reason.setPlaceholderText("例如：随父母到广东就读")
        self.documents = QLineEdit(objectName="status_documents")
        self.documents.setPlaceholderText("看过的材料，例如：书面申请、县医院诊断证明")
        self.approved_by = QLineEdit(objectName="status_approved_by")
        self.until = date_edit(dt.date.today() + dt.timedelta(days=365), "status_until")
        form.addRow("变更为", self.status)
        form.addRow("变动日期", self.date)
        form.addRow("变动原因", self.reason)
        form.addRow("材料", self.documents)
        form.addRow("审批人", self.approved_by)
        form.addRow("截止日期", self.until)
        layout.addLayout(form)
        self.steps_box = QFormLayout()
        steps_title = QLabel("办理手续（按顺序填写）")
        steps_title.setObjectName("status_steps_title")
        layout.addWidget(steps_title)
        layout.addLayout(self.steps_box)
        self.step_edits: dict[str, QLineEdit] = {}
        self.steps_title = steps_title
        self.message = QLabel(objectName="status_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("status_buttons")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("办理")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.status.currentIndexChanged.connect(self._status_changed)
        self._status_changed()

    def select_status(self, status: str) -> None:
        i = self.status.findText(status)
        if i >= 0:
            self.status.setCurrentIndex(i)

    def _new_status(self) -> StudentStatus | None:
        data = self.status.currentData()
        return None if data is None else StudentStatus(data)

    def _status_changed(self) -> None:
        new = self._new_status()
        if new is None:
            return
        while self.steps_box.rowCount():
            self.steps_box.removeRow(0)
        self.step_edits = {}
        steps = REQUIRED_STEPS.get(new, ())
        for step in steps:
            edit = QLineEdit(objectName=f"status_step_{step}")
            edit.setPlaceholderText("填写办理情况：谁、何时、什么意见")
            self.step_edits[step] = edit
            self.steps_box.addRow(step, edit)
        self.steps_title.setVisible(bool(steps))
        self.until.setEnabled(new in HAS_UNTIL)
        why = refusal(StudentStatus(self.student.status), new)
        if why is None and new is StudentStatus.TRANSFERRED_OUT and open_procedure(self.student.id):
            why = "这名学生有办理中的转出手续，请在学生档案的“转出手续”中办理下一步（或先撤回手续）"
        self.message.setText(why or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(why is None)

    def save(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.student_status import (
            StatusChangeError,
            change_question,
            change_status,
        )

        new = self._new_status()
        details = {k: e.text() for k, e in self.step_edits.items()}
        until = self.until.date().toPython() if new in HAS_UNTIL else None
        # 转出, 死亡, 辍学 ask first, saying what will follow; a form that would be refused (a
        # missing reason or paper) says so before asking.
        question = change_question(self.student.id, new)
        if question is not None:
            missing = paperwork_refusal(
                new, self.date.date().toPython(), details, self.approved_by.text(), until
            )
            if not self.reason.text().strip():
                missing = "请填写变动原因"
            if missing:
                self.message.setText(missing)
                return
            if not messages.confirm(self, f"确认{new}", question, yes="办理", no="取消"):
                return
        try:
            change_status(
                actor_name(),
                self.student.id,
                new,
                self.date.date().toPython(),
                self.reason.text(),
                self.documents.text(),
                self.approved_by.text(),
                until=until,
                details=details or None,
            )
        except StatusChangeError as exc:
            self.message.setText(str(exc))
            return
        self.changed.emit()
        self.accept()
