"""Rebuild the chart font: Noto Sans CJK SC Regular cut down to the characters Chinese documents use (GB2312).

Needs fontTools (`pip install fonttools`, not a runtime dependency) and the Noto Sans CJK collection
(Debian: fonts-noto-cjk). Run from the repository root: python resources/fonts/make_subset.py
"""
from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_INDEX = 2  # Noto Sans CJK SC in the collection
TARGET = Path(__file__).with_name("NotoSansSC-Regular-GB2312.otf")
CHARS = Path(__file__).with_name("NotoSansSC-Regular-GB2312.chars.txt")


def gb2312() -> set[int]:
    """Every character of GB2312: 6,763 hanzi plus its punctuation, letters and symbols."""
    found = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return found


def wanted() -> set[int]:
    codes = gb2312()
    codes |= set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))  # ASCII and Latin-1
    codes |= set(range(0x2000, 0x2070)) | set(range(0x2190, 0x21FF)) | set(range(0x2460, 0x24FF))  # punctuation, arrows, ①
    codes |= set(range(0x25A0, 0x2600)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))  # shapes, CJK punct., full width
    root = Path(__file__).resolve().parents[2]
    for path in (root / "templates").glob("*.py"):  # every label ReviewDesk itself writes
        codes |= {ord(ch) for ch in path.read_text(encoding="utf-8") if ord(ch) > 0x2E80}
    return codes


def main() -> int:
    font = TTCollection(str(SOURCE)).fonts[SC_INDEX]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # charts are drawn at 150-200 dpi: hints add size, not quality
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted())
    subsetter.subset(font)
    font.save(str(TARGET))
    cmap = sorted(font.getBestCmap())
    CHARS.write_text("".join(chr(c) for c in cmap if c > 0x7F), encoding="utf-8")
    print(f"{TARGET.name}: {len(cmap)} characters, {TARGET.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
