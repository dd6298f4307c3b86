"""Import benchmark on a team database (PostgreSQL over loopback): the dry-run plan of a 10,000-row sheet with 1,000
edits against the same read with bare psycopg (calamine reads the sheet, one query fetches the same rows), and
applying 10,000 updates against bare psycopg making the same change in one transaction: the same UPDATEs with the
revision check, pipelined by executemany, the audit rows written by the same server triggers.

    REVIEWDESK_TEST_PG=postgresql://USER@127.0.0.1:PORT/postgres python bench/team_import_bench.py

Judged on wall time, not CPU time: on a server much of the work (the triggers writing 10,000 audit rows, the
indexes) is the server's, in no client's CPU time, and both sides wait for it alike.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import import_bench  # noqa: E402
from bench.common import Row, best, machine, table  # noqa: E402
from bench.server import SKIPPED, copy_of, databases, server  # noqa: E402

CHILD = {
    "floor_read": """
import python_calamine, psycopg
#timed
book = python_calamine.CalamineWorkbook.from_path(r'{folder}/edited.xlsx')
rows = book.get_sheet_by_name('满意度回访').to_python()
with psycopg.connect('{url}') as db:
    codes = [r[0] for r in rows[1:]]
    fetched = db.execute('SELECT * FROM callback WHERE code = ANY(%s)', (codes,)).fetchall()
assert len(fetched) == len(codes)
""",
    "plan": """
from reviewdesk import store
from reviewdesk.exporters.returns.plan import build_plan
#timed
store.open_database('{url}')
plan = build_plan([r'{folder}/edited.xlsx'])
assert len(plan.updated) == {edits}, len(plan.updated)
""",
    # The same change without ReviewDesk: the revision and old value read, the change numbered from the server's
    # sequence, the same UPDATE (value, revision, updated time and who, change number) checked against the revision
    # read, all in one pipeline by executemany; the server's triggers write the audit rows for both
    "floor_apply": """
import psycopg, datetime as dt
db = psycopg.connect('{url}')
codes = [c for (c,) in db.execute('SELECT code FROM callback ORDER BY number LIMIT {rows}')]
db.commit()
#timed
at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
with db.transaction():
    db.execute("SELECT set_config('reviewdesk.source', 'bench', true)")
    current = {{code: (revision, old) for code, revision, old in db.execute(
        'SELECT code, revision, suggestion FROM callback WHERE code = ANY(%s)', (codes,))}}
    numbers = [n for (n,) in db.execute("SELECT nextval('reviewdesk_change_id') FROM generate_series(1, %s)",
                                        (len(codes),))]
    cursor = db.cursor()
    cursor.executemany('UPDATE callback SET suggestion = %s, revision = %s, updated_at = %s, updated_by = %s, '
                       'last_change = %s WHERE code = %s AND revision = %s',
                       [('批量修改', current[c][0] + 1, at, 'bench', n, c, current[c][0]) for c, n in zip(codes, numbers)])
    assert cursor.rowcount == len(codes)
""",
    "apply": """
from reviewdesk import store
store.open_database('{url}')
codes = [r['code'] for r in store.select_records('callback', limit={rows})]
#timed
store.update_many([(c, {{'suggestion': '批量修改'}}, None) for c in codes], who='bench', source='bench')
""",
}


def measure(name: str, folder: Path, rows: int, edits: int, url: str) -> dict:
    return import_bench.measure(name, folder, rows, edits, CHILD, url=url)


def rows_for(rows: int, edits: int, repeat: int = 5) -> list[Row]:
    """The dry-run plan and the apply of one size on a team database against their bare psycopg floors."""
    from reviewdesk import store

    runs: dict[str, list[dict]] = {name: [] for name in CHILD}
    with tempfile.TemporaryDirectory() as tmp, databases() as new:
        folder, url = Path(tmp), new("import")
        store.setup(url)
        import_bench.prepare(folder, rows, edits, url)
        for name in ("floor_read", "plan"):  # once unmeasured: the files just written, compiled modules, settle
            measure(name, folder, rows, edits, url)
        for _ in range(repeat):
            for name in ("floor_read", "plan"):
                runs[name].append(measure(name, folder, rows, edits, url))
            for name in ("floor_apply", "apply"):  # each on a fresh copy of the database
                runs[name].append(measure(name, folder, rows, edits, copy_of(url)))
    found = {name: best(r, "seconds") for name, r in runs.items()}
    return [Row("dry-run import plan, team database", f"{rows:,}-row sheet, {edits:,} edits, PostgreSQL", found["plan"],
                found["floor_read"], "calamine read + psycopg fetch", goal=1.5, by_wall=True),
            Row("apply updates, team database", f"{rows:,} updates, PostgreSQL", found["apply"], found["floor_apply"],
                "psycopg executemany of the same UPDATEs with revision check, change numbers and updated time/who in "
                "one transaction; audit rows by the same server triggers", goal=2.0, by_wall=True)]


def main() -> None:
    if not server():
        print(SKIPPED)
        return
    print(f"Machine: {machine()}; wall time, best of 5\n")
    print(table(rows_for(10_000, 1_000)))


if __name__ == "__main__":
    main()
