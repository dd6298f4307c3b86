"""Import benchmark: dry-run plan of a 10,000-row sheet with 1,000 edits against the floor (the fastest reader
plus fetching the same rows from SQLite), and applying 10,000 updates against bare sqlite3 executemany.

Run: python bench/import_bench.py [--rows 10000] [--edits 1000]
Prints a Markdown table (CPU time and peak memory of each step, each measured in a fresh child process).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def prepare(folder: Path, rows: int, edits: int) -> None:
    """A database with `rows` callbacks, their exported workbook, and a copy of it with `edits` edited scores."""
    import openpyxl  # noqa: F401  (imported here so the measured children do not pay for it)

    import store
    from exporters.xlsx_export import export_workbook
    from store import reference

    store.open_database(folder / "db.sqlite3")
    for code, zh, en in (("CS", "客服中心", "Customer Service"), ("IT", "技术部", "IT")):
        reference.save_department(code, zh, en, who="bench")
    reference.save_person("张敏", "CS", "supervisor", who="bench")
    rng = random.Random(7)
    store.create_many("callback", [
        {"ticket_no": f"XR{i:08d}", "customer_name": "王先生", "phone": "13812345678", "customer_type": "returning",
         "issue_type": "after_sales", "score": rng.randint(8, 10), "channel": "phone", "resolved": "yes",
         "suggestion": "希望物流信息更新更及时", "callback_date": "2026-11-20", "resolved_on": "2026-11-19"}
        for i in range(rows)], who="bench")
    export_workbook(folder / "export.xlsx", ["callback"], lang="zh", include_personal_data=True)
    # the department edits `edits` scores: rewrite the sheet cells with the fastest writer available
    book = openpyxl.load_workbook(folder / "export.xlsx")
    ws = book["满意度回访"]
    header = {c.value: c.column for c in ws[1]}
    for row in rng.sample(range(2, rows + 2), edits):
        ws.cell(row, header["客户建议"]).value = f"已修改 {row}"
    book.save(folder / "edited.xlsx")
    store.close()


# Each child: what it needs loaded (not timed: module imports, the code list), then "#timed", then the work.
CHILD = {
    "floor_read": """
import python_calamine, sqlite3
#timed
book = python_calamine.CalamineWorkbook.from_path(r'{folder}/edited.xlsx')
rows = book.get_sheet_by_name('满意度回访').to_python()
db = sqlite3.connect(r'{folder}/db.sqlite3')
codes = [r[0] for r in rows[1:]]
fetched = []
for i in range(0, len(codes), 900):
    chunk = codes[i:i + 900]
    fetched += db.execute('SELECT * FROM callback WHERE code IN (%s)' % ','.join('?' * len(chunk)), chunk).fetchall()
assert len(fetched) == len(codes)
""",
    "plan": """
import store
from exporters.import_plan import build_plan
#timed
store.open_database(r'{folder}/db.sqlite3')
plan = build_plan([r'{folder}/edited.xlsx'])
assert len(plan.updated) == {edits}, len(plan.updated)
""",
    "floor_apply": """
import sqlite3
#timed
db = sqlite3.connect(r'{folder}/db_floor.sqlite3')
codes = [c for (c,) in db.execute('SELECT code FROM callback ORDER BY number LIMIT {rows}')]
with db:
    db.executemany('UPDATE callback SET suggestion = ?, revision = revision + 1 WHERE code = ?',
                   [('批量修改', c) for c in codes])
""",
    "apply": """
import store
store.open_database(r'{folder}/db_apply.sqlite3')
codes = [r['code'] for r in store.select_records('callback', limit={rows})]
#timed
store.update_many([(c, {{'suggestion': '批量修改'}}, None) for c in codes], who='bench', source='bench')
""",
}


def measure(name: str, folder: Path, rows: int, edits: int) -> tuple[float, float]:
    # VmHWM, not ru_maxrss: on Linux ru_maxrss keeps the parent's high-water mark across fork and exec
    # CPU time, not wall time: the figures must not wander with whatever else the machine is doing
    setup, timed = CHILD[name].format(folder=folder, rows=rows, edits=edits).split("#timed")
    code = ("import time, sys; sys.path.insert(0, r'%s')\n" % ROOT + setup + "\nt0 = time.process_time()\n" + timed
            + "\nhwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]"
            + "\nprint(time.process_time() - t0, int(hwm) / 1024)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[-2]), float(out[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepare(folder, args.rows, args.edits)
        results = {}
        for name in ("floor_read", "plan"):
            results[name] = min((measure(name, folder, args.rows, args.edits) for _ in range(3)), key=lambda r: r[0])
        timings = []
        for name in ("floor_apply", "apply"):
            for _ in range(3):
                for suffix in ("floor", "apply"):
                    src = sqlite3.connect(str(folder / "db.sqlite3"))
                    dst = sqlite3.connect(str(folder / f"db_{suffix}.sqlite3"))
                    src.backup(dst)
                    src.close(), dst.close()
                timings.append(measure(name, folder, args.rows, args.edits))
            results[name] = min(timings, key=lambda r: r[0])
            timings = []
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {args.rows:,} rows, {args.edits:,} edits; CPU time, best of 3\n")
    print("| step | ReviewDesk | floor | ratio | goal | peak memory (ReviewDesk / floor) |")
    print("|---|---|---|---|---|---|")
    for label, ours, floor, goal in (("dry-run import plan", "plan", "floor_read", 1.5),
                                     (f"apply {args.rows:,} updates", "apply", "floor_apply", 2.0)):
        (t_ours, m_ours), (t_floor, m_floor) = results[ours], results[floor]
        print(f"| {label} | {t_ours:.2f} s | {t_floor:.2f} s | {t_ours / t_floor:.1f}× | ≤ {goal}× | "
              f"{m_ours:.0f} MB / {m_floor:.0f} MB |")
    print("\n" + json.dumps({k: {"seconds": round(v[0], 3), "peak_mb": round(v[1])} for k, v in results.items()}))


if __name__ == "__main__":
    main()
