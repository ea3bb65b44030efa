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
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.masking import mask_ids_in_text, mask_phone
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.risk_flags import RISK_FLAGS
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access
from kongchuo_desktop.services.access import actor_name
from kongchuo_desktop.services.student_edit import (
    CHOICES,
    EDITABLE,
    StudentEdit,
    delete_student,
    deletion_blockers,
    save_student_edit,
)
from kongchuo_desktop.services.transfer_procedure import open_procedure
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.responsibility_panel import ResponsibilityPanel
from kongchuo_desktop.views.risk_panel import RiskPanel

GUARDIAN_HEADERS = ["姓名", "关系", "联系电话", "监护人", "外出务工"]
GUARDIAN_TEXT = ("name", "relation", "phone")  # columns 0-2; 3 and 4 are ticks
GUARDIAN_TICKS = ("is_guardian", "works_away")
# Shown in full only to roles with Action.READ_FULL_IDS (a 学籍号 is often G + the ID number).
ID_FIELDS = ("身份证件号", "学籍号")
PHONE_FIELDS = ("联系电话",)
# Changed through their own dialogs, which keep a dated history: said in the field's tooltip.
ELSEWHERE = {"年级": "调班", "班级": "调班", "学籍状态": "办理学籍变动"}


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


def _fill(table: QTableWidget, rows: list[list[str]], struck: set[int] = frozenset()) -> None:
    """`struck`: rows drawn struck through (a withdrawn fact; its text still says 【已撤销】 for a
    screen reader and for copying)."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            if r in struck:
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
            table.setItem(r, c, item)


class StudentDetailDialog(QDialog):
    changed = Signal()

    def __init__(self, student_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.student_id = student_id
        self.actor = actor_name()  # one place to change when logins exist
        self.edit: StudentEdit | None = None  # while the page is in 编辑 mode
        self.field_editors: dict[str, QLineEdit | QComboBox] = {}
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
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        self.edit_button = QPushButton("编辑", objectName="student_edit")
        self.edit_button.setToolTip("修改学籍信息和家庭成员（年级、班级、学籍状态另有办理）")
        self.save_button = QPushButton("保存修改", objectName="student_save")
        self.cancel_button = QPushButton("放弃修改", objectName="student_cancel_edit")
        self.delete_button = QPushButton("删除误录入的学生…", objectName="student_delete")
        self.delete_button.setToolTip("只用于误录入、还没有点名、请假或学籍变动记录的学生")
        self.edit_button.clicked.connect(self.start_edit)
        self.save_button.clicked.connect(self.save_edit)
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.delete_button.clicked.connect(self.delete_student)
        for button in (self.delete_button, self.edit_button, self.save_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter in a field neither saves nor deletes
            heading.addWidget(button)
        self.body_layout.addLayout(heading)
        self.warnings = QLabel(objectName="student_warnings", wordWrap=True)
        self.body_layout.addWidget(self.warnings)
        self.edit_state = QLabel(objectName="student_edit_state", wordWrap=True)
        self.body_layout.addWidget(self.edit_state)
        self.fields_box = QGroupBox("学籍信息")
        self.fields_grid = QGridLayout(self.fields_box)
        self.body_layout.addWidget(self.fields_box)

        columns = QHBoxLayout()
        left_column = QVBoxLayout()
        columns.addLayout(left_column, 5)
        self.body_layout.addLayout(columns, 1)

        guardians_box = QGroupBox("家庭成员与监护人")
        gl = QVBoxLayout(guardians_box)
        self.guardians = _table("student_guardians", GUARDIAN_HEADERS)
        self.guardians.itemChanged.connect(self._guardian_edited)
        gl.addWidget(self.guardians)
        self.guardian_buttons = QWidget(objectName="student_guardian_buttons")
        gb = QHBoxLayout(self.guardian_buttons)
        gb.setContentsMargins(0, 0, 0, 0)
        for name, text, slot in (
            ("student_guardian_add", "添加家庭成员", self.add_guardian),
            ("student_guardian_remove", "删除选中的成员", self.remove_guardian),
            ("student_guardian_up", "上移", lambda: self.move_guardian(-1)),
            ("student_guardian_down", "下移", lambda: self.move_guardian(1)),
        ):
            button = QPushButton(text, objectName=name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            gb.addWidget(button)
        gb.addStretch(1)
        gl.addWidget(self.guardian_buttons)
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
        self.risk_panel = RiskPanel()
        left_column.addWidget(self.risk_panel)
        self.responsibility_panel = ResponsibilityPanel()
        left_column.addWidget(self.responsibility_panel)
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
        transfer = QPushButton("转出手续（分步办理）…", objectName="student_transfer")
        transfer.clicked.connect(self.open_transfer)
        buttons.addWidget(transfer)
        merge = QPushButton("合并重复档案…", objectName="student_merge")
        merge.setToolTip("同一个孩子有两份档案时，把另一份的记录并入这一份")
        merge.clicked.connect(self.open_merge)
        buttons.addWidget(merge)
        buttons.addStretch(1)
        print_button = QPushButton("打印档案…", objectName="student_print")
        print_button.setAutoDefault(False)
        print_button.clicked.connect(self.print_record)
        buttons.addWidget(print_button)
        buttons.addWidget(close)
        outer.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        from kongchuo_desktop.services.roster_queries import student_detail

        d = student_detail(self.student_id)
        self.detail = d
        s = d.student
        self.setWindowTitle(f"学生档案：{s.name}")
        transfer = open_procedure(self.student_id)
        progress = f"　{transfer.progress}" if transfer else ""
        self.title.setText(f"{s.name}　{d.class_name}　{s.status}{progress}")
        messages.inline(self.warnings, "\n".join(f"⚠ {w}" for w in d.warnings), "warn")
        self._show_fields()
        self._show_guardians()
        _fill(self.flags, [[f.flag, f.note, str(f.since or "")] for f in d.flags])
        entries = list(reversed(d.timeline))
        self.risk_panel.show_student(self.student_id)
        self.responsibility_panel.show_student(self.student_id)
        _fill(
            self.timeline,
            [[str(e.date), e.kind, e.text, e.detail] for e in entries],
            {r for r, e in enumerate(entries) if e.withdrawn},
        )
        self.flags.setFixedHeight(min(200, 34 + 30 * max(self.flags.rowCount(), 1)))
        self.timeline.setMinimumHeight(220)
        self.timeline.resizeColumnsToContents()
        self._show_mode()

    # ---- 编辑: the page shows a StudentEdit (services.student_edit) and forwards each edit ----

    def _show_mode(self) -> None:
        editing = self.edit is not None
        self.edit_button.setVisible(not editing)
        self.save_button.setVisible(editing)
        self.cancel_button.setVisible(editing)
        self.delete_button.setVisible(editing)
        self.guardian_buttons.setVisible(editing)
        self.warnings.setVisible(bool(self.warnings.text()) and not editing)  # listed below
        self.guardians.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            if editing
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self._show_edit_state()

    def _show_fields(self) -> None:
        while self.fields_grid.count():
            item = self.fields_grid.takeAt(0)
            if item.widget():
                item.widget().hide()  # gone now, not at the next turn of the event loop
                item.widget().deleteLater()
        self.field_editors = {}
        per_row = 4
        for i, (label, value) in enumerate(self.detail.fields):
            r, c = divmod(i, per_row)
            name = QLabel(f"{label}：")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            name.setProperty("hint", True)
            if self.edit is not None and label in EDITABLE:
                val = self._field_editor(label, self.edit.texts[label])
                self.field_editors[label] = val
            else:
                if label in ID_FIELDS and not access.current().can(Action.READ_FULL_IDS):
                    value = mask_ids_in_text(value or "")
                elif label in PHONE_FIELDS and not access.current().can(Action.READ_FULL_IDS):
                    value = mask_phone(value or "")
                val = QLabel(value or "—", objectName=f"student_value_{i}")
                val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                val.setWordWrap(True)
                if self.edit is not None and label in ELSEWHERE:
                    val.setToolTip(f"请用“{ELSEWHERE[label]}”修改")
            self.fields_grid.addWidget(name, r, c * 2)
            self.fields_grid.addWidget(val, r, c * 2 + 1)
        for c in range(per_row):
            self.fields_grid.setColumnStretch(c * 2 + 1, 1)

    def _field_editor(self, label: str, text: str) -> QLineEdit | QComboBox:
        attr = EDITABLE[label]
        if label in CHOICES:
            box = QComboBox(objectName=f"student_field_{attr}")
            box.addItems([*CHOICES[label], *([text] if text not in CHOICES[label] else [])])
            box.setCurrentText(text)
            box.currentTextChanged.connect(lambda t, label=label: self._field_edited(label, t))
            return box
        line = QLineEdit(text, objectName=f"student_field_{attr}")
        if label == "出生日期":
            line.setPlaceholderText("如2013-05-01；空着则按身份证件号")
        line.textChanged.connect(lambda t, label=label: self._field_edited(label, t))
        return line

    def _field_edited(self, label: str, text: str) -> None:
        if self.edit is not None:
            self.edit.set(label, text)
            self._show_edit_state()

    def _show_guardians(self) -> None:
        rows = self.edit.guardians if self.edit is not None else self.detail.guardians
        self.guardians.blockSignals(True)
        self.guardians.setRowCount(len(rows))
        hide = self.edit is None and not access.current().can(Action.READ_FULL_IDS)
        for r, g in enumerate(rows):
            for c, attr in enumerate(GUARDIAN_TEXT):
                text = getattr(g, attr)
                text = mask_phone(text) if hide and attr == "phone" else text
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.guardians.setItem(r, c, item)
            for c, attr in enumerate(GUARDIAN_TICKS, start=len(GUARDIAN_TEXT)):
                on = bool(getattr(g, attr))
                item = QTableWidgetItem("是" if on else "否")
                if self.edit is not None:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                self.guardians.setItem(r, c, item)
        self.guardians.blockSignals(False)
        extra = 1 if self.edit is not None else 0
        self.guardians.setFixedHeight(min(240, 34 + 30 * max(self.guardians.rowCount() + extra, 1)))

    def _guardian_edited(self, item: QTableWidgetItem) -> None:
        if self.edit is None:
            return
        c = item.column()
        if c < len(GUARDIAN_TEXT):
            self.edit.set_guardian(item.row(), **{GUARDIAN_TEXT[c]: item.text()})
        else:
            on = item.checkState() == Qt.CheckState.Checked
            self.edit.set_guardian(item.row(), **{GUARDIAN_TICKS[c - len(GUARDIAN_TEXT)]: on})
            self.guardians.blockSignals(True)
            item.setText("是" if on else "否")
            self.guardians.blockSignals(False)
        self._show_edit_state()

    def _show_edit_state(self) -> None:
        """What changed and what is wrong, below the title; changed and wrong fields marked."""
        if self.edit is None:
            messages.inline(self.edit_state, "")
            return
        problems = self.edit.problems()
        wrong = {p.field for p in problems if p.is_error}
        changed = set(self.edit.changed_fields())
        for label, editor in self.field_editors.items():
            editor.setProperty("changed", label in changed)
            editor.setProperty("invalid", label in wrong)
            editor.style().unpolish(editor)
            editor.style().polish(editor)
        lines = [f"{'✗' if p.is_error else '⚠'} {p.message}" for p in problems]
        errors = any(p.is_error for p in problems)
        text = "\n".join([f"正在编辑（{self.edit.summary()}）", *lines])
        messages.inline(self.edit_state, text, "error" if errors else "ok")
        self.save_button.setEnabled(self.edit.dirty)

    def start_edit(self) -> None:
        self.edit = StudentEdit(self.detail)
        self._show_fields()
        self._show_guardians()
        self._show_mode()

    def save_edit(self) -> bool:
        """Save the edit; False (and still editing) when it was refused."""
        if self.edit is None:
            return True
        try:
            done = save_student_edit(self.actor, self.edit)
        except UserError as exc:
            messages.fail(self, "保存学生信息", exc)
            return False
        self.edit = None
        self.refresh()
        if done:
            messages.inline(self.edit_state, f"已保存：{'、'.join(done)}", "ok")
            self.changed.emit()
        return True

    def cancel_edit(self) -> None:
        edit = self.edit
        if (
            edit
            and edit.dirty
            and not messages.confirm(self, "放弃修改", f"{edit.summary()}，确定放弃吗？")
        ):
            return
        self.edit = None
        self.refresh()

    def add_guardian(self) -> None:
        if self.edit is None:
            return
        row = self.edit.add_guardian()
        self._show_guardians()
        self.guardians.setCurrentCell(row, 0)
        self.guardians.editItem(self.guardians.item(row, 0))
        self._show_edit_state()

    def remove_guardian(self) -> None:
        row = self.guardians.currentRow()
        if self.edit is None or row < 0:
            messages.info(self, "删除家庭成员", "请先在列表中选中一位家庭成员")
            return
        self.edit.remove_guardian(row)
        self._show_guardians()
        self._show_edit_state()

    def move_guardian(self, step: int) -> None:
        row = self.guardians.currentRow()
        if self.edit is None or row < 0:
            return
        row = self.edit.move_guardian(row, step)
        self._show_guardians()
        self.guardians.setCurrentCell(row, self.guardians.currentColumn())
        self._show_edit_state()

    def delete_student(self) -> None:
        """A record entered by mistake: deleted after a question, refused with the reason once
        anything refers to the child."""
        name = self.detail.student.name
        if why := deletion_blockers(self.student_id):
            messages.warn(
                self,
                "删除学生",
                f"不能删除{name}的档案：{'；'.join(why)}。\n"
                "删除只用于误录入、还没有任何记录的学生；离校的学生请办理学籍变动。",
            )
            return
        question = f"删除{name}的档案（包括家庭成员和标记）？只用于误录入的学生，删除记入操作记录。"
        if not messages.confirm(self, "删除学生", question, yes="删除", no="不删除"):
            return
        try:
            delete_student(self.actor, self.student_id)
        except UserError as exc:
            messages.fail(self, "删除学生", exc)
            return
        self.edit = None
        self.changed.emit()
        self.accept()

    def done(self, result: int) -> None:
        """Closing while editing asks what to do with what was typed."""
        if self.edit is not None and self.edit.dirty:
            answer = messages.ask_save(self, "学生档案", f"{self.edit.summary()}，是否保存？")
            if answer == messages.CANCEL or (answer == messages.SAVE and not self.save_edit()):
                return
        super().done(result)

    def add_flag(self) -> None:
        from kongchuo_desktop.services.roster_queries import set_risk_flag

        flag = self.flag_choice.currentText()
        note, ok = QInputDialog.getText(
            self, "添加标记", f"“{flag}”的说明（例如：父母在广东务工）："
        )
        if not ok:
            return
        set_risk_flag(self.actor, self.student_id, flag, True, note)
        self.refresh()
        self.changed.emit()

    def remove_flag(self) -> None:
        from kongchuo_desktop.services.roster_queries import set_risk_flag

        row = self.flags.currentRow()
        if row < 0:
            messages.info(self, "取消标记", "请先在列表中选中一个标记")
            return
        flag = self.flags.item(row, 0).text()
        if not messages.confirm(
            self, "取消标记", f"取消“{flag}”标记？成长记录中会留下一行“取消{flag}标记”。"
        ):
            return
        set_risk_flag(self.actor, self.student_id, flag, False)
        self.refresh()
        self.changed.emit()

    def print_record(self) -> None:
        # Imported here: start-up time (printing reads the event record).
        from kongchuo_desktop.views.print_actions import print_student_record

        if self.edit is not None and self.edit.dirty:
            messages.info(
                self, "打印档案", "还有没保存的修改：请先“保存修改”或“放弃修改”，再打印。"
            )
            return
        print_student_record(self, self.student_id)

    def change_status(self) -> None:
        from kongchuo_desktop.views.status_change_dialog import StatusChangeDialog

        dialog = StatusChangeDialog(self.student_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.changed.emit()

    def open_transfer(self) -> None:
        from kongchuo_desktop.views.transfer_dialog import TransferDialog

        dialog = TransferDialog(self.student_id, self.actor, self)
        dialog.changed.connect(self.changed)
        dialog.exec()
        self.refresh()

    def open_merge(self) -> None:
        from kongchuo_desktop.views.merge_dialog import MergeDialog

        dialog = MergeDialog(self.student_id, self.actor, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.student_id = dialog.kept_id
            self.refresh()
            self.changed.emit()

    def undo_status_change(self) -> None:
        """撤销: the latest 学籍变动 withdrawn with a reason, after saying what will follow."""
        from kongchuo_desktop.services.access import actor_name
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
            undo_status_change(actor_name(), self.student_id, reason)
        except StatusChangeError as exc:
            messages.fail(self, title, exc)
            return
        self.refresh()
        self.changed.emit()
