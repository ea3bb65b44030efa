"""How big a spreadsheet the import reads at most: the school's settings, read by
`roster_import.read_sheet` (through `limits()`) and checked by `workbook_guard` before any cell is
loaded. The defaults fit any school (the largest have a few thousand students) with room to spare,
and keep a hostile or broken file from filling an old office PC's memory."""

from __future__ import annotations

from kongchuo_desktop import settings
from kongchuo_desktop.db.connection import database
from kongchuo_desktop.services.workbook_guard import SheetLimits

GROUP = "导入"
DEFAULTS = SheetLimits()

settings.declare(
    "import.max_rows",
    int,
    DEFAULTS.rows,
    "导入表格最多读取的行数",
    GROUP,
    "超过的文件不读取（学籍系统导出的花名册一行一名学生）",
    minimum=100,
    maximum=1_048_576,
)
settings.declare(
    "import.max_columns",
    int,
    DEFAULTS.columns,
    "导入表格最多读取的列数",
    GROUP,
    "学籍系统导出的花名册约有50列",
    minimum=10,
    maximum=16_384,
)
settings.declare(
    "import.max_cells",
    int,
    DEFAULTS.cells,
    "导入表格最多读取的单元格数（行数×列数）",
    GROUP,
    "决定读取时最多占用多少内存",
    minimum=1_000,
    maximum=50_000_000,
)
settings.declare(
    "import.max_file_mb",
    int,
    DEFAULTS.file_mb,
    "导入文件最大多少MB",
    GROUP,
    "解压后的内容最多为它的10倍",
    minimum=1,
    maximum=1_000,
)


def limits() -> SheetLimits:
    """The school's limits; the defaults when no data folder is open (a file checked on its own)."""
    if database.obj is None:
        return DEFAULTS
    return SheetLimits(
        rows=settings.get("import.max_rows"),
        columns=settings.get("import.max_columns"),
        cells=settings.get("import.max_cells"),
        file_mb=settings.get("import.max_file_mb"),
    )
