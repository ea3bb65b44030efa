"""Dialogs of the head-count: a pasted WeChat message, a new leave request, a student's month."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from kongchuo_desktop.domain.attendance import Period
from kongchuo_desktop.domain.leave import LEAVE_KINDS
from kongchuo_desktop.services import access, attendance
from kongchuo_desktop.services.roster_queries import student_card
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit
from kongchuo_desktop.views.headcount_models import MonthGridModel, ParsedReportModel

PASTE_EXAMPLE = (
    "把班主任发来的点名消息粘贴在这里，可以一次粘贴多个班，例如：\n"
    "七年级2班 应到45 实到43 张三病假 李四 事假（家里有事）\n"
    "八(1)班：全到\n"
    "三年级一班应到38人，实到37人，王五无故未到"
)


class PasteDialog(QDialog):
    """Paste → see what was understood → save the classes without problems."""

    saved = Signal(list)
    # The classes not saved, to check one by one in the 点名 tab: a list of
    # services.headcount_entry.PastedClass (class id, day, the children understood).
    check_in_entry = Signal(list)

    def __init__(self, day: dt.date, parent=None):
        super().__init__(parent)
        self.setObjectName("paste_dialog")
        self.day = day
        self.parsed = None
        self.unsaved: list = []  # after saving: the classes that could not be saved
        self.setWindowTitle(f"粘贴点名消息 — {day:%Y年%m月%d日}")
        # Fit a small or scaled screen (1366×768 at 125 %): a window larger than the screen is
        # cut by the system and the lines under the table were clipped.
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry().size() if screen else None
        width, height = 1100, 620
        if room is not None:
            width, height = (
                min(width, room.width() * 9 // 10),
                min(height, room.height() * 85 // 100),
            )
        self.resize(width, height)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(objectName="paste_text")
        self.text.setPlaceholderText(PASTE_EXAMPLE)
        self.model = ParsedReportModel(self)
        self.table = QTableView(objectName="paste_result")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        # 已忽略 / 其他日期: WeChat's sender lines, chatter, another day's messages, shown
        # so that nothing the clerk pasted disappears without a word.
        self.ignored = QPlainTextEdit(objectName="paste_ignored")
        self.ignored.setReadOnly(True)
        self.ignored.setVisible(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.text)
        split.addWidget(self.table)
        split.addWidget(self.ignored)
        split.setChildrenCollapsible(False)
        split.setSizes([200, 300, 90])
        # The message and the table give way first: they scroll, the lines below do not.
        line = self.fontMetrics().lineSpacing()
        self.text.setMinimumHeight(3 * line)
        self.table.setMinimumHeight(4 * line)
        layout.addWidget(split, 1)
        self.problems = QLabel(objectName="paste_problems")
        self.problems.setWordWrap(True)
        self.problems.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.problems.setStyleSheet("color: #c0392b;")
        layout.addWidget(self.problems)
        hint = QLabel(
            "只保存“可以保存”的班；有问题的班不会保存，请改好消息重新识别，或在点名页面逐班录入。"
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.overwrite = QCheckBox(objectName="paste_overwrite")
        self.overwrite.setVisible(False)
        self.overwrite.toggled.connect(self._update_save_button)
        layout.addWidget(self.overwrite)
        buttons = QHBoxLayout()
        self.parse_button = QPushButton("识别", objectName="paste_parse")
        self.save_button = QPushButton("保存", objectName="paste_save")
        self.save_button.setEnabled(False)
        close = QPushButton("关闭", objectName="paste_close")
        self.check_button = QPushButton(objectName="paste_check_unsaved")
        self.check_button.setVisible(False)  # after saving, when a class could not be saved
        self.check_button.clicked.connect(self._check_unsaved)
        buttons.addStretch(1)
        for b in (self.parse_button, self.save_button, self.check_button, close):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.parse_button.clicked.connect(self.parse)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        self._timer = QTimer(self, singleShot=True, interval=400)
        self._timer.timeout.connect(self.parse)
        self.text.textChanged.connect(self._timer.start)

    def parse(self) -> None:
        text = self.text.toPlainText()
        if not text.strip():
            self.parsed = None
            self.model.set_rows([])
            self._show_ignored()
            self._show_summary("", False)
            self.overwrite.setVisible(False)
            self._update_save_button()
            return
        self.parsed = attendance.parse_headcount(text, self.day)
        self.model.set_rows(self.parsed.reports)
        self._show_ignored()
        self.table.resizeRowsToContents()
        ok = [r for r in self.parsed.reports if r.ok]
        bad = len(self.parsed.reports) - len(ok)
        again = [r for r in ok if r.saved is not None]
        lines = [f"识别到 {len(self.parsed.reports)} 个班：{len(ok)} 个可以保存，{bad} 个有问题。"]
        if again:
            lines[0] += f"其中 {len(again)} 个已上报，勾选“覆盖”才会保存。"
        if self.parsed.ignored:
            lines[0] += f"已忽略 {len(self.parsed.ignored)} 行（见下方）。"
        if self.parsed.other_days:
            lines[0] += f"{len(self.parsed.other_days)} 段是其他日期的消息，不保存。"
        lines += [f"• {p}" for p in self.parsed.problems]
        self._show_summary("\n".join(lines), bad or self.parsed.problems or again)
        self.overwrite.blockSignals(True)
        self.overwrite.setChecked(False)  # asked again for every new reading
        self.overwrite.blockSignals(False)
        self.overwrite.setText(f"覆盖已上报的 {len(again)} 个班（见表中“检查”一栏）")
        self.overwrite.setToolTip("、".join(r.class_name for r in again))
        self.overwrite.setVisible(bool(again))
        self._update_save_button()

    def _show_ignored(self) -> None:
        parsed = self.parsed
        lines = []
        if parsed is not None:
            for o in parsed.other_days:
                lines.append(f"其他日期（{o.header}），不保存：")
                lines += [f"    {line}" for line in o.text.splitlines() if line.strip()]
            for i in parsed.ignored:
                lines.append(f"{'⚠ ' if i.notable else ''}已忽略：{i.text}　— {i.why}")
        self.ignored.setPlainText("\n".join(lines))
        self.ignored.setVisible(bool(lines))

    def _show_summary(self, text: str, bad) -> None:
        self.problems.setStyleSheet("color: #c0392b;" if bad else "color: #27ae60;")
        self.problems.setText(text)
        self._fit_summary()

    def _fit_summary(self) -> None:
        # A word-wrapped label may be given less height than its lines need; ask for all of it.
        label = self.problems
        width = max(label.width(), 200)
        label.setMinimumHeight(label.heightForWidth(width) if label.text() else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_summary()

    def _to_save(self) -> list:
        if self.parsed is None or any("不是上学日" in p for p in self.parsed.problems):
            return []
        return [
            r
            for r in self.parsed.reports
            if r.ok and (r.saved is None or self.overwrite.isChecked())
        ]

    def _update_save_button(self) -> None:
        n = len(self._to_save())
        self.save_button.setText(f"保存 {n} 个班" if n else "保存")
        self.save_button.setMinimumWidth(self.save_button.sizeHint().width())
        self.save_button.setEnabled(bool(n))

    def save(self) -> None:
        if self.parsed is None:
            return
        try:
            names = attendance.save_parsed(
                access.actor_name(),
                self.parsed,
                self.day,
                source="paste",
                overwrite=self.overwrite.isChecked(),
            )
        except attendance.AttendanceError as exc:
            messages.fail(self, "没有保存", exc)
            return
        self.saved.emit(names)
        left = [r for r in self.parsed.reports if not r.ok]
        kept = [r.class_name for r in self.parsed.reports if r.ok and r.class_name not in names]
        msg = f"已保存 {len(names)} 个班：{'、'.join(names) or '无'}。"
        if left:
            msg += f"\n没有保存（有问题）{len(left)} 个班："
            msg += "".join(f"\n• {r.class_name}：{'；'.join(r.problems)}" for r in left)
        if kept:
            msg += f"\n没有保存（已上报，未勾选覆盖）：{'、'.join(kept)}。"
        self._show_summary(msg, bool(left or kept))
        self.overwrite.setVisible(False)
        self.save_button.setEnabled(False)
        self.unsaved = [
            (
                r.class_id,
                self.day,
                [
                    (a.student_id, a.reason.value if a.reason else None, a.period.value)
                    for a in r.absentees
                    if a.student_id is not None
                ],
            )
            for r in left
            if r.class_id is not None
        ]
        if self.unsaved:
            self.check_button.setText(f"到点名页逐班补录（{len(self.unsaved)}个班）")
            self.check_button.setVisible(True)

    def _check_unsaved(self) -> None:
        """Close and open the unsaved classes in the 点名 tab, what was understood filled in."""
        self.check_in_entry.emit(self.unsaved)
        self.accept()


class LeaveDialog(QDialog):
    """A new leave request: the days and the approvers follow the school's rules."""

    def __init__(self, parent=None, class_id: int | None = None):
        super().__init__(parent)
        self.setObjectName("leave_dialog")
        self.setWindowTitle("新建请假")
        form = QFormLayout(self)
        self.class_box = QComboBox(objectName="leave_class")
        for c in attendance.class_choices():
            self.class_box.addItem(c.name, c.id)
        if class_id is not None:
            self.class_box.setCurrentIndex(max(0, self.class_box.findData(class_id)))
        self.student_box = QComboBox(objectName="leave_student")
        self.student_box.setEditable(True)
        self.student_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.start = date_edit(None, "leave_start")
        self.start_half = QComboBox(objectName="leave_start_half")
        self.start_half.addItems([Period.MORNING, Period.AFTERNOON])
        self.end = date_edit(None, "leave_end")
        self.end_half = QComboBox(objectName="leave_end_half")
        self.end_half.addItems([Period.AFTERNOON, Period.MORNING])
        self.kind = QComboBox(objectName="leave_kind")
        self.kind.addItems(LEAVE_KINDS)
        self.reason = QLineEdit(
            objectName="leave_reason", placeholderText="例如：发烧住院、家中有事"
        )
        self.requested_by = QLineEdit(
            objectName="leave_requested_by", placeholderText="例如：父亲 张某"
        )
        self.summary = QLabel(objectName="leave_summary")
        self.summary.setWordWrap(True)
        start_row, end_row = QHBoxLayout(), QHBoxLayout()
        start_row.addWidget(self.start)
        start_row.addWidget(self.start_half)
        end_row.addWidget(self.end)
        end_row.addWidget(self.end_half)
        form.addRow("班级", self.class_box)
        form.addRow("学生", self.student_box)
        form.addRow("从", start_row)
        form.addRow("到", end_row)
        form.addRow("种类", self.kind)
        form.addRow("原因", self.reason)
        form.addRow("请假人", self.requested_by)
        form.addRow(self.summary)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("leave_buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.class_box.currentIndexChanged.connect(self._fill_students)
        self._start_was = self.start.date()
        self.start.dateChanged.connect(self._end_follows_start)
        for w in (self.start, self.end):
            w.dateChanged.connect(self._update_summary)
        for w in (self.start_half, self.end_half):
            w.currentIndexChanged.connect(self._update_summary)
        self._fill_students()
        self._update_summary()

    def _end_follows_start(self, start) -> None:
        """到 follows 从: a one-day leave stays one day, and 从 moved past 到 takes 到 along."""
        end = self.end.date()
        if end < start or end == self._start_was:
            self.end.setDate(start)
        self._start_was = start

    def _fill_students(self) -> None:
        self.student_box.clear()
        class_id = self.class_box.currentData()
        if class_id is None:
            return
        for s in attendance.roll(class_id):
            self.student_box.addItem(s.name, s.id)

    def values(self) -> dict:
        return dict(
            start=self.start.date().toPython(),
            start_half=self.start_half.currentText(),
            end=self.end.date().toPython(),
            end_half=self.end_half.currentText(),
        )

    def _update_summary(self) -> None:
        v = self.values()
        try:
            preview = attendance.leave_preview(v["start"], v["start_half"], v["end"], v["end_half"])
        except attendance.AttendanceError as exc:
            self.summary.setText(str(exc))
            return
        who = " → ".join(preview.approvers)
        self.summary.setText(f"共 {preview.days:g} 个上学日；审批：{who}")

    def accept(self) -> None:
        student_id = self.student_box.currentData()
        if student_id is None or self.student_box.currentText() != self.student_box.itemText(
            self.student_box.currentIndex()
        ):
            messages.warn(self, "请假", "请从名单中选择学生")
            return
        try:
            self.leave = attendance.request_leave(
                access.actor_name(),
                student_id,
                kind=self.kind.currentText(),
                reason=self.reason.text(),
                requested_by=self.requested_by.text(),
                **self.values(),
            )
        except attendance.AttendanceError as exc:
            messages.fail(self, "不能保存", exc)
            return
        super().accept()


class StudentAttendanceDialog(QDialog):
    """A student's attendance: this month's grid and the history (until the student page has it)."""

    def __init__(self, student_id: int, day: dt.date, parent=None):
        super().__init__(parent)
        student = student_card(student_id)
        self.setObjectName("student_attendance_dialog")
        cls = student.class_name
        self.setWindowTitle(f"{student.name}（{cls}）的出勤")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{student.name}　{cls}　学籍状态：{student.status}"))
        self.grid_model = MonthGridModel(self)
        self.grid_model.set_days(attendance.month_grid(student_id, day.year, day.month))
        grid = QTableView(objectName="student_month_grid")
        grid.setModel(self.grid_model)
        grid.verticalHeader().setVisible(False)
        grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        grid.verticalHeader().setDefaultSectionSize(44)
        layout.addWidget(QLabel(f"{day:%Y年%m月}"))
        layout.addWidget(grid, 2)
        history = QPlainTextEdit(objectName="student_attendance_history")
        history.setReadOnly(True)
        lines = [
            f"{d:%Y-%m-%d}　{kind}　{text}"
            for d, kind, text in attendance.attendance_timeline(student.id)
        ]
        history.setPlainText("\n".join(reversed(lines)) or "本学期没有缺勤记录")
        layout.addWidget(history, 1)
        close = QPushButton("关闭", objectName="student_attendance_close")
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
