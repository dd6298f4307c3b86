"""The PostgreSQL server the team database benchmarks run on (REVIEWDESK_TEST_PG, as the tests'): databases of their
own, copied from one another, dropped with their roles afterwards."""
from __future__ import annotations

import contextlib
import os
import uuid
from typing import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

SERVER_ENV = "REVIEWDESK_TEST_PG"
SKIPPED = (f"team database benchmarks skipped: set {SERVER_ENV}=postgresql://USER@127.0.0.1:PORT/postgres (an account "
           "that may create databases and roles, its password in PGPASSWORD or ~/.pgpass) to run them")


def server() -> str | None:
    """The URL of the server's maintenance database, or None when no server is given."""
    return os.environ.get(SERVER_ENV) or None


def url_of(name: str, account: str | None = None) -> str:
    """The URL of database `name` on the server, as the server's account or as `account`."""
    parts = urlsplit(server())
    netloc = f"{account}@{parts.hostname}:{parts.port}" if account else parts.netloc
    return urlunsplit(parts._replace(netloc=netloc, path=f"/{name}"))


def name_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(server(), autocommit=True) as connection:
        connection.execute(sql)


def copy_of(url: str) -> str:
    """A new database holding what the one at `url` holds (no one may be connected to it meanwhile)."""
    name = f"{name_of(url)}_{uuid.uuid4().hex[:6]}"
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{name_of(url)}"')
    return url_of(name)


@contextlib.contextmanager
def databases() -> Iterator[Callable[[str], str]]:
    """new() makes an empty database; every database made or copied whose name starts like theirs is dropped at
    the end, with the roles named after them (a team database's group roles and accounts)."""
    import psycopg

    prefix = f"reviewdesk_bench_{uuid.uuid4().hex[:8]}"

    def new(label: str) -> str:
        name = f"{prefix}_{label}"
        _admin(f'CREATE DATABASE "{name}"')
        return url_of(name)
    try:
        yield new
    finally:
        with psycopg.connect(server(), autocommit=True) as admin:
            for (name,) in admin.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", (prefix,)):
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            for (role,) in admin.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s) "
                                         "ORDER BY rolcanlogin DESC", (prefix,)).fetchall():
                admin.execute(f'DROP ROLE "{role}"')
