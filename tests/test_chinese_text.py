"""Chinese as a Chinese reader expects it: every Chinese string the product ships — templates, messages, the
window's translations — uses full-width ，：；（）！？ beside Chinese characters, never the half-width ones."""
from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("templates", "store", "exporters", "desktop")
HAN = "\u3400-\u9fff\uf900-\ufaff"
HALF_WIDTH_BESIDE_CHINESE = re.compile(f"(?<=[{HAN}])[,:;()!?]|[,:;()!?](?=[{HAN}])")


def shipped_strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal a module may show, f-strings' text parts included; docstrings are
    for the reader of the code and left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


REGEX = re.compile(r"\(\?|\\[sdw]")  # a regular expression's own brackets are not punctuation


def offences(text: str) -> list[str]:
    """Half-width marks beside Chinese, in Chinese text: an English sentence quoting a Chinese example (2026年11月30日,
    or pick one…) and a regular expression are not Chinese text."""
    latin, han = len(re.findall(r"[A-Za-z]", text)), len(re.findall(f"[{HAN}]", text))
    if REGEX.search(text) or latin > 2 * han:
        return []
    return [text[max(m.start() - 6, 0):m.end() + 6] for m in HALF_WIDTH_BESIDE_CHINESE.finditer(text)]


MODULES = sorted(p for layer in LAYERS for p in (ROOT / layer).rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_half_width_punctuation_beside_chinese_in_what_a_module_shows(path):
    found = [f"line {line}: …{bad}…" for line, text in shipped_strings(path) for bad in offences(text)]
    assert not found, "\n".join(found)


def test_no_half_width_punctuation_beside_chinese_in_the_window_translations():
    ts = ROOT / "resources" / "translations" / "reviewdesk_zh_CN.ts"
    found = [f"{m.findtext('source')!r}: …{bad}…" for m in ET.parse(ts).getroot().iter("message")
             for bad in offences(m.findtext("translation") or "")]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("text,faulty", [("已应用,导入批次 1", True), ("阶段:方案设计", True), ("8.2(共 300 次回访)", True),
                                         ("已应用，导入批次 1（可用 undo 撤销）", False), ("ISS-0001: Summary", False)])
def test_the_check_catches_what_a_reader_would(text, faulty):
    assert bool(offences(text)) is faulty
