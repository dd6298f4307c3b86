"""The interface language: Qt translators from resources/translations (.qm), switchable while the window runs."""
from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon

from reviewdesk.resources import resource

TRANSLATIONS = resource("translations")
_installed: list[QTranslator] = []


def qt_translation_folders() -> list[Path]:
    """Where Qt's own catalogues — qtbase_zh_CN.qm: the file dialog, the standard buttons 确定/取消/是/否 — may be:
    where Qt says (QLibraryInfo), in the PySide6 package (PySide6-Essentials ships them in PySide6/Qt/translations,
    and a frozen build keeps that layout even where QLibraryInfo points elsewhere), then a copy beside ours."""
    package = Path(PySide6.__file__).resolve().parent
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), package / "Qt" / "translations",
               package / "translations", TRANSLATIONS]
    return list(dict.fromkeys(folders))


def _load(name: str, folders: list[Path]) -> QTranslator | None:
    for folder in folders:
        translator = QTranslator(QCoreApplication.instance())
        if folder.is_dir() and translator.load(name, str(folder)):
            return translator
    return None


def install(lang: str) -> None:
    """Source strings are English; Chinese comes from reviewdesk_zh_CN.qm, Qt's own qtbase_zh_CN.qm and
    qt_supplement_zh_CN.qm (the few strings of Qt's that its catalogue does not translate)."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang != "zh":
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    for translator in (_load("reviewdesk_zh_CN", [TRANSLATIONS]), _load("qtbase_zh_CN", qt_translation_folders()),
                       _load("qt_supplement_zh_CN", [TRANSLATIONS])):  # the last installed is asked first
        if translator is not None:
            app.installTranslator(translator)
            _installed.append(translator)


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "reviewdesk.png")))
