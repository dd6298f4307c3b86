"""Every benchmark in one run, at the small demo's scale and at the large one, as one Markdown table.

    python bench/run_all.py            # about 10 minutes on 2 cores; prints the table
    python bench/run_all.py --write    # and puts it into bench/README.md between the "latest run" markers
    python bench/run_all.py --quick    # one repetition per case and no 100,000-row export: a smoke run

Small scale is what `reviewdesk demo` creates (300 callbacks, 40 issues); large scale is the issues' goal
sizes and `reviewdesk demo --size large` (10,000 issues, 100,000 callbacks). Each figure comes from a fresh
process: CPU time (best of the repetitions; the ratio is taken on it), wall time, and peak resident memory
(VmHWM, the largest of the repetitions). Goals are judged at the sizes the issues set them for.

With REVIEWDESK_TEST_PG set (as for the tests: a PostgreSQL server's URL, an account that may create databases
and roles) the team database rows follow, on databases of their own made on that server and dropped after:
the large demo and the window on it, the import, 20 clients at once. Without it they are skipped, and the table
says so.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import (demo_large, export_bench, import_bench, list_target_bench, pack_bench, report_bench,  # noqa: E402
                   server, team_clients_bench, team_import_bench, window_bench)
from bench.common import Row, machine, table  # noqa: E402

README = Path(__file__).with_name("README.md")
START, END = "<!-- latest run: start -->", "<!-- latest run: end -->"


def without_goal(rows: list[Row]) -> list[Row]:
    """Small-scale rows keep their ratio but are not judged: fixed costs (charts, styles) dominate tiny data."""
    for row in rows:
        row.goal = None
    return rows


def run(quick: bool) -> tuple[list[Row], float]:
    repeat = 1 if quick else None
    started = time.perf_counter()
    rows: list[Row] = []

    def step(name: str, found: list[Row]) -> None:
        rows.extend(found)
        print(f"[{time.perf_counter() - started:5.0f} s] {name} done", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as folder:
        small, large = Path(folder) / "small.sqlite3", Path(folder) / "large.sqlite3"
        step("small demo", [demo_large.row_for("small", small)])
        step("large demo", [demo_large.row_for("large", large)])
        step("window, small demo", window_bench.rows_for(str(small), "small demo", runs=repeat or 3))
        step("window, large demo", window_bench.rows_for(str(large), "large demo", runs=repeat or 3))
        step("feedback report, large demo", report_bench.rows_for(large, repeat or 3))
        step("list target, 10,000 × 5 readings", list_target_bench.rows_for(10_000, 5, repeat or 3))
    # the exports last: the 100,000-row one leaves hundreds of MB to be written back, which slows whatever follows
    step("import, small", without_goal(import_bench.rows_for(300, 30, repeat or 5)))
    step("import, 10,000", import_bench.rows_for(10_000, 1_000, repeat or 9))
    step("pack, small", without_goal(pack_bench.rows_for(40, repeat or 3)))
    step("pack, 5,000", pack_bench.rows_for(5_000, repeat or 3))
    step("export, small", without_goal(export_bench.rows_for([300], repeat, "{rows:,} callbacks (small demo)")))
    step("export, 10,000", export_bench.rows_for([10_000], repeat))
    if not quick:
        step("export, 100,000", export_bench.rows_for([100_000], repeat, "{rows:,} callbacks (large demo)"))
    if server.server():
        team_steps(step, repeat)
    else:
        print(server.SKIPPED, file=sys.stderr)
    return rows, time.perf_counter() - started


def team_steps(step, repeat: int | None) -> None:
    """The team database's rows, PostgreSQL over loopback: the large demo made on it and the window's first paint
    of its 100,000 callbacks (goal < 0.3 s), the import against bare psycopg, 20 clients at once."""
    with server.databases() as new:
        url = new("large")
        step("team database: large demo", [demo_large.row_for("large", url)])
        window = window_bench.rows_for(url, "large demo, team database", runs=repeat or 3)
        window[1].goal, window[1].goal_seconds = 0.3, True  # the callbacks table's first paint
        step("team database: window, large demo", window)
    step("team database: import, 10,000", team_import_bench.rows_for(10_000, 1_000, repeat or 5))
    step("team database: 20 clients", team_clients_bench.rows_for())


def order(rows: list[Row]) -> list[Row]:
    """Group the table by step, small scale first, as a reader compares them."""
    steps = list(dict.fromkeys(r.step for r in rows))
    return sorted(rows, key=lambda r: steps.index(r.step))


def report(rows: list[Row], seconds: float, quick: bool) -> str:
    skipped = "" if server.server() else f"\n\n{server.SKIPPED[0].upper()}{server.SKIPPED[1:]}."
    return (f"Machine: {machine()}; {dt.date.today().isoformat()}; the whole run took {seconds / 60:.0f} min"
            + (" (quick: one repetition, no 100,000-row export)" if quick else "") + ".\n\n" + table(order(rows))
            + skipped)


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    block = f"{START}\n{text}\n{END}"
    if START in readme:
        readme = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, readme, flags=re.S)
    else:
        readme = f"# Benchmarks\n\n## Latest run (`python bench/run_all.py --write`)\n\n{block}\n\n" + readme
    README.write_text(readme, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one repetition per case, no 100,000-row export")
    parser.add_argument("--write", action="store_true", help="put the table into bench/README.md")
    args = parser.parse_args()
    rows, seconds = run(args.quick)
    text = report(rows, seconds, args.quick)
    print(text)
    if args.write:
        write_readme(text)
        print(f"\nwritten to {README}", file=sys.stderr)


if __name__ == "__main__":
    main()
