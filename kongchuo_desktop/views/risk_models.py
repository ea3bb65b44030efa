"""The 易辍生预警 list's model (services.risk_score.RiskRow rows) and its filter by grade, class and
level. 高 shows in the error tone, 中 in the warning tone (style.qss), on screen and on paper."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt

from kongchuo_desktop.views.row_table_model import RowTableModel
from kongchuo_desktop.views.tones import colors

LEVEL_TONES = {"高": "error", "中": "warn"}


class RiskModel(RowTableModel):
    LEVEL_COLUMN = 4
    REASONS_COLUMN = 5

    def __init__(self, parent=None):
        super().__init__(
            [
                ("排名", lambda r: r.rank),
                ("学生", lambda r: r.name),
                ("班级", lambda r: r.class_name),
                ("得分", lambda r: r.score),
                ("等级", lambda r: r.level),
                ("原因", lambda r: r.explanation),
            ],
            parent,
        )

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.UserRole
            and index.isValid()
            and index.column() == 2
            and 0 <= index.row() < len(self.rows)
        ):
            return self.rows[index.row()].class_order  # 一年级1班 … 九年级3班, not by text
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and index.isValid()
            and 0 <= index.row() < len(self.rows)
        ):
            row = self.rows[index.row()]
            return "\n".join(f"{r.text}　+{r.points}" for r in row.reasons)
        return super().data(index, role)

    def foreground(self, row, column: int):
        tone = LEVEL_TONES.get(row.level)
        if tone and column in (3, self.LEVEL_COLUMN):
            return colors(tone).foreground
        return None


class RiskProxy(QSortFilterProxyModel):
    """Sorts by the raw values; shows the rows of one grade, class and level (None: all)."""

    def __init__(self, model: RiskModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(model)
        self.setSortRole(Qt.ItemDataRole.UserRole)
        self.grade: int | None = None
        self.class_name: str | None = None
        self.level: str | None = None

    def set_filters(
        self, *, grade: int | None = None, class_name: str | None = None, level: str | None = None
    ) -> None:
        self.beginFilterChange()
        self.grade, self.class_name, self.level = grade, class_name, level
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        row = self.sourceModel().row(source_row)
        return (
            (self.grade is None or row.grade == self.grade)
            and (self.class_name is None or row.class_name == self.class_name)
            and (self.level is None or row.level == self.level)
        )
