"""Windows only (run by .github/workflows/windows.yml on windows-latest): what only Windows does to files.

Elsewhere these are skipped with that reason; the Linux suite covers the same code paths without the Windows
behaviour (the hidden attribute, the 260-character path limit, Excel's share lock, a non-ASCII user folder).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewdesk.exporters.xlsx.export import export_workbook
from reviewdesk.store.output import OutputError, replacing

from process_helpers import TIMEOUT, child_env
from xlsx_helpers import fill_sample

pytestmark = pytest.mark.windows

FILE_ATTRIBUTE_HIDDEN = 0x02


def attributes(path: Path) -> int:
    import ctypes

    return ctypes.windll.kernel32.GetFileAttributesW(str(path))


def test_the_temporary_output_folder_is_hidden(tmp_path):
    target = tmp_path / "review.xlsx"
    with replacing(target) as temporary:
        folder = temporary.parent
        assert folder.name.startswith(".~review.")
        assert attributes(folder) & FILE_ATTRIBUTE_HIDDEN
        temporary.write_bytes(b"x")
    assert target.read_bytes() == b"x" and not folder.exists()


def test_a_240_character_target_path_is_written(db, tmp_path):
    fill_sample()
    folder = tmp_path
    while len(str(folder)) < 200:
        folder = folder / "评审材料"
    folder.mkdir(parents=True)
    target = folder / ("x" * (240 - len(str(folder)) - len(".xlsx") - 1) + ".xlsx")
    assert len(str(target)) == 240
    export_workbook(target, ["issue"], lang="zh")
    assert target.stat().st_size > 0


def test_a_workbook_held_open_is_not_replaced_and_the_message_says_why(db, tmp_path):
    """Excel opens a workbook without FILE_SHARE_DELETE: the replace is refused; the open file stays as it was."""
    import ctypes
    from ctypes import wintypes

    fill_sample()
    target = tmp_path / "open-in-excel.xlsx"
    target.write_bytes(b"what Excel has open")
    create = ctypes.windll.kernel32.CreateFileW
    create.restype = wintypes.HANDLE
    handle = create(str(target), 0x80000000, 0x1, None, 3, 0x80, None)  # GENERIC_READ, FILE_SHARE_READ only
    assert handle not in (None, wintypes.HANDLE(-1).value)
    try:
        with pytest.raises(OutputError) as refused:
            export_workbook(target, ["issue"], lang="zh")
        assert "Excel" in refused.value.message("zh") and "关闭" in refused.value.message("zh")
    finally:
        ctypes.windll.kernel32.CloseHandle(handle)
    assert target.read_bytes() == b"what Excel has open"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]


def test_a_chinese_user_name_in_the_data_folder_path(tmp_path):
    home = tmp_path / "用户" / "张敏"
    local = home / "AppData" / "Local"
    local.mkdir(parents=True)
    env = dict(child_env(), LOCALAPPDATA=str(local), USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"))
    done = subprocess.run([sys.executable, "-m", "reviewdesk", "demo"], capture_output=True, text=True,
                          encoding="utf-8", timeout=TIMEOUT, env=env)
    assert done.returncode == 0, done.stderr
    databases = list(local.rglob("reviewdesk.sqlite3"))
    assert databases and "张敏" in str(databases[0])
    listed = subprocess.run([sys.executable, "-m", "reviewdesk", "list", "issue", "--json"], capture_output=True,
                            text=True, encoding="utf-8", timeout=TIMEOUT, env=env)
    assert listed.returncode == 0 and listed.stdout.startswith("[")
