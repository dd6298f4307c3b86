"""Background work with one runner: the job runs on a pool thread with its own connection, the GUI shows progress."""
from __future__ import annotations

import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from reviewdesk import store

from reviewdesk.desktop.window import dialogs


class Cancelled(Exception):
    """The person pressed Cancel."""


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """work(progress) runs off the GUI thread; progress(done, total) returns False once cancelled."""

    def __init__(self, work: Callable[[Callable[[int, int], bool]], Any]):
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self.cancel_event = threading.Event()
        self.setAutoDelete(False)

    def progress(self, done: int, total: int) -> bool:
        self.signals.progress.emit(int(done), int(total))
        return not self.cancel_event.is_set()

    def run(self) -> None:  # on a pool thread: peewee opens this thread's own connection on first use
        try:
            result = self.work(self.progress)
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a dialog, never a traceback
            exc.trace = traceback.format_exc()
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)
        finally:
            store.close()  # this thread's connection only


_RUNNING: set[Job] = set()


def run_job(parent: QWidget | None, title: str, work: Callable[[Callable[[int, int], bool]], Any], *,
            lang: str = "zh", on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[BaseException], None] | None = None, modal_progress: bool = True,
            cancellable: bool = True) -> Job:
    """Start work in the background behind a progress dialog; errors end in a message box.

    cancellable: the dialog has a Cancel button. Work that reads only (a plan) is abandoned when cancelled;
    work that honours progress() returning False (an export) stops; work that writes and cannot stop
    part-way (applying an import, a pack) should not be cancellable.
    """
    job = Job(work)
    dialog = None
    if modal_progress:
        dialog = QProgressDialog(title, QCoreApplication.translate("jobs", "Cancel"), 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel_event.set)
        if not cancellable:
            dialog.setCancelButton(None)

        def on_progress(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)

        job.signals.progress.connect(on_progress)

    def finish() -> None:
        _RUNNING.discard(job)
        if dialog is not None:
            dialog.canceled.disconnect(job.cancel_event.set)
            dialog.close()
            dialog.deleteLater()

    def done(result: Any) -> None:
        cancelled = job.cancel_event.is_set()  # before finish(): closing a QProgressDialog emits canceled()
        finish()
        if cancelled:  # cancelled while it ran to the end anyway: the result is not wanted
            return
        if on_done:
            on_done(result)

    def failed(exc: BaseException) -> None:
        finish()
        if on_failed:
            on_failed(exc)
        elif not is_cancel(exc):
            dialogs.show_error(parent, exc, lang)

    job.signals.done.connect(done, Qt.ConnectionType.QueuedConnection)
    job.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    _RUNNING.add(job)
    QThreadPool.globalInstance().start(job)
    return job


def is_cancel(exc: BaseException) -> bool:
    from reviewdesk.exporters.files import ExportCancelled

    return isinstance(exc, (Cancelled, ExportCancelled))
