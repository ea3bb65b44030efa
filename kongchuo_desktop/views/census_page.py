"""人籍比对: the villages' 适龄儿童摸底 lists (户籍线) against our register (学校线) — counts per
result and per village, the children with filters, each child's result, proof and note editable
(a double click), our students on no village list, and the 开学未返校 count (census_tabs).

The lists hold other families' children's ID numbers: the page says they are for the office.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.census_match import CensusResult, Comparison
from kongchuo_desktop.domain.permissions import Action
from kongchuo_desktop.services import census_check, census_export, census_import
from kongchuo_desktop.services.access import actor_name
from kongchuo_desktop.services.calendar_service import current_school_year
from kongchuo_desktop.views import messages, role_marks
from kongchuo_desktop.views.census_child_dialog import CensusChildDialog
from kongchuo_desktop.views.census_models import (
    CensusModel,
    CensusProxy,
    UnlistedModel,
    VillageCountModel,
)
from kongchuo_desktop.views.census_tabs import NotReturnedTab
from kongchuo_desktop.views.page_layout import table_view, titled_page
from kongchuo_desktop.views.save_dialog import export_shown_table
from kongchuo_desktop.views.task_runner import run_task

TITLE = "人籍比对"
PRIVACY = (
    "名单中是本村全部适龄儿童（多数不是本校学生）的身份证号等信息，仅供教务处核对使用，"
    "请勿外传；导出的名单只报送乡镇和教育局。"
)
MAX_PROBLEMS_SHOWN = 15


class CensusPage(QWidget):
    def __init__(self, folder=None, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.folder = folder
        self.today = today
        self.comparison = Comparison([], [])
        self.school_year = ""
        layout = titled_page(self, TITLE)
        bar = QHBoxLayout()
        self.year = QComboBox(objectName="census_year")
        bar.addWidget(QLabel("学年"))
        bar.addWidget(self.year)
        bar.addStretch(1)
        self.import_button = QPushButton("导入村摸底名单…", objectName="census_import")
        self.import_button.setToolTip(
            "可一次选择多个村的文件；同一村重新导入会替换原名单，保留备注"
        )
        self.export_button = QPushButton("导出Excel", objectName="census_export")
        menu = QMenu(self.export_button)
        for name in census_export.CENSUS_LISTS:
            menu.addAction(name, lambda name=name: self.export_list(name))
        self.export_button.setMenu(menu)
        bar.addWidget(self.import_button)
        bar.addWidget(self.export_button)
        role_marks.needs(self.import_button, Action.EDIT_ROSTER)
        role_marks.needs(self.export_button, Action.EXPORT)
        layout.addLayout(bar)
        privacy = QLabel(PRIVACY, objectName="census_privacy")
        privacy.setProperty("hint", True)
        privacy.setWordWrap(True)
        layout.addWidget(privacy)
        self.summary = QLabel(objectName="census_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget(objectName="census_tabs")
        self.tabs.addTab(self._children_tab(), "比对结果")
        self.village_model = VillageCountModel(self)
        villages = table_view("census_villages", self.village_model)
        villages.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tabs.addTab(villages, "各村统计")
        self.unlisted_model = UnlistedModel(self)
        unlisted = QWidget()
        box = QVBoxLayout(unlisted)
        self.unlisted_hint = QLabel(objectName="census_unlisted_hint")
        self.unlisted_hint.setWordWrap(True)
        box.addWidget(self.unlisted_hint)
        box.addWidget(table_view("census_unlisted", self.unlisted_model), 1)
        self.tabs.addTab(unlisted, "不在村名单的本校学生")
        self.not_returned = NotReturnedTab(today=today)
        self.tabs.addTab(self.not_returned, "开学未返校")
        layout.addWidget(self.tabs, 1)
        self.year.currentIndexChanged.connect(self._year_changed)
        self.import_button.clicked.connect(self.pick_files)

    def _children_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        filters = QHBoxLayout()
        self.village = QComboBox(objectName="census_village")
        self.result = QComboBox(objectName="census_result")
        self.result.addItem("全部结果", None)
        for r in CensusResult:
            self.result.addItem(r.value, r)
        self.follow_up = QCheckBox("只看需跟进（未入学、待补证明）", objectName="census_follow_up")
        self.search = QLineEdit(objectName="census_search")
        self.search.setPlaceholderText("姓名或身份证号")
        self.search.setClearButtonEnabled(True)
        for label, w in (("村", self.village), ("结果", self.result)):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
        filters.addWidget(self.follow_up)
        filters.addWidget(self.search, 1)
        box.addLayout(filters)
        self.model = CensusModel(self)
        self.proxy = CensusProxy(self.model, self)
        self.view = table_view("census_table", self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        box.addWidget(self.view, 1)
        hint = QLabel("双击一名儿童：修改结果、登记就读证明（可添加照片）、填写备注。")
        hint.setProperty("hint", True)
        box.addWidget(hint)
        self.village.currentIndexChanged.connect(self._filter)
        self.result.currentIndexChanged.connect(self._filter)
        self.follow_up.toggled.connect(self._filter)
        self.search.textChanged.connect(self._filter)
        self.view.doubleClicked.connect(self._open_child)
        return tab

    @property
    def actor(self) -> str:
        window = self.window()
        return (getattr(window, "actor", None) if window is not self else None) or actor_name()

    # ---- data ------------------------------------------------------------------------------

    def refresh(self) -> None:
        years = census_check.years()
        this = current_school_year(self.today)
        if this and this not in years:
            years = [this, *years]
        chosen = self.year.currentText() or census_check.default_year() or ""
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItems(years)
        self.year.setCurrentIndex(max(self.year.findText(chosen), 0))
        self.year.blockSignals(False)
        self._load()
        self.not_returned.refresh()

    def _year_changed(self) -> None:
        self._load()

    def _load(self) -> None:
        self.school_year = self.year.currentText()
        self.comparison = (
            census_check.comparison(self.school_year) if self.school_year else Comparison([], [])
        )
        self.model.set_rows(self.comparison.children)
        counts = self.comparison.counts()
        per_village = self.comparison.village_counts()
        rows = [(v, c, sum(c.values())) for v, c in per_village.items()]
        if rows:
            rows.append(("合计（同一儿童只计一次）", counts, len(self.comparison.children)))
        self.village_model.set_rows(rows)
        self.unlisted_model.set_rows(self.comparison.unlisted)
        self.unlisted_hint.setText(
            f"在册学生中有 {len(self.comparison.unlisted)} 人不在任何村的名单上"
            "（多为户籍或居住在外村，属正常情况，列出供核对）。"
        )
        chosen = self.village.currentData()
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem("全部村", None)
        for v in per_village:
            self.village.addItem(v, v)
        self.village.setCurrentIndex(max(self.village.findData(chosen), 0))
        self.village.blockSignals(False)
        self._summarise()
        self._filter()

    def _summarise(self) -> None:
        children = self.comparison.children
        if not children:
            self.summary.setText(f"{self.school_year or ''}学年还没有导入村摸底名单。")
            return
        counts = self.comparison.counts()
        parts = "，".join(f"{r.value} {counts[r]}" for r in CensusResult if counts[r])
        follow = sum(1 for c in children if c.needs_follow_up)
        villages = len(self.comparison.village_counts())
        self.summary.setText(
            f"{villages} 个村共 {len(children)} 名儿童：{parts}。需跟进 {follow} 人。"
        )
        messages.inline(self.summary, self.summary.text(), "warn" if follow else "ok")

    def _filter(self) -> None:
        self.proxy.set_filters(
            village=self.village.currentData(),
            result=self.result.currentData(),
            follow_up_only=self.follow_up.isChecked(),
            text=self.search.text(),
        )

    def shown_children(self):
        p = self.proxy
        return [self.model.row(p.mapToSource(p.index(r, 0)).row()) for r in range(p.rowCount())]

    # ---- a child ---------------------------------------------------------------------------

    def _open_child(self, index) -> None:
        self.open_child(self.model.row(self.proxy.mapToSource(index).row()))

    def open_child(self, child) -> CensusChildDialog:
        dialog = CensusChildDialog(self.actor, self.school_year, child, self)
        dialog.saved.connect(self._load)
        dialog.open()
        return dialog

    # ---- import ----------------------------------------------------------------------------

    def pick_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "选择村摸底名单（可多选）", "", "Excel 文件 (*.xlsx *.xls *.xlsm)"
        )
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> None:
        try:
            plan = census_import.plan_files(paths, self.school_year or None)
        except census_import.CensusImportError as exc:
            messages.fail(self, "导入摸底名单", exc)
            return
        text = self._plan_text(plan)
        if plan.failed:
            messages.warn(self, "导入摸底名单", text + "\n\n有文件无法导入，未写入任何数据。")
            return
        if not messages.confirm(self, "导入摸底名单", text, yes="导入", no="取消"):
            return
        actor = self.actor
        run_task(
            self,
            "正在导入摸底名单…",
            lambda progress: census_import.apply_plan(
                actor, plan, folder=self.folder, progress=progress
            ),
            self._imported,
            lambda exc: messages.fail(self, "导入摸底名单", exc),
        )

    @staticmethod
    def _plan_text(plan) -> str:
        lines = []
        for f in plan.files:
            if f.failure:
                lines.append(f"✗ {f.path.name}：{f.failure}")
                continue
            lines.append(f"{f.path.name}：{'、'.join(f.villages)}，{len(f.records)} 名儿童")
            for p in f.problems[:MAX_PROBLEMS_SHOWN]:
                left_out = "（该行不导入）" if p.is_error else ""
                lines.append(f"　第{p.row}行 [{p.column}] {p.severity}：{p.message}{left_out}")
            if len(f.problems) > MAX_PROBLEMS_SHOWN:
                lines.append(f"　……另有 {len(f.problems) - MAX_PROBLEMS_SHOWN} 条")
        if plan.replaced:
            lines.append(
                f"将替换此前导入的名单：{'、'.join(plan.replaced)}（已填写的结果和备注保留）"
            )
        return "\n".join(lines)

    def _imported(self, done) -> None:
        replaced = f"，替换了{'、'.join(done.replaced)}原来的名单" if done.replaced else ""
        messages.info(
            self,
            "导入完成",
            f"已导入 {'、'.join(done.villages)} 共 {done.children} 名儿童{replaced}。",
        )
        self.refresh()

    # ---- export ----------------------------------------------------------------------------

    def export_list(self, name: str) -> None:
        if not self.comparison.children:
            messages.info(self, "导出", "还没有导入村摸底名单")
            return
        table = census_export.census_table(name, self.comparison, self.school_year)
        export_shown_table(self, table, f"导出{name}", f"{self.school_year} {name}")
