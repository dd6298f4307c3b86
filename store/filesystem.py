"""Whether a database file lies on a network drive, where SQLite's file locks (WAL's above all) are not safe."""
from __future__ import annotations

import ctypes
import ctypes.util
import ntpath
import os
import re
import sys
from pathlib import Path, PureWindowsPath

#: Linux filesystem types (the third field after " - " in /proc/self/mountinfo) that reach a disk over a network.
LINUX_NETWORK_TYPES = frozenset({"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "9p", "afs", "coda", "ceph",
                                 "glusterfs", "lustre", "gpfs", "davfs", "fuse.sshfs", "fuse.glusterfs",
                                 "fuse.cephfs", "fuse.rclone", "fuse.s3fs", "fuse.davfs2", "fuse.smbnetfs"})
#: macOS filesystem types (statfs's f_fstypename) that reach a disk over a network.
MACOS_NETWORK_TYPES = frozenset({"smbfs", "nfs", "afpfs", "webdav", "cifs", "ftp"})
DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive


def on_network_drive(path: str | os.PathLike) -> bool:
    """Whether `path` (a database file, which need not exist yet) is on a network drive: a UNC path or a mapped
    network drive on Windows, a network filesystem's mount on Linux and macOS. False whenever it cannot be told."""
    text = os.fspath(path)
    if is_unc(text):
        return True
    try:
        if sys.platform == "win32":
            return _windows_drive_is_remote(text)
        if sys.platform == "darwin":
            return macos_filesystem_type(_nearest_existing(text)) in MACOS_NETWORK_TYPES
        return linux_filesystem_type(text, read_mountinfo()) in LINUX_NETWORK_TYPES
    except Exception:  # noqa: BLE001 - no /proc, no such C function, ...: a probe that fails takes it as local
        return False


def is_unc(text: str) -> bool:
    r"""A Windows network path, read the same on every system: \\server\share\… or \\?\UNC\server\share\… (and
    //server/share/… on Windows, where / separates too). \\?\C:\… and \\.\ devices are local."""
    if not (text.startswith("\\\\") or sys.platform == "win32" and text.startswith("//")):
        return False
    drive = PureWindowsPath(text).drive.replace("/", "\\").upper()
    if drive.startswith(("\\\\?\\", "\\\\.\\")):
        return drive[4:].startswith("UNC\\")
    return drive.startswith("\\\\") and len(drive.strip("\\").split("\\")) == 2


def windows_drive_type(root: str) -> int:
    """GetDriveTypeW of a drive's root (C:\\): 4 is DRIVE_REMOTE, a mapped network drive."""
    return ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root))


def _windows_drive_is_remote(text: str) -> bool:
    absolute = ntpath.abspath(text.removeprefix("\\\\?\\"))  # ntpath: Windows's rules, also where tests run
    drive = PureWindowsPath(absolute).drive
    return len(drive) == 2 and drive[1] == ":" and windows_drive_type(drive + "\\") == DRIVE_REMOTE


def read_mountinfo() -> str:
    """This process's view of the mounted filesystems (Linux)."""
    return Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")


def _unescaped(field: str) -> str:
    """mountinfo writes a space, tab, newline or backslash in a mount point as an octal escape (\\040)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def linux_filesystem_type(path: str, mountinfo: str) -> str | None:
    """The type of the filesystem mounted deepest above `path` (the last mount wins on one mount point)."""
    target = Path(os.path.realpath(path))
    best: tuple[int, str] | None = None
    for line in mountinfo.splitlines():
        fields, separator, rest = line.partition(" - ")
        fields, rest = fields.split(), rest.split()
        if not separator or len(fields) < 5 or not rest:
            continue
        mount_point = Path(_unescaped(fields[4]))
        if target == mount_point or mount_point in target.parents:
            depth = len(mount_point.parts)
            if best is None or depth >= best[0]:
                best = (depth, rest[0])
    return best[1] if best else None


class _StatFs(ctypes.Structure):
    """macOS's struct statfs (64-bit inodes, the only kind on Apple silicon)."""

    _fields_ = [("f_bsize", ctypes.c_uint32), ("f_iosize", ctypes.c_int32), ("f_blocks", ctypes.c_uint64),
                ("f_bfree", ctypes.c_uint64), ("f_bavail", ctypes.c_uint64), ("f_files", ctypes.c_uint64),
                ("f_ffree", ctypes.c_uint64), ("f_fsid", ctypes.c_int32 * 2), ("f_owner", ctypes.c_uint32),
                ("f_type", ctypes.c_uint32), ("f_flags", ctypes.c_uint32), ("f_fssubtype", ctypes.c_uint32),
                ("f_fstypename", ctypes.c_char * 16), ("f_mntonname", ctypes.c_char * 1024),
                ("f_mntfromname", ctypes.c_char * 1024), ("f_flags_ext", ctypes.c_uint32),
                ("f_reserved", ctypes.c_uint32 * 7)]


def macos_filesystem_type(path: str) -> str | None:
    """statfs's f_fstypename of the filesystem holding `path` (macOS): apfs, smbfs, nfs, ..."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    try:
        statfs = libc["statfs$INODE64"]  # Intel Macs: the 64-bit-inode struct above, under its own name
    except AttributeError:
        statfs = libc["statfs"]
    found = _StatFs()
    if statfs(os.fsencode(path), ctypes.byref(found)) != 0:
        return None
    return found.f_fstypename.decode("ascii", "replace")


def _nearest_existing(text: str) -> str:
    """The path itself, or its nearest folder that exists (a new database file is not there yet)."""
    path = Path(os.path.abspath(text))
    while not path.exists() and path.parent != path:
        path = path.parent
    return str(path)


__all__ = ["DRIVE_REMOTE", "LINUX_NETWORK_TYPES", "MACOS_NETWORK_TYPES", "is_unc", "linux_filesystem_type",
           "macos_filesystem_type", "on_network_drive", "read_mountinfo", "windows_drive_type"]
