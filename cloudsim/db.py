"""SQLite persistence of the reference cloud (one file, WAL, ``synchronous=FULL``).

All access happens on the server's event-loop thread; statements are short and batched, so the
loop is never held for long. Telemetry history (positions, fiber samples) lives in its own tables,
indexed by lock and time, for the history API; the event log holds everything the stream sends.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS carriers (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    username TEXT PRIMARY KEY, display_name TEXT NOT NULL, carrier_id TEXT NOT NULL,
    salt BLOB NOT NULL, pw_hash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    token_sha TEXT PRIMARY KEY, username TEXT NOT NULL, carrier_id TEXT NOT NULL,
    issued_at REAL NOT NULL, expires_at REAL NOT NULL, revoked INTEGER NOT NULL DEFAULT 0,
    revoked_at REAL);
CREATE INDEX IF NOT EXISTS tokens_by_user ON tokens (username);
CREATE TABLE IF NOT EXISTS log (
    carrier_id TEXT NOT NULL, seq INTEGER NOT NULL, ts REAL NOT NULL, type TEXT NOT NULL,
    lock_id TEXT, alarm_id TEXT, body TEXT, body_digest TEXT NOT NULL, prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL, PRIMARY KEY (carrier_id, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS log_by_alarm ON log (carrier_id, alarm_id) WHERE alarm_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS log_by_lock ON log (carrier_id, lock_id, ts)
    WHERE lock_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS log_by_type ON log (carrier_id, type, seq);
CREATE INDEX IF NOT EXISTS log_by_ts ON log (carrier_id, ts);
CREATE TABLE IF NOT EXISTS positions (
    lock_id TEXT NOT NULL, ts REAL NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    speed REAL NOT NULL, heading REAL NOT NULL);
CREATE INDEX IF NOT EXISTS positions_by_lock ON positions (lock_id, ts);
CREATE TABLE IF NOT EXISTS fiber (
    lock_id TEXT NOT NULL, ts REAL NOT NULL, dbm REAL NOT NULL, battery REAL NOT NULL);
CREATE INDEX IF NOT EXISTS fiber_by_lock ON fiber (lock_id, ts);
CREATE TABLE IF NOT EXISTS alarms (
    id TEXT PRIMARY KEY, carrier_id TEXT NOT NULL, lock_id TEXT NOT NULL, state TEXT NOT NULL,
    raised_at REAL NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alarms_by_state ON alarms (carrier_id, state, raised_at);
CREATE TABLE IF NOT EXISTS requests (
    carrier_id TEXT NOT NULL, request_id TEXT NOT NULL, action TEXT NOT NULL,
    target TEXT NOT NULL, username TEXT NOT NULL, status INTEGER NOT NULL, response TEXT NOT NULL,
    PRIMARY KEY (carrier_id, request_id));
CREATE TABLE IF NOT EXISTS messages (
    id TEXT PRIMARY KEY, carrier_id TEXT NOT NULL, driver_id TEXT NOT NULL,
    created_at REAL NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS messages_by_driver ON messages (carrier_id, driver_id, created_at);
CREATE TABLE IF NOT EXISTS calls (
    id TEXT PRIMARY KEY, carrier_id TEXT NOT NULL, driver_id TEXT NOT NULL,
    at REAL NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS calls_by_driver ON calls (carrier_id, driver_id, at);
CREATE TABLE IF NOT EXISTS seals (
    carrier_id TEXT NOT NULL, number TEXT NOT NULL, iso_class TEXT NOT NULL,
    manufacturer TEXT NOT NULL, state TEXT NOT NULL, trailer_id TEXT, lock_id TEXT, trip_id TEXT,
    issued_at REAL, applied_at REAL, removed_at REAL,
    PRIMARY KEY (carrier_id, number)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS seals_by_state ON seals (carrier_id, state, number);
CREATE INDEX IF NOT EXISTS seals_by_lock ON seals (carrier_id, lock_id) WHERE lock_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS seals_by_trailer ON seals (carrier_id, trailer_id, number)
    WHERE trailer_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS seal_log (
    carrier_id TEXT NOT NULL, number TEXT NOT NULL, seq INTEGER NOT NULL,
    PRIMARY KEY (carrier_id, number, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS unlock_requests (
    id TEXT PRIMARY KEY, carrier_id TEXT NOT NULL, lock_id TEXT NOT NULL, state TEXT NOT NULL,
    requested_at REAL NOT NULL, code TEXT, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS unlock_requests_by_state
    ON unlock_requests (carrier_id, state, requested_at);
CREATE INDEX IF NOT EXISTS unlock_requests_by_lock ON unlock_requests (carrier_id, lock_id);
CREATE TABLE IF NOT EXISTS policies (
    carrier_id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL);
"""

#: Columns added after a table was first created: (table, column, declaration). A database
#: made before them gets them on open.
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("tokens", "revoked_at", "REAL"),
)


class Database:
    """A thin wrapper over one SQLite connection with the cloud's schema."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._local = threading.local()
        self.conn.execute("PRAGMA journal_mode=WAL")
        # FULL: every commit is synced to disk before it returns, so an event the stream has sent
        # (and a dispatcher's acknowledged action) survives a power cut; NORMAL (WAL) survives
        # only a process crash and may lose the last commits. The cost: docs/bench.md.
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self._add_missing_columns()
        self.conn.executescript(SCHEMA)

    def _add_missing_columns(self) -> None:
        for table, column, declaration in ADDED_COLUMNS:
            columns = {str(r[1]) for r in self.conn.execute(f"PRAGMA table_info({table})")}
            if columns and column not in columns:
                self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. Nested on the same thread, it joins the outer one: a caller
        that writes thousands of events at once (a fleet announcing its trips at start) pays
        for one commit, not thousands."""
        if getattr(self._local, "depth", 0):
            self._local.depth += 1
            try:
                yield self.conn
            finally:
                self._local.depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._local.depth = 1
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._local.depth = 0

    def execute(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(params))

    def one(self, sql: str, params: Iterable[Any] = ()) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.conn.execute(sql, tuple(params)).fetchone()
        return row

    def all(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    # ------------------------------------------------------------------ meta

    def get_meta(self, key: str) -> str | None:
        row = self.one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
