"""The declarations match ARTEFACTS.md, and typed values become canonical values the way people expect."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reviewdesk.templates import ARTEFACTS, FieldError, Kind, artefact, artefact_for_code, rules, values

SHEETS = {"issue": ("ISS", "问题编号", "问题清单", "Issues"), "target": ("TGT", "目标编号", "目标确认表", "Targets"),
          "plan_step": ("PLN", "步骤编号", "优化方案", "Plan"), "collab": ("COL", "申请编号", "协作申请", "Collaboration"),
          "callback": ("CB", "回访编号", "满意度回访", "Callbacks"), "reading": ("RDG", "读数编号", "指标跟踪", "KPI readings"),
          "meeting": ("MTG", "会议编号", "评审会议", "Meetings"), "action": ("ACT", "行动项编号", "行动项", "Actions")}


def test_every_artefact_is_declared_with_its_code_and_sheet_names():
    assert list(ARTEFACTS) == list(SHEETS)
    for key, (prefix, code_zh, sheet_zh, sheet_en) in SHEETS.items():
        art = artefact(key)
        assert (art.prefix, art.code_zh, art.sheet_zh, art.sheet_en) == (prefix, code_zh, sheet_zh, sheet_en)
        assert artefact_for_code(f"{prefix}-0007") is art


def test_fields_have_labels_in_both_languages_and_choices_have_both_labels():
    for art in ARTEFACTS.values():
        keys = [f.key for f in art.fields]
        assert len(keys) == len(set(keys)), art.key
        for f in art.fields:
            assert f.zh and f.en, (art.key, f.key)
            if f.kind is Kind.CHOICE:
                assert f.choices and all(c.zh and c.en for c in f.choices), (art.key, f.key)


def test_issue_fields_match_artefacts_md():
    issue = artefact("issue")
    assert [f.key for f in issue.fields] == [
        "title", "description", "category", "source", "process_node", "impact", "frequency", "affected_customers",
        "difficulty", "priority", "root_cause", "department", "owner", "status", "found_on", "notes"]
    assert [c.key for c in issue.field("status").choices] == ["open", "confirmed", "in_progress", "resolved", "closed"]
    assert issue.field("status").default == "open"
    assert {f.key for f in issue.fields if f.required} == {"title", "category", "impact", "frequency"}
    assert issue.field("title").max_length == 200


@pytest.mark.parametrize("impact,frequency,expected", [
    ("high", "high", "P1"), ("high", "low", "P2"), ("low", "high", "P2"), ("medium", "medium", "P2"),
    ("medium", "low", "P3"), ("low", "low", "P3"), ("low", "medium", "P3")])
def test_priority_follows_the_impact_frequency_matrix(impact, frequency, expected):
    assert rules.priority({"impact": impact, "frequency": frequency}) == expected


def test_direction_smart_gaps_and_follow_up():
    assert rules.direction({"baseline": Decimal(8), "target_value": Decimal(5)}) == "decrease"
    assert rules.direction({"baseline": Decimal(80), "target_value": Decimal(90)}) == "increase"
    assert rules.direction({"baseline": Decimal(5), "target_value": None}) is None
    assert rules.smart_gaps({"metric": "投诉率", "unit": "%", "baseline": 8, "target_value": 5,
                             "due_date": dt.date(2026, 12, 1)}) is None
    assert rules.smart_gaps({"metric": "投诉率"}) == "unit,baseline,target_value,due_date"
    day = dt.date(2026, 11, 20)
    assert rules.follow_up_needed({"score": 7}) == "yes" and rules.follow_up_needed({"score": 8}) == "no"
    assert rules.follow_up_due({"score": 7, "callback_date": day}) == dt.date(2026, 11, 22)
    assert rules.follow_up_due({"score": 9, "callback_date": day}) is None


def test_time_dependent_marks():
    today = dt.date(2026, 11, 23)
    assert artefact("plan_step").mark("overdue").holds({"end_date": dt.date(2026, 11, 1), "status": "in_progress"}, today)
    assert not artefact("plan_step").mark("overdue").holds({"end_date": dt.date(2026, 11, 1), "status": "done"}, today)
    assert artefact("collab").mark("overdue").holds({"due_date": dt.date(2026, 11, 22), "status": "accepted"}, today)
    assert artefact("callback").mark("late").holds({"resolved_on": dt.date(2026, 11, 1), "callback_date": dt.date(2026, 11, 3)})
    assert not artefact("callback").mark("late").holds({"resolved_on": dt.date(2026, 11, 1), "callback_date": dt.date(2026, 11, 2)})
    overdue = {"score": 5, "callback_date": dt.date(2026, 11, 18)}
    overdue["follow_up_due"] = rules.follow_up_due(overdue)
    follow_up_overdue = artefact("callback").mark("follow_up_overdue")
    assert follow_up_overdue.holds(overdue, today)
    assert not follow_up_overdue.holds({**overdue, "follow_up_result": "已回电"}, today)


@pytest.mark.parametrize("typed", ["2026-11-30", "2026/11/30", "2026.11.30", "2026年11月30日", "２０２６－１１－３０",
                                   " 2026-11-30 ", "20261130", "2026-11-30 00:00:00", 46356,
                                   dt.datetime(2026, 11, 30, 9, 0)])
def test_dates_are_read_in_every_way_people_type_them(typed):
    assert values.parse_plain(artefact("issue").field("found_on"), typed) == dt.date(2026, 11, 30)


@pytest.mark.parametrize("typed", ["2026-02-30", "明天", "30/11/2026", "2026-13-01"])
def test_impossible_dates_are_refused_with_the_field_named(typed):
    with pytest.raises(FieldError) as caught:
        values.parse_plain(artefact("issue").field("found_on"), typed)
    assert "发现日期" in caught.value.zh and "Found on" in caught.value.en and str(typed) in caught.value.en


def test_choices_match_key_or_either_label_ignoring_case_width_and_spaces():
    category = artefact("issue").field("category")
    for typed in ("efficiency", "效率类", "Efficiency", " EFFICIENCY ", "ｅｆｆｉｃｉｅｎｃｙ"):
        assert values.parse_plain(category, typed) == "efficiency"
    with pytest.raises(FieldError) as caught:
        values.parse_plain(category, "效率")
    assert "效率类" in caught.value.suggestions
    assert "效率类、体验类、合规类" in caught.value.zh


def test_numbers_accept_text_full_width_digits_and_refuse_what_is_not_a_number():
    customers = artefact("issue").field("affected_customers")
    assert values.parse_plain(customers, "１，２００") == 1200
    assert values.parse_plain(customers, 12.0) == 12
    for bad in ("很多", "12.5", -1, True):
        with pytest.raises(FieldError):
            values.parse_plain(customers, bad)
    progress = artefact("plan_step").field("progress")
    with pytest.raises(FieldError) as caught:
        values.parse_plain(progress, 101)
    assert "0 到 100" in caught.value.zh
    baseline = artefact("target").field("baseline")
    assert values.parse_plain(baseline, "2.50") == Decimal("2.5")
    assert values.parse_plain(baseline, 0.1) == Decimal("0.1")
    assert values.parse_plain(baseline, "8%") == Decimal(8)


def test_text_is_cleaned_of_characters_xml_forbids_and_length_is_bounded():
    title = artefact("issue").field("title")
    assert values.parse_plain(title, " 退款\x00慢\x1f ") == "退款慢"
    assert values.parse_plain(title, "=SUM(A1)") == "=SUM(A1)"
    with pytest.raises(FieldError) as caught:
        values.parse_plain(title, "长" * 201)
    assert "200" in caught.value.zh


def test_codes_are_normalised():
    assert values.normalize_code("iss-1") == "ISS-0001"
    assert values.normalize_code("ＩＳＳ－０００１") == "ISS-0001"
    assert values.normalize_code("CB-100000") == "CB-100000"


def test_field_named_matches_key_and_labels():
    plan = artefact("plan_step")
    assert plan.field_named("完成节点").key == "end_date"
    assert plan.field_named("milestone DATE").key == "end_date"
    assert plan.field_named("nonsense") is None


def test_display_and_json_use_labels_and_keys():
    gaps = artefact("target").field("smart_gaps")
    assert values.display(gaps, "unit,baseline", "zh") == "缺单位、缺基线值"
    assert values.to_json(gaps, "unit,baseline") == ["unit", "baseline"]
    assert values.to_json(artefact("target").field("baseline"), Decimal("2.5")) == 2.5
    assert values.to_json(artefact("issue").field("found_on"), dt.date(2026, 1, 2)) == "2026-01-02"


def _reads_cases():
    for art in ARTEFACTS.values():
        for rule in art.rules:
            yield pytest.param(art, rule.check, rule.reads, id=f"{art.key}-rule-{rule.field}")
        for f in art.computed_fields:
            yield pytest.param(art, f.computed, f.computed_from, id=f"{art.key}-computed-{f.key}")


def _value(field, rng):
    """A value of one field's kind, from pools small enough that equal and unequal pairs both come up often."""
    kind = field.kind
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        pool = ["", "甲", "b"]
    elif kind is Kind.INTEGER:
        pool = list(range(-2, 13))
    elif kind is Kind.DECIMAL:
        pool = [Decimal("0"), Decimal("1.5"), Decimal("3"), Decimal("3.0")]
    elif kind is Kind.DATE:
        pool = [dt.date(2026, 11, d) for d in range(1, 9)]
    elif kind is Kind.CHOICE:
        pool = [c.key for c in field.choices]
    elif kind in (Kind.DEPARTMENT, Kind.PERSON, Kind.REFERENCE):
        pool = ["A", "B"]
    else:
        pool = []
    return rng.choice([None, *pool])


def _check_reads(art, function, declared, pairs=3000):
    import random

    rng = random.Random(f"{art.key}:{sorted(declared)}")
    for _ in range(pairs):
        one, other = ({f.key: _value(f, rng) for f in art.fields} for _ in range(2))
        mixed = {k: one[k] if k in declared else other[k] for k in one}
        assert function(mixed) == function(one), (one, mixed)


@pytest.mark.parametrize("art, function, declared", list(_reads_cases()))
def test_each_rule_and_computed_field_reads_only_the_fields_it_declares(art, function, declared):
    """A change to an existing record runs only the rules and computed fields that read a changed field
    (store.changes._Focus), so a declaration that missed a field would let a broken record through: random
    records mixed with others in every undeclared field must give the same result."""
    assert declared, "every rule and computed field declares what it reads (rules.reads)"
    assert declared <= {f.key for f in art.fields}
    _check_reads(art, function, declared)


def test_a_declaration_that_misses_a_field_is_caught():
    """The check above really fails for a function that reads more than it declares."""
    sneaky = rules.reads("impact")(lambda r: (r.get("impact"), r.get("frequency")))
    with pytest.raises(AssertionError):
        _check_reads(artefact("issue"), sneaky, sneaky.reads)


@pytest.mark.parametrize("codes, expected", [
    (["CB-0001", "CB-12345"], True),
    (["CB-0001", "cb-0002"], False),  # typed by hand: normalize_code would change it
    (["CB-0001", "CB-01234"], False),
    (["CB-0001\nCB-0002"], False),  # two codes in one cell are one wrong cell, not two rows
    (["CB-0001", ""], False),
    (["CB-0001", 2.0], False),
    (["ISS-0001"], False),
    ([], False),
])
def test_codes_all_as_normalize_code_gives_them_are_recognised_at_once(codes, expected):
    assert values.all_canonical_codes(codes, "CB") is expected
    if expected:
        assert [values.normalize_code(c) for c in codes] == codes
