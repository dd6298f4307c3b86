"""Undo and redo of record changes: each QUndoCommand replays or reverses a store.Change through the store."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from reviewdesk import store
from reviewdesk.store import sources
from reviewdesk.templates import artefact



class ChangeCommand(QUndoCommand):
    """One change already made in the store; redo() the first time does nothing, afterwards it replays it."""

    def __init__(self, change: store.Change, *, who: Callable[[], str], on_error: Callable[[BaseException], None],
                 on_changed: Callable[[str], None], lang: str = "zh"):
        art = artefact(change.artefact)
        verb = {"create": QCoreApplication.translate("undo", "New"),
                "update": QCoreApplication.translate("undo", "Edit"),
                "delete": QCoreApplication.translate("undo", "Delete")}[change.action]
        super().__init__(f"{verb} {change.code}")
        self.change = change
        self.who, self.on_error, self.on_changed, self.lang = who, on_error, on_changed, lang
        self.art = art
        self.first = True

    def _inputs(self, side: int) -> dict[str, Any]:
        return {k: pair[side] for k, pair in self.change.fields.items() if not self.art.field(k).is_computed}

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            work()
        except Exception as exc:  # a later change or a reference may stand in the way: say so, keep the window
            self.setObsolete(True)
            self.on_error(exc)
        self.on_changed(self.change.code)

    def redo(self) -> None:
        if self.first:
            self.first = False
            return
        c = self.change
        if c.action == "create":
            self._run(lambda: store.restore(store.Change(c.artefact, c.code, "delete", c.revision,
                                                         {k: (new, None) for k, (_, new) in c.fields.items()}),
                                            who=self.who(), source=sources.REDO))
        elif c.action == "update":
            self._run(lambda: store.update(c.code, self._inputs(1), who=self.who(), source=sources.REDO))
        else:
            self._run(lambda: store.delete(c.code, who=self.who(), source=sources.REDO))

    def undo(self) -> None:
        c = self.change
        if c.action == "create":
            self._run(lambda: store.delete(c.code, who=self.who(), source=sources.UNDO))
        elif c.action == "update":
            self._run(lambda: store.update(c.code, self._inputs(0), who=self.who(), source=sources.UNDO))
        else:
            self._run(lambda: store.restore(c, who=self.who(), source=sources.UNDO))
