"""The frozen application: its size unpacked and how soon its window is usable after the program starts.

    python bench/bundle_bench.py [DIST_DIR]      # default dist/ReviewDesk (python packaging/build.py makes it)

Start time is wall time from launching `ReviewDesk` (offscreen) to the moment the window has painted its first
page (the window writes REVIEWDESK_READY_FILE then), best of 5, on the small demo's database. Goals (#13):
at most 150 MB unpacked, the window usable within 1.5 s.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import Row  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GOAL_MB, GOAL_SECONDS = 150, 1.5


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def start_seconds(dist: Path, db: Path, runs: int = 5) -> float:
    window = dist / ("ReviewDesk.exe" if sys.platform == "win32" else "ReviewDesk")
    best = float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            ready = Path(tmp) / f"ready{run}.json"
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REVIEWDESK_READY_FILE=str(ready), HOME=tmp,
                       XDG_CONFIG_HOME=tmp)
            started = time.perf_counter()
            process = subprocess.Popen([str(window), "--db", str(db)], env=env)
            while not ready.exists() and process.poll() is None:
                time.sleep(0.005)
            best = min(best, time.perf_counter() - started)
            process.wait(timeout=60)
    return best


def rows_for(dist: Path) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite3"
        cli = dist / ("reviewdesk.com" if sys.platform == "win32" else "reviewdesk")
        subprocess.run([str(cli), "--db", str(db), "demo"], check=True, capture_output=True)
        seconds = start_seconds(dist, db)
    size = size_mb(dist)
    return [Row("frozen application: size unpacked", f"{dist.name}/, {sys.platform}",
                {"cpu": 0, "seconds": 0, "peak_mib": 0}, details={"size_mb": round(size, 1), "goal_mb": GOAL_MB}),
            Row("frozen application: window usable after start", "small demo",
                {"cpu": seconds, "seconds": seconds, "peak_mib": 0}, goal=GOAL_SECONDS, goal_seconds=True)]


def main() -> None:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist" / "ReviewDesk")
    rows = rows_for(dist)
    print(f"size {rows[0].details['size_mb']} MB (goal ≤ {GOAL_MB} MB); window usable after "
          f"{rows[1].ours['seconds']:.2f} s (goal ≤ {GOAL_SECONDS} s)")


if __name__ == "__main__":
    main()
