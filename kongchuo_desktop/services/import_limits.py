"""How big a spreadsheet the import reads at most: the school's settings, read by
`roster_import.read_sheet` (through `limits()`; declared in setting_specs) and checked by `workbook_guard` before any cell is
loaded. The defaults fit any school (the largest have a few thousand students) with room to spare,
and keep a hostile or broken file from filling an old office PC's memory."""

from __future__ import annotations

from kongchuo_desktop import setting_specs as specs
from kongchuo_desktop import settings
from kongchuo_desktop.db.connection import database
from kongchuo_desktop.services.workbook_guard import SheetLimits

# The defaults as declared in setting_specs (also used when no data folder is open).
DEFAULTS = SheetLimits(
    rows=specs.IMPORT_MAX_ROWS.default,
    columns=specs.IMPORT_MAX_COLUMNS.default,
    cells=specs.IMPORT_MAX_CELLS.default,
    file_mb=specs.IMPORT_MAX_FILE_MB.default,
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
