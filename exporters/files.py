"""Writing an output file safely: into a temporary file beside the target, then renamed onto it."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from templates import ReviewDeskError


class ExportCancelled(ReviewDeskError):
    """The user stopped the export; nothing was written under the requested name."""

    def __init__(self) -> None:
        super().__init__("导出已取消,未生成文件", "Export cancelled; no file was written")


def check_target(path: str | os.PathLike, suffix: str) -> Path:
    """The requested file, refused early when its name or folder cannot work."""
    target = Path(path).expanduser()
    if target.suffix.lower() != suffix:
        raise ReviewDeskError(f"文件名应以 {suffix} 结尾:{target.name}", f"The file name should end in {suffix}: {target.name}")
    if target.is_dir():
        raise ReviewDeskError(f"{target} 是一个文件夹", f"{target} is a folder")
    if not target.parent.is_dir():
        raise ReviewDeskError(f"文件夹不存在:{target.parent}", f"The folder does not exist: {target.parent}")
    return target


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, suffix: str = ".xlsx") -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target in one step.

    On failure or cancellation the temporary file is removed and the target is left as it was.
    """
    target = check_target(path, suffix)
    try:
        fd, name = tempfile.mkstemp(prefix=f".~{target.stem}.", suffix=suffix, dir=target.parent)
    except OSError as exc:
        raise ReviewDeskError(f"无法在文件夹 {target.parent} 中写入文件:{exc.strerror}",
                              f"Cannot write files in the folder {target.parent}: {exc.strerror}") from exc
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        try:
            os.replace(temporary, target)
        except PermissionError as exc:
            raise ReviewDeskError(f"无法写入 {target.name}:文件可能正在 Excel 或 WPS 中打开,请关闭后重试",
                                  f"Cannot write {target.name}: it may be open in Excel or WPS; close it and try again"
                                  ) from exc
        except OSError as exc:
            raise ReviewDeskError(f"无法写入 {target}:{exc.strerror}", f"Cannot write {target}: {exc.strerror}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
