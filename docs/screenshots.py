"""Screenshots of the main screens, in Chinese with the demo data: python docs/screenshots.py (writes docs/*.png).

Runs offscreen on a fresh demo database in a temporary folder; settings are kept there too, so nothing of the
user's own ReviewDesk is touched.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import openpyxl  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window import i18n  # noqa: E402
from reviewdesk.desktop.window.app import application  # noqa: E402
from reviewdesk.store.demo import fill_demo  # noqa: E402

SIZE = (1360, 820)


def save(widget: QWidget, name: str) -> None:
    """A grab of the widget, reduced to 256 colours: a few dozen KB per screen instead of a few hundred."""
    QApplication.processEvents()
    raw = HERE / f"{name}.raw.png"
    widget.grab().save(str(raw))
    image = Image.open(raw).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(HERE / f"{name}.png", optimize=True)
    raw.unlink()
    print(f"docs/{name}.png", (HERE / f"{name}.png").stat().st_size // 1024, "KB")


def edit_cell(path: Path, sheet: str, code: str, header: str, value) -> None:
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    column = [c.value for c in ws[1]].index(header) + 1
    row = next(r[0].row for r in ws.iter_rows(min_row=2, max_col=1) if r[0].value == code)
    ws.cell(row, column).value = value
    book.save(path)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="reviewdesk-shots-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "settings"))
    app = application()
    QSettings().setValue("user/name", "李娜")
    i18n.install("zh")
    db = work / "demo.sqlite3"
    store.open_database(db)
    fill_demo("small", who="demo")

    from reviewdesk.desktop.window.export_dialog import ExportDialog
    from reviewdesk.desktop.window.import_wizard import ImportWizard
    from reviewdesk.desktop.window.main_window import MainWindow
    from reviewdesk.desktop.window.record_editor import RecordEditor
    from reviewdesk.exporters.xlsx.export import export_workbook

    window = MainWindow(db, "zh")
    window.resize(*SIZE)
    window.show()
    window.show_page("dashboard")
    save(window, "window-dashboard")

    window.show_page("issue")
    page = window.table_page()
    for key in ("description", "root_cause", "notes", "source", "affected_customers", "difficulty"):
        page.show_column(1 + [f.key for f in page.model.fields].index(key), False)
    page.table.selectRow(0)
    save(window, "window-issues")

    window.show_page("callback")
    page = window.table_page()
    page.set_filters({"follow_up_needed": ["yes"]})
    save(window, "window-callbacks-filtered")

    record = store.get_record("PLN-0003")
    editor = RecordEditor("plan_step", record, lang="zh", who="李娜", parent=window)
    editor.inputs["progress"].set(70)
    editor.inputs["start_date"].set(record["end_date"] or record["start_date"])
    if record["end_date"]:
        import datetime as dt
        editor.inputs["end_date"].set(record["end_date"] - dt.timedelta(days=3))
    editor.resize(640, 780)
    editor.show()
    editor.revalidate()
    save(editor, "window-editor")
    editor.done(0)  # closed as Cancel would be, without asking about the typed changes (a modal question)

    editor = RecordEditor("target", store.get_record("TGT-0001"), lang="zh", who="李娜", parent=window)
    editor.show()
    save(editor, "window-target")  # beside the form: the readings' chart, the pilot before and after, the readings
    editor.close()

    meeting = next(store.select_records("meeting"))
    editor = RecordEditor("meeting", meeting, lang="zh", who="李娜", parent=window)
    editor.resize(640, 700)
    editor.show()
    save(editor, "window-meeting")
    editor.close()

    returned = work / "技术部-returned.xlsx"
    dept = next(code for code, (zh, _) in store.Lookups().department_labels.items() if zh == "技术部")
    export_workbook(returned, ["issue", "plan_step", "collab"], lang="zh", department=dept)
    book = openpyxl.load_workbook(returned)
    ws = book["优化方案"]
    codes = [r[0].value for r in ws.iter_rows(min_row=2, max_col=1) if r[0].value]
    collab_codes = [r[0].value for r in book["协作申请"].iter_rows(min_row=2, max_col=1) if r[0].value]
    issue_codes = [r[0].value for r in book["问题清单"].iter_rows(min_row=2, max_col=1) if r[0].value]
    if codes:
        edit_cell(returned, "优化方案", codes[0], "进度", 90)
        edit_cell(returned, "优化方案", codes[0], "实施步骤", "改为由技术部牵头")
        if len(codes) > 2:
            edit_cell(returned, "优化方案", codes[1], "完成节点", "2026年13月5日")
            store.update(codes[2], {"progress": 35}, who="王强")  # changed in the database meanwhile ...
            edit_cell(returned, "优化方案", codes[2], "进度", 55)  # ... and in the sheet: a conflict
    if collab_codes:
        edit_cell(returned, "协作申请", collab_codes[0], "协作部门反馈", "接口已联调完成,下周上线")
    if issue_codes:
        edit_cell(returned, "问题清单", issue_codes[0], "根因分析", "第三方物流系统需人工同步,缺少回调接口")
    wizard = ImportWizard("zh", "李娜", window)
    wizard.files.addItem(str(returned))
    from reviewdesk.exporters.returns.plan import build_plan
    wizard.show_plan(build_plan([returned], lang="zh"))
    wizard.resize(1240, 560)
    wizard.show()
    save(wizard, "window-import")
    wizard.close()

    window.show_page("callback")  # opened from the filtered callbacks: it offers to export only the rows shown
    page = window.table_page()
    export = ExportDialog("zh", window, current="callback", shown=page.model.conditions(), shown_rows=page.model.total)
    export.path.setText(r"C:\Users\李娜\Documents\ReviewDesk-20261123.xlsx")
    export.show()
    save(export, "window-export")
    export.close()

    window.set_language("en")
    window.show_page("dashboard")
    save(window, "window-dashboard-en")
    window.close()
    store.close()
    app.quit()


if __name__ == "__main__":
    main()
