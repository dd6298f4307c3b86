"""Start-up of the desktop window on a database: time to a usable window, and to scrolling the biggest table.

    REVIEWDESK_DB=/tmp/large.db reviewdesk demo --size large      # once, ~50 s
    QT_QPA_PLATFORM=offscreen python bench/window_bench.py /tmp/large.db

Each figure is measured in a fresh process (imports included), as a person starting the program sees it.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Row, best, run_json  # noqa: E402

CHILD = r"""
import json, sys, time
started, cpu_started = time.perf_counter(), time.process_time()
from PySide6.QtCore import QSettings
from reviewdesk.desktop.window.app import application
from reviewdesk.desktop.window import i18n
from reviewdesk import store
app = application()
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
i18n.install("zh")
store.open_database(sys.argv[1])
from reviewdesk.desktop.window.main_window import MainWindow
window = MainWindow(sys.argv[1], "zh")
window.show()
app.processEvents()
shown, shown_cpu = time.perf_counter() - started, time.process_time() - cpu_started
t, c = time.perf_counter(), time.process_time()
window.show_page("callback")
app.processEvents()
table, table_cpu = time.perf_counter() - t, time.process_time() - c
page = window.table_page()
rows = page.model.rowCount()
t = time.perf_counter()
page.table.scrollToBottom()
app.processEvents()
bottom = time.perf_counter() - t
page.model.pages.clear()  # a page near the end read afresh: by its ids, whatever its place
t = time.perf_counter()
page.model.record(max(rows - 200, 0))
near_end = time.perf_counter() - t
t = time.perf_counter()
page.model.sort(1 + [f.key for f in page.model.fields].index("score"))
app.processEvents()
sort = time.perf_counter() - t
t = time.perf_counter()
page.search.setText("XR2026")
page.apply_search()
app.processEvents()
search = time.perf_counter() - t
from bench.common import peak_mib
print(json.dumps({"cpu": shown_cpu, "seconds": shown, "table_cpu": table_cpu, "table": table, "bottom": bottom,
                  "near_end": near_end,
                  "sort": sort, "search": search, "rows": rows, "peak_mib": peak_mib()}))
"""


def measure(db: str, runs: int = 3) -> list[dict]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH")]))
    results = []
    for _ in range(runs):  # fresh settings each time: a remembered page or layout would skip part of the start
        with tempfile.TemporaryDirectory() as settings:
            results.append(run_json(["-c", CHILD, db, settings], env=env))
    return results


def rows_for(db: str, data: str, runs: int = 3) -> list[Row]:
    """Start-up to a usable window and the callbacks table's first paint, as result rows."""
    found = measure(db, runs)
    window = best(found)
    first_paint = best([{"cpu": r["table_cpu"], "seconds": r["table"], "peak_mib": r["peak_mib"]} for r in found])
    near_end = min(r["near_end"] for r in found)
    return [Row("window start-up to a usable window (dashboard)", data, window, goal=1.5, goal_seconds=True),
            Row("callbacks table: first paint", f"{data}, {found[0]['rows']:,} rows", first_paint),
            Row("callbacks table: a page near the last row, read afresh", f"{data}, {found[0]['rows']:,} rows",
                {"cpu": near_end, "seconds": near_end, "peak_mib": window["peak_mib"]})]


def main() -> None:
    db = sys.argv[1]
    results = measure(db, int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    for i, r in enumerate(results, 1):
        print(f"run {i}: window usable {r['seconds']:.2f} s; callbacks table {r['table']:.2f} s; scroll to the last "
              f"of {r['rows']} rows {r['bottom']:.2f} s; a page near the end {r['near_end'] * 1000:.0f} ms; sort by score {r['sort']:.2f} s; search {r['search']:.2f} s; "
              f"peak {r['peak_mib']:.0f} MiB")
    print(f"best: window usable {min(r['seconds'] for r in results):.2f} s (goal < 1.5 s), table "
          f"{min(r['table'] for r in results):.2f} s, scroll to bottom {min(r['bottom'] for r in results):.2f} s, "
          f"sort {min(r['sort'] for r in results):.2f} s, search {min(r['search'] for r in results):.2f} s")


if __name__ == "__main__":
    main()
