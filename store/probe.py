"""Testing a connection to a team database: what the server, its ReviewDesk schema and the account turn out to be."""
from __future__ import annotations

from dataclasses import dataclass

from reviewdesk.templates import t

from reviewdesk.store.db import connect_server
from reviewdesk.store.migrations import LATEST_VERSION, schema_version


@dataclass(frozen=True)
class ServerFound:
    """What a test connection found: the server's version, the schema's version (0: not set up) and the account."""

    server_version: str
    schema_version: int
    account: str

    def summary(self, lang: str = "zh") -> str:
        """One sentence for the person who tested: connected, and whether the database is ready for this program."""
        said = t(lang, f"连接成功：PostgreSQL {self.server_version}，账户 {self.account}，",
                 f"Connected: PostgreSQL {self.server_version}, account {self.account}, ")
        if self.schema_version == 0:
            return said + t(lang, "但这个数据库还没有 ReviewDesk 数据库结构：请 IT 先运行 setup",
                            "but the database has no ReviewDesk schema yet: IT runs setup first")
        if self.schema_version < LATEST_VERSION:
            return said + t(lang, f"数据库结构是版本 {self.schema_version}，本程序需要版本 {LATEST_VERSION}：请 IT 运行 setup",
                            f"schema version {self.schema_version}, this program needs {LATEST_VERSION}: IT runs setup")
        if self.schema_version > LATEST_VERSION:
            return said + t(lang, f"数据库结构是版本 {self.schema_version}，由更新版本的 ReviewDesk 建立：请先升级本程序",
                            f"schema version {self.schema_version}, made by a newer ReviewDesk: upgrade this program "
                            "first")
        return said + t(lang, f"数据库结构版本 {self.schema_version}，可以使用",
                        f"schema version {self.schema_version}, ready to use")

    @property
    def usable(self) -> bool:
        return self.schema_version == LATEST_VERSION


def probe_server(url: str, password: str | None = None) -> ServerFound:
    """Connect to a team database on a connection of its own (the open database stays as it is), read what it is,
    and close again. Raises what opening it would: PasswordRefused, or a DatabaseError saying why not."""
    connection = connect_server(url, password)
    try:
        version = connection.execute_sql("SHOW server_version").fetchone()[0]
        return ServerFound(version.split(" ")[0], schema_version(connection), connection.account)
    finally:
        connection.close()


__all__ = ["ServerFound", "probe_server"]
