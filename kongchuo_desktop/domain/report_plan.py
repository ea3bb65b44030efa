"""What filling a template will do, sheet by sheet: the plan the preview shows before anything is
saved, and the filler then carries out. Plain dataclasses (no openpyxl): the view lists them.

Hand corrections (`Corrections`) are kept per template fingerprint: for a sheet, which list each
list table holds (by the row its header starts on), which field a column gets (by its header's
top cell, "G4"; "" = leave the column empty), and which figure a table's row or column label
names ("D" for a column, "5" for a row).
"""

from __future__ import annotations

from dataclasses import dataclass, field

AUTO = "自动识别"
BY_HAND = "手动指定"
MARKED = "占位符"


@dataclass
class ColumnPlan:
    column: int
    letter: str
    title: str
    field: str | None
    how: str = AUTO
    note: str = ""


@dataclass
class ListPlan:
    list_name: str | None
    header_first: int
    header_last: int
    first_row: int  # the first data row (the template row whose style new rows copy)
    capacity: int  # blank rows the template offers before its footer
    footer_row: int | None
    columns: list[ColumnPlan]
    rows: int = 0  # children to write
    how: str = AUTO
    note: str = ""

    @property
    def inserted(self) -> int:
        return max(0, self.rows - self.capacity)

    def filled_columns(self) -> list[ColumnPlan]:
        return [c for c in self.columns if c.field]


@dataclass
class CellPlan:
    row: int
    column: int
    coordinate: str
    what: str  # a figure, a title or a list field
    stage: str | None = None
    value: object = None
    label: str = ""  # the label line the figure was read from ("D" for a column, "5" for a row)
    how: str = AUTO
    note: str = ""
    title: str = (
        ""  # the template's own words for it ("本月学籍变动（人） / 转入", "填报单位（盖章）：")
    )


@dataclass
class SheetPlan:
    name: str
    lists: list[ListPlan] = field(default_factory=list)
    cells: list[CellPlan] = field(default_factory=list)  # figures and titles
    not_understood: list[str] = field(default_factory=list)

    def filled_cells(self) -> list[CellPlan]:
        return [c for c in self.cells if c.value is not None]


@dataclass
class FillPlan:
    template: str
    fingerprint: str
    sheets: list[SheetPlan]
    marked: bool = False
    corrected: bool = False  # hand corrections remembered for this template were applied

    def not_understood(self) -> list[str]:
        return [f"{s.name}：{item}" for s in self.sheets for item in s.not_understood]

    def summary(self) -> list[str]:
        """One Chinese line per sheet: what will be filled."""
        lines = []
        for sheet in self.sheets:
            parts = []
            figures = [c for c in sheet.filled_cells() if c.stage]
            titles = [c for c in sheet.filled_cells() if not c.stage]
            if figures:
                parts.append(f"{len(figures)} 个数字")
            for item in sheet.lists:
                if item.list_name:
                    extra = f"（插入 {item.inserted} 行）" if item.inserted else ""
                    parts.append(f"{item.list_name} {item.rows} 行{extra}")
            if titles:
                parts.append("、".join(c.what for c in titles))
            lines.append(f"{sheet.name}：" + ("；".join(parts) if parts else "没有要填的内容"))
        return lines


@dataclass
class SheetCorrection:
    lists: dict[str, str] = field(default_factory=dict)  # header row → list ("" = none)
    columns: dict[str, str] = field(default_factory=dict)  # header cell ("G4") → field ("" = none)
    figures: dict[str, str] = field(default_factory=dict)  # label line → figure ("" = none)

    def is_empty(self) -> bool:
        return not self.lists and not self.columns and not self.figures


@dataclass
class Corrections:
    sheets: dict[str, SheetCorrection] = field(default_factory=dict)

    def sheet(self, name: str) -> SheetCorrection:
        return self.sheets.get(name) or SheetCorrection()

    def to_json(self) -> dict:
        out = {}
        for name, c in self.sheets.items():
            if c.is_empty():
                continue
            entry: dict = {}
            if c.lists:
                entry["lists"] = dict(c.lists)
            if c.columns:
                entry["columns"] = dict(c.columns)
            if c.figures:
                entry["figures"] = dict(c.figures)
            out[name] = entry
        return out

    @classmethod
    def from_json(cls, data: object) -> Corrections:
        sheets: dict[str, SheetCorrection] = {}
        if isinstance(data, dict):
            for name, entry in data.items():
                if not isinstance(entry, dict):
                    continue
                sheets[str(name)] = SheetCorrection(
                    lists={str(k): str(v) for k, v in dict(entry.get("lists") or {}).items()},
                    columns={str(k): str(v) for k, v in dict(entry.get("columns") or {}).items()},
                    figures={str(k): str(v) for k, v in dict(entry.get("figures") or {}).items()},
                )
        return cls(sheets)
