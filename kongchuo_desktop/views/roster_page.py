"""花名册: tabs 学生 (the filtered student list), 班级 (classes and 班主任, any year) and 教师.
Import, export, 学籍变动 and 学年升级 start here."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.grades import GRADE_NAMES
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.domain.risk_flags import RISK_FLAGS
from kongchuo_desktop.domain.student_status import StudentStatus
from kongchuo_desktop.icons import icon
from kongchuo_desktop.views import messages, role_marks
from kongchuo_desktop.views import student_table_model as stm
from kongchuo_desktop.views.class_move_dialog import ClassMoveDialog
from kongchuo_desktop.views.classes_tab import ClassesTab
from kongchuo_desktop.views.page_layout import titled_page
from kongchuo_desktop.views.roster_count import ROSTER_COUNT_TIP, roster_count_text
from kongchuo_desktop.views.roster_table import roster_table
from kongchuo_desktop.views.save_dialog import XLSX_FILTER, ask_export_target, run_export
from kongchuo_desktop.views.task_runner import run_task
from kongchuo_desktop.views.teachers_tab import TeachersTab


class StudentsTab(QWidget):
    def __init__(self, folder, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.search = QLineEdit(objectName="roster_search")
        self.search.setPlaceholderText("搜索姓名、拼音或证件号")
        self.search.setToolTip("姓名、拼音首字母（zs）、全拼、学籍号或身份证号的一部分")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.year = QComboBox(objectName="roster_year")
        self.year.setToolTip("选择往年可查看当年各班的学生")
        self.year.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.grade = QComboBox(objectName="roster_grade")
        self.klass = QComboBox(objectName="roster_class")
        self.status = QComboBox(objectName="roster_status")
        self.flag = QComboBox(objectName="roster_flag")
        self.grade.addItem("全部年级", None)
        for g, name in GRADE_NAMES.items():
            self.grade.addItem(name, g)
        self.status.addItem("全部状态", None)
        self.status.addItem("应到（在册）", stm.ON_ROLL_FILTER)
        for s in StudentStatus:
            self.status.addItem(s.value, s.value)
        self.flag.addItem("全部学生", None)
        for f in RISK_FLAGS:
            self.flag.addItem(f, f)
        self.klass.setMinimumContentsLength(8)
        self.flag.setMinimumContentsLength(10)
        filters.addWidget(self.search, 3)
        for w in (self.year, self.grade, self.klass, self.status, self.flag):
            filters.addWidget(w)
        layout.addLayout(filters)

        actions = QHBoxLayout()
        self.count = QLabel(objectName="roster_count")
        self.import_button = QPushButton(icon("import"), "导入花名册…", objectName="roster_import")
        self.export_button = QPushButton(
            icon("export"), "导出当前列表…", objectName="roster_export"
        )
        self.status_button = QPushButton("学籍变动…", objectName="roster_change_status")
        self.open_button = QPushButton("查看学生档案", objectName="roster_open_student")
        self.move_button = QPushButton("调班…", objectName="roster_move_class")
        self.print_button = QPushButton("打印…", objectName="roster_print")
        self.print_button.setToolTip("打印花名册：一个班，或全部班级（每班另起一页）")
        self.rollover_button = QPushButton("学年升级…", objectName="roster_rollover")
        self.add_button = QPushButton(icon("add"), "新增学生…", objectName="roster_add_student")
        actions.addStretch(1)
        for b in (
            self.add_button,
            self.open_button,
            self.status_button,
            self.move_button,
            self.import_button,
            self.export_button,
            self.print_button,
            self.rollover_button,
        ):
            actions.addWidget(b)
        layout.addLayout(actions)
        for b in (self.add_button, self.status_button, self.move_button, self.import_button):
            role_marks.needs(b, Action.EDIT_ROSTER)
        role_marks.needs(self.rollover_button, Action.EDIT_ROSTER)
        role_marks.needs(self.export_button, Action.EXPORT)

        self.model = stm.StudentTableModel()
        self.proxy = stm.StudentFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.view = roster_table("roster_students")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(stm.COL_CLASS, Qt.SortOrder.AscendingOrder)
        widths = {
            stm.COL_NAME: 90,
            stm.COL_SEX: 50,
            stm.COL_CLASS: 110,
            stm.COL_STUDENT_NUMBER: 190,
            stm.COL_ID_NUMBER: 180,
            stm.COL_BIRTH: 100,
            stm.COL_STATUS: 80,
            stm.COL_FLAGS: 160,
        }
        for col, w in widths.items():
            self.view.setColumnWidth(col, w)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.view, 1)
        # Under the list, not beside the buttons: on a 1024×768 screen it is never cut.
        self.count.setWordWrap(True)
        layout.addWidget(self.count)

        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.grade.currentIndexChanged.connect(self._grade_changed)
        self.year.currentIndexChanged.connect(self.refresh)
        for combo in (self.klass, self.status, self.flag):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.view.doubleClicked.connect(self.open_student)
        self.open_button.clicked.connect(lambda: self.open_student(self.view.currentIndex()))
        self.status_button.clicked.connect(self.change_status)
        self.move_button.clicked.connect(self.move_class)
        self.import_button.clicked.connect(self.choose_import_file)
        self.export_button.clicked.connect(self.export_list)
        self.print_button.clicked.connect(self.print_class_list)
        self.rollover_button.clicked.connect(self.rollover)
        self.add_button.clicked.connect(self.add_student)
        self.last_filter_ms = 0.0

    # -- data -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        from kongchuo_desktop.services.roster_queries import class_rows, school_years, student_rows

        years = school_years()
        chosen = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        for i, y in enumerate(years):
            self.year.addItem(f"{y}学年", y)
            self.year.setItemData(
                i, "本学年" if i == 0 else "往年（只读）", Qt.ItemDataRole.ToolTipRole
            )
        self.year.setCurrentIndex(max(self.year.findData(chosen), 0))
        self.year.blockSignals(False)
        year = self.year.currentData()
        self.model.set_rows(student_rows(year))
        self._classes = class_rows(year)
        self._fill_classes()
        self.apply_filters()

    def _fill_classes(self) -> None:
        grade = self.grade.currentData()
        current = self.klass.currentData()
        self.klass.blockSignals(True)
        self.klass.clear()
        self.klass.addItem("全部班级", None)
        for c in self._classes:
            if grade is None or c.grade == grade:
                self.klass.addItem(c.name, c.id)
        i = self.klass.findData(current)
        self.klass.setCurrentIndex(max(i, 0))
        self.klass.blockSignals(False)

    def _grade_changed(self) -> None:
        self._fill_classes()
        self.apply_filters()

    def apply_filters(self) -> None:
        start = time.perf_counter()
        self.proxy.set_filters(
            grade=self.grade.currentData(),
            class_id=self.klass.currentData(),
            status=self.status.currentData(),
            flag=self.flag.currentData(),
            search=self.search.text(),
        )
        self.last_filter_ms = (time.perf_counter() - start) * 1000
        if self.model.rowCount() == 0:  # a new school: say where the students come from
            self.count.setText(
                "还没有学生。点“导入花名册…”导入学籍系统导出的Excel，或点“新增学生…”逐个添加。"
            )
        else:
            self.count.setText(roster_count_text(self.proxy.accepted_rows(), self.model.rows))
            self.count.setToolTip(ROSTER_COUNT_TIP)

    def selected_student_id(self, index: QModelIndex | None = None) -> int | None:
        index = index if index is not None and index.isValid() else self.view.currentIndex()
        if not index.isValid():
            return None
        row = self.proxy.data(index, stm.ROW_ROLE)
        return row.id if row else None

    # -- actions --------------------------------------------------------------------------------
    def open_student(self, index: QModelIndex) -> None:
        from kongchuo_desktop.views.student_detail_dialog import StudentDetailDialog

        sid = self.selected_student_id(index)
        if sid is None:
            messages.info(self, "学生档案", "请先在列表中选中一名学生")
            return
        dialog = StudentDetailDialog(sid, self)
        dialog.changed.connect(self.refresh)
        dialog.exec()

    def add_student(self) -> None:
        from kongchuo_desktop.services.roster_queries import class_rows
        from kongchuo_desktop.views.add_student_dialog import AddStudentDialog

        dialog = AddStudentDialog(class_rows(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def change_status(self) -> None:
        from kongchuo_desktop.views.status_change_dialog import StatusChangeDialog

        sid = self.selected_student_id()
        if sid is None:
            messages.info(self, "学籍变动", "请先在列表中选中一名学生")
            return
        dialog = StatusChangeDialog(sid, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def move_class(self) -> None:
        from kongchuo_desktop.services import class_change
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.roster_queries import RosterError, student_card

        sid = self.selected_student_id()
        if sid is None:
            messages.info(self, "调班", "请先在列表中选中一名学生")
            return
        student = student_card(sid)
        classes = class_change.classes_to_move_to(sid)
        if not classes:
            messages.info(self, "调班", "本学年没有其他班级可以调入")
            return
        now = student.class_name or "（无班级）"
        dialog = ClassMoveDialog(student.name, now, [(c.id, c.name) for c in classes], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            class_change.move_to_class(actor_name(), sid, dialog.class_id(), dialog.day())
        except RosterError as exc:
            messages.fail(self, "不能调班", exc)
            return
        self.refresh()

    def choose_import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择学籍系统导出的花名册", "", "Excel 文件 (*.xlsx *.xls)"
        )
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path) -> None:
        from kongchuo_desktop.services.roster_import import make_import_plan, read_sheet
        from kongchuo_desktop.views.import_dialog import ImportDialog

        def work(progress):
            sheet = read_sheet(path)
            return sheet, make_import_plan(sheet)

        def done(result) -> None:
            sheet, plan = result
            self.import_dialog = ImportDialog(self.folder, sheet, plan, self)
            self.import_dialog.imported.connect(lambda _r: self.refresh())
            self.import_dialog.open()

        def failed(exc) -> None:
            messages.fail(self, "无法导入", exc)

        run_task(self, "正在读取和检查文件…", work, done, failed)

    def export_list(self) -> None:
        from kongchuo_desktop.services.roster_export import export_roster, students_for_export

        ids = [r.id for r in self.proxy.accepted_rows()]
        if not ids:
            messages.info(self, "导出", "当前列表是空的")
            return
        target = ask_export_target(self, "导出花名册", "学生花名册.xlsx", XLSX_FILTER, ".xlsx")
        if target is None:
            return

        def write(path, progress):
            students = students_for_export(student_ids=ids)
            return export_roster(
                path, students, title="学生花名册", progress=progress, overwrite=True
            )

        run_export(self, target, "学生花名册", len(ids), write, said=f"已导出 {len(ids)} 名学生")

    def print_class_list(self) -> None:
        # Imported here: start-up time (printing reads the event record).
        from kongchuo_desktop.views.print_actions import print_class_lists

        classes = [(c.id, c.name) for c in getattr(self, "_classes", [])]
        print_class_lists(self, classes, self.klass.currentData(), self.year.currentData())

    def rollover(self) -> None:
        from kongchuo_desktop.services.school_year_rollover import RolloverError
        from kongchuo_desktop.views.rollover_dialog import RolloverDialog

        try:
            dialog = RolloverDialog(self.folder, self)
        except RolloverError as exc:
            messages.fail(self, "学年升级", exc)
            return
        dialog.done_rollover.connect(lambda _r: self.refresh())
        dialog.exec()


class RosterPage(QWidget):
    def __init__(self, folder, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        layout = titled_page(self, "花名册")
        self.tabs = QTabWidget(objectName="roster_tabs")
        self.students = StudentsTab(folder)
        self.classes = ClassesTab()
        self.teachers = TeachersTab()
        self.tabs.addTab(self.students, "学生")
        self.tabs.addTab(self.classes, "班级")
        self.tabs.addTab(self.teachers, "教师")
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self._loaded = False

    def refresh(self) -> None:
        tab = self.tabs.currentWidget()
        if tab is self.students:
            self.students.refresh()
        else:
            tab.refresh()
