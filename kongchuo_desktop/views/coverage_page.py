"""三包责任: the coverage check as problems to fix, each with the button that fixes it; the children
with their 包保 teachers (confirm a class in one click, reassign many at once, helpers, letters,
the 责任书 printed and the 包保责任表 exported); the villages with their cadres.

The page asks the services for frozen rows (services.coverage, services.sanbao_rows) and sends
each change through services.sanbao / services.villages; nothing here reads the database.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.grades import grade_name
from kongchuo_desktop.domain.sanbao import GapKind
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services import access, coverage, sanbao
from kongchuo_desktop.services.sanbao_rows import class_choices
from kongchuo_desktop.views import messages
from kongchuo_desktop.views.page_layout import table_view, titled_page
from kongchuo_desktop.views.row_table_model import RowTableModel
from kongchuo_desktop.views.sanbao_tabs import AssignmentTab, VillageTab, pick, pick_teacher


class CoveragePage(QWidget):
    changed = Signal()  # an assignment changed (首页 shows the gap count)
    clock = staticmethod(dt.date.today)  # tests set a fixed day

    def __init__(self, folder, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = folder
        self.today = self.clock()
        layout = titled_page(self, "三包责任")
        self.summary = QLabel(objectName="coverage_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget(objectName="coverage_tabs")
        gaps = QWidget()
        box = QVBoxLayout(gaps)
        self.gap_model = RowTableModel(
            [
                ("问题", lambda g: g.kind.value),
                ("班级", lambda g: g.class_name),
                ("学生", lambda g: g.student_name),
                ("教师", lambda g: g.teacher_name),
                ("说明", lambda g: g.message),
                ("处理办法", lambda g: g.action),
            ],
            self,
        )
        self.gap_view = table_view("coverage_gaps", self.gap_model)
        header = self.gap_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.gap_view, 1)
        row = QHBoxLayout()
        hint = QLabel("双击一行或选中后点“处理”。校长、校领导也可以随时更换：")
        hint.setProperty("hint", True)
        row.addWidget(hint)
        row.addStretch(1)
        self.principal_button = QPushButton("指定校长…", objectName="coverage_principal")
        self.leader_button = QPushButton("指定校领导…", objectName="coverage_grade_leader")
        self.fix_button = QPushButton("处理选中的问题", objectName="coverage_fix")
        for b in (self.principal_button, self.leader_button, self.fix_button):
            row.addWidget(b)
        box.addLayout(row)
        self.assignments = AssignmentTab(self)
        self.village_tab = VillageTab(self)
        self.tabs.addTab(gaps, "缺口")
        self.tabs.addTab(self.assignments, "包保安排")
        self.tabs.addTab(self.village_tab, "村组与干部")
        layout.addWidget(self.tabs, 1)
        self.gap_view.doubleClicked.connect(lambda _i: self.fix_selected())
        self.fix_button.clicked.connect(self.fix_selected)
        self.principal_button.clicked.connect(self.choose_principal)
        self.leader_button.clicked.connect(self.choose_grade_leader)
        self.assignments.changed.connect(self.refresh)
        self.village_tab.changed.connect(self.refresh)

    @property
    def actor(self) -> str:
        return access.actor_name()

    def refresh(self) -> None:
        self.today = self.clock()
        gaps = coverage.coverage(self.today)
        self.gap_model.set_rows(gaps)
        if gaps:
            kinds: dict[str, int] = {}
            for g in gaps:
                kinds[g.kind.value] = kinds.get(g.kind.value, 0) + 1
            detail = "，".join(f"{k}{n}处" for k, n in kinds.items())
            messages.inline(self.summary, f"三包责任有{len(gaps)}处缺口：{detail}。", "warn")
        else:
            messages.inline(
                self.summary, "三包责任全部落实：每名在校学生都有确认的包保教师。", "ok"
            )
        self.tabs.setTabText(0, f"缺口（{len(gaps)}）")
        self.assignments.refresh(self.today)
        self.village_tab.refresh(self.today)

    def _done(self, work) -> None:
        """Run a change; a refusal is shown, and the page shows the result either way."""
        try:
            work()
        except UserError as exc:
            messages.fail(self, "不能保存", exc)
        self.refresh()
        self.changed.emit()

    # --- fixing a gap ----------------------------------------------------------------------------

    def selected_gap(self):
        index = self.gap_view.currentIndex()
        return self.gap_model.row(index.row()) if index.isValid() else None

    def fix_selected(self) -> None:
        gap = self.selected_gap()
        if gap is None:
            messages.info(self, "三包责任", "请先在表格中选中一个问题")
            return
        kind = gap.kind
        if kind is GapKind.NO_PRINCIPAL:
            self.choose_principal()
        elif kind is GapKind.NO_GRADE_LEADER:
            self.choose_grade_leader(gap.grade)
        elif kind is GapKind.NO_CLASS_HEAD:
            messages.info(
                self, "班级无班主任", f"请在“花名册 → 班级”为{gap.class_name}设置班主任。"
            )
        elif kind in (GapKind.UNCONFIRMED, GapKind.CARRIED_OVER):
            self.confirm_class(gap.class_id, gap.class_name)
        elif kind in (GapKind.TEACHER_LEFT, GapKind.OVERLOADED):
            self.tabs.setCurrentWidget(self.assignments)
            self.assignments.show_teachers_students(gap.class_id, gap.teacher_id)
        elif kind is GapKind.NO_HELPER:
            self.assignments.choose_helper(gap.student_id, gap.student_name)
        elif kind is GapKind.LETTER_UNSIGNED:
            self.assignments.sign_letter(gap.teacher_id, gap.teacher_name)
        elif kind is GapKind.NO_VILLAGE:
            self.village_tab.pick_for(gap.student_id, gap.student_name)

    def confirm_class(self, class_id: int, class_name: str) -> None:
        if not messages.confirm(
            self,
            "确认本班包保",
            f"确认{class_name}每名在校学生的包保教师（没有的由班主任包保），从今天起生效？",
        ):
            return
        self._done(lambda: sanbao.confirm_class(self.actor, class_id, self.today))

    def choose_principal(self) -> None:
        tid = pick_teacher(self, "指定校长", "包全校的校长：")
        if tid is not None:
            self._done(lambda: sanbao.set_principal(self.actor, tid, self.today))

    def choose_grade_leader(self, grade: int | None = None) -> None:
        if grade is None:
            names = sorted({c.name[: c.name.index("年级") + 2] for c in class_choices(self.today)})
            choice = pick(self, "指定校领导", "年级：", names)
            if choice is None:
                return
            grade = _grade_of(choice)
        tid = pick_teacher(self, "指定校领导", "包这个年级的校领导：")
        if tid is not None:
            self._done(lambda: sanbao.set_grade_leader(self.actor, grade, tid, self.today))


def _grade_of(name: str) -> int:
    return next(g for g in range(1, 10) if grade_name(g) == name)
