"""The charts of 校长审阅, drawn with QPainter (no QtCharts: the exe stays lean). One function paints
a domain Chart into a rectangle — on the screen (ChartWidget) and, as a PNG, into the printed and
PDF review (chart_png) — so the two always look alike. Colours come from style.qss (tones
chart-1 …, chart-grid, chart-axis).

    BAR   grouped bars from zero, one group per category
    LINE  one line per series across the categories (months), its values written at the points
    DOTS  one dot per series (month) per category (class): many classes, a few months, in one row
"""

from __future__ import annotations

import base64

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kongchuo_desktop.domain.month_review import BAR, DOTS, LINE, Chart
from kongchuo_desktop.views.tones import colors

SERIES_TONES = ("chart-1", "chart-2", "chart-3", "chart-4")


def _tone(tone: str, fallback: str) -> QColor:
    c = colors(tone).foreground
    return QColor(c) if c is not None else QColor(fallback)


def series_colors(chart: Chart) -> list[QColor]:
    """One colour per series: distinct tones, or shades of chart-1 for months (latest strongest)."""
    n = len(chart.series)
    if chart.months_as_series:
        base = _tone("chart-1", "darkblue")
        out = []
        for i in range(n):
            c = QColor(base)
            c.setAlphaF(1.0 if i == n - 1 else 0.25 + 0.5 * i / max(n - 1, 1))
            out.append(c)
        return out
    return [_tone(SERIES_TONES[i % len(SERIES_TONES)], "black") for i in range(n)]


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def paint_chart(painter: QPainter, rect: QRectF, chart: Chart, points: float = 9.0) -> None:
    """Paint `chart` inside `rect` (logical units): title, legend, axis, the series."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    axis, grid = _tone("chart-axis", "gray"), _tone("chart-grid", "lightgray")
    palette = series_colors(chart)
    small = _font(points - 1)
    fm = QFontMetricsF(small)
    line = fm.height()
    # Title and legend.
    painter.setPen(axis.darker(160))
    painter.setFont(_font(points + 1, bold=True))
    title_h = QFontMetricsF(painter.font()).height()
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), title_h), chart.title)
    painter.setFont(small)
    x = rect.left()
    y = rect.top() + title_h + 2
    for s, color in zip(chart.series, palette, strict=True):
        painter.fillRect(QRectF(x, y + line * 0.25, line * 0.5, line * 0.5), color)
        painter.setPen(axis.darker(160))
        painter.drawText(QPointF(x + line * 0.7, y + fm.ascent()), s.name)
        x += line * 0.7 + fm.horizontalAdvance(s.name) + line
    # The plot area: the y axis's labels on the left, the categories below.
    labels = [chart.value_text(t) if chart.unit == "%" else f"{t:g}" for t in chart.ticks]
    left = rect.left() + max(fm.horizontalAdvance(t) for t in labels) + 6
    rotate = _rotate_labels(chart, fm, rect.width() - (left - rect.left()))
    below = (max(fm.horizontalAdvance(c) for c in chart.categories) + 6) if rotate else line + 4
    if not chart.categories:
        below = line
    plot = QRectF(left, y + line * 1.5, rect.right() - left - 4, 0)
    plot.setBottom(rect.bottom() - below)
    if plot.height() < line * 2:
        painter.restore()
        return
    span = (chart.high - chart.low) or 1.0

    def to_y(value: float) -> float:
        v = min(max(value, chart.low), chart.high)
        return plot.bottom() - (v - chart.low) / span * plot.height()

    painter.setFont(small)
    for tick, text in zip(chart.ticks, labels, strict=True):
        ty = to_y(tick)
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(plot.left(), ty), QPointF(plot.right(), ty))
        painter.setPen(axis)
        painter.drawText(
            QRectF(rect.left(), ty - line / 2, left - rect.left() - 4, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            text,
        )
    painter.setPen(QPen(axis, 1))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    count = max(len(chart.categories), 1)
    slot = plot.width() / count
    for i, name in enumerate(chart.categories):
        cx = plot.left() + slot * (i + 0.5)
        painter.setPen(axis)
        if rotate:
            painter.save()
            painter.translate(cx + line / 3, plot.bottom() + 4)
            painter.rotate(-90)
            painter.drawText(
                QRectF(-below, -line, below - 4, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
            painter.restore()
        else:
            painter.drawText(
                QRectF(cx - slot / 2, plot.bottom() + 2, slot, line),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                name,
            )
    if chart.kind == BAR:
        _bars(painter, chart, plot, slot, to_y, palette, fm)
    elif chart.kind == LINE:
        _lines(painter, chart, plot, slot, to_y, palette, fm)
    elif chart.kind == DOTS:
        _dots(painter, chart, plot, slot, to_y, palette, line)
    painter.restore()


def _rotate_labels(chart: Chart, fm: QFontMetricsF, width: float) -> bool:
    if not chart.categories:
        return False
    widest = max(fm.horizontalAdvance(c) for c in chart.categories)
    return widest + 4 > width / len(chart.categories)


def _bars(painter, chart, plot, slot, to_y, palette, fm) -> None:
    n = max(len(chart.series), 1)
    width = slot * 0.8 / n
    for si, (s, color) in enumerate(zip(chart.series, palette, strict=True)):
        for i, value in enumerate(s.values):
            if value is None:
                continue
            x = plot.left() + slot * i + slot * 0.1 + width * si
            top = to_y(value)
            painter.fillRect(QRectF(x, top, width * 0.92, plot.bottom() - top), color)
            text = chart.value_text(value)
            if fm.horizontalAdvance(text) <= width * 1.4:
                painter.setPen(color.darker(130) if color.alphaF() == 1 else QColor("black"))
                painter.drawText(
                    QRectF(x - width, top - fm.height(), width * 3, fm.height()),
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                    text,
                )


def _lines(painter, chart, plot, slot, to_y, palette, fm) -> None:
    for s, color in zip(chart.series, palette, strict=True):
        path = QPainterPath()
        points = [
            QPointF(plot.left() + slot * (i + 0.5), to_y(v))
            for i, v in enumerate(s.values)
            if v is not None
        ]
        if not points:
            continue
        path.moveTo(points[0])
        for p in points[1:]:
            path.lineTo(p)
        painter.setPen(QPen(color, 2))
        painter.drawPath(path)
        painter.setBrush(color)
        values = [v for v in s.values if v is not None]
        for p, v in zip(points, values, strict=True):
            painter.drawEllipse(p, 3, 3)
            painter.drawText(
                QRectF(p.x() - slot / 2, p.y() - fm.height() - 4, slot, fm.height()),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                chart.value_text(v),
            )
        painter.setBrush(Qt.BrushStyle.NoBrush)


def _dots(painter, chart, plot, slot, to_y, palette, line) -> None:
    radius = max(2.0, min(slot * 0.22, line * 0.3))
    last = len(chart.series) - 1
    for si, (s, color) in enumerate(zip(chart.series, palette, strict=True)):
        painter.setPen(QPen(color.darker(120), 1) if si == last else Qt.PenStyle.NoPen)
        painter.setBrush(color)
        r = radius if si == last else radius * 0.8
        for i, value in enumerate(s.values):
            if value is not None:
                painter.drawEllipse(QPointF(plot.left() + slot * (i + 0.5), to_y(value)), r, r)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def chart_image(chart: Chart, width: int, height: int, scale: float = 3.0) -> QImage:
    """The chart drawn on a white image `scale` times `width` × `height` (sharp when printed)."""
    image = QImage(int(width * scale), int(height * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(scale, scale)
    paint_chart(painter, QRectF(0, 0, width, height), chart)
    painter.end()
    return image


def chart_png(chart: Chart, width: int, height: int, scale: float = 3.0) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    chart_image(chart, width, height, scale).save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def chart_img_html(chart: Chart, width: int, height: int) -> str:
    """An <img> of the chart for a printed document (a data: URL; QTextDocument reads it)."""
    encoded = base64.b64encode(chart_png(chart, width, height)).decode("ascii")
    return f'<img src="data:image/png;base64,{encoded}" width="{width}" height="{height}">'


class ChartWidget(QWidget):
    """One chart on the screen; its note is the tooltip."""

    def __init__(self, chart: Chart, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"chart_{chart.key}")
        self.setMinimumSize(300, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.chart = chart
        self.setToolTip(chart.note)

    def set_chart(self, chart: Chart) -> None:
        self.chart = chart
        self.setToolTip(chart.note)
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        paint_chart(painter, QRectF(self.rect()).adjusted(6, 4, -6, -4), self.chart)
        painter.end()
