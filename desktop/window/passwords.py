"""Team database passwords in the operating system's keyring (service "ReviewDesk"), or for this session only where
the computer has no usable keyring (a Linux machine without a Secret Service, a locked or refusing keyring).

Without a keyring ReviewDesk does not fall back to a file of its own: a password written to disk by a program that is
not a keyring is a password anyone with the disk can read. The password is asked once per session instead, the
password dialog says why, and nothing fails."""
from __future__ import annotations

SERVICE = "ReviewDesk"
_session: dict[str, str] = {}  # login -> the password that worked this session (this process's memory only)
_keyring_failed = False  # a keyring that looked usable refused to read or write once: not asked again this session


def keyring_usable() -> bool:
    """Whether passwords can be kept in a keyring on this computer, as far as can be told without asking it."""
    if _keyring_failed:
        return False
    try:
        import keyring
        from keyring.backends import chainer, fail, null

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - keyring missing or broken: no keyring, not a crash
        return False
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return False
    return not (isinstance(backend, chainer.ChainerBackend) and not backend.backends)


def _keyring_failing() -> None:
    """A keyring call failed: the rest of the session goes without one, and the password dialog says so."""
    global _keyring_failed
    _keyring_failed = True


def stored(login: str) -> str | None:
    """The password that worked for `login` (user@host:port/dbname) this session, else the keyring's, else None."""
    if login in _session:
        return _session[login]
    if not keyring_usable():
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, login)
    except Exception:  # noqa: BLE001 - a locked or refusing keyring: ask instead
        _keyring_failing()
        return None


def keep(login: str, password: str) -> bool:
    """Remember a password the server accepted: for this session, and in the keyring when there is one (replacing
    what it held). Returns whether the keyring holds it now."""
    _session[login] = password
    if not keyring_usable():
        return False
    import keyring

    try:
        keyring.set_password(SERVICE, login, password)
    except Exception:  # noqa: BLE001
        _keyring_failing()
        return False
    return True


def forget(login: str) -> None:
    """A password the server refused: out of this session's memory and out of the keyring."""
    _session.pop(login, None)
    if not keyring_usable():
        return
    import keyring

    try:
        if keyring.get_password(SERVICE, login) is not None:
            keyring.delete_password(SERVICE, login)
    except Exception:  # noqa: BLE001
        _keyring_failing()
