"""The documents in the repository: the artefact reference is what templates/ says, every link resolves inside the
repository, Chinese text keeps full-width punctuation, and every command the user guides show runs as they say."""
from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shlex
from pathlib import Path

import openpyxl
import pytest

from reviewdesk import store
from reviewdesk.templates import ARTEFACTS, Kind, artefact_for_code

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARKDOWN = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
CHINESE = [DOCS / "guide.zh.md", DOCS / "method.md", DOCS / "artefacts.md"]
GUIDES = {"guide.zh.md": "# 退出状态 1", "guide.en.md": "# exit status 1"}  # the mark of a command shown refused


def load_generator():
    spec = importlib.util.spec_from_file_location("make_artefacts", DOCS / "make_artefacts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the artefact reference, generated from templates/ ---

def test_artefact_reference_is_what_templates_declare():
    generated = load_generator().render()
    committed = (DOCS / "artefacts.md").read_text(encoding="utf-8")
    assert committed == generated, "docs/artefacts.md is stale: run python docs/make_artefacts.py"


def test_generator_check_says_stale_and_writing_makes_it_current(tmp_path, monkeypatch, capsys):
    generator = load_generator()
    target = tmp_path / "artefacts.md"
    monkeypatch.setattr(generator, "TARGET", target)
    assert generator.main(["--check"]) == 1  # missing
    target.write_text(generator.render().replace("| `title` |", "| `titel` |", 1), encoding="utf-8")
    assert generator.main(["--check"]) == 1  # edited by hand
    assert "stale" in capsys.readouterr().err
    assert generator.main([]) == 0 and target.read_text(encoding="utf-8") == generator.render()
    assert generator.main(["--check"]) == 0


def test_reference_covers_every_artefact_field_choice_rule_and_right():
    generator = load_generator()
    text = generator.render()
    assert set(generator.KINDS) == set(Kind)
    for art in ARTEFACTS.values():
        assert f'<a id="{art.key}"></a>' in text
        section = text.split(f'<a id="{art.key}"></a>', 1)[1].split("<a id=", 1)[0]
        for f in art.fields:
            assert f"| `{f.key}` | {f.zh} | {f.en} |" in section, (art.key, f.key)
            for c in f.choices:
                assert f"| `{c.key}` | {c.zh} | {c.en} |" in section, (art.key, f.key, c.key)
        for rule in art.rules:
            zh, en = generator.rule_messages(rule.check)
            assert zh in section and en in section and rule.check({}) is None
        for mark in art.marks:
            assert f"`{mark.key}`" in section and mark.zh in section and mark.en in section
        for key in art.department_editable:
            assert art.field(key).zh in section


def test_chinese_punctuation_is_made_full_width():
    zh_text = load_generator().zh_text
    assert zh_text("自动计算:高影响且高频率为P1(核心问题)") == "自动计算：高影响且高频率为P1（核心问题）"
    assert zh_text("紧急10分钟内响应;一般30分钟") == "紧急10分钟内响应；一般30分钟"
    assert zh_text("Pick a department (IT, QA): here") == "Pick a department (IT, QA): here"


# --- links and typography of every document ---

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|<(?:a|img)\s[^>]*(?:href|src)=\"([^\"]+)\"")


def slug(heading: str) -> str:
    """The anchor GitHub makes of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"<[^>]+>|`", "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    found = set(re.findall(r"<a\s+id=\"([^\"]+)\"", text))
    found |= {slug(m) for m in re.findall(r"^#{1,6}\s+(.+?)\s*$", without_code(text), re.M)}
    return found


def without_code(text: str) -> str:
    """The text outside fenced code blocks."""
    return re.sub(r"^(```|~~~).*?^\1[^\n]*$", "", text, flags=re.M | re.S)


def links(path: Path) -> list[str]:
    return [a or b for a, b in LINK.findall(without_code(path.read_text(encoding="utf-8")))]


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves_to_a_file_in_the_repository(path):
    assert "../shared" not in path.read_text(encoding="utf-8"), "points outside the repository"
    for target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
            continue
        file, _, fragment = target.partition("#")
        resolved = (path.parent / file).resolve() if file else path
        assert resolved.is_relative_to(ROOT), f"{target}: outside the repository"
        assert resolved.is_file(), f"{path.name}: {target} does not exist"
        if fragment and resolved.suffix == ".md":
            assert fragment in anchors(resolved), f"{path.name}: {target}: no such anchor"


def test_readme_links_the_guides_and_the_reference():
    targets = set(links(ROOT / "README.md"))
    assert {"docs/guide.zh.md", "docs/guide.en.md", "docs/artefacts.md", "docs/method.md"} <= targets


HALF_WIDTH_BESIDE_CHINESE = re.compile(r"[\u3400-\u9fff][,:;()!?]|[,:;()!?][\u3400-\u9fff]")


@pytest.mark.parametrize("path", CHINESE, ids=lambda p: p.name)
def test_chinese_text_uses_full_width_punctuation(path):
    prose = re.sub(r"`[^`\n]*`", "", without_code(path.read_text(encoding="utf-8")))
    prose = re.sub(r"\]\([^)]*\)", "]", prose)  # link targets are file names
    wrong = [line for line in prose.splitlines() if HALF_WIDTH_BESIDE_CHINESE.search(line)]
    assert not wrong, "\n".join(wrong)


# --- the guides' commands, run in order on a demo database, with the user's edits of the workbooks acted out ---

def commands(path: Path) -> list[tuple[str, bool]]:
    """(command line, shown as refused) for every `reviewdesk` line of the guide's bash blocks, in order."""
    refused_mark = GUIDES[path.name]
    found = []
    for block in re.findall(r"^```bash\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S):
        for line in block.splitlines():
            if line.startswith("reviewdesk"):
                found.append((line, refused_mark in line))
    return found


def value_in_sheet(field, value, lang):
    if field.kind is Kind.CHOICE:
        return field.choice(value).label(lang)
    if field.kind is Kind.DATE:
        return dt.date.fromisoformat(value)
    return value


def sheet_language(book) -> str:
    return "zh" if any(ws.title == ARTEFACTS["issue"].sheet_zh for ws in book.worksheets) else "en"


def act(path: Path, edits: list[tuple]) -> None:
    """What the guide asks a person to do in Excel: ("new", artefact, {field: value}) types a row at the end of the
    artefact's sheet; ("set", code, field, value) changes a cell of the row of that code."""
    book = openpyxl.load_workbook(path)
    lang = sheet_language(book)
    for edit in edits:
        if edit[0] == "new":
            _, key, fields = edit
            art = ARTEFACTS[key]
            ws = book[art.sheet(lang)]
            headers = [c.value for c in ws[1]]
            row = next(r for r in range(2, ws.max_row + 2) if all(c.value is None for c in ws[r]))
            for name, value in fields.items():
                field = art.field(name)
                ws.cell(row, headers.index(field.label(lang)) + 1).value = value_in_sheet(field, value, lang)
        else:
            _, code, name, value = edit
            art = artefact_for_code(code)
            ws = book[art.sheet(lang)]
            headers = [c.value for c in ws[1]]
            row = next(r[0].row for r in ws.iter_rows(min_row=2, max_col=1) if r[0].value == code)
            field = art.field(name)
            ws.cell(row, headers.index(field.label(lang)) + 1).value = value_in_sheet(field, value, lang)
    book.save(path)


#: The edits each guide describes in words, before the workbook is imported (by the file name the guide uses).
ACTED = {
    "新问题与回访.xlsx": [("new", "issue", {"title": "退货运费报销流程不清", "category": "experience", "impact": "medium",
                                         "frequency": "high", "department": "财务部"}),
                          ("new", "callback", {"ticket_no": "XR20261202001", "score": "9", "resolved_on": "2026-12-01",
                                               "callback_date": "2026-12-02"})],
    "new-issues-and-callbacks.xlsx": [("new", "issue", {"title": "Return postage refunds unclear", "category": "experience",
                                                        "impact": "medium", "frequency": "high", "department": "FIN"}),
                                      ("new", "callback", {"ticket_no": "XR20261202001", "score": "9",
                                                           "resolved_on": "2026-12-01", "callback_date": "2026-12-02"})],
    "评审工作簿-技术部.xlsx": [("set", "COL-0026", "status", "accepted"),
                              ("set", "COL-0026", "response", "12月18日前上线分级复核开关"),
                              ("set", "PLN-0031", "progress", 20),
                              ("set", "PLN-0031", "action", "改由技术部牵头")],
    "review-workbook-IT.xlsx": [("set", "COL-0026", "status", "accepted"),
                                ("set", "COL-0026", "response", "Switch for tiered checks live by 18 December"),
                                ("set", "PLN-0031", "progress", 20),
                                ("set", "PLN-0031", "action", "Led by IT instead")],
}


@pytest.mark.parametrize("name", sorted(GUIDES))
def test_every_command_of_the_guide_runs_as_it_says(name, tmp_path, monkeypatch, capsys):
    from reviewdesk.desktop.cli import main as cli

    lines = commands(DOCS / name)
    assert lines, f"{name} shows no command"
    first = shlex.split(lines[0][0], comments=True)
    assert first[-1] == "demo" and first[1] == "--db", "the guide starts by filling a practice database"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REVIEWDESK_DB", str(tmp_path / first[2]))  # what the guide says to set for practice
    monkeypatch.setenv("REVIEWDESK_USER", "李娜")
    acted = set()
    try:
        for line, refused in lines:
            argv = shlex.split(line, comments=True)[1:]
            parsed = cli.build_parser("zh").parse_args(argv)
            if parsed.command is None:  # opens the window
                continue
            if parsed.command == "import":
                for file in parsed.files:
                    if Path(file).name in ACTED and file not in acted:
                        act(tmp_path / file, ACTED[Path(file).name])
                        acted.add(file)
            code = cli.main(argv)
            out, err = capsys.readouterr()
            assert code == (1 if refused else 0), f"{line}\n{out}\n{err}"
            assert "Traceback" not in err
    finally:
        store.close()
