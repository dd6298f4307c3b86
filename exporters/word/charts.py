"""Charts for Word documents, drawn to PNG with Pillow and a shipped CJK font: Chinese labels without system fonts."""
from __future__ import annotations

import functools
import io
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from PIL import Image, ImageDraw, ImageFont

from reviewdesk.resources import resource

if TYPE_CHECKING:
    from reviewdesk.exporters.word.progress_chart import LineChart

FONT_DIR = resource("fonts")
FONT_FILE = FONT_DIR / "NotoSansSC-Regular-GB2312.otf"
FONT_CHARS = FONT_DIR / "NotoSansSC-Regular-GB2312.chars.txt"
#: Used only for a label holding a character the shipped subset lacks (a rare name character, say).
SYSTEM_FONTS = (
    r"C:\Windows\Fonts\msyh.ttc", r"C:\Windows\Fonts\simsun.ttc", r"C:\Windows\Fonts\simhei.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc", "/Library/Fonts/Arial Unicode.ttf",
)

WIDTH, HEIGHT = 1600, 860  # pixels; placed 16 cm wide, that is 254 dpi: sharp in print
LINE_HEIGHT = 800  # a target's line chart: a little lower, so that it fits a landscape page with its tables
INK, GRID, MUTED = (38, 38, 38), (217, 217, 217), (110, 110, 110)
PALETTE = ((68, 114, 196), (237, 125, 49), (112, 173, 71), (255, 192, 0), (91, 155, 213), (165, 165, 165),
           (158, 72, 14), (99, 99, 99))
CLASS_COLOURS = ((192, 0, 0), (237, 125, 49), (112, 173, 71))  # a matrix's classes, the most pressing first


@functools.lru_cache(maxsize=1)
def covered() -> frozenset[str]:
    """The characters the shipped font draws."""
    extra = FONT_CHARS.read_text(encoding="utf-8") if FONT_CHARS.exists() else ""
    return frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset(extra)


@functools.lru_cache(maxsize=32)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


@functools.lru_cache(maxsize=1)
def _system_font() -> str | None:
    return next((p for p in SYSTEM_FONTS if os.path.exists(p)), None)


def font_for(text: str, size: int) -> ImageFont.FreeTypeFont:
    """The shipped font; a system CJK font only when the text needs a character the shipped one lacks."""
    if not FONT_FILE.exists():
        raise FileNotFoundError(f"chart font missing: {FONT_FILE}")
    if set(text) <= covered() or _system_font() is None:
        return _font(str(FONT_FILE), size)
    return _font(_system_font(), size)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    colour: tuple[int, int, int] | None = None


class _Canvas:
    def __init__(self, title: str, width: int = WIDTH, height: int = HEIGHT):
        self.image = Image.new("RGB", (width, height), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.width, self.height = width, height
        self.text((width // 2, 24), _fitted(self, title, 44, width - 80), 44, anchor="mt", fill=INK)

    def text(self, xy: tuple[float, float], text: str, size: int, *, anchor: str = "la", fill=INK) -> None:
        self.draw.text(xy, text, font=font_for(text, size), anchor=anchor, fill=fill)

    def text_width(self, text: str, size: int) -> float:
        return self.draw.textlength(text, font=font_for(text, size))

    def vertical_text(self, xy: tuple[int, int], text: str, size: int) -> None:
        """Text turned 90° (an axis title), centred on xy."""
        font = font_for(text, size)
        box = font.getbbox(text)
        tile = Image.new("RGBA", (box[2] + 8, box[3] + 8), (255, 255, 255, 0))
        ImageDraw.Draw(tile).text((4, 4), text, font=font, fill=INK)
        tile = tile.rotate(90, expand=True)
        self.image.paste(tile, (xy[0] - tile.width // 2, xy[1] - tile.height // 2), tile)

    def png(self) -> bytes:
        out = io.BytesIO()
        # zlib level 3, not Pillow's 6: the same pixels (PNG is lossless) a third faster to write, about an eighth
        # larger; a pack of the large demo draws 23 charts
        self.image.save(out, "PNG", dpi=(254, 254), compress_level=3)
        return out.getvalue()


def _wrap(canvas: _Canvas, label: str, size: int, width: float) -> list[str]:
    """A category label in at most two lines that fit under its bar: broken between words where it has spaces."""
    if canvas.text_width(label, size) <= width:
        return [label]
    units = label.split(" ") if " " in label else list(label)
    glue = " " if " " in label else ""
    lines, current = [], ""
    for unit in units:
        candidate = f"{current}{glue}{unit}" if current else unit
        if canvas.text_width(candidate, size) > width and current:
            lines.append(current)
            current = unit
        else:
            current = candidate
    lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], glue.join(lines[1:])]
    if canvas.text_width(lines[-1], size) > width:
        while lines[-1] and canvas.text_width(lines[-1] + "…", size) > width:
            lines[-1] = lines[-1][:-1]
        lines[-1] += "…"
    return lines


def _nice_top(value: float) -> tuple[float, float]:
    """An axis top and tick step that read well (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1, 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000):
        if value / step <= 6:
            top = step * (int(value // step) + (1 if value % step else 0))
            return max(top, step), step
    return value, value / 5


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series], *, stacked: bool = True,
              x_title: str = "", y_title: str = "", empty_text: str = "—", legend: bool | None = None) -> bytes:
    """Vertical bars per category (stacked when several series), values written on the bars, legend below."""
    canvas = _Canvas(title)
    left, right, top = 150, canvas.width - 50, 110
    legend = len(series) > 1 if legend is None else legend
    bottom = canvas.height - (190 if legend else 140) - (40 if x_title else 0)
    totals = [sum(s.values[i] for s in series) if stacked else max((s.values[i] for s in series), default=0)
              for i in range(len(categories))]
    axis_top, step = _nice_top(max(totals, default=0))
    draw = canvas.draw
    # grid and value axis
    tick = 0.0
    while tick <= axis_top + 1e-9:
        y = bottom - (bottom - top) * tick / axis_top
        draw.line((left, y, right, y), fill=GRID, width=2)
        canvas.text((left - 14, y), f"{tick:g}", 28, anchor="rm", fill=MUTED)
        tick += step
    draw.line((left, bottom, right, bottom), fill=INK, width=3)
    if y_title:
        canvas.vertical_text((42, (top + bottom) // 2), y_title, 30)
    if not categories or not any(totals):
        canvas.text(((left + right) / 2, (top + bottom) / 2), empty_text, 36, anchor="mm", fill=MUTED)
    slot = (right - left) / max(len(categories), 1)
    groups = 1 if stacked else len(series)
    bar = min(slot * 0.62 / groups, 140)
    for i, category in enumerate(categories):
        x0 = left + slot * i + (slot - bar * groups) / 2
        base = bottom
        for j, s in enumerate(series):
            value = s.values[i]
            colour = s.colour or PALETTE[j % len(PALETTE)]
            height = (bottom - top) * value / axis_top
            if stacked:
                box = (x0, base - height, x0 + bar, base)
                base -= height
            else:
                box = (x0 + j * bar, bottom - height, x0 + (j + 1) * bar - 4, bottom)
            if value:
                draw.rectangle(box, fill=colour)
                label = f"{value:g}"
                inside = box[3] - box[1] > 40
                canvas.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2 if inside else box[1] - 6), label, 28,
                            anchor="mm" if inside else "mb", fill="white" if inside else INK)
        for k, line in enumerate(_wrap(canvas, category, 28, slot - 8)):
            canvas.text((left + slot * (i + 0.5), bottom + 14 + 34 * k), line, 28, anchor="ma")
    y = bottom + 104
    if x_title:
        canvas.text(((left + right) / 2, y), x_title, 30, anchor="ma", fill=MUTED)
        y += 46
    if legend:
        widths = [60 + canvas.text_width(s.name, 28) + 40 for s in series]
        x = (canvas.width - sum(widths)) / 2
        for j, (s, w) in enumerate(zip(series, widths)):
            draw.rectangle((x, y + 4, x + 34, y + 34), fill=s.colour or PALETTE[j % len(PALETTE)])
            canvas.text((x + 46, y + 19), s.name, 28, anchor="lm")
            x += w
    return canvas.png()


def matrix_chart(title: str, counts: dict[tuple[str, str], int], *, levels: Sequence[tuple[str, str]],
                 priority: dict[tuple[str, str], str], impact_title: str, frequency_title: str,
                 legend: Sequence[tuple[str, str]]) -> bytes:
    """The impact × frequency matrix: impact high at the top, frequency high on the right, cells coloured by priority.

    levels: (key, label) from low to high; priority: (impact, frequency) -> its class (P1 …); legend: (class, text)
    from the most pressing class, which is drawn in CLASS_COLOURS' order.
    """
    colours = {p: CLASS_COLOURS[min(i, len(CLASS_COLOURS) - 1)] for i, (p, _) in enumerate(legend)}
    canvas = _Canvas(title, height=1000)
    draw = canvas.draw
    size = 230
    left = (canvas.width - 3 * size) // 2 + 60
    top = 110
    for row, (impact, impact_label) in enumerate(reversed(levels)):
        for col, (frequency, frequency_label) in enumerate(levels):
            key = (impact, frequency)
            p = priority[key]
            colour = colours.get(p, CLASS_COLOURS[-1])
            n = counts.get(key, 0)
            fill = tuple(int(c + (255 - c) * (0.15 if n else 0.75)) for c in colour)
            box = (left + col * size, top + row * size, left + (col + 1) * size, top + (row + 1) * size)
            draw.rectangle(box, fill=fill, outline="white", width=6)
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            text_colour = "white" if n else MUTED
            canvas.text((cx, cy - 14), str(n), 76, anchor="mm", fill=text_colour)
            canvas.text((cx, cy + 56), p, 30, anchor="mm", fill=text_colour)
        canvas.text((left - 22, top + row * size + size / 2), impact_label, 32, anchor="rm")
    for col, (_, frequency_label) in enumerate(levels):
        canvas.text((left + col * size + size / 2, top + 3 * size + 16), frequency_label, 32, anchor="ma")
    canvas.text((left + 1.5 * size, top + 3 * size + 70), frequency_title + " →", 32, anchor="ma", fill=MUTED)
    canvas.vertical_text((left - 110, top + int(1.5 * size)), impact_title + " →", 32)
    y = top + 3 * size + 130
    widths = [60 + canvas.text_width(text, 28) + 50 for _, text in legend]
    x = (canvas.width - sum(widths) + 50) / 2
    for p, text in legend:
        draw.rectangle((x, y, x + 34, y + 34), fill=colours[p])
        canvas.text((x + 46, y + 17), text, 28, anchor="lm")
        x += 60 + canvas.text_width(text, 28) + 50
    return canvas.png()


def pixel_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def _dashed(draw: ImageDraw.ImageDraw, start: tuple[float, float], end: tuple[float, float], colour, width: int,
            dash: int = 22, gap: int = 14) -> None:
    """A dashed straight line (horizontal or vertical)."""
    length = max(abs(end[0] - start[0]), abs(end[1] - start[1]))
    if not length:
        return
    dx, dy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
    at = 0.0
    while at < length:
        stop = min(at + dash, length)
        draw.line((start[0] + dx * at, start[1] + dy * at, start[0] + dx * stop, start[1] + dy * stop), fill=colour,
                  width=width)
        at = stop + gap


def _fitted(canvas: _Canvas, text: str, size: int, width: float) -> str:
    """The text, cut short with … where it would be wider than `width`."""
    if canvas.text_width(text, size) <= width:
        return text
    while text and canvas.text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def line_chart(chart: "LineChart") -> bytes:
    """A target's readings over time (exporters/word/progress_chart.py): the pilot shaded, the baseline and the target
    value as dashed lines across, the due date as a dashed line down, the legend below."""
    from reviewdesk.exporters.word.progress_chart import legend

    canvas = _Canvas(chart.title, height=LINE_HEIGHT)
    draw = canvas.draw
    left, right, top, bottom = 190, canvas.width - 110, 140, canvas.height - 210  # room for the last date
    x = lambda day: chart.x(day, left, right)  # noqa: E731
    y = lambda value: chart.y(value, bottom, top)  # noqa: E731
    if chart.band is not None:
        draw.rectangle((x(chart.band.start), top, max(x(chart.band.end), x(chart.band.start) + 4), bottom),
                       fill=chart.band.colour)
    for tick in chart.y_ticks:
        draw.line((left, y(tick), right, y(tick)), fill=GRID, width=2)
        canvas.text((left - 14, y(tick)), f"{tick:g}", 28, anchor="rm", fill=MUTED)
    draw.line((left, bottom, right, bottom), fill=INK, width=3)
    for day in chart.x_ticks:
        draw.line((x(day), bottom, x(day), bottom + 10), fill=INK, width=3)
        canvas.text((x(day), bottom + 16), chart.date_label(day), 28, anchor="ma", fill=MUTED)
    canvas.vertical_text((48, (top + bottom) // 2), chart.y_title, 30)
    for level in chart.levels:  # its words above the line, or below it at the top of the plot
        _dashed(draw, (left, y(level.value)), (right, y(level.value)), level.colour, 4)
        below = y(level.value) - top < 40
        canvas.text((right - 8, y(level.value) + (6 if below else -6)), level.label, 28, anchor="rt" if below else "rb",
                    fill=level.colour)
    for line in chart.days:  # its words above the plot
        _dashed(draw, (x(line.day), top), (x(line.day), bottom), line.colour, 4)
        canvas.text((min(x(line.day), canvas.width - 20 - canvas.text_width(line.label, 28) / 2), top - 8),
                    line.label, 28, anchor="mb", fill=line.colour)
    if chart.points:
        xy = [(x(day), y(value)) for day, value in chart.points]
        if len(xy) > 1:
            draw.line(xy, fill=chart.colour, width=5, joint="curve")
        dot = 7 if len(xy) <= 60 else 4
        for px, py in xy:
            draw.ellipse((px - dot, py - dot, px + dot, py + dot), fill=chart.colour)
    else:
        canvas.text(((left + right) / 2, (top + bottom) / 2), chart.empty, 36, anchor="mm", fill=MUTED)
    items = legend(chart)
    widths = [70 + canvas.text_width(text, 28) + 40 for text, _, _ in items]
    lx, ly = (canvas.width - sum(widths)) / 2, canvas.height - 90
    for (text, colour, how), w in zip(items, widths):
        if how == "band":
            draw.rectangle((lx, ly + 4, lx + 54, ly + 34), fill=colour)
        elif how == "dashed":
            _dashed(draw, (lx, ly + 19), (lx + 54, ly + 19), colour, 4, dash=16, gap=8)
        else:
            draw.line((lx, ly + 19, lx + 54, ly + 19), fill=colour, width=5)
            draw.ellipse((lx + 20, ly + 12, lx + 34, ly + 26), fill=colour)
        canvas.text((lx + 66, ly + 19), text, 28, anchor="lm")
        lx += w
    return canvas.png()
