"""Each carrier's durable, hash-chained event log and its live subscribers.

Appending an event gives it the next ``seq``, chains it to its predecessor (SHA-256), writes it
to SQLite in the same transaction as its telemetry rows, applies it to the published fleet state
(the same reducer the console uses) and hands the encoded frame to every live subscriber.

Old telemetry bodies are compacted (the body is dropped, its digest and hashes stay), so the chain
stays verifiable forever while the database stays bounded. A client whose ``since`` points into
the compacted part must resync from the snapshot.

A subscriber's mailbox is bounded; one that overflows is not cut off: its connection drops the
mailbox, catches up from the log at its own pace and subscribes afresh. A connection may also
ask for fewer positions (:class:`PositionThinner`); the log itself is never thinned.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import heapq
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cloudsim.db import Database
from opticallock.fleet import Changes, FleetState
from opticallock.protocol import (
    GENESIS_HASH,
    MAX_POSITION_INTERVAL_S,
    TELEMETRY_TYPES,
    ChainLink,
    ChainVerification,
    EventBase,
    FiberEvent,
    PositionRow,
    PositionsEvent,
    body_digest,
    canonical_json,
    chain_hash,
    event_adapter,
    verify_links,
)

log = logging.getLogger(__name__)

#: Frames a subscriber may have queued before it overflows; its connection then catches up from
#: the log (nothing is lost, only read from the database instead of memory).
SUBSCRIBER_QUEUE_FRAMES = 4000
#: ... or characters of frame text: 4000 frames of 5000 rows would be over 1.5 GB.
SUBSCRIBER_QUEUE_CHARS = 64 * 1024 * 1024
#: Queue marker for an unlogged raw frame (see :meth:`CarrierLog.inject_raw_frame`).
RAW_FRAME_SEQ = -1
#: Queue marker that only wakes the connection (its client sent a request).
NUDGE_SEQ = -2

#: (seq, frame text, the PositionsEvent itself for a thinning subscriber, else None)
QueuedFrame = tuple[int, str, PositionsEvent | None]


@dataclass(eq=False)
class Subscriber:
    """One live stream connection's mailbox: frames in seq order.

    ``keep_positions`` (a thinning connection) queues positions events with their rows, so the
    connection thins them without parsing the text back. Once ``overflowed`` it takes nothing
    more: its connection catches up from the log and subscribes afresh.
    """

    queue: asyncio.Queue[QueuedFrame] = field(
        default_factory=lambda: asyncio.Queue(SUBSCRIBER_QUEUE_FRAMES)
    )
    overflowed: bool = False
    keep_positions: bool = False
    queued_chars: int = 0

    def offer(self, seq: int, text: str, event: PositionsEvent | None = None) -> None:
        if self.overflowed:
            return
        if self.queued_chars and self.queued_chars + len(text) > SUBSCRIBER_QUEUE_CHARS:
            self.overflowed = True
            return
        try:
            self.queue.put_nowait((seq, text, event if self.keep_positions else None))
        except asyncio.QueueFull:
            self.overflowed = True
            return
        self.queued_chars += len(text)

    def nudge(self) -> None:
        """Wake the connection waiting on :meth:`next` (a full queue wakes it anyway)."""
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait((NUDGE_SEQ, "", None))

    async def next(self, timeout: float) -> QueuedFrame:
        """The next queued frame; TimeoutError after ``timeout`` seconds without one."""
        # Not wait_for: on 3.11 it wraps each get in a task and can swallow a cancel that
        # races with a frame arriving (the session would then not stop).
        async with asyncio.timeout(timeout):
            item = await self.queue.get()
        self.queued_chars -= len(item[1])
        return item


class PositionThinner:
    """One connection's view of the positions: at most one fix per lock every ``interval_s``.

    Time is the data's own (each row's ts), so a replay is thinned like live data. A fix is
    sent when it is at least ``interval_s`` newer than the last fix of its lock sent on this
    connection (or more than ``interval_s`` older: a clock that jumped back). Otherwise it is
    held as the lock's pending fix, a newer one replacing it (latest wins), and rides on the
    first positions event whose ``ts`` is ``interval_s`` past the lock's last sent fix. So a
    lock that keeps reporting is never much more than one interval stale, and the last fix of
    one that stops is still delivered. No I/O: the stream feeds it rows and sends what it says.
    """

    def __init__(self, interval_s: float = 0.0) -> None:
        self.interval_s = 0.0
        self._last_sent: dict[str, float] = {}
        #: lock id -> its latest fix not sent yet
        self._pending: dict[str, Sequence[Any]] = {}
        #: (when the pending fix of a lock may go, lock id); stale entries are skipped
        self._due: list[tuple[float, str]] = []
        self.set_interval(interval_s)

    @property
    def active(self) -> bool:
        """Whether positions frames need :meth:`thin` (else they go out as logged)."""
        return self.interval_s > 0 or bool(self._pending)

    def set_interval(self, seconds: float) -> float:
        """Change the interval (clamped to [0, MAX_POSITION_INTERVAL_S]); returns it."""
        seconds = min(max(float(seconds), 0.0), MAX_POSITION_INTERVAL_S)
        self.interval_s = seconds
        if seconds > 0:
            self._due = [(self._last_sent[lock] + seconds, lock) for lock in self._pending]
            heapq.heapify(self._due)
        elif not self._pending:  # full rate; held fixes first go with the next positions event
            self._forget()
        return seconds

    def _forget(self) -> None:
        self._last_sent.clear()
        self._due.clear()

    def thin(self, ts: float, rows: Sequence[Sequence[Any]]) -> list[Sequence[Any]] | None:
        """The rows to send for one positions event stamped ``ts``, in log order per lock;
        None when that is every row and nothing else (send the event as logged)."""
        pending = self._pending
        n = self.interval_s
        if n <= 0:
            if not pending:
                return None
            held_back = list(pending.values())
            pending.clear()
            self._forget()
            held_back.extend(rows)
            return held_back
        last_sent = self._last_sent
        due = self._due
        out: list[Sequence[Any]] = []
        held = False
        for row in rows:
            lock = row[0]
            t = row[1]
            prev = last_sent.get(lock)
            if prev is None or t - prev >= n or t < prev - n:
                out.append(row)
                last_sent[lock] = t
                if pending:
                    pending.pop(lock, None)
            else:
                if lock not in pending:
                    heapq.heappush(due, (prev + n, lock))
                pending[lock] = row
                held = True
        flushed = False
        while due and due[0][0] <= ts:
            _, lock = heapq.heappop(due)
            fix = pending.get(lock)
            # A stale entry (its lock was sent since, maybe held again): the lock's newer entry
            # is still in the heap.
            if fix is not None and last_sent[lock] + n <= ts:
                del pending[lock]
                out.append(fix)
                last_sent[lock] = fix[1]
                flushed = True
        return out if held or flushed else None


def _alarm_id_of(event: Any) -> str | None:
    """The alarm an event belongs to (its audit trail), if any."""
    fields = vars(event)  # a model's fields, without pydantic's slow path for absent ones
    alarm_id = fields.get("alarm_id")
    if alarm_id is None:
        alarm = fields.get("alarm")
        # Driver messages and calls name their alarm inside the record they carry.
        record = fields.get("message") or fields.get("call")
        alarm_id = alarm.id if alarm is not None else getattr(record, "alarm_id", None)
    return None if alarm_id is None else str(alarm_id)


def _lock_id_of(event: Any, state: FleetState) -> str | None:
    fields = vars(event)
    lock_id = fields.get("lock_id")
    if lock_id is None:
        # An alarm, or an unlock request, names its lock.
        owner = fields.get("alarm") or fields.get("request")
        if owner is not None:
            return str(owner.lock_id)
        # A trip names its trailer: filed under the trailer's lock, so a lock's history shows
        # the plans, departures and arrivals it was locked and unlocked for.
        trip = fields.get("trip")
        trailer = state.trailers.get(trip.trailer_id) if trip is not None else None
        if trailer is not None:
            return str(trailer.lock_id)
    return None if lock_id is None else str(lock_id)


class CarrierLog:
    """The log, published state and subscribers of one carrier."""

    def __init__(self, db: Database, state: FleetState,
                 on_applied: Callable[[Any, Changes], None] | None = None) -> None:
        self.db = db
        self.state = state
        self.carrier_id = state.carrier.id
        self.subscribers: set[Subscriber] = set()
        self.on_applied = on_applied
        row = db.one(
            "SELECT seq, hash FROM log WHERE carrier_id = ? ORDER BY seq DESC LIMIT 1",
            (self.carrier_id,),
        )
        self.head_seq: int = 0 if row is None else int(row[0])
        self.head_hash: str = GENESIS_HASH if row is None else str(row[1])
        row = db.one(
            "SELECT MAX(seq) FROM log WHERE carrier_id = ? AND body IS NULL", (self.carrier_id,)
        )
        #: The oldest seq whose body (and everything after it) can still be replayed.
        self.replay_floor: int = 1 if row is None or row[0] is None else int(row[0]) + 1

    # ------------------------------------------------------------------ writing

    def append(self, event: EventBase, now: float) -> EventBase:
        """Log ``event`` (its seq/hashes are assigned here) and publish it."""
        seq = self.head_seq + 1
        event.seq = seq
        event.ts = event.ts or now
        event.prev_hash = self.head_hash
        event.hash = ""
        digest = body_digest(event)
        event.hash = chain_hash(self.head_hash, digest)
        self._commit(event, event.model_dump_json(), digest, history=True)
        return event

    def append_positions(self, batches: Sequence[list[PositionRow]]) -> list[PositionsEvent]:
        """Log consecutive positions events, one per batch of rows (each event's ts is its
        last row's), without the model round trip: the simulator's burst logs millions of rows.

        Each body is rendered once, with the canonical JSON of its rows, and serves both the
        digest and the log text, so the chain verifies as for :meth:`append`. One transaction
        writes them all; the rows are not copied to the positions history table. The state
        is brought to the last event by the reducer given each lock's latest fix of the run
        (the same state as applying every row, as nothing reads it in between), so a run must
        list each lock's fixes oldest first.
        """
        events: list[tuple[PositionsEvent, str]] = []
        records: list[tuple[Any, ...]] = []
        seq, prev_hash = self.head_seq, self.head_hash
        latest: dict[str, PositionRow] = {}
        for rows in batches:
            seq += 1
            ts = float(rows[-1][1])
            rows_json = canonical_json(rows)
            ts_json = json.dumps(ts)
            # canonical_json of the event without its hashes ("thinned" is never part of it)
            canonical = f'{{"rows":{rows_json},"seq":{seq},"ts":{ts_json},"type":"positions"}}'
            digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
            hsh = chain_hash(prev_hash, digest)
            text = (f'{{"seq":{seq},"ts":{ts_json},"prev_hash":"{prev_hash}","hash":"{hsh}",'
                    f'"type":"positions","rows":{rows_json}}}')
            event = PositionsEvent.model_construct(seq=seq, ts=ts, prev_hash=prev_hash,
                                                   hash=hsh, type="positions", rows=rows)
            events.append((event, text))
            records.append((self.carrier_id, seq, ts, "positions", None, None, text, digest,
                            prev_hash, hsh))
            prev_hash = hsh
            for row in rows:
                latest[row[0]] = row
        with self.db.transaction() as conn:
            conn.executemany(
                "INSERT INTO log (carrier_id, seq, ts, type, lock_id, alarm_id, body, "
                "body_digest, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", records)
        last = len(events) - 1
        for i, (event, text) in enumerate(events):
            self.head_seq = event.seq
            self.head_hash = event.hash
            applied = event.model_copy(update={"rows": list(latest.values()) if i == last else []})
            changes = self.state.apply(applied)
            if self.on_applied is not None:
                self.on_applied(applied, changes)
            for sub in tuple(self.subscribers):
                sub.offer(event.seq, text, event)
        return [event for event, _ in events]

    def _commit(self, event: EventBase, text: str, digest: str, *, history: bool) -> None:
        """Write a chained event, apply it to the published state and hand it to subscribers."""
        seq = event.seq
        etype = getattr(event, "type", "")
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO log (carrier_id, seq, ts, type, lock_id, alarm_id, body, "
                "body_digest, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self.carrier_id, seq, event.ts, etype, _lock_id_of(event, self.state),
                 _alarm_id_of(event), text, digest, event.prev_hash, event.hash),
            )
            if history and isinstance(event, PositionsEvent):
                conn.executemany(
                    "INSERT INTO positions (lock_id, ts, lat, lon, speed, heading) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    event.rows,
                )
            elif history and isinstance(event, FiberEvent):
                conn.executemany(
                    "INSERT INTO fiber (lock_id, ts, dbm, battery) VALUES (?, ?, ?, ?)",
                    event.rows,
                )
        self.head_seq = seq
        self.head_hash = event.hash
        changes = self.state.apply(event)
        if self.on_applied is not None:
            self.on_applied(event, changes)
        positions = event if isinstance(event, PositionsEvent) else None
        for sub in tuple(self.subscribers):
            sub.offer(seq, text, positions)

    # ------------------------------------------------------------------ reading

    def frames_after(self, after: int, limit: int) -> list[tuple[int, str]]:
        """Encoded events with seq > after, oldest first (raises if compacted away)."""
        if after + 1 < self.replay_floor:
            raise LookupError(after)
        rows = self.db.all(
            "SELECT seq, body FROM log WHERE carrier_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            (self.carrier_id, after, limit),
        )
        return [(int(s), str(b)) for s, b in rows]

    def frames_of_types(self, after: int, limit: int, types: Sequence[str]
                        ) -> list[tuple[int, str]]:
        """Encoded events of ``types`` with seq > after, oldest first (raises like
        :meth:`frames_after` if a telemetry type is asked for from its compacted part)."""
        if after + 1 < self.replay_floor and TELEMETRY_TYPES & set(types):
            raise LookupError(after)
        # One bounded index range per type, merged: never a sort of every match.
        part = ("SELECT seq, body FROM (SELECT seq, body FROM log WHERE carrier_id = ? AND "
                "type = ? AND seq > ? AND body IS NOT NULL ORDER BY seq LIMIT ?)")
        sql = " UNION ALL ".join(part for _ in types) + " ORDER BY seq LIMIT ?"
        params: list[Any] = []
        for etype in types:
            params += [self.carrier_id, etype, after, limit]
        rows = self.db.all(sql, [*params, limit])
        return [(int(s), str(b)) for s, b in rows]

    def seq_range(self, from_ts: float, to_ts: float) -> tuple[int | None, int | None]:
        """The first and last seq logged with a ts in [from_ts, to_ts) (None, None: none)."""
        row = self.db.one("SELECT MIN(seq), MAX(seq) FROM log WHERE carrier_id = ? "
                          "AND ts >= ? AND ts < ?", (self.carrier_id, from_ts, to_ts))
        if row is None or row[0] is None:
            return None, None
        return int(row[0]), int(row[1])

    def alarm_events(self, alarm_id: str) -> list[Any]:
        """Every logged event that names ``alarm_id``, oldest first (its audit trail)."""
        rows = self.db.all(
            "SELECT body FROM log WHERE carrier_id = ? AND alarm_id = ? AND body IS NOT NULL "
            "ORDER BY seq", (self.carrier_id, alarm_id))
        return [event_adapter.validate_json(r[0]) for r in rows]

    def events_after(self, after: int, limit: int) -> list[Any]:
        return [event_adapter.validate_json(text) for _, text in self.frames_after(after, limit)]

    def verify(self, from_seq: int, to_seq: int, include_links: bool = False) -> ChainVerification:
        """Recompute the chain over [from_seq, to_seq], bodies included where still held."""
        from_seq = max(1, from_seq)
        to_seq = min(to_seq, self.head_seq)
        rows = self.db.all(
            "SELECT seq, body, body_digest, prev_hash, hash FROM log "
            "WHERE carrier_id = ? AND seq BETWEEN ? AND ? ORDER BY seq",
            (self.carrier_id, from_seq, to_seq),
        )
        anchor_row = self.db.one(
            "SELECT hash FROM log WHERE carrier_id = ? AND seq = ?", (self.carrier_id, from_seq - 1)
        )
        anchor = GENESIS_HASH if from_seq == 1 else (None if anchor_row is None else anchor_row[0])
        links: list[ChainLink] = []
        bad: int | None = None
        for seq, body, digest, prev_hash, hsh in rows:
            if body is not None:
                try:
                    recomputed = body_digest(event_adapter.validate_json(body))
                except ValueError:
                    recomputed = ""  # an unreadable body is as bad as an edited one
                if recomputed != digest and bad is None:
                    bad = int(seq)
            links.append(ChainLink(seq=seq, prev_hash=prev_hash, body_digest=digest, hash=hsh))
        ok, first_bad = verify_links(links, anchor)
        if bad is not None and (first_bad is None or bad < first_bad):
            first_bad = bad
        ok = ok and bad is None and len(links) == max(0, to_seq - from_seq + 1)
        if first_bad is not None:
            message = f"chain broken at seq {first_bad}: an entry was altered or removed"
        elif not ok:
            message = "range is incomplete"
        else:
            message = f"{len(links)} entries verified, hashes chain from the anchor"
        return ChainVerification(
            ok=ok,
            from_seq=from_seq,
            to_seq=to_seq,
            checked=len(links),
            anchor_hash=anchor or "",
            head_hash=links[-1].hash if links else (anchor or ""),
            first_bad_seq=first_bad,
            message=message,
            links=links if include_links else [],
        )

    # ------------------------------------------------------------------ retention

    def compact_telemetry(self, before_ts: float | None = None,
                          through_seq: int | None = None) -> int:
        """Drop bodies of telemetry events older than ``before_ts`` (or up to ``through_seq``).

        Returns how many bodies were dropped. Digests and hashes stay, so the chain still
        verifies; streaming from before the new floor then requires a resync.
        """
        types = tuple(TELEMETRY_TYPES)
        marks = ",".join("?" for _ in types)
        where = f"carrier_id = ? AND body IS NOT NULL AND type IN ({marks})"
        params: list[Any] = [self.carrier_id, *types]
        if before_ts is not None:
            where += " AND ts < ?"
            params.append(before_ts)
        if through_seq is not None:
            where += " AND seq <= ?"
            params.append(through_seq)
        with self.db.transaction() as conn:
            cur = conn.execute(f"UPDATE log SET body = NULL WHERE {where}", params)
        row = self.db.one(
            "SELECT MAX(seq) FROM log WHERE carrier_id = ? AND body IS NULL", (self.carrier_id,)
        )
        if row is not None and row[0] is not None:
            self.replay_floor = int(row[0]) + 1
        return int(cur.rowcount)

    # ------------------------------------------------------------------ subscribers

    def subscribe(self) -> Subscriber:
        sub = Subscriber()
        self.subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        self.subscribers.discard(sub)

    def inject_raw_frame(self, text: str) -> None:
        """Send ``text`` as-is to every live subscriber, unlogged (fault-injection for tests:
        a client must count and survive a garbage frame)."""
        for sub in tuple(self.subscribers):
            sub.offer(RAW_FRAME_SEQ, text)
