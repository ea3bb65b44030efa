"""首页: the school at a glance and today's head-count work — classes not yet reported, earlier
school days not fully reported (漏报), due and overdue escalation steps, children away without
leave for two days or more, chronic absentees. Each line opens the student (the main window's
`open_student`, else the attendance dialog); a class or a 漏报 day opens 每日点名 on it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.escalation import ActionState, status_change_for
from kongchuo_desktop.domain.student_status import on_roll_explained
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, attendance, attendance_rules, cases, coverage
from kongchuo_desktop.services.overview import overview
from kongchuo_desktop.views import case_offer, home_followups, messages
from kongchuo_desktop.views.headcount_models import ActionModel, sorting_proxy
from kongchuo_desktop.views.home_people_notes import PeopleNote
from kongchuo_desktop.views.home_report_note import ReportDueNote
from kongchuo_desktop.views.page_layout import table_view, titled_page
from kongchuo_desktop.views.row_table_model import RowTableModel
from kongchuo_desktop.views.window_fit import fill_with_last_column

WEEKDAYS = "一二三四五六日"


class StatCard(QFrame):
    def __init__(self, title: str, name: str):
        super().__init__()
        self.setObjectName(name)
        self.setProperty("card", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.value = QLabel("—")
        self.value.setObjectName(f"{name}_value")
        self.value.setProperty("cardValue", True)
        caption = QLabel(title)
        caption.setProperty("cardCaption", True)
        layout.addWidget(self.value)
        layout.addWidget(caption)


def _box(title: str, name: str, view: QWidget, *extra: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    box.setObjectName(name)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(view, 1)
    for w in extra:
        layout.addWidget(w)
    return box


class HomePage(QWidget):
    student_requested = Signal(int)  # a line asked to open this student
    day_requested = Signal(object, int)  # a 漏报 day asked to open 点名 on (date, class id)
    clock = staticmethod(dt.date.today)  # tests set a fixed day

    def __init__(self, folder, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.today = dt.date.today()
        layout = titled_page(self, "首页")
        self.today_label = QLabel()
        self.today_label.setObjectName("home_today")
        # 三包 gaps (services.coverage) until there are none; opens the 三包责任 page.
        self.sanbao_gaps = QPushButton(objectName="home_sanbao_gaps")
        self.sanbao_gaps.setProperty("tone", "warn")
        self.sanbao_gaps.setVisible(False)
        self.sanbao_gaps.clicked.connect(self._open_sanbao)
        top = QHBoxLayout()
        top.addWidget(self.today_label, 1)
        top.addWidget(self.sanbao_gaps)
        layout.addLayout(top)
        self.report_due = ReportDueNote()  # 月报 due from the 20th until filed
        layout.addWidget(self.report_due)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.cards = {
            "students": StatCard("在册学生", "home_students"),
            "classes": StatCard("本学年班级", "home_classes"),
            "teachers": StatCard("教师", "home_teachers"),
            "days": StatCard("本学期已上学日", "home_school_days"),
            "reported": StatCard("今日已点名班级", "home_reported"),
        }
        self.cards["students"].setToolTip(on_roll_explained() + "花名册的“在册”人数与此相同。")
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)
        layout.addLayout(grid)

        # today's work
        self.unreported_model = RowTableModel(
            [
                ("班级", lambda r: r.name),
                ("班主任", lambda r: r.head_teacher),
                ("应到", lambda r: r.expected),
            ],
            self,
        )
        self.unreported_view = table_view("home_unreported", self.unreported_model)
        self.missed_model = RowTableModel(
            [
                ("日期", lambda r: r.day),
                ("星期", lambda r: WEEKDAYS[r.day.weekday()]),
                ("未点名", lambda r: f"{len(r.classes)}/{r.in_use}"),
                ("班级", lambda r: r.class_names),
            ],
            self,
        )
        self.missed_view = table_view("home_missed", self.missed_model)
        self.missed_open = QPushButton("到每日点名补录选中的一天", objectName="home_missed_open")
        self.action_model = ActionModel(self)
        self.action_proxy = sorting_proxy(self.action_model, self)
        self.action_view = table_view("home_actions", self.action_proxy)
        self.action_done = QPushButton("标记选中事项已办理…", objectName="home_action_done")
        self.streak_model = RowTableModel(
            [
                ("学生", lambda r: r.student_name),
                ("班级", lambda r: r.class_name),
                ("连续缺席", lambda r: f"{r.days}个上学日"),
                ("开始", lambda r: r.since),
                ("责任人", lambda r: r.responsible),
            ],
            self,
        )
        self.streak_view = table_view("home_streaks", self.streak_model)
        self.chronic_model = RowTableModel(
            [
                ("学生", lambda r: r.student_name),
                ("班级", lambda r: r.class_name),
                ("缺课天数", lambda r: r.missed),
                ("占上学日", lambda r: f"{r.percent:.1f}%"),
            ],
            self,
        )
        self.chronic_view = table_view("home_chronic", self.chronic_model)
        self.leave_note = QLabel(objectName="home_leave_note")
        self.leave_note.setWordWrap(True)
        self.leave_note.setStyleSheet("color: #c0392b;")
        for v in (
            self.unreported_view,
            self.missed_view,
            self.streak_view,
            self.chronic_view,
        ):
            fill_with_last_column(v)
        self.action_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.action_view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

        self.people_note = PeopleNote()  # 班主任已离校 gaps, 转出办理中
        self.unreported_box = _box(
            "今日未点名的班级", "home_unreported_box", self.unreported_view, self.people_note
        )
        self.next_steps = case_offer.next_steps_label()  # 家访 next steps due (case_offer)
        self.followups = home_followups.followup_labels()  # notice deadlines, 送教 behind plan
        self.actions_box = _box(
            "应办与逾期的上报事项",
            "home_actions_box",
            self.action_view,
            self.action_done,
            self.next_steps,
            *self.followups,
        )
        self.missed_box = _box(
            "漏报的上学日", "home_missed_box", self.missed_view, self.missed_open
        )
        self.missed_box.setProperty("tone", "warn")
        self.missed_box.setParent(self)  # in the layout only while a day is missed (_show_missed)
        self.missed_box.setVisible(False)
        self._missed_placed = False
        # Bare 请假 whose form has not come (domain.pending_leave): under the streaks, as the
        # next step for the same children.
        self.pending_note = QLabel(objectName="home_pending_forms")
        self.pending_note.setWordWrap(True)
        self.pending_note.setProperty("tone", "warn")
        self.pending_note.setVisible(False)
        self.streaks_box = _box(
            "连续无故缺席（第2天起）", "home_streaks_box", self.streak_view, self.pending_note
        )
        self.chronic_box = _box(
            "长期缺勤预警", "home_chronic_box", self.chronic_view, self.leave_note
        )
        self.work = work = QGridLayout()
        work.setSpacing(12)
        work.addWidget(self.unreported_box, 1, 0)
        work.addWidget(self.streaks_box, 1, 1)
        work.addWidget(self.chronic_box, 1, 2)
        work.setColumnStretch(0, 2)  # three short columns: the room goes to the lists of names
        work.setColumnStretch(1, 3)
        work.setColumnStretch(2, 3)
        work.setRowStretch(0, 3)
        work.setRowStretch(1, 2)
        work.addWidget(self.actions_box, 0, 0, 1, 3)  # beside the 漏报 days when there are some
        layout.addLayout(work, 1)
        hint = QLabel("双击一行打开该学生；双击未点名的班级或漏报的一天，转到每日点名。")
        hint.setProperty("hint", True)
        row = QHBoxLayout()
        row.addWidget(hint)
        row.addStretch(1)
        layout.addLayout(row)

        self.unreported_view.doubleClicked.connect(self._open_class)
        self.action_view.doubleClicked.connect(
            lambda i: self.open_student(
                self.action_model.row(self.action_proxy.mapToSource(i).row()).student_id
            )
        )
        self.streak_view.doubleClicked.connect(
            lambda i: self.open_student(self.streak_model.row(i).student_id)
        )
        self.chronic_view.doubleClicked.connect(
            lambda i: self.open_student(self.chronic_model.row(i).student_id)
        )
        self.action_done.clicked.connect(self.mark_selected_done)
        self.missed_view.doubleClicked.connect(self._open_missed_day)
        self.missed_open.clicked.connect(lambda: self._open_missed_day(None))

    def refresh(self) -> None:
        today = self.clock()
        self.today = today
        o = overview(today)
        day_text = "上学日" if o.is_school_day else "非上学日"
        nxt = ""
        if o.next_school_day:
            nd = o.next_school_day
            nxt = f"；下一个上学日：{nd:%m月%d日} 星期{WEEKDAYS[nd.weekday()]}"
        self.today_label.setText(f"今天是{today:%Y年%m月%d日}，{day_text}{nxt}")
        gaps = coverage.gap_count(today)
        self.sanbao_gaps.setText(f"三包责任：{gaps}处缺口，点此处理")
        self.sanbao_gaps.setVisible(gaps > 0)
        self.cards["students"].value.setText(str(o.students_in_school))
        self.cards["classes"].value.setText(str(o.classes))
        self.cards["teachers"].value.setText(str(o.teachers))
        self.cards["days"].value.setText(f"{o.term_school_days_done} / {o.term_school_days_total}")
        board = attendance.dashboard(today)
        if board.is_school_day:
            self.cards["reported"].value.setText(
                f"{o.classes - len(board.unreported)} / {o.classes}"
            )
        else:
            self.cards["reported"].value.setText("今日不点名")
        self.unreported_model.set_rows(board.unreported)
        self.people_note.refresh()
        self.report_due.refresh(today)
        self.action_model.set_rows(board.actions)
        self.streak_model.set_rows(board.streaks)
        self.chronic_model.set_rows(board.chronic)
        overdue = sum(1 for a in board.actions if a.state is ActionState.OVERDUE)
        self.actions_box.setTitle(
            f"应办与逾期的上报事项（{len(board.actions)}项，其中逾期{overdue}项）"
        )
        self.unreported_box.setTitle(
            f"今日未点名的班级（{len(board.unreported)}）"
            if board.is_school_day
            else "今日未点名的班级（不上学）"
        )
        self._show_missed(board.missed)
        case_offer.show_next_steps(self.next_steps, today)
        home_followups.show_followups(self.followups, today)
        self.streaks_box.setTitle(f"连续无故缺席（第2天起，{len(board.streaks)}人）")
        line = attendance_rules.chronic_absence_fraction() * 100  # the school's setting
        self.chronic_box.setTitle(f"长期缺勤预警（本学期缺课≥{line:g}%，{len(board.chronic)}人）")
        pending = board.pending_forms
        self.pending_note.setText(
            f"待补请假单（{len(pending)}人次，请班主任补交）："
            + "、".join(
                f"{r.student_name}（{r.class_name}，{r.day:%m月%d日}"
                + ("，已按无故缺席计" if r.overdue else "")
                + "）"
                for r in pending
            )
            if pending
            else ""
        )
        self.pending_note.setVisible(bool(pending))
        self.leave_note.setText(
            "请假超过学期上限，建议办理休学："
            + "、".join(
                f"{r.student_name}（{r.class_name}，{r.days:g}天）" for r in board.leave_over_limit
            )
            if board.leave_over_limit
            else ""
        )

    # --- opening things ------------------------------------------------------------------------

    def open_student(self, student_id: int) -> None:
        self.student_requested.emit(student_id)
        window = self.window()
        hook = getattr(window, "open_student", None) if window is not self else None
        if callable(hook):
            hook(student_id)
            return
        from kongchuo_desktop.views.headcount_dialogs import StudentAttendanceDialog

        StudentAttendanceDialog(student_id, self.today, self).exec()

    def _open_sanbao(self) -> None:
        window = self.window()
        hook = getattr(window, "show_page", None) if window is not self else None
        if callable(hook):
            hook("responsibility")

    def _open_class(self, index) -> None:
        """每日点名 on today and the class (the page may have been left on another day)."""
        row = self.unreported_model.row(index)
        window = self.window()
        hook = getattr(window, "open_headcount_day", None) if window is not self else None
        if callable(hook):
            hook(self.today, row.class_id)

    def _show_missed(self, missed) -> None:
        """The 漏报 days beside the steps to do, or nothing when every day is reported."""
        self.missed_model.set_rows(missed.rows)
        shown = bool(missed.rows)
        if shown != self._missed_placed:
            self.work.removeWidget(self.actions_box)
            self.work.addWidget(self.actions_box, 0, 0, 1, 2 if shown else 3)
            if shown:
                self.work.addWidget(self.missed_box, 0, 2)
            else:
                self.work.removeWidget(self.missed_box)
            self._missed_placed = shown
        self.missed_box.setVisible(shown)
        if not shown:
            return
        since = "设置的" if missed.start_chosen else "第一次点名的"
        start = missed.start
        self.missed_box.setTitle(
            f"漏报的上学日（{start.month}月{start.day}日起，{len(missed.rows)}天有班级没点名）"
        )
        self.missed_box.setToolTip(
            f"本学期从{since}{start.month}月{start.day}日起到昨天，有班级没有保存点名的上学日。"
            "今天的点名不算漏报（今天还可以补），见“今日未点名的班级”。"
            "从哪天起检查可在 设置 → 点名与上报规则 中修改。"
        )

    def _open_missed_day(self, index) -> None:
        """每日点名 on the 漏报 day (the row double-clicked, else the one selected, else the
        newest), on its first class without a head-count."""
        if index is None or not index.isValid():
            index = self.missed_view.currentIndex()
        if not self.missed_model.rows:
            return
        row = self.missed_model.row(index.row() if index.isValid() else 0)
        self.day_requested.emit(row.day, row.classes[0].class_id)
        window = self.window()
        hook = getattr(window, "open_headcount_day", None) if window is not self else None
        if callable(hook):
            hook(row.day, row.classes[0].class_id)

    # --- marking a step done -------------------------------------------------------------------

    def selected_action(self):
        index = self.action_view.currentIndex()
        if not index.isValid():
            return None
        return self.action_model.row(self.action_proxy.mapToSource(index).row())

    def mark_selected_done(self) -> None:
        item = self.selected_action()
        if item is None:
            messages.info(self, "上报事项", "请先在表格中选中一项")
            return
        status = status_change_for(item.step, item.status)
        if status and not messages.confirm(
            self,
            "确认学籍变动",
            f"将把 {item.student_name}（{item.class_name}）的学籍状态改为“{status}”，"
            f"并写入学籍变动记录。确定吗？",
        ):
            return
        note, ok = QInputDialog.getText(
            self,
            "已办理",
            f"{item.student_name}：{item.label}\n办理情况（如：已电话联系爷爷，答应明天送来）：",
        )
        if not ok:
            return
        try:
            # 立案 offered at the written report; 疑似辍学 always has a case; 销号 closes it.
            case_too = case_offer.asks_case(self, item)
            cases.mark_step_done(
                access.actor_name(), item, note, self.today, open_case_too=case_too
            )
        except UserError as exc:
            messages.fail(self, "不能办理", exc)
        self.refresh()
