"""Qt's own dialogs speak Chinese in Chinese (#16 item 9): every file dialog the window opens (labels, buttons, tool
tips, column headers, file types) and every message box: 确定/取消/是/否 and 保存/放弃/继续编辑. Qt's catalogue
(qtbase_zh_CN.qm) is found wherever PySide6 keeps it; resources/translations/qt_supplement_zh_CN.ts adds what it
lacks ("&Look in:" and "Files of &type:" since Qt 6.12)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QDialogButtonBox,  # noqa: E402
                               QFileDialog, QLabel, QMessageBox, QPushButton, QToolButton)

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window import dialogs, i18n  # noqa: E402
from reviewdesk.templates import ReviewDeskError  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401

SUPPLEMENT = Path(__file__).resolve().parent.parent / "resources" / "translations" / "qt_supplement_zh_CN.ts"
ACCELERATOR = re.compile(r"\(&\w\)|&")
PATTERNS = re.compile(r"\(\*[^)]*\)|\*\.\w+|ReviewDesk|Word|Excel")  # file patterns and names stay as they are
LATIN = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(autouse=True)
def chinese(qapp, monkeypatch):
    """The interface in Chinese on a system that speaks English: where translations matter."""
    monkeypatch.setattr(dialogs, "system_language", lambda: QLocale.Language.English)
    i18n.install("zh")
    yield
    i18n.install("zh")


def plain(text: str) -> str:
    return ACCELERATOR.sub("", text).strip()


def english_in(texts) -> list[str]:
    return [t for t in texts if LATIN.search(PATTERNS.sub("", t))]


def when_modal(kind, act, seen):
    """act(dialog) on the first modal dialog of this kind that opens."""
    def step(left=200):
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind):
            seen.append(dialog)
            act(dialog)
        elif left:
            QTimer.singleShot(20, lambda: step(left - 1))
    QTimer.singleShot(0, step)


def file_dialog_texts(dialog: QFileDialog) -> dict[str, list[str]]:
    visible = [w for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.isVisible()]
    views = [v for v in dialog.findChildren(QAbstractItemView) if v.isVisible() and v.model() is not None]
    return {
        "labels": [w.text() for w in visible if isinstance(w, QLabel) and w.text()],
        "buttons": [w.text() for w in visible if isinstance(w, QPushButton) and w.text()],
        "tips": [w.toolTip() for w in visible if isinstance(w, QToolButton) and w.toolTip()],
        "headers": [str(v.model().headerData(c, Qt.Orientation.Horizontal)) for v in views
                    for c in range(v.model().columnCount()) if hasattr(v, "isColumnHidden") and not v.isColumnHidden(c)],
        "types": dialog.nameFilters(),
        "title": [dialog.windowTitle()],
    }


def opened_file_dialog(qtbot, open_it) -> dict[str, list[str]]:
    seen, texts = [], {}

    def read_and_close(dialog):
        try:
            texts["qt's own"] = dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
            texts.update(file_dialog_texts(dialog))
        finally:
            dialog.reject()

    when_modal(QFileDialog, read_and_close, seen)
    open_it()
    assert seen, "no file dialog opened"
    return texts


def file_dialogs(window):
    from reviewdesk.desktop.window.export_dialog import ExportDialog, PackDialog
    from reviewdesk.desktop.window.import_wizard import ImportWizard
    from reviewdesk.desktop.window.report_dialog import FeedbackReportDialog
    from reviewdesk.desktop.window.settings_dialog import SettingsDialog

    return {
        "import: returned workbooks": (lambda: ImportWizard("zh", "me", window), "browse", "退回的工作簿"),
        "export: save as": (lambda: ExportDialog("zh", window, current="issue"), "browse", "保存为"),
        "pack: folder": (lambda: PackDialog("MTG-0001", "zh", window), "browse", "文件夹"),
        "feedback report: save as": (lambda: FeedbackReportDialog("zh", window), "browse", "保存为"),
        "settings: Word template": (lambda: SettingsDialog("zh", window), "_pick_template", "Word 基础模板"),
        "settings: open database": (lambda: SettingsDialog("zh", window), "_open", "打开数据库"),
        "settings: new database": (lambda: SettingsDialog("zh", window), "_new", "新建数据库"),
        "settings: restore": (lambda: SettingsDialog("zh", window), "_restore", "从备份恢复"),
    }


@pytest.mark.parametrize("name", list(file_dialogs(None)))
def test_every_file_dialog_the_window_opens_speaks_chinese(qtbot, window, boxes, name):
    store.create("meeting", {"title": "评审会", "date": "2026-12-01", "departments": ["CS"]}, who="t")
    make, method, title = file_dialogs(window)[name]
    owner = make()
    qtbot.addWidget(owner)
    texts = opened_file_dialog(qtbot, getattr(owner, method))
    assert texts["qt's own"] and texts["title"] == [title]  # Qt's own dialog, translated with the window
    assert "查找范围(&L)：" in texts["labels"]  # was "&Look in:"
    if name != "pack: folder":  # a folder has no file name nor type
        assert "文件类型(&T)：" in texts["labels"]  # was "Files of &type:"
        assert {"文件名称(&N)：", "文件名(&N)："} & set(texts["labels"])
        assert all(not english_in([t]) for t in texts["types"]), texts["types"]
    assert {plain(b) for b in texts["buttons"]} <= {"打开", "保存", "选择", "取消"}
    assert "名称" in texts["headers"]
    for kind in ("labels", "buttons", "tips", "headers"):
        assert not english_in(texts[kind]), (kind, texts[kind])


def test_qt_s_own_file_dialog_only_where_the_system_speaks_another_language(qapp, monkeypatch):
    assert dialogs.file_dialog_options() == QFileDialog.Option.DontUseNativeDialog  # English system, Chinese window
    monkeypatch.setattr(dialogs, "system_language", lambda: QLocale.Language.Chinese)
    assert dialogs.file_dialog_options() == QFileDialog.Option(0)  # the system's own dialog speaks Chinese already
    i18n.install("en")
    assert dialogs.file_dialog_options() == QFileDialog.Option.DontUseNativeDialog


def box_buttons(qtbot, open_it, press=None) -> tuple[list[str], object]:
    seen, texts = [], []

    def read_and_answer(box):
        texts.extend(plain(b.text()) for b in box.buttons())
        wanted = [b for b in box.buttons() if plain(b.text()) == press]
        if wanted:
            wanted[0].click()
        else:  # Esc, or a button that is not there: the box closes either way, the test says what was wrong
            QTest.keyClick(box, Qt.Key.Key_Escape)

    when_modal(QMessageBox, read_and_answer, seen)
    answer = open_it()
    assert seen, "no message box opened"
    return sorted(texts), answer


def test_message_boxes_say_yes_no_ok_in_chinese(qtbot, tmp_path):
    assert box_buttons(qtbot, lambda: dialogs.confirm(None, "删除 ISS-0001？"), "是") == (["否", "是"], True)
    assert box_buttons(qtbot, lambda: dialogs.confirm(None, "删除 ISS-0001？"), "否") == (["否", "是"], False)
    assert box_buttons(qtbot, lambda: dialogs.inform(None, "已导出。"))[0] == ["确定"]
    error = ReviewDeskError("找不到记录 ISS-9999", "no record ISS-9999")
    assert box_buttons(qtbot, lambda: dialogs.show_error(None, error, "zh"))[0] == ["确定"]
    assert box_buttons(qtbot, lambda: dialogs.offer_folder(None, "已生成", tmp_path), "关闭")[0] == ["关闭", "打开文件夹"]


@pytest.mark.parametrize("press, answer", [("保存", dialogs.SAVE), ("放弃", dialogs.DISCARD),
                                           ("继续编辑", dialogs.KEEP_EDITING), (None, dialogs.KEEP_EDITING)])
def test_the_question_about_typed_changes(qtbot, press, answer):
    texts, given = box_buttons(qtbot, lambda: dialogs.ask_discard(None, "ISS-0001 有尚未保存的修改。关闭前要保存吗？"),
                               press)
    assert texts == sorted(["保存", "放弃", "继续编辑"]) and given == answer  # Esc (None) keeps editing


def test_the_window_s_dialogs_standard_buttons(qtbot, window):
    from reviewdesk.desktop.window.audit_pages import HistoryDialog
    from reviewdesk.desktop.window.export_dialog import ExportDialog
    from reviewdesk.desktop.window.filter_dialog import FilterDialog
    from reviewdesk.desktop.window.record_editor import RecordEditor
    from reviewdesk.desktop.window.settings_dialog import SettingsDialog
    from reviewdesk.templates import artefact

    store.create("issue", {"title": "甲", "category": "efficiency", "impact": "low", "frequency": "low"}, who="t")
    made = {"filter": FilterDialog(artefact("issue"), {}, {}, lang="zh"), "editor": RecordEditor("issue", lang="zh"),
            "export": ExportDialog("zh", window, current="issue"), "settings": SettingsDialog("zh", window),
            "history": HistoryDialog("ISS-0001", "zh", window)}
    shown = {}
    for name, dialog in made.items():
        qtbot.addWidget(dialog)
        shown[name] = sorted(plain(b.text()) for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons())
    assert shown == {"filter": sorted(["确定", "取消", "重置"]), "editor": sorted(["保存", "取消"]),
                     "export": sorted(["导出", "取消"]), "settings": ["关闭"], "history": ["关闭"]}


def test_qt_s_catalogue_is_found_in_the_pyside6_package_when_qt_points_elsewhere(qapp, monkeypatch):
    class Elsewhere:
        LibraryPath = QLibraryInfo.LibraryPath

        @staticmethod
        def path(_):
            return "/nowhere/translations"

    monkeypatch.setattr(i18n, "QLibraryInfo", Elsewhere)
    i18n.install("zh")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    i18n.install("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_supplement_is_compiled_and_translates_every_string_it_holds(qapp):
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(SUPPLEMENT.with_suffix(".qm")))
    messages = [(context.find("name").text, m.find("source").text, m.find("translation").text)
                for context in ET.parse(SUPPLEMENT).getroot().iter("context") for m in context.iter("message")]
    assert messages and all(translator.translate(c, s) == t for c, s, t in messages)
    assert all(re.search(r"[，：；（）！？]", t) or "(&" in t for _, _, t in messages)
