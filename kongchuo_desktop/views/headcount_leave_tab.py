"""每日点名 → 请假 tab: the leave requests, approving, rejecting and 销假, and who is over the
term's limit."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.leave import LeaveState, cancel_problem
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import access, attendance
from kongchuo_desktop.views import messages, role_marks
from kongchuo_desktop.views.headcount_dialogs import LeaveDialog
from kongchuo_desktop.views.headcount_models import (
    LeaveModel,
    sorting_proxy,
)
from kongchuo_desktop.views.page_layout import table_view
from kongchuo_desktop.views.window_fit import fill_with_last_column

LEAVE_REASON_COLUMN = 6  # LeaveModel's 原因


class LeaveTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = LeaveModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.view = table_view("leave_table", self.proxy)
        self.view.setSortingEnabled(True)
        fill_with_last_column(self.view, LEAVE_REASON_COLUMN)  # the reason gives way
        self.filter = QComboBox(objectName="leave_filter")
        self.filter.addItems(["全部", *(s.value for s in LeaveState)])
        new = QPushButton("新建请假…", objectName="leave_new")
        self.approve = QPushButton("审批通过", objectName="leave_approve")
        self.reject_button = QPushButton("驳回", objectName="leave_reject")
        self.back = QPushButton("销假（今天返校）", objectName="leave_return")
        self.cancel_button = QPushButton("撤销请假…", objectName="leave_cancel")
        self.cancel_button.setToolTip(
            "请假开始之前撤销（家长改变安排、重复登记）；撤销后这些天不再按请假计"
        )
        self.print_button = QPushButton("打印请假条…", objectName="leave_print")
        for b in (new, self.approve, self.reject_button, self.back, self.cancel_button):
            role_marks.needs(b, Action.APPROVE_LEAVE)
        self.info = QLabel(objectName="leave_info")
        self.info.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("显示"))
        bar.addWidget(self.filter)
        bar.addStretch(1)
        buttons = (new, self.approve, self.reject_button, self.back)
        for b in (*buttons, self.cancel_button, self.print_button):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        rules = QLabel()
        rules.setProperty("hint", True)
        rules.setObjectName("leave_rules_hint")
        rules.setWordWrap(True)  # one long line: wider than a 1024×768 screen
        self.rules_hint = rules
        layout.addWidget(rules)
        self.filter.currentIndexChanged.connect(self.refresh)
        new.clicked.connect(self.new_leave)
        self.approve.clicked.connect(self.approve_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.back.clicked.connect(self.return_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.print_button.clicked.connect(self.print_selected)

    def refresh(self) -> None:
        from kongchuo_desktop.services.attendance_rules import leave_rules

        state = self.filter.currentText()
        self.model.set_rows(attendance.leaves(None if state == "全部" else [state]))
        r = leave_rules()
        self.rules_hint.setText(
            f"审批规则（可在设置中修改）：{r.class_head_max_days:g}天以内班主任批准；超过{r.class_head_max_days:g}天"
            f"班主任签字后教务处批准；超过{r.office_max_days:g}天还需校长批准。"
            f"一学期请假超过{r.term_limit_days:g}个上学日，建议办理休学。批准的请假日自动计为请假，不算无故缺席。"
        )
        over = attendance.leave_over_limit(dt.date.today())
        self.info.setText(
            "建议办理休学："
            + "、".join(f"{o.student_name}（{o.class_name}，{o.days:g}天）" for o in over)
            if over
            else ""
        )
        self.info.setStyleSheet("color: #c0392b;")

    def selected(self):
        index = self.view.currentIndex()
        if not index.isValid():
            messages.info(self, "请假", "请先在表格中选中一条请假")
            return None
        return self.model.row(self.proxy.mapToSource(index).row())

    def new_leave(self) -> None:
        if LeaveDialog(self).exec():
            self.refresh()

    def approve_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.next_approver is None:
            messages.info(self, "请假", f"这条请假{row.state}，不需要审批")
            return
        if messages.confirm(
            self,
            "审批",
            f"记录{row.next_approver}批准 {row.student_name} 的请假（{row.days:g}个上学日）？",
        ):
            self._run(
                lambda: attendance.approve_leave(access.actor_name(), row.id, row.next_approver)
            )

    def reject_selected(self) -> None:
        row = self.selected()
        if row is None or row.next_approver is None:
            return
        if messages.confirm(self, "驳回", f"驳回 {row.student_name} 的请假？"):
            self._run(
                lambda: attendance.reject_leave(access.actor_name(), row.id, row.next_approver)
            )

    def return_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        today = dt.date.today()
        if messages.confirm(self, "销假", f"{row.student_name} 今天（{today:%m月%d日}）返校销假？"):
            self._run(lambda: attendance.return_from_leave(access.actor_name(), row.id, today))

    clock = staticmethod(dt.date.today)  # tests set a fixed day

    def cancel_selected(self) -> None:
        """撤销 a leave before it starts: asked first, with a reason kept in the record."""
        row = self.selected()
        if row is None:
            return
        today = self.clock()
        problem = cancel_problem(row.state, row.start_date, today)
        if problem:
            messages.info(self, "撤销请假", problem)
            return
        if not messages.confirm(
            self,
            "撤销请假",
            f"撤销 {row.student_name}（{row.class_name}）{row.start_date:%m月%d日}起的{row.kind}"
            f"（{row.days:g}个上学日）？\n撤销后这些天不再按请假计，点名时按实际到校情况记录。"
            "撤销记入学生档案和操作记录。",
        ):
            return
        why, ok = QInputDialog.getText(self, "撤销请假", "撤销原因：", text="家长改变安排")
        if not ok:
            return
        self._run(lambda: attendance.cancel_leave(access.actor_name(), row.id, why, today=today))

    def print_selected(self) -> None:
        # Imported here: start-up time (printing reads the event record).
        from kongchuo_desktop.views.print_actions import print_leave_form

        row = self.selected()
        if row is not None:
            print_leave_form(self, row.id)

    def _run(self, action) -> None:
        try:
            action()
        except attendance.AttendanceError as exc:
            messages.fail(self, "不能办理", exc)
        self.refresh()
