"""Benchmark: the customer feedback report over a week of the large demo, as the command line writes it.

    python bench/report_bench.py [DB] [--week 2026-W48]
        `reviewdesk report feedback -o report.docx` (and .xlsx) on a copy of a `demo --size large` database
        (/tmp/large.sqlite3 by default; made if missing); the week: the last full one before today unless given

Each run is a fresh process, timed from its start to its exit (interpreter start and imports included): CPU time best
of 3, the wall time of that run, peak resident memory (VmHWM) the largest of the 3. The goal (#14 item 8): the
report over a week of the large demo (100,000 callbacks over a year, about 1,900 in a week) in 3 s.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, Row, best, machine  # noqa: E402

LARGE_DB = Path("/tmp/large.sqlite3")
FORMATS = ("docx", "xlsx")

CLI_CHILD = r"""
import io, json, sys, time
from contextlib import redirect_stdout
from reviewdesk.desktop.cli import main as cli
out = io.StringIO()
with redirect_stdout(out):
    code = cli.main(["--db", sys.argv[1], "report", "feedback", *sys.argv[3:], "-o", sys.argv[2], "--json"])
if code:
    raise SystemExit(f"reviewdesk report feedback exited with {code}")
figures = json.loads(out.getvalue())
peak = next(int(line.split()[1]) / 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"cpu": time.process_time(), "peak_mib": peak, "week": figures["period"]["week"],
                  "callbacks": [figures["overall"][p]["callbacks"] for p in ("current", "previous")]}))
"""


def measure(db: Path, suffix: str, week: str | None = None, repeat: int = 3) -> dict:
    """The report on the database `db` as a .docx or .xlsx, each run a fresh process: best CPU time of `repeat`."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for index in range(repeat):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", CLI_CHILD, str(db), str(Path(tmp) / f"report{index}.{suffix}"),
                                   *(["--week", week] if week else [])], capture_output=True, text=True, cwd=tmp)
            seconds = time.perf_counter() - started  # from the process's start to its exit
            if done.returncode:
                raise RuntimeError(f"reviewdesk report feedback failed:\n{done.stderr[-3000:]}")
            runs.append({**json.loads(done.stdout.strip().splitlines()[-1]), "seconds": seconds})
    return best(runs)


def large_copy(source: Path, folder: Path) -> Path:
    """A copy of the large demo database (made with `reviewdesk demo --size large` when `source` does not exist)."""
    db = folder / "large.sqlite3"
    if source.exists():
        shutil.copyfile(source, db)
    else:
        subprocess.run([sys.executable, "-m", "reviewdesk", "--db", str(db), "demo", "--size", "large"], check=True,
                       cwd=ROOT, capture_output=True)
    return db


def rows_for(db: Path, repeat: int = 3) -> list[Row]:
    """The report over the last full week of the large demo at `db`, as a Word document and as a workbook."""
    rows = []
    for suffix in FORMATS:
        found = measure(db, suffix, repeat=repeat)
        now, before = found["callbacks"]
        rows.append(Row(f"customer feedback report (`reviewdesk report feedback -o FILE.{suffix}`)",
                        f"large demo, {found['week']}: {now:,} callbacks beside {before:,}", found, goal=3.0,
                        goal_seconds=True))
    return rows


def main() -> int:
    args = sys.argv[1:]
    week = args.pop(args.index("--week") + 1) if "--week" in args else None
    args = [a for a in args if a != "--week"]
    source = Path(args[0]) if args else LARGE_DB
    with tempfile.TemporaryDirectory() as tmp:
        db = large_copy(source, Path(tmp))
        results = {suffix: measure(db, suffix, week) for suffix in FORMATS}
    print(f"`reviewdesk report feedback` over a week of the large demo ({source}), {machine()}; a fresh process each "
          "run, best of 3 by CPU time, peak the largest of the 3\n")
    print("| file | week | callbacks (this week / the week before) | wall time (s) | CPU time (s) | peak RSS (MiB) "
          "| goal |")
    print("|---|---|---:|---:|---:|---:|---|")
    for suffix, r in results.items():
        now, before = r["callbacks"]
        print(f"| .{suffix} | {r['week']} | {now:,} / {before:,} | {r['seconds']:.2f} | {r['cpu']:.2f} | "
              f"{r['peak_mib']:.0f} | ≤ 3 s: {'met' if r['seconds'] <= 3 else 'missed'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
