"""Domain exceptions: every message a user can see, in Chinese and in English."""
from __future__ import annotations

from typing import Any, Sequence

from reviewdesk.templates.language import t


class ReviewDeskError(Exception):
    """Base of every error a user is shown; carries the message in both interface languages."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh") -> str:
        return t(lang, self.zh, self.en)


class FieldError(ReviewDeskError):
    """One field's value is wrong: which field, the value as given, and what was expected."""

    def __init__(self, field: str, zh: str, en: str, value: Any = None, suggestions: Sequence[str] = ()):
        super().__init__(zh, en)
        self.field = field
        self.value = value
        self.suggestions = tuple(suggestions)


class ValidationError(ReviewDeskError):
    """A record was refused; holds every field error found, not only the first."""

    def __init__(self, errors: Sequence[FieldError], record: str | None = None):
        self.errors = list(errors)
        self.record = record
        where_zh = f"{record}：" if record else ""
        where_en = f"{record}: " if record else ""
        super().__init__(where_zh + ";".join(e.zh for e in self.errors),
                         where_en + "; ".join(e.en for e in self.errors))
