"""The small forms of 家访与劝返: a contact (done or planned), a 销号, and 立案 (a student on the
roster or a child who is not). Each form checks nothing itself: OK hands the values to `save`
(a service call); a UserError is shown and the form stays open with what was typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain import cases as rules
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import cases
from kongchuo_desktop.services.case_contacts import ContactInput
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.date_edit import date_edit


class _Form(QDialog):
    """A form with OK/Cancel whose OK calls `save(self.values())`."""

    def __init__(self, title: str, name: str, save: Callable, parent: QWidget | None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.save = save
        self.result_value = None
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName(f"{name}_buttons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        self.layout_.addWidget(self.buttons)

    def values(self):
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.result_value = self.save(self.values())
        except UserError as exc:
            messages.fail(self, self.windowTitle(), exc)
            return
        super().accept()


def _text(name: str, text: str = "") -> QLineEdit:
    return QLineEdit(text, objectName=name)


def _combo(name: str, items, editable: bool = False, current: str = "") -> QComboBox:
    box = QComboBox(objectName=name)
    box.addItems(list(items))
    box.setEditable(editable)
    if current:
        box.setCurrentText(current)
    return box


def people_list(name: str, choices: list[tuple[int, str]], checked: set[int]) -> QListWidget:
    view = QListWidget(objectName=name)
    for tid, label in choices:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, tid)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if tid in checked else Qt.CheckState.Unchecked)
        view.addItem(item)
    view.setMaximumHeight(110)
    return view


def checked_ids(view: QListWidget) -> tuple[int, ...]:
    return tuple(
        view.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(view.count())
        if view.item(i).checkState() == Qt.CheckState.Checked
    )


def check_people(view: QListWidget, names: set[str]) -> None:
    for i in range(view.count()):
        item = view.item(i)
        if item.text() in names:
            item.setCheckState(Qt.CheckState.Checked)


class ContactDialog(_Form):
    """A 家访/劝返 record; `planned` asks only for the day, the way and the teachers to go."""

    def __init__(
        self,
        save: Callable[[ContactInput], object],
        day: dt.date,
        planned: bool = False,
        checked: set[int] = frozenset(),
        parent: QWidget | None = None,
    ):
        title = "计划家访" if planned else "记录家访/劝返"
        super().__init__(title, "contact_dialog", save, parent)
        self.planned = planned
        self.day = date_edit(day, "contact_date", self)
        self.method = _combo("contact_method", rules.METHODS)
        self.teachers = people_list("contact_teachers", cases.teacher_choices(), set(checked))
        self.form.addRow("日期", self.day)
        self.form.addRow("方式", self.method)
        self.form.addRow("要去的教师" if planned else "去的教师", self.teachers)
        self.cadres = _text("contact_cadres")
        self.cadres.setPlaceholderText("同去的村干部，写姓名，如：村主任 赵大")
        self.form.addRow("村干部", self.cadres)
        self.met = _text("contact_met")
        self.attitude = _combo("contact_attitude", ("", *rules.ATTITUDES), editable=True)
        self.agreed = QPlainTextEdit(objectName="contact_agreed")
        self.agreed.setMaximumHeight(60)
        self.outcome = _combo("contact_outcome", ("", *rules.OUTCOMES), editable=True)
        self.next_step = _text("contact_next_step")
        self.has_next = QCheckBox("下一步日期", objectName="contact_has_next")
        self.next_date = date_edit(day + dt.timedelta(days=7), "contact_next_date", self)
        self.next_date.setEnabled(False)
        self.has_next.toggled.connect(self.next_date.setEnabled)
        self.note = _text("contact_note")
        if not planned:
            self.form.addRow("见到的人", self.met)
            self.form.addRow("监护人态度", self.attitude)
            self.form.addRow("约定的事", self.agreed)
            self.form.addRow("结果", self.outcome)
            self.form.addRow("下一步", self.next_step)
            self.form.addRow(self.has_next, self.next_date)
        self.form.addRow("备注", self.note)
        self.finish()

    def values(self) -> ContactInput:
        ids = checked_ids(self.teachers)
        return ContactInput(
            day=self.day.date().toPython(),
            method=self.method.currentText(),
            went=() if self.planned else ids,
            planned=ids if self.planned else (),
            cadres=self.cadres.text(),
            met_whom=self.met.text(),
            attitude=self.attitude.currentText(),
            agreed=self.agreed.toPlainText(),
            outcome=self.outcome.currentText(),
            next_step=self.next_step.text(),
            next_step_date=self.next_date.date().toPython() if self.has_next.isChecked() else None,
            note=self.note.text(),
            done=not self.planned,
        )


class CloseCaseDialog(_Form):
    """销号: how the case closed, the placement for 已复学, the evidence for the others."""

    def __init__(self, save: Callable, day: dt.date, parent: QWidget | None = None):
        super().__init__("销号", "close_dialog", save, parent)
        self.day = date_edit(day, "close_date", self)
        self.kind = _combo("close_kind", rules.CLOSE_KINDS)
        self.placement = _combo("close_placement", rules.PLACEMENTS)
        self.evidence = _text("close_evidence")
        self.evidence.setPlaceholderText("证明材料：转学接收证明、派出所或社区证明……")
        self.note = _text("close_note")
        self.form.addRow("销号日期", self.day)
        self.form.addRow("类别", self.kind)
        self.form.addRow("安置方式（已复学）", self.placement)
        self.form.addRow("证明材料", self.evidence)
        self.form.addRow("备注", self.note)
        self.kind.currentTextChanged.connect(
            lambda k: self.placement.setEnabled(k == rules.RETURNED)
        )
        self.finish()

    def values(self) -> dict:
        return dict(
            day=self.day.date().toPython(),
            kind=self.kind.currentText(),
            placement=self.placement.currentText(),
            evidence=self.evidence.text(),
            note=self.note.text(),
        )


class OpenCaseDialog(_Form):
    """立案: a student found by name, or a child not on the roster (name, ID, village)."""

    def __init__(self, save: Callable, day: dt.date, parent: QWidget | None = None):
        super().__init__("立案", "open_case_dialog", save, parent)
        self.day = date_edit(day, "open_date", self)
        self.form.addRow("立案日期", self.day)
        self.tabs = QTabWidget(objectName="open_case_tabs")
        roster = QWidget()
        grid = QGridLayout(roster)
        self.search = _text("open_search")
        self.search.setPlaceholderText("输入姓名或拼音首字母查找学生")
        self.find = QPushButton("查找", objectName="open_find")
        self.found = QComboBox(objectName="open_student")
        grid.addWidget(self.search, 0, 0)
        grid.addWidget(self.find, 0, 1)
        grid.addWidget(self.found, 1, 0, 1, 2)
        self.find.clicked.connect(self._find)
        self.search.returnPressed.connect(self._find)
        outside = QWidget()
        form = QFormLayout(outside)
        self.person_name = _text("open_person_name")
        self.person_id = _text("open_person_id")
        self.person_village = _text("open_person_village")
        self.person_guardian = _text("open_person_guardian")
        form.addRow("姓名", self.person_name)
        form.addRow("身份证号", self.person_id)
        form.addRow("户籍所在地（村组）", self.person_village)
        form.addRow("监护人", self.person_guardian)
        self.tabs.addTab(roster, "本校学生")
        self.tabs.addTab(outside, "不在花名册的孩子")
        self.layout_.addWidget(self.tabs)
        self.note = _text("open_note")
        self.note.setPlaceholderText("如：班主任报告有辍学倾向；开学未报到")
        self.reasons = people_list("open_reasons", list(enumerate(rules.REASONS)), set())
        self.reason_text = _text("open_reason_text")
        extra = QFormLayout()
        extra.addRow("立案缘由", self.note)
        extra.addRow("辍学原因", self.reasons)
        extra.addRow("其他原因", self.reason_text)
        self.layout_.addLayout(extra)
        self.finish()

    def _find(self) -> None:
        self.found.clear()
        for sid, label in cases.student_choices(self.search.text()):
            self.found.addItem(label, sid)

    def values(self) -> dict:
        return dict(
            day=self.day.date().toPython(),
            outside=self.tabs.currentIndex() == 1,
            student_id=self.found.currentData(),
            name=self.person_name.text(),
            id_number=self.person_id.text(),
            village=self.person_village.text(),
            guardian=self.person_guardian.text(),
            note=self.note.text(),
            reasons=[rules.REASONS[i] for i in checked_ids(self.reasons)],
            reason_text=self.reason_text.text(),
        )
