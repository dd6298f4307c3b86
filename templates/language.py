"""The two languages of the interface and of every document, and picking a text in one of them."""
from __future__ import annotations

LANGUAGES = ("zh", "en")


def t(lang: str, zh: str, en: str) -> str:
    """The Chinese text for "zh" (the default language), else the English one."""
    return zh if lang == "zh" else en


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1–99 as a Chinese chapter number (一、十、十二、二十、二十三)."""
    if not 0 < number < 100:
        raise ValueError(number)
    tens, ones = divmod(number, 10)
    if not tens:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
