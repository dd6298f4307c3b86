"""The few message boxes and file dialogs every window uses (errors, confirmations, 'open the folder?', 'save the
changes?', choosing files), in one place tests can stub."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

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


def connection_lost(parent: QWidget | None, exc: ReviewDeskError, lang: str, then: str) -> None:
    """A save whose connection to the server broke: what the server answered about it (store.ConnectionLost: saved,
    not saved, unknown) and, below, `then`: what the window does about it."""
    saved = getattr(exc, "committed", None)
    icon = QMessageBox.Icon.Information if saved else QMessageBox.Icon.Warning
    box = QMessageBox(icon, "ReviewDesk", exc.message(lang), QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(then)
    box.exec()


def confirm(parent: QWidget | None, text: str) -> bool:
    answer = QMessageBox.question(parent, "ReviewDesk", text)
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, "ReviewDesk", text)


def notice(parent: QWidget | None, text: str) -> QMessageBox:
    """A warning that does not stop the work: shown beside the window, closed when read."""
    box = QMessageBox(QMessageBox.Icon.Warning, "ReviewDesk", text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("notice")
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box


SAVE, DISCARD, KEEP_EDITING = "save", "discard", "keep"


def ask_discard(parent: QWidget | None, text: str) -> str:
    """Typed changes about to be lost: SAVE them, DISCARD them, or KEEP_EDITING (also Esc and the close button)."""
    box = QMessageBox(QMessageBox.Icon.Question, "ReviewDesk", text, QMessageBox.StandardButton.NoButton, parent)
    save = box.addButton(QCoreApplication.translate("dialogs", "Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(QCoreApplication.translate("dialogs", "Discard"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(QCoreApplication.translate("dialogs", "Keep editing"), QMessageBox.ButtonRole.RejectRole)
    save.setObjectName("discard_save")
    discard.setObjectName("discard_discard")
    keep.setObjectName("discard_keep")
    box.setDefaultButton(save)
    box.setEscapeButton(keep)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else KEEP_EDITING


def offer_folder(parent: QWidget | None, text: str, path: Path) -> None:
    """Say what was written and offer to open the folder that holds it."""
    box = QMessageBox(QMessageBox.Icon.Information, "ReviewDesk", text, QMessageBox.StandardButton.NoButton, parent)
    open_button = box.addButton(QCoreApplication.translate("dialogs", "Open folder"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("dialogs", "Close"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path if path.is_dir() else path.parent)))


def offer_drafts(parent: QWidget | None, text: str, folder: Path, drafts: list[Path]) -> None:
    """Say which e-mail drafts were written and offer to open their folder, or the drafts themselves in the mail
    program (each .eml opens as a message to send)."""
    box = QMessageBox(QMessageBox.Icon.Information, "ReviewDesk", text, QMessageBox.StandardButton.NoButton, parent)
    open_folder = box.addButton(QCoreApplication.translate("dialogs", "Open folder"), QMessageBox.ButtonRole.AcceptRole)
    open_drafts = box.addButton(QCoreApplication.translate("dialogs", "Open the drafts"),
                                QMessageBox.ButtonRole.ActionRole)
    open_drafts.setEnabled(bool(drafts))
    box.addButton(QCoreApplication.translate("dialogs", "Close"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
    elif box.clickedButton() is open_drafts:
        for draft in drafts:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(draft)))


def open_in_spreadsheet(path: Path) -> None:
    """Open a workbook with whatever the desktop opens .xlsx with (Excel, WPS, LibreOffice)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# --- choosing files ---
def system_language() -> QLocale.Language:
    """The language the operating system speaks to this user (its first UI language)."""
    languages = QLocale.system().uiLanguages()
    return QLocale(languages[0]).language() if languages else QLocale.system().language()


def file_dialog_options() -> QFileDialog.Option:
    """The system's own file dialog speaks the system's language: where that is not the interface's (an English
    Windows, ReviewDesk in Chinese) Qt's own dialog is used, translated with the rest of the window."""
    if QLocale().language() != system_language():
        return QFileDialog.Option.DontUseNativeDialog
    return QFileDialog.Option(0)


def open_file_names(parent: QWidget | None, caption: str, folder: str, filters: str) -> list[str]:
    return QFileDialog.getOpenFileNames(parent, caption, folder, filters, options=file_dialog_options())[0]


def open_file_name(parent: QWidget | None, caption: str, folder: str, filters: str) -> str:
    return QFileDialog.getOpenFileName(parent, caption, folder, filters, options=file_dialog_options())[0]


def save_file_name(parent: QWidget | None, caption: str, path: str, filters: str) -> str:
    return QFileDialog.getSaveFileName(parent, caption, path, filters, options=file_dialog_options())[0]


def existing_folder(parent: QWidget | None, caption: str, folder: str) -> str:
    options = file_dialog_options() | QFileDialog.Option.ShowDirsOnly
    return QFileDialog.getExistingDirectory(parent, caption, folder, options=options)
