"""The 打印 buttons: 花名册 (roster page), 点名表 (每日点名), 档案 (student page) and 请假条 (请假 tab).
Each gathers its rows from services.printouts, lays them out with views.printouts and opens Qt's
print preview (打印, 导出PDF…) — or, from the choice dialog's 导出PDF…, the save dialog at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import printouts as data
from kongchuo_desktop.views import messages
from kongchuo_desktop.views import printouts as layout
from kongchuo_desktop.views.date_edit import date_edit

ALL_CLASSES = "全部班级"


class PrintChoiceDialog(QDialog):
    """Which class (or all: one class per page group) and, for a 点名表, which week; then 打印预览
    or 导出PDF. `pdf` says which button closed it."""

    def __init__(
        self,
        name: str,
        title: str,
        intro: str,
        classes: Sequence[tuple[int, str]],
        current: int | None = None,
        week_of: dt.date | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName(f"{name}_dialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.pdf = False
        box = QVBoxLayout(self)
        note = QLabel(intro, objectName=f"{name}_note", wordWrap=True)
        box.addWidget(note)
        form = QFormLayout()
        self.klass = QComboBox(objectName=f"{name}_class")
        self.klass.addItem(f"{ALL_CLASSES}（每班另起一页）", None)
        for class_id, class_name in classes:
            self.klass.addItem(class_name, class_id)
        self.klass.setCurrentIndex(max(self.klass.findData(current), 0))
        form.addRow("班级", self.klass)
        self.week = None
        if week_of is not None:
            self.week = date_edit(week_of, f"{name}_week")
            self.week.setToolTip("打印这一天所在的一周（周一至周五，校历中的放假日标灰）")
            form.addRow("哪一周（任选一天）", self.week)
        box.addLayout(form)
        buttons = QDialogButtonBox(objectName=f"{name}_buttons")
        show = QPushButton("打印预览…", objectName=f"{name}_preview")
        pdf = QPushButton("导出PDF…", objectName=f"{name}_pdf")
        cancel = QPushButton("取消", objectName=f"{name}_cancel")
        for button in (show, pdf, cancel):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        show.setDefault(True)
        show.clicked.connect(lambda: self.choose(pdf=False))
        pdf.clicked.connect(lambda: self.choose(pdf=True))
        cancel.clicked.connect(self.reject)
        box.addWidget(buttons)

    def choose(self, pdf: bool) -> None:
        self.pdf = pdf
        self.accept()

    def class_id(self) -> int | None:
        return self.klass.currentData()

    def day(self) -> dt.date | None:
        return None if self.week is None else self.week.date().toPython()


def print_class_lists(
    parent: QWidget | None,
    classes: Sequence[tuple[int, str]],
    current: int | None = None,
    school_year: str | None = None,
) -> None:
    """From the 花名册 page: ask which class (or all), then the class list."""
    dialog = PrintChoiceDialog(
        "print_class_list",
        "打印花名册",
        "打印所选班级的学生名单（序号、姓名、性别、出生日期、学籍号、身份证件号）。"
        "选“全部班级”时每个班另起一页。",
        classes,
        current,
        parent=parent,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    chosen = dialog.class_id()
    document = _build(
        parent,
        "花名册",
        lambda: layout.class_list_document(
            data.school_name(), data.class_lists(chosen, school_year)
        ),
    )
    if document is not None:
        layout.show(parent, document, document.name, dialog.pdf)


def print_weekly_register(
    parent: QWidget | None,
    classes: Sequence[tuple[int, str]],
    day: dt.date,
    current: int | None = None,
) -> None:
    """From 每日点名: ask which class (or all) and which week, then the blank 点名表."""
    dialog = PrintChoiceDialog(
        "print_register",
        "打印点名表",
        "打印空白的每周点名表，供班主任在纸上点名：学生按行，周一至周五每天上午、下午各一格，"
        "校历中不上课的日子标灰。",
        classes,
        current,
        week_of=day,
        parent=parent,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    chosen, week = dialog.class_id(), dialog.day() or day
    document = _build(
        parent,
        "点名表",
        lambda: layout.register_document(data.school_name(), data.weekly_register(week, chosen)),
    )
    if document is not None:
        layout.show(parent, document, document.name, dialog.pdf)


def print_student_record(parent: QWidget | None, student_id: int) -> None:
    """From the student page: the 档案 in the print preview."""
    document = _build(
        parent,
        "学生档案",
        lambda: layout.student_record_document(data.school_name(), data.student_record(student_id)),
    )
    if document is not None:
        layout.show(parent, document, document.name)


def print_leave_form(parent: QWidget | None, leave_id: int) -> None:
    """From the 请假 tab: the 请假条 of the selected request in the print preview."""
    document = _build(
        parent,
        "请假条",
        lambda: layout.leave_form_document(data.school_name(), data.leave_form(leave_id)),
    )
    if document is not None:
        layout.show(parent, document, document.name)


def _build(parent: QWidget | None, what: str, build):
    """The document, or None after saying why there is nothing to print (a UserError)."""
    try:
        return build()
    except UserError as exc:
        messages.fail(parent, f"打印{what}", exc)
        return None
