"""Start the desktop application: Qt application, language, database, then the main window."""
from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from reviewdesk import store
from reviewdesk.templates import ReviewDeskError

from reviewdesk.desktop.window import i18n
from reviewdesk.desktop.cli.language import chosen_lang

ORGANIZATION = "ReviewDesk"


def application() -> QApplication:
    if QApplication.instance() is None:  # sharp at 125 % and 150 %, the usual Windows scales
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName("ReviewDesk")
    app.setApplicationDisplayName("ReviewDesk 评审台")
    app.setWindowIcon(i18n.app_icon())
    return app


def run(db: str | None = None, lang: str | None = None) -> int:
    started = time.perf_counter()
    app = application()
    if lang is None or chosen_lang(sys.argv[1:]) is None:  # `reviewdesk` alone: the language last chosen in the window
        lang = str(QSettings().value("ui/language", lang or "zh") or "zh")
    i18n.install(lang)
    try:
        remembered = None if os.environ.get("REVIEWDESK_DB") else QSettings().value("database/path")
        path = store.open_database(db or remembered or None)
    except ReviewDeskError as exc:
        QMessageBox.critical(None, "ReviewDesk", exc.message(lang))
        return 1
    from reviewdesk.desktop.window.main_window import MainWindow

    window = MainWindow(path, lang)
    window.show()
    if "--timing" in sys.argv:
        print(f"window shown after {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return app.exec()
