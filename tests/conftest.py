"""Shared fixtures: every test gets a real, fresh SQLite database of its own."""
from __future__ import annotations

import os
import sys

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reviewdesk import store  # noqa: E402
from reviewdesk.store import reference  # noqa: E402

DEPARTMENTS = [("CS", "客服中心", "Customer Service"), ("IT", "技术部", "IT"), ("LOG", "物流部", "Logistics"),
               ("FIN", "财务部", "Finance")]
PEOPLE = [("李娜", "CS", "team_lead"), ("张敏", "CS", "supervisor"), ("王强", "IT", "manager"),
          ("赵磊", "LOG", "specialist"), ("陈静", "FIN", "supervisor")]


def pytest_collection_modifyitems(config, items):
    """Tests marked `windows` need Windows itself (its file attributes, locks and paths): skipped elsewhere."""
    if sys.platform == "win32":
        return
    skip = pytest.mark.skip(reason="Windows only: run by .github/workflows/windows.yml on windows-latest")
    for item in items:
        if "windows" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    """An empty database file, opened; REVIEWDESK_DB points at it so the CLI uses it too."""
    path = tmp_path / "review.sqlite3"
    monkeypatch.setenv("REVIEWDESK_DB", str(path))
    store.open_database(path)
    yield path
    store.close()


@pytest.fixture
def db(db_path):
    """A database holding a few departments and people."""
    for code, zh, en in DEPARTMENTS:
        reference.save_department(code, zh, en, who="test")
    for name, dept, role in PEOPLE:
        reference.save_person(name, dept, role, who="test")
    return db_path


def dump_database(path) -> str:
    """Everything a database holds, as SQL text: equal dumps mean an unchanged database."""
    import sqlite3

    connection = sqlite3.connect(str(path))
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture
def dump():
    """dump(path): the database's content as SQL text, to prove that a refused change changed nothing."""
    return dump_database


@pytest.fixture
def run(db, capsys):
    """run(*args) -> (exit code, stdout, stderr) of the real `reviewdesk` entry point on the test database."""
    from reviewdesk.desktop.cli import main as cli

    def call(*args: str) -> tuple[int, str, str]:
        try:
            code = cli.main(["--db", str(db), *args])
        except SystemExit as exc:  # argparse's misuse exit
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err
    return call
