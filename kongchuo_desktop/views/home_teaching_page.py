"""送教上门: every child with that status, the plan, this month against the plan and this term's
visits and lessons; the selected child's visits below. 制定计划, 记录送教, 导出Excel."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.home_teaching import NAME
from kongchuo_desktop.services import access, home_teaching
from kongchuo_desktop.services.school_setup import the_school
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.home_teaching_dialogs import PlanDialog, VisitDialog
from kongchuo_desktop.views.page_layout import table_view, titled_page
from kongchuo_desktop.views.row_table_model import RowTableModel
from kongchuo_desktop.views.save_dialog import export_shown_table
from kongchuo_desktop.views.tones import colors


class HomeTeachingModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(
            [
                ("姓名", lambda r: r.name),
                ("班级", lambda r: r.class_name),
                ("残疾类型", lambda r: r.disability),
                ("送教教师", lambda r: r.teachers),
                ("计划", lambda r: r.plan_text),
                ("本月", lambda r: r.month.text),
                ("本学期次数", lambda r: r.term_visits),
                ("本学期课时", lambda r: r.term_lessons),
                ("最近一次", lambda r: r.last_visit),
            ],
            parent,
        )

    def foreground(self, row, column):
        if column == 5 and row.month.behind:
            return colors("error").foreground
        return None


def _visit_columns():
    return [
        ("日期", lambda v: v.date),
        ("送教教师", lambda v: v.teachers),
        ("课时", lambda v: v.lessons),
        ("内容", lambda v: v.content),
        ("家长签字", lambda v: (v.signed_by or "已签字") if v.parent_signed else "未签字"),
        ("照片", lambda v: v.photos),
        ("计入计划", lambda v: "是" if v.counts else "否（课时或教师不足）"),
    ]


class HomeTeachingPage(QWidget):
    clock = staticmethod(dt.date.today)  # tests set a fixed day

    def __init__(self, folder, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        layout = titled_page(self, NAME)
        self.summary = QLabel(objectName="home_teaching_summary")
        layout.addWidget(self.summary)
        self.model = HomeTeachingModel(self)
        self.view = table_view("home_teaching_list", self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)  # 本月: the long one
        self.visit_model = RowTableModel(_visit_columns(), self)
        self.visit_view = table_view("home_teaching_visits", self.visit_model)
        self.visit_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.visit_view.horizontalHeader().setStretchLastSection(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        self.visits_title = QLabel(
            "选中一名学生查看送教记录", objectName="home_teaching_visits_title"
        )
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.visits_title)
        lower_layout.addWidget(self.visit_view)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        buttons = QHBoxLayout()
        self.plan_button = QPushButton("制定送教计划…", objectName="home_teaching_plan")
        self.visit_button = QPushButton("记录一次送教…", objectName="home_teaching_record")
        self.export_button = QPushButton("导出Excel…", objectName="home_teaching_export")
        for b in (self.plan_button, self.visit_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)
        self.plan_button.clicked.connect(self.edit_plan)
        self.visit_button.clicked.connect(self.record_visit)
        self.export_button.clicked.connect(self.export_xlsx)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_visits())
        self.view.doubleClicked.connect(self._open_student)

    def refresh(self) -> None:
        today = self.clock()
        selected = self.selected()
        self.model.set_rows(home_teaching.rows(today))
        behind = sum(1 for r in self.model.rows if r.month.behind)
        self.summary.setText(
            f"送教上门学生{len(self.model.rows)}人；{today:%m}月未完成计划的{behind}人。"
            "每次送教请记下课时、内容和家长签字，并附照片；双击一行打开该学生。"
        )
        if selected is not None:
            for i, r in enumerate(self.model.rows):
                if r.student_id == selected.student_id:
                    self.view.selectRow(i)
        self._show_visits()

    def selected(self):
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def select_student(self, student_id: int) -> None:
        for i, r in enumerate(self.model.rows):
            if r.student_id == student_id:
                self.view.selectRow(i)

    def _open_student(self, index) -> None:
        """The student's page (the main window's `open_student`), on a double click."""
        window = self.window()
        hook = getattr(window, "open_student", None) if window is not self else None
        if callable(hook):
            hook(self.model.row(index).student_id)

    def _show_visits(self) -> None:
        row = self.selected()
        if row is None:
            self.visit_model.set_rows([])
            self.visits_title.setText("选中一名学生查看送教记录")
            return
        self.visit_model.set_rows(home_teaching.visits(row.student_id))
        self.visits_title.setText(f"{row.name}的送教记录（{len(self.visit_model.rows)}次）")

    def _need_selection(self, what: str):
        row = self.selected()
        if row is None:
            messages.info(self, what, "请先在表格中选中一名学生")
        return row

    def edit_plan(self) -> None:
        row = self._need_selection("送教计划")
        if row is not None and PlanDialog(access.actor_name(), row, self.clock(), self).exec():
            self.refresh()

    def record_visit(self) -> None:
        row = self._need_selection("记录送教")
        if row is not None and VisitDialog(access.actor_name(), row, self.clock(), self).exec():
            self.refresh()

    def export_xlsx(self) -> None:
        school = the_school()
        table = home_teaching.shown_table(school.name if school else "", self.clock())
        export_shown_table(self, table, "导出送教上门学生", "送教上门学生信息统计表")
