"""Where a team database is: the account, server and database a postgresql:// URL names, and the URL a form makes."""
from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import parse_qs, quote, unquote, urlsplit

from reviewdesk.templates import ReviewDeskError

DEFAULT_PORT = 5432
#: Characters that would change what a URL means if they stood in a host name typed into a form.
_NOT_IN_HOST = set("/@?#%\\ \t")


class AddressInvalid(ReviewDeskError):
    """What was typed for a team database cannot name one (no server, a port out of range, ...)."""


@dataclass(frozen=True)
class ServerAddress:
    """A team database: who logs in (user), to which server (host, port), to which database (dbname)."""

    user: str
    host: str
    port: int
    dbname: str
    DEFAULT_PORT: ClassVar[int] = DEFAULT_PORT

    @classmethod
    def from_url(cls, url: str) -> ServerAddress:
        """The parts of a postgresql:// URL, with libpq's defaults for those it leaves out (PGUSER or the system
        account, PGHOST or localhost, PGPORT or 5432, a database named after the account). Never raises: an odd
        URL still gets a name to show, and connecting to it says what is wrong."""
        parts = urlsplit(url.strip())
        query = parse_qs(parts.query)
        user = unquote(parts.username or "") or query.get("user", [""])[0] or os.environ.get("PGUSER") or _system_user()
        host = parts.hostname or query.get("host", [""])[0] or os.environ.get("PGHOST") or "localhost"
        try:
            port = parts.port or int(query.get("port", [""])[0] or os.environ.get("PGPORT") or DEFAULT_PORT)
        except ValueError:  # several hosts (h1:5432,h2:5433) or a port that is not a number
            port = DEFAULT_PORT
        dbname = unquote(parts.path.lstrip("/")) or query.get("dbname", [""])[0] or user
        return cls(user, host, port, dbname)

    @classmethod
    def from_fields(cls, host: str, port: int | str, dbname: str, user: str) -> ServerAddress:
        """The address a person typed into the settings form, refused with a plain sentence when it cannot be one."""
        host, dbname, user = host.strip(), dbname.strip(), user.strip()
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]  # an IPv6 address typed as a URL writes it
        if not host or _NOT_IN_HOST & set(host):
            raise AddressInvalid(f"服务器地址无效：{host or '（空）'}；请填写服务器的名称或 IP 地址，如 db.example.com",
                                 f"Not a server address: {host or '(empty)'}; give the server's name or IP address, "
                                 "such as db.example.com")
        try:
            number = int(str(port).strip())
        except ValueError:
            number = 0
        if not 0 < number < 65536:
            raise AddressInvalid(f"端口无效：{port}；应为 1 到 65535 之间的数字，PostgreSQL 通常是 {DEFAULT_PORT}",
                                 f"Not a port: {port}; a number from 1 to 65535 is expected, PostgreSQL's usual one "
                                 f"is {DEFAULT_PORT}")
        if not dbname:
            raise AddressInvalid("请填写数据库名称（IT 建立的数据库，如 review）",
                                 "Give the database's name (the one IT made, such as review)")
        if not user:
            raise AddressInvalid("请填写账户（IT 为您建立的登录名）", "Give the account (the login IT made for you)")
        return cls(user, host, number, dbname)

    @property
    def url(self) -> str:
        """postgresql://user@host:port/dbname, each part quoted as a URL needs; never a password."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{quote(self.user, safe='')}@{host}:{self.port}/{quote(self.dbname, safe='')}"

    @property
    def server(self) -> str:
        """host:port/dbname: the database, as messages name it."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}/{self.dbname}"

    @property
    def login(self) -> str:
        """user@host:port/dbname: the account on that database, as the keyring files its password."""
        return f"{self.user}@{self.server}"


def _system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container's user without a passwd entry)
        return ""


__all__ = ["AddressInvalid", "DEFAULT_PORT", "ServerAddress"]
