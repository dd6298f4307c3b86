"""Writing an output file safely: into a temporary file beside the target, then renamed onto it."""
from __future__ import annotations

import os
from pathlib import Path
from typing import ContextManager

from reviewdesk.store.output import replacing
from reviewdesk.templates import ReviewDeskError


class ExportCancelled(ReviewDeskError):
    """The user stopped the export; nothing was written under the requested name."""

    def __init__(self) -> None:
        super().__init__("导出已取消，未生成文件", "Export cancelled; no file was written")


def check_target(path: str | os.PathLike, suffix: str) -> Path:
    """The requested file, refused early when its name or folder cannot work."""
    target = Path(path).expanduser()
    if target.suffix.lower() != suffix:
        raise ReviewDeskError(f"文件名应以 {suffix} 结尾：{target.name}", f"The file name should end in {suffix}: {target.name}")
    if target.is_dir():
        raise ReviewDeskError(f"{target} 是一个文件夹", f"{target} is a folder")
    if not target.parent.is_dir():
        raise ReviewDeskError(f"文件夹不存在：{target.parent}", f"The folder does not exist: {target.parent}")
    return target


def output_folder(folder: str | os.PathLike) -> Path:
    """The folder files are written into, made (with its parents) if missing; a file in its place, or a folder that
    cannot be made, is refused in both languages."""
    target = Path(folder).expanduser()
    if target.exists() and not target.is_dir():
        raise ReviewDeskError(f"{target} 不是文件夹", f"{target} is not a folder")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReviewDeskError(f"无法创建文件夹 {target}：{exc.strerror}",
                              f"Cannot create the folder {target}: {exc.strerror}") from exc
    return target


def atomic_output(path: str | os.PathLike, suffix: str = ".xlsx") -> ContextManager[Path]:
    """Yield a temporary path beside the target; on success it replaces the target in one step.

    On failure or cancellation the temporary file is removed and the target is left as it was; the error says
    what to do (store/output.py).
    """
    return replacing(check_target(path, suffix))
