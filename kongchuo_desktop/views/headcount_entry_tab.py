"""每日点名 → 点名 tab: a day's head-count class by class, by mouse or keyboard only; the marks
themselves are kept in services.headcount_entry.EntryState."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.attendance import AbsenceReason, Period
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.search_text import fold_search_text
from kongchuo_desktop.services import access, attendance
from kongchuo_desktop.services.attendance.missed_days import missed_days
from kongchuo_desktop.services.headcount_entry import (
    NO_REASON,
    EntryState,
    PastedClass,
    ReasonMissing,
    pasted_marks,
)
from kongchuo_desktop.views import messages, role_marks
from kongchuo_desktop.views.date_edit import date_edit, mark_days
from kongchuo_desktop.views.headcount_dialogs import PasteDialog
from kongchuo_desktop.views.headcount_entry_widgets import absence_table, name_grid
from kongchuo_desktop.views.headcount_models import (
    ROW_ID_ROLE,
    AbsenceModel,
    ClassDayModel,
    RosterFilter,
    RosterModel,
)
from kongchuo_desktop.views.page_layout import table_view
from kongchuo_desktop.views.window_fit import fill_with_last_column, keep_columns_in_sight

REASONS = [r.value for r in AbsenceReason]
PERIODS = [p.value for p in Period]
WEEKDAYS = "一二三四五六日"


class EntryTab(QWidget):
    """One day, every class: the class list on the left, the chosen class's entry on the right."""

    clock = staticmethod(dt.date.today)  # tests set a fixed day

    def __init__(self, parent=None):
        super().__init__(parent)
        self.day = self.clock()
        self.opened_instead_of: dt.date | None = None  # today, when it is not a school day
        self.class_id: int | None = None
        self.calendar = None  # loaded with the day (refresh)
        self.state = EntryState()  # the marks, the dirty flag and what saving sends
        self.pending: list[PastedClass] = []  # pasted classes still to check after the one open

        # top bar
        self.date_edit = date_edit(None, "headcount_date")
        today_button = QPushButton("今天", objectName="headcount_today")
        self.day_label = QLabel(objectName="headcount_day_label")
        self.paste_button = QPushButton("粘贴微信消息…", objectName="headcount_paste")
        self.progress = QLabel(objectName="headcount_progress")
        top = QHBoxLayout()
        top.addWidget(QLabel("点名日期"))
        top.addWidget(self.date_edit)
        top.addWidget(today_button)
        top.addWidget(self.day_label)
        top.addStretch(1)
        top.addWidget(self.progress)
        top.addWidget(self.paste_button)

        # left: the classes of the day
        self.class_model = ClassDayModel(self)
        self.class_view = table_view("headcount_classes", self.class_model)
        fill_with_last_column(self.class_view)

        # right: the class being entered
        self.class_title = QLabel(objectName="headcount_class_title")
        self.class_title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.search = QLineEdit(objectName="headcount_search")
        self.search.setPlaceholderText("姓名或拼音，回车记缺勤")
        self.search.setToolTip("输入姓名或拼音首字母（如 zs），回车记为缺勤")
        # The reason and period for the next child only: back to none / 全天 once he is marked.
        self.reason = QComboBox(objectName="headcount_reason")
        self.reason.addItems(REASONS)
        self.reason.setPlaceholderText("原因 Ctrl+1…6")
        self.reason.setCurrentIndex(-1)
        self.period = QComboBox(objectName="headcount_period")
        self.period.addItems(PERIODS)
        self.note = QLineEdit(objectName="headcount_note", placeholderText="备注")
        self.note.setToolTip("备注（可不填）")
        self.note.setMaximumWidth(160)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.search, 2)
        entry_row.addWidget(self.reason)
        entry_row.addWidget(self.period)
        entry_row.addWidget(self.note, 1)

        self.roster_model = RosterModel(self)
        self.roster_filter = RosterFilter(self)
        self.roster_filter.setSourceModel(self.roster_model)
        self.roster_view = name_grid(self.roster_filter, self.roster_model)

        self.absence_model = AbsenceModel(self)
        self.absence_view = absence_table(self.absence_model, REASONS, PERIODS, self)
        self.remove_button = QPushButton("取消选中的缺勤", objectName="headcount_remove")
        self.summary = QLabel(objectName="headcount_summary")
        self.summary.setStyleSheet("font-size: 12pt;")
        self.save_button = QPushButton("保存本班（Ctrl+S）", objectName="headcount_save")
        self.save_button.setDefault(True)
        for b in (self.paste_button, self.remove_button, self.save_button):
            role_marks.needs(b, Action.SAVE_HEADCOUNT)
        self.message = QLabel(objectName="headcount_message")
        self.message.setWordWrap(True)
        hint = QLabel(
            "默认全部到校。点击姓名或输入拼音后回车记为缺勤，随即按 "
            "Ctrl+1…6 选原因（病假、事假、旷课、迟到、早退、其他），Alt+1…3 选全天/上午/下午，"
            "每个学生各选各的；Delete 取消缺勤；Ctrl+S 保存并转到下一个未上报的班。"
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        rl.addWidget(self.class_title)
        rl.addLayout(entry_row)
        rl.addWidget(self.roster_view, 3)
        rl.addWidget(QLabel("缺勤学生（原因、时段、备注可直接修改）"))
        rl.addWidget(self.absence_view, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.remove_button)
        bottom.addWidget(self.save_button)
        rl.addLayout(bottom)
        rl.addWidget(self.message)
        rl.addWidget(hint)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.class_view)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([430, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        # behaviour
        self.date_edit.dateChanged.connect(self._date_changed)
        today_button.clicked.connect(self.go_to_today)
        self.paste_button.clicked.connect(self.open_paste)
        self.class_view.selectionModel().currentRowChanged.connect(self._class_changed)
        self.search.textChanged.connect(self.roster_filter.set_text)
        self.search.textChanged.connect(self._typing)
        self.search.returnPressed.connect(self.mark_from_search)
        self.roster_view.clicked.connect(self._roster_clicked)
        self.roster_view.activated.connect(self._roster_clicked)
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button.clicked.connect(self.save)
        self.absence_model.dataChanged.connect(self._absence_edited)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.save)
        QShortcut(QKeySequence("Ctrl+Down"), self, lambda: self._move_class(1))
        QShortcut(QKeySequence("Ctrl+Up"), self, lambda: self._move_class(-1))
        for i in range(len(REASONS)):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, lambda i=i: self.choose_reason(i))
        for i in range(len(PERIODS)):
            QShortcut(QKeySequence(f"Alt+{i + 1}"), self, lambda i=i: self.choose_period(i))
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.absence_view, self.remove_selected)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.search.installEventFilter(self)
        self._search_hint = False  # the message line is about the text being typed

    @property
    def entries(self) -> dict[int, dict]:
        """Student id → row of the absence table (kept by the state)."""
        return self.state.entries

    @property
    def names(self) -> dict[int, str]:
        return self.state.names

    @property
    def dirty(self) -> bool:
        return self.state.dirty

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self.state.dirty = value

    # --- the day and its classes --------------------------------------------------------------

    def start_on_latest_school_day(self) -> None:
        """Start on today, or on a weekend or holiday on the last school day before it: the day
        whose head-count may still be missing. The next refresh() loads it."""
        today = self.clock()
        day = attendance.load_calendar().latest_school_day(today) or today
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(day)
        self.date_edit.blockSignals(False)
        self.opened_instead_of = today if day != today else None

    def refresh(self) -> None:
        self.day = self.date_edit.date().toPython()
        self.calendar = calendar = attendance.load_calendar()
        school_day = calendar.is_school_day(self.day)
        future = attendance.future_day_problem(self.day, self.clock())
        weekday = f"星期{WEEKDAYS[self.day.weekday()]}"
        note = "上学日" if school_day else "不是上学日，不能点名"
        if future and school_day:
            note = "上学日，但" + future
        if self.opened_instead_of is not None and school_day:
            note += "（今天不上学，已打开上一个上学日）"
        self.day_label.setText(f"{weekday}　{note}")
        can_count = school_day and not future
        self.day_label.setStyleSheet("" if can_count else "color: #c0392b;")
        self.mark_missed_days()
        rows = attendance.day_overview(self.day)
        keep = self.class_id
        self.class_model.set_rows(rows)
        keep_columns_in_sight(self.class_view, 460)  # 班级 … 状态 on a 1024×768 screen
        done = sum(1 for r in rows if r.reported)
        self.progress.setText(f"已上报 {done} / {len(rows)} 个班")
        self.save_button.setEnabled(can_count)
        self.paste_button.setEnabled(can_count)
        if rows:
            ids = [r.class_id for r in rows]
            target = (
                keep if keep in ids else next((r.class_id for r in rows if not r.reported), ids[0])
            )
            self.select_class(target, force_reload=True)

    def go_to_today(self) -> None:
        """今天: today's head-count; on a day without school, stay and say why."""
        today = self.clock()
        why = (self.calendar or attendance.load_calendar()).why_no_school(today)
        if why is None:
            self.date_edit.setDate(today)
            return
        self.day_label.setText(
            f"今天（{today:%m月%d日} 星期{WEEKDAYS[today.weekday()]}）{why}，不上学，不能点名；"
            f"仍显示{self.day:%m月%d日}"
        )
        self.day_label.setStyleSheet("color: #c0392b;")

    def mark_missed_days(self) -> None:
        """The date picker's calendar shows this term's earlier school days not fully reported
        (services.attendance.missed_days) in the warning colour."""
        missed = missed_days(self.clock(), self.calendar)
        mark_days(self.date_edit, missed.dates)
        self.date_edit.setToolTip(
            f"本学期有{len(missed.rows)}个上学日没有全部点名，日历中以红色标出"
            if missed.rows
            else ""
        )

    def _date_changed(self) -> None:
        if not self._confirm_leave_class():
            self.date_edit.blockSignals(True)  # cancelled: stay on the day being entered
            self.date_edit.setDate(self.day)
            self.date_edit.blockSignals(False)
            return
        self.opened_instead_of = None
        self.dirty = False
        self.pending = []  # another day chosen by hand: the pasted classes are left
        self.refresh()

    def select_class(self, class_id: int, force_reload: bool = False) -> None:
        ids = [r.class_id for r in self.class_model.rows]
        if class_id not in ids:
            return
        row = ids.index(class_id)
        index = self.class_model.index(row, 0)
        if force_reload and self.class_id == class_id:
            self._load_class(class_id)
        self.class_view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if self.class_id != class_id:
            self._load_class(class_id)

    def _class_changed(self, current, previous) -> None:
        if not current.isValid():
            return
        row = self.class_model.row(current.row())
        if row.class_id == self.class_id:
            return
        if not self._confirm_leave_class():
            self.select_class(self.class_id)  # stay
            return
        self._load_class(row.class_id)

    def _move_class(self, step: int) -> None:
        rows = self.class_model.rows
        ids = [r.class_id for r in rows]
        if self.class_id in ids:
            i = (ids.index(self.class_id) + step) % len(ids)
            self.select_class(ids[i])

    def _confirm_leave_class(self) -> bool:
        if not self.dirty or self.class_id is None:
            return True
        answer = messages.ask_save(self, "未保存", "本班的点名还没有保存。保存吗？")
        if answer == messages.SAVE:
            return self.save(advance=False)
        return answer == messages.DISCARD

    def _load_class(self, class_id: int) -> None:
        self.class_id = class_id
        students = attendance.roll(class_id)
        saved = attendance.class_absences(class_id, self.day)
        report = attendance.report_for(class_id, self.day)
        prefill = [] if report else attendance.leave_prefill(class_id, self.day, self.calendar)
        self.state.load(
            {s.id: s.name for s in students}, saved or prefill, dirty=bool(prefill and not report)
        )
        self.roster_model.set_students(students, self._absent_map())
        self.absence_model.set_rows(list(self.entries.values()))
        row = next(r for r in self.class_model.rows if r.class_id == class_id)
        state = f"已上报（{row.reported_by}）" if report else "未上报"
        if prefill and not report:
            state += f"；{len(prefill)}人有已批准的请假，已预先记为请假"
        self.class_title.setText(f"{row.name}　班主任：{row.head_teacher or '未指定'}　{state}")
        self._say("")
        self.search.clear()
        self._reset_choices()
        self._update_summary()

    def _reset_choices(self) -> None:
        """The entry row back to no reason, 全天 and no note: nothing chosen for one child (or
        one class) carries over to the next."""
        self.reason.setCurrentIndex(-1)
        self.period.setCurrentIndex(0)
        self.note.clear()

    def _say(self, text: str, tone: str = "") -> None:
        """The message line under the table (tone: ok | warn | error)."""
        messages.inline(self.message, text, tone)
        self._search_hint = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.search.setFocus()  # the page opens with the cursor in the name box

    def _absent_map(self) -> dict[int, str]:
        return self.state.absent_map()

    def _update_summary(self) -> None:
        self.summary.setText(self.state.summary())

    # --- marking absentees ---------------------------------------------------------------------

    def toggle(self, student_id: int) -> None:
        """Mark the child absent with the reason and period chosen for him while typing (none
        and 全天 unless chosen), or unmark him; then the entry row starts clean again."""
        name = self.names[student_id]
        reason = self.reason.currentText() if self.reason.currentIndex() >= 0 else NO_REASON
        marked = self.state.toggle(student_id, reason, self.period.currentText(), self.note.text())
        self._reset_choices()
        self._changed()
        if marked:
            self._say(self.state.describe(student_id), "" if reason else "warn")
        else:
            self._say(f"已取消 {name} 的缺勤")

    def _typing(self, text: str) -> None:
        if text:
            self.state.just_marked = None  # a shortcut now is the choice for the child being typed
        if self._search_hint:
            self._say("")  # “有4人与…相符” is about the text before this one

    def choose_reason(self, i: int) -> None:
        """Ctrl+1…6: the reason for the child just marked (or the row selected in the absence
        table); while a name is being typed, the reason for that child."""
        self._choose("reason", self.reason, i)

    def choose_period(self, i: int) -> None:
        """Alt+1…3: as choose_reason, for 全天/上午/下午."""
        self._choose("period", self.period, i)

    def _choose(self, key: str, box: QComboBox, i: int) -> None:
        selected = None
        index = self.absence_view.currentIndex()
        if self.absence_view.hasFocus() and index.isValid():
            selected = self.absence_model.row(index)["id"]
        sid = self.state.shortcut_target(selected)
        if sid is None:
            box.setCurrentIndex(i)  # for the child being typed, and only for him
            return
        if self.state.set_value(sid, key, box.itemText(i)):
            self._changed()
            if index.isValid() and self.absence_view.hasFocus():
                row = list(self.entries).index(sid)
                self.absence_view.setCurrentIndex(self.absence_model.index(row, index.column()))
        missing = self.entries[sid]["reason"] == NO_REASON
        self._say(self.state.describe(sid), "warn" if missing else "")

    def _changed(self) -> None:
        self.dirty = True
        self.roster_model.set_absent(self._absent_map())
        self.absence_model.set_rows(list(self.entries.values()))
        self._update_summary()

    def _absence_edited(self, *args) -> None:
        self.dirty = True
        self.roster_model.set_absent(self._absent_map())
        self._update_summary()

    def _roster_clicked(self, index) -> None:
        sid = self.roster_filter.data(index, ROW_ID_ROLE)
        if sid is not None:
            self.toggle(sid)  # says whom it marked: an earlier hint is gone
            if self.search.text():
                self.search.clear()
                self.search.setFocus()

    def mark_from_search(self) -> None:
        """Enter in the search box: mark the one matching student (never a guess among several)."""
        n = self.roster_filter.rowCount()
        text = self.search.text().strip()
        if not text:
            return
        key = fold_search_text(text)
        exact = []  # the whole name, the whole pinyin or all the initials: 王雅 before 王雅婷
        for i in range(n):
            index = self.roster_filter.index(i, 0)
            if key in [k.lower() for k in self.roster_filter.data(index, RosterModel.SEARCH_ROLE)]:
                exact.append(index)
        if n == 1 or len(exact) == 1:
            index = exact[0] if len(exact) == 1 else self.roster_filter.index(0, 0)
            self.toggle(self.roster_filter.data(index, ROW_ID_ROLE))
            self.search.clear()
        elif n == 0:
            self._say(f"本班没有与“{text}”相符的学生", "error")
            self._search_hint = True
        else:
            self._say(f"有 {n} 人与“{text}”相符，请多输入几个字母，或按 ↓ 选择后回车", "warn")
            self._search_hint = True

    def eventFilter(self, obj, event):
        if (
            obj is self.search
            and event.type() == event.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
        ):
            self.roster_view.setFocus()
            self.roster_view.setCurrentIndex(self.roster_filter.index(0, 0))
            return True
        return super().eventFilter(obj, event)

    def remove_selected(self) -> None:
        index = self.absence_view.currentIndex()
        if not index.isValid():
            return
        sid = self.absence_model.row(index)["id"]
        self.state.remove(sid)
        self._changed()

    # --- saving --------------------------------------------------------------------------------

    def save(self, advance: bool = True) -> bool:
        if self.class_id is None:
            return False
        if self.absence_view.state() == QAbstractItemView.State.EditingState:
            self.absence_view.setFocus()  # commit the editor's value first
        try:
            inputs = self.state.inputs()
            attendance.save_class(
                access.actor_name(),
                self.class_id,
                self.day,
                inputs,
                source="manual",
                calendar=self.calendar,
                today=self.clock(),
            )
        except ReasonMissing as exc:
            self._say(f"没有保存：{exc}", "error")
            self._select_absence(self.state.without_reason()[0], column=1)
            return False
        except attendance.AttendanceError as exc:
            self._say(f"没有保存：{exc}", "error")
            return False
        self.state.saved()
        self.mark_missed_days()
        saved_id = self.class_id
        name = next(r.name for r in self.class_model.rows if r.class_id == saved_id)
        rows = attendance.day_overview(self.day)
        self.class_model.set_rows(rows)
        keep_columns_in_sight(self.class_view, 460)  # 班级 … 状态 on a 1024×768 screen
        done = sum(1 for r in rows if r.reported)
        self.progress.setText(f"已上报 {done} / {len(rows)} 个班")
        if advance and self._open_next_pending():
            self._say(f"已保存 {name}。" + self.message.text(), "warn")
            return True
        target = saved_id
        if advance:
            ids = [r.class_id for r in rows]
            i = ids.index(saved_id)
            later = [r for r in rows[i + 1 :] + rows[:i] if not r.reported]
            if later:
                target = later[0].class_id
        self.class_id = None
        self.select_class(target)
        self._say(f"已保存 {name}。" + ("全校都已上报。" if done == len(rows) else ""), "ok")
        self.search.setFocus()
        return True

    def _select_absence(self, student_id: int, column: int = 0) -> None:
        """Put the cursor on the child's row of the absence table: a shortcut applies to it."""
        row = list(self.entries).index(student_id)
        self.absence_view.setFocus()
        self.absence_view.setCurrentIndex(self.absence_model.index(row, column))

    def load_prefilled(
        self, class_id: int, day: dt.date, absentees: list[tuple[int, str | None, str | None]]
    ) -> bool:
        """Open a class the paste dialog could not save, with what it understood filled in:
        the day and the class chosen, the children (student_id, reason, period) marked as unsaved
        work for the clerk to check and save. A reason the message did not give (None or "") is
        asked for, as for a child marked by hand; a period not given is 全天. Children on
        approved leave that day the message left out are filled in as on opening the class.
        False when the clerk keeps this class's unsaved marks, or the class is not one of that
        day's."""
        if not self._confirm_leave_class():
            return False
        self.dirty = False
        self.opened_instead_of = None
        self.class_id = class_id  # refresh() keeps the class it is on
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(day)
        self.date_edit.blockSignals(False)
        self.refresh()
        if self.class_id != class_id:
            return False
        leave = attendance.leave_prefill(class_id, self.day, self.calendar)
        self.state.load(self.names, [*pasted_marks(absentees), *leave], dirty=True)
        self._changed()
        self.class_title.setText(self.class_title.text() + "；已填入粘贴的消息，尚未保存")
        missing = len(self.state.without_reason())
        ask = f"，{missing} 人要选原因" if missing else ""
        more = f"保存后打开下一个（还有 {len(self.pending)} 个班）。" if self.pending else ""
        self._say(f"已按粘贴的消息填好{ask}。请核对后按 Ctrl+S 保存。{more}", "warn")
        self.search.setFocus()
        return True

    def open_unsaved(self, classes: list[PastedClass]) -> bool:
        """Several classes the paste dialog could not save: the first opens filled in (as
        load_prefilled), and each Ctrl+S opens the next one instead of the next unreported
        class. False when the clerk keeps this class's unsaved marks (nothing opens)."""
        if not self._confirm_leave_class():
            return False
        self.dirty = False
        self.pending = list(classes)
        return self._open_next_pending()

    def _open_next_pending(self) -> bool:
        """Open the next pasted class still to check (one not of its day is skipped)."""
        while self.pending:
            if self.load_prefilled(*self.pending.pop(0)):
                return True
        return False

    def open_paste(self) -> None:
        # Saving a pasted message reloads the day: ask about this class's unsaved marks first.
        if not self._confirm_leave_class():
            return
        dialog = PasteDialog(self.day, self)
        dialog.saved.connect(lambda names: self.refresh())
        to_check: list[PastedClass] = []
        dialog.check_in_entry.connect(to_check.extend)
        dialog.exec()
        if to_check:  # opened once the dialog is closed: the tab asks and shows them
            self.open_unsaved(to_check)
