"""The review pack's 目标达成情况 / Target attainment (#14 item 5): every figure of its tables recomputed from the rows
(baseline, latest reading, target value, attainment, tracking, due date, the pilot's means and change), a chart and a
page per target, on the small demo with a target that has no pilot."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from reviewdesk import store
from reviewdesk.exporters.review.pack import write_pack
from reviewdesk.templates import artefact

from docx_helpers import open_docx, tables_by_caption
from progress_helpers import expected_before_after
from test_readings import day, expected_fields

NUMBER = re.compile(r"[−+-]?\d+(?:\.\d+)?")


def numbers(text: str) -> list[float]:
    return [float(n.replace("−", "-")) for n in NUMBER.findall(text)]


@pytest.fixture
def pack(db, tmp_path):
    store.demo.fill_demo("small")
    lone = store.create("target", dict(title="知识库命中率提升", metric="命中率", unit="%", baseline=40, target_value=70,
                                       department="QA", due_date=day(40)), who="t").code
    for offset, value in ((-20, 41), (-6, 48)):  # readings without a phase, and no pilot step
        store.create("reading", dict(target=lone, measured_on=day(offset), value=value), who="t")
    meeting = next(store.select_records("meeting"))["code"]
    write_pack(meeting, tmp_path)
    return open_docx(tmp_path / "评审材料包.docx"), lone


def stored() -> tuple[list, list, dict, list]:
    """The readings, plan steps, targets by code and the codes of the targets with readings, as the database has them."""
    readings = list(store.select_records("reading"))
    targets = {t["code"]: t for t in store.select_records("target")}
    return readings, list(store.select_records("plan_step")), targets, sorted({r["target"] for r in readings})


def test_the_attainment_tables_say_what_the_rows_say(pack):
    document, lone = pack
    readings, steps, targets, measured = stored()
    tracking = artefact("target").field("tracking")
    tables = tables_by_caption(document)
    overview = tables["各目标达成情况"]
    assert overview[0] == ["目标编号", "目标描述", "基线值", "最新读数", "目标值", "达成率", "跟踪状态", "完成时间", "试点前后变化"]
    assert [row[0] for row in overview[1:]] == measured
    for code, title, baseline, latest, goal, attainment, status, due, change in overview[1:]:
        target, wanted = targets[code], expected_fields(targets[code], readings)
        unit = target["unit"] or ""
        assert title == target["title"]
        assert numbers(baseline) == [float(target["baseline"])] and baseline.endswith(unit)
        assert numbers(goal) == [float(target["target_value"])] and goal.endswith(unit)
        assert latest == f"{float(wanted['latest_value']):g}{unit}（{wanted['latest_on'].isoformat()}）"
        assert numbers(attainment) == pytest.approx([wanted["attainment"]]) and attainment.endswith("%")
        assert status == tracking.choice(wanted["tracking"]).label("zh")
        assert due == target["due_date"].isoformat()
        pilot = expected_before_after(target, readings, steps)
        if pilot["outcome"] != "compared":
            assert change == "—", code
            continue
        assert numbers(change)[0] == pytest.approx(pilot["change"], abs=0.0051), code
        assert numbers(change)[1] == pytest.approx(pilot["percent"], abs=0.051), code
        assert ("个百分点" in change) == (unit == "%"), code
    counts = Counter(expected_fields(targets[c], readings)["tracking"] for c in measured)
    standing = next(p.text for p in document.paragraphs if p.text.startswith(f"{len(measured)} 个目标有读数："))
    for choice in tracking.choices:
        assert (f"{choice.label('zh')} {counts[choice.key]} 个" in standing) == bool(counts[choice.key])
    assert "—" == next(row for row in overview if row[0] == lone)[-1]


def test_a_page_per_target_with_its_chart_and_pilot(pack):
    document, lone = pack
    readings, steps, targets, measured = stored()
    paragraphs = document.paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 3"]
    assert headings == [f"{c} {targets[c]['title']}" for c in measured]
    captions = [p.text.split("  ", 1)[-1] for p in paragraphs if p.style.name == "Caption" and p.text.startswith("图")]
    assert [c for c in captions if c.endswith("指标读数走势")] == [f"{c} 指标读数走势" for c in measured]
    tables = tables_by_caption(document)
    compared = 0
    for code in measured:
        pilot = expected_before_after(targets[code], readings, steps)
        table = next((cells for caption, cells in tables.items() if caption.startswith(f"{code} 试点前后对比")), None)
        if pilot["outcome"] != "compared":
            assert table is None, code
            continue
        compared += 1
        caption = next(c for c in tables if c.startswith(f"{code} 试点前后对比"))
        assert f"试点期 {pilot['start'].isoformat()} 至" in caption
        header, before, after = table
        assert (before[0], after[0]) == ("试点前", "试点期间及之后")
        assert (int(before[2]), int(after[2])) == (pilot["before"], pilot["after"])
        assert float(before[3]) == pytest.approx(pilot["mean_before"], abs=0.0051)
        assert float(after[3]) == pytest.approx(pilot["mean_after"], abs=0.0051)
    assert compared >= 10
    said = [p.text for p in paragraphs]
    assert "关联的实施步骤中没有「试点实施」阶段，读数也未标为试点期：无法比较试点前后。" in said  # the lone target
    pictures = sum(1 for p in paragraphs if p.style.name == "ReviewDesk Figure")
    assert pictures == len(captions)  # each picture captioned: the summary's charts, and one per target with readings


def test_readings_older_than_the_pack_scope_still_make_the_chapter(db, tmp_path, monkeypatch):
    """The workbook lists the last 14 days' readings; the chapter's pilot before/after and chart draw on all of them."""
    from openpyxl import load_workbook

    from reviewdesk.exporters.word import attainment

    code = store.create("target", dict(title="退款审核时长缩短", metric="审核时长", unit="小时", baseline=48, target_value=24,
                                       department="CS", due_date=day(60)), who="t").code
    store.create("plan_step", dict(target=code, phase="pilot", action="试点", department="CS", start_date=day(-30),
                                   end_date=day(-10), status="done"), who="t")
    dated = {-80: 49, -70: 47, -60: 48, -20: 36, -13: 30, -5: 27, 0: 26}  # baseline 60–80 days ago, outside the scope
    for offset, value in dated.items():
        store.create("reading", dict(target=code, measured_on=day(offset), value=value), who="t")
    meeting = store.create("meeting", dict(title="评审会", date=day(7)), who="t").code
    drawn = []
    monkeypatch.setattr(attainment, "target_chart", lambda p, lang, chart=attainment.target_chart:
                        drawn.append([point.day for point in p.points]) or chart(p, lang))
    write_pack(meeting, tmp_path)

    sheet = load_workbook(tmp_path / "评审工作簿.xlsx", read_only=True)["指标跟踪"]
    listed = [row[2].date() for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]]
    assert listed == [day(-13), day(-5), day(0)]  # the last 14 days only
    assert drawn == [sorted(day(o) for o in dated)]  # the chart: every reading
    document = open_docx(tmp_path / "评审材料包.docx")
    said = [p.text for p in document.paragraphs]
    assert "共 7 条指标读数：基线期 0 条、试点期 0 条、推广期 0 条、巩固期 0 条。" in said  # what the chapter draws on
    assert "评审工作簿的「指标跟踪」表列出其中 3 条（如何选取见「材料范围」表）。" in said
    table = next(cells for caption, cells in tables_by_caption(document).items()
                 if caption.startswith(f"{code} 试点前后对比"))
    _, before, after = table
    assert (int(before[2]), int(after[2])) == (3, 4)  # before the pilot: the three baseline readings, old as they are
    assert float(before[3]) == pytest.approx(48) and float(after[3]) == pytest.approx((36 + 30 + 27 + 26) / 4, abs=0.0051)
