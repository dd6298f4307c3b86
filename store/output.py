"""Writing a file safely: into a private folder beside the target, then one rename onto it; errors say what to do."""
from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterator

from reviewdesk.templates import ReviewDeskError


class OutputError(ReviewDeskError):
    """A file could not be written; the message names it and says what the person can do."""


def output_error(exc: OSError, target: Path, *, replacing: bool = False) -> OutputError:
    """The OS error of writing `target` as a message: disk full, folder not writable, file held open (Excel)."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return OutputError(f"磁盘空间不足，无法写入 {target}：请释放磁盘空间后重试，或选择其他文件夹",
                           f"The disk is full; {target} could not be written. Free some disk space and try again, "
                           "or choose another folder")
    if replacing and isinstance(exc, PermissionError):
        return OutputError(f"无法替换 {target}：该文件可能正在 Excel 或 WPS 中打开（或是只读文件）。"
                           "请关闭该文件后重试，或换一个文件名",
                           f"Cannot replace {target}: it may be open in Excel or WPS (or read-only). "
                           "Close the file and try again, or choose another name")
    if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
        return OutputError(f"没有权限在文件夹 {target.parent} 中写入 {target.name}：请选择其他文件夹",
                           f"No permission to write {target.name} in the folder {target.parent}: "
                           "choose another folder")
    reason = exc.strerror or str(exc)
    return OutputError(f"无法写入 {target}：{reason}", f"Cannot write {target}: {reason}")


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a path to write in a new hidden folder beside `target`; on success it replaces `target` in one step.

    On any failure the folder goes, `target` stays as it was, and an OS error becomes an OutputError. Only a hard
    kill leaves the hidden `.~NAME.…` folder behind, never a partial file under the requested name; the next
    successful write of the same name removes such leftovers once they are an hour old.
    """
    try:
        folder = Path(tempfile.mkdtemp(prefix=_prefix(target), dir=target.parent))
    except OSError as exc:
        raise output_error(exc, target) from exc
    _hide(folder)
    # a short name inside: on Windows the whole path must stay under 260 characters, and the folder's holds the stem
    temporary = folder / f"out{target.suffix}"
    try:
        try:
            yield temporary
        except OSError as exc:
            if exc.filename and Path(exc.filename).parent != folder:
                raise  # not the output's own error (a file being read, say)
            raise output_error(exc, target) from exc
        try:
            os.replace(temporary, target)
        except OSError as exc:
            raise output_error(exc, target, replacing=True) from exc
        _remove_leftovers(target, keep=folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _prefix(target: Path) -> str:
    return f".~{target.stem[:20]}."


def _hide(folder: Path) -> None:
    """Windows does not hide a name starting with a dot: set the hidden attribute (elsewhere the dot does it)."""
    if os.name == "nt":
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(folder), 0x02)  # FILE_ATTRIBUTE_HIDDEN; failure is harmless


LEFTOVER_AGE_S = 3600  # older than any write in progress (a 100,000-row export takes well under a minute)


def _remove_leftovers(target: Path, keep: Path) -> None:
    """Hidden folders an earlier, killed write of the same name left behind (exactly mkdtemp's names)."""
    pattern = re.compile(re.escape(_prefix(target)) + r"[a-z0-9_]{8}")
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry == keep or not pattern.fullmatch(entry.name):  # a name test first: a Downloads folder is large
            continue
        try:
            stale = time.time() - entry.stat().st_mtime > LEFTOVER_AGE_S
        except OSError:
            continue
        if stale and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
