"""A department typed in any spelling is resolved in one place (store.Lookups.department), and a value read back from
the audit log is shown as the record shows it (store.Lookups.display_audit), on the command line and in the window."""
from __future__ import annotations

import pytest

from reviewdesk import store
from reviewdesk.templates import ARTEFACTS, FieldError


def test_a_department_typed_by_code_or_either_name_in_any_case_or_width_is_its_code(db):
    lookups = store.Lookups()
    typed = ("CS", "cs", "ＣＳ", "客服中心", " customer service ", "CUSTOMER SERVICE")
    assert [lookups.department(None, t) for t in typed] == ["CS"] * len(typed)
    assert [lookups.department(None, blank) for blank in (None, "", "  ")] == [None, None, None]


def test_an_unknown_department_outside_a_record_names_the_nearest_in_its_message(db):
    with pytest.raises(FieldError) as caught:
        store.Lookups().department(None, "客服")
    assert caught.value.message("zh") == "没有部门「客服」，您是不是要输入：客服中心"
    assert caught.value.message("en") == "No department '客服'; did you mean: 客服中心"
    assert caught.value.suggestions == ("客服中心",)
    with pytest.raises(FieldError) as caught:
        store.Lookups().department(None, "NOPE")
    assert (caught.value.message("zh"), caught.value.message("en")) == ("没有部门「NOPE」", "No department 'NOPE'")


def test_an_unknown_department_in_a_field_names_the_field(db):
    field = ARTEFACTS["issue"].field("department")
    with pytest.raises(FieldError) as caught:
        store.Lookups().department(field, "客服")
    assert caught.value.message("zh") == "「责任部门」没有名为「客服」的部门" and caught.value.field == "department"


@pytest.mark.parametrize("command", [("export", "issue", "-o", "{tmp}/x.xlsx"), ("export", "issue", "-o", "{tmp}/x.docx")])
def test_export_takes_a_department_by_either_name(run, tmp_path, command):
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    code, out, err = run(*args, "--department", "customer service")
    assert code == 0, err
    code, out, err = run(*args, "--department", "客服")
    assert code == 1 and "没有部门「客服」，您是不是要输入：客服中心" in err


def test_the_audit_log_reads_back_as_the_record_shows(db):
    meeting = ARTEFACTS["meeting"]
    lookups = store.Lookups()
    departments, agenda, status = (meeting.field(k) for k in ("departments", "agenda", "status"))
    assert lookups.display_audit(departments, "CS,IT", "zh") == "客服中心、技术部"
    assert lookups.display_audit(departments, "CS,IT", "en") == "Customer Service, IT"
    assert lookups.display_audit(ARTEFACTS["issue"].field("department"), "LOG", "en") == "Logistics"
    assert lookups.display_audit(status, "held", "zh") == "已召开"
    assert lookups.display_audit(agenda, '[{"item": "退货时效", "decision": "试点两周"}]', "zh") == "1. 退货时效 → 试点两周"
    assert lookups.display_audit(meeting.field("title"), "评审会", "en") == "评审会"
    assert lookups.display_audit(meeting.field("title"), None, "en") == ""


def test_history_on_the_command_line_shows_departments_and_agenda_as_the_window_does(run):
    store.create("meeting", {"title": "评审会", "date": "2026-11-30", "departments": "CS,IT",
                             "agenda": "退货时效"}, who="test")
    code, out, err = run("history", "MTG-0001", "--lang", "en")
    assert code == 0, err
    assert "Customer Service, IT" in out and "1. 退货时效" in out and '"item"' not in out
