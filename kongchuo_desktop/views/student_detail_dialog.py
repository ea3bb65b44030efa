"""A student's page: every register field, guardians, at-risk flags with notes, and the timeline of
everything that happened to the child."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.risk_flags import RISK_FLAGS
from kongchuo_desktop.views import messages


def _table(name: str, headers: list[str]) -> QTableWidget:
    # Small, fixed lists (a child's guardians, flags, events): a QTableWidget is fine here.
    t = QTableWidget(0, len(headers), objectName=name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)


class StudentDetailDialog(QDialog):
    changed = Signal()

    def __init__(self, student_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.student_id = student_id
        self.setObjectName("student_detail")
        self.resize(1080, 640)
        outer = QVBoxLayout(self)
        scroll = QScrollArea(objectName="student_detail_scroll")
        scroll.setWidgetResizable(True)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)

        self.title = QLabel(objectName="page_title")
        self.body_layout.addWidget(self.title)
        self.fields_box = QGroupBox("学籍信息")
        self.fields_grid = QGridLayout(self.fields_box)
        self.body_layout.addWidget(self.fields_box)

        columns = QHBoxLayout()
        left_column = QVBoxLayout()
        columns.addLayout(left_column, 5)
        self.body_layout.addLayout(columns, 1)

        guardians_box = QGroupBox("家庭成员与监护人")
        gl = QVBoxLayout(guardians_box)
        self.guardians = _table(
            "student_guardians", ["姓名", "关系", "联系电话", "监护人", "外出务工"]
        )
        gl.addWidget(self.guardians)
        left_column.addWidget(guardians_box)

        flags_box = QGroupBox("重点/易辍学生标记")
        fl = QVBoxLayout(flags_box)
        self.flags = _table("student_flags", ["类别", "说明", "标记日期"])
        fl.addWidget(self.flags)
        row = QHBoxLayout()
        self.flag_choice = QComboBox(objectName="student_flag_choice")
        self.flag_choice.addItems(RISK_FLAGS)
        add_flag = QPushButton("添加标记…", objectName="student_flag_add")
        remove_flag = QPushButton("取消选中的标记", objectName="student_flag_remove")
        add_flag.clicked.connect(self.add_flag)
        remove_flag.clicked.connect(self.remove_flag)
        row.addWidget(self.flag_choice)
        row.addWidget(add_flag)
        row.addWidget(remove_flag)
        row.addStretch(1)
        fl.addLayout(row)
        left_column.addWidget(flags_box)
        left_column.addStretch(1)

        timeline_box = QGroupBox("成长记录（学籍变动、班级变化等）")
        tl = QVBoxLayout(timeline_box)
        self.timeline = _table("student_timeline", ["日期", "类别", "事项", "详细"])
        tl.addWidget(self.timeline)
        columns.addWidget(timeline_box, 6)

        buttons = QHBoxLayout()
        change = QPushButton("办理学籍变动…", objectName="student_change_status")
        change.clicked.connect(self.change_status)
        close = QPushButton("关闭", objectName="student_close")
        close.clicked.connect(self.accept)
        buttons.addWidget(change)
        undo = QPushButton("撤销最近一次学籍变动…", objectName="student_undo_status")
        undo.clicked.connect(self.undo_status_change)
        buttons.addWidget(undo)
        buttons.addStretch(1)
        buttons.addWidget(close)
        outer.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        from kongchuo_desktop.services.roster_queries import student_detail

        d = student_detail(self.student_id)
        self.detail = d
        s = d.student
        self.setWindowTitle(f"学生档案：{s.name}")
        self.title.setText(f"{s.name}　{d.class_name}　{s.status}")
        while self.fields_grid.count():
            item = self.fields_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        per_row = 4
        for i, (label, value) in enumerate(d.fields):
            r, c = divmod(i, per_row)
            name = QLabel(f"{label}：")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            name.setProperty("hint", True)
            val = QLabel(value or "—")
            val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            val.setWordWrap(True)
            self.fields_grid.addWidget(name, r, c * 2)
            self.fields_grid.addWidget(val, r, c * 2 + 1)
        for c in range(per_row):
            self.fields_grid.setColumnStretch(c * 2 + 1, 1)
        _fill(
            self.guardians,
            [
                [
                    g.name,
                    g.relation,
                    g.phone,
                    "是" if g.is_guardian else "否",
                    "是" if g.works_away else "否",
                ]
                for g in d.guardians
            ],
        )
        _fill(self.flags, [[f.flag, f.note, str(f.since or "")] for f in d.flags])
        _fill(
            self.timeline,
            [[str(e.date), e.kind, e.text, e.detail] for e in reversed(d.timeline)],
        )
        for t in (self.guardians, self.flags):
            t.setFixedHeight(min(200, 34 + 30 * max(t.rowCount(), 1)))
        self.timeline.setMinimumHeight(220)
        self.timeline.resizeColumnsToContents()

    def add_flag(self) -> None:
        from kongchuo_desktop.services.audit import os_user
        from kongchuo_desktop.services.roster_queries import set_risk_flag

        flag = self.flag_choice.currentText()
        note, ok = QInputDialog.getText(
            self, "添加标记", f"“{flag}”的说明（例如：父母在广东务工）："
        )
        if not ok:
            return
        set_risk_flag(os_user(), self.student_id, flag, True, note)
        self.refresh()
        self.changed.emit()

    def remove_flag(self) -> None:
        from kongchuo_desktop.services.audit import os_user
        from kongchuo_desktop.services.roster_queries import set_risk_flag

        row = self.flags.currentRow()
        if row < 0:
            messages.info(self, "取消标记", "请先在列表中选中一个标记")
            return
        flag = self.flags.item(row, 0).text()
        set_risk_flag(os_user(), self.student_id, flag, False)
        self.refresh()
        self.changed.emit()

    def change_status(self) -> None:
        from kongchuo_desktop.views.status_change_dialog import StatusChangeDialog

        dialog = StatusChangeDialog(self.student_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.changed.emit()

    def undo_status_change(self) -> None:
        """撤销: the latest 学籍变动 withdrawn with a reason, after saying what will follow."""
        from kongchuo_desktop.services.audit import os_user
        from kongchuo_desktop.services.student_status import (
            StatusChangeError,
            undo_preview,
            undo_status_change,
        )

        title = "撤销学籍变动"
        preview = undo_preview(self.student_id)
        if preview.refusal or preview.undo is None:
            messages.info(self, title, f"{preview.name}：{preview.refusal}")
            return
        change = preview.undo.change
        reason, ok = QInputDialog.getText(
            self,
            title,
            f"撤销{preview.name} {change.date} 的“{change.status}”。\n撤销原因（例如：录入错误）：",
        )
        if not ok:
            return
        if not reason.strip():
            messages.warn(self, title, "请填写撤销原因（例如：录入错误），没有撤销。")
            return
        if not messages.confirm(self, title, preview.question, yes="撤销", no="不撤销"):
            return
        try:
            undo_status_change(os_user(), self.student_id, reason)
        except StatusChangeError as exc:
            messages.fail(self, title, exc)
            return
        self.refresh()
        self.changed.emit()
