"""A meeting saved together with the actions its decisions ask for: the window's meeting editor and `meeting decide`
alike, in one transaction."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from reviewdesk.store.changes import Change, create, create_many, update
from reviewdesk.store.db import database


def save_with_actions(code: str | None, given: Mapping[str, Any], actions: Sequence[Mapping[str, Any]], *, who: str,
                      source: str, lang: str = "zh", expected_revision: int | None = None
                      ) -> tuple[Change | None, list[Change]]:
    """Create a meeting (`code` None) or update meeting `code` with `given` (nothing to update: None), and create the
    `actions` of it (their meeting filled in): all of it or nothing. Returns the meeting's change and the actions'."""
    with database.atomic():
        if code is None:
            change = create("meeting", given, who=who, source=source, lang=lang)
        elif given:
            change = update(code, given, expected_revision=expected_revision, who=who, source=source, lang=lang)
        else:
            change = None
        meeting = change.code if change is not None else code
        made = create_many("action", [{**a, "meeting": meeting} for a in actions], who=who, source=source,
                           lang=lang) if actions else []
    return change, made


__all__ = ["save_with_actions"]
