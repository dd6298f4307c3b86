"""Benchmark: `reviewdesk list target` with the fields gathered from KPI readings against the same list without them.

    python bench/list_target_bench.py [--targets 10000] [--readings 5]
        a database of TARGETS targets with READINGS readings each (made through the store, once per run); then
        `reviewdesk list target --fields …` with latest value, its date, attainment and tracking, and without them

Each run is a fresh process (interpreter start and imports included): CPU time best of 3, the wall time of that run,
peak resident memory (VmHWM) the largest of the 3. The goal (#14 item 8): within 1.5× of the list without them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Row, best, machine, run_json, seed_reference, table  # noqa: E402

PLAIN = "code,title,department,owner,baseline,target_value,due_date,status"
GATHERED = PLAIN + ",latest_value,latest_on,attainment,tracking"

CLI_CHILD = r"""
import io, json, sys, time
from contextlib import redirect_stdout
from reviewdesk.desktop.cli import main as cli
out = io.StringIO()
with redirect_stdout(out):
    code = cli.main(["--db", sys.argv[1], "list", "target", "--fields", sys.argv[2]])
if code:
    raise SystemExit(f"reviewdesk list exited with {code}")
peak = next(int(line.split()[1]) / 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"cpu": time.process_time(), "peak_mib": peak, "lines": out.getvalue().count(chr(10))}))
"""


def make_database(path: Path, targets: int, readings: int) -> None:
    """`targets` targets over the demo's departments, each with `readings` weekly readings toward its value."""
    from reviewdesk import store

    store.open_database(path)
    seed_reference()
    today = dt.date.today()
    departments = [d["code"] for d in store.reference.departments()]
    rows = [{"title": f"指标 {n} 从 8 降至 4", "baseline": 8, "target_value": 4, "unit": "%",
             "department": departments[n % len(departments)], "due_date": today + dt.timedelta(days=30 + n % 90)}
            for n in range(targets)]
    codes = [c.code for c in store.create_many("target", rows, who="bench")]
    for start in range(0, len(codes), 2000):
        store.create_many("reading", [{"target": code, "measured_on": today - dt.timedelta(days=7 * (readings - w)),
                                       "value": 8 - (w + 1) * 0.5, "period": "week"}
                                      for code in codes[start:start + 2000] for w in range(readings)], who="bench")
    store.close()


def measure(db: Path, fields: str, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        found = run_json(["-c", CLI_CHILD, str(db), fields])
        runs.append({**found, "seconds": time.perf_counter() - started})
    return best(runs)


def rows_for(targets: int = 10_000, readings: int = 5, repeat: int = 3) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "targets.sqlite3"
        make_database(db, targets, readings)
        ours = measure(db, GATHERED, repeat)
        floor = measure(db, PLAIN, repeat)
    return [Row("`reviewdesk list target` with latest value, date, attainment and tracking",
                f"{targets:,} targets × {readings} readings", ours, floor, "the same list without them", goal=1.5)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=10_000)
    parser.add_argument("--readings", type=int, default=5)
    args = parser.parse_args()
    rows = rows_for(args.targets, args.readings)
    print(machine())
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
