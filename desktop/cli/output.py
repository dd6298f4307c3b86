"""Plain-text output of the command line: text in the chosen language, tables aligned for wide characters, JSON."""
from __future__ import annotations

import json
import sys
import unicodedata
from typing import Any, Iterable, Sequence

from reviewdesk import store, templates

MAX_CELL = 40


def t(args: Any, zh: str, en: str) -> str:
    """The Chinese or the English text, as `args.lang` says."""
    return templates.t(args.lang, zh, en)


def warn_if_network_drive(args: Any) -> None:
    """Once, right after opening: a database file on a network drive is not safe for several writers (stderr)."""
    warning = store.network_warning(args.lang)
    if warning:
        print(warning, file=sys.stderr)


def width(text: str) -> int:
    """Columns a string takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shorten(text: str, limit: int = MAX_CELL) -> str:
    text = " ".join(text.split())
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        used += width(ch)
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, whole: Sequence[int] = ()) -> str:
    """Rows aligned under their headers; a long cell is cut short, except in the `whole` columns."""
    rows = [[" ".join(str(c).split()) if i in whole else shorten(str(c)) for i, c in enumerate(row)] for row in rows]
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - width(c)) for c, w in zip(cells, widths)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return "\n".join(out)


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
