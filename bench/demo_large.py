"""Benchmark: time and peak memory of filling a fresh temporary database with the large demo data set."""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import store  # noqa: E402
from store.demo import fill_demo  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", nargs="?", default="large", choices=("small", "large"))
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also report the peak of Python allocations (slows the run down)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        store.open_database(path)
        try:
            if args.tracemalloc:
                tracemalloc.start()
            started = time.perf_counter()
            counts = fill_demo(args.size)
            elapsed = time.perf_counter() - started
            python_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
            tracemalloc.stop()
        finally:
            store.close()
        files_mib = sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
    print(f"fill_demo({args.size!r}): {counts}")
    print(f"time: {elapsed:.1f} s" + (" (tracemalloc on)" if args.tracemalloc else ""))
    print(f"peak resident set size (getrusage): {peak_rss:.0f} MiB")
    if python_peak is not None:
        print(f"peak Python allocations (tracemalloc): {python_peak / 2**20:.0f} MiB")
    print(f"database files (with WAL): {files_mib:.0f} MiB")


if __name__ == "__main__":
    main()
