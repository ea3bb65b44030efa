"""家访与劝返: the ledger (台账) of the school year's cases with its filters and the export in the
bureau's layout; the visit plan (at-risk children not visited this term, routine visits recorded
without a case); the next steps whose day has come."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain import cases as rules
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, case_contacts, case_ledger, cases, export_record
from kongchuo_desktop.services.case_ledger_export import export_ledger
from kongchuo_desktop.views import messages, role_marks
from kongchuo_desktop.views.case_dialog import CaseDialog
from kongchuo_desktop.views.case_forms import ContactDialog, OpenCaseDialog
from kongchuo_desktop.views.headcount_models import sorting_proxy
from kongchuo_desktop.views.page_layout import table_view, titled_page
from kongchuo_desktop.views.row_table_model import RowTableModel
from kongchuo_desktop.views.save_dialog import XLSX_FILTER, ExportTarget, ask_export_target

ALL = "全部"
LEDGER_COLUMNS = [
    ("姓名", lambda r: r.name),
    ("班级", lambda r: r.class_name),
    ("学籍", lambda r: r.status),
    ("状态", lambda r: r.state),
    ("立案", lambda r: r.opened_on),
    ("四步法", lambda r: r.stage_label),
    ("劝返次数", lambda r: r.contacts),
    ("最近联系", lambda r: r.last_contact),
    ("包保责任人", lambda r: "、".join(r.responsible)),
    ("辍学原因", lambda r: r.reasons_text),
    ("户籍所在地", lambda r: r.household),
    (
        "建档/残疾/留守",
        lambda r: "/".join("是" if f else "否" for f in (r.poor, r.disabled, r.left_behind)),
    ),
    ("劝返措施及进展", lambda r: r.measures),
    ("安置方式", lambda r: r.placement or r.close_kind),
]
LEDGER_WIDTHS = (64, 84, 64, 56, 52, 120, 60, 64, 90, 110, 120, 90, 260, 70)


def _combo(name: str, items) -> QComboBox:
    box = QComboBox(objectName=name)
    box.addItems([ALL, *items])
    return box


class VisitsPage(QWidget):
    clock = staticmethod(dt.date.today)  # tests set a fixed day

    def __init__(self, folder, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.rows: list[case_ledger.LedgerRow] = []
        layout = titled_page(self, "家访与劝返")
        self.tabs = QTabWidget(objectName="visits_tabs")
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._ledger_tab(), "劝返台账")
        self.tabs.addTab(self._plan_tab(), "家访计划")
        self.tabs.addTab(self._due_tab(), "到期的下一步")
        self._stale: set[int] = set()  # tabs to read again when next shown
        self.tabs.currentChanged.connect(self._load_tab)

    # --- the ledger ----------------------------------------------------------------------------

    def _ledger_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.f_state = _combo("ledger_state", (case_ledger.OPEN, case_ledger.CLOSED))
        self.f_stage = _combo("ledger_stage", (rules.NO_STAGE, *rules.STAGES.values()))
        self.f_class = _combo("ledger_class", ())
        self.f_reason = _combo("ledger_reason", rules.REASONS)
        self.f_person = _combo("ledger_responsible", ())
        self.f_quiet = QCheckBox(objectName="ledger_no_contact")
        self.f_text = QLineEdit(objectName="ledger_search")
        self.f_text.setPlaceholderText("姓名")
        self.f_text.setMaximumWidth(90)
        for label, w in (
            ("状态", self.f_state),
            ("四步法", self.f_stage),
            ("班级", self.f_class),
            ("原因", self.f_reason),
            ("责任人", self.f_person),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        bar.addWidget(self.f_quiet)
        bar.addWidget(self.f_text)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.ledger_model = RowTableModel(LEDGER_COLUMNS, self)
        self.ledger_proxy = sorting_proxy(self.ledger_model, self)
        self.ledger_view = table_view("ledger_table", self.ledger_proxy)
        # The service's order (by 立案 date) until the clerk clicks a column: sorting 300 rows
        # through the proxy on every refresh would cost more than reading them.
        self.ledger_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.ledger_view.setSortingEnabled(True)
        header = self.ledger_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(LEDGER_WIDTHS):
            header.resizeSection(column, width)
        lay.addWidget(self.ledger_view, 1)
        row = QHBoxLayout()
        self.ledger_count = QLabel(objectName="ledger_count")
        self.open_button = QPushButton("立案…", objectName="ledger_open_case")
        self.show_button = QPushButton("打开个案", objectName="ledger_show_case")
        self.export_button = QPushButton("导出Excel台账…", objectName="ledger_export")
        row.addWidget(self.ledger_count)
        row.addStretch(1)
        for b in (self.open_button, self.show_button, self.export_button):
            row.addWidget(b)
            role_marks.needs(self.open_button, Action.EDIT_CASES)
            role_marks.needs(self.export_button, Action.EXPORT)
        lay.addLayout(row)
        for box in (self.f_state, self.f_stage, self.f_class, self.f_reason, self.f_person):
            box.currentIndexChanged.connect(self.apply_filter)
        self.f_quiet.toggled.connect(self.apply_filter)
        self.f_text.textChanged.connect(self.apply_filter)
        self.ledger_view.doubleClicked.connect(lambda _i: self.show_case())
        self.open_button.clicked.connect(self.open_case)
        self.show_button.clicked.connect(lambda: self.show_case())
        self.export_button.clicked.connect(lambda: self.export())
        return tab

    def refresh(self) -> None:
        """Read the tab shown now; the others when they are shown (the ledger opens fast)."""
        self._stale = set(range(self.tabs.count()))
        self._load_tab(self.tabs.currentIndex())

    def _load_tab(self, index: int) -> None:
        if index not in self._stale:
            return
        self._stale.discard(index)
        today = self.clock()
        if index == 1:
            self.plan_model.set_rows(case_contacts.visit_plan(today))
            self.plan_count.setText(f"本学期还没有家访过的重点学生：{len(self.plan_model.rows)}人")
        elif index == 2:
            self.due_model.set_rows(case_contacts.next_steps_due(today))
        else:
            self.load_ledger(today)

    def load_ledger(self, today: dt.date) -> None:
        self.rows = case_ledger.ledger_rows(today=today)
        self.f_quiet.setText(f"{case_ledger.no_contact_days()}天以上未联系")
        for box, values in (
            (self.f_class, sorted({r.class_name for r in self.rows if r.class_name})),
            (self.f_person, sorted({p for r in self.rows for p in r.responsible})),
        ):
            chosen = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems([ALL, *values])
            box.setCurrentText(chosen)
            box.blockSignals(False)
        self.apply_filter()

    def current_filter(self) -> case_ledger.LedgerFilter:
        def pick(box):
            return "" if box.currentText() == ALL else box.currentText()

        stage = None
        if self.f_stage.currentIndex() > 0:
            stage = self.f_stage.currentIndex() - 1
        class_id = None
        if pick(self.f_class):
            class_id = next(
                (r.class_id for r in self.rows if r.class_name == pick(self.f_class)), None
            )
        return case_ledger.LedgerFilter(
            state=pick(self.f_state),
            stage=stage,
            class_id=class_id,
            reason=pick(self.f_reason),
            responsible=pick(self.f_person),
            no_contact=self.f_quiet.isChecked(),
            text=self.f_text.text().strip(),
        )

    def apply_filter(self) -> None:
        shown = case_ledger.filtered(self.rows, self.current_filter(), self.clock())
        self.ledger_model.set_rows(shown)
        still_open = sum(1 for r in shown if r.closed_on is None)
        self.ledger_count.setText(f"共{len(shown)}个个案，其中未销号{still_open}个")

    def selected_case(self) -> int | None:
        index = self.ledger_view.currentIndex()
        if not index.isValid():
            return None
        return self.ledger_model.row(self.ledger_proxy.mapToSource(index).row()).id

    def show_case(self, case_id: int | None = None) -> None:
        case_id = case_id or self.selected_case()
        if case_id is None:
            messages.info(self, "打开个案", "请先在台账中选中一个个案")
            return
        dialog = CaseDialog(case_id, self)
        dialog.clock = self.clock
        dialog.refresh()
        dialog.changed.connect(self.refresh)
        dialog.exec()

    def open_case(self) -> None:
        def save(v):
            actor = access.actor_name()
            if v["outside"]:
                return cases.open_for_person(
                    actor,
                    v["day"],
                    v["name"],
                    v["id_number"],
                    v["village"],
                    v["note"],
                    v["guardian"],
                )
            if v["student_id"] is None:
                raise UserError("请先查找并选择学生（或在“不在花名册的孩子”中填写）")
            return cases.open_for_student(
                actor, v["student_id"], v["day"], v["note"], v["reasons"], v["reason_text"]
            )

        form = OpenCaseDialog(save, self.clock(), self)
        if form.exec():
            self.refresh()
            self.show_case(form.result_value.id)

    def export(self, path: str | None = None, password: str | None = None) -> Path | None:
        """Export the ledger (asking where, or to `path`; into an encrypted zip when the clerk
        chose that or a `password` is given); recorded in the audit trail."""
        rows = self.ledger_model.rows
        if not rows:
            messages.info(self, "导出台账", "台账中没有个案")
            return None
        today = self.clock()
        if path is None:
            # The save dialog asks before replacing an existing file (Qt's default, kept on).
            target = ask_export_target(
                self, "导出劝返台账", f"辍学学生台账{today:%Y%m}.xlsx", XLSX_FILTER, ".xlsx"
            )
            if target is None:
                return None
        else:
            if not path.lower().endswith((".xlsx", ".zip")):
                path += ".zip" if password else ".xlsx"
            target = ExportTarget(Path(path), ".xlsx", password)
        school = cases.school_name()
        try:
            out = export_record.write_export(
                access.actor_name(),
                "辍学学生台账",
                len(rows),
                target.path,
                lambda p: export_ledger(p, rows, school, today, overwrite=True),
                password=target.password,
                overwrite=True,
            )
        except (UserError, OSError) as exc:
            messages.fail(self, "导出失败", exc)
            return None
        messages.info(self, "导出完成", f"已导出劝返台账到：\n{out}")
        return out

    # --- the visit plan and the next steps -----------------------------------------------------

    def _plan_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        self.plan_count = QLabel(objectName="plan_count")
        lay.addWidget(self.plan_count)
        self.plan_model = RowTableModel(
            [
                ("学生", lambda r: r.student_name),
                ("班级", lambda r: r.class_name),
                ("重点学生类别", lambda r: r.flags),
                ("上次家访", lambda r: r.last_visit),
            ],
            self,
        )
        self.plan_view = table_view("plan_table", self.plan_model)
        self.plan_view.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.plan_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.plan_record = QPushButton("记录家访…", objectName="plan_record")
        self.plan_ahead = QPushButton("计划家访…", objectName="plan_ahead")
        row.addWidget(self.plan_ahead)
        row.addWidget(self.plan_record)
        role_marks.needs(self.plan_ahead, Action.ADD_CONTACTS)
        role_marks.needs(self.plan_record, Action.ADD_CONTACTS)
        lay.addLayout(row)
        self.plan_record.clicked.connect(lambda: self.routine_visit(planned=False))
        self.plan_ahead.clicked.connect(lambda: self.routine_visit(planned=True))
        return tab

    def routine_visit(self, planned: bool) -> None:
        index = self.plan_view.currentIndex()
        if not index.isValid():
            messages.info(self, "家访", "请先选中一个学生")
            return
        student_id = self.plan_model.row(index).student_id

        def save(values):
            return case_contacts.add_contact(
                access.actor_name(), values, student_id=student_id, today=self.clock()
            )

        if ContactDialog(save, self.clock(), planned=planned, parent=self).exec():
            self.refresh()

    def _due_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        self.due_model = RowTableModel(
            [
                ("到期", lambda r: r.due),
                ("学生", lambda r: r.student_name),
                ("下一步", lambda r: r.next_step),
                ("上次联系", lambda r: r.contact_date),
            ],
            self,
        )
        self.due_view = table_view("due_table", self.due_model)
        self.due_view.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.due_view, 1)
        self.due_view.doubleClicked.connect(
            lambda i: (
                self.due_model.row(i).case_id and self.show_case(self.due_model.row(i).case_id)
            )
        )
        return tab
