"""The persistent outbox: dispatcher actions not yet confirmed by the cloud.

An acknowledgement typed while the link is down must not be lost when the console is closed or
crashes, and must reach the server exactly once when the link is back. Each action is therefore
written to SQLite *before* it is sent, with the ``request_id`` the server deduplicates on, and
removed only once the server has answered it. Order is kept (an ack before the resolve that
follows it).

The file sits next to the journal (:meth:`Outbox.path_next_to`), so it is per server and
carrier, not per user: each action records who typed it, and only that dispatcher's desk sends
it (a colleague signing in on the same machine must not acknowledge alarms in someone else's
name). It holds what dispatchers did and nothing else: never a token or a password, so it needs
no more care than the journal. Actions are few and small, so writes are synchronous and
``synchronous=FULL``: when :meth:`Outbox.add` returns, the action survives a power cut.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
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

ActionKind = Literal["ack", "resolve", "step", "escalate", "seen", "owner", "note"]
ACTION_KINDS: tuple[str, ...] = ("ack", "resolve", "step", "escalate", "seen", "owner", "note")

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS actions (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    alarm_id TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at REAL NOT NULL,
    username TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
"""
_COLUMNS = ("action_id", "kind", "alarm_id", "body", "created_at", "username", "attempts",
            "last_error")
#: Body keys that must never be written to disk; a bug that tries is refused loudly.
_SECRET_KEYS = frozenset({"token", "password", "authorization", "secret"})


@dataclass(frozen=True)
class PendingAction:
    """One action waiting for the cloud's answer.

    ``body`` is the JSON request body as it will be sent, ``request_id`` included, so a retry
    after a lost answer is the *same* request and the server answers it without acting twice.
    """

    action_id: str
    kind: ActionKind
    alarm_id: str
    body: dict[str, Any]
    created_at: float
    attempts: int = 0
    last_error: str | None = None
    #: The dispatcher who typed it (the only one it may be sent as).
    username: str = ""

    @property
    def request_id(self) -> str:
        return str(self.body.get("request_id", self.action_id))


class Outbox:
    """An ordered, persistent list of :class:`PendingAction` (SQLite at ``path``).

    Reads are served from memory (the alarm queue asks for every row on every repaint); every
    change is written through at once. A damaged file is set aside when opened, its readable
    actions kept: :attr:`damage` then says what happened (see :func:`damage_notice`).
    """

    @staticmethod
    def path_next_to(journal_path: Path) -> Path:
        """The outbox that belongs with a journal file ("x.sqlite" → "x.outbox.sqlite")."""
        journal_path = Path(journal_path)
        return journal_path.with_name(f"{journal_path.stem}.outbox{journal_path.suffix or '.db'}")

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        #: The damaged file this open set aside (and what it kept), or None.
        self.damage: SetAside | None = None
        self._db: sqlite3.Connection | None = self._open()
        self._items: list[PendingAction] = self._load()

    # ------------------------------------------------------------------ reading

    def all(self) -> list[PendingAction]:
        """Every pending action, oldest first."""
        return list(self._items)

    def for_alarm(self, alarm_id: str) -> list[PendingAction]:
        return [a for a in self._items if a.alarm_id == alarm_id]

    def get(self, action_id: str) -> PendingAction | None:
        return next((a for a in self._items if a.action_id == action_id), None)

    def __len__(self) -> int:
        return len(self._items)

    # ------------------------------------------------------------------ writing

    def add(self, kind: ActionKind, alarm_id: str, body: dict[str, Any],
            created_at: float | None = None, username: str = "") -> PendingAction:
        """Queue an action at the end; its ``action_id`` is the body's ``request_id`` (a new
        uuid4 hex one is added if the body has none)."""
        if kind not in ACTION_KINDS:
            raise ValueError(f"unknown action kind {kind!r}")
        leaked = _SECRET_KEYS & {k.lower() for k in body}
        if leaked:
            raise ValueError(f"refusing to store secret field(s) {sorted(leaked)} in the outbox")
        body = dict(body)
        body.setdefault("request_id", uuid.uuid4().hex)
        action = PendingAction(action_id=str(body["request_id"]), kind=kind, alarm_id=alarm_id,
                               body=body,
                               created_at=self._clock() if created_at is None else created_at,
                               username=username)
        with self._transaction() as db:
            db.execute("INSERT INTO actions (action_id, kind, alarm_id, body, created_at, "
                       "username) VALUES (?, ?, ?, ?, ?, ?)",
                       (action.action_id, kind, alarm_id, json.dumps(body), action.created_at,
                        username))
        self._items.append(action)
        return action

    def remove(self, action_id: str) -> bool:
        """Forget an action the server has answered; False if it was not there."""
        with self._transaction() as db:
            gone = db.execute("DELETE FROM actions WHERE action_id = ?", (action_id,)).rowcount
        self._items = [a for a in self._items if a.action_id != action_id]
        return bool(gone)

    def record_attempt(self, action_id: str, error: str | None) -> PendingAction | None:
        """Count a failed (or, with ``error`` None, an unanswered) try and keep why."""
        action = self.get(action_id)
        if action is None:
            return None
        updated = replace(action, attempts=action.attempts + 1, last_error=error)
        with self._transaction() as db:
            db.execute("UPDATE actions SET attempts = ?, last_error = ? WHERE action_id = ?",
                       (updated.attempts, error, action_id))
        self._items = [updated if a.action_id == action_id else a for a in self._items]
        return updated

    def close(self) -> None:
        """Close the file (safe to call twice)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the file

    def _transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return immediate_transaction(self._db, f"outbox {self.path}")

    def _open(self) -> sqlite3.Connection:
        """Open (creating) the file; a corrupt one is moved aside once, not silently reused."""
        return open_moving_corrupt_aside(self.path, self._connect, what="outbox",
                                         lost="salvaging the actions still readable",
                                         level=logging.ERROR, logger=log,
                                         salvage=self._salvage, on_set_aside=self._set_damage)

    def _salvage(self, aside: Path, db: sqlite3.Connection) -> tuple[int, int | None]:
        return salvage_rows(aside, db, "actions", _COLUMNS)

    def _set_damage(self, report: SetAside) -> None:
        self.damage = report

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # an action the user saw queued must survive
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("SELECT count(*) FROM actions").fetchone()  # finds a corrupt file now
        except BaseException:
            db.close()
            raise
        make_private(self.path)  # what dispatchers did is nobody else's business
        return db

    def _load(self) -> list[PendingAction]:
        items: list[PendingAction] = []
        assert self._db is not None
        rows = self._db.execute("SELECT action_id, kind, alarm_id, body, created_at, attempts, "
                                "last_error, username FROM actions ORDER BY position").fetchall()
        for action_id, kind, alarm_id, body, created_at, attempts, last_error, user in rows:
            try:
                parsed = json.loads(body)
                if kind not in ACTION_KINDS or not isinstance(parsed, dict):
                    raise ValueError(f"kind {kind!r}")
            except ValueError as exc:
                log.warning("outbox %s: dropping unreadable action %s (%s)", self.path,
                            action_id, exc)
                with self._transaction() as db:
                    db.execute("DELETE FROM actions WHERE action_id = ?", (action_id,))
                continue
            items.append(PendingAction(action_id=action_id, kind=kind, alarm_id=alarm_id,
                                       body=parsed, created_at=float(created_at),
                                       attempts=int(attempts), last_error=last_error,
                                       username=str(user)))
        return items


def damage_notice(report: SetAside) -> tuple[str, str]:
    """The dispatcher's title and text for an outbox that was damaged and set aside."""
    title = QCoreApplication.translate("Journal", "Offline actions damaged")
    if report.unreadable is None:
        text = QCoreApplication.translate(
            "Journal",
            "The file of actions typed offline was damaged and set aside as {aside}. {kept} "
            "actions were read from it and kept; any others could not be read and were NOT "
            "sent: check them.")
    elif report.unreadable:
        text = QCoreApplication.translate(
            "Journal",
            "{count} actions typed offline could not be read and were set aside in {aside}; "
            "they were NOT sent: check them. {kept} actions were read and kept.")
    else:
        text = QCoreApplication.translate(
            "Journal",
            "The file of actions typed offline was damaged and set aside as {aside}; all {kept} "
            "actions in it were read and kept.")
    return title, text.format(count=report.unreadable, aside=report.aside, kept=report.kept)


__all__ = ["ACTION_KINDS", "ActionKind", "Outbox", "PendingAction", "damage_notice"]
