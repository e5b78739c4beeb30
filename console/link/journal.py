"""The local event journal: recent stream events and a base snapshot, in one SQLite file.

After a restart or a crash the console rebuilds its fleet from the journal at once (the last
saved snapshot plus the events journaled after it) and resumes the stream from that seq, instead
of waiting for a full snapshot and losing the history the dispatcher was looking at.

The fleet's fixes are kept as the runs the store applied, one row each, and only until the next
checkpoint, whose base holds them; :mod:`console.link.journal_replay` has the row a run is kept
as and the replay of the rows after the base.

The UI thread only enqueues: one writer thread owns the writing connection and commits queued
work in batches, one transaction per batch, and prunes by the :class:`Retention` policy. Reads
(:meth:`Journal.restore`, :meth:`Journal.recent`) use a second connection, which WAL lets read
while the writer writes.

A damaged file never fails every start: the open's quick check (console/link/storage.py), or a
read error during :meth:`Journal.restore`, sets the file aside and rebuilds a fresh one, the
console starts from the server, and :attr:`Journal.damage` says what happened (the owner tells
the dispatcher with :func:`damage_notice`). Events the console could not decode are kept in
``rejected`` and stepped over by restore; events of a log the server no longer has (a fork) are
kept in ``set_aside``.

Nothing secret is ever handed to the journal: it stores event frames and fleet snapshots, which
hold no tokens or passwords (those live in the OS keyring, see console/link/credentials.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import queue
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QCoreApplication

from console.link.diagnostics import RejectedEvent
from console.link.journal_replay import POSITIONS_RUN, encode_run, replay, short
from console.link.storage import SetAside, is_corrupt, move_aside, open_moving_corrupt_aside
from opticallock.fleet import FleetState, PositionsRun
from opticallock.protocol import TELEMETRY_TYPES, FleetSnapshot, event_adapter

log = logging.getLogger(__name__)

#: 2 added ``rejected`` and ``set_aside`` (CREATE ... IF NOT EXISTS: version 1 files just gain
#: them, their events and base kept).
SCHEMA_VERSION = 2
_SCHEMA = """
-- One row per event as it came, except the fleet's fixes: a row of type 'positions_run' is a
-- run of them as the store applied it, keyed by its first seq (POSITIONS_RUN below).
CREATE TABLE IF NOT EXISTS events (
    seq     INTEGER PRIMARY KEY,
    ts      REAL    NOT NULL,
    type    TEXT    NOT NULL,
    lock_id TEXT,
    body    TEXT    NOT NULL
);
-- Rows with big bodies spread over many pages: these small covering indexes keep retention and
-- history queries from scanning the table itself (events_seq duplicates the rowid on purpose).
CREATE INDEX IF NOT EXISTS events_seq ON events (seq);
CREATE INDEX IF NOT EXISTS events_ts ON events (ts);
CREATE INDEX IF NOT EXISTS events_type_seq ON events (type, seq);
CREATE INDEX IF NOT EXISTS events_lock_seq ON events (lock_id, seq) WHERE lock_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS base (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    seq      INTEGER NOT NULL,
    saved_at REAL    NOT NULL,
    body     TEXT    NOT NULL
);
-- Events the console could not decode, skipped with their seq (and chain hash) advanced.
CREATE TABLE IF NOT EXISTS rejected (
    seq    INTEGER PRIMARY KEY,
    type   TEXT,
    reason TEXT,
    raw    TEXT,
    hash   TEXT,
    at     REAL
);
-- What this console had seen of a log the server no longer has (a fork), kept for a post-mortem.
CREATE TABLE IF NOT EXISTS set_aside (
    seq    INTEGER,
    type   TEXT,
    body   TEXT,
    reason TEXT,
    at     REAL
);
"""
#: Most queued operations committed in one transaction.
_MAX_BATCH = 2000
_UNSAFE_CHARS = re.compile(r"[^a-z0-9._-]+")


@dataclass(frozen=True)
class Retention:
    """How much history the journal keeps; both limits apply."""

    #: Keep at most this many events (the newest by seq).
    max_events: int = 200_000
    #: And none older than this, judged by the event's own ts against the local clock.
    max_age_s: float = 7 * 86400


# ------------------------------------------------------------------ queued work for the writer


@dataclass(slots=True)
class _Append:
    seq: int
    ts: float
    etype: str
    text: str


@dataclass(slots=True)
class _Base:
    seq: int
    saved_at: float
    body: str
    #: "all": drop every event (server reset); "through": drop seq <= seq; None: keep events.
    drop: str | None


@dataclass(slots=True)
class _TruncateAfter:
    seq: int


@dataclass(slots=True)
class _Reject:
    seq: int
    etype: str | None
    reason: str
    raw: str
    chain_hash: str | None
    at: float


@dataclass(slots=True)
class _SetAsideEvents:
    reason: str
    at: float


@dataclass(slots=True)
class _Rebuild:
    """Move the damaged file aside and start a fresh one (the reader is closed meanwhile)."""

    reason: str
    done: threading.Event
    result: list[SetAside]


@dataclass(slots=True)
class _Flush:
    done: threading.Event


class _Stop:
    pass


_Work = _Append | _Base | _TruncateAfter | _Reject | _SetAsideEvents
_Op = _Work | _Rebuild | _Flush | _Stop


class Journal:
    """Journal of one account on one server (the caller picks the file path per server+carrier).

    Call :meth:`restore` once at start, before any :meth:`append`. If the file cannot be opened
    even after moving a corrupt one aside, the journal runs disabled (``available`` is False):
    writes are dropped and reads find nothing, so the console still starts. A damaged file set
    aside at open or during :meth:`restore` is described by :attr:`damage`.
    """

    def __init__(self, path: Path, retention: Retention = Retention(), *,
                 clock: Callable[[], float] = time.time, prune_every: int = 1000,
                 prune_interval_s: float = 60.0) -> None:
        self.path = Path(path)
        self.retention = retention
        self.stats: dict[str, int] = {
            "events_written": 0, "write_errors": 0, "pruned": 0, "dropped": 0, "corrupt_rows": 0,
        }
        self._clock = clock
        self._prune_every = max(1, prune_every)
        self._prune_interval_s = prune_interval_s
        self._queue: queue.SimpleQueue[_Op] = queue.SimpleQueue()
        self._seq_lock = threading.Lock()
        self._read_lock = threading.Lock()
        self._closed = False
        self._last_seq = 0
        #: Rows (events and rejected) handed to the writer / written by it: their difference is
        #: what is still queued, counted by set_aside_events() without waiting for the writer.
        self._rows_queued = 0
        self._rows_done = 0
        self._count_lock = threading.Lock()
        self._damage: SetAside | None = None
        self._reader: sqlite3.Connection | None = None
        self._writer: threading.Thread | None = None
        try:
            self._reader = self._open_reader()
        except (sqlite3.Error, OSError) as exc:
            log.error("journal %s cannot be opened (%s): running without a journal",
                      self.path, exc)
            return
        self._writer = threading.Thread(target=self._run, name="journal-writer", daemon=True)
        self._writer.start()

    @property
    def available(self) -> bool:
        """False when the file could not be opened: the console runs without history."""
        return self._writer is not None

    @property
    def damage(self) -> SetAside | None:
        """The damaged file this journal set aside and rebuilt in this run (at open or during
        :meth:`restore`), or None: what the owner tells the dispatcher (:func:`damage_notice`)."""
        return self._damage

    @staticmethod
    def path_for(data_dir: Path, server_url: str, carrier_id: str) -> Path:
        """Where the journal of ``carrier_id`` on ``server_url`` lives.

        Readable enough to find by hand, safe on every filesystem (no ':' or '/', lower case, so
        case-insensitive filesystems cannot merge two journals), and distinct per server: the
        slug carries a hash of the normalised URL, and the carrier part a hash whenever making it
        safe changed it.
        """
        url = _normalise_url(server_url)
        parts = urlsplit(url)
        readable = _UNSAFE_CHARS.sub("_", f"{parts.netloc}{parts.path}".lower()).strip("._-")
        slug = f"{readable[:48] or 'server'}-{_short_hash(url, 12)}"
        carrier = _UNSAFE_CHARS.sub("_", carrier_id.lower()).strip("._-")[:40] or "carrier"
        if carrier != carrier_id:
            carrier = f"{carrier}~{_short_hash(carrier_id, 8)}"
        return Path(data_dir) / "journal" / f"{slug}-{carrier}.sqlite"

    # ------------------------------------------------------------------ reading

    def restore(self) -> FleetState | None:
        """The fleet as it was when the console stopped: the base plus the events after it.

        Replays only a contiguous run of well-formed events: a torn or unparsable row, a seq gap,
        or a read error ends the replay there (the stream backfills the rest). A seq held in
        ``rejected`` is part of the run: it is stepped over (:meth:`FleetState.skip`), as the
        console did when it rejected it. Rows beyond that point are dropped so that the journal,
        ``last_seq()`` and the state agree. None when there is no usable base.

        A damaged page met on the way (one the open's quick check did not see) sets the file
        aside and rebuilds it (see :attr:`damage`) and returns None: the console starts from
        the server, and the next start finds a sound file. Never raises.
        """
        if self._reader is None:
            return None
        state: FleetState | None = None
        try:
            with self._read_transaction() as db:
                row = db.execute("SELECT seq, body FROM base WHERE id = 1").fetchone()
                if row is None:
                    return None
                try:
                    state = FleetState.from_snapshot(
                        FleetSnapshot.model_validate_json(row[1]), adopt=True)
                except ValueError as exc:
                    log.warning("journal %s: saved snapshot unreadable (%s): not restoring",
                                self.path, short(exc))
                    return None
                self._replay(db, state)
        except sqlite3.Error as exc:
            if is_corrupt(exc):
                self._rebuild(f"read failed during restore: {exc}")
                return None
            log.warning("journal %s: read failed during restore (%s)", self.path, exc)
            if state is None:
                return None
        with self._seq_lock:
            self._last_seq = state.seq
        self._put(_TruncateAfter(state.seq))
        return state

    def _replay(self, db: sqlite3.Connection, state: FleetState) -> None:
        rejected: dict[int, str | None] = dict(db.execute(
            "SELECT seq, hash FROM rejected WHERE seq > ?", (state.seq,)).fetchall())
        rows = db.execute("SELECT seq, type, body FROM events WHERE seq > ? ORDER BY seq",
                          (state.seq,))
        replay(state, rows, rejected, path=self.path, stats=self.stats)

    def rejected(self, limit: int = 500) -> list[RejectedEvent]:
        """The most recent rejected events (newest last), for the diagnostics view. Only what
        the writer has committed is seen."""
        if self._reader is None or limit <= 0:
            return []
        try:
            with self._read_transaction() as db:
                rows = db.execute("SELECT at, seq, type, reason, raw FROM rejected "
                                  "ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
        except sqlite3.Error as exc:
            log.warning("journal %s: reading rejected events failed (%s)", self.path, exc)
            return []
        return [RejectedEvent(at=at or 0.0, seq=seq, type=etype, reason=reason or "",
                              raw=raw or "", source="journal")
                for at, seq, etype, reason, raw in reversed(rows)]

    def set_aside_count(self) -> int:
        """How many rows :meth:`set_aside_events` has kept so far (committed ones)."""
        if self._reader is None:
            return 0
        try:
            with self._read_transaction() as db:
                return int(db.execute("SELECT count(*) FROM set_aside").fetchone()[0])
        except sqlite3.Error as exc:
            log.warning("journal %s: counting set-aside events failed (%s)", self.path, exc)
            return 0

    def recent(self, types: set[str] | None = None, lock_id: str | None = None,
               limit: int = 500) -> list[Any]:
        """The most recent journaled events, newest last, to show history at once after start.

        ``types`` keeps only those event types; ``lock_id`` only events about that lock (its
        ``lock_id``, or its alarm's). Only what the writer has committed is seen: call
        :meth:`flush` first when that matters. Unreadable rows are skipped.
        """
        if self._reader is None or limit <= 0 or (types is not None and not types):
            return []
        where: list[str] = []
        args: list[Any] = []
        if types is not None:
            where.append(f"type IN ({','.join('?' * len(types))})")
            args.extend(sorted(types))
        else:  # events only: a run of positions is the store's fold of them, not an event
            where.append("type != ?")
            args.append(POSITIONS_RUN)
        if lock_id is not None:
            where.append("lock_id = ?")
            args.append(lock_id)
        # Pick the seqs from the indexes first, then read only those bodies (they can be big).
        chosen = "SELECT seq FROM events"
        if where:
            chosen += " WHERE " + " AND ".join(where)
        chosen += " ORDER BY seq DESC LIMIT ?"
        args.append(limit)
        sql = f"SELECT seq, body FROM events WHERE seq IN ({chosen}) ORDER BY seq"
        try:
            with self._read_transaction() as db:
                rows = db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            log.warning("journal %s: reading recent events failed (%s)", self.path, exc)
            return []
        events: list[Any] = []
        for seq, body in rows:
            try:
                events.append(event_adapter.validate_json(body))
            except ValueError as exc:
                log.warning("journal %s: skipping unreadable event %d (%s)",
                            self.path, seq, short(exc))
        return events

    def last_seq(self) -> int:
        """The seq the stream should resume after: the newest handed in, not necessarily written."""
        with self._seq_lock:
            return self._last_seq

    # ------------------------------------------------------------------ writing (enqueue only)

    def reset(self, snapshot: FleetSnapshot) -> None:
        """Make ``snapshot`` the new base (after sign-in or a resync).

        Events it already contains go. A snapshot older than what the journal holds means the
        server's log was reset: all journaled events belong to the old log and go too.
        """
        body = snapshot.model_dump_json()
        with self._seq_lock:
            drop = "all" if snapshot.seq < self._last_seq else "through"
            self._last_seq = snapshot.seq
        self._put(_Base(snapshot.seq, self._clock(), body, drop))

    def append(self, seq: int, ts: float, etype: str, text: str) -> None:
        """Journal one applied event, ``text`` being its frame as received. Never blocks."""
        with self._seq_lock:
            self._last_seq = max(self._last_seq, seq)
            self._put_row(_Append(seq, ts, etype, text))

    def append_run(self, run: PositionsRun) -> None:
        """Journal a run of positions the store applied as one (see :data:`POSITIONS_RUN`); the
        events it absorbed are journaled on their own, as they came. Never blocks."""
        text = encode_run(run)
        with self._seq_lock:
            self._last_seq = max(self._last_seq, run.seq)
            self._put_row(_Append(run.first_seq, run.ts, POSITIONS_RUN, text))

    def record_rejected(self, seq: int, etype: str | None, reason: str, raw: str,
                        chain_hash: str | None) -> None:
        """Keep an event the console could not decode and stepped over (its seq advanced), so
        that restore steps over it too instead of stopping there. Never blocks."""
        with self._seq_lock:
            self._last_seq = max(self._last_seq, seq)
            self._put_row(_Reject(seq, etype, reason, raw, chain_hash, self._clock()))

    def set_aside_events(self, reason: str) -> int:
        """Move every journaled event (and rejected one) into ``set_aside``, with ``reason``:
        the record of what this console had seen of a log the server no longer has. The next
        base written (the snapshot reload) then starts the journal afresh.

        Queued like the rest (:meth:`flush` waits for it); returns how many rows it moves: those
        committed plus those still queued when called (an event written twice counts twice).
        """
        with self._seq_lock, self._count_lock:
            if self._closed or self._writer is None:
                return 0
            try:
                with self._read_transaction() as db:
                    held = sum(int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                               for table in ("events", "rejected"))
            except sqlite3.Error as exc:
                log.warning("journal %s: counting events failed (%s)", self.path, exc)
                held = 0
            held += self._rows_queued - self._rows_done
            self._put(_SetAsideEvents(reason, self._clock()))
        return held

    def checkpoint(self, state: FleetState) -> None:
        """Save ``state`` as the new base so that restore() replays few events.

        Serialised here, on the caller's thread, because the state keeps changing in place after
        this returns. Events stay for history until retention drops them.
        """
        body = state.snapshot(self._clock()).model_dump_json()
        with self._seq_lock:
            self._last_seq = max(self._last_seq, state.seq)
        self._put(_Base(state.seq, self._clock(), body, None))

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until everything enqueued so far is committed; TimeoutError if it takes longer."""
        if self._writer is None or not self._writer.is_alive():
            return
        done = threading.Event()
        self._queue.put(_Flush(done))
        if not done.wait(timeout):
            raise TimeoutError(f"journal writer did not catch up within {timeout} s")

    def close(self) -> None:
        """Write what is queued, stop the writer and close the files. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if self._writer is not None:
            self._queue.put(_Stop())
            self._writer.join()
        if self._reader is not None:
            with self._read_lock:
                self._reader.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _put(self, op: _Op) -> bool:
        if self._closed or self._writer is None:
            self.stats["dropped"] += 1
            return False
        self._queue.put(op)
        return True

    def _put_row(self, op: _Append | _Reject) -> None:
        """Queue an op that writes one row; the caller holds ``_seq_lock``."""
        if self._put(op):
            self._rows_queued += 1

    def _rebuild(self, reason: str) -> None:
        """Set the damaged file aside and start a fresh one; the console goes on from the server.

        Called on restore's thread: the reader is closed here, the writer moves the file (it
        owns the other connection) and opens the fresh one, then the reader reopens.
        """
        log.error("journal %s is damaged (%s): setting it aside, the fleet is reloaded from the "
                  "server", self.path, reason)
        with self._read_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
        rebuild = _Rebuild(reason, threading.Event(), [])
        if not self._put(rebuild) or not rebuild.done.wait(30.0) or not rebuild.result:
            log.error("journal %s: could not be rebuilt: running without a journal", self.path)
            self._closed = True  # later writes are dropped, not queued for a dead writer
            return
        self._damage = rebuild.result[0]
        try:
            self._reader = self._create()
        except (sqlite3.Error, OSError) as exc:
            log.error("journal %s: the fresh file cannot be opened (%s): reads find nothing",
                      self.path, exc)
            return
        with self._seq_lock:
            self._last_seq = 0

    # ------------------------------------------------------------------ files

    def _open_reader(self) -> sqlite3.Connection:
        """Create the file and schema, moving a corrupt file aside once, and return the reader."""
        return open_moving_corrupt_aside(
            self.path, self._create, what="journal", logger=log, level=logging.ERROR,
            lost="the fleet is reloaded from the server", on_set_aside=self._set_damage)

    def _set_damage(self, report: SetAside) -> None:
        self._damage = report

    @staticmethod
    def _init_schema(db: sqlite3.Connection) -> None:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _create(self) -> sqlite3.Connection:
        db = self._connect(check_same_thread=False)
        try:
            self._init_schema(db)
            # Reading the tables here also finds a corrupt file while it can still be moved aside.
            events = db.execute("SELECT max(seq) FROM events").fetchone()[0]
            # A run's row is keyed by its first seq: the newest one says where it ended.
            run_end = db.execute("SELECT CASE WHEN json_valid(body) THEN "
                                 "json_extract(body, '$.seq') END FROM events WHERE type = ? "
                                 "ORDER BY seq DESC LIMIT 1", (POSITIONS_RUN,)).fetchone()
            if run_end is not None and isinstance(run_end[0], int):
                events = max(events or 0, run_end[0])
            rejected = db.execute("SELECT max(seq) FROM rejected").fetchone()[0]
            base = db.execute("SELECT seq FROM base WHERE id = 1").fetchone()
            self._last_seq = max(events or 0, rejected or 0, base[0] if base else 0)
            db.execute("PRAGMA query_only=1")
        except BaseException:
            db.close()
            raise
        with contextlib.suppress(OSError):
            os.chmod(self.path, 0o600)  # fleet data is not secret but is nobody else's business
        return db

    def _connect(self, check_same_thread: bool = True) -> sqlite3.Connection:
        # Autocommit mode: transactions are explicit (BEGIN ... COMMIT) in both connections.
        db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None,
                             check_same_thread=check_same_thread)
        db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a crash loses a batch, not the file
        return db

    @contextlib.contextmanager
    def _read_transaction(self) -> Iterator[sqlite3.Connection]:
        """One consistent view for several SELECTs, even while the writer prunes."""
        assert self._reader is not None
        with self._read_lock:
            db = self._reader
            db.execute("BEGIN")
            try:
                yield db
            finally:
                db.execute("COMMIT")

    # ------------------------------------------------------------------ the writer thread

    def _run(self) -> None:
        try:
            db = self._connect()
        except sqlite3.Error as exc:
            log.error("journal %s: writer cannot open the file (%s): journal disabled",
                      self.path, exc)
            self._closed = True
            self._release_waiters()
            return
        since_prune = 0
        last_prune = self._clock()
        try:
            self._prune(db)
            while True:
                try:
                    batch = [self._queue.get(timeout=self._prune_interval_s)]
                except queue.Empty:
                    batch = []
                while batch and len(batch) < _MAX_BATCH:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                work: list[_Work] = []
                for op in batch:
                    if isinstance(op, _Rebuild):
                        self._write(db, work)  # what came before goes to the damaged file
                        work = []
                        db = self._rebuild_file(db, op)
                    elif not isinstance(op, _Flush | _Stop):
                        work.append(op)
                self._write(db, work)
                since_prune += sum(isinstance(op, _Append | _Reject) for op in work)
                now = self._clock()
                if since_prune >= self._prune_every or now - last_prune >= self._prune_interval_s:
                    self._prune(db)
                    since_prune, last_prune = 0, now
                for op in batch:
                    if isinstance(op, _Flush):
                        op.done.set()
                if any(isinstance(op, _Stop) for op in batch):
                    return
        finally:
            db.close()
            self._release_waiters()

    def _rebuild_file(self, db: sqlite3.Connection, op: _Rebuild) -> sqlite3.Connection:
        """Close, move the damaged file aside, open a fresh one (the writer's side of
        :meth:`_rebuild`)."""
        try:
            db.close()
            aside = move_aside(self.path)
            fresh = self._connect()
            try:
                self._init_schema(fresh)
            except BaseException:
                fresh.close()
                raise
            with contextlib.suppress(OSError):
                os.chmod(self.path, 0o600)
            op.result.append(SetAside("journal", self.path, aside, op.reason, 0, None))
            return fresh
        finally:
            op.done.set()

    def _release_waiters(self) -> None:
        """Nobody may wait forever on a flush queued behind the stop."""
        while True:
            try:
                op = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(op, _Flush):
                op.done.set()

    def _write(self, db: sqlite3.Connection, work: list[_Work]) -> None:
        """Commit ``work`` in one transaction; if that fails, op by op, so one bad op costs one."""
        if not work:
            return
        try:
            self._transaction(db, work)
        except Exception as exc:  # the writer must survive anything
            log.warning("journal %s: batch of %d failed (%s): retrying one by one",
                        self.path, len(work), exc)
            for op in work:
                try:
                    self._transaction(db, [op])
                except Exception as exc2:
                    self.stats["write_errors"] += 1
                    log.warning("journal %s: write failed (%s)", self.path, exc2)
                    if isinstance(op, _Append | _Reject):
                        with self._count_lock:
                            self._rows_done += 1

    def _transaction(self, db: sqlite3.Connection, work: list[_Work]) -> None:
        written = 0
        rows = 0
        db.execute("BEGIN IMMEDIATE")
        try:
            for op in work:
                if isinstance(op, _Append):
                    db.execute("INSERT OR REPLACE INTO events (seq, ts, type, lock_id, body) "
                               "VALUES (?, ?, ?, ?, ?)",
                               (op.seq, op.ts, op.etype, _lock_id_of(op.etype, op.text), op.text))
                    written += 1
                    rows += 1
                elif isinstance(op, _Reject):
                    db.execute("INSERT OR REPLACE INTO rejected (seq, type, reason, raw, hash, at) "
                               "VALUES (?, ?, ?, ?, ?, ?)",
                               (op.seq, op.etype, op.reason, op.raw, op.chain_hash, op.at))
                    rows += 1
                elif isinstance(op, _Base):
                    if op.drop == "all":
                        db.execute("DELETE FROM events")
                        db.execute("DELETE FROM rejected")
                    elif op.drop == "through":
                        # Rejected rows stay: the diagnostics view lists them until retention.
                        db.execute("DELETE FROM events WHERE seq <= ?", (op.seq,))
                    else:
                        # A checkpoint: the base holds where every trailer is, so the fixes
                        # before it (only ever replayed onto an older base) go; at 10,000
                        # trailers they are 600 kB a second. Every other event stays for
                        # history until retention drops it.
                        db.execute("DELETE FROM events WHERE type IN (?, ?) AND seq <= ?",
                                   ("positions", POSITIONS_RUN, op.seq))
                    db.execute("INSERT OR REPLACE INTO base (id, seq, saved_at, body) "
                               "VALUES (1, ?, ?, ?)", (op.seq, op.saved_at, op.body))
                elif isinstance(op, _SetAsideEvents):
                    db.execute("INSERT INTO set_aside (seq, type, body, reason, at) "
                               "SELECT seq, type, body, ?, ? FROM events ORDER BY seq",
                               (op.reason, op.at))
                    db.execute("INSERT INTO set_aside (seq, type, body, reason, at) "
                               "SELECT seq, type, raw, ? || ' (rejected: ' || "
                               "coalesce(reason, '') || ')', ? FROM rejected ORDER BY seq",
                               (op.reason, op.at))
                    db.execute("DELETE FROM events")
                    db.execute("DELETE FROM rejected")
                else:
                    db.execute("DELETE FROM events WHERE seq > ?", (op.seq,))
                    db.execute("DELETE FROM rejected WHERE seq > ?", (op.seq,))
            # Under the count lock, so that set_aside_events() never sees a row both committed
            # and still queued.
            with self._count_lock:
                db.execute("COMMIT")
                self._rows_done += rows
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        self.stats["events_written"] += written

    def _prune(self, db: sqlite3.Connection) -> None:
        """Apply the retention policy: age first, then count (newest events are kept)."""
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                cutoff = self._clock() - self.retention.max_age_s
                pruned = db.execute("DELETE FROM events WHERE ts < ?", (cutoff,)).rowcount
                pruned += db.execute(
                    "DELETE FROM events WHERE seq <= "
                    "(SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET ?)",
                    (max(0, self.retention.max_events),),
                ).rowcount
                # Rejected and set-aside rows by the same limits, judged by when they were
                # kept (a rejected event's own ts may not be readable).
                keep = max(0, self.retention.max_events)
                pruned += db.execute("DELETE FROM rejected WHERE at < ?", (cutoff,)).rowcount
                pruned += db.execute(
                    "DELETE FROM rejected WHERE seq <= "
                    "(SELECT seq FROM rejected ORDER BY seq DESC LIMIT 1 OFFSET ?)",
                    (keep,)).rowcount
                db.execute("DELETE FROM set_aside WHERE at < ?", (cutoff,))
                db.execute("DELETE FROM set_aside WHERE rowid <= "
                           "(SELECT rowid FROM set_aside ORDER BY rowid DESC LIMIT 1 OFFSET ?)",
                           (keep,))
                with self._count_lock:
                    db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self.stats["write_errors"] += 1
            log.warning("journal %s: pruning failed (%s)", self.path, exc)
            return
        if pruned:
            self.stats["pruned"] += pruned
            log.debug("journal %s: pruned %d events", self.path, pruned)


def damage_notice(report: SetAside) -> tuple[str, str]:
    """The dispatcher's title and text for a journal that was damaged and set aside."""
    return (QCoreApplication.translate("Journal", "Local journal damaged"),
            QCoreApplication.translate(
                "Journal",
                "The local journal was damaged and set aside as {aside}; the fleet is reloaded "
                "from the server; nothing the server holds is lost.").format(aside=report.aside))


def _lock_id_of(etype: str, text: str) -> str | None:
    """The lock an event is about, for recent(lock_id=...); telemetry batches are about many."""
    if etype in TELEMETRY_TYPES or etype == POSITIONS_RUN:
        return None
    try:
        body = json.loads(text)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    lock_id = body.get("lock_id")
    if lock_id is None and isinstance(body.get("alarm"), dict):
        lock_id = body["alarm"].get("lock_id")
    return lock_id if isinstance(lock_id, str) else None


def _normalise_url(url: str) -> str:
    """One spelling per server: scheme and host are case-insensitive, a trailing '/' is noise.

    Any ``user:password@`` is dropped: it must never end up in a file name.
    """
    parts = urlsplit(url.strip())
    host = parts.netloc.rpartition("@")[2].lower()
    return urlunsplit((parts.scheme.lower(), host, parts.path.rstrip("/"), parts.query, ""))


def _short_hash(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


