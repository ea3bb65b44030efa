"""审计日志: who changed what, when, from what to what — filtered by account, record kind,
student and date. Read-only: nothing on this page edits or deletes a line (services/audit_trail
reads; the tamper-evident chain behind it is db/audit_chain). The line at the top says whether the
trail checked clean."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import access, audit_trail
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit
from kongchuo_desktop.views.page_layout import table_view, titled_page
from kongchuo_desktop.views.row_table_model import RowTableModel

TITLE = "审计日志"
SHOWN_AT_MOST = 5000
COLUMNS = (
    ("时间", lambda r: r.at),
    ("用户", lambda r: r.actor),
    ("操作", lambda r: r.action_text),
    ("记录", lambda r: r.table_text),
    ("学生", lambda r: r.student),
    ("编号", lambda r: r.row),
    ("改动（前 → 后）", lambda r: r.changes),
)


class AuditPage(QWidget):
    def __init__(self, folder=None, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.folder = folder
        today = today or dt.date.today()
        layout = titled_page(self, TITLE)
        self.chain = QLabel(objectName="audit_chain_state")
        self.chain.setWordWrap(True)
        layout.addWidget(self.chain)
        bar = QHBoxLayout()
        self.user = QComboBox(objectName="audit_user")
        self.table_box = QComboBox(objectName="audit_table")
        self.student = QLineEdit(objectName="audit_student")
        self.student.setPlaceholderText("姓名、学籍号或身份证号")
        self.student.setClearButtonEnabled(True)
        self.since = date_edit(today - dt.timedelta(days=30), "audit_since")
        self.until = date_edit(today, "audit_until")
        for label, widget in (
            ("用户", self.user),
            ("记录", self.table_box),
            ("学生", self.student),
            ("从", self.since),
            ("到", self.until),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        self.apply_button = QPushButton("查询", objectName="audit_apply")
        bar.addWidget(self.apply_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = RowTableModel(COLUMNS, self)
        self.view = table_view("audit_table_view", self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.count = QLabel(objectName="audit_count")
        layout.addWidget(self.count)
        self.apply_button.clicked.connect(self.reload)
        self.student.returnPressed.connect(self.reload)
        for box in (self.user, self.table_box):
            box.currentIndexChanged.connect(self.reload)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.reload)

    def refresh(self) -> None:
        """Each showing: the filters' choices, the chain's state and the lines afresh. An account
        that may not read the trail (only 管理员 and 校长 may) sees why instead."""
        if not access.current().can(Action.READ_AUDIT):
            self.model.set_rows([])
            messages.inline(self.chain, str(access.refusal(Action.READ_AUDIT, access.current())))
            self.count.setText("")
            return
        for box, first, items in (
            (self.user, "全部用户", [(u, u) for u in audit_trail.users()]),
            (self.table_box, "全部记录", [(label, t) for t, label in audit_trail.tables()]),
        ):
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for text, value in items:
                box.addItem(text, value)
            box.setCurrentIndex(max(box.findData(chosen), 0) if chosen else 0)
            box.blockSignals(False)
        self.show_chain_state()
        self.reload()

    def show_chain_state(self) -> None:
        file = self.folder.database_file if self.folder is not None else None
        read_only = getattr(self.folder, "read_only", False)
        verdict = audit_trail.check_chain(file, full=False, read_only=read_only)
        if verdict.ok:
            messages.inline(self.chain, "防篡改校验通过：审计记录没有在程序之外被改动。", "ok")
        else:
            messages.inline(self.chain, f"防篡改校验没有通过：{verdict.text}。", "error")

    def filters(self) -> dict:
        return {
            "user": self.user.currentData(),
            "table": self.table_box.currentData(),
            "student": self.student.text().strip() or None,
            "since": self.since.date().toPython(),
            "until": self.until.date().toPython(),
        }

    def reload(self) -> None:
        rows = audit_trail.lines(**self.filters(), limit=SHOWN_AT_MOST)
        self.model.set_rows(rows)
        full = len(rows) >= SHOWN_AT_MOST
        more = f"（只显示最新的 {SHOWN_AT_MOST} 条，请缩小范围）" if full else ""
        self.count.setText(f"共 {len(rows)} 条{more}。审计日志只能查看，不能修改或删除。")
