"""Start-up of the desktop window on a database: time to a usable window, and to scrolling the biggest table.

    REVIEWDESK_DB=/tmp/large.db reviewdesk demo --size large      # once, ~50 s
    QT_QPA_PLATFORM=offscreen python bench/window_bench.py /tmp/large.db

Each figure is measured in a fresh process (imports included), as a person starting the program sees it.
"""
from __future__ import annotations

import os
import subprocess
import sys

CHILD = r"""
import sys, time
started = time.perf_counter()
from PySide6.QtCore import QSettings
from desktop.app import application
from desktop import i18n
import store
app = application()
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
i18n.install("zh")
store.open_database(sys.argv[1])
from desktop.main_window import MainWindow
window = MainWindow(sys.argv[1], "zh")
window.show()
app.processEvents()
shown = time.perf_counter() - started
t = time.perf_counter()
window.show_page("callback")
app.processEvents()
table = time.perf_counter() - t
page = window.table_page()
rows = page.model.rowCount()
t = time.perf_counter()
page.table.scrollToBottom()
app.processEvents()
bottom = time.perf_counter() - t
t = time.perf_counter()
page.model.sort(1 + [f.key for f in page.model.fields].index("score"))
app.processEvents()
sort = time.perf_counter() - t
t = time.perf_counter()
page.search.setText("XR2026")
page.apply_search()
app.processEvents()
search = time.perf_counter() - t
print(f"{shown:.2f} {table:.2f} {bottom:.2f} {sort:.2f} {search:.2f} {rows}")
"""


def main() -> None:
    db = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    results = []
    for i in range(runs):
        settings = f"/tmp/reviewdesk-bench-settings-{os.getpid()}-{i}"
        out = subprocess.run([sys.executable, "-c", CHILD, db, settings], env=env, capture_output=True, text=True,
                             check=True).stdout.split()
        results.append([float(v) for v in out[:5]])
        print(f"run {i + 1}: window usable {out[0]} s; callbacks table {out[1]} s; scroll to the last of "
              f"{out[5]} rows {out[2]} s; sort by score {out[3]} s; search {out[4]} s")
    best = [min(r[k] for r in results) for k in range(5)]
    print(f"best: window usable {best[0]:.2f} s (goal < 1.5 s), table {best[1]:.2f} s, scroll to bottom "
          f"{best[2]:.2f} s, sort {best[3]:.2f} s, search {best[4]:.2f} s")


if __name__ == "__main__":
    main()
