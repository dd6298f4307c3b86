"""Undo and redo of record changes in the window: each QUndoCommand asks the store to undo or redo one change."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from reviewdesk import store


class ChangeCommand(QUndoCommand):
    """One change already made in the store; redo() the first time does nothing, afterwards it asks the store to
    redo it (store.redo reverses the undo), and undo() asks the store to undo the change last done."""

    def __init__(self, change: store.Change, *, who: Callable[[], str], on_error: Callable[[BaseException], None],
                 on_changed: Callable[[str], None], lang: str = "zh"):
        verb = {"create": QCoreApplication.translate("undo", "New"),
                "update": QCoreApplication.translate("undo", "Edit"),
                "delete": QCoreApplication.translate("undo", "Delete")}[change.action]
        super().__init__(f"{verb} {change.code}")
        self.done: store.Change = change  # the change in force: the first one, or its latest redo
        self.undone: store.Change | None = None  # the undo of it, while undone
        self.who, self.on_error, self.on_changed, self.lang = who, on_error, on_changed, lang
        self.first = True

    def _run(self, work: Callable[[], Any]) -> None:
        try:
            work()
        except Exception as exc:  # a later change or a reference may stand in the way: say so, keep the window
            self.setObsolete(True)
            self.on_error(exc)
        self.on_changed(self.done.code)

    def redo(self) -> None:
        if self.first:
            self.first = False
            return

        def work() -> None:
            self.done = store.redo(who=self.who(), change_id=self.undone.id, lang=self.lang)
        self._run(work)

    def undo(self) -> None:
        def work() -> None:
            self.undone = store.undo(who=self.who(), change_id=self.done.id, lang=self.lang)
        self._run(work)
