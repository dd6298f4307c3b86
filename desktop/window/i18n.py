"""The interface language: Qt translators from resources/translations (.qm), switchable while the window runs."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon

from reviewdesk.resources import resource

TRANSLATIONS = resource("translations")
_installed: list[QTranslator] = []


def install(lang: str) -> None:
    """Source strings are English; Chinese comes from reviewdesk_zh_CN.qm and Qt's own qtbase_zh_CN.qm."""
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang != "zh":
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ours = QTranslator(app)
    if ours.load(str(TRANSLATIONS / "reviewdesk_zh_CN.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "reviewdesk.png")))
