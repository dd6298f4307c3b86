"""Import benchmark: dry-run plan of a 10,000-row sheet with 1,000 edits against the floor (the fastest reader
plus fetching the same rows from SQLite), and applying 10,000 updates against bare sqlite3 executemany of the
same writes (old values read, the same UPDATEs, the audit rows the issue requires); for reference also against
executemany of one-column UPDATEs alone, which leaves out the audit trail and the revision check.

Run: python bench/import_bench.py [--rows 10000] [--edits 1000]
Prints a Markdown table (CPU time and peak memory of each step, each measured in a fresh child process).
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Row, best, machine, run_json, seed_reference, table  # noqa: E402


def prepare(folder: Path, rows: int, edits: int, database: str | None = None) -> None:
    """A database with `rows` callbacks (folder/db.sqlite3, or a team database set up already), their exported
    workbook, and a copy of it with `edits` edited suggestions."""
    import openpyxl  # noqa: F401  (imported here so the measured children do not pay for it)

    from reviewdesk import store
    from reviewdesk.exporters.xlsx.export import export_workbook

    store.open_database(database or folder / "db.sqlite3")
    seed_reference()
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
from reviewdesk import store
from reviewdesk.exporters.returns.plan import build_plan
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
    # The same database change without ReviewDesk: read the old values (the audit trail needs them), the same
    # UPDATE (value, revision, updated time and who, checked against the revision read), one audit row per field
    "floor_apply_same": """
import sqlite3, datetime as dt
#timed
db = sqlite3.connect(r'{folder}/db_same.sqlite3')
codes = [c for (c,) in db.execute('SELECT code FROM callback ORDER BY number LIMIT {rows}')]
at = dt.datetime.now().replace(microsecond=0).isoformat(' ')
with db:
    current = {{}}
    for i in range(0, len(codes), 900):
        chunk = codes[i:i + 900]
        sql = 'SELECT code, revision, suggestion FROM callback WHERE code IN (%s)' % ','.join('?' * len(chunk))
        current.update((code, (revision, old)) for code, revision, old in db.execute(sql, chunk))
    db.executemany('UPDATE callback SET revision = ?, updated_at = ?, updated_by = ?, suggestion = ? '
                   'WHERE code = ? AND revision = ?',
                   [(current[c][0] + 1, at, 'bench', '批量修改', c, current[c][0]) for c in codes])
    db.executemany('INSERT INTO audit_entry (at, who, artefact, code, action, field, old, new, source, batch, revision) '
                   'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                   [(at, 'bench', 'callback', c, 'update', 'suggestion', current[c][1], '批量修改', 'bench', None,
                     current[c][0] + 1) for c in codes])
""",
    "apply": """
from reviewdesk import store
store.open_database(r'{folder}/db_apply.sqlite3')
codes = [r['code'] for r in store.select_records('callback', limit={rows})]
#timed
store.update_many([(c, {{'suggestion': '批量修改'}}, None) for c in codes], who='bench', source='bench')
""",
}


def measure(name: str, folder: Path, rows: int, edits: int, children: dict[str, str] = CHILD, **more: str) -> dict:
    """One child's figures in a fresh process: its code, formatted with the folder, sizes and `more`, split at
    "#timed" into what it loads first and what is measured."""
    # CPU time, not wall time: the figures must not wander with whatever else the machine is doing
    setup, timed = children[name].format(folder=folder, rows=rows, edits=edits, **more).split("#timed")
    code = ("import json, sys, time; sys.path.insert(0, r'%s')\nfrom bench.common import peak_mib\n" % ROOT + setup
            + "\nt0, w0 = time.process_time(), time.perf_counter()\n" + timed
            + "\nprint(json.dumps({'cpu': time.process_time() - t0, 'seconds': time.perf_counter() - w0, "
              "'peak_mib': peak_mib()}))")
    return run_json(["-c", code])


def _fresh_copies(folder: Path) -> None:
    """Each apply starts from the same database: the floor and ReviewDesk each on their own copy."""
    for suffix in ("floor", "same", "apply"):
        src = sqlite3.connect(str(folder / "db.sqlite3"))
        dst = sqlite3.connect(str(folder / f"db_{suffix}.sqlite3"))
        src.backup(dst)
        src.close(), dst.close()


def rows_for(rows: int, edits: int, repeat: int = 9) -> list[Row]:
    """The dry-run plan and the apply of one size against their floors, as result rows."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        prepare(folder, rows, edits)
        runs: dict[str, list[dict]] = {name: [] for name in CHILD}
        for name in ("floor_read", "plan"):  # once unmeasured: the files just written, and compiled modules, settle
            measure(name, folder, rows, edits)
        for _ in range(repeat):
            for name in ("floor_read", "plan"):
                runs[name].append(measure(name, folder, rows, edits))
            _fresh_copies(folder)
            for name in ("floor_apply", "floor_apply_same", "apply"):
                runs[name].append(measure(name, folder, rows, edits))
    found = {name: best(r) for name, r in runs.items()}
    return [Row("dry-run import plan", f"{rows:,}-row sheet, {edits:,} edits", found["plan"], found["floor_read"],
                "calamine read + sqlite3 fetch", goal=1.5),
            Row("apply updates", f"{rows:,} updates", found["apply"], found["floor_apply_same"],
                "sqlite3 executemany of the same writes: the UPDATEs with revision check and updated time/who, "
                "one audit row per field, old values read", goal=2.0),
            Row("apply updates", f"{rows:,} updates", found["apply"], found["floor_apply"],
                "for reference: executemany of one-column UPDATEs alone, no audit rows")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=1_000)
    args = parser.parse_args()
    print(f"Machine: {machine()}; {args.rows:,} rows, {args.edits:,} edits; CPU time, best of 9\n")
    print(table(rows_for(args.rows, args.edits)))


if __name__ == "__main__":
    main()
