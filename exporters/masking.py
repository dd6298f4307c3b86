"""Personal data as exports show it unless asked otherwise: 王先生 → 王*, 13812345678 → 138****5678."""
from __future__ import annotations

from typing import Any, Callable

from reviewdesk.templates import Field
from reviewdesk.templates.values import MASK


def mask_name(name: str) -> str:
    """Keep the first character (the family name) and hide the rest, whatever its length."""
    name = name.strip()
    return name[:1] + MASK if name else name


def mask_phone(phone: str) -> str:
    """Keep the first three and the last four digits; a short number keeps only its last two."""
    text = phone.strip()
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if len(digits) >= 8:
        return text[:digits[2] + 1] + MASK * 4 + text[digits[-4]:]
    if len(digits) >= 3:
        return MASK * (len(text) - 2) + text[-2:]
    return MASK * len(text)


def mask(field: Field, value: Any) -> Any:
    """A personal field's value as a masked export shows it; other fields and blanks pass unchanged."""
    if not field.personal or value is None or value == "":
        return value
    text = str(value)
    return mask_phone(text) if _looks_like_number(text) else mask_name(text)


def masker(field: Field) -> Callable[[str], str]:
    """The masking function of one personal field, chosen once from its declared example (a number, or a name)."""
    if field.example is not None:
        return mask_phone if _looks_like_number(str(field.example)) else mask_name
    return lambda text: mask(field, text)


def _looks_like_number(text: str) -> bool:
    """A phone number, ID or account number: mostly digits, and enough of them."""
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 7 and digits * 2 >= len(text.replace(" ", ""))
