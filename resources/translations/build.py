"""Refresh the .ts sources from desktop/ (pyside6-lupdate), report what is untranslated, compile .qm (pyside6-lrelease).

Run from anywhere: python resources/translations/build.py. Translations are edited in the .ts (Qt Linguist or
any editor); lupdate keeps them when the sources change. qt_supplement_<lang>.ts holds Qt's own strings that Qt's
catalogue (qtbase_<lang>.qm) lacks; it is written by hand (no lupdate) and only compiled here.
"""
from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LANGUAGES = ("zh_CN",)


def untranslated(ts: Path) -> list[str]:
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") \
                and not (translation.text or "").strip():
            missing.append(message.find("source").text)
    return missing


def main() -> int:
    sources = sorted(str(p) for p in (ROOT / "desktop").rglob("*.py"))
    status = 0
    for lang in LANGUAGES:
        ts, qm = HERE / f"reviewdesk_{lang}.ts", HERE / f"reviewdesk_{lang}.qm"
        subprocess.run(["pyside6-lupdate", *sources, "-no-obsolete", "-locations", "none", "-ts", str(ts)], check=True)
        missing = untranslated(ts)
        for text in missing:
            print(f"{lang}: untranslated: {text!r}", file=sys.stderr)
        status |= bool(missing)
        subprocess.run(["pyside6-lrelease", str(ts), "-qm", str(qm)], check=True)
        supplement = HERE / f"qt_supplement_{lang}.ts"
        if supplement.exists():
            missing = untranslated(supplement)
            for text in missing:
                print(f"{lang}: untranslated in {supplement.name}: {text!r}", file=sys.stderr)
            status |= bool(missing)
            subprocess.run(["pyside6-lrelease", str(supplement), "-qm", str(supplement.with_suffix(".qm"))], check=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
