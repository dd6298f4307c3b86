"""Sanity checks of a compound (OLE) file, the container of a legacy .xls, before calamine reads it.

calamine trusts the sector numbers and stream sizes it finds in the file and reserves memory for them; a
damaged or forged file can ask for gigabytes, and a failed allocation in Rust aborts the whole process.
Every number it will use is checked against the size of the file first.
"""
from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FREE, END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE
SPECIAL = {FREE, END_OF_CHAIN, 0xFFFFFFFD, 0xFFFFFFFC}  # free, end of chain, FAT sector, DIFAT sector
ENTRY = 128  # bytes of one directory entry


def _ids(data: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))


def is_sound(data: bytes) -> bool:
    """Whether every sector number and stream size in the compound file's tables stays inside the file."""
    if len(data) < 512 or not data.startswith(MAGIC):
        return False
    shift, mini_shift = struct.unpack_from("<HH", data, 30)
    if shift not in (9, 12) or mini_shift != 6:
        return False
    size = 1 << shift
    count = len(data) // size - 1  # sector N starts at (N + 1) * size: the header fills sector -1
    dir_sectors, fat_sectors, dir_start = struct.unpack_from("<III", data, 40)
    mini_fat_start, mini_fat_sectors, difat_start = struct.unpack_from("<III", data, 60)
    if max(dir_sectors, fat_sectors, mini_fat_sectors) > count:
        return False

    def sector(index: int) -> bytes:
        return data[(index + 1) * size:(index + 2) * size]

    fat_ids, following, steps = _ids(data[76:512]), difat_start, 0
    while following not in (FREE, END_OF_CHAIN):
        if following >= count or steps > count:
            return False
        table = _ids(sector(following))
        fat_ids, following, steps = fat_ids + table[:-1], table[-1], steps + 1
    fat_ids = [i for i in fat_ids if i != FREE]
    if len(fat_ids) > count or any(i >= count for i in fat_ids):
        return False
    fat = [n for i in fat_ids for n in _ids(sector(i))]

    def chain(start: int) -> list[int] | None:
        found = []
        while start != END_OF_CHAIN:
            if start in SPECIAL or start >= min(count, len(fat)) or len(found) > count:
                return None
            found.append(start)
            start = fat[start]
        return found

    directory = chain(dir_start)
    if not directory or (mini_fat_sectors and chain(mini_fat_start) is None):
        return False
    entries = b"".join(sector(i) for i in directory)
    for offset in range(0, len(entries) - ENTRY + 1, ENTRY):
        stream_size = struct.unpack_from("<Q" if shift == 12 else "<I", entries, offset + 120)[0]
        if stream_size > len(data):
            return False
    return True
