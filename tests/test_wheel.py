"""The wheel that `python -m pip install .` installs holds one top-level package, `reviewdesk`, with every module and
every resource the program loads, and its window speaks Chinese when run from the wheel alone (the rest of the
suite runs from an editable install, which cannot tell).

The wheel is built the way README's first command builds it (pip, with build isolation) from a copy of the
repository's files in a temporary folder, so the checkout gets no build/ nor *.egg-info.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("templates", "store", "exporters", "desktop", "resources", "reviewdesk")  # folders mapped into reviewdesk/
#: Files under resources/ that are sources of something else, not read by the program: the build scripts
#: (translations/build.py, fonts/make_subset.py) and the translation sources the .qm files are compiled from.
NOT_LOADED = (".py", ".ts")
TIMEOUT = 300  # seconds; building takes a few


def repository_files() -> list[str]:
    """The repository's files (as git knows them), relative POSIX paths; without git, the packages and their build files."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        names = [n for n in listed.decode("utf-8").split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        names = ["pyproject.toml", "README.md"] + [
            p.relative_to(ROOT).as_posix() for package in PACKAGES for p in (ROOT / package).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts]
    return [n for n in names if (ROOT / n).is_file()]  # a tracked file deleted in the work tree is not copied


def in_wheel(name: str) -> str:
    """Where a repository file lands in the wheel: every layer's folder inside the one package."""
    return name if name.startswith("reviewdesk/") else f"reviewdesk/{name}"


def loaded_resources(names: list[str]) -> set[str]:
    """Every file under resources/ that the program may load at run time: all but the sources and build scripts."""
    return {in_wheel(n) for n in names if n.startswith("resources/") and PurePosixPath(n).suffix not in NOT_LOADED}


def package_modules(names: list[str]) -> set[str]:
    """Every module of the packages (the scripts beside the resources are not modules of a package)."""
    return {in_wheel(n) for n in names if n.endswith(".py") and n.split("/")[0] in PACKAGES
            and not n.startswith("resources/") or n == "resources/__init__.py"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[str]]:
    """(the wheel built from a copy of the repository, the repository's files)."""
    names = repository_files()
    base = tmp_path_factory.mktemp("wheel")
    source, dist = base / "source", base / "dist"
    for name in names:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(dist)],
                          cwd=base, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = dist.glob("reviewdesk-*.whl")
    return wheel, names


def test_the_wheel_carries_every_resource_the_program_loads(built):
    wheel, names = built
    expected = loaded_resources(names)
    # the rule above finds what the program loads today (a broken rule would make this test pass on nothing):
    assert {"reviewdesk/resources/translations/reviewdesk_zh_CN.qm", "reviewdesk/resources/icons/reviewdesk.png",
            "reviewdesk/resources/fonts/NotoSansSC-Regular-GB2312.otf",
            "reviewdesk/resources/fonts/NotoSansSC-Regular-GB2312.chars.txt"} <= expected
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
    missing = sorted(expected - inside)
    assert not missing, f"missing from the wheel (see [tool.setuptools.package-data] in pyproject.toml): {missing}"
    modules = package_modules(names)
    assert "reviewdesk/exporters/returns/plan.py" in modules and "reviewdesk/desktop/cli/main.py" in modules
    missing = sorted(modules - inside)
    assert not missing, f"modules missing from the wheel (see [tool.setuptools] packages): {missing}"


def test_the_wheel_installs_one_top_level_package_and_nothing_beside_it(built):
    """No `templates`, `store` or `desktop` of ours shadowing another project's package in site-packages."""
    wheel, _ = built
    with zipfile.ZipFile(wheel) as archive:
        tops = {n.split("/")[0] for n in archive.namelist()}
        top_level = next(n for n in archive.namelist() if n.endswith(".dist-info/top_level.txt"))
        declared = archive.read(top_level).decode().split()
    assert {t for t in tops if not t.endswith(".dist-info")} == {"reviewdesk"}
    assert declared == ["reviewdesk"]


#: Runs `reviewdesk` (no arguments: the window, in its default language) and reports what the window shows.
WINDOW = r"""
import json, sys, traceback
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QGroupBox
from reviewdesk import desktop, resources, store, templates
from reviewdesk.exporters.word import charts
from reviewdesk.desktop.window import app, i18n
from reviewdesk.desktop.cli import main as cli
from reviewdesk.desktop.window.main_window import MainWindow

def report():
    try:
        (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        nav = window.navigation
        print("REPORT " + json.dumps({
            "files": [m.__file__ for m in (desktop, resources, store, templates, charts, i18n)],
            "qm": str(i18n.TRANSLATIONS / "reviewdesk_zh_CN.qm"), "font": str(charts.FONT_FILE),
            "font_exists": charts.FONT_FILE.is_file(),
            "icon": not QApplication.windowIcon().isNull(),
            "menus": [a.text() for a in window.menuBar().actions()],
            "pages": [nav.item(i).text() for i in range(nav.count())],
            "groups": [g.title() for g in window.current_page().findChildren(QGroupBox)],
        }, ensure_ascii=False), flush=True)
        window.close()
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        import os
        os._exit(3)

app.application()
QTimer.singleShot(0, report)
sys.argv = ["reviewdesk", "--db", sys.argv[1]]
sys.exit(cli.main(sys.argv[1:]))
"""

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_window_from_the_wheel_alone_speaks_chinese(built, tmp_path):
    wheel, _ = built
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    home = tmp_path / "home"  # settings and data of this run only: no remembered language, page or database
    env = dict(os.environ, PYTHONPATH=str(site), QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"), REVIEWDESK_USER="wheel")
    env.pop("REVIEWDESK_DB", None)
    done = subprocess.run([sys.executable, "-c", WINDOW, str(tmp_path / "review.sqlite3")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    assert done.returncode == 0 and lines, done.stdout + done.stderr
    shown = json.loads(lines[0][len("REPORT "):])

    for path in shown["files"] + [shown["qm"], shown["font"]]:  # imported from the unpacked wheel, not the checkout
        assert Path(path).resolve().is_relative_to(site.resolve()), path
    assert [t.replace("&", "") for t in shown["menus"]] == ["文件（F）", "编辑（E）", "视图（V）", "报告（R）", "帮助（H）"], shown["menus"]
    pages = [p.split("  (")[0] for p in shown["pages"]]
    assert {"仪表盘", "导入记录", "操作日志"} <= set(pages), pages
    assert not {"Dashboard", "Import history", "Audit log"} & set(pages), pages
    assert shown["groups"] and all(CJK.search(t) for t in shown["groups"]), shown["groups"]  # the dashboard's boxes
    assert shown["icon"], "the window has no icon (resources/icons)"
    assert shown["font_exists"], shown["font"]  # the Word charts' font
