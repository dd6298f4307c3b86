"""The pilot's before and after worked out from the rows alone, for the tests of the store, the window and the pack."""
from __future__ import annotations


def expected_before_after(target: dict, readings: list[dict], steps: list[dict]) -> dict:
    """The comparison worked out from the rows alone, by the rule docs/method.md writes."""
    mine = [r for r in readings if r["target"] == target["code"]]
    pilots = [s for s in steps if s["target"] == target["code"] and s["phase"] == "pilot"
              and s["status"] != "cancelled"]
    dated = [s for s in pilots if s["start_date"] and s["end_date"]]
    marked = [r["measured_on"] for r in mine if r["phase"] == "pilot"]
    if dated:
        start = min(s["start_date"] for s in dated)
    elif marked:
        start = min(marked)
    else:
        return {"outcome": "undated" if pilots else "no_pilot"}
    before = [float(r["value"]) for r in mine if r["measured_on"] < start]
    after = [float(r["value"]) for r in mine if r["measured_on"] >= start]
    if not before or not after:
        return {"outcome": "no_readings" if not before and not after else "none_before" if not before
                else "none_after", "start": start, "before": len(before), "after": len(after)}
    mean_before, mean_after = sum(before) / len(before), sum(after) / len(after)
    change = mean_after - mean_before
    found = {"outcome": "compared", "start": start, "before": len(before), "after": len(after),
             "mean_before": mean_before, "mean_after": mean_after, "change": change,
             "percent": change / mean_before * 100 if mean_before else None, "gap": None, "toward": None}
    baseline, goal = target["baseline"], target["target_value"]
    if baseline is not None and goal is not None and goal != baseline:
        found["gap"] = change / (float(goal) - float(baseline)) * 100
        found["toward"] = found["gap"] > 0.05
    return found
