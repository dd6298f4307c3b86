"""Other people's changes shown as they happen: the window waits on the team database's notifications (or looks at a
shared file once a second) and redraws what changed, keeping the user's selection and scroll position."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from reviewdesk import store

POLL_MS = 1000  # a shared SQLite file: how often its data_version is read (a cheap PRAGMA)


class LiveUpdates(QObject):
    """Emits `changed` with what others wrote (store.watch.Changes) within about a second of their commit."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None, *, on_error: Callable[[Exception], None] | None = None):
        super().__init__(parent)
        self.on_error = on_error
        self.watcher = store.watch.Watcher()
        self.notifier: QSocketNotifier | None = None
        self.timer = QTimer(self)
        socket = self.watcher.fileno()
        if socket is not None:  # a team database: woken by the server's notification, no polling
            self.notifier = QSocketNotifier(socket, QSocketNotifier.Type.Read, self)
            self.notifier.activated.connect(self.look)
        else:
            self.timer.timeout.connect(self.look)
            self.timer.start(POLL_MS)

    def look(self) -> None:
        """Read what was written since the last look, if anything was, and tell the window."""
        try:
            if not self.watcher.anything_new():
                return
            changes = self.watcher.changes()
        except Exception as exc:  # noqa: BLE001 - a lost connection must not take the window down
            self.stop()
            if self.on_error is not None:
                self.on_error(exc)
            return
        if changes:
            self.changed.emit(changes)

    def stop(self) -> None:
        self.timer.stop()
        if self.notifier is not None:
            self.notifier.setEnabled(False)
        self.watcher.close()


__all__ = ["LiveUpdates", "POLL_MS"]
