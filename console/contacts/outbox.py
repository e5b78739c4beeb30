"""The contact outbox: messages and call records to drivers that the cloud has not confirmed.

Like the alarm :class:`~console.alarms.outbox.Outbox`, each item is written to SQLite *before* it is
sent, with the ``request_id`` the server deduplicates on, and removed once the cloud has answered
it, so a console that crashes mid-send neither loses what the dispatcher wrote nor, on retry,
sends it twice. The difference is what happens on failure: an alarm action waits and goes out by
itself later, a driver message is marked **failed** and waits for the dispatcher's Retry
(see :mod:`console.contacts.messaging` for why).

An item left "sending" by a console that closed before the answer came is loaded as failed: the
console cannot know whether it reached the cloud, and only a retry with the same request id can
find out without sending twice. Never holds secrets; per server and carrier like the journal.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import QCoreApplication

from console.link.storage import (
    SetAside,
    immediate_transaction,
    make_private,
    open_moving_corrupt_aside,
    salvage_rows,
)

log = logging.getLogger(__name__)

ContactKind = Literal["message", "call"]
CONTACT_KINDS: tuple[str, ...] = ("message", "call")

#: What a failed item says after a restart that interrupted its send.
INTERRUPTED = ("The console closed before the cloud answered. Retry to send it: the cloud "
               "will not send it twice.")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS contacts (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    driver_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at REAL NOT NULL,
    username TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
"""
_COLUMNS = ("request_id", "kind", "driver_id", "body", "created_at", "username", "state",
            "attempts", "last_error")
_SECRET_KEYS = frozenset({"token", "password", "authorization", "secret"})


class ContactState(StrEnum):
    """Where an unconfirmed item stands: on its way, or refused/unreachable (retry possible)."""

    SENDING = "sending"
    FAILED = "failed"


@dataclass(frozen=True)
class PendingContact:
    """A message or call record not yet accepted by the cloud.

    ``body`` is the request body exactly as it is sent (``request_id`` included), so a retry is
    the same request and the server answers it without acting twice.
    """

    request_id: str
    kind: ContactKind
    driver_id: str
    body: dict[str, Any]
    created_at: float
    username: str = ""
    state: ContactState = ContactState.SENDING
    attempts: int = 0
    last_error: str | None = None

    @property
    def text(self) -> str:
        """The message text (a call record's note)."""
        return str(self.body.get("text", self.body.get("note", "")))

    @property
    def alarm_id(self) -> str | None:
        value = self.body.get("alarm_id")
        return None if value is None else str(value)

    @property
    def trailer_id(self) -> str | None:
        value = self.body.get("trailer_id")
        return None if value is None else str(value)


class ContactOutbox:
    """An ordered, persistent list of :class:`PendingContact` (SQLite at ``path``; ``":memory:"``
    keeps it for this run only). A damaged file is set aside when opened, its readable items
    kept: :attr:`damage` then says what happened (see :func:`damage_notice`)."""

    @staticmethod
    def path_next_to(journal_path: Path) -> Path:
        """The contact outbox that belongs with a journal ("x.sqlite" → "x.contacts.sqlite")."""
        journal_path = Path(journal_path)
        return journal_path.with_name(
            f"{journal_path.stem}.contacts{journal_path.suffix or '.db'}")

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time) -> None:
        self.path = path if path == ":memory:" else Path(path)
        self._clock = clock
        #: The damaged file this open set aside (and what it kept), or None.
        self.damage: SetAside | None = None
        self._db: sqlite3.Connection | None = self._open()
        self._items: list[PendingContact] = self._load()

    # ------------------------------------------------------------------ reading

    def all(self) -> list[PendingContact]:
        return list(self._items)

    def for_driver(self, driver_id: str) -> list[PendingContact]:
        return [c for c in self._items if c.driver_id == driver_id]

    def get(self, request_id: str) -> PendingContact | None:
        return next((c for c in self._items if c.request_id == request_id), None)

    def __len__(self) -> int:
        return len(self._items)

    # ------------------------------------------------------------------ writing

    def add(self, kind: ContactKind, driver_id: str, body: dict[str, Any],
            created_at: float | None = None, username: str = "") -> PendingContact:
        """Queue an item (state "sending"); ``body`` must carry its ``request_id``."""
        if kind not in CONTACT_KINDS:
            raise ValueError(f"unknown contact kind {kind!r}")
        leaked = _SECRET_KEYS & {k.lower() for k in body}
        if leaked:
            raise ValueError(f"refusing to store secret field(s) {sorted(leaked)}")
        if "request_id" not in body:
            raise ValueError("a contact body needs its request_id")
        item = PendingContact(request_id=str(body["request_id"]), kind=kind, driver_id=driver_id,
                              body=dict(body),
                              created_at=self._clock() if created_at is None else created_at,
                              username=username)
        with self._transaction() as db:
            db.execute("INSERT INTO contacts (request_id, kind, driver_id, body, created_at, "
                       "username, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (item.request_id, kind, driver_id, json.dumps(item.body), item.created_at,
                        username, item.state.value))
        self._items.append(item)
        return item

    def set_state(self, request_id: str, state: ContactState, error: str | None = None
                  ) -> PendingContact | None:
        """Mark an item sending (a try starts) or failed (with why; counts the attempt)."""
        item = self.get(request_id)
        if item is None:
            return None
        attempts = item.attempts + (1 if state is ContactState.FAILED else 0)
        updated = replace(item, state=state, attempts=attempts,
                          last_error=error if state is ContactState.FAILED else item.last_error)
        with self._transaction() as db:
            db.execute("UPDATE contacts SET state = ?, attempts = ?, last_error = ? "
                       "WHERE request_id = ?",
                       (state.value, updated.attempts, updated.last_error, request_id))
        self._items = [updated if c.request_id == request_id else c for c in self._items]
        return updated

    def remove(self, request_id: str) -> bool:
        with self._transaction() as db:
            gone = db.execute("DELETE FROM contacts WHERE request_id = ?",
                              (request_id,)).rowcount
        self._items = [c for c in self._items if c.request_id != request_id]
        return bool(gone)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> ContactOutbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the file

    def _transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return immediate_transaction(self._db, f"contact outbox {self.path}")

    def _open(self) -> sqlite3.Connection:
        """Open (creating) the file; a corrupt one is moved aside once, not silently reused."""
        if not isinstance(self.path, Path):
            return self._connect()
        return open_moving_corrupt_aside(self.path, self._connect, what="contact outbox",
                                         lost="salvaging the messages and call records still "
                                              "readable",
                                         level=logging.ERROR, logger=log,
                                         salvage=self._salvage, on_set_aside=self._set_damage)

    def _salvage(self, aside: Path, db: sqlite3.Connection) -> tuple[int, int | None]:
        return salvage_rows(aside, db, "contacts", _COLUMNS)

    def _set_damage(self, report: SetAside) -> None:
        self.damage = report

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), timeout=5.0, isolation_level=None)
        try:
            if isinstance(self.path, Path):
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # what the dispatcher wrote must survive
            db.executescript(_SCHEMA)
            db.execute("SELECT count(*) FROM contacts").fetchone()  # finds a corrupt file now
        except BaseException:
            db.close()
            raise
        if isinstance(self.path, Path):
            make_private(self.path)  # messages to drivers are nobody else's business
        return db

    def _load(self) -> list[PendingContact]:
        assert self._db is not None
        rows = self._db.execute("SELECT request_id, kind, driver_id, body, created_at, username, "
                                "state, attempts, last_error FROM contacts ORDER BY position"
                                ).fetchall()
        items: list[PendingContact] = []
        for request_id, kind, driver_id, body, created_at, user, state, attempts, error in rows:
            try:
                parsed = json.loads(body)
                if kind not in CONTACT_KINDS or not isinstance(parsed, dict):
                    raise ValueError(f"kind {kind!r}")
            except ValueError as exc:
                log.warning("contact outbox %s: dropping unreadable item %s (%s)", self.path,
                            request_id, exc)
                with self._transaction() as db:
                    db.execute("DELETE FROM contacts WHERE request_id = ?", (request_id,))
                continue
            item = PendingContact(request_id=request_id, kind=kind, driver_id=driver_id,
                                  body=parsed, created_at=float(created_at), username=str(user),
                                  state=ContactState.FAILED, attempts=int(attempts),
                                  last_error=error)
            if state != ContactState.FAILED.value:
                item = replace(item, last_error=INTERRUPTED)
                with self._transaction() as db:
                    db.execute("UPDATE contacts SET state = ?, last_error = ? "
                               "WHERE request_id = ?",
                               (ContactState.FAILED.value, INTERRUPTED, request_id))
            items.append(item)
        return items


def damage_notice(report: SetAside) -> tuple[str, str]:
    """The dispatcher's title and text for a contact outbox that was damaged and set aside."""
    title = QCoreApplication.translate("Journal", "Unsent messages damaged")
    if report.unreadable is None:
        text = QCoreApplication.translate(
            "Journal",
            "The file of messages and call records not yet sent was damaged and set aside as "
            "{aside}. {kept} were read from it and kept; any others could not be read and were "
            "NOT sent: check them.")
    elif report.unreadable:
        text = QCoreApplication.translate(
            "Journal",
            "{count} messages or call records not yet sent could not be read and were set aside "
            "in {aside}; they were NOT sent: check them. {kept} were read and kept.")
    else:
        text = QCoreApplication.translate(
            "Journal",
            "The file of messages and call records not yet sent was damaged and set aside as "
            "{aside}; all {kept} in it were read and kept.")
    return title, text.format(count=report.unreadable, aside=report.aside, kept=report.kept)


__all__ = ["CONTACT_KINDS", "INTERRUPTED", "ContactKind", "ContactOutbox", "ContactState",
           "PendingContact", "damage_notice"]
