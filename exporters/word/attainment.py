"""Targets' attainment in a Word section (templates/documents.Attainment): per target its figures, line chart and
pilot before and after, from the readings given (a pack's: all that match its conditions, not only those it lists)."""
from __future__ import annotations

from collections import Counter
from typing import Any, Mapping, Sequence

from reviewdesk import store
from reviewdesk.templates import artefact
from reviewdesk.templates.documents import Attainment
from reviewdesk.templates.progress import Progress, with_unit

from reviewdesk.exporters.word.charts import LINE_HEIGHT, WIDTH, line_chart
from reviewdesk.exporters.word.figures import Chart
from reviewdesk.exporters.word.progress_chart import target_chart
from reviewdesk.exporters.word.styles import page_break
from reviewdesk.exporters.word.tables import Column, add_table, text_twips

Record = Mapping[str, Any]
FIGURES = ("baseline", "latest_value", "target_value", "attainment", "tracking", "due_date")  # per target
CHART_SHARE = 0.62  # of the text width: a target's figures, chart and pilot fit a landscape page


def write_attainment(w, block: Attainment, records: Sequence[Record]) -> None:
    """The heading, how the targets stand, a table of their figures, then a page per target the records name."""
    found = store.target_progress([r[block.via] for r in records if r.get(block.via)], readings=records,
                                  lookups=w.lookups)
    w.heading(w.t(block.zh, block.en), 2)
    w.meta(_standing(w, found))
    if not found:
        return
    _overview(w, found)
    for p in found:
        target = p.target
        page_break(w.document)
        w.heading(f"{target['code']} {target.get('title') or ''}".strip(), 3)
        art = artefact("target")
        w.meta(" · ".join(f"{art.field(k).label(w.lang)} {text}" if k != "tracking" else text
                          for k in FIGURES if (text := _figure(w, target, k))))
        w.picture(Chart(f"target.{target['code']}", w.t(f"{target['code']} 指标读数走势", f"{target['code']} readings"),
                        line_chart(target_chart(p, w.lang)), LINE_HEIGHT / WIDTH), CHART_SHARE)
        _pilot(w, p)
    page_break(w.document)  # the readings' own tables start on a page of their own


def _standing(w, found: Sequence[Progress]) -> str:
    """N 个目标有读数：已达成 2 个、正常 1 个… / N target(s) with readings: reached 2, on track 1 …"""
    if not found:
        return w.t("本节的读数没有关联目标。", "The readings of this section name no target.")
    tracking = artefact("target").field("tracking")
    counts = Counter(p.target.get("tracking") for p in found)
    parts = [(c.label(w.lang), counts[c.key]) for c in tracking.choices if counts[c.key]]
    return w.t(f"{len(found)} 个目标有读数：" + "、".join(f"{label} {n} 个" for label, n in parts) + "。",
               f"{len(found)} target(s) with readings: " + ", ".join(f"{label.lower()} {n}" for label, n in parts)
               + ".")


def _figure(w, target: Record, key: str) -> str:
    """One of FIGURES as shown: values in the target's unit, the latest reading with its date, attainment in %."""
    art = artefact("target")
    text = w.value(art, art.field(key), target)
    if not text:
        return ""
    if key in ("baseline", "target_value", "latest_value"):
        text = with_unit(text, target.get("unit") or "", w.lang)
    if key == "latest_value" and target.get("latest_on"):
        text += w.t(f"（{target['latest_on'].isoformat()}）", f" ({target['latest_on'].isoformat()})")
    return with_unit(text, "%", w.lang) if key == "attainment" else text


def _overview(w, found: Sequence[Progress]) -> None:
    """One row per target: its code and title, FIGURES, and the change the pilot brought."""
    art = artefact("target")
    rows = [[p.target["code"], p.target.get("title") or ""] + [_figure(w, p.target, k) for k in FIGURES]
            + [p.pilot.change_words(w.lang) or "—"] for p in found]
    labels = [art.code_label(w.lang), art.field("title").label(w.lang)] + \
        [art.field(k).label(w.lang) for k in FIGURES] + [w.t("试点前后变化", "Pilot: change")]
    # the title takes what the figures, each on one line with its header, leave
    columns = [Column(label, 1) if i == 1 else Column(label, 0, max(map(text_twips, [label] + [r[i] for r in rows])))
               for i, label in enumerate(labels)]
    w.caption("table", w.t("各目标达成情况", "Attainment per target"))
    add_table(w.document, columns, rows)
    w.meta(w.t("试点前后变化：试点期间及之后的读数均值减去试点前的均值（括号内为变化率）；计算规则见《评审方法》。",
               "Pilot: change: the mean of the readings during and after the pilot less the mean before it (in "
               "brackets, in per cent); the rule is in the review method."))


def _pilot(w, p: Progress) -> None:
    """The means before the pilot and during and after it as a table, then what they say (or why there are none)."""
    ba, code = p.pilot, p.target["code"]
    table = ba.table(w.lang)
    if table:
        w.caption("table", w.t(f"{code} 试点前后对比（试点期 {ba.period_words('zh')}）",
                               f"{code}: before and after the pilot ({ba.period_words('en')})"))
        add_table(w.document, [Column(label, weight) for label, weight in zip(table[0], (1.4, 1.8, 0.8, 1, 1.6))],
                  table[1:])
    w.meta(ba.words(w.lang))


__all__ = ["write_attainment"]
