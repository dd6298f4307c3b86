"""One window per user and database: a second start hands its workbooks to the running window and ends.

The running window listens on a local socket (a named pipe on Windows) named after the user and the database;
a second `ReviewDesk FILE.xlsx` ("Open with ReviewDesk" on a returned workbook) connects, sends the files as one
JSON line, and the running window comes forward and opens the import wizard with them.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import os
from typing import Callable, Sequence

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from reviewdesk import store

CONNECT_MS = 500  # a running window answers at once; longer means none is running (or it hangs: start anew)


def server_name(database: str | os.PathLike) -> str:
    """Per user and database: two people on one Windows machine, or one person's two databases, do not meet."""
    where = database if store.is_server(database) else os.path.normcase(os.path.abspath(database))  # a URL as it is
    key = f"{getpass.getuser()}\0{where}"
    return "ReviewDesk-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]


def hand_over(name: str, files: Sequence[str]) -> bool:
    """Give the files to the window already running; False when none is."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write((json.dumps({"files": [os.path.abspath(f) for f in files]}) + "\n").encode("utf-8"))
    socket.flush()
    socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return True


class Listener(QObject):
    """The running window's end: each message brings the window forward with the files it names."""

    def __init__(self, name: str, received: Callable[[list[str]], None], parent: QObject | None = None):
        super().__init__(parent)
        self.received = received
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(name):  # a socket left by a crashed window: remove it and listen again
            QLocalServer.removeServer(name)
            self.server.listen(name)
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            try:
                files = json.loads(bytes(socket.readLine()).decode("utf-8")).get("files", [])
            except (ValueError, AttributeError):
                continue  # not one of ours: ignore it
            self.received([str(f) for f in files if isinstance(f, str)])
