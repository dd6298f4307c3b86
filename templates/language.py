"""The two languages of the interface and of every document, and picking a text in one of them."""
from __future__ import annotations

LANGUAGES = ("zh", "en")


def t(lang: str, zh: str, en: str) -> str:
    """The Chinese text for "zh" (the default language), else the English one."""
    return zh if lang == "zh" else en
