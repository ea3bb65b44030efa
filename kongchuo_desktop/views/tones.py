"""Tones for table cells and printouts, with their colours read from resources/style.qss.

A label takes its colour from its `tone` property and the stylesheet; a cell of an item model or a
printed table cannot be styled that way. So `colors(tone)` polishes a hidden label carrying that
tone with style.qss and reads its palette: the colours are written once, in the stylesheet, and the
screen and the printout agree. Tones without a rule come back as None (the default look).

出勤率 is a scale (rate_tone): rate-good, rate-fair, rate-low, rate-bad; 0% is rate-bad.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel

from kongchuo_desktop.paths import resource_path

# 出勤率 from this fraction up takes the tone; below the last step, rate-bad.
RATE_STEPS = ((0.98, "rate-good"), (0.95, "rate-fair"), (0.90, "rate-low"))
RATE_TONES = (*(tone for _, tone in RATE_STEPS), "rate-bad")
TOTAL = "total"


def rate_tone(rate: float | None) -> str:
    """The tone of an 出勤率 (a fraction); "" when there is none (nobody was expected)."""
    if rate is None:
        return ""
    for floor, tone in RATE_STEPS:
        if rate >= floor:
            return tone
    return "rate-bad"


@dataclass(frozen=True)
class ToneColors:
    foreground: QColor | None
    background: QColor | None
    bold: bool


@cache
def _stylesheet() -> str:
    path = resource_path("style.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


@cache
def colors(tone: str) -> ToneColors:
    """The colours style.qss gives a label with this `tone` (None where it gives none)."""
    plain = QLabel()
    plain.setStyleSheet(_stylesheet())
    plain.ensurePolished()
    swatch = QLabel()
    swatch.setStyleSheet(_stylesheet())
    swatch.setProperty("tone", tone)
    swatch.ensurePolished()
    out = []
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window):
        c = swatch.palette().color(role)
        out.append(None if not tone or c == plain.palette().color(role) else QColor(c))
    return ToneColors(out[0], out[1], swatch.font().bold() and not plain.font().bold())


def tone_font(tone: str) -> QFont | None:
    """A bold font for a tone style.qss sets in bold (the 全校 row), else None."""
    if not colors(tone).bold:
        return None
    font = QFont()
    font.setBold(True)
    return font
