"""合并重复档案: pick the other record of the same child, see side by side what each has and which
values win, and merge it into the record whose page is open (services.student_merge)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kongchuo_desktop.domain.masking import mask_id, mask_ids_in_text
from kongchuo_desktop.errors import UserError
from kongchuo_desktop.services.student_merge import (
    COUNTED,
    MergePreview,
    merge_candidates,
    merge_preview,
    merge_students,
)
from kongchuo_desktop.views import messages

TITLE = "合并重复档案"


def _table(name: str, headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers), objectName=name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _set_rows(table: QTableWidget, rows: list[list[str]], bold: set[int] = frozenset()) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if r in bold:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)


def comparison_rows(p: MergePreview) -> tuple[list[list[str]], set[int]]:
    """What each record has and what the merged one will have; the rows where the two records
    disagree (and one value wins) are returned as the second value, to be shown in bold."""
    k, o = p.keep, p.other
    rows = [
        ["档案", f"{k.name}（档案{k.id}）", f"{o.name}（档案{o.id}）", f"档案{k.id}（另一份删除）"],
        ["班级", k.class_name, o.class_name, p.class_after],
        ["学籍状态", k.status, o.status, p.status_after],
    ]
    rows += [
        [
            what,
            str(k.counts[what]),
            str(o.counts[what]),
            "已上报的不变" if what == "点名" else "两份合计",
        ]
        for what in COUNTED
    ]
    rows.append(["家庭成员", "、".join(k.guardians), "、".join(o.guardians), "同名的只保留一位"])
    rows.append(["重点标记", "、".join(k.flags), "、".join(o.flags), "同类的只保留一条"])
    first_field = len(rows)
    rows += [[label, mine, theirs, result] for label, mine, theirs, result in p.fields]
    bold = {
        r
        for r, (mine, theirs) in ((1, (k.class_name, o.class_name)), (2, (k.status, o.status)))
        if mine != theirs
    }
    bold |= {first_field + i for i, (_, mine, theirs, _) in enumerate(p.fields) if mine and theirs}
    return rows, bold


class MergeDialog(QDialog):
    def __init__(self, student_id: int, actor: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.kept_id = student_id
        self.actor = actor
        self.preview: MergePreview | None = None
        self.setObjectName("merge_dialog")
        self.setWindowTitle(TITLE)
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "同一个孩子有两份档案时，选出另一份，把它的全部记录（点名、请假、学籍变动、上报处理、"
            "编班、附件等）并入本档案，另一份删除。两份信息不同时以本档案为准，本档案空着的取另一份的。",
            wordWrap=True,
        )
        layout.addWidget(intro)
        search = QHBoxLayout()
        self.search = QLineEdit(objectName="merge_search")
        self.search.setPlaceholderText(
            "输入姓名、拼音、身份证件号或学籍号查找另一份档案（空着：同名或同生日）"
        )
        self.search.textChanged.connect(self.find)
        search.addWidget(self.search)
        layout.addLayout(search)
        self.candidates = _table(
            "merge_candidates", ["档案", "姓名", "班级", "学籍状态", "身份证件号", "学籍号"]
        )
        self.candidates.setMaximumHeight(150)
        self.candidates.itemSelectionChanged.connect(self.show_preview)
        layout.addWidget(self.candidates)
        self.compare = _table("merge_compare", ["", "本档案（保留）", "另一份", "合并后"])
        layout.addWidget(self.compare, 1)
        self.notes = QLabel(objectName="merge_notes", wordWrap=True)
        layout.addWidget(self.notes)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.merge_button = QPushButton("合并到本档案…", objectName="merge_do")
        self.merge_button.setEnabled(False)
        self.merge_button.clicked.connect(self.merge)
        close = QPushButton("取消", objectName="merge_cancel")
        close.clicked.connect(self.reject)
        for b in (self.merge_button, close):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.find()

    def find(self) -> None:
        self.found = merge_candidates(self.kept_id, self.search.text())
        _set_rows(
            self.candidates,
            [
                [
                    str(s.id),
                    s.name,
                    s.class_name,
                    s.status,
                    mask_id(s.id_number),
                    mask_ids_in_text(s.student_number),
                ]
                for s in self.found
            ],
        )
        self.show_preview()

    def pick(self, other_id: int) -> None:
        row = next(i for i, s in enumerate(self.found) if s.id == other_id)
        self.candidates.selectRow(row)

    def show_preview(self) -> None:
        rows = self.candidates.selectionModel().selectedRows()
        self.preview = None
        if not rows:
            _set_rows(self.compare, [])
            messages.inline(
                self.notes, "请在上面选出另一份档案" if self.found else "没有找到其他档案"
            )
            self.merge_button.setEnabled(False)
            return
        other = self.found[rows[0].row()]
        self.preview = p = merge_preview(self.kept_id, other.id)
        table_rows, bold = comparison_rows(p)
        _set_rows(self.compare, table_rows, bold)
        lines = [f"✗ {r}" for r in p.refusals] + [f"• {n}" for n in p.notes]
        messages.inline(self.notes, "\n".join(lines), "error" if p.refusals else "")
        self.merge_button.setEnabled(not p.refusals)

    def merge(self) -> None:
        p = self.preview
        if p is None or p.refusals:
            return
        question = (
            f"把{p.other.summary}并入{p.keep.summary}？\n"
            f"合并后：{p.class_after or '无班级'}，{p.status_after}。另一份档案删除，"
            "它的全部记录归入本档案；合并记入操作记录和成长记录，不能自动撤销。"
        )
        if not messages.confirm(self, TITLE, question, yes="合并", no="不合并"):
            return
        try:
            merge_students(self.actor, p.keep.id, p.other.id)
        except UserError as exc:
            messages.fail(self, TITLE, exc)
            return
        self.accept()
