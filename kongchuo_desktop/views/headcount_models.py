"""Table models of the head-count screens and the dashboard (rows come from services)."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from kongchuo_desktop.domain.attendance import REASONS_IN_TABLES
from kongchuo_desktop.domain.search_text import fold_search_text
from kongchuo_desktop.services.headcount_entry import NO_REASON, REASON_PROMPT
from kongchuo_desktop.views.row_table_model import RowTableModel
from kongchuo_desktop.views.tones import TOTAL, colors, rate_tone, tone_font

REASON_COLORS = {
    "病假": "#f9e79f",
    "事假": "#aed6f1",
    "旷课": "#f5b7b1",
    "迟到": "#d7bde2",
    "早退": "#d7bde2",
    "其他": "#d5dbdb",
}
NO_REASON_COLOR = "#e74c3c"  # marked absent, reason still to choose: it must catch the eye
STATE_COLORS = {
    "已逾期": "#c0392b",
    "今日办理": "#d35400",
    "已完成": "#27ae60",
    "未到期": "#7f8c8d",
}

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def sorting_proxy(model, parent=None) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    return proxy


class ClassDayModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(
            [
                ("班级", lambda r: r.name),
                ("班主任", lambda r: r.head_teacher),
                ("应到", lambda r: r.expected),
                ("实到", lambda r: r.present),
                ("缺勤", lambda r: r.absent if r.reported else None),
                ("迟到早退", lambda r: r.late_or_early if r.reported else None),
                ("状态", lambda r: "已上报" if r.reported else "未上报"),
            ],
            parent,
        )

    def foreground(self, row, column):
        if column == 6:
            return QBrush(QColor("#27ae60" if row.reported else "#c0392b"))
        return None


class RosterModel(QAbstractListModel):
    """The class's students; absent ones are coloured by reason. Filtered by name or pinyin."""

    SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None):
        super().__init__(parent)
        self.students: list[tuple[int, str, str, str]] = []  # id, name, pinyin, initials
        self.absent: dict[int, str] = {}  # id → reason
        # One size for every name (the view sets it from its font): a view with uniform item
        # sizes measures one item only, and a two-character name there cut longer ones to "…".
        self.item_size: QSize | None = None

    def set_students(self, students, absent: dict[int, str]) -> None:
        self.beginResetModel()
        self.students = [(s.id, s.name, s.name_pinyin, s.name_initials) for s in students]
        self.absent = dict(absent)
        self.endResetModel()

    def set_absent(self, absent: dict[int, str]) -> None:
        self.absent = dict(absent)
        if self.students:
            self.dataChanged.emit(self.index(0), self.index(len(self.students) - 1))

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.students)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.students)):
            return None
        sid, name, pinyin, initials = self.students[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return name  # the reason shows as the colour, and in the absence table
        if role == Qt.ItemDataRole.BackgroundRole:
            if sid not in self.absent:
                return None
            return QBrush(QColor(REASON_COLORS.get(self.absent[sid], NO_REASON_COLOR)))
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.absent.get(sid, None) == NO_REASON:
                return QBrush(QColor("#ffffff"))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if sid not in self.absent:
                return f"{name}（{pinyin}）"
            return f"{name}（{pinyin}）：{self.absent[sid] or REASON_PROMPT}"
        if role == ROW_ID_ROLE:
            return sid
        if role == self.SEARCH_ROLE:
            return (name, pinyin, initials)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.SizeHintRole:
            return self.item_size
        return None


class RosterFilter(QSortFilterProxyModel):
    """Matches the typed text against the name, its full pinyin or its initials (zs → 张三)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter() is deprecated
            self.beginFilterChange()
            self.text = fold_search_text(text)
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.text = fold_search_text(text)
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        if not self.text:
            return True
        idx = self.sourceModel().index(row, 0, parent)
        name, pinyin, initials = self.sourceModel().data(idx, RosterModel.SEARCH_ROLE)
        t = self.text
        return t in name or pinyin.startswith(t) or initials.startswith(t)


class AbsenceModel(RowTableModel):
    """The absentees being entered: reason, period and note are editable. A child without a
    reason yet shows “请选择原因” in red (the raw value, NO_REASON, is the UserRole)."""

    EDITABLE: ClassVar[dict[int, str]] = {1: "reason", 2: "period", 3: "note"}

    def __init__(self, parent=None):
        super().__init__(
            [
                ("姓名", lambda r: r["name"]),
                ("原因", lambda r: r["reason"] or REASON_PROMPT),
                ("时段", lambda r: r["period"]),
                ("备注", lambda r: r["note"]),
            ],
            parent,
        )

    def flags(self, index):
        base = super().flags(index)
        if index.isValid() and index.column() in self.EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or index.column() not in self.EDITABLE:
            return False
        self.rows[index.row()][self.EDITABLE[index.column()]] = str(value)
        self.dataChanged.emit(index, index)
        return True

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.UserRole and index.isValid() and index.column() == 1:
            return self.rows[index.row()]["reason"]  # NO_REASON, not the prompt
        return super().data(index, role)

    def background(self, row, column):
        if column == 1:
            return QBrush(QColor(REASON_COLORS.get(row["reason"], NO_REASON_COLOR)))
        return None

    def foreground(self, row, column):
        if column == 1 and row["reason"] == NO_REASON:
            return QBrush(QColor("#ffffff"))
        return None


class ParsedReportModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(
            [
                ("班级", lambda r: r.class_name),
                ("应到（名册）", lambda r: r.roster_expected),
                ("应到（消息）", lambda r: r.expected_stated),
                ("实到（消息）", lambda r: r.present_stated),
                ("将保存的实到", lambda r: r.present),
                (
                    "缺勤",
                    lambda r: (
                        "全到"
                        if r.all_present and not r.absentees
                        else "、".join(_absentee_text(a) for a in r.absentees)
                    ),
                ),
                ("检查", _check_text),
            ],
            parent,
        )

    def foreground(self, row, column):
        if column == 6:
            color = "#c0392b" if not row.ok else "#d35400" if row.saved else "#27ae60"
            return QBrush(QColor(color))
        return None


def _absentee_text(a) -> str:
    """ "张三病假（上午）〔发烧〕", "谭杰浩病假 — 已批准请假", "刘洋请假 — 待补请假单"."""
    reason = "请假" if a.pending_form else a.reason or "（？）"
    text = f"{a.name}{reason}" + ("" if a.period == "全天" else f"（{a.period}）")
    if a.on_leave:
        return text + " — 已批准请假"
    if a.pending_form:
        return text + " — 待补请假单"
    return text + (f"〔{a.note}〕" if a.note else "")


def _check_text(r) -> str:
    said = list(r.problems)
    if r.overwrite_text:
        said.append(r.overwrite_text)
    return "；".join(said) if said else "可以保存"


class ActionModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(
            [
                ("状态", lambda r: r.state.value),
                ("应办日期", lambda r: r.due_date),
                ("班级", lambda r: r.class_name),
                ("学生", lambda r: r.student_name),
                ("无故缺席", lambda r: f"{r.absent_days}天"),
                ("应办事项", lambda r: r.label),
                ("责任人", lambda r: r.responsible),
            ],
            parent,
        )

    def foreground(self, row, column):
        if column == 0:
            return QBrush(QColor(STATE_COLORS.get(row.state.value, "#000000")))
        return None


class LeaveModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(
            [
                ("学生", lambda r: r.student_name),
                ("班级", lambda r: r.class_name),
                ("开始", lambda r: f"{r.start_date:%m-%d}{r.start_half}"),
                ("结束", lambda r: f"{r.end_date:%m-%d}{r.end_half}"),
                ("上学日", lambda r: r.days),
                ("种类", lambda r: r.kind),
                ("原因", lambda r: r.reason),
                ("申请人", lambda r: r.requested_by),
                (
                    "审批",
                    lambda r: " → ".join(
                        f"{role}{'✓' if role in r.approved else ''}" for role in r.required
                    ),
                ),
                ("状态", lambda r: r.state),
                ("销假", lambda r: r.returned_on),
            ],
            parent,
        )

    def foreground(self, row, column):
        if column == 9:
            colors = {
                "待审批": "#d35400",
                "已批准": "#27ae60",
                "已驳回": "#7f8c8d",
                "已撤销": "#7f8c8d",
                "已销假": "#2471a3",
            }
            return QBrush(QColor(colors.get(row.state, "#000000")))
        return None


def _pct(v: float | None) -> str | None:
    return None if v is None else f"{100 * v:.1f}%"


class RateModel(RowTableModel):
    """出勤率 rows (services.attendance.statistics.RateRow): the rate coloured on one scale
    (views.tones.rate_tone), the 全校 row in bold. Sorting the first column gives the school's
    order (一年级1班 first; students in register order)."""

    REASONS = tuple(r.value for r in REASONS_IN_TABLES)
    RATE_COLUMN = 3

    def __init__(self, first_header: str, parent=None):
        cols = [
            (first_header, lambda r: r.name),
            ("应到人日", lambda r: r.expected_days),
            ("缺勤人日", lambda r: r.missed_days),
            ("出勤率", lambda r: r.rate),
        ]
        cols += [
            (reason, (lambda r, k=reason: r.by_reason.get(k) or None)) for reason in self.REASONS
        ]
        super().__init__(cols, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole and column == self.RATE_COLUMN:
            return _pct(row.rate) or "—"
        if role == Qt.ItemDataRole.UserRole and column == 0:
            grade, number = row.order
            return grade * 10000 + number  # the school's order, not the name's
        if role == Qt.ItemDataRole.UserRole and column == self.RATE_COLUMN:
            return -1.0 if row.rate is None else row.rate
        if role == Qt.ItemDataRole.FontRole and row.is_total:
            return tone_font(TOTAL)
        return super().data(index, role)

    def tone(self, row, column: int) -> str:
        """The cell's tone (views.tones): the 出勤率 on its scale; the printout uses it too."""
        return rate_tone(row.rate) if column == self.RATE_COLUMN else ""

    def foreground(self, row, column):
        color = colors(self.tone(row, column)).foreground
        return QBrush(color) if color else None

    def background(self, row, column):
        color = colors(self.tone(row, column)).background
        return QBrush(color) if color else None


class RateProxy(QSortFilterProxyModel):
    """Sorts a RateModel by any column, the 全校 row staying last in either direction; sorted by
    出勤率, rows without one (no head-count in the period, "—") come after the others."""

    def __init__(self, model: RateModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(model)
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def _group(self, source_row: int) -> int:
        row = self.sourceModel().row(source_row)
        if row.is_total:
            return 2
        return 1 if self.sortColumn() == RateModel.RATE_COLUMN and row.rate is None else 0

    def lessThan(self, left, right) -> bool:
        lg, rg = self._group(left.row()), self._group(right.row())
        if lg != rg:
            # Qt reverses lessThan for a descending sort: answer so the later group ends last.
            return lg < rg if self.sortOrder() == Qt.SortOrder.AscendingOrder else lg > rg
        return super().lessThan(left, right)


class MonthGridModel(QAbstractTableModel):
    """A month as a calendar grid (Mon–Sun); each day coloured by the absence reason."""

    HEADERS = ("一", "二", "三", "四", "五", "六", "日")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cells: list[list[Any]] = []

    def set_days(self, days) -> None:
        self.beginResetModel()
        self.cells = []
        if days:
            week: list[Any] = [None] * days[0].date.weekday()
            for d in days:
                week.append(d)
                if len(week) == 7:
                    self.cells.append(week)
                    week = []
            if week:
                self.cells.append(week + [None] * (7 - len(week)))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < 7 else None
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.cells):
            return None
        day = self.cells[index.row()][index.column()]
        if day is None:
            return None
        reasons = [r for r, _ in day.reasons]
        if role == Qt.ItemDataRole.DisplayRole:
            text = str(day.date.day)
            if reasons:
                text += "\n" + "、".join(r if p == "全天" else f"{r}{p[0]}" for r, p in day.reasons)
            elif day.leave:
                text += f"\n{day.leave}（假）"
            elif not day.school_day:
                text += "\n休"
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            if reasons:
                return QBrush(QColor(REASON_COLORS.get(reasons[0], "#d5dbdb")))
            if not day.school_day:
                return QBrush(QColor("#eeeeee"))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
