"""Shared set-up for the desktop tests: a real main window over the test database, message boxes stubbed."""
from __future__ import annotations

import pytest


class Said(list):
    """What the stubbed message boxes said, in order, as (kind, text). `unsaved` is what the question about typed
    changes answers (dialogs.SAVE, DISCARD or KEEP_EDITING): discard unless a test says otherwise."""

    unsaved = "discard"


@pytest.fixture
def boxes(monkeypatch):
    """Every message box answered without blocking; what they said is kept in order."""
    from reviewdesk.desktop.window import dialogs

    said = Said()
    monkeypatch.setattr(dialogs, "show_error", lambda parent, exc, lang: said.append(("error", dialogs.error_text(exc, lang))))
    monkeypatch.setattr(dialogs, "inform", lambda parent, text: said.append(("info", text)))
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text: said.append(("confirm", text)) or True)
    monkeypatch.setattr(dialogs, "offer_folder", lambda parent, text, path: said.append(("folder", str(path))))
    monkeypatch.setattr(dialogs, "ask_discard", lambda parent, text: said.append(("unsaved", text)) or said.unsaved)
    monkeypatch.setattr(dialogs, "connection_lost",
                        lambda parent, exc, lang, then: said.append(("lost", f"{exc.message(lang)} {then}")))
    monkeypatch.setattr(dialogs, "open_in_spreadsheet", lambda path: said.append(("opened", str(path))))
    return said


@pytest.fixture
def settings(tmp_path, monkeypatch):
    """QSettings in a folder of the test's own, so remembered columns and folders never leak between tests."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QCoreApplication.setOrganizationName("ReviewDeskTest")
    QCoreApplication.setApplicationName("ReviewDeskTest")
    return tmp_path / "settings"


@pytest.fixture
def window(qtbot, db, boxes, settings):
    from reviewdesk.desktop.window import i18n
    from reviewdesk.desktop.window.main_window import MainWindow

    i18n.install("zh")
    w = MainWindow(db, "zh")
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    yield w
    w.close()
    i18n.install("zh")
