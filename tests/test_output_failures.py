"""An output that cannot be written (folder read-only, file held open by Excel, disk full): a clear message naming
the file and what to do, no traceback, the file that was there kept byte for byte, nothing left behind, and the
database unchanged."""
from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest

from reviewdesk import store
import reviewdesk.store.maintenance
from desktop_helpers import boxes, settings, window  # noqa: F401
from reviewdesk.exporters.review.pack import NAMES
from reviewdesk.store import demo

BEFORE = b"the file as it was before"

# (arguments with {out} for the output folder, the file the message must name: a format string of the language)
OPERATIONS = {
    "export": (["export", "all", "-o", "{out}/评审工作簿.xlsx"], "评审工作簿.xlsx"),
    "word": (["export", "issue", "-o", "{out}/问题清单.docx"], "问题清单.docx"),
    "template": (["template", "all", "-o", "{out}/空白模板.xlsx"], "空白模板.xlsx"),
    "backup": (["backup", "-o", "{out}/备份.sqlite3"], "备份.sqlite3"),
    "pack": (["pack", "MTG-0001", "-o", "{out}"], "{document}"),
}
ADVICE = {"read_only": ("请选择其他文件夹", "choose another folder"),
          "locked": ("请关闭该文件后重试", "Close the file and try again"),
          "disk_full": ("请释放磁盘空间后重试", "Free some disk space and try again")}


def read_only(monkeypatch, out: Path, target: Path) -> None:
    """The folder refuses new files; root ignores the mode bits, so there it is refused as the OS would."""
    out.chmod(0o555)
    try:
        (out / ".probe").touch()
    except PermissionError:
        return
    (out / ".probe").unlink()
    for name in ("mkdtemp", "mkstemp"):
        real = getattr(tempfile, name)

        def refused(*args, dir=None, real=real, **kw):
            if dir is not None and Path(dir) == out:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dir))
            return real(*args, dir=dir, **kw)
        monkeypatch.setattr(tempfile, name, refused)


def locked(monkeypatch, out: Path, target: Path) -> None:
    """Excel holds the file open: on Windows replacing it fails with a sharing violation (a PermissionError)."""
    real = os.replace

    def replace(source, destination, *args, **kw):
        if Path(destination) == target:
            raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used by "
                                  "another process", str(destination))
        return real(source, destination, *args, **kw)
    monkeypatch.setattr(os, "replace", replace)


class _FillingDisk:
    """A file that takes a few kilobytes and then fails as a full disk does."""

    def __init__(self, raw) -> None:
        self._raw, self._room = raw, 4096

    def write(self, data) -> int:
        if len(data) > self._room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._raw.write(data)

    def __getattr__(self, name):
        return getattr(self._raw, name)


def inside(path, folder: Path) -> bool:
    return isinstance(path, (str, os.PathLike)) and Path(path).is_relative_to(folder)


def disk_full(monkeypatch, out: Path, target: Path) -> None:
    """Every file being written (a zip: .xlsx, .docx; a database copy) runs out of space part-way."""
    real_zip, real_connect = zipfile.ZipFile.__init__, sqlite3.connect

    def zip_init(self, file, mode="r", *args, **kw):
        real_zip(self, file, mode, *args, **kw)
        if mode == "w" and inside(file, out):
            self.fp = _FillingDisk(self.fp)

    def connect(database, *args, **kw):
        connection = real_connect(database, *args, **kw)
        if inside(database, out):
            connection.execute("PRAGMA max_page_count = 2")  # SQLite's own 'database or disk is full'
        return connection
    monkeypatch.setattr(zipfile.ZipFile, "__init__", zip_init)
    monkeypatch.setattr(sqlite3, "connect", connect)


FAILURES = {"read_only": read_only, "locked": locked, "disk_full": disk_full}


@pytest.fixture
def demo_db(db):
    demo.fill_demo("small", who="t")
    return db


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_an_output_that_cannot_be_written_is_a_clear_message_and_loses_nothing(
        demo_db, run, dump, monkeypatch, tmp_path, operation, failure, lang):
    args, name = OPERATIONS[operation]
    name = name.format(document=NAMES[lang]["document"])
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    target.write_bytes(BEFORE)
    database = dump(demo_db)
    FAILURES[failure](monkeypatch, out, target)
    try:
        code, _, err = run("--lang", lang, *(a.format(out=out) for a in args))
    finally:
        out.chmod(0o755)
    assert code == 1 and "Traceback" not in err
    advice = ADVICE[failure][0 if lang == "zh" else 1]
    assert advice in err and name in err, err
    assert target.read_bytes() == BEFORE
    assert [p.name for p in out.iterdir()] == [name]
    assert dump(demo_db) == database


def test_the_window_shows_the_same_message_and_keeps_the_file(qtbot, window, boxes, tmp_path, monkeypatch):
    from reviewdesk.desktop.window.export_dialog import ExportDialog

    out = tmp_path / "out"
    out.mkdir()
    target = out / "评审工作簿.xlsx"
    target.write_bytes(BEFORE)
    locked(monkeypatch, out, target)
    dialog = ExportDialog("zh", window, current="issue")
    qtbot.addWidget(dialog)
    dialog.path.setText(str(target))
    dialog.start()
    qtbot.waitUntil(lambda: bool(boxes), timeout=30_000)
    kind, text = boxes[-1]
    assert kind == "error" and "请关闭该文件后重试" in text and target.name in text
    assert target.read_bytes() == BEFORE and [p.name for p in out.iterdir()] == [target.name]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_restore_that_fills_the_disk_leaves_the_database_as_it_was(demo_db, run, dump, monkeypatch, tmp_path, lang):
    copy = tmp_path / "copy.sqlite3"
    assert run("backup", "-o", str(copy))[0] == 0
    padded = sqlite3.connect(str(copy))  # larger than the database it replaces: it needs more room
    padded.execute("CREATE TABLE padding AS SELECT randomblob(4000000) AS data")
    padded.commit()
    padded.close()
    store.open_database(demo_db)
    store.update("ISS-0001", {"notes": "恢复前的修改"}, who="t")
    database = dump(demo_db)
    disk_full(monkeypatch, demo_db.parent, demo_db)
    monkeypatch.setattr(store.maintenance, "backup", lambda: tmp_path / "safety.sqlite3")  # the disk is full already
    code, _, err = run("--lang", lang, "restore", str(copy))
    assert code == 1 and "Traceback" not in err
    assert ADVICE["disk_full"][0 if lang == "zh" else 1] in err and demo_db.name in err, err
    assert dump(demo_db) == database


def test_any_other_refused_file_is_a_message_not_a_traceback(run, monkeypatch):
    def refused():
        raise OSError(errno.EIO, os.strerror(errno.EIO), "/media/usb/review.sqlite3")
    monkeypatch.setattr(store.maintenance, "check", refused)
    code, _, err = run("--lang", "en", "check")
    assert code == 1 and err.strip() == f"A file operation failed /media/usb/review.sqlite3: {os.strerror(errno.EIO)}"


def test_a_later_write_clears_what_a_killed_one_left_behind(tmp_path):
    """A hard kill leaves the hidden folder; the next write of the same name removes it once it is stale."""
    from reviewdesk.store.output import LEFTOVER_AGE_S, replacing

    target = tmp_path / "评审工作簿.xlsx"
    stale, recent = tmp_path / ".~评审工作簿.ab12cd34", tmp_path / ".~评审工作簿.zz99yy88"
    other, lookalike = tmp_path / ".~问题清单.ab12cd34", tmp_path / ".~评审工作簿.notours"
    for folder in (stale, recent, other, lookalike):
        folder.mkdir()
        (folder / target.name).write_bytes(b"half written")
    old = os.stat(stale).st_mtime - LEFTOVER_AGE_S - 60
    for folder in (stale, other, lookalike):
        os.utime(folder, (old, old))
    with replacing(target) as temporary:
        temporary.write_bytes(b"complete")
    assert target.read_bytes() == b"complete"
    assert not stale.exists()  # the same name, an hour old: a killed write's
    assert recent.exists() and other.exists() and lookalike.exists()  # maybe in progress; another name; not ours
