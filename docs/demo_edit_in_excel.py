"""Edit in Excel as a user does it, under Xvfb (issue #17's proof): a click on 在 Excel 中编辑 opens the workbook in
LibreOffice (the desktop's .xlsx program, via xdg-open), a value is typed and saved there (Ctrl+S, keep the Excel
format), the window shows the save's plan, Apply writes it, the import history shows the batch. Screenshots of the whole
screen at each step go to the folder given (default /tmp/reviewdesk-xvfb).

    apt-get install xvfb xdotool xdg-utils libreoffice-calc   # and LibreOffice Calc as the .xlsx handler
    xvfb-run -a -s "-screen 0 1920x1080x24" python docs/demo_edit_in_excel.py [FOLDER]
"""
import os, subprocess, sys, time
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/reviewdesk-xvfb"
os.makedirs(OUT, exist_ok=True)
app = QApplication([])
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, f"{OUT}/settings")
QCoreApplication.setOrganizationName("RDShot"); QCoreApplication.setApplicationName("RDShot")
from reviewdesk import store
from reviewdesk.desktop.window import i18n
i18n.install("zh")
db = f"{OUT}/demo.sqlite3"
for f in (db, db + "-wal", db + "-shm"):
    if os.path.exists(f): os.remove(f)
store.open_database(db); store.demo.fill_demo("small")
from reviewdesk.desktop.window.main_window import MainWindow
w = MainWindow(db, "zh"); w.resize(1280, 760); w.move(0, 0); w.show()
def pump(t):
    end = time.time() + t
    while time.time() < end:
        app.processEvents(); time.sleep(0.05)
def wait(cond, t=60):
    end = time.time() + t
    while not cond() and time.time() < end:
        app.processEvents(); time.sleep(0.05)
    return cond()
def shot(name):
    app.primaryScreen().grabWindow(0).save(f"{OUT}/{name}.png")
def xdo(*a):
    return subprocess.run(["xdotool", *a], capture_output=True, text=True)
w.show_page("issue"); page = w.table_page(); page.set_filters({"department": ["CS"]}); pump(1)
# click the toolbar button as a user would
from PySide6.QtWidgets import QToolBar
bar = w.findChild(QToolBar, "main_toolbar")
button = bar.widgetForAction(w.act_excel)
QTest.mouseClick(button, Qt.MouseButton.LeftButton)
assert wait(lambda: w.edit_sessions, 30)
session, dock, panel = w.edit_sessions[0]
print("workbook", session.path, flush=True)
# LibreOffice opens it
ok = wait(lambda: bool(xdo("search", "--name", session.path.stem).stdout.strip()), 120)
pump(8)
shot("1-libreoffice-opened")
wins = xdo("search", "--name", session.path.stem).stdout.split()
print("LO windows", wins, flush=True)
win = wins[-1]
xdo("windowactivate", "--sync", win); pump(1)
for _ in range(40):  # the "Did you know?" tip of a first start, once it shows
    tip = xdo("search", "--name", "Tip of the Day").stdout.split()
    if tip:
        xdo("windowactivate", "--sync", tip[-1]); xdo("key", "Return"); pump(1)
        break
    pump(0.5)
xdo("windowactivate", "--sync", win); pump(1)
xdo("key", "ctrl+Next"); pump(1)  # the issues sheet, after the overview
# go to the notes cell of the first data row: use the Name Box (ctrl+shift+F5 focuses it in LO? use F5 navigator: simpler: type into current cell after moving)
import openpyxl
ws = openpyxl.load_workbook(session.path)["问题清单"]
heads = {c.value: c.column_letter for c in ws[1]}
cell = f"{heads['备注']}2"
xdo("key", "ctrl+shift+F5"); pump(0.5)   # Name Box
xdo("key", "ctrl+a"); pump(0.3)
xdo("type", "--delay", "80", cell); xdo("key", "Return"); pump(0.8)
xdo("type", "--delay", "80", "LibreOffice edit"); xdo("key", "Return"); pump(0.8)
shot("2-libreoffice-typed")
t0 = time.time()
xdo("key", "ctrl+s"); pump(2)
shot("2b-keep-format")
for _ in range(20):  # "Use Excel 2007-365 Format!": keep the workbook an .xlsx
    found = xdo("search", "--name", "[Ff]ormat").stdout.split()
    if found:
        print("format dialog", found, xdo("getwindowname", found[-1]).stdout.strip(), flush=True)
        geometry = xdo("getwindowgeometry", "--shell", found[-1]).stdout
        g = dict(line.split("=") for line in geometry.split())
        x, y, wd, ht = (int(g[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))
        print("dialog at", x, y, wd, ht, flush=True)
        xdo("mousemove", str(x + int(wd * 0.77)), str(y + int(ht * 0.74))); pump(0.3); xdo("click", "1"); t0 = time.time()
        break
    pump(0.5)
shown = wait(lambda: panel.plan is not None, 30)
print("plan shown", shown, "after", round(time.time() - t0, 2), "s from the save", flush=True)
if shown:
    print([(u.code, u.field, u.new) for u in panel.plan.updated], flush=True)
pump(1); w.raise_(); w.activateWindow(); pump(1)
shot("3-plan-in-window")
QTest.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
wait(lambda: panel.batch is not None, 30); pump(1)
shot("4-applied")
w.show_page("imports"); pump(1)
shot("5-import-history")
print("batch", panel.batch, store.import_batches()[0].files if store.import_batches() else None, flush=True)
subprocess.run(["pkill", "-f", "soffice"])
