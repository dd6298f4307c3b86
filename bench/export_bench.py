"""Benchmark: export_workbook against bare xlsxwriter writing the same cells, 10,000 and 100,000 callbacks.

    python bench/export_bench.py [ROWS ...]        (default: 10000 100000)

Every measurement runs in a fresh subprocess, so its peak resident set size (VmHWM) is its own; the
ratio is taken on CPU time (best of several interleaved runs), which other work on the machine disturbs
far less than wall-clock time.
Three ways of writing the same callback rows are timed:
  bare (values in memory)  the cell values computed beforehand; only xlsxwriter's writing is timed
  bare (from database)     the records streamed from the database with store.select_records, converted
                           to the same values and written with bare xlsxwriter (no formats, no sheets
                           besides the data): what any exporter has to do at least
  bare (same cells)        the same, plus the contract's list of every row's code and revision (packed into
                           long cells, which the importer needs): every data cell export_workbook writes, bare
  export_workbook          ReviewDesk's export: formats, drop-downs, locks, highlights, the contract
                           sheet with every row's code and revision, the overview with its charts
The ratio is taken against "bare (same cells)".
Both bare writers use constant_memory above LARGE_EXPORT rows, as export_workbook does.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reviewdesk import store  # noqa: E402
from bench.common import Row, best, machine, peak_mib, run_json, seed_reference, table  # noqa: E402
SUGGESTIONS = ("希望物流信息更新更及时", "不要让我重复描述问题", "等待时间过长,希望尽快处理", "退款到账太慢",
               "材料提交太繁琐,希望一次说清楚需要什么", "客服态度很好,继续保持", "")
CHUNK = 5_000


def build(path: Path, rows: int) -> None:
    """A database with `rows` callbacks (plain store.create_many, so the bench does not depend on demo data)."""
    store.open_database(path)
    seed_reference()
    rnd = random.Random(7)
    day = dt.date(2026, 1, 1)
    lookups = store.Lookups()
    for start in range(0, rows, CHUNK):
        batch = []
        for i in range(start, min(rows, start + CHUNK)):
            resolved = day + dt.timedelta(days=i % 300)
            score = rnd.choice((3, 5, 6, 7, 8, 8, 9, 9, 10, 10))
            batch.append({
                "ticket_no": f"XR2026{i:07d}", "customer_name": rnd.choice("王李张刘陈杨黄赵吴周") + rnd.choice(("先生", "女士")),
                "phone": f"138{rnd.randrange(10**8):08d}", "customer_type": rnd.choice(("new", "returning", "vip")),
                "issue_type": rnd.choice(("inquiry", "complaint", "after_sales", "other")),
                "resolved_on": resolved, "callback_date": resolved + dt.timedelta(days=rnd.choice((0, 1, 1, 2))),
                "channel": rnd.choice(("phone", "survey", "sms")), "resolved": rnd.choice(("yes", "yes", "partial", "no")),
                "score": score, "speed_ok": rnd.choice(("yes", "no")), "suggestion": rnd.choice(SUGGESTIONS) or None,
                "follow_up_owner": rnd.choice(("张敏", "陈静")) if score < 8 else None,
                "follow_up_result": "已致歉并补发配件,客户认可" if score < 8 and i % 3 else None})
        store.create_many("callback", batch, who="bench", lookups=lookups)
    store.close()


def _bare_cells(lang: str = "zh"):
    """The same cell values export_workbook writes, computed with nothing but dictionaries."""
    from reviewdesk.exporters.masking import mask
    from reviewdesk.templates import Kind, artefact

    art = artefact("callback")
    columns = []
    for f in art.fields:
        if f.kind is Kind.CHOICE:
            labels = {c.key: c.label(lang) for c in f.choices}
            columns.append((f.key, "s", lambda v, labels=labels: labels.get(v)))
        elif f.kind is Kind.DATE:
            columns.append((f.key, "d", None))
        elif f.kind is Kind.INTEGER:
            columns.append((f.key, "n", None))
        elif f.personal:
            columns.append((f.key, "s", lambda v, f=f: mask(f, v)))
        else:
            columns.append((f.key, "s", None))
    return art, columns


def run_bare(db: Path, out: Path, rows: int, preload: bool, contract: bool = False) -> tuple[float, float]:
    import xlsxwriter

    from reviewdesk.exporters.xlsx.export import LARGE_EXPORT

    store.open_database(db)
    art, columns = _bare_cells()
    records = store.select_records("callback")
    if preload:
        records = [[r["code"]] + [(conv(r[k]) if conv else r[k]) for k, _, conv in columns] for r in records]
    started, cpu = time.perf_counter(), time.process_time()
    wb = xlsxwriter.Workbook(str(out), {"constant_memory": rows > LARGE_EXPORT})
    ws = wb.add_worksheet("满意度回访")
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_string(0, 0, art.code_zh)
    for c, f in enumerate(art.fields, 1):
        ws.write_string(0, c, f.zh)
    kinds = ["s"] + [k for _, k, _ in columns]
    meta = wb.add_worksheet("_reviewdesk") if contract else None
    meta_row, packed = 1, []
    for r, record in enumerate(records, 1):
        values = record if preload else [record["code"]] + [(conv(record[k]) if conv else record[k]) for k, _, conv in columns]
        if meta is not None:  # the contract's rows: code:revision packed into long cells, as export_workbook does
            packed.append(f"{record['code']}:{record['revision']}")
            if len(packed) == 2_000:
                meta.write_string(meta_row, 0, "rows"), meta.write_string(meta_row, 1, "callback")
                meta.write_string(meta_row, 2, " ".join(packed))
                meta_row, packed = meta_row + 1, []
        for c, (kind, value) in enumerate(zip(kinds, values)):
            if value is None:
                continue
            if kind == "s":
                ws.write_string(r, c, value)
            elif kind == "n":
                ws.write_number(r, c, value)
            else:
                ws.write_datetime(r, c, value, date_format)
    if packed:
        meta.write_string(meta_row, 0, "rows"), meta.write_string(meta_row, 1, "callback")
        meta.write_string(meta_row, 2, " ".join(packed))
    wb.close()
    return time.perf_counter() - started, time.process_time() - cpu


def run_export(db: Path, out: Path) -> tuple[float, float]:
    from reviewdesk.exporters.xlsx.export import export_workbook

    store.open_database(db)
    started, cpu = time.perf_counter(), time.process_time()
    export_workbook(out, ["callback"], lang="zh")
    return time.perf_counter() - started, time.process_time() - cpu


def child(mode: str, db: str, rows: int) -> None:
    out = Path(tempfile.mkdtemp()) / "out.xlsx"
    if mode == "export":
        seconds, cpu = run_export(Path(db), out)
    else:
        seconds, cpu = run_bare(Path(db), out, rows, preload=mode == "bare-memory", contract=mode == "bare-same")
    peak = peak_mib()
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mib": peak, "size_mib": out.stat().st_size / 2**20}))


MODES = [("bare-memory", "bare xlsxwriter, data cells, values in memory"),
         ("bare-db", "bare xlsxwriter, data cells, from database"),
         ("bare-same", "bare xlsxwriter, same cells (data + contract rows), from database"),
         ("export", "export_workbook")]


def measure(db: Path, rows: int, repeat: int) -> dict[str, dict]:
    """Best CPU time and largest peak of each mode; runs are interleaved so a busy moment hits every mode alike."""
    runs: dict[str, list[dict]] = {m: [] for m, _ in MODES}
    for _ in range(repeat):
        for mode in runs:
            runs[mode].append(run_json([__file__, "--child", mode, str(db), str(rows)]))
    return {m: best(r) for m, r in runs.items()}


def rows_for(sizes: list[int], repeat: int | None = None, data: str = "{rows:,} callbacks") -> list[Row]:
    """The export of each size against bare xlsxwriter writing the same cells, as result rows."""
    result = []
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            db = Path(folder) / f"bench{rows}.sqlite3"
            build(db, rows)
            found = measure(db, rows, repeat or (5 if rows <= 10_000 else 3))
            result.append(Row("Excel export (`export_workbook`)", data.format(rows=rows), found["export"],
                              found["bare-same"], "bare xlsxwriter, same cells", goal=1.3, details=found))
    return result


def main(sizes: list[int]) -> None:
    print(f"machine: {machine()}\n")
    print("| rows | writer | wall time (s) | CPU time (s) | peak RSS (MiB) | file (MiB) | CPU time vs bare, same cells |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    rows = rows_for(sizes)
    for row, size in zip(rows, sizes):
        base = row.details["bare-same"]["cpu"]
        for mode, label in MODES:
            r = row.details[mode]
            print(f"| {size:,} | {label} | {r['seconds']:.2f} | {r['cpu']:.2f} | {r['peak_mib']:.0f} "
                  f"| {r['size_mib']:.1f} | {r['cpu'] / base:.2f}× |")
    print("\n" + table(rows))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
