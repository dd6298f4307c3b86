"""Shared fixtures: every test gets a real, fresh database of its own: a SQLite file, and in the modules marked
`both_engines` also a PostgreSQL database on the server REVIEWDESK_TEST_PG names (created for the test, dropped after)."""
from __future__ import annotations

import os
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from reviewdesk import store  # noqa: E402
from reviewdesk.store import reference  # noqa: E402

DEPARTMENTS = [("CS", "客服中心", "Customer Service"), ("IT", "技术部", "IT"), ("LOG", "物流部", "Logistics"),
               ("FIN", "财务部", "Finance")]
PEOPLE = [("李娜", "CS", "team_lead"), ("张敏", "CS", "supervisor"), ("王强", "IT", "manager"),
          ("赵磊", "LOG", "specialist"), ("陈静", "FIN", "supervisor")]


TEST_PG_ENV = "REVIEWDESK_TEST_PG"
TEST_PG = os.environ.get(TEST_PG_ENV)
HOW_TO_RUN_PG = (f"PostgreSQL half skipped: set {TEST_PG_ENV}=postgresql://USER@HOST:PORT/postgres (an account that may "
                 "create databases, on a server that checks passwords over TCP, as .ci/run's does; its password in "
                 "PGPASSWORD or ~/.pgpass) to run it")


def pytest_generate_tests(metafunc):
    """A test on a database in a module or function marked `both_engines` runs on SQLite and on PostgreSQL, unless it
    is marked `sqlite_only` (it reads the file itself: a dump, PRAGMAs, a backup)."""
    if "engine" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("both_engines") and not metafunc.definition.get_closest_marker(
            "sqlite_only"):
        postgresql = pytest.param("postgresql", marks=pytest.mark.skipif(not TEST_PG, reason=HOW_TO_RUN_PG))
        metafunc.parametrize("engine", ["sqlite", postgresql], indirect=True)


def pytest_terminal_summary(terminalreporter):
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if HOW_TO_RUN_PG in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(f"{HOW_TO_RUN_PG} ({len(skipped)} tests)")


def pytest_collection_modifyitems(config, items):
    """Tests marked `windows` need Windows itself (its file attributes, locks and paths): skipped elsewhere."""
    if sys.platform == "win32":
        return
    skip = pytest.mark.skip(reason="Windows only: run by .github/workflows/windows.yml on windows-latest")
    for item in items:
        if "windows" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path):
    """The user's data folder (the default database, the editing folder of a team database's Edit in Excel) is the
    test's own: nothing reaches the real one, and two test runs at once never meet there. A MonkeyPatch of its own:
    the tests' `monkeypatch` (a member's PGPASSWORD, say) must still be undone before the server's database is
    dropped with the administrator's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
        yield


@pytest.fixture
def engine(request):
    """"sqlite", or "postgresql" for the second run of a test marked both_engines."""
    return getattr(request, "param", "sqlite")


def server_url(name: str) -> str:
    """The URL of database `name` on the test server."""
    return urlunsplit(urlsplit(TEST_PG)._replace(path=f"/{name}"))


@pytest.fixture
def server_database():
    """server_database(): the URL of a new, empty database on the test server, dropped when the test ends."""
    import psycopg

    made = []

    def create() -> str:
        name = f"reviewdesk_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(TEST_PG, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return server_url(name)
    yield create
    store.close()
    with psycopg.connect(TEST_PG, autocommit=True) as admin:
        for name in made:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # FORCE: a connection a test left open
            # roles are the server's: the database's group roles (and the test's accounts, named after it) go too
            for (role,) in admin.execute("SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s) "
                                         "ORDER BY rolcanlogin DESC", (f"{name}_",)).fetchall():
                admin.execute(f'DROP ROLE "{role}"')


def as_account(url: str, name: str) -> str:
    """The same database's URL for another account."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{name}@{parts.hostname}:{parts.port}"))


MEMBER_PASSWORD = "评审 pw:1"  # a space, a colon and Chinese: passed as it is, never through a URL


@pytest.fixture
def team_member(server_database):
    """The URL of a CS member's account (<database>_zhangmin, with MEMBER_PASSWORD) on a new, set-up team database;
    the database is left closed, for the test to open as that member."""
    url = server_database()
    store.setup(url)
    for code, zh, en in DEPARTMENTS:
        reference.save_department(code, zh, en, who="test")
    name = f"{urlsplit(url).path.lstrip('/')}_zhangmin"
    store.accounts.add_user(name, department="CS", role="member", password=MEMBER_PASSWORD)
    store.close()
    return as_account(url, name)


@pytest.fixture
def no_password_around(server_database):
    """Neither PGPASSWORD nor a password file: a team database gets only the password ReviewDesk passes. (After
    server_database, whose clean-up connects as the test server's account with PGPASSWORD, once it is back.)"""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PGPASSWORD", raising=False)
        patch.setenv("PGPASSFILE", os.devnull)
        yield


@pytest.fixture
def network_drive(monkeypatch):
    """Every path reads as lying on a network drive, whichever system runs the test: each system's own question
    (mountinfo, the drive type, statfs) answered as a network filesystem would."""
    from reviewdesk.store import filesystem

    monkeypatch.setattr(filesystem, "read_mountinfo", lambda: "22 1 0:40 / / rw - nfs4 nas:/export rw\n")
    monkeypatch.setattr(filesystem, "windows_drive_type", lambda root: filesystem.DRIVE_REMOTE)
    monkeypatch.setattr(filesystem, "macos_filesystem_type", lambda path: "smbfs")


@pytest.fixture
def db_path(engine, tmp_path, monkeypatch, request):
    """An empty database, opened: a file in tmp_path, or a new PostgreSQL database set up as IT's `setup` does;
    REVIEWDESK_DB points at it so the CLI uses it too."""
    if engine == "postgresql":
        location = request.getfixturevalue("server_database")()
        store.setup(location)
    else:
        location = tmp_path / "review.sqlite3"
        store.open_database(location)
    monkeypatch.setenv("REVIEWDESK_DB", str(location))
    yield location
    store.close()


def emptied(location) -> None:
    """Nothing left at a database's place, so that opening it again makes a new one there (after an artefact was
    declared, say): the file deleted, or every table of the server database dropped and the schema set up anew
    (opening a team database never creates one)."""
    store.close()
    if isinstance(location, str):
        import psycopg

        with psycopg.connect(location, autocommit=True) as connection:
            connection.execute("DROP SCHEMA public CASCADE")
            connection.execute("CREATE SCHEMA public")
        store.setup(location)
    else:
        location.unlink()


def seed_reference(who: str = "test") -> None:
    """The few departments and people the tests' records refer to, saved in the open database."""
    for code, zh, en in DEPARTMENTS:
        reference.save_department(code, zh, en, who=who)
    for name, dept, role in PEOPLE:
        reference.save_person(name, dept, role, who=who)


@pytest.fixture
def db(db_path):
    """A database holding a few departments and people."""
    seed_reference()
    return db_path


def dump_database(location) -> str:
    """Everything a database holds, as text: equal dumps mean an unchanged database. A file's is SQLite's SQL dump;
    a server database's, each table's rows in key order and where each id sequence stands."""
    if isinstance(location, str) and location.startswith("postgresql://"):
        return _dump_server(location)
    import sqlite3

    connection = sqlite3.connect(str(location))
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


def _dump_server(url: str) -> str:
    import psycopg

    lines = []
    with psycopg.connect(url) as connection:
        tables = [t for (t,) in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]
        for table in tables:
            lines += [f"{table}: {row!r}" for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY 1')]
        for (sequence,) in connection.execute("SELECT sequencename FROM pg_sequences ORDER BY sequencename"):
            lines.append(f"{sequence}: {connection.execute(f'SELECT last_value, is_called FROM {sequence}').fetchone()}")
    return "\n".join(lines)


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


@pytest.fixture
def reviewdesk(capsys, monkeypatch):
    """reviewdesk(*args) -> (exit code, stdout, stderr) of the real entry point, each call opening its own --db
    (REVIEWDESK_DB unset, the database a test left open closed)."""
    from reviewdesk.desktop.cli import main as cli

    monkeypatch.delenv("REVIEWDESK_DB", raising=False)

    def call(*args: str) -> tuple[int, str, str]:
        store.close()
        try:
            code = cli.main(list(args))
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err
    return call
