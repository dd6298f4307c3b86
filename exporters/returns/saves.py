"""Watching a workbook someone edits in Excel, WPS or LibreOffice: each save told once, and only when it is complete —
Excel and WPS write a temporary file and replace the workbook, LibreOffice writes in place, and either may be seen
half-written or locked."""
from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path
from typing import Callable

SETTLE_S = 0.6  # how long size and time must stay the same before a save counts as finished


def _signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file is written or replaced (None while it is missing: mid-replace)."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ino


def complete(path: Path) -> bool:
    """Whether the file reads as a whole workbook now: it opens (not locked for reading) and is a zip whose
    directory, entries and checksums are all there, with the parts every .xlsx has."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                return False
            return archive.testzip() is None
    except (OSError, zipfile.BadZipFile, EOFError, ValueError):
        return False


class SaveWatcher:
    """poll() is True once for each finished save of `path` after the one it was made on (or the last told)."""

    def __init__(self, path: str | os.PathLike, *, settle: float = SETTLE_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.path, self.settle, self.clock = Path(path), settle, clock
        self.told = _signature(self.path)  # the version already seen: the workbook as written, or the last save
        self.seen: tuple[int, int, int] | None = self.told
        self.since = clock()

    def poll(self) -> bool:
        now, current = self.clock(), _signature(self.path)
        if current is None or current == self.told:
            return False
        if current != self.seen:  # still being written (or written again): wait until it stays as it is
            self.seen, self.since = current, now
            return False
        if now - self.since < self.settle or not complete(self.path):
            return False
        if _signature(self.path) != current:  # changed while being checked
            return False
        self.told = current
        return True

    def changed_since(self, told: tuple[int, int, int] | None) -> bool:
        """Whether the file is no longer the save told as `told` (written again, or being written)."""
        return _signature(self.path) != told


__all__ = ["SETTLE_S", "SaveWatcher", "complete"]
