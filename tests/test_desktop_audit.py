"""The window's audit log, a record's history and the import history say where each change came from in the
window's language, and say what an import created and updated in words."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window import i18n  # noqa: E402
from reviewdesk.desktop.window.audit_pages import AuditPage, HistoryDialog, ImportHistoryPage  # noqa: E402

from sources_helpers import RETURNED, history_of_every_source  # noqa: E402

# On SQLite only: what they check does not depend on the engine; the engine-specific parts (the one read, the
# table's SQL sorting and searching, import planning and applying) run on both in test_import, test_desktop_table,
# test_xlsx_cli and test_live.

INTERNAL = ("import batch", "undo import", "import:", "undo-import", "cli", "form", "demo")


@pytest.fixture
def lang(request):
    i18n.install(request.param)
    yield request.param
    i18n.install("zh")


def cells(model, column_name: str) -> list[str]:
    """One column of a table model as the view shows it, top row first."""
    column = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())].index(column_name)
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def shown(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


@pytest.mark.parametrize("lang,source,zh_or_en", [("zh", "来源", {
    "cli": "命令行", "import": f"导入批次 1（{RETURNED}）", "undo": "撤销导入批次 1", "again": f"导入批次 2（{RETURNED}）",
    "form": "表单", "settings": "设置"}), ("en", "Source", {
    "cli": "command line", "import": f"import batch 1 ({RETURNED})", "undo": "undo of import batch 1",
    "again": f"import batch 2 ({RETURNED})", "form": "form", "settings": "settings"})], indirect=["lang"])
def test_the_history_dialog_and_the_audit_page_name_sources_in_the_window_language(qtbot, db, tmp_path, lang, source,
                                                                                  zh_or_en):
    code = history_of_every_source(tmp_path)
    store.update(code, {"notes": "复核"}, who="李娜")  # the window's form
    dialog = HistoryDialog(code, lang)
    qtbot.addWidget(dialog)
    said = cells(dialog.view.model(), source)  # newest first
    assert said[:4] == [zh_or_en["form"], zh_or_en["again"], zh_or_en["undo"], zh_or_en["import"]]
    assert set(said[4:]) == {zh_or_en["cli"]}
    page = AuditPage(lang)
    qtbot.addWidget(page)
    everything = cells(page.view.model(), source)
    assert set(everything) == {*zh_or_en.values()}  # the departments and people of the fixture: settings
    if lang == "zh":  # no internal English word left in a Chinese window
        assert not any(word in text for text in everything for word in INTERNAL)


@pytest.mark.parametrize("search,expected", [
    ("导入批次 1", {f"导入批次 1（{RETURNED}）", "撤销导入批次 1"}),
    ("import batch 2", {f"导入批次 2（{RETURNED}）"}),
    ("撤销导入批次 1", {"撤销导入批次 1"}),
    ("undo of import batch 1", {"撤销导入批次 1"}),
    ("命令行", {"命令行"}),
    ("command line", {"命令行"}),
    ("第二轮修改后", {f"导入批次 1（{RETURNED}）", f"导入批次 2（{RETURNED}）"}),  # part of the file's name
    ("导入", {f"导入批次 1（{RETURNED}）", "撤销导入批次 1", f"导入批次 2（{RETURNED}）"}),
])
def test_the_audit_page_finds_a_source_by_what_it_shows(qtbot, db, tmp_path, search, expected):
    history_of_every_source(tmp_path)
    page = AuditPage("zh")
    qtbot.addWidget(page)
    page.search.setText(search)
    page.refresh()
    assert set(cells(page.view.model(), "来源")) == expected


@pytest.mark.parametrize("lang,counts,files", [
    ("zh", "服务问题清单：新增 1、修改 1", f"{RETURNED}（与批次 1 为同一文件）"),
    ("en", "Service issue list: 1 created, 1 updated", f"{RETURNED} (same file as batch 1)")], indirect=["lang"])
def test_the_import_history_says_what_each_batch_created_and_updated(qtbot, db, tmp_path, lang, counts, files):
    history_of_every_source(tmp_path)
    page = ImportHistoryPage(lang)
    qtbot.addWidget(page)
    assert shown(page.table, 0) == ["2", "1"]
    assert shown(page.table, 4) == [counts, counts]
    assert shown(page.table, 3) == [files, RETURNED]


def test_the_import_history_joins_artefacts_readably(qtbot, db, tmp_path):
    history_of_every_source(tmp_path)
    store.database.execute_sql(f"UPDATE import_batch SET counts = {store.database.param} WHERE id = 2",
                               ('{"issue": {"created": 0, "updated": 3}, "target": {"created": 2, "updated": 0},'
                                ' "callback": {"created": 0, "updated": 0}}',))
    page = ImportHistoryPage("zh")
    qtbot.addWidget(page)
    assert shown(page.table, 4)[0] == "服务问题清单：修改 3；服务优化目标确认表：新增 2"
