"""One window per user and database: a second start hands its workbooks to the running window and ends at once."""
from __future__ import annotations

import subprocess
import sys

from desktop_helpers import boxes, settings, window  # noqa: F401

from process_helpers import TIMEOUT, child_env

SECOND_START = "import sys; from reviewdesk.desktop.window.app import main; sys.exit(main(sys.argv[1:]))"


def second_start(*args: str) -> subprocess.CompletedProcess:
    env = dict(child_env(), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", SECOND_START, *args], capture_output=True, text=True,
                          timeout=TIMEOUT, env=env)


def test_open_with_reviewdesk_on_a_workbook_opens_the_import_wizard_in_the_running_window(qtbot, window, db,
                                                                                          monkeypatch, tmp_path):
    from reviewdesk.desktop.window import single_instance

    opened: list[list[str]] = []
    monkeypatch.setattr(window, "import_workbooks", lambda paths=None: opened.append(paths))
    listener = single_instance.Listener(single_instance.server_name(db), window.bring_forward, window)
    returned = tmp_path / "it-returned.xlsx"
    returned.write_bytes(b"PK")
    done = second_start("--db", str(db), str(returned))
    assert done.returncode == 0, done.stderr  # handed over, no second window
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    assert opened == [[str(returned)]]
    listener.server.close()


def test_a_second_start_without_a_file_only_brings_the_window_forward(qtbot, window, db, monkeypatch):
    from reviewdesk.desktop.window import single_instance

    calls: list[list[str]] = []
    listener = single_instance.Listener(single_instance.server_name(db), calls.append, window)
    done = second_start("--db", str(db))
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: bool(calls), timeout=10_000)
    assert calls == [[]]
    listener.server.close()


def test_each_user_and_database_has_its_own_window(tmp_path):
    from reviewdesk.desktop.window.single_instance import server_name

    assert server_name(tmp_path / "a.sqlite3") != server_name(tmp_path / "b.sqlite3")
    assert server_name(tmp_path / "a.sqlite3") == server_name(str(tmp_path / "x" / ".." / "a.sqlite3"))
