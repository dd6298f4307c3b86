"""The few message boxes every window uses (errors, confirmations, 'open the folder?'), in one place tests can stub."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from reviewdesk.templates import ReviewDeskError



def error_text(exc: BaseException, lang: str) -> str:
    """A domain error's own message in the interface language; anything else in one plain sentence."""
    if isinstance(exc, ReviewDeskError):
        return exc.message(lang)
    if isinstance(exc, OSError):
        name = f" {exc.filename}" if exc.filename else ""
        text = QCoreApplication.translate("dialogs", "A file operation failed{name}: {reason}")
        return text.format(name=name, reason=exc.strerror or exc)
    text = QCoreApplication.translate("dialogs", "Something unexpected went wrong: {error}")
    return text.format(error=f"{type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, exc: BaseException, lang: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, "ReviewDesk", error_text(exc, lang), QMessageBox.StandardButton.Ok,
                      parent)
    trace = getattr(exc, "trace", None)
    if trace and not isinstance(exc, ReviewDeskError):
        box.setDetailedText(trace)
    box.exec()


def confirm(parent: QWidget | None, text: str) -> bool:
    answer = QMessageBox.question(parent, "ReviewDesk", text)
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, "ReviewDesk", text)


def offer_folder(parent: QWidget | None, text: str, path: Path) -> None:
    """Say what was written and offer to open the folder that holds it."""
    box = QMessageBox(QMessageBox.Icon.Information, "ReviewDesk", text, QMessageBox.StandardButton.NoButton, parent)
    open_button = box.addButton(QCoreApplication.translate("dialogs", "Open folder"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("dialogs", "Close"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path if path.is_dir() else path.parent)))
