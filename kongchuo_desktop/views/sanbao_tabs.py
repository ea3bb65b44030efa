"""The 三包责任 page's working tabs: 包保安排 (the children with their 包保 teachers — confirm a class,
reassign many at once, helpers, letters signed, the 责任书 printed, the 包保责任表 exported) and
村组与干部 (the villages and groups with their cadres, a village picked for a child)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.masking import mask_id, mask_phone
from kongchuo_desktop.domain.sanbao import Role
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, sanbao, sanbao_rows, villages
from kongchuo_desktop.views import messages, printing
from kongchuo_desktop.views.letter_print import letter_table
from kongchuo_desktop.views.page_layout import table_view
from kongchuo_desktop.views.row_table_model import RowTableModel
from kongchuo_desktop.views.save_dialog import export_shown_table

ALL_CLASSES = "全部班级"


def pick(parent, title: str, label: str, items: list[str]) -> str | None:
    if not items:
        messages.info(parent, title, "没有可选的项目")
        return None
    choice, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return choice if ok and choice else None


def pick_teacher(parent, title: str, label: str) -> int | None:
    teachers = sanbao_rows.teacher_choices()
    labels = [f"{t.name}（{t.id}）" for t in teachers]
    choice = pick(parent, title, label, labels)
    return teachers[labels.index(choice)].id if choice else None


class _Tab(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.today = dt.date.today()

    def _run(self, work) -> bool:
        try:
            work()
        except UserError as exc:
            messages.fail(self, "不能保存", exc)
            return False
        self.changed.emit()
        return True


class AssignmentTab(_Tab):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("班级："))
        self.class_box = QComboBox(objectName="sanbao_class")
        self.class_box.setMinimumWidth(140)
        top.addWidget(self.class_box)
        top.addStretch(1)
        self.confirm_button = QPushButton("确认本班包保", objectName="sanbao_confirm_class")
        self.helper_button = QPushButton("指定帮扶教师…", objectName="sanbao_helper")
        self.sign_button = QPushButton("登记责任书…", objectName="sanbao_sign")
        self.print_button = QPushButton("打印责任书…", objectName="sanbao_print")
        self.export_button = QPushButton("导出包保责任表…", objectName="sanbao_export")
        for b in (
            self.confirm_button,
            self.helper_button,
            self.sign_button,
            self.print_button,
            self.export_button,
        ):
            top.addWidget(b)
        layout.addLayout(top)
        self.model = RowTableModel(
            [
                ("班级", lambda r: r.class_name),
                ("学生", lambda r: r.name),
                ("身份证号", lambda r: mask_id(r.id_number)),
                ("包保教师", lambda r: r.guarantor),
                ("状态", lambda r: r.state),
                ("一帮一", lambda r: r.helpers),
                ("责任书", lambda r: f"{r.signed_on:%Y-%m-%d}" if r.signed_on else "未签"),
            ],
            self,
        )
        self.view = table_view("sanbao_students", self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        hint = QLabel("按住 Ctrl 或 Shift 选中多名学生，选一位教师，点“改派”：")
        hint.setProperty("hint", True)
        bottom.addWidget(hint)
        bottom.addStretch(1)
        self.teacher_box = QComboBox(objectName="sanbao_teacher")
        self.teacher_box.setMinimumWidth(140)
        self.reassign_button = QPushButton("改派选中学生", objectName="sanbao_reassign")
        bottom.addWidget(self.teacher_box)
        bottom.addWidget(self.reassign_button)
        layout.addLayout(bottom)
        self.class_box.currentIndexChanged.connect(lambda _i: self._load_rows())
        self.confirm_button.clicked.connect(self.confirm_class)
        self.reassign_button.clicked.connect(self.reassign_selected)
        self.helper_button.clicked.connect(lambda: self.choose_helper())
        self.sign_button.clicked.connect(lambda: self.sign_letter())
        self.print_button.clicked.connect(self.print_letter)
        self.export_button.clicked.connect(self.export)

    @property
    def actor(self) -> str:
        return access.actor_name()

    def refresh(self, day: dt.date) -> None:
        self.today = day
        chosen = self.class_box.currentData()
        self.class_box.blockSignals(True)
        self.class_box.clear()
        self.class_box.addItem(ALL_CLASSES, None)
        for c in sanbao_rows.class_choices(day):
            self.class_box.addItem(c.name, c.id)
        at = self.class_box.findData(chosen) if chosen is not None else 0
        self.class_box.setCurrentIndex(max(0, at))
        self.class_box.blockSignals(False)
        teacher = self.teacher_box.currentData()
        self.teacher_box.clear()
        for t in sanbao_rows.teacher_choices():
            self.teacher_box.addItem(t.name, t.id)
        if teacher is not None and self.teacher_box.findData(teacher) >= 0:
            self.teacher_box.setCurrentIndex(self.teacher_box.findData(teacher))
        self._load_rows()

    def _load_rows(self) -> None:
        self.model.set_rows(sanbao_rows.student_rows(self.today, self.class_box.currentData()))

    def selected_rows(self) -> list[sanbao_rows.StudentRow]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.row(r) for r in rows]

    def select_students(self, student_ids) -> None:
        wanted = set(student_ids)
        selection = QItemSelection()
        for n, r in enumerate(self.model.rows):
            if r.student_id in wanted:
                selection.select(self.model.index(n, 0), self.model.index(n, 0))
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().select(selection, flags)

    def show_teachers_students(self, class_id: int | None, teacher_id: int | None) -> None:
        """The class (or the whole school) with the teacher's children selected, to reassign."""
        self.class_box.setCurrentIndex(max(0, self.class_box.findData(class_id)))
        self.select_students(r.student_id for r in self.model.rows if r.guarantor_id == teacher_id)

    def reassign_selected(self) -> None:
        rows = self.selected_rows()
        if not rows:
            messages.info(self, "改派包保教师", "请先在表格中选中要改派的学生")
            return
        teacher_id = self.teacher_box.currentData()
        if teacher_id is None:
            messages.info(self, "改派包保教师", "请先选择一位教师")
            return
        name = self.teacher_box.currentText()
        if not messages.confirm(
            self, "改派包保教师", f"从今天起由{name}包保选中的{len(rows)}名学生？"
        ):
            return
        ids = [r.student_id for r in rows]
        self._run(lambda: sanbao.assign_students(self.actor, ids, teacher_id, self.today))

    def confirm_class(self) -> None:
        class_id = self.class_box.currentData()
        if class_id is None:
            messages.info(self, "确认本班包保", "请先在上方选择一个班级")
            return
        name = self.class_box.currentText()
        if messages.confirm(
            self, "确认本班包保", f"确认{name}每名在校学生的包保教师（没有的由班主任包保）？"
        ):
            self._run(lambda: sanbao.confirm_class(self.actor, class_id, self.today))

    def choose_helper(self, student_id: int | None = None, name: str = "") -> None:
        if student_id is None:
            rows = self.selected_rows()
            if len(rows) != 1:
                messages.info(self, "一帮一", "请先在表格中选中一名学生")
                return
            student_id, name, class_id = rows[0].student_id, rows[0].name, rows[0].class_id
        else:
            class_id = next(
                (r.class_id for r in self.model.rows if r.student_id == student_id), None
            )
        teacher_id = pick_teacher(self, "一帮一", f"{name}的帮扶教师：")
        if teacher_id is None:
            return
        mates = (
            [
                r
                for r in sanbao_rows.student_rows(self.today, class_id)
                if r.student_id != student_id
            ]
            if class_id is not None
            else []
        )
        labels = ["（不指定学生）"] + [r.name for r in mates]
        mate = pick(self, "一帮一", "同时由一名同学帮扶（可不指定）：", labels)
        mate_id = mates[labels.index(mate) - 1].student_id if mate and mate in labels[1:] else None
        self._run(
            lambda: sanbao.set_helper(self.actor, student_id, teacher_id, self.today, mate_id)
        )

    def sign_letter(self, teacher_id: int | None = None, name: str = "") -> None:
        if teacher_id is None:
            teacher_id = pick_teacher(self, "登记责任书", "签订责任书的教师：")
            if teacher_id is None:
                return
        text, ok = QInputDialog.getText(
            self,
            "登记责任书",
            f"{name or '该教师'}签订责任书的日期（年-月-日）：",
            text=f"{self.today}",
        )
        if not ok:
            return
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            messages.warn(self, "登记责任书", f"“{text}”不是日期，请写作 2026-09-08 这样")
            return
        scan, _ = QFileDialog.getOpenFileName(
            self, "责任书扫描件（可不选）", "", "扫描件 (*.jpg *.jpeg *.png *.pdf)"
        )
        path = Path(scan) if scan else None
        self._run(lambda: sanbao.sign_letter(self.actor, teacher_id, day, path))

    def print_letter(self) -> None:
        rows = self.selected_rows()
        teacher_id = rows[0].guarantor_id if len(rows) == 1 else None
        if teacher_id is None:
            teacher_id = pick_teacher(self, "打印责任书", "打印哪位教师的责任书：")
        if teacher_id is None:
            return
        try:
            data = sanbao_rows.letter_data(teacher_id, self.today)
        except UserError as exc:
            messages.fail(self, "打印责任书", exc)
            return
        printing.preview(self, letter_table(data), f"责任书 {data.teacher}")

    def export(self) -> None:
        table = sanbao_rows.plan_table(self.today)
        export_shown_table(self, table, "导出包保责任表", "包保责任表")


class VillageTab(_Tab):
    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.model = RowTableModel(
            [
                ("村", lambda r: r.name),
                ("组", lambda r: r.group_name or "（全村）"),
                ("乡镇干部（包村）", lambda r: r.township_cadre),
                ("村干部（包组）", lambda r: r.village_cadre),
                ("电话", lambda r: mask_phone(r.phone)),
            ],
            self,
        )
        self.view = table_view("sanbao_villages", self.model)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        hint = QLabel(
            "学生的现住址或户口地址写有村名（和组名）时自动对应；对应不上的在“缺口”里手选。"
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        row.addWidget(hint, 1)
        self.add_button = QPushButton("添加村组…", objectName="sanbao_add_village")
        self.township_button = QPushButton("指定乡镇干部…", objectName="sanbao_township_cadre")
        self.village_button = QPushButton("指定村干部…", objectName="sanbao_village_cadre")
        for b in (self.add_button, self.township_button, self.village_button):
            row.addWidget(b)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add_village)
        self.township_button.clicked.connect(lambda: self.set_cadre(Role.TOWNSHIP_CADRE))
        self.village_button.clicked.connect(lambda: self.set_cadre(Role.VILLAGE_CADRE))

    def refresh(self, day: dt.date) -> None:
        self.today = day
        self.model.set_rows(villages.villages(day))

    def add_village(self) -> None:
        text, ok = QInputDialog.getText(
            self, "添加村组", "村名和组名（如：石门村 三组；只写村名为全村）："
        )
        if not ok or not text.strip():
            return
        name, _, group = text.strip().partition(" ")
        self._run(lambda: villages.add_village(access.actor_name(), name, group))

    def set_cadre(self, role: Role) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            messages.info(self, role.value, "请先在表格中选中一个村组")
            return
        row = self.model.row(index.row())
        text, ok = QInputDialog.getText(
            self, role.value, f"{row.label}的{role.value}姓名和电话（用空格分开，电话可不写）："
        )
        if not ok or not text.strip():
            return
        person, _, phone = text.strip().partition(" ")
        self._run(
            lambda: villages.set_cadre(access.actor_name(), row.id, role, person, self.today, phone)
        )

    def pick_for(self, student_id: int, name: str) -> None:
        rows = villages.villages(self.today)
        choice = pick(self, "选择村组", f"{name}属于哪个村组：", [r.label for r in rows])
        if choice is not None:
            vid = rows[[r.label for r in rows].index(choice)].id
            self._run(lambda: villages.pick_village(access.actor_name(), student_id, vid))
