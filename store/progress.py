"""Targets' progress (templates/progress.py) from the database: each target with its readings and its pilot steps."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping, Sequence

from reviewdesk.templates.progress import PILOT_PHASE, Progress, progress

from reviewdesk.store.records import Lookups, select_records

STEP_FIELDS = ("target", "phase", "start_date", "end_date", "status")


def target_progress(codes: Sequence[str], *, readings: Iterable[Mapping] | None = None,
                    lookups: Lookups | None = None) -> list[Progress]:
    """The progress of these targets, in code order (a code that is not a target's is left out).

    `readings`: the readings to draw on (a pack's, already read); by default every reading of these targets, whole."""
    lookups = lookups or Lookups()
    codes = sorted(set(codes))
    if not codes:
        return []
    if readings is None:
        readings = select_records("reading", {"target": codes}, lookups=lookups)
    theirs: dict[str, list[Mapping]] = defaultdict(list)
    for r in readings:
        theirs[r["target"]].append(r)
    steps: dict[str, list[Mapping]] = defaultdict(list)
    for s in select_records("plan_step", {"target": codes, "phase": [PILOT_PHASE]}, fields=STEP_FIELDS,
                            lookups=lookups):
        steps[s["target"]].append(s)
    return [progress(t, theirs[t["code"]], steps[t["code"]])
            for t in select_records("target", codes=codes, lookups=lookups)]


__all__ = ["target_progress"]
