"""Start the desktop application: Qt application, language, database, then the main window."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from reviewdesk import store
from reviewdesk.templates import ReviewDeskError

from reviewdesk.desktop.window import i18n, single_instance
from reviewdesk.desktop.cli.language import chosen_lang

ORGANIZATION = "ReviewDesk"
APP_USER_MODEL_ID = "ReviewDesk.ReviewDesk"
READY_FILE = "REVIEWDESK_READY_FILE"


def application() -> QApplication:
    if QApplication.instance() is None:  # sharp at 125 % and 150 %, the usual Windows scales
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(sys.argv)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName("ReviewDesk")
    app.setApplicationDisplayName("ReviewDesk 评审台")
    app.setWindowIcon(i18n.app_icon())
    return app


def run(db: str | None = None, lang: str | None = None, files: Sequence[str] = ()) -> int:
    """The window on the database; with a window already open on it, hand it `files` (the import wizard opens
    there) and end."""
    started = time.perf_counter()
    set_windows_app_id()
    app = application()
    if lang is None or chosen_lang(sys.argv[1:]) is None:  # `reviewdesk` alone: the language last chosen in the window
        lang = str(QSettings().value("ui/language", lang or "zh") or "zh")
    i18n.install(lang)
    remembered = None if os.environ.get("REVIEWDESK_DB") else QSettings().value("database/path")
    name = single_instance.server_name(store.resolve_path(db or remembered or None))
    if single_instance.hand_over(name, files):
        return 0
    from reviewdesk.desktop.window import team_login

    try:
        path = team_login.open_database(None, db or remembered or None)  # a team database's password asked if need be
    except ReviewDeskError as exc:
        QMessageBox.critical(None, "ReviewDesk", exc.message(lang))
        return 1
    from reviewdesk.desktop.window.main_window import MainWindow

    window = MainWindow(path, lang)
    window.show()
    listener = single_instance.Listener(name, window.bring_forward, app)
    if files:
        QTimer.singleShot(0, lambda: window.bring_forward(list(files)))
    if "--timing" in sys.argv:
        print(f"window shown after {time.perf_counter() - started:.2f} s", file=sys.stderr)
    if os.environ.get(READY_FILE):
        QTimer.singleShot(0, lambda: report_ready(window, started))
    try:
        return app.exec()
    finally:
        listener.server.close()


def main(argv: Sequence[str] | None = None) -> int:
    """The window's own program (ReviewDesk.exe): `ReviewDesk [--db PATH] [--lang zh|en] [WORKBOOK ...]`."""
    parser = argparse.ArgumentParser(prog="ReviewDesk")
    parser.add_argument("--db", metavar="PATH")
    parser.add_argument("--lang", choices=("zh", "en"))
    parser.add_argument("files", nargs="*", metavar="WORKBOOK")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return run(db=args.db, lang=args.lang, files=args.files)


def set_windows_app_id() -> None:
    """Windows groups the taskbar button and pins it by this id, not by the python.exe that may run us."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)


def report_ready(window, started: float) -> None:
    """For the smoke test and the start-time benchmark (REVIEWDESK_READY_FILE): once the window has painted, write
    what it shows and how long it took, then quit. A file, because the window has no console on Windows."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    report = {"ready_after": round(time.perf_counter() - started, 3), "title": window.windowTitle(),
              "menus": [a.text() for a in window.menuBar().actions()], "lang": window.lang}
    Path(os.environ[READY_FILE]).write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    window.close()
    QApplication.quit()
