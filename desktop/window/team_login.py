"""Opening a database from the window: a team database's password asked once, kept in the keyring, asked again when
the server refuses it."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from reviewdesk import store

from reviewdesk.desktop.window import passwords

T = TypeVar("T")


class PasswordDialog(QDialog):
    """Asks for a team database account's password: why it is asked, and where it will be kept."""

    def __init__(self, refused: store.PasswordRefused, keyring_usable: bool, parent: QWidget | None = None):
        super().__init__(parent)
        where = refused.address
        self.setWindowTitle(self.tr("Team database password"))
        if refused.missing:
            reason = self.tr("The team database {server} asks for the password of account {user}.")
        else:
            reason = self.tr("The server {server} did not accept this password of account {user} (a wrong password, "
                             "or no such account). Type it again.")
        self.reason = QLabel(reason.format(server=where.server, user=where.user))
        self.reason.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("team_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumWidth(260)
        if keyring_usable:
            kept = self.tr("ReviewDesk keeps it in the system's keyring (Windows Credential Manager, the macOS "
                           "Keychain) and does not ask again on this computer.")
        else:
            kept = self.tr("This computer has no usable keyring: the password is kept only while ReviewDesk runs and "
                           "is asked again each time it starts.")
        self.kept = QLabel(kept)
        self.kept.setObjectName("team_password_kept")
        self.kept.setWordWrap(True)
        self.kept.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Account"), QLabel(where.user))
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason)
        layout.addLayout(form)
        layout.addWidget(self.kept)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)


def ask_password(parent: QWidget | None, refused: store.PasswordRefused) -> str | None:
    """The password typed, or None when the person cancelled (tests replace this)."""
    dialog = PasswordDialog(refused, passwords.keyring_usable(), parent)
    return dialog.password.text() if dialog.exec() == QDialog.DialogCode.Accepted else None


def next_password(parent: QWidget | None, refused: store.PasswordRefused, tried: str | None) -> str | None:
    """After a refusal: forget the password tried (the keyring's too), and ask for another; None if cancelled."""
    if tried is not None:
        passwords.forget(refused.address.login)
    return ask_password(parent, refused)


def with_password(parent: QWidget | None, url: str, attempt: Callable[[str | None], T]) -> T:
    """attempt(password) on the GUI thread, first with the password kept for this account (or None: libpq's own
    places, PGPASSWORD and the password file), then with each one typed while the server refuses; a password
    typed and accepted is kept. PasswordRefused when the person cancels."""
    login = store.ServerAddress.from_url(url).login
    password, typed = passwords.stored(login), False
    while True:
        try:
            result = attempt(password)
        except store.PasswordRefused as refused:
            password = next_password(parent, refused, password)
            if password is None:
                raise
            typed = True
            continue
        if typed:
            passwords.keep(login, password)
        return result


def open_database(parent: QWidget | None, location: str | os.PathLike | None) -> Path | str:
    """store.open_database for the window: a file as it is, a team database with its password asked as needed."""
    resolved = store.resolve_path(location)
    if not store.is_server(resolved):
        return store.open_database(resolved)
    return with_password(parent, str(resolved), lambda password: store.open_database(resolved, password=password))
