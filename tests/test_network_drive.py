"""A SQLite file on a network drive: detected on each system (simulated here), opened without WAL, and said once."""
from __future__ import annotations

import sqlite3

import pytest

from reviewdesk import store
from reviewdesk.store import filesystem

MOUNTINFO = r"""22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw
35 22 0:31 / /proc rw,nosuid shared:12 - proc proc rw
41 22 0:40 / /mnt/review\040share rw,relatime shared:20 - cifs //files/review rw,vers=3.1.1
42 22 0:41 / /mnt/home rw,relatime shared:21 - nfs4 nas:/export/home rw,vers=4.2
43 42 8:3 / /mnt/home/local rw,relatime shared:22 - ext4 /dev/sda3 rw
44 22 0:42 / /mnt/laptop rw,nosuid shared:23 - fuse.sshfs me@laptop:/data rw
"""


@pytest.mark.parametrize("path,expected", [
    (r"\\files\review\review.sqlite3", True),
    (r"\\files.example.com\共享\评审\review.sqlite3", True),
    (r"\\?\UNC\files\review\review.sqlite3", True),
    (r"\\?\C:\Users\lina\review.sqlite3", False),
    (r"\\.\pipe\reviewdesk", False),
    (r"\\files", False),
    (r"C:\Users\lina\review.sqlite3", False),
    ("/home/lina/review.sqlite3", False),
])
def test_unc_paths_are_read_on_every_system(path, expected):
    assert filesystem.is_unc(path) is expected


@pytest.mark.parametrize("path,expected", [
    ("/mnt/review share/2026/review.sqlite3", "cifs"),
    ("/mnt/home/lina/review.sqlite3", "nfs4"),
    ("/mnt/home/local/review.sqlite3", "ext4"),  # a local disk mounted below the network one
    ("/mnt/homework/review.sqlite3", "ext4"),  # /mnt/home is not a folder above /mnt/homework
    ("/mnt/laptop/review.sqlite3", "fuse.sshfs"),
    ("/srv/review.sqlite3", "ext4"),
])
def test_the_deepest_mount_above_a_path_gives_its_filesystem(path, expected):
    assert filesystem.linux_filesystem_type(path, MOUNTINFO) == expected


def test_each_system_asks_its_own_question(monkeypatch, tmp_path):
    monkeypatch.setattr(filesystem.sys, "platform", "win32")
    asked = []
    monkeypatch.setattr(filesystem, "windows_drive_type", lambda root: asked.append(root) or {"Z:\\": 4}.get(root, 3))
    assert filesystem.on_network_drive(r"Z:\评审\review.sqlite3") and not filesystem.on_network_drive(r"c:\r.sqlite3")
    assert asked == ["Z:\\", "c:\\"]
    assert filesystem.on_network_drive(r"\\?\Z:\review.sqlite3")
    assert filesystem.on_network_drive("//files/review/review.sqlite3")  # / separates on Windows
    monkeypatch.undo()
    monkeypatch.setattr(filesystem.sys, "platform", "darwin")
    share = tmp_path / "Volumes" / "review"
    share.mkdir(parents=True)
    asked.clear()
    monkeypatch.setattr(filesystem, "macos_filesystem_type", lambda path: asked.append(path) or
                        ("smbfs" if path == str(share) else "apfs"))
    assert filesystem.on_network_drive(share / "new" / "review.sqlite3")  # statfs asks a folder that exists
    assert not filesystem.on_network_drive(tmp_path / "review.sqlite3")
    assert asked == [str(share), str(tmp_path)]
    monkeypatch.setattr(filesystem.sys, "platform", "linux")
    monkeypatch.setattr(filesystem, "read_mountinfo", lambda: MOUNTINFO)
    assert filesystem.on_network_drive("/mnt/laptop/review.sqlite3")
    assert not filesystem.on_network_drive("/srv/review.sqlite3")


def test_a_probe_that_fails_takes_the_file_as_local(monkeypatch):
    monkeypatch.setattr(filesystem.sys, "platform", "linux")

    def no_proc():
        raise FileNotFoundError("/proc/self/mountinfo")
    monkeypatch.setattr(filesystem, "read_mountinfo", no_proc)
    assert filesystem.on_network_drive("/srv/review.sqlite3") is False


def journal_mode(path) -> str:
    connection = sqlite3.connect(str(path))
    try:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()


def test_a_local_file_is_in_wal_and_says_nothing(tmp_path):
    store.open_database(tmp_path / "review.sqlite3")
    try:
        assert store.database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.network_warning() is None and store.network_warning("en") is None
    finally:
        store.close()
    assert journal_mode(tmp_path / "review.sqlite3") == "wal"


def test_a_file_on_a_network_drive_leaves_wal_and_warns(tmp_path, network_drive):
    path = tmp_path / "review.sqlite3"
    sqlite3.connect(str(path)).execute("PRAGMA journal_mode=wal").fetchone()  # made on a local disk, then moved
    store.open_database(path)
    try:
        assert store.database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "delete"
        zh, en = store.network_warning(), store.network_warning("en")
    finally:
        store.close()
    assert journal_mode(path) == "delete" and not (tmp_path / "review.sqlite3-wal").exists()
    assert f"数据库文件 {path} 在网络驱动器上" in zh and "不使用 WAL" in zh and "团队数据库" in zh
    assert f"the database file {path} is on a network drive" in en and "WAL" in en and "team database" in en


def test_the_command_line_warns_once_on_standard_error(tmp_path, network_drive, reviewdesk):
    path = tmp_path / "review.sqlite3"
    code, out, err = reviewdesk("--db", str(path), "list", "issue")
    assert code == 0 and err.count("在网络驱动器上") == 1 and "网络驱动器" not in out
    code, out, err = reviewdesk("--db", str(path), "check", "--lang", "en")
    assert code == 0 and err.count("is on a network drive") == 1 and err.strip() == store.network_warning("en")


def test_the_command_line_says_nothing_of_a_local_file(tmp_path, reviewdesk):
    code, _, err = reviewdesk("--db", str(tmp_path / "review.sqlite3"), "list", "issue")
    assert code == 0 and err == ""
