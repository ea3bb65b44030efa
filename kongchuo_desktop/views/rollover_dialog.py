"""学年升级, guided: choose the new term's dates, read what will happen, confirm. Done in one
transaction after a backup. Before the school year has ended the dialog says so and offers nothing
to confirm."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit
from kongchuo_desktop.views.task_runner import run_task


def _edit(name: str, d) -> QDateEdit:
    return date_edit(d, name)


class RolloverDialog(QDialog):
    done_rollover = Signal(dict)

    def __init__(self, folder, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        from kongchuo_desktop.services.school_year_rollover import RolloverError, plan_rollover

        self.folder = folder
        self.today = today or dt.date.today()
        self.setObjectName("rollover_dialog")
        self.setWindowTitle("学年升级")
        self.resize(720, 560)
        self.refusal = ""
        try:
            self.plan = plan_rollover(today=self.today)
        except RolloverError as exc:
            self.plan, self.refusal = None, str(exc)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "学年升级会：各班升一个年级；最高年级学生办理毕业；建立新一年级空班；开启新学期。"
                "\n升级前自动备份；往年的班级和记录全部保留。"
            )
        )
        form = QFormLayout()
        plan = self.plan
        self.graduation = _edit("rollover_graduation_date", plan and plan.graduation_date)
        self.graduation.setMaximumDate(QDate(self.today))  # 毕业 cannot be dated in the future
        self.start = _edit("rollover_term_start", plan and plan.term_start)
        self.end = _edit("rollover_term_end", plan and plan.term_end)
        form.addRow("毕业日期", self.graduation)
        form.addRow("新学期开始", self.start)
        form.addRow("新学期结束", self.end)
        layout.addLayout(form)
        layout.addWidget(QLabel("将要进行的操作："))
        self.preview = QPlainTextEdit(objectName="rollover_preview")
        self.preview.setReadOnly(True)
        layout.addWidget(self.preview, 1)
        buttons = QHBoxLayout()
        self.confirm = QPushButton("确认升级", objectName="rollover_confirm")
        cancel = QPushButton("取消", objectName="rollover_cancel")
        self.confirm.clicked.connect(self.run)
        cancel.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        for e in (self.graduation, self.start, self.end):
            e.dateChanged.connect(self._replan)
            e.setEnabled(self.plan is not None)
        self.confirm.setEnabled(self.plan is not None)
        self._show()

    def _replan(self) -> None:
        if self.plan is None:
            return
        self.plan.graduation_date = self.graduation.date().toPython()
        self.plan.term_start = self.start.date().toPython()
        self.plan.term_end = self.end.date().toPython()
        self._show()

    def _show(self) -> None:
        if self.plan is None:
            self.preview.setPlainText(f"现在不能进行学年升级：\n{self.refusal}")
            return
        self.preview.setPlainText("\n".join(self.plan.lines()))

    def run(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.school_year_rollover import apply_rollover

        if not messages.confirm(
            self,
            "确认学年升级",
            f"确定从 {self.plan.from_year} 学年升级到 {self.plan.to_year} 学年吗？",
        ):
            return
        plan, actor = self.plan, actor_name()
        self.confirm.setEnabled(False)

        def done(result: dict) -> None:
            messages.info(
                self,
                "学年升级完成",
                f"已升级到 {result['to_year']} 学年：升级学生 {result['moved']} 人，"
                f"毕业 {result['graduated']} 人，新建班级 {result['new_classes']} 个。",
            )
            self.done_rollover.emit(result)
            self.accept()

        def failed(exc) -> None:
            self.confirm.setEnabled(True)
            messages.fail(self, "学年升级失败", exc, after="没有做任何改动。")

        run_task(
            self,
            "正在进行学年升级…",
            lambda progress: apply_rollover(actor, plan, self.folder),
            done,
            failed,
        )
