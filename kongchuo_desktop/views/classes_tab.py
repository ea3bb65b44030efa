"""花名册 → 班级: the classes of a year with their 班主任; this year's are corrected here
(set the head, rename, merge into another class, remove one made by mistake)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.grades import GRADE_NAMES
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.icons import icon
from kongchuo_desktop.services.teachers import HEAD_LEFT, UNKNOWN_DAY
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.class_move_dialog import ClassMergeDialog
from kongchuo_desktop.views.roster_table import roster_table
from kongchuo_desktop.views.simple_table_model import SimpleTableModel


class ClassesTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.year = QComboBox(objectName="classes_year")
        self.set_head = QPushButton("设置班主任…", objectName="classes_set_head")
        self.rename = QPushButton("改名…", objectName="classes_rename")
        self.merge = QPushButton("合并到…", objectName="classes_merge")
        self.remove = QPushButton("删除班级", objectName="classes_remove")
        self.remove.setToolTip("只能删除从没有过学生、也没有点名记录的班级（如导入时误建的班）")
        self.add = QPushButton(icon("add"), "新增班级…", objectName="classes_add")
        row.addWidget(QLabel("学年："))
        row.addWidget(self.year)
        row.addStretch(1)
        for b in (self.set_head, self.rename, self.merge, self.remove, self.add):
            row.addWidget(b)
        layout.addLayout(row)
        self.model = SimpleTableModel(["年级", "班级", "班主任", "学生人数", "状态"])
        self.view = roster_table("classes_table")
        self.view.setModel(self.model)
        for col, w in enumerate((90, 120, 120, 90)):
            self.view.setColumnWidth(col, w)
        layout.addWidget(self.view, 1)
        self.year.currentIndexChanged.connect(self._show)
        self.set_head.clicked.connect(self.choose_head)
        self.rename.clicked.connect(self.rename_class)
        self.merge.clicked.connect(self.merge_class)
        self.remove.clicked.connect(self.remove_class)
        self.add.clicked.connect(self.add_class)
        self.rows = []

    def refresh(self) -> None:
        from kongchuo_desktop.services.roster_queries import school_years

        current = self.year.currentText()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItems(school_years())
        i = self.year.findText(current)
        self.year.setCurrentIndex(max(i, 0))
        self.year.blockSignals(False)
        self._show()

    def _show(self) -> None:
        from kongchuo_desktop.services.roster_queries import class_rows

        year = self.year.currentText() or None
        self.rows = class_rows(year) if year else []
        self.model.set_rows(
            [
                [
                    GRADE_NAMES[c.grade],
                    c.name,
                    _head_text(c),
                    c.students,
                    _class_state(c),
                ]
                for c in self.rows
            ]
        )
        editable = any(not c.archived for c in self.rows)
        for b in (self.set_head, self.rename, self.merge, self.remove, self.add):
            b.setEnabled(editable)

    def _selected(self, title: str):
        """The class row selected (one in use), or None after saying why."""
        index = self.view.currentIndex()
        if not index.isValid():
            messages.info(self, title, "请先选中一个班级")
            return None
        cls = self.rows[index.row()]
        if cls.archived:
            state = "已并入其他班级" if cls.merged else "是往年的班级"
            messages.info(self, title, f"{cls.name}{state}，不能修改")
            return None
        return cls

    def rename_class(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.classes import rename_class

        cls = self._selected("班级改名")
        if cls is None:
            return
        text, ok = QInputDialog.getText(
            self, "班级改名", f"{cls.name}改为（如 七年级3班）：", text=cls.name
        )
        if not ok:
            return
        try:
            rename_class(actor_name(), cls.id, text)
        except UserError as exc:
            messages.fail(self, "班级改名", exc)
            return
        self._show()

    def merge_class(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.classes import merge_choices, merge_classes

        cls = self._selected("合并班级")
        if cls is None:
            return
        choices = merge_choices(cls.id)
        if not choices:
            messages.info(self, "合并班级", "本学年没有其他班级可以并入")
            return
        dialog = ClassMergeDialog(cls.name, cls.students, choices, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            moved = merge_classes(actor_name(), cls.id, dialog.class_id(), dialog.day())
        except UserError as exc:
            messages.fail(self, "不能合并", exc)
            return
        messages.info(
            self, "合并班级", f"已把{cls.name}的 {moved} 名学生调到{dialog.target.currentText()}"
        )
        self._show()

    def remove_class(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.classes import remove_class, why_not_removable

        cls = self._selected("删除班级")
        if cls is None:
            return
        why = why_not_removable(cls.id)
        if why:
            messages.warn(self, "不能删除班级", why)
            return
        if not messages.confirm(
            self, "删除班级", f"删除{cls.name}？这个班从没有过学生和点名记录。", yes="删除"
        ):
            return
        try:
            remove_class(actor_name(), cls.id)
        except UserError as exc:
            messages.fail(self, "不能删除班级", exc)
            return
        self._show()

    def choose_head(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.roster_queries import set_head_teacher, teacher_rows

        cls = self._selected("设置班主任")
        if cls is None:
            return
        teachers = [t for t in teacher_rows() if t.active]
        names = ["（不设置）"] + [f"{t.name}（{t.subject or t.roles}）" for t in teachers]
        current = next((i + 1 for i, t in enumerate(teachers) if t.id == cls.head_teacher_id), 0)
        choice, ok = QInputDialog.getItem(
            self, "设置班主任", f"{cls.name}的班主任：", names, current, False
        )
        if not ok:
            return
        i = names.index(choice)
        try:
            set_head_teacher(actor_name(), cls.id, teachers[i - 1].id if i else None)
        except UserError as exc:
            messages.fail(self, "设置班主任", exc)
            return
        self._show()

    def add_class(self) -> None:
        from kongchuo_desktop.services.access import actor_name
        from kongchuo_desktop.services.roster_queries import RosterError, add_class, school_grades

        grades = school_grades()
        names = [GRADE_NAMES[g] for g in grades]  # only the grades this school has
        choice, ok = QInputDialog.getItem(self, "新增班级", "年级：", names, 0, False)
        if not ok:
            return
        try:
            cls = add_class(actor_name(), grades[names.index(choice)])
        except RosterError as exc:
            messages.fail(self, "新增班级", exc)
            return
        messages.info(self, "新增班级", f"已新增{cls.name}")
        self._show()


def _head_text(c) -> str:
    if c.head_left and not c.head_teacher:
        day = f"{c.head_left_on:%m月%d日}起" if c.head_left_on else UNKNOWN_DAY
        return f"{HEAD_LEFT}（{c.head_left}，{day}）"
    if c.head_left:
        return f"{c.head_teacher}（已离校）"
    return c.head_teacher or "（未设置）"


def _class_state(c) -> str:
    if c.merged:
        return "已并入其他班级"
    return "往年（只读）" if c.archived else "本学年"
