"""Secrets in the OS keyring only; memory for the session when there is no usable keyring."""
# keyring's own backends have no type hints.
# mypy: disable-error-code="no-untyped-call"

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringError, KeyringLocked, PasswordDeleteError, PasswordSetError

from console.link.credentials import (
    ERROR_WARNING,
    NO_ANSWER_WARNING,
    NO_KEYRING_WARNING,
    CredentialStore,
)

SERVER = "https://cloud.example.com"
TOKEN = "tok-3b1f9c77e0a24d5f-session"
PASSWORD = "correct horse battery staple"
SECRETS = (TOKEN, PASSWORD)


class MemoryKeyring(KeyringBackend):
    """A keyring that works, like a desktop's Secret Service, without touching the desktop's."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.threads: set[str] = set()

    def get_password(self, service: str, username: str) -> str | None:
        self.threads.add(threading.current_thread().name)
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.threads.add(threading.current_thread().name)
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.threads.add(threading.current_thread().name)
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError("not found") from None


class LockedKeyring(MemoryKeyring):
    """A locked Secret Service waiting for an unlock prompt nobody answers."""

    def __init__(self) -> None:
        super().__init__()
        self.unlock = threading.Event()
        self.called = threading.Event()
        self.password_deleted = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.called.set()
        self.unlock.wait()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.called.set()
        self.unlock.wait()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        try:
            super().delete_password(service, username)
        finally:
            if username.endswith("|password"):
                self.password_deleted.set()


class BrokenKeyring(MemoryKeyring):
    """A keyring that errs, and puts the secret in its error message, as careless ones do."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError(f"cannot store {password!r} for {username}")


@pytest.fixture(autouse=True)
def no_secret_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.get_records("call"):
        text = record.getMessage() + repr(record.args) + str(record.exc_info)
        for secret in SECRETS:
            assert secret not in text, f"secret in log: {record.getMessage()}"


@pytest.fixture
def locked() -> Iterator[LockedKeyring]:
    backend = LockedKeyring()
    yield backend
    backend.unlock.set()  # let the worker thread finish


# ------------------------------------------------------------------ a working keyring


def test_round_trip_in_the_keyring() -> None:
    backend = MemoryKeyring()
    store = CredentialStore(backend)
    asyncio.run(store.save(SERVER, "ana", TOKEN, PASSWORD))
    assert store.secure
    assert store.warning is None
    assert backend.entries == {
        ("OpticalLock Console", f"{SERVER}|ana|token"): TOKEN,
        ("OpticalLock Console", f"{SERVER}|ana|password"): PASSWORD,
    }
    # A later run of the console: a new store, the same keyring.
    again = CredentialStore(backend)
    assert asyncio.run(again.load(SERVER, "ana")) == (TOKEN, PASSWORD)
    assert asyncio.run(again.load(SERVER, "ben")) == (None, None)
    assert asyncio.run(again.load("https://other.example.com", "ana")) == (None, None)
    assert again.secure
    # Never on the caller's thread.
    assert backend.threads == {"keyring-worker"}


def test_not_remembering_the_password_forgets_a_stored_one() -> None:
    backend = MemoryKeyring()
    store = CredentialStore(backend)
    asyncio.run(store.save(SERVER, "ana", TOKEN, PASSWORD))
    asyncio.run(store.save(SERVER, "ana", "tok-new", None))
    assert backend.entries == {("OpticalLock Console", f"{SERVER}|ana|token"): "tok-new"}
    assert asyncio.run(CredentialStore(backend).load(SERVER, "ana")) == ("tok-new", None)


def test_wipe_removes_keyring_and_memory() -> None:
    backend = MemoryKeyring()
    store = CredentialStore(backend)
    asyncio.run(store.save(SERVER, "ana", TOKEN, PASSWORD))
    asyncio.run(store.save(SERVER, "ben", "tok-ben", None))
    asyncio.run(store.wipe(SERVER, "ana"))
    assert asyncio.run(store.load(SERVER, "ana")) == (None, None)
    assert backend.entries == {("OpticalLock Console", f"{SERVER}|ben|token"): "tok-ben"}
    asyncio.run(store.wipe(SERVER, "nobody"))  # nothing stored: nothing to complain about
    assert store.secure


# ------------------------------------------------------------------ no usable keyring


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()],
                         ids=["fail", "null"])
def test_no_keyring_keeps_secrets_in_memory_for_the_session(backend: KeyringBackend) -> None:
    store = CredentialStore(backend)
    assert not store.secure
    assert store.warning == NO_KEYRING_WARNING
    assert "will not be remembered" in store.warning
    asyncio.run(store.save(SERVER, "ana", TOKEN, PASSWORD))
    assert asyncio.run(store.load(SERVER, "ana")) == (TOKEN, PASSWORD)
    # Not remembered after quitting: another store (the next run) knows nothing.
    assert asyncio.run(CredentialStore(backend).load(SERVER, "ana")) == (None, None)
    asyncio.run(store.wipe(SERVER, "ana"))
    assert asyncio.run(store.load(SERVER, "ana")) == (None, None)


def test_an_empty_keyring_chain_is_no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ChainerBackend, "backends", [])
    store = CredentialStore(ChainerBackend())
    assert not store.secure
    assert store.warning == NO_KEYRING_WARNING


def test_default_backend_is_found_off_the_callers_thread(monkeypatch: pytest.MonkeyPatch,
                                                          ) -> None:
    # What a headless CI machine has (tests/conftest.py selects it through the environment too).
    found_on: list[str] = []

    def get_keyring() -> KeyringBackend:
        found_on.append(threading.current_thread().name)
        return null.Keyring()

    monkeypatch.setattr(keyring, "get_keyring", get_keyring)
    store = CredentialStore()
    assert store.secure  # not known yet: finding out is the worker's job
    assert asyncio.run(store.load(SERVER, "ana")) == (None, None)
    assert not store.secure
    assert store.warning == NO_KEYRING_WARNING
    asyncio.run(store.save(SERVER, "ana", TOKEN, None))
    assert asyncio.run(store.load(SERVER, "ana")) == (TOKEN, None)
    assert found_on == ["keyring-worker"]


def test_a_locked_keyring_cannot_hold_up_the_caller(locked: LockedKeyring) -> None:
    store = CredentialStore(locked, timeout_s=0.2)
    assert asyncio.run(store.load(SERVER, "ana")) == (None, None)
    assert locked.called.is_set()
    assert not store.secure
    assert store.warning == NO_ANSWER_WARNING
    # From now on memory only: the next calls do not wait for the keyring again.
    locked.called.clear()
    asyncio.run(store.save(SERVER, "ana", TOKEN, PASSWORD))
    assert asyncio.run(store.load(SERVER, "ana")) == (TOKEN, PASSWORD)
    assert not locked.called.is_set()


def test_sign_out_still_clears_a_keyring_that_answers_late(locked: LockedKeyring) -> None:
    locked.entries[("OpticalLock Console", f"{SERVER}|ana|token")] = TOKEN  # an earlier run's
    store = CredentialStore(locked, timeout_s=0.2)
    assert asyncio.run(store.load(SERVER, "ana")) == (None, None)  # times out
    asyncio.run(store.wipe(SERVER, "ana"))  # times out too, but stays queued
    assert locked.entries
    locked.unlock.set()
    assert locked.password_deleted.wait(5)
    assert locked.entries == {}


def test_keyring_errors_degrade_to_memory() -> None:
    store = CredentialStore(BrokenKeyring())
    assert store.secure  # nothing known to be wrong yet
    asyncio.run(store.save(SERVER, "ana", TOKEN, PASSWORD))
    assert not store.secure
    assert store.warning == ERROR_WARNING
    assert asyncio.run(store.load(SERVER, "ana")) == (TOKEN, PASSWORD)


def test_a_keyring_error_on_load_is_no_crash(caplog: pytest.LogCaptureFixture) -> None:
    store = CredentialStore(BrokenKeyring())
    assert asyncio.run(store.load(SERVER, "ana")) == (None, None)
    assert not store.secure
    assert "KeyringLocked" in caplog.text


def test_secrets_never_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    # Every path that logs, with the secrets in play; the autouse fixture checks every record.
    for backend in (MemoryKeyring(), BrokenKeyring(), fail.Keyring(), null.Keyring()):
        store = CredentialStore(backend)
        asyncio.run(store.save(SERVER, "ana", TOKEN, PASSWORD))
        asyncio.run(store.load(SERVER, "ana"))
        asyncio.run(store.wipe(SERVER, "ana"))
    assert "cannot store" in caplog.text  # the broken keyring's message was logged, scrubbed
    assert "***" in caplog.text


def test_keyring_error_types_are_what_the_notes_say() -> None:
    # TECH-NOTES: a missing keyring raises NoKeyringError, a RuntimeError and a KeyringError.
    with pytest.raises(KeyringError):
        fail.Keyring().get_password("s", "u")
    with pytest.raises(RuntimeError):
        fail.Keyring().get_password("s", "u")
