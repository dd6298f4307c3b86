"""Benchmark: time and peak memory of filling a fresh database with the small or the large demo data set.

    python bench/demo_large.py [small|large] [--db PATH|URL] [--tracemalloc]

Without --db the database is a temporary file, removed afterwards.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewdesk import store  # noqa: E402
from reviewdesk.store.db import is_server  # noqa: E402
from bench.common import Row, peak_mib, run_json  # noqa: E402
from reviewdesk.store.demo import fill_demo  # noqa: E402


def fill(path: Path | str, size: str, trace: bool = False) -> dict:
    """Fill a new database at `path` (a file, or an empty team database, set up first); what it took."""
    team = is_server(path)
    if team:
        store.setup(path)
    else:
        store.open_database(path)
    try:
        if trace:
            tracemalloc.start()
        started, cpu = time.perf_counter(), time.process_time()
        counts = fill_demo(size)
        result = {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "counts": counts}
        if trace:
            result["python_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
        if team:
            size_bytes = store.database.execute_sql("SELECT pg_database_size(current_database())").fetchone()[0]
            result["files_mib"] = size_bytes / 2**20
    finally:
        store.close()
    result["peak_mib"] = peak_mib()
    if not team:
        result["files_mib"] = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
    return result


def row_for(size: str, path: Path | str) -> Row:
    """Fill a demo database at `path` (a file, or an empty team database) in a fresh process, as a result row (the
    window is measured on it next)."""
    found = run_json([__file__, size, "--db", str(path), "--json"])
    counts = found["counts"]
    team = is_server(path)
    return Row(f"demo data (`reviewdesk demo --size {size}`)" + (", team database" if team else ""),
               f"{sum(counts.values()):,} records, {found['files_mib']:.0f} MiB " + ("database" if team else "file"),
               found)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", nargs="?", default="large", choices=("small", "large"))
    parser.add_argument("--db", type=lambda given: given if is_server(given) else Path(given),
                        help="fill this new database (a file, or an empty team database's URL) and keep it")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also report the peak of Python allocations (slows the run down)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        result = fill(args.db or Path(folder) / "bench.sqlite3", args.size, args.tracemalloc)
    if args.json:
        print(json.dumps(result))
        return
    print(f"fill_demo({args.size!r}): {result['counts']}")
    print(f"time: {result['seconds']:.1f} s (CPU {result['cpu']:.1f} s)" + (" (tracemalloc on)" if args.tracemalloc else ""))
    print(f"peak resident set size (VmHWM): {result['peak_mib']:.0f} MiB")
    if "python_peak_mib" in result:
        print(f"peak Python allocations (tracemalloc): {result['python_peak_mib']:.0f} MiB")
    print(f"database files (with WAL): {result['files_mib']:.0f} MiB")


if __name__ == "__main__":
    main()
