"""Replaying a journal's rows onto its base, and the row a run of positions is kept as.

:class:`~console.link.journal.Journal` keeps every stream event as it came, except the
fleet's fixes: those go in as the runs the store applied (:data:`POSITIONS_RUN`, one row per
run, keyed by its first seq), since a backlog of a million fixes is a few rows of 10,000
rather than 400 frames of 150 kB. :func:`replay` applies the rows after the base in seq order:
a contiguous, well-formed stretch, a run whole or not at all (with the events it absorbed,
which keep rows of their own inside its span), a rejected seq stepped over in its place.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec

from opticallock.fleet import FleetState, PositionsRun
from opticallock.protocol import event_adapter
from opticallock.protocol.fastpath import PositionRow

log = logging.getLogger("console.link.journal")

#: The ``type`` of a row holding a run of positions (:class:`PositionsRun`) rather than one
#: event. The row's ``seq`` is the run's first; its body says the last.
POSITIONS_RUN = "positions_run"


class _RunRecord(msgspec.Struct, forbid_unknown_fields=True):
    """A positions run's row body: its span and chain hash, each lock's last fix, each lock's
    newest fix time when the rows were not in time order, and the seqs of the events it
    absorbed (journaled as rows of their own, inside the span)."""

    first_seq: int
    seq: int
    ts: float
    hash: str
    events: int
    fixes: int
    rows: list[PositionRow]
    newest: dict[str, float] | None = None
    others: list[int] = []


_run_encoder = msgspec.json.Encoder()
_run_decoder = msgspec.json.Decoder(_RunRecord)


def encode_run(run: PositionsRun) -> str:
    """The body of the row that keeps ``run``."""
    record = _RunRecord(first_seq=run.first_seq, seq=run.seq, ts=run.ts, hash=run.hash,
                        events=run.events, fixes=run.fixes, rows=list(run.latest.values()),
                        newest=run.newest, others=[event.seq for event in run.others])
    return _run_encoder.encode(record).decode()


def replay(state: FleetState, rows: Iterable[tuple[int, str, str]],
           rejected: dict[int, str | None], *, path: Path, stats: dict[str, int]) -> None:
    """Apply ``rows`` (seq, type, body, in seq order, after ``state.seq``) to ``state``.

    Stops at a seq gap, at an event that fails to apply, and before a run one of whose
    absorbed events is missing; a torn row is skipped (counted in ``stats["corrupt_rows"]``),
    so that the next one is a gap. A seq in ``rejected`` (seq -> chain hash) is stepped over.
    """
    def step_over_rejected() -> None:
        while state.seq + 1 in rejected:
            state.skip(state.seq + 1, rejected[state.seq + 1])

    #: A run of positions read, with the seqs of the events it absorbed still to come (each
    #: journaled on its own, inside the run's span): applied once they are all read.
    pending: PositionsRun | None = None
    awaited: list[int] = []
    for seq, etype, body in rows:
        if pending is not None:
            if seq != awaited[0]:
                log.warning("journal %s: restore stops at seq %d (event %d of the run of "
                            "positions %d-%d is missing)", path, state.seq, awaited[0],
                            pending.first_seq, pending.seq)
                return
            event = _decode_event(seq, body, path, stats)
            if event is None:
                return
            pending.others.append(event)
            del awaited[0]
            if not awaited:
                if not _apply(state, pending, path):
                    return
                pending = None
            continue
        step_over_rejected()
        if seq <= state.seq:  # rejected live, so skipped here too, even if journaled
            continue
        if seq != state.seq + 1:
            log.warning("journal %s: restore stops at seq %d (next journaled is %d)",
                        path, state.seq, seq)
            return
        if etype == POSITIONS_RUN:
            decoded = _decode_run(seq, body, path, stats)
            if decoded is None:
                continue  # torn: the next row is then a gap and the replay stops there
            run, awaited = decoded
            if awaited:
                pending = run
            elif not _apply(state, run, path):
                return
            continue
        event = _decode_event(seq, body, path, stats)
        if event is None:
            continue
        if not _apply(state, event, path):
            return
    if pending is not None:
        log.warning("journal %s: restore stops at seq %d (the run of positions %d-%d lacks "
                    "event %d)", path, state.seq, pending.first_seq, pending.seq, awaited[0])
        return
    step_over_rejected()


def _decode_event(seq: int, body: str, path: Path, stats: dict[str, int]) -> Any | None:
    """The event a row holds, or None (counted, logged): a torn write."""
    try:
        event = event_adapter.validate_json(body)
        if event.seq != seq:
            raise ValueError(f"row {seq} holds event {event.seq}")
    except ValueError as exc:
        stats["corrupt_rows"] += 1
        log.warning("journal %s: skipping unreadable event %d (%s)", path, seq, short(exc))
        return None
    return event


def _decode_run(seq: int, body: str, path: Path, stats: dict[str, int]
                ) -> tuple[PositionsRun, list[int]] | None:
    """The run of positions a row holds (its absorbed events still to add) and the seqs of
    those events, in order; or None (counted, logged): a torn write."""
    try:
        record = _run_decoder.decode(body)
        if record.first_seq != seq:
            raise ValueError(f"row {seq} holds the run from {record.first_seq}")
        if any(not seq < other <= record.seq for other in record.others):
            raise ValueError("a run's absorbed events must lie inside its span")
        run = PositionsRun.restored(
            first_seq=record.first_seq, seq=record.seq, ts=record.ts, hash=record.hash,
            events=record.events, fixes=record.fixes,
            latest={row[0]: row for row in record.rows}, newest=record.newest, others=[])
    except (ValueError, msgspec.DecodeError) as exc:
        stats["corrupt_rows"] += 1
        log.warning("journal %s: skipping unreadable run of positions %d (%s)",
                    path, seq, short(exc))
        return None
    return run, sorted(record.others)


def _apply(state: FleetState, item: Any, path: Path) -> bool:
    """Apply an event or a run; False (logged) if it fails: the replay stops there."""
    try:
        if isinstance(item, PositionsRun):
            state.apply_run(item)
        else:
            state.apply(item)
    except Exception as exc:  # a bad journal must not stop the console
        log.warning("journal %s: restore stops at seq %d: event %d failed to apply (%s)",
                    path, state.seq, item.seq, short(exc))
        return False
    return True


def short(exc: Exception) -> str:
    """An error's message on one line, at most 200 characters, for the log."""
    return " ".join(str(exc).split())[:200]


__all__ = ["POSITIONS_RUN", "encode_run", "replay", "short"]
