"""What every benchmark shares: reference data, the child-process measurement, peak memory and result rows."""
from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DEPARTMENTS = [("CS", "客服中心", "Customer Service"), ("IT", "技术部", "IT"), ("LOG", "物流部", "Logistics"),
               ("FIN", "财务部", "Finance")]
PEOPLE = [("李娜", "CS", "team_lead"), ("张敏", "CS", "supervisor"), ("王强", "IT", "manager"),
          ("赵磊", "LOG", "specialist"), ("陈静", "FIN", "supervisor")]


def seed_reference() -> None:
    """The departments and people the benchmarks' own databases refer to (the open database)."""
    from reviewdesk.store import reference

    for code, zh, en in DEPARTMENTS:
        reference.save_department(code, zh, en, who="bench")
    for name, dept, role in PEOPLE:
        reference.save_person(name, dept, role, who="bench")


def peak_mib() -> float:
    """This process's own peak resident set (VmHWM); ru_maxrss would carry the parent's peak across exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)


def run_json(argv: list[str], env: dict[str, str] | None = None) -> dict:
    """Run one measurement in a fresh Python process; its last stdout line is a JSON object."""
    done = subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def best(runs: list[dict], by: str = "cpu") -> dict:
    """The run with the least CPU time (or wall time: `by` "seconds"), with the largest peak memory of all runs
    (memory must not look better than it ever was)."""
    chosen = dict(min(runs, key=lambda r: r[by]))
    chosen["peak_mib"] = max(r["peak_mib"] for r in runs)
    return chosen


def machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


@dataclass
class Row:
    """One line of the results table: ReviewDesk's figures beside the floor they are measured against."""

    step: str
    data: str  # which database / how many rows
    ours: dict  # {"cpu", "seconds", "peak_mib"}
    floor: dict | None = None
    floor_label: str = ""
    goal: float | None = None  # the greatest acceptable ratio of CPU times, or for a floor-less step seconds
    goal_seconds: bool = False
    details: dict | None = None  # every measured case, for a script's own detailed table
    by_wall: bool = False  # the ratio of wall times: work a server does is in no client's CPU time

    @property
    def ratio(self) -> float | None:
        key = "seconds" if self.by_wall else "cpu"
        return self.ours[key] / self.floor[key] if self.floor and self.floor[key] else None

    @property
    def verdict(self) -> str:
        if self.goal is None:
            return ""
        value = self.ours["seconds"] if self.goal_seconds else self.ratio
        if value is None:
            return ""
        return "met" if value <= self.goal else "**missed**"

    def markdown(self) -> str:
        floor = "—"
        if self.floor:
            shown = f"{duration(self.floor['seconds'])} wall" if self.by_wall else duration(self.floor["cpu"])
            floor = f"{shown} / {self.floor['peak_mib']:.0f} MiB ({self.floor_label})"
        ratio = f"{self.ratio:.2f}×" + (" wall" if self.by_wall else "") if self.ratio is not None else "—"
        goal = "" if self.goal is None else (f"< {duration(self.goal)}" if self.goal_seconds else f"≤ {self.goal}×")
        return (f"| {self.step} | {self.data} | {duration(self.ours['cpu'])} | {duration(self.ours['seconds'])} | "
                f"{self.ours['peak_mib']:.0f} MiB | {floor} | {ratio} | {goal} {self.verdict} |")


def duration(seconds: float) -> str:
    """0.24 s, or under a tenth of a second in milliseconds (a save's latency): 37 ms."""
    return f"{seconds * 1000:.0f} ms" if seconds < 0.1 else f"{seconds:.2f} s"


TABLE_HEADER = ("| step | data | ReviewDesk CPU | wall | peak memory | floor (CPU / peak) | ratio (CPU) | goal |\n"
                "|---|---|---:|---:|---:|---|---:|---|")


def table(rows: list[Row]) -> str:
    return "\n".join([TABLE_HEADER] + [r.markdown() for r in rows])
