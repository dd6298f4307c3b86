"""A target's line chart in the window, painted from the same description as the pack's picture (progress_chart)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from reviewdesk.exporters.word.progress_chart import LineChart, legend

INK, GRID, MUTED = QColor(38, 38, 38), QColor(217, 217, 217), QColor(110, 110, 110)


def colour(rgb: tuple[int, int, int]) -> QColor:
    return QColor(*rgb)


class ProgressChart(QWidget):
    """The readings over time, the baseline and the target value across, the due date down, the pilot shaded; the
    legend below. `chart` is what it shows (None: nothing yet)."""

    def __init__(self, chart: LineChart | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = chart
        self.setMinimumSize(420, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(560, 340)

    def show_chart(self, chart: LineChart) -> None:
        self.chart = chart
        self.setToolTip(chart.title)
        self.update()

    def paintEvent(self, event) -> None:
        if self.chart is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        font = QFont(self.font())
        metrics = QFontMetricsF(font)
        line = metrics.height()
        chart = self.chart
        left = 12 + line + max(metrics.horizontalAdvance(f"{t:g}") for t in chart.y_ticks) + 6
        right = self.width() - 8 - metrics.horizontalAdvance(chart.date_label(chart.x_ticks[-1])) / 2
        top = 8 + line
        bottom = self.height() - 2 * line - 18
        x = lambda day: chart.x(day, left, right)  # noqa: E731
        y = lambda value: chart.y(value, bottom, top)  # noqa: E731
        if chart.band is not None:
            painter.fillRect(QRectF(QPointF(x(chart.band.start), top), QPointF(max(x(chart.band.end),
                                                                                  x(chart.band.start) + 2), bottom)),
                             colour(chart.band.colour))
        painter.setPen(MUTED)
        for tick in chart.y_ticks:
            painter.setPen(GRID)
            painter.drawLine(QPointF(left, y(tick)), QPointF(right, y(tick)))
            painter.setPen(MUTED)
            painter.drawText(QRectF(0, y(tick) - line / 2, left - 6, line),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{tick:g}")
        painter.setPen(QPen(INK, 1.5))
        painter.drawLine(QPointF(left, bottom), QPointF(right, bottom))
        for day in chart.x_ticks:
            label = chart.date_label(day)
            width = metrics.horizontalAdvance(label)
            painter.drawLine(QPointF(x(day), bottom), QPointF(x(day), bottom + 4))
            painter.drawText(QRectF(x(day) - width / 2 - 2, bottom + 4, width + 4, line), Qt.AlignmentFlag.AlignCenter,
                             label)
        painter.save()
        painter.translate(4, (top + bottom) / 2)
        painter.rotate(-90)
        painter.drawText(QRectF(-(bottom - top) / 2, 0, bottom - top, line), Qt.AlignmentFlag.AlignCenter,
                         chart.y_title)
        painter.restore()
        for level in chart.levels:
            painter.setPen(QPen(colour(level.colour), 1.6, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(left, y(level.value)), QPointF(right, y(level.value)))
            below = y(level.value) - top < line + 2
            box = QRectF(left, y(level.value) + (2 if below else -line - 2), right - left - 4, line)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, level.label)
        for mark in chart.days:
            painter.setPen(QPen(colour(mark.colour), 1.6, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x(mark.day), top), QPointF(x(mark.day), bottom))
            width = metrics.horizontalAdvance(mark.label)
            painter.drawText(QRectF(min(x(mark.day) - width / 2, self.width() - width - 4), 2, width + 2, line),
                             Qt.AlignmentFlag.AlignCenter, mark.label)
        if chart.points:
            painter.setPen(QPen(colour(chart.colour), 2.2))
            points = [QPointF(x(day), y(value)) for day, value in chart.points]
            painter.drawPolyline(QPolygonF(points))
            painter.setBrush(colour(chart.colour))
            dot = 3.2 if len(points) <= 60 else 2
            for point in points:
                painter.drawEllipse(point, dot, dot)
        else:
            painter.setPen(MUTED)
            painter.drawText(QRectF(left, top, right - left, bottom - top), Qt.AlignmentFlag.AlignCenter, chart.empty)
        self._legend(painter, metrics, bottom + line + 10)
        painter.end()

    def _legend(self, painter: QPainter, metrics: QFontMetricsF, top: float) -> None:
        items = legend(self.chart)
        widths = [28 + metrics.horizontalAdvance(text) + 16 for text, _, _ in items]
        x, middle = max(4.0, (self.width() - sum(widths)) / 2), top + metrics.height() / 2
        for (text, rgb, how), width in zip(items, widths):
            if how == "band":
                painter.fillRect(QRectF(x, middle - 5, 22, 10), colour(rgb))
            else:
                style = Qt.PenStyle.DashLine if how == "dashed" else Qt.PenStyle.SolidLine
                painter.setPen(QPen(colour(rgb), 2, style))
                painter.drawLine(QPointF(x, middle), QPointF(x + 22, middle))
            painter.setPen(INK)
            painter.drawText(QRectF(x + 26, top, width - 26, metrics.height()), Qt.AlignmentFlag.AlignVCenter, text)
            x += width


__all__ = ["ProgressChart"]
