"""Every string of the window is in the .ts, translated, and compiled into the .qm that the window loads."""
from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "reviewdesk_zh_CN.ts"


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.find("name").text
        for m in context.iter("message"):
            t = m.find("translation")
            unfinished = t is None or t.get("type") in ("unfinished", "vanished", "obsolete")
            found[(name, m.find("source").text)] = None if unfinished else t.text
    return found


def test_every_string_is_translated_and_compiled():
    current = messages(TS)
    assert current and all(current.values()), [k for k, v in current.items() if not v]
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(TS.with_suffix(".qm")))
    for (context, source), translation in current.items():  # the compiled file says what the source says
        assert translator.translate(context, source) == translation, (context, source)


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="pyside6-lupdate not installed")
def test_the_ts_holds_every_string_of_the_sources(tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run(["pyside6-lupdate", *sorted(str(p) for p in (ROOT / "desktop").rglob("*.py")), "-ts", str(fresh)],
                   check=True, capture_output=True)
    missing = set(messages(fresh)) - set(messages(TS))
    assert not missing, f"run python resources/translations/build.py and translate: {sorted(missing)}"
