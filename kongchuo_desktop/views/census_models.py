"""The 人籍比对 page's lists: the children of the villages' lists with their results
(domain.census_match.CensusChild), the counts per village, our students on no list, and the
开学未返校 list. 未入学 and children awaiting proof show in the warning tones (style.qss)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt

from kongchuo_desktop.domain.census_match import CensusChild, CensusResult
from kongchuo_desktop.domain.masking import mask_id
from kongchuo_desktop.views.row_table_model import RowTableModel
from kongchuo_desktop.views.tones import colors


def _proof(c: CensusChild) -> str:
    if not c.needs_proof:
        return ""
    if c.decision.proof_received:
        day = c.decision.proof_date
        return f"已收 {day:%Y-%m-%d}" if day else "已收"
    return "待补"


class CensusModel(RowTableModel):
    RESULT_COLUMN = 6

    def __init__(self, parent=None):
        super().__init__(
            [
                ("村", lambda c: c.village_text),
                ("组", lambda c: "、".join(dict.fromkeys(x.group for x in c.listings if x.group))),
                ("姓名", lambda c: c.name),
                ("性别", lambda c: c.sex),
                ("身份证号", lambda c: mask_id(c.id_number)),
                ("年龄", lambda c: c.age),
                ("比对结果", lambda c: c.result.value),
                ("就读学校/班级", lambda c: c.where),
                ("就读证明", _proof),
                ("核对", lambda c: c.match_note),
                ("备注", lambda c: c.decision.note),
            ],
            parent,
        )
        self._error, self._warn = colors("error").foreground, colors("warn").foreground

    def foreground(self, row: CensusChild, column: int):
        if column == self.RESULT_COLUMN and row.result is CensusResult.NOT_ENROLLED:
            return self._error
        if column == 8 and row.awaiting_proof:
            return self._warn
        if column == 9 and row.match_note:
            return self._warn
        return None


class CensusProxy(QSortFilterProxyModel):
    """Sorts by the raw values; shows one village, one result, only those needing follow-up,
    and names or ID numbers containing a text."""

    def __init__(self, model: CensusModel, parent=None):
        super().__init__(parent)
        self.setSourceModel(model)
        self.setSortRole(Qt.ItemDataRole.UserRole)
        self.village: str | None = None
        self.result: CensusResult | None = None
        self.follow_up_only = False
        self.text = ""

    def set_filters(self, *, village=None, result=None, follow_up_only=False, text="") -> None:
        self.beginFilterChange()
        self.village, self.result = village, result
        self.follow_up_only, self.text = follow_up_only, text.strip().upper()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        c: CensusChild = self.sourceModel().row(source_row)
        return (
            (self.village is None or self.village in c.villages)
            and (self.result is None or c.result == self.result)
            and (not self.follow_up_only or c.needs_follow_up)
            and (not self.text or self.text in c.name or self.text in c.id_number)
        )


class VillageCountModel(RowTableModel):
    """One row per village (and 合计): children per result."""

    def __init__(self, parent=None):
        columns = [("村", lambda r: r[0]), ("人数", lambda r: r[2])]
        columns += [(res.value, lambda r, res=res: r[1][res]) for res in CensusResult]
        super().__init__(columns, parent)


class UnlistedModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(
            [
                ("姓名", lambda s: s.name),
                ("班级", lambda s: s.class_name),
                ("学籍状态", lambda s: s.status),
            ],
            parent,
        )


class NotReturnedModel(RowTableModel):
    def __init__(self, parent=None):
        super().__init__(
            [
                ("班级", lambda r: r.class_name),
                ("姓名", lambda r: r.name),
                ("责任教师", lambda r: r.responsible),
                ("缺勤天数", lambda r: r.absent_days),
                ("未上报天数", lambda r: r.unreported_days),
                ("缺勤原因", lambda r: r.reasons),
                ("请假", lambda r: r.leave_text),
            ],
            parent,
        )
        self._ok = colors("ok").foreground

    def foreground(self, row, column: int):
        if column == 6 and row.on_leave:
            return self._ok
        return None
