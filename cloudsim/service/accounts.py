"""Dispatcher accounts and their sessions: salted scrypt passwords, bearer tokens."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections.abc import Callable

from cloudsim.db import Database
from cloudsim.devices import FleetDefinition
from cloudsim.service.core import ApiError, Principal, ServiceCore
from cloudsim.service.throttle import SignInPolicy, SignInThrottle
from opticallock.protocol import Session, User

TOKEN_TTL_S = 12 * 3600.0


def _hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2**14, r=8, p=1, dklen=32)


def _token_sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} seconds" if seconds != 1 else "1 second"
    return f"{math.ceil(seconds / 60)} minutes"


def _hhmm(ts: float) -> str:
    return time.strftime("%H:%M:%S", time.gmtime(ts))



class Accounts(ServiceCore):
    """Signing in and out: who may read which carrier's data.

    Failed sign-ins are throttled per username and per client address (``sign_in``, a
    :class:`~cloudsim.service.throttle.SignInPolicy`; time is the service's ``clock``).
    """

    def __init__(self, db: Database, definition: FleetDefinition,
                 clock: Callable[[], float] = time.time, *,
                 sign_in: SignInPolicy | None = None) -> None:
        super().__init__(db, definition, clock)
        self.sign_in_throttle = SignInThrottle(sign_in)
        # login runs in worker threads (scrypt is slow): the throttle is shared between them.
        self._sign_in_lock = threading.Lock()

    def add_account(self, username: str, password: str, carrier_id: str | None = None,
                    display_name: str | None = None) -> None:
        """Create or update an account (its password is stored as a salted scrypt hash)."""
        cid = carrier_id or self.carrier_ids()[0]
        if cid not in self.logs:
            raise ValueError(f"unknown carrier {cid!r} (known: {', '.join(self.carrier_ids())})")
        salt = secrets.token_bytes(16)
        self.db.execute(
            "INSERT INTO accounts (username, display_name, carrier_id, salt, pw_hash) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(username) DO UPDATE SET "
            "display_name = excluded.display_name, carrier_id = excluded.carrier_id, "
            "salt = excluded.salt, pw_hash = excluded.pw_hash",
            (username, display_name or username, cid, salt, _hash_password(password, salt)),
        )

    def has_accounts(self) -> bool:
        return self.db.one("SELECT 1 FROM accounts LIMIT 1") is not None

    def login(self, username: str, password: str, address: str | None = None) -> Session:
        """A new session for ``username``; 401 for a wrong username or password, 429 while
        the username or the client ``address`` has failed too often (checked first, so a
        locked-out guess is never even compared)."""
        keys = [f"user:{username}"] + ([f"addr:{address}"] if address else [])
        with self._sign_in_lock:
            wait = self.sign_in_throttle.retry_after(keys, self.clock())
        if wait is not None:
            raise ApiError(429, "too_many_attempts",
                           f"Too many failed sign-ins; try again in {_duration(wait)} "
                           f"(after {_hhmm(self.clock() + wait)} UTC).",
                           headers={"Retry-After": str(wait)})
        row = self.db.one(
            "SELECT display_name, carrier_id, salt, pw_hash FROM accounts WHERE username = ?",
            (username,),
        )
        # Hash even for an unknown user so timing does not reveal which usernames exist.
        salt = row[2] if row else b"\0" * 16
        ok = hmac.compare_digest(_hash_password(password, salt), row[3] if row else b"")
        if row is None or not ok:
            with self._sign_in_lock:
                self.sign_in_throttle.failed(keys, self.clock())
            raise ApiError(401, "invalid_credentials", "Wrong username or password.")
        with self._sign_in_lock:
            self.sign_in_throttle.succeeded(keys[0])
        display_name, carrier_id = str(row[0]), str(row[1])
        token = secrets.token_urlsafe(32)
        now = self.clock()
        self.db.execute(
            "INSERT INTO tokens (token_sha, username, carrier_id, issued_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (_token_sha(token), username, carrier_id, now, now + TOKEN_TTL_S),
        )
        carrier = self.logs[carrier_id].state.carrier
        return Session(token=token, expires_at=now + TOKEN_TTL_S,
                       user=User(username=username, display_name=display_name, carrier=carrier))

    def authenticate(self, token: str) -> Principal | None:
        row = self.db.one(
            "SELECT t.username, a.display_name, t.carrier_id, t.expires_at, t.revoked "
            "FROM tokens t JOIN accounts a ON a.username = t.username WHERE t.token_sha = ?",
            (_token_sha(token),),
        )
        if row is None or row[4] or row[3] < self.clock():
            return None
        return Principal(username=str(row[0]), display_name=str(row[1]), carrier_id=str(row[2]))

    def revoke(self, token: str) -> None:
        self.db.execute("UPDATE tokens SET revoked = 1, revoked_at = ? WHERE token_sha = ?",
                        (self.clock(), _token_sha(token)))

    def expire_all_tokens(self) -> None:
        """Make every issued token expired (tests of the console's re-sign-in path)."""
        self.db.execute("UPDATE tokens SET expires_at = 0")
