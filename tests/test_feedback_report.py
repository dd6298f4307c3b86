"""The weekly customer feedback report: every figure recomputed from the callbacks and the audit log in a plain pass
over the records, on the demo and on edge cases, as --json prints it and as the Word and Excel files show it;
masking; the suggestions' grouping; refused input."""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import openpyxl
import pytest

from reviewdesk import store
from reviewdesk.store.models import AuditEntry
from reviewdesk.templates import artefact
from reviewdesk.templates.periods import Period, between, iso_week, last_full_week
from reviewdesk.templates.suggestions import group_suggestions, normalised

from docx_helpers import all_text, open_docx

pytestmark = pytest.mark.both_engines  # conftest.py: on PostgreSQL too, with REVIEWDESK_TEST_PG set

CALLBACK = artefact("callback")
TODAY = dt.date.today()
STATES = ("on_time", "late", "undated", "pending", "overdue")


# --- the oracle: the report's figures worked out in one plain pass over every callback ---

def recorded_dates() -> dict[str, dt.date]:
    """Per callback, the local date its follow-up result was last filled in, read from the audit log row by row."""
    found: dict[str, dt.date] = {}
    for entry in AuditEntry.select().where(AuditEntry.artefact == "callback",
                                           AuditEntry.field == "follow_up_result").order_by(AuditEntry.id):
        if not entry.old and entry.new:
            at = entry.at if isinstance(entry.at, dt.datetime) else dt.datetime.fromisoformat(entry.at)
            found[entry.code] = at.replace(tzinfo=dt.timezone.utc).astimezone().date()
    return found


def state(r: dict, recorded: dict[str, dt.date]) -> str:
    due = r["callback_date"] + dt.timedelta(days=2)
    if r["follow_up_result"]:
        on = recorded.get(r["code"])
        return "undated" if on is None else "on_time" if on <= due else "late"
    return "overdue" if due < TODAY else "pending"


def ratio(count: int, of: int) -> dict:
    return {"count": count, "of": of, "share": round(count / of, 4) if of else None}


def figures_of(rows: list[dict], recorded: dict[str, dt.date]) -> dict:
    """Every figure of one slice of one period's callbacks."""
    scores = [r["score"] for r in rows]
    dated = [r for r in rows if r["resolved_on"]]
    given = [r for r in rows if r["resolved"]]
    low = [r for r in rows if r["score"] < 8]
    states = Counter(state(r, recorded) for r in low)
    return {
        "callbacks": len(rows),
        "average_score": round(sum(scores) / len(scores), 2) if scores else None,
        "satisfied": ratio(sum(s >= 8 for s in scores), len(rows)),
        "resolved": ratio(sum(r["resolved"] == "yes" for r in given), len(given)),
        "within_24h": ratio(sum((r["callback_date"] - r["resolved_on"]).days <= 1 for r in dated), len(dated)),
        "low_scores": len(low),
        "followed_up": ratio(states["on_time"], len(low)),
        "scores": {str(n): scores.count(n) for n in range(11)},
        "follow_ups": {s: states[s] for s in STATES},
    }


def expected(period: Period) -> dict:
    records = list(store.select_records("callback"))
    recorded = recorded_dates()
    previous = Period(period.start - dt.timedelta(days=period.days), period.start - dt.timedelta(days=1))

    def within(p: Period) -> list[dict]:
        return [r for r in records if r["callback_date"] and p.start <= r["callback_date"] <= p.end]
    now, before = within(period), within(previous)
    by = {}
    for key in ("issue_type", "customer_type"):
        choices = [c.key for c in CALLBACK.field(key).choices]
        if any(r[key] is None for r in now + before):
            choices.append(None)
        by[key] = [{"key": c, "current": figures_of([r for r in now if r[key] == c], recorded),
                    "previous": figures_of([r for r in before if r[key] == c], recorded)} for c in choices]
    low = sorted((r for r in now if r["score"] < 8), key=lambda r: (r["callback_date"], r["code"]))
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(), "days": period.days},
        "previous": {"from": previous.start.isoformat(), "to": previous.end.isoformat()},
        "overall": {"current": figures_of(now, recorded), "previous": figures_of(before, recorded)},
        "by": by,
        "low_scores": [(r["code"], state(r, recorded)) for r in low],
        "suggestions": [Counter(r["suggestion"].strip() for r in rows if r["suggestion"] and r["suggestion"].strip())
                        for rows in (now, before)],
        "undated": sum(1 for r in records if r["callback_date"] is None),
    }


def report_json(run, *args: str) -> dict:
    code, out, err = run("report", "feedback", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def assert_figures(data: dict, want: dict) -> None:
    """The report's --json against the oracle, figure by figure."""
    assert {k: data["period"][k] for k in ("from", "to", "days")} == want["period"]
    assert {k: data["previous"][k] for k in ("from", "to")} == want["previous"]
    assert data["overall"] == want["overall"]
    for key, slices in want["by"].items():
        assert [{k: s[k] for k in ("key", "current", "previous")} for s in data["by"][key]] == slices, key
    assert [(c["code"], c["state"]) for c in data["low_scores"]] == want["low_scores"]
    for index, period in enumerate(("current", "previous")):
        counted = want["suggestions"][index]
        assert sum(g[period] for g in data["suggestions"]["groups"]) == sum(counted.values())
        assert data["suggestions"]["callbacks"][period] == sum(counted.values())
        for g in data["suggestions"]["groups"]:  # every wording's count is its callbacks' in that period
            assert all(w[period] == counted[w["text"]] for w in g["wordings"] if w["text"] in counted)
    assert data["undated_callbacks"] == want["undated"]


# --- the demo ---

@pytest.fixture
def demo(db_path):
    store.demo.fill_demo("small")
    return db_path


def test_the_demo_s_last_full_week_as_recomputed(demo, run):
    data = report_json(run)  # no period given: the last full week before today
    week = last_full_week(TODAY)
    assert data["period"]["week"] == week.week and data["previous"]["week"] == week.previous().week
    want = expected(week)
    assert want["overall"]["current"]["callbacks"] > 10 and want["low_scores"]  # a week worth reporting on
    assert_figures(data, want)


def test_the_demo_over_two_months_as_recomputed(demo, run):
    period = between(TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=1))
    assert_figures(report_json(run, "--from", period.start.isoformat(), "--to", period.end.isoformat()),
                   expected(period))


def cell_texts(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def percent(r: dict, lang: str = "zh") -> str:
    if r["share"] is None:
        return "—"
    return f"{r['share']:.0%}（{r['count']}/{r['of']}）" if lang == "zh" else f"{r['share']:.0%} ({r['count']}/{r['of']})"


def shown(value, lang: str = "zh") -> str:
    if isinstance(value, dict):
        return percent(value, lang)
    return "—" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)


LINE_KEYS = ("callbacks", "average_score", "satisfied", "resolved", "within_24h", "low_scores", "followed_up")


def test_the_word_report_shows_the_recomputed_figures(demo, run, tmp_path):
    week = last_full_week(TODAY)
    target = tmp_path / "客户反馈.docx"
    code, out, err = run("report", "feedback", "--week", week.week, "-o", str(target))
    assert code == 0 and "客户反馈分析报告" in out and "已隐藏" in out, err
    want = expected(week)
    document = open_docx(target)
    overview, by_request, by_customer, states, cases, suggestions = document.tables
    now, before = want["overall"]["current"], want["overall"]["previous"]
    assert [row[1:3] for row in cell_texts(overview)[1:]] == [[shown(now[k]), shown(before[k])] for k in LINE_KEYS]
    for table, key in ((by_request, "issue_type"), (by_customer, "customer_type")):
        rows = cell_texts(table)[1:]
        wanted = []
        for s in want["by"][key]:
            label = CALLBACK.field(key).choice(s["key"]).label("zh") if s["key"] else "未填写"
            for index, period in enumerate(("current", "previous")):
                wanted.append([label if index == 0 else "", "本期" if index == 0 else "上期"]
                              + [shown(s[period][k]) for k in LINE_KEYS])
        assert rows == wanted, key
    assert [r[1:] for r in cell_texts(states)[1:]][-1] == [str(now["low_scores"]), str(before["low_scores"])]
    listed = [r[0] for r in cell_texts(cases)[1:] if re.fullmatch(r"CB-\d{4}", r[0])]
    assert listed == [c for c, _ in want["low_scores"]]
    counts = [(int(r[2]), int(r[3])) for r in cell_texts(suggestions)[1:]]
    total = sum(want["suggestions"][0].values())
    assert sum(n for n, _ in counts) <= total and counts == sorted(counts, key=lambda c: (-c[0], -c[1]))
    text = all_text(document)
    assert f"统计周期 {week.label('zh')}" in text and "个人信息已隐藏" in text
    assert "二次沟通完成时间" in text and "操作日志" in text  # the decision the data model forces, said in the notes
    assert "规范化" in text and "关键词" in text  # how the suggestions were grouped, under their table


def sheet_rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_excel_report_holds_the_recomputed_figures_as_numbers(demo, run, tmp_path):
    week = last_full_week(TODAY)
    target = tmp_path / "feedback.xlsx"
    assert run("report", "feedback", "--week", week.week, "-o", str(target), "--lang", "en")[0] == 0
    want = expected(week)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Summary", "By request type", "By customer type", "Low scores", "Suggestions"]
    summary = sheet_rows(book["Summary"])
    start = next(i for i, r in enumerate(summary) if r[0] == "Figure") + 1

    def number(figure):
        if isinstance(figure, dict):
            return "—" if figure["share"] is None else pytest.approx(figure["share"], abs=0.005)
        return "—" if figure is None else pytest.approx(figure, abs=0.005)
    now, before = want["overall"]["current"], want["overall"]["previous"]
    assert [r[1:3] for r in summary[start:start + len(LINE_KEYS)]] == [[number(now[k]), number(before[k])]
                                                                        for k in LINE_KEYS]
    scores = next(i for i, r in enumerate(summary) if r[0] == "Score" and r[1] == "This period") + 1
    assert [r[:3] for r in summary[scores:scores + 11]] == [[n, now["scores"][str(n)], before["scores"][str(n)]]
                                                            for n in range(11)]
    rows = sheet_rows(book["By request type"])[1:]
    wanted = [[s["key"], period] + [number(s[period][k]) for k in LINE_KEYS]
              for s in want["by"]["issue_type"] for period in ("current", "previous")]
    labels = {c.label("en"): c.key for c in CALLBACK.field("issue_type").choices}
    assert [[labels.get(r[0]), "current" if r[1] == "This period" else "previous", *r[2:]] for r in rows] == wanted
    cases = sheet_rows(book["Low scores"])
    assert [r[0] for r in cases[1:]] == [c for c, _ in want["low_scores"]]
    states = {"Done within 48 hours": "on_time", "Done after 48 hours": "late", "Overdue": "overdue",
              "Pending, not yet due": "pending", "Done, time not recorded": "undated"}
    assert [(r[0], states[r[cases[0].index("Follow-up state")]]) for r in cases[1:]] == want["low_scores"]
    counts = [(r[2], r[3]) for r in sheet_rows(book["Suggestions"])[1:] if isinstance(r[0], int)]
    assert counts and counts == sorted(counts, key=lambda c: (-c[0], -c[1]))


def test_names_and_phones_are_masked_unless_asked(demo, run, tmp_path):
    week = last_full_week(TODAY)
    records = {r["code"]: r for r in store.select_records("callback")}
    masked, plain = report_json(run, "--week", week.week), report_json(run, "--week", week.week,
                                                                      "--include-personal-data")
    assert masked["personal_data"] == "masked" and plain["personal_data"] == "included"
    for hidden, shown_ in zip(masked["low_scores"], plain["low_scores"]):
        record = records[hidden["code"]]
        assert shown_["customer_name"] == record["customer_name"] and shown_["phone"] == record["phone"]
        assert hidden["customer_name"] == record["customer_name"][0] + "*"
        assert hidden["phone"] == record["phone"][:3] + "****" + record["phone"][-4:]
    for flag in ((), ("--include-personal-data",)):
        for suffix in ("docx", "xlsx"):
            target = tmp_path / f"report{len(flag)}.{suffix}"
            assert run("report", "feedback", "--week", week.week, "-o", str(target), *flag)[0] == 0
            text = all_text(open_docx(target)) if suffix == "docx" else "\n".join(
                str(c) for ws in openpyxl.load_workbook(target) for row in ws.iter_rows(values_only=True) for c in row)
            for case in plain["low_scores"]:
                assert (case["phone"] in text) == bool(flag), (suffix, flag)
                assert (case["phone"][:3] + "****" + case["phone"][-4:] in text) != bool(flag), (suffix, flag)


# --- edge cases, on callbacks made for the test ---

WEEK = iso_week("2026-W48")  # 2026-11-23 .. 2026-11-29


def callback(day: dt.date, score: int, **fields) -> dict:
    row = dict(score=str(score), callback_date=day.isoformat(), resolved_on=(day - dt.timedelta(days=1)).isoformat(),
               issue_type="complaint", customer_type="vip", resolved="yes" if score >= 8 else "no",
               customer_name="王先生", phone="13812345678")
    if score < 8:
        row["follow_up_owner"] = "张敏"
    row.update(fields)
    return row


def test_an_empty_week_says_so_in_every_face(db, run, tmp_path):
    store.create("callback", callback(dt.date(2026, 11, 10), 9), who="t")  # two weeks before: in neither period
    data = report_json(run, "--week", "2026-W48")
    assert_figures(data, expected(WEEK))
    assert data["overall"]["current"]["callbacks"] == 0 and data["overall"]["current"]["average_score"] is None
    assert data["overall"]["current"]["satisfied"] == {"count": 0, "of": 0, "share": None}
    assert data["low_scores"] == [] and data["suggestions"]["groups"] == []
    for suffix in ("docx", "xlsx"):
        assert run("report", "feedback", "--week", "2026-W48", "-o", str(tmp_path / f"empty.{suffix}"))[0] == 0
    document = open_docx(tmp_path / "empty.docx")
    assert [row[1] for row in cell_texts(document.tables[0])[1:]] == ["0", "—", "—", "—", "—", "0", "—"]
    assert "（本期没有低分回访）" in all_text(document) and "（两期都没有客户建议）" in all_text(document)
    assert openpyxl.load_workbook(tmp_path / "empty.xlsx")["低分回访"].max_row == 1


def test_one_callback(db, run):
    store.create("callback", callback(dt.date(2026, 11, 25), 6, resolved="partial", suggestion="退款太慢！"), who="t")
    data = report_json(run, "--week", "2026-W48")
    assert_figures(data, expected(WEEK))
    now = data["overall"]["current"]
    assert now["callbacks"] == 1 and now["average_score"] == 6 and now["resolved"] == {"count": 0, "of": 1, "share": 0}
    assert data["low_scores"][0]["state"] == "overdue"  # due 2026-11-27, long past, no result
    assert data["suggestions"]["groups"] == [{"text": "退款太慢！", "current": 1, "previous": 0,
                                              "wordings": [{"text": "退款太慢！", "current": 1, "previous": 0}]}]


def test_every_score_below_8_and_each_follow_up_state(db, run, engine):
    old, recent = TODAY - dt.timedelta(days=10), TODAY - dt.timedelta(days=1)
    store.create_many("callback", [
        callback(old, 2),  # overdue: due ten days ago minus two, no result
        callback(old, 3, follow_up_result="已致歉"),  # filled in today, eight days after its due date: late
        callback(recent, 5, follow_up_result="已补发"),  # filled in today, before its due date tomorrow: on time
        callback(recent, 7),  # due tomorrow: pending
        callback(old, 4, follow_up_result="已退款"),  # a result the audit log never saw: time not recorded
        callback(TODAY - dt.timedelta(days=2), 6, follow_up_result="已回电"),  # filled in on its due date: on time
    ], who="t")
    if engine == "sqlite":  # a file edited by hand; a team database's server keeps its audit log whole
        AuditEntry.delete().where(AuditEntry.code == "CB-0005", AuditEntry.field == "follow_up_result").execute()
    period = between(old, recent)
    data = report_json(run, "--from", old.isoformat(), "--to", recent.isoformat())
    assert_figures(data, expected(period))
    unrecorded = "undated" if engine == "sqlite" else "late"
    assert [c["state"] for c in data["low_scores"]] == ["overdue", "late", unrecorded, "on_time", "on_time", "pending"]
    now = data["overall"]["current"]
    assert now["satisfied"]["count"] == 0 and now["low_scores"] == 6
    assert now["followed_up"] == {"count": 2, "of": 6, "share": 0.3333}
    assert data["low_scores"][3]["result_recorded_on"] == TODAY.isoformat()


def test_callbacks_on_the_boundaries_count_in_their_own_period(db, run):
    days = {"before the previous": dt.date(2026, 11, 15), "previous, first day": dt.date(2026, 11, 16),
            "previous, last day": dt.date(2026, 11, 22), "first day": dt.date(2026, 11, 23),
            "last day": dt.date(2026, 11, 29), "after": dt.date(2026, 11, 30)}
    store.create_many("callback", [callback(day, 8 + i % 3, resolved_on=day - dt.timedelta(days=1 + i % 3))
                                   for i, day in enumerate(days.values())], who="t")
    store.create("callback", dict(score="9"), who="t")  # without a callback date: in no period
    data = report_json(run, "--week", "2026-W48")
    assert_figures(data, expected(WEEK))
    assert data["overall"]["current"]["callbacks"] == 2 and data["overall"]["previous"]["callbacks"] == 2
    assert data["overall"]["current"]["within_24h"] == {"count": 1, "of": 2, "share": 0.5}  # the next day; two days
    assert data["undated_callbacks"] == 1


# --- the suggestions' grouping ---

def test_suggestions_alike_after_normalising_count_as_one():
    assert normalised("退款 到账太慢！！") == normalised("退款到账太慢") == "退款到账太慢"
    assert normalised("Ｒｅｆｕｎｄ  is SLOW.") == "refund is slow"
    groups = group_suggestions([Counter({"退款到账太慢": 2, "退款 到账太慢！": 1}), Counter({"退款到账太慢。": 4})])
    assert len(groups) == 1 and groups[0].counts == [3, 4] and len(groups[0].wordings) == 1
    assert groups[0].text == "退款到账太慢。"  # the wording written most often, over both periods


def test_suggestions_sharing_key_terms_group_and_others_do_not():
    groups = group_suggestions([Counter({"希望物流信息更新更及时": 5, "物流信息更新不及时": 2, "退款到账太慢": 3,
                                         "退款太慢了": 1, "希望增加在线客服时段": 2, "客服态度很好": 2,
                                         "refund too slow": 1}), Counter({"Refund is too SLOW!": 2})])
    named = {g.text: (g.counts, sorted(w.text for w in g.wordings)) for g in groups}
    assert named["希望物流信息更新更及时"] == ([7, 0], ["希望物流信息更新更及时", "物流信息更新不及时"])
    assert named["退款到账太慢"] == ([4, 0], ["退款到账太慢", "退款太慢了"])  # 退款 and 太慢
    assert named["希望增加在线客服时段"][0] == [2, 0] and named["客服态度很好"][0] == [2, 0]  # only 客服 in common
    assert named["Refund is too SLOW!"] == ([1, 2], ["Refund is too SLOW!", "refund too slow"])
    assert [g.text for g in groups][:2] == ["希望物流信息更新更及时", "退款到账太慢"]


def test_a_term_only_one_callback_holds_groups_nothing():
    groups = group_suggestions([Counter({"等待时间过长": 1, "等待时间太长": 1})])
    assert len(groups) == 1  # 等待、待时、时间 are each held by two callbacks
    assert len(group_suggestions([Counter({"等待时间过长": 1, "物流时间太长": 1})])) == 2  # 时间 alone: one term


# --- periods ---

def test_periods():
    assert last_full_week(dt.date(2026, 12, 2)) == Period(dt.date(2026, 11, 23), dt.date(2026, 11, 29))  # a Wednesday
    assert last_full_week(dt.date(2026, 11, 29)) == last_full_week(dt.date(2026, 11, 23)) == iso_week("2026-W47")
    assert iso_week("２０２６－w48") == WEEK and WEEK.week == "2026-W48" and WEEK.previous().week == "2026-W47"
    assert iso_week("2026-W53").end == dt.date(2027, 1, 3) and iso_week("2021-W01").start == dt.date(2021, 1, 4)
    month = between("2026-11-01", "2026年11月30日")
    assert month.days == 30 and month.week is None and month.previous() == Period(dt.date(2026, 10, 2),
                                                                                   dt.date(2026, 10, 31))
    assert month.label("zh") == "2026-11-01 至 2026-11-30" and WEEK.label("en") == "2026-W48 (2026-11-23 to 2026-11-29)"


# --- refused input: a clear message in the user's language, exit 1 or 2, no traceback, no file ---

@pytest.mark.parametrize("args, status, zh, en", [
    (("--week", "2026-W60"), 1, "2026 年没有第 60 周（2026 年共 53 周）", "2026 has no week 60 (it has 53 weeks)"),
    (("--week", "2027-W53"), 1, "2027 年没有第 53 周（2027 年共 52 周）", "2027 has no week 53 (it has 52 weeks)"),
    (("--week", "48"), 1, "周应写成 年-W周数，如 2026-W48", "A week is written YEAR-Wnn, such as 2026-W48"),
    (("--from", "2026-12-01", "--to", "2026-11-01"), 1, "开始日期 2026-12-01 晚于结束日期 2026-11-01",
     "The start date 2026-12-01 is after the end date 2026-11-01"),
    (("--from", "2026-11-31", "--to", "2026-12-01"), 1, "「开始日期」不是有效日期", "From: is not a real date"),
    (("--from", "2026-11-01"), 2, "--from 和 --to 需要同时给出", "--from and --to go together"),
    (("--week", "2026-W48", "--to", "2026-11-01"), 2, "--week 不能与 --from、--to 同时使用",
     "--week cannot be given with --from or --to"),
])
@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_a_wrong_period_is_refused_and_writes_nothing(db, run, tmp_path, args, status, zh, en, suffix):
    folder = tmp_path / "out"
    folder.mkdir()
    for lang, message in (("zh", zh), ("en", en)):
        code, out, err = run("report", "feedback", *args, "-o", str(folder / f"report.{suffix}"), "--lang", lang)
        assert code == status and message in err and "Traceback" not in err, (lang, err)
        assert list(folder.iterdir()) == []


def test_an_unknown_extension_or_a_missing_file_is_refused(db, run, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    for lang, message in (("zh", "报告只能保存为 Word 文档（.docx）或 Excel 工作簿（.xlsx）：report.pdf"),
                          ("en", "A report is saved as a Word document (.docx) or an Excel workbook (.xlsx): "
                                 "report.pdf")):
        code, out, err = run("report", "feedback", "-o", str(tmp_path / "report.pdf"), "--lang", lang)
        assert code == 1 and message in err and "Traceback" not in err
    code, out, err = run("report", "feedback", "-o", str(tmp_path / "missing" / "report.docx"))
    assert code == 1 and "文件夹不存在" in err
    code, out, err = run("report", "feedback", "--lang", "en")
    assert code == 2 and "-o FILE.docx or -o FILE.xlsx is needed" in err
    code, out, err = run("report", "feedback", "--week", "2026-W60", "--json")
    assert code == 1 and json.loads(out)["error"]["message"] == "2026 年没有第 60 周（2026 年共 53 周）：2026-W60"
    assert list(tmp_path.iterdir()) == []
