"""Running ReviewDesk in other processes (the CLI, short Python scripts) and inspecting a database from outside."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

TIMEOUT = 120  # seconds any child may take on a loaded machine before the test gives up on it


def cli(db: Path, *args: str, lang: str = "zh") -> list[str]:
    """The command line of `reviewdesk --db DB --lang LANG ARGS…` run as its own process."""
    return [sys.executable, "-m", "reviewdesk", "--db", str(db), "--lang", lang, *args]


def script(code: str, *args: str) -> list[str]:
    """The command line of a Python snippet run as its own process, with ARGS in sys.argv[1:]."""
    return [sys.executable, "-c", code, *args]


def call(command: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, env=child_env(), **kw)


def start(command: list[str], **kw) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(), **kw)


def child_env() -> dict[str, str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1", REVIEWDESK_USER="child")
    env.pop("REVIEWDESK_DB", None)
    return env


def query(db: Path, sql: str, *params) -> list[tuple]:
    """Rows of a query, read by plain sqlite3 (which also recovers a WAL left by a killed process)."""
    connection = sqlite3.connect(str(db), timeout=60)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def integrity(db: Path) -> str:
    return query(db, "PRAGMA integrity_check")[0][0]


def abort_reading(path, **_) -> None:
    """A workbook reader that dies as python-calamine did on a far cell: a native abort, no exception."""
    os.abort()
