"""Each carrier's durable, hash-chained event log and its live subscribers.

Appending an event gives it the next ``seq``, chains it to its predecessor (SHA-256), writes it
to SQLite in the same transaction as its telemetry rows, applies it to the published fleet state
(the same reducer the console uses) and hands the encoded frame to every live subscriber.

Old telemetry bodies are compacted (the body is dropped, its digest and hashes stay), so the chain
stays verifiable forever while the database stays bounded. A client whose ``since`` points into
the compacted part must resync from the snapshot.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cloudsim.db import Database
from console.fleet import Changes, FleetState
from console.protocol import (
    GENESIS_HASH,
    TELEMETRY_TYPES,
    ChainLink,
    ChainVerification,
    EventBase,
    FiberEvent,
    PositionsEvent,
    body_digest,
    chain_hash,
    event_adapter,
    verify_links,
)

log = logging.getLogger(__name__)

#: Frames a subscriber may have queued before it is cut off as a slow consumer; it then resumes
#: from its last seq, so nothing is lost, only delayed.
SUBSCRIBER_QUEUE_FRAMES = 4000
#: Queue marker for an unlogged raw frame (see :meth:`CarrierLog.inject_raw_frame`).
RAW_FRAME_SEQ = -1


@dataclass(eq=False)
class Subscriber:
    """One live stream connection's mailbox: (seq, frame text) in seq order."""

    queue: asyncio.Queue[tuple[int, str]] = field(
        default_factory=lambda: asyncio.Queue(SUBSCRIBER_QUEUE_FRAMES)
    )
    overflowed: bool = False
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def offer(self, seq: int, text: str) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait((seq, text))
        except asyncio.QueueFull:
            self.overflowed = True
            self.wake.set()


def _alarm_id_of(event: Any) -> str | None:
    """The alarm an event belongs to (its audit trail), if any."""
    alarm_id = getattr(event, "alarm_id", None)
    if alarm_id is None:
        alarm = getattr(event, "alarm", None)
        # Driver messages and calls name their alarm inside the record they carry.
        record = getattr(event, "message", None) or getattr(event, "call", None)
        alarm_id = alarm.id if alarm is not None else getattr(record, "alarm_id", None)
    return None if alarm_id is None else str(alarm_id)


def _lock_id_of(event: Any, state: FleetState) -> str | None:
    lock_id = getattr(event, "lock_id", None)
    if lock_id is None:
        alarm = getattr(event, "alarm", None)
        if alarm is not None:
            return str(alarm.lock_id)
        # A trip names its trailer: filed under the trailer's lock, so a lock's history shows
        # the plans, departures and arrivals it was locked and unlocked for.
        trip = getattr(event, "trip", None)
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
        text = event.model_dump_json()
        etype = getattr(event, "type", "")
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO log (carrier_id, seq, ts, type, lock_id, alarm_id, body, "
                "body_digest, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self.carrier_id, seq, event.ts, etype, _lock_id_of(event, self.state),
                 _alarm_id_of(event), text, digest, event.prev_hash, event.hash),
            )
            if isinstance(event, PositionsEvent):
                conn.executemany(
                    "INSERT INTO positions (lock_id, ts, lat, lon, speed, heading) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    event.rows,
                )
            elif isinstance(event, FiberEvent):
                conn.executemany(
                    "INSERT INTO fiber (lock_id, ts, dbm, battery) VALUES (?, ?, ?, ?)",
                    event.rows,
                )
        self.head_seq = seq
        self.head_hash = event.hash
        changes = self.state.apply(event)
        if self.on_applied is not None:
            self.on_applied(event, changes)
        for sub in tuple(self.subscribers):
            sub.offer(seq, text)
        return event

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
