"""The window's side of connecting: a team database's password asked once and kept in the keyring (or for the session
where there is none), the settings' team database form and its test connection, the database and account in the
status bar, and the notice about a file on a network drive."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.backends import fail  # noqa: E402
from keyring.errors import KeyringLocked, PasswordDeleteError  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTabWidget  # noqa: E402

from reviewdesk import store  # noqa: E402
from reviewdesk.desktop.window import passwords, team_login  # noqa: E402

from conftest import HOW_TO_RUN_PG, MEMBER_PASSWORD, TEST_PG  # noqa: E402
from desktop_helpers import boxes, settings, window  # noqa: E402,F401

needs_server = pytest.mark.skipif(not TEST_PG, reason=HOW_TO_RUN_PG)


@pytest.fixture(autouse=True)
def chinese(qapp):
    from reviewdesk.desktop.window import i18n

    i18n.install("zh")
    yield
    i18n.install("zh")


class InMemoryKeyring(KeyringBackend):
    """A keyring that keeps its passwords in a dict, as the system's would on disk."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.held: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.held.get((service, username))

    def set_password(self, service, username, password):
        self.held[(service, username)] = password

    def delete_password(self, service, username):
        if self.held.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class LockedKeyring(InMemoryKeyring):
    """A keyring that is there but refuses (locked, or the person said no to its prompt)."""

    def get_password(self, service, username):
        raise KeyringLocked("locked")

    set_password = get_password


@pytest.fixture
def session(monkeypatch):
    """A fresh session: nothing remembered in memory, an empty keyring of the test's own (never the real one), and
    the keyring there was put back after."""
    monkeypatch.setattr(passwords, "_session", {})
    monkeypatch.setattr(passwords, "_keyring_failed", False)
    before = keyring.get_keyring()
    keyring.set_keyring(InMemoryKeyring())
    yield
    keyring.set_keyring(before)


def new_session(monkeypatch) -> None:
    """ReviewDesk started again: what it remembered in memory is gone, the keyring stays."""
    store.close()
    monkeypatch.setattr(passwords, "_session", {})
    monkeypatch.setattr(passwords, "_keyring_failed", False)


@pytest.fixture
def asked(monkeypatch):
    """The password dialog answered by the test: `asked.answers` in turn (None cancels); each question is kept."""
    class Asked(list):
        answers: list[str | None] = []

    questions = Asked()

    def answer(parent, refused):
        questions.append(refused)
        return questions.answers.pop(0)
    monkeypatch.setattr(team_login, "ask_password", answer)
    return questions


def login_of(url: str) -> tuple[str, str]:
    return "ReviewDesk", store.ServerAddress.from_url(url).login


@needs_server
def test_the_password_is_asked_once_kept_reused_and_replaced_when_refused(team_member, no_password_around, session,
                                                                         asked, monkeypatch):
    url, ring = team_member, InMemoryKeyring()
    keyring.set_keyring(ring)
    asked.answers = [MEMBER_PASSWORD]
    assert team_login.open_database(None, url) == url and store.account() == login_of(url)[1].split("@")[0]
    assert len(asked) == 1 and asked[0].missing  # nothing in PGPASSWORD nor a password file: asked
    assert ring.held == {login_of(url): MEMBER_PASSWORD}
    team_login.open_database(None, url)  # again in this session
    new_session(monkeypatch)
    team_login.open_database(None, url)  # the next start: from the keyring
    assert len(asked) == 1
    ring.held[login_of(url)] = "changed by IT since"
    new_session(monkeypatch)
    asked.answers = ["a typing error", MEMBER_PASSWORD]
    team_login.open_database(None, url)
    assert [q.missing for q in asked[1:]] == [False, False]  # the stored one refused, then the mistyped one
    assert ring.held == {login_of(url): MEMBER_PASSWORD} and store.count_records("issue") == 0


@needs_server
def test_cancelling_the_password_opens_nothing_and_keeps_nothing(team_member, no_password_around, session, asked):
    ring = InMemoryKeyring()
    keyring.set_keyring(ring)
    asked.answers = [None]
    with pytest.raises(store.PasswordRefused):
        team_login.open_database(None, team_member)
    assert ring.held == {} and passwords._session == {}


@needs_server
@pytest.mark.parametrize("backend", [fail.Keyring, LockedKeyring], ids=["no keyring", "a refusing keyring"])
def test_without_a_usable_keyring_the_password_is_asked_each_session(team_member, no_password_around, session, asked,
                                                                     monkeypatch, backend):
    keyring.set_keyring(backend())
    asked.answers = [MEMBER_PASSWORD, MEMBER_PASSWORD]
    team_login.open_database(None, team_member)
    team_login.open_database(None, team_member)  # the same session: remembered in memory
    assert len(asked) == 1 and not passwords.keyring_usable()
    new_session(monkeypatch)
    team_login.open_database(None, team_member)
    assert len(asked) == 2 and store.account() is not None


def test_the_password_dialog_says_why_it_asks_and_where_it_keeps_it(qtbot):
    from reviewdesk.desktop.window.team_login import PasswordDialog

    url = "postgresql://zhangmin@db.example.com:5432/review"
    missing = PasswordDialog(store.PasswordRefused(url, missing=True), keyring_usable=True)
    wrong = PasswordDialog(store.PasswordRefused(url, missing=False), keyring_usable=False)
    for dialog in (missing, wrong):
        qtbot.addWidget(dialog)
    assert missing.reason.text() == "团队数据库 db.example.com:5432/review 需要账户 zhangmin 的密码。"
    assert "不接受账户 zhangmin 的这个密码" in wrong.reason.text()
    assert "不会再次询问" in missing.kept.text() and "没有可用的系统密钥存储" in wrong.kept.text()
    assert "每次启动时都会再次询问" in wrong.kept.text()


def test_the_password_typed_is_what_the_dialog_returns(qtbot, session):
    keyring.set_keyring(fail.Keyring())
    refused = store.PasswordRefused("postgresql://zhangmin@db.example.com/review", missing=True)

    def type_and_accept():
        dialog = QApplication.activeModalWidget()
        dialog.password.setText(MEMBER_PASSWORD)
        assert dialog.password.echoMode() == dialog.password.EchoMode.Password
        assert "没有可用的系统密钥存储" in dialog.kept.text()
        dialog.accept()
    QTimer.singleShot(50, type_and_accept)
    assert team_login.ask_password(None, refused) == MEMBER_PASSWORD


def database_page(window):
    from reviewdesk.desktop.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog("zh", window)
    dialog.findChild(QTabWidget).setCurrentIndex(1)
    dialog.show()
    return dialog


def fill(dialog, url: str) -> None:
    where = store.ServerAddress.from_url(url)
    dialog.team_host.setText(where.host)
    dialog.team_port.setValue(where.port)
    dialog.team_database.setText(where.dbname)
    dialog.team_user.setText(where.user)


@needs_server
def test_the_settings_test_connection_runs_off_the_window_and_keeps_the_password(
        qtbot, team_member, no_password_around, session, asked, window):  # the window's file opened last
    ring = InMemoryKeyring()
    keyring.set_keyring(ring)
    dialog = database_page(window)
    qtbot.addWidget(dialog)
    fill(dialog, team_member)
    asked.answers = [MEMBER_PASSWORD]
    qtbot.mouseClick(dialog.findChild(QPushButton, "team_test"), Qt.MouseButton.LeftButton)
    assert dialog.team_result.text().startswith("正在连接")  # the GUI thread went on at once
    qtbot.waitUntil(lambda: dialog.team_result.text().startswith("连接成功"), timeout=15000)
    where = store.ServerAddress.from_url(team_member)
    assert f"账户 {where.user}" in dialog.team_result.text() and "可以使用" in dialog.team_result.text()
    assert ring.held == {login_of(team_member): MEMBER_PASSWORD} and len(asked) == 1
    assert store.current_path() == window.db_path  # the window's own database stayed open
    ring.held[login_of(team_member)] = "out of date"
    passwords._session.clear()  # as in the next session, where only the keyring remembers
    asked.answers = [MEMBER_PASSWORD]
    dialog._test_team()
    qtbot.waitUntil(lambda: dialog.team_result.text().startswith("连接成功"), timeout=15000)
    assert not asked[-1].missing and ring.held[login_of(team_member)] == MEMBER_PASSWORD


def test_the_settings_form_says_what_is_wrong_without_connecting(qtbot, window, session):
    dialog = database_page(window)
    qtbot.addWidget(dialog)
    dialog._test_team()
    assert dialog.team_result.text().startswith("服务器地址无效")
    dialog.team_host.setText("127.0.0.1")
    dialog.team_port.setValue(1)  # nothing listens there
    dialog.team_database.setText("review")
    dialog.team_user.setText("lina")
    dialog._test_team()
    qtbot.waitUntil(lambda: "拒绝连接" in dialog.team_result.text(), timeout=15000)
    assert dialog.team_result.text() == "数据库服务器 127.0.0.1:1 拒绝连接：地址或端口不对，或者数据库服务没有运行"


@needs_server
def test_connect_reopens_the_window_on_the_team_database_and_shows_the_account(
        qtbot, team_member, no_password_around, session, asked, window, settings):
    from PySide6.QtCore import QSettings

    dialog = database_page(window)
    qtbot.addWidget(dialog)
    fill(dialog, team_member)
    qtbot.mouseClick(dialog.findChild(QPushButton, "team_connect"), Qt.MouseButton.LeftButton)
    assert dialog.reopen == team_member and dialog.result() == dialog.DialogCode.Accepted
    asked.answers = [MEMBER_PASSWORD]
    window.reopen(dialog.reopen)
    where = store.ServerAddress.from_url(team_member)
    assert window.db_path == team_member and store.account() == where.user
    assert window.live is not None and window.live.watcher.fileno() is not None  # LISTEN with the password typed
    assert window.status.text().endswith(f"账户：{where.user}   ·   团队数据库：{where.server}")
    assert window.windowTitle().endswith(f"{where.user}@{where.server}")
    assert QSettings().value("database/path") == team_member and QSettings().value("database/team") == team_member
    assert MEMBER_PASSWORD not in open(settings / "ReviewDeskTest" / "ReviewDeskTest.ini", encoding="utf-8").read()
    again = database_page(window)  # the form remembers the team database, and backups are IT's there
    qtbot.addWidget(again)
    assert (again.team_host.text(), again.team_port.value(), again.team_user.text()) == (where.host, where.port,
                                                                                         where.user)
    assert again.findChild(QLabel, "settings_current_database").text() == (
        f"当前数据库：团队数据库 {where.server}，账户 {where.user}")


def test_a_file_on_a_network_drive_is_said_in_a_notice_and_the_status_bar(qtbot, db_path, boxes, settings,
                                                                          network_drive, tmp_path):
    from reviewdesk.desktop.window.main_window import MainWindow

    store.close()
    store.open_database(db_path)
    window = MainWindow(db_path, "zh")
    qtbot.addWidget(window)
    window.show()
    notice = window.network_notice
    assert notice.isVisible() and not notice.isModal() and notice.text() == store.network_warning("zh")
    assert window.status.text().endswith(f"数据库：{db_path}（在网络驱动器上）")
    notice.close()
    window.set_language("en")  # rebuilt, not reopened: said once
    assert not any(w.objectName() == "notice" and w.isVisible() for w in QApplication.topLevelWidgets())
    window.reopen(tmp_path / "other.sqlite3")
    assert window.network_notice.text() == store.network_warning("en") and "network drive" in window.status.text()


@needs_server
def test_the_window_starts_on_a_team_database_with_the_keyring_s_password(qtbot, team_member, no_password_around,
                                                                          session, asked, settings, monkeypatch):
    from reviewdesk.desktop.window import app as desktop_app

    ring = InMemoryKeyring()
    ring.held[login_of(team_member)] = MEMBER_PASSWORD
    keyring.set_keyring(ring)
    titles = []

    def close_soon():
        for widget in QApplication.topLevelWidgets():
            if widget.isWindow() and widget.isVisible():
                titles.append(widget.windowTitle())
                widget.close()

    QTimer.singleShot(300, close_soon)
    monkeypatch.setattr(QApplication, "exec", lambda *a: (qtbot.waitUntil(
        lambda: not any(w.isVisible() for w in QApplication.topLevelWidgets()), timeout=5000), 0)[1])
    assert desktop_app.run(db=team_member, lang="zh") == 0
    where = store.ServerAddress.from_url(team_member)
    assert asked == [] and titles == [f"ReviewDesk 评审台 — {where.user}@{where.server}"]
