"""The student list: a QAbstractTableModel over `StudentRow`s, and a proxy that filters 3,000
rows by grade, class, status, at-risk flag and one search box (name, pinyin initials, full
pinyin, 学籍号, parts of the ID number) without a pause.

ID and phone numbers are shown masked (5209**********4345, 139****6246; domain/masking.py), so
copying a cell copies the masked text; search and sort still use the full stored values."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from kongchuo_desktop.domain.masking import mask_id, mask_ids_in_text, mask_phone
from kongchuo_desktop.domain.student_status import ON_ROLL
from kongchuo_desktop.services.roster_queries import StudentRow

COL_NAME = 0
COL_SEX = 1
COL_CLASS = 2
COL_STUDENT_NUMBER = 3
COL_ID_NUMBER = 4
COL_BIRTH = 5
COL_STATUS = 6
COL_FLAGS = 7
COL_PHONE = 8
HEADERS = (
    "姓名",
    "性别",
    "班级",
    "学籍号",
    "身份证件号",
    "出生日期",
    "学籍状态",
    "重点学生",
    "联系电话",
)

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the StudentRow
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_ON_ROLL = {s.value for s in ON_ROLL}

AnyIndex = QModelIndex | QPersistentModelIndex


def fold_width_and_case(text: str) -> str:
    """Full-width to half-width (ＺＳ → zs, １５４４ → 1544) and lowercase, for both the search
    text and the rows' search keys."""
    return unicodedata.normalize("NFKC", text).lower()


class StudentTableModel(QAbstractTableModel):
    def __init__(self, rows: list[StudentRow] | None = None, parent=None):
        super().__init__(parent)
        self._rows: list[StudentRow] = []
        self.search_keys: list[str] = []
        if rows:
            self.set_rows(rows)

    def set_rows(self, rows: list[StudentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.search_keys = [fold_width_and_case(r.search_key) for r in self._rows]
        self.endResetModel()

    def row_at(self, row: int) -> StudentRow:
        return self._rows[row]

    @property
    def rows(self) -> list[StudentRow]:
        return self._rows

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == SORT_ROLE:
            if col == COL_CLASS:
                return f"{r.grade:02d}{r.class_number:03d}"
            if col == COL_NAME:
                return r.name_pinyin
            if col in (COL_ID_NUMBER, COL_STUDENT_NUMBER):
                return r.id_number if col == COL_ID_NUMBER else r.student_number
            if col == COL_PHONE:
                return r.phone
            return self._display(r, col)
        if role == ROW_ROLE:
            return r
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and col == COL_STATUS
            and r.status not in _ON_ROLL
        ):
            from PySide6.QtGui import QColor

            return QColor("#c0392b")
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_FLAGS and r.flags:
            return "\n".join(r.flags)
        return None

    @staticmethod
    def _display(r: StudentRow, col: int) -> str:
        if col == COL_NAME:
            return r.name
        if col == COL_SEX:
            return r.sex
        if col == COL_CLASS:
            return r.class_name
        if col == COL_STUDENT_NUMBER:
            return mask_ids_in_text(r.student_number)  # G + the ID number, often
        if col == COL_ID_NUMBER:
            return mask_id(r.id_number)
        if col == COL_BIRTH:
            return r.birth_date.isoformat() if r.birth_date else ""
        if col == COL_STATUS:
            return r.status
        if col == COL_FLAGS:
            return "、".join(r.flags)
        if col == COL_PHONE:
            return mask_phone(r.phone)
        return ""


ALL = None
ON_ROLL_FILTER = "__on_roll__"


class StudentFilterProxy(QSortFilterProxyModel):
    """Combined filter. The accepted rows are computed in one pass over precomputed keys whenever
    a filter changes; `filterAcceptsRow` is then a list lookup."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grade: int | None = None
        self.class_id: int | None = None
        self.status: str | None = None  # a status, ON_ROLL_FILTER, or None for all
        self.flag: str | None = None
        self.search: str = ""
        self._accepted: list[bool] = []
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._recompute)
        self._recompute()

    def set_filters(self, **filters) -> None:
        for key, value in filters.items():
            if not hasattr(self, key) or key.startswith("_"):
                raise AttributeError(key)
            setattr(self, key, value)
        self.beginFilterChange()
        self._compute()
        self.endFilterChange()

    def _recompute(self) -> None:
        self.beginFilterChange()
        self._compute()
        self.endFilterChange()

    def _compute(self) -> None:
        model = self.sourceModel()
        if model is None:
            self._accepted = []
            return
        rows: list[StudentRow] = model.rows
        keys: list[str] = model.search_keys
        text = "".join(fold_width_and_case(self.search).split())
        grade, class_id, status, flag = self.grade, self.class_id, self.status, self.flag
        out = []
        for r, key in zip(rows, keys, strict=True):
            ok = (
                (grade is None or r.grade == grade)
                and (class_id is None or r.class_id == class_id)
                and (
                    status is None
                    or (r.status in _ON_ROLL if status == ON_ROLL_FILTER else r.status == status)
                )
                and (flag is None or flag in r.flags)
                and (not text or text in key)
            )
            out.append(ok)
        self._accepted = out

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        return 0 <= source_row < len(self._accepted) and self._accepted[source_row]

    def accepted_rows(self) -> list[StudentRow]:
        model = self.sourceModel()
        return [
            model.row_at(self.mapToSource(self.index(i, 0)).row()) for i in range(self.rowCount())
        ]
