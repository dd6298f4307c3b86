"""How far a long command is, on a terminal: what is being done, how much of it, the time left — on stderr, and
only when stderr is a terminal and the output is not --json (a pipe or a script sees nothing extra)."""
from __future__ import annotations

import sys
import time
from typing import Any, Callable, TextIO

from reviewdesk.desktop.cli.output import t, width

REDRAW_S = 0.1  # a terminal line redrawn more often only flickers
ESTIMATE_AFTER = 0.05  # share done before a time left is guessed: the first rows include the fixed costs


class Progress:
    """One line on stderr, redrawn in place: `正在导出：45%（45,000/100,000），约 7 秒后完成`."""

    def __init__(self, args: Any, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic):
        self.args, self.stream, self.clock = args, stream or sys.stderr, clock
        self.shown = _is_terminal(self.stream) and not getattr(args, "json", False)
        self.what, self.started, self.drawn_at, self.width = "", clock(), -REDRAW_S, 0

    def step(self, zh: str, en: str) -> Callable[[int, int], bool]:
        """Start a step (e.g. 正在读取工作簿 / Reading the workbook);returns the (done, total) callback to give the
        work, which always answers True (go on)."""
        self.what, self.started, self.drawn_at = t(self.args, zh, en), self.clock(), -REDRAW_S
        self._draw(self.what + "…")
        return self.update

    def update(self, done: int, total: int) -> bool:
        now = self.clock()
        if self.shown and (now - self.drawn_at >= REDRAW_S or done >= total):
            self.drawn_at = now
            self._draw(self._line(done, total, now - self.started))
        return True

    def _line(self, done: int, total: int, elapsed: float) -> str:
        if total <= 0:
            return self.what + "…"
        share = min(done / total, 1.0)
        line = t(self.args, f"{self.what}：{share:.0%}（{done:,}/{total:,}）", f"{self.what}: {share:.0%} ({done:,}/{total:,})")
        if ESTIMATE_AFTER <= share < 1.0:
            left = elapsed / share * (1 - share)
            line += t(self.args, f"，约 {_duration(left, 'zh')}后完成", f", about {_duration(left, 'en')} left")
        return line

    def _draw(self, line: str) -> None:
        if not self.shown:
            return
        self.stream.write("\r" + line + " " * max(self.width - width(line), 0))  # over what the last line left
        self.stream.flush()
        self.width = width(line)

    def finish(self) -> None:
        """Clear the line, so the command's own output starts on a clean one."""
        if self.shown and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float, lang: str) -> str:
    if seconds < 60:
        return f"{max(round(seconds), 1)} 秒" if lang == "zh" else f"{max(round(seconds), 1)} s"
    minutes = round(seconds / 60)
    return f"{minutes} 分钟" if lang == "zh" else f"{minutes} min"
