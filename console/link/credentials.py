"""The session token and (if the dispatcher asked) the password, kept in the OS keyring only.

Secrets never go to a file, a setting or a log. Where the machine has no secure keyring (headless
Linux without a Secret Service, or a keyring that errs or hangs), the store says so in plain
words and keeps the secrets in this instance's memory for the session, rather than silently
falling back to something weaker.

Keyring calls can block for as long as a locked Secret Service waits for its unlock prompt, so
they run on one worker thread and the caller awaits them with a timeout: the UI thread never
waits on the keyring longer than ``timeout_s``, and a keyring that does not answer in time is
treated as unavailable for the rest of the session.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import queue
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import QCoreApplication

from console.fleet.labels import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

T = TypeVar("T")

#: What the dispatcher is told (source texts: translated when read, see ``warning``).
NO_KEYRING_WARNING = QT_TRANSLATE_NOOP(
    "Credentials",
    "No system keyring is available: your sign-in will not be remembered after you quit.")
NO_ANSWER_WARNING = QT_TRANSLATE_NOOP(
    "Credentials",
    "The system keyring did not answer (it may be locked): your sign-in will not be remembered "
    "after you quit.")
ERROR_WARNING = QT_TRANSLATE_NOOP(
    "Credentials",
    "The system keyring reported an error: your sign-in will not be remembered after you quit.")
#: How long the keyring worker thread waits for work before it ends (a new one starts on demand).
_WORKER_IDLE_S = 10.0


class _NoSecureBackend(Exception):
    """The keyring resolved lazily turned out to be one that cannot keep secrets."""


def _insecure_reason(backend: KeyringBackend) -> str | None:
    """Why ``backend`` cannot keep a secret across sessions, or None if it can."""
    if isinstance(backend, fail.Keyring | null.Keyring):
        return f"no keyring backend ({type(backend).__name__})"
    if isinstance(backend, ChainerBackend) and not backend.backends:
        return "the keyring chain is empty"
    # keyrings.alt keeps secrets in files (plain or with a password prompt on stdin): no.
    if type(backend).__module__.startswith("keyrings.alt"):
        return f"file-based keyring ({type(backend).__name__})"
    return None


class CredentialStore:
    """Token and password per (server, username), in the OS keyring or, failing that, memory.

    Keyring entries use the service :attr:`SERVICE` and the username fields
    ``"{server_url}|{username}|token"`` and ``"{server_url}|{username}|password"``.
    """

    SERVICE = "OpticalLock Console"

    def __init__(self, backend: KeyringBackend | None = None, timeout_s: float = 3.0) -> None:
        # None: keyring.get_keyring(), resolved on the worker thread at first use, because
        # discovering backends talks to D-Bus and may be slow.
        self._backend = backend
        self._timeout_s = timeout_s
        #: (server_url, username) -> (token, password): this session's secrets, this instance only.
        self._memory: dict[tuple[str, str], tuple[str | None, str | None]] = {}
        self._warning: str | None = None
        #: The backend itself cannot keep secrets (as opposed to having failed once).
        self._unusable = False
        self._jobs: queue.SimpleQueue[tuple[Callable[[KeyringBackend], Any],
                                            concurrent.futures.Future[Any]]] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._worker_lock = threading.Lock()
        if backend is not None:
            reason = _insecure_reason(backend)
            if reason is not None:
                self._give_up(NO_KEYRING_WARNING, "keyring unavailable: %s", reason,
                              unusable=True)

    @property
    def secure(self) -> bool:
        """False once the keyring is known not to keep secrets: missing, erring or hanging.

        With the default backend this is True until the first call has found out.
        """
        return self._warning is None

    @property
    def warning(self) -> str | None:
        """What to tell the dispatcher when the sign-in cannot be remembered, in plain words
        (in the dispatcher's language)."""
        if self._warning is None:
            return None
        return QCoreApplication.translate("Credentials", self._warning)

    # ------------------------------------------------------------------ the three operations

    async def load(self, server_url: str, username: str) -> tuple[str | None, str | None]:
        """(token, password) remembered for this account; (None, None) when there are none."""
        account = (server_url, username)
        if account in self._memory:
            return self._memory[account]
        token_key, password_key = self._keys(server_url, username)

        def read(backend: KeyringBackend) -> tuple[str | None, str | None]:
            return (backend.get_password(self.SERVICE, token_key),
                    backend.get_password(self.SERVICE, password_key))

        found = await self._keyring("load", read, ())
        if found is None:
            return None, None
        if found[0] is not None or found[1] is not None:
            self._memory[account] = found
        return found

    async def save(self, server_url: str, username: str, token: str,
                   password: str | None) -> None:
        """Remember the session token, and the password unless it is None (then forget it)."""
        self._memory[(server_url, username)] = (token, password)
        token_key, password_key = self._keys(server_url, username)

        def write(backend: KeyringBackend) -> None:
            backend.set_password(self.SERVICE, token_key, token)
            if password is None:
                _delete(backend, self.SERVICE, password_key)
            else:
                backend.set_password(self.SERVICE, password_key, password)

        await self._keyring("save", write, (token, password))

    async def wipe(self, server_url: str, username: str) -> None:
        """Sign out: forget token and password, in memory and in the keyring.

        Also tried when the keyring failed earlier in the session, since an earlier session may
        have stored a token there; if the keyring is hanging, the removal runs when it answers.
        """
        secrets = self._memory.pop((server_url, username), (None, None))
        if self._unusable:
            return
        token_key, password_key = self._keys(server_url, username)

        def remove(backend: KeyringBackend) -> None:
            _delete(backend, self.SERVICE, token_key)
            _delete(backend, self.SERVICE, password_key)

        await self._keyring("wipe", remove, secrets, retry_after_failure=True)

    # ------------------------------------------------------------------ keyring plumbing

    def _keys(self, server_url: str, username: str) -> tuple[str, str]:
        return f"{server_url}|{username}|token", f"{server_url}|{username}|password"

    async def _keyring(self, what: str, call: Callable[[KeyringBackend], T],
                       secrets: Iterable[str | None], *,
                       retry_after_failure: bool = False) -> T | None:
        """Run ``call`` on the worker thread; None (and memory only from now on) on any failure.

        ``secrets`` are scrubbed from anything logged about a failure.
        """
        if self._unusable or (self._warning is not None and not retry_after_failure):
            return None
        job: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._submit(call, job)
        waiter = asyncio.wrap_future(job)
        try:
            if retry_after_failure:
                # Not cancelled on timeout: a removal is worth doing whenever the keyring answers.
                return await asyncio.wait_for(asyncio.shield(waiter), self._timeout_s)
            return await asyncio.wait_for(waiter, self._timeout_s)
        except TimeoutError:
            self._give_up(NO_ANSWER_WARNING, "keyring did not answer within %.1f s (%s)",
                          self._timeout_s, what)
        except _NoSecureBackend as exc:
            self._give_up(NO_KEYRING_WARNING, "keyring unavailable: %s", str(exc), unusable=True)
        except Exception as exc:  # any backend error: degrade, never crash the sign-in
            self._give_up(ERROR_WARNING, "keyring %s failed (%s: %s)", what,
                          type(exc).__name__, _scrub(str(exc), secrets))
        return None

    def _give_up(self, warning: str, message: str, *args: object, unusable: bool = False) -> None:
        if unusable:
            self._unusable = True
        if self._warning is None:
            self._warning = warning
            log.warning(message + ": keeping the sign-in in memory for this session only", *args)
        else:
            log.info(message, *args)

    def _submit(self, call: Callable[[KeyringBackend], Any],
                job: concurrent.futures.Future[Any]) -> None:
        with self._worker_lock:
            self._jobs.put((call, job))
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="keyring-worker",
                                                daemon=True)
                self._worker.start()

    def _work(self) -> None:
        """The only thread that touches the keyring; a daemon, so a hung keyring cannot hold up
        quitting. Ends when idle (a new one starts on demand)."""
        while True:
            try:
                call, job = self._jobs.get(timeout=_WORKER_IDLE_S)
            except queue.Empty:
                with self._worker_lock:
                    if self._jobs.empty():
                        self._worker = None
                        return
                continue
            if not job.set_running_or_notify_cancel():
                continue  # the caller stopped waiting before it started
            try:
                job.set_result(call(self._resolve_backend()))
            except Exception as exc:
                job.set_exception(exc)

    def _resolve_backend(self) -> KeyringBackend:
        if self._backend is None:
            backend = keyring.get_keyring()
            reason = _insecure_reason(backend)
            if reason is not None:
                raise _NoSecureBackend(reason)
            self._backend = backend
        return self._backend


def _delete(backend: KeyringBackend, service: str, key: str) -> None:
    """Delete one entry; an entry that is not there is already deleted."""
    with contextlib.suppress(PasswordDeleteError):
        backend.delete_password(service, key)


def _scrub(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every secret replaced, for log lines built from a backend's error message."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return " ".join(text.split())[:200]
