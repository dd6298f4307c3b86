"""Benchmark: a meeting's review pack whose Word document holds 5,000 table rows, against building the same tables' XML.

    python bench/pack_bench.py [ROWS]        (default: 5000 open issues in the pack's scope)

Each case runs in a fresh subprocess and reports its time and its peak resident set size (VmHWM from
/proc/self/status: ru_maxrss would include the parent's peak, inherited across fork/exec on Linux).
  tables as one XML string   the in-scope records read with store.select_records, every field shown as the
                             document shows it, one <w:tbl> string per table parsed once into a blank
                             python-docx document, saved: the least any Word exporter has to do
  python-docx row by row     the same tables with python-docx's add_table/add_row/cell.text (reference)
  pack document              ReviewDesk's 评审材料包.docx: cover, contents, summary figures, five charts,
                             every section, decisions, sign-off, styles (write_pack_document)
  whole pack                 write_pack: the document, the workbook of the records in scope, manifest.json
The goal: the pack document within 2x of the XML-string baseline.
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
from bench.common import DEPARTMENTS, PEOPLE, Row, best, machine, peak_mib, run_json, seed_reference  # noqa: E402
TITLES = ("客户需重复提交3次退换货材料", "退款工单处理时长超均值40%", "物流信息更新不及时", "发票识别错误率高",
          "大促期间咨询量激增导致工单积压", "回访话术与评分标准不统一")
CASES = ("xml", "rows", "document", "pack")
LABELS = {"xml": "tables as one XML string", "rows": "python-docx row by row", "document": "pack document (评审材料包.docx)",
          "pack": "whole pack (docx + xlsx + manifest)"}


def build(path: Path, rows: int) -> None:
    store.open_database(path)
    seed_reference()
    rnd = random.Random(5)
    levels = ("high", "medium", "low")
    issues = [dict(title=f"{rnd.choice(TITLES)}({i})", description="近6个月工单数据显示该环节平均处理时长超出目标值20%,"
                   "客户重复咨询率达25%。", category=rnd.choice(("efficiency", "experience", "compliance")),
                   source="data", process_node="退换货材料提交", impact=rnd.choice(levels), frequency=rnd.choice(levels),
                   affected_customers=str(rnd.randint(10, 5000)), difficulty=rnd.choice(levels),
                   root_cause="为什么?→依赖人工审核→为什么?→系统未对接接口", department=rnd.choice(DEPARTMENTS)[0],
                   owner=rnd.choice(PEOPLE)[0], status=rnd.choice(("open", "confirmed", "in_progress")),
                   found_on=(dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)).isoformat()) for i in range(rows)]
    for start in range(0, rows, 2_500):
        store.create_many("issue", issues[start:start + 2_500], who="bench")
    store.create("meeting", dict(title="退换货流程优化方案跨部门评审会", date="2026-12-01", departments="CS,IT",
                                 agenda=["确认核心问题", "评审目标"]), who="bench")
    store.close()


def run_case(case: str, db: Path, out: Path) -> dict:
    store.open_database(db)
    from reviewdesk.exporters.word import documents as docx_documents
    from reviewdesk.exporters.word.styles import new_document
    from reviewdesk.exporters.word.tables import add_table, save_document
    from reviewdesk.exporters.review.pack import write_pack, write_pack_document
    from reviewdesk.exporters.review.scope import meeting_scope, scoped_and_matching, scoped_records
    from reviewdesk.templates import WORKBOOK_ARTEFACTS, artefact

    start, cpu = time.perf_counter(), time.process_time()
    if case in ("xml", "rows"):
        lookups = store.Lookups()
        meeting = store.get_record("MTG-0001", lookups)
        scope = meeting_scope(meeting)
        document = new_document()
        w = docx_documents.Writer(document, "zh", lookups)
        for key in WORKBOOK_ARTEFACTS:
            art = artefact(key)
            fields = docx_documents.table_fields(art)
            records = scoped_records(key, scope, lookups=lookups)
            rows = [[r["code"]] + [w.value(art, f, r) for f in fields] for r in records]
            columns = w.columns(art, fields)
            if case == "xml":
                add_table(document, columns, rows)
            else:
                table = document.add_table(rows=1, cols=len(columns))
                for cell, column in zip(table.rows[0].cells, columns):
                    cell.text = column.label
                for row in rows:
                    for cell, value in zip(table.add_row().cells, row):
                        cell.text = value
        save_document(document, out / f"{case}.docx")
    elif case == "document":
        lookups = store.Lookups()
        meeting = store.get_record("MTG-0001", lookups)
        scope = meeting_scope(meeting)
        both = {k: scoped_and_matching(k, scope, lookups=lookups) for k in WORKBOOK_ARTEFACTS}
        write_pack_document(out / "document.docx", meeting, scope, {k: b[0] for k, b in both.items()}, lang="zh",
                            lookups=lookups, today=dt.date(2026, 11, 23), masked=True,
                            matching={k: b[1] for k, b in both.items()})
    else:
        write_pack("MTG-0001", out / "pack", today=dt.date(2026, 11, 23))
    return {"case": case, "seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "peak_mib": peak_mib()}


def measure(rows: int, cases: tuple[str, ...] = CASES, repeat: int = 3) -> dict[str, dict]:
    """Best CPU time of each case on a fresh database whose meeting holds `rows` issues in its pack scope."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        build(db, rows)
        return {case: best([run_json([__file__, "--case", case, str(db), tmp])
                            for _ in range(1 if case == "rows" else repeat)]) for case in cases}


def rows_for(rows: int, repeat: int = 3) -> list[Row]:
    """The pack document against the same tables' XML built directly, and the whole pack, as result rows."""
    found = measure(rows, ("xml", "document", "pack"), repeat)
    data = f"{rows:,} issues in scope"
    return [Row("review pack document (评审材料包.docx)", data, found["document"], found["xml"],
                "the same tables' XML built directly", goal=2.0),
            Row("whole review pack (docx + xlsx + manifest)", data, found["pack"])]


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--case":
        print(json.dumps(run_case(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))))
        return 0
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    results = measure(rows)
    base = results["xml"]["cpu"]
    print(f"{rows:,} issue rows in scope (plus one long-text row under each in the pack), {machine()}; "
          "best of 3 by CPU time (row by row: 1 run)\n")
    print("| case | wall time (s) | CPU time (s) | × XML baseline (CPU) | peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|")
    for case in CASES:
        r = results[case]
        print(f"| {LABELS[case]} | {r['seconds']:.2f} | {r['cpu']:.2f} | {r['cpu'] / base:.2f} | {r['peak_mib']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
