"""Build the frozen one-folder application: `python packaging/build.py` writes dist/ReviewDesk/ with two programs
sharing it, ReviewDesk (the window; no console on Windows) and reviewdesk (the command line).

What goes in is what `pip install .` installs: the wheel is built and unpacked into a scratch folder that comes
first on PyInstaller's search path, so nothing is taken from the checkout. PyInstaller was chosen over
pyside6-deploy (Nuitka: a C compiler and minutes of compiling per build) and Briefcase (its own project layout):
it needs neither, its PySide6 hooks bring only the Qt plugins the used modules need, and one spec gives two
executables over one folder of libraries.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APP = "ReviewDesk"


def build_wheel(scratch: Path) -> Path:
    """The wheel `pip install .` would install, built from a copy of the tracked files (the checkout stays clean)."""
    source = scratch / "source"
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode("utf-8").split("\0")):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(scratch / "wheel")],
                   check=True)
    return next((scratch / "wheel").glob("reviewdesk-*.whl"))


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="where dist/ReviewDesk/ goes (default: dist/)")
    args = parser.parse_args(argv)
    dist = Path(args.dist).resolve()
    with tempfile.TemporaryDirectory(prefix="reviewdesk-build-") as tmp:
        scratch = Path(tmp)
        wheel = build_wheel(scratch)
        site = scratch / "site"
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(site)
        env = dict(os.environ, REVIEWDESK_BUILD_SITE=str(site))
        subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                        "--distpath", str(dist), "--workpath", str(scratch / "work"), str(HERE / "reviewdesk.spec")],
                       check=True, env=env, cwd=scratch)
    folder = dist / APP
    if sys.platform == "win32":  # see reviewdesk.spec: the command line cannot be reviewdesk.exe beside ReviewDesk.exe
        (folder / "reviewdesk-cli.exe").replace(folder / "reviewdesk.com")
    else:
        (folder / "reviewdesk-cli").replace(folder / "reviewdesk")
    print(f"{folder}: {folder_size(folder) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
