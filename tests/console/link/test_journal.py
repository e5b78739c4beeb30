"""The local event journal: restore after restart, checkpoints, retention, resets, bad files."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from console.link.journal import Journal, Retention
from opticallock.fleet import FleetState, PositionsRun
from opticallock.protocol import (
    Alarm,
    AlarmAcknowledgedEvent,
    AlarmPriority,
    AlarmRaisedEvent,
    AlarmResolvedEvent,
    AlarmState,
    AlarmType,
    Carrier,
    Driver,
    DriverAppEvent,
    FiberEvent,
    FleetSnapshot,
    GeofenceEnterEvent,
    GpsLostEvent,
    Language,
    Lock,
    LockState,
    LockStateEvent,
    Position,
    PositionsEvent,
    ResolveOutcome,
    Session,
    TamperEvent,
    TamperKind,
    Trailer,
    User,
)

NOW = 1_760_000_000.0
LOCKS = ["L-1", "L-2", "L-3"]
CARRIER = Carrier(id="acme", name="Acme Haulage")
#: A session token as the console holds it; it must never reach the journal's files.
SESSION = Session(token="tok-9f8e7d6c5b4a-very-secret", expires_at=NOW + 3600,
                  user=User(username="ana", display_name="Ana", carrier=CARRIER))


def fleet_snapshot(seq: int = 0, server_time: float = NOW) -> FleetSnapshot:
    return FleetSnapshot(
        seq=seq,
        server_time=server_time,
        carrier=CARRIER,
        trailers=[Trailer(id=f"T-{i}", lock_id=lock, driver_id=f"D-{i}" if i < 3 else None)
                  for i, lock in enumerate(LOCKS, start=1)],
        locks=[Lock(id=lock, trailer_id=f"T-{i}", seal_id=f"S-{i}", state=LockState.LOCKED,
                    fiber_dbm=-12.0, fiber_baseline_dbm=-12.0, battery_pct=90.0,
                    last_contact=NOW - 100)
               for i, lock in enumerate(LOCKS, start=1)],
        drivers=[Driver(id=f"D-{i}", name=f"Driver {i}", phone=f"+1555000{i}",
                        language=Language.EN, app_online=True, trailer_id=f"T-{i}")
                 for i in (1, 2)],
        alarms=[],
    )


def make_event(seq: int, ts: float | None = None) -> Any:
    """Event ``seq`` of a small scripted day: telemetry most of the time, incidents now and then."""
    ts = NOW - 50 + seq * 0.5 if ts is None else ts
    lock = LOCKS[seq % len(LOCKS)]
    trailer = f"T-{LOCKS.index(lock) + 1}"
    pos = Position(ts=ts, lat=47.0 + seq / 1000, lon=-122.0 - seq / 1000, speed_kmh=60.0,
                   heading_deg=90.0)
    alarm_id = f"A-{seq - seq % 7}"
    match seq % 7:
        case 0:
            alarm = Alarm(id=alarm_id, lock_id=lock, trailer_id=trailer, type=AlarmType.FIBER_CUT,
                          priority=AlarmPriority.CRITICAL, state=AlarmState.OPEN, raised_at=ts,
                          raised_seq=seq, last_at=ts, position=pos)
            return AlarmRaisedEvent(seq=seq, ts=ts, alarm=alarm)
        case 1:
            return PositionsEvent(seq=seq, ts=ts, rows=[
                (lk, ts, 47.0 + seq / 100, -122.0 + i / 10, 55.5, 180.0)
                for i, lk in enumerate(LOCKS)])
        case 2:
            return LockStateEvent(seq=seq, ts=ts, lock_id=lock, trailer_id=trailer,
                                  state=LockState.UNLOCKED, previous=LockState.LOCKED,
                                  position=pos)
        case 3:
            return FiberEvent(seq=seq, ts=ts, rows=[(lk, ts, -12.5 - seq / 100, 80.0)
                                                    for lk in LOCKS])
        case 4:
            return AlarmAcknowledgedEvent(seq=seq, ts=ts, alarm_id=alarm_id, lock_id=lock,
                                          by="ana", at=ts, note="calling the driver",
                                          request_id=f"req-{seq:06d}")
        case 5:
            return TamperEvent(seq=seq, ts=ts, lock_id=lock, trailer_id=trailer,
                               kind=TamperKind.FIBER_DEGRADED, fiber_dbm=-20.0)
        case _:
            if seq % 2:
                return GpsLostEvent(seq=seq, ts=ts, lock_id=lock, trailer_id=trailer)
            return AlarmResolvedEvent(seq=seq, ts=ts, alarm_id=alarm_id, lock_id=lock, by="ana",
                                      at=ts, outcome=ResolveOutcome.FALSE_ALARM, note="ok",
                                      request_id=f"req-{seq:06d}")


def opened(path: Path, retention: Retention | None = None, **options: Any) -> Journal:
    """A journal whose clock is the tests' NOW, so that age-based retention is deterministic."""
    return Journal(path, retention or Retention(), clock=lambda: NOW, **options)


def journal_all(journal: Journal, events: list[Any]) -> None:
    for event in events:
        journal.append(event.seq, event.ts, event.type, event.model_dump_json())


def in_memory(snapshot: FleetSnapshot, events: list[Any]) -> FleetState:
    state = FleetState.from_snapshot(snapshot)
    for event in events:
        state.apply(event)
    return state


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return Journal.path_for(tmp_path, "https://cloud.example.com", CARRIER.id)


@pytest.fixture
def journal(path: Path) -> Iterator[Journal]:
    instance = opened(path)
    yield instance
    instance.close()


# ------------------------------------------------------------------ restore


def test_nothing_saved_restores_nothing(journal: Journal) -> None:
    assert journal.restore() is None
    assert journal.last_seq() == 0
    assert journal.recent() == []


def test_restore_after_reopen_equals_applying_in_memory(path: Path) -> None:
    snapshot = fleet_snapshot()
    events = [make_event(seq) for seq in range(1, 61)]
    with opened(path) as journal:
        journal.reset(snapshot)
        journal_all(journal, events)
        assert journal.last_seq() == 60  # known at once, before the writer caught up
    with opened(path) as reopened:
        assert reopened.last_seq() == 60
        restored = reopened.restore()
        assert restored is not None
        assert restored.comparable() == in_memory(snapshot, events).comparable()
        assert reopened.stats["write_errors"] == 0


def test_restore_uses_the_checkpoint_and_keeps_history(path: Path) -> None:
    snapshot = fleet_snapshot()
    events = [make_event(seq) for seq in range(1, 41)]
    with opened(path) as journal:
        journal.reset(snapshot)
        journal_all(journal, events[:20])
        journal.checkpoint(in_memory(snapshot, events[:20]))
        journal_all(journal, events[20:])
        journal.flush()
        # History stays, but the fixes before the checkpoint go: the base holds them.
        kept = [e.seq for e in events if e.seq > 20 or e.type != "positions"]
        assert any(e.type == "positions" for e in events[:20])
        assert [e.seq for e in journal.recent()] == kept
    # Events up to the checkpoint are not needed to restore: remove them behind its back.
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM events WHERE seq <= 20")
    db.close()
    with opened(path) as reopened:
        restored = reopened.restore()
    assert restored is not None
    assert restored.comparable() == in_memory(snapshot, events).comparable()


def test_checkpoint_is_taken_when_called_not_when_written(journal: Journal) -> None:
    snapshot = fleet_snapshot()
    state = FleetState.from_snapshot(snapshot)
    journal.reset(snapshot)
    journal.checkpoint(state)
    expected = state.comparable()
    state.apply(make_event(1))  # the UI keeps mutating the state right after
    journal.flush()
    restored = journal.restore()
    assert restored is not None
    assert restored.comparable() == expected


def test_torn_trailing_row_is_skipped(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    snapshot = fleet_snapshot()
    events = [make_event(seq) for seq in range(1, 13)]
    with opened(path) as journal:
        journal.reset(snapshot)
        journal_all(journal, events)
    with sqlite3.connect(path) as db:
        body = db.execute("SELECT body FROM events WHERE seq = 12").fetchone()[0]
        db.execute("UPDATE events SET body = ? WHERE seq = 12", (body[: len(body) // 2],))
    db.close()
    with caplog.at_level(logging.WARNING, logger="console.link.journal"), opened(path) as reopened:
        restored = reopened.restore()
        assert restored is not None
        assert restored.comparable() == in_memory(snapshot, events[:11]).comparable()
        assert reopened.last_seq() == 11  # the stream resumes after the last good event
        assert reopened.stats["corrupt_rows"] == 1
        reopened.flush()
        # The torn row is gone; the stream will deliver seq 12 again.
        assert [e.seq for e in reopened.recent()] == list(range(1, 12))
    assert "unreadable event 12" in caplog.text


def test_restore_stops_at_a_gap(path: Path) -> None:
    snapshot = fleet_snapshot()
    events = [make_event(seq) for seq in range(1, 11)]
    with opened(path) as journal:
        journal.reset(snapshot)
        journal_all(journal, events[:5] + events[6:])  # seq 6 never arrived
    with opened(path) as reopened:
        restored = reopened.restore()
        assert restored is not None
        assert restored.seq == 5
        assert restored.comparable() == in_memory(snapshot, events[:5]).comparable()


def test_corrupt_file_is_moved_aside_and_the_console_still_starts(
        path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad\xbe\xef" * 1024)
    with caplog.at_level(logging.WARNING, logger="console.link.journal"), opened(path) as journal:
        assert journal.available
        assert journal.restore() is None
        journal.reset(fleet_snapshot())
        journal_all(journal, [make_event(1)])
        journal.flush()
        assert [e.seq for e in journal.recent()] == [1]
    assert "corrupt" in caplog.text
    assert [p for p in path.parent.iterdir() if ".corrupt-" in p.name]


def test_unreadable_snapshot_restores_nothing(path: Path) -> None:
    with opened(path) as journal:
        journal.reset(fleet_snapshot())
    with sqlite3.connect(path) as db:
        db.execute("UPDATE base SET body = '{\"seq\": 1, \"carr'")
    db.close()
    with opened(path) as reopened:
        assert reopened.restore() is None


# ------------------------------------------------------------------ reset and retention


def test_reset_with_a_lower_seq_drops_the_old_log(journal: Journal) -> None:
    journal.reset(fleet_snapshot())
    journal_all(journal, [make_event(seq) for seq in range(1, 11)])
    server_was_reset = fleet_snapshot(seq=3)
    journal.reset(server_was_reset)
    assert journal.last_seq() == 3
    journal.flush()
    assert journal.recent() == []
    restored = journal.restore()
    assert restored is not None
    assert restored.comparable() == FleetState.from_snapshot(server_was_reset).comparable()
    # And the new log continues from the new snapshot.
    journal_all(journal, [make_event(4)])
    journal.flush()
    assert [e.seq for e in journal.recent()] == [4]


def test_reset_after_resync_drops_events_the_snapshot_contains(journal: Journal) -> None:
    snapshot = fleet_snapshot()
    events = [make_event(seq) for seq in range(1, 9)]
    journal.reset(snapshot)
    journal_all(journal, events)
    resync = in_memory(snapshot, [*events, *(make_event(s) for s in range(9, 31))])
    journal.reset(resync.snapshot(NOW))
    journal_all(journal, [make_event(31)])
    journal.flush()
    assert [e.seq for e in journal.recent()] == [31]
    assert journal.last_seq() == 31


def test_retention_by_count_keeps_the_newest(path: Path) -> None:
    with opened(path, Retention(max_events=5), prune_every=1) as journal:
        journal.reset(fleet_snapshot())
        journal_all(journal, [make_event(seq) for seq in range(1, 21)])
        journal.flush()
        assert [e.seq for e in journal.recent()] == [16, 17, 18, 19, 20]
        assert journal.stats["pruned"] == 15
        assert journal.stats["events_written"] == 20


def test_retention_by_age_uses_event_time(path: Path) -> None:
    old = [make_event(seq, ts=NOW - 7200 + seq) for seq in range(1, 6)]
    new = [make_event(seq, ts=NOW - 60 + seq) for seq in range(6, 11)]
    with opened(path, Retention(max_age_s=3600), prune_every=1) as journal:
        journal.reset(fleet_snapshot())
        journal_all(journal, old + new)
        journal.flush()
        assert [e.seq for e in journal.recent()] == list(range(6, 11))


def test_retention_applies_when_reopened_with_a_tighter_policy(path: Path) -> None:
    with opened(path) as journal:
        journal.reset(fleet_snapshot())
        journal_all(journal, [make_event(seq) for seq in range(1, 31)])
    with opened(path, Retention(max_events=10)) as reopened:
        reopened.flush()
        assert [e.seq for e in reopened.recent()] == list(range(21, 31))


def test_pruned_replay_tail_still_restores_a_correct_state(path: Path) -> None:
    """Retention may drop events the base still needs: restore must not invent a state."""
    snapshot = fleet_snapshot()
    events = [make_event(seq) for seq in range(1, 21)]
    with opened(path, Retention(max_events=5), prune_every=1) as journal:
        journal.reset(snapshot)
        journal_all(journal, events)
    with opened(path, Retention(max_events=5)) as reopened:
        restored = reopened.restore()
        assert restored is not None
        # The base at seq 0 and then a gap: the stream resumes from 1.
        assert restored.seq == 0
        assert reopened.last_seq() == 0


# ------------------------------------------------------------------ history


def test_recent_filters_by_type_and_lock(journal: Journal) -> None:
    events = [make_event(seq) for seq in range(1, 43)]
    journal.reset(fleet_snapshot())
    journal_all(journal, events)
    journal.flush()

    everything = journal.recent()
    assert [e.seq for e in everything] == list(range(1, 43))  # newest last
    assert [e.seq for e in journal.recent(limit=3)] == [40, 41, 42]

    alarms = journal.recent(types={"alarm_raised", "alarm_resolved"})
    assert alarms
    assert {e.type for e in alarms} == {"alarm_raised", "alarm_resolved"}
    assert [e.seq for e in alarms] == [e.seq for e in events if e.type in {"alarm_raised",
                                                                           "alarm_resolved"}]

    def about(event: Any, lock: str) -> bool:
        return getattr(event, "lock_id", None) == lock or (
            isinstance(event, AlarmRaisedEvent) and event.alarm.lock_id == lock)

    on_l2 = journal.recent(lock_id="L-2")
    assert [e.seq for e in on_l2] == [e.seq for e in events if about(e, "L-2")]
    assert any(isinstance(e, AlarmRaisedEvent) for e in on_l2)  # found through alarm.lock_id
    raised_on_l2 = journal.recent(types={"alarm_raised"}, lock_id="L-2")
    assert raised_on_l2
    assert all(e.alarm.lock_id == "L-2" for e in raised_on_l2)
    assert journal.recent(types={"geofence_enter"}) == []
    assert journal.recent(types=set()) == []


def test_recent_parses_other_event_kinds(journal: Journal) -> None:
    extra = [
        GeofenceEnterEvent(seq=1, ts=NOW, lock_id="L-1", trailer_id="T-1", geofence_id="G-1",
                           geofence_name="Port of Tacoma"),
        DriverAppEvent(seq=2, ts=NOW, driver_id="D-1", online=False),
    ]
    journal.reset(fleet_snapshot())
    journal_all(journal, extra)
    journal.flush()
    assert journal.recent() == extra
    assert journal.recent(lock_id="L-1") == extra[:1]


def test_big_telemetry_frames_are_stored_as_given(journal: Journal) -> None:
    rows = [(f"L-{i}", NOW, 47.0, -122.0, 50.0, 10.0) for i in range(5000)]
    frame = PositionsEvent(seq=1, ts=NOW, rows=rows).model_dump_json()
    journal.reset(fleet_snapshot())
    journal.append(1, NOW, "positions", frame)
    journal.flush()
    with sqlite3.connect(journal.path) as db:
        assert db.execute("SELECT body, lock_id FROM events").fetchone() == (frame, None)
    db.close()
    (event,) = journal.recent(types={"positions"})
    assert len(event.rows) == 5000


# ------------------------------------------------------------------ files and secrets


def test_path_for_is_safe_and_distinct(tmp_path: Path) -> None:
    urls = [
        "https://cloud.example.com",
        "https://cloud.example.com:8443",
        "http://cloud.example.com",
        "https://cloud.example.com/eu",
        "https://cloud.example.com/eu/../us?tenant=1#x",
        "http://[::1]:8080/api v1/Ünïcode",
        "C:\\Windows\\System32",
        "https://" + "a" * 300 + ".example.com",
        "",
    ]
    paths = {url: Journal.path_for(tmp_path, url, "acme") for url in urls}
    assert len(set(paths.values())) == len(urls)
    for path in paths.values():
        assert path.parent == tmp_path / "journal"
        assert path.suffix == ".sqlite"
        assert len(path.name) < 120
        assert all(c.isascii() and (c.isalnum() or c in "._-~") for c in path.name), path.name
        assert path.name == path.name.lower()
    # One server, one journal, however its URL is spelled; a password in it never shows.
    for spelling in ("HTTPS://Cloud.Example.com/", "https://user:hunter2@cloud.example.com"):
        assert Journal.path_for(tmp_path, spelling, "acme") == paths["https://cloud.example.com"]
    # Carriers are kept apart too, even those that only differ in case or in ':'.
    carriers = ["acme", "ACME", "acme:eu", "acme_eu", "../etc"]
    by_carrier = {Journal.path_for(tmp_path, "https://cloud.example.com", c) for c in carriers}
    assert len(by_carrier) == len(carriers)
    assert all(p.parent == tmp_path / "journal" for p in by_carrier)


def test_journal_files_hold_no_secret(path: Path) -> None:
    token = SESSION.token
    assert token in SESSION.model_dump_json()  # the console does hold it, elsewhere
    snapshot = fleet_snapshot()
    events = [make_event(seq) for seq in range(1, 30)]
    with opened(path) as journal:
        journal.reset(snapshot)
        journal_all(journal, events)
        journal.checkpoint(in_memory(snapshot, events))
        journal.flush()
        written = b"".join(p.read_bytes() for p in path.parent.iterdir())
        assert b"Acme Haulage" in written  # we are looking at the right bytes
        assert token.encode() not in written
    files = list(path.parent.iterdir())
    assert files
    for file in files:
        assert token.encode() not in file.read_bytes()


def test_closed_journal_drops_writes_quietly(path: Path) -> None:
    journal = opened(path)
    journal.close()
    journal.close()
    journal.append(1, NOW, "gps_lost", make_event(6).model_dump_json())
    journal.flush()
    assert journal.stats["dropped"] == 1


def test_one_bad_write_costs_one_event(journal: Journal, caplog: pytest.LogCaptureFixture) -> None:
    journal.reset(fleet_snapshot())
    journal_all(journal, [make_event(1)])
    journal.append(2**70, NOW, "gps_lost", "{}")  # SQLite cannot store this seq
    journal_all(journal, [make_event(2)])
    with caplog.at_level(logging.WARNING, logger="console.link.journal"):
        journal.flush()
    assert journal.stats["write_errors"] == 1
    assert journal.stats["events_written"] == 2
    assert [e.seq for e in journal.recent()] == [1, 2]


def test_reads_while_the_writer_writes(journal: Journal) -> None:
    journal.reset(fleet_snapshot())
    failures: list[BaseException] = []
    done = threading.Event()

    def read_history() -> None:
        try:
            while not done.is_set():
                seqs = [e.seq for e in journal.recent(limit=50)]
                assert seqs == sorted(seqs)
        except BaseException as exc:
            failures.append(exc)

    reader = threading.Thread(target=read_history)
    reader.start()
    try:
        for seq in range(1, 401):
            journal_all(journal, [make_event(seq)])
            if seq % 50 == 0:
                journal.flush()
    finally:
        done.set()
        reader.join()
    assert failures == []
    assert [e.seq for e in journal.recent(limit=3)] == [398, 399, 400]


# ------------------------------------------------------------------ runs of positions


def fixes(seq: int, ts: float, locks: list[str] = LOCKS, reverse: bool = False) -> PositionsEvent:
    """Positions event ``seq``: a fix of each lock, a second apart (newest first: ``reverse``)."""
    rows = [(lock, ts + i, 47.0 + seq / 100, -122.0 + i / 10, 50.0 + seq, 90.0)
            for i, lock in enumerate(locks)]
    return PositionsEvent(seq=seq, ts=ts + len(locks), rows=rows[::-1] if reverse else rows)


def journal_as_store(journal: Journal, items: list[Any]) -> None:
    """Journal ``items`` as the console does: each event as it came, except positions, which go
    with their run (a :class:`PositionsRun`) once it is applied."""
    for item in items:
        if isinstance(item, PositionsRun):
            for other in item.others:
                journal.append(other.seq, other.ts, other.type, other.model_dump_json())
            journal.append_run(item)
        else:
            journal.append(item.seq, item.ts, item.type, item.model_dump_json())


def scripted_runs() -> tuple[list[Any], list[Any]]:
    """Events 1-12 (positions with a fiber sample and a geofence crossing among them, rows
    out of time order in one, an alarm between the runs), and the same folded into runs."""
    events: list[Any] = [
        fixes(1, NOW), fixes(2, NOW + 10),
        FiberEvent(seq=3, ts=NOW + 11, rows=[("L-2", NOW + 11, -14.0, 70.0)]),
        fixes(4, NOW + 5, reverse=True),  # older than event 2's fixes: the newest time stays
        GeofenceEnterEvent(seq=5, ts=NOW + 12, lock_id="L-1", trailer_id="T-1",
                           geofence_id="G-1", geofence_name="Yard"),
        fixes(6, NOW + 20),
        make_event(7),  # an alarm: the run ends
        fixes(8, NOW + 30), fixes(9, NOW + 31, locks=["L-3"]),
    ]
    run = PositionsRun(events[0])
    run.add(events[1])
    run.absorb(events[2])
    run.add(events[3])
    run.absorb(events[4])
    run.add(events[5])
    second = PositionsRun.of(events[7:9])
    return events, [run, events[6], second]


def test_a_journaled_run_restores_the_state_its_events_leave(path: Path) -> None:
    snapshot = fleet_snapshot()
    events, items = scripted_runs()
    assert items[0].newest is not None  # the out-of-order rows are part of what is checked
    with opened(path) as journal:
        journal.reset(snapshot)
        journal_as_store(journal, items)
        assert journal.last_seq() == 9
        journal.flush()
        with sqlite3.connect(path) as db:
            rows = db.execute("SELECT seq, type FROM events ORDER BY seq").fetchall()
        db.close()
    # One row per run (keyed by its first seq), the absorbed events and the alarm as they came.
    assert rows == [(1, "positions_run"), (3, "fiber"), (5, "geofence_enter"),
                    (7, events[6].type), (8, "positions_run")]
    with opened(path) as reopened:
        assert reopened.last_seq() == 9  # where the last run ended, not where it began
        restored = reopened.restore()
    assert restored is not None
    assert restored.seq == 9
    assert restored.comparable() == in_memory(snapshot, events).comparable()


def journal_runs_then(path: Path, damage: str) -> tuple[FleetSnapshot, list[Any]]:
    """Journal :func:`scripted_runs` as the store does, then change the file behind the
    journal's back with the SQL ``damage``; the base and the events."""
    snapshot = fleet_snapshot()
    events, items = scripted_runs()
    with opened(path) as journal:
        journal.reset(snapshot)
        journal_as_store(journal, items)
    with sqlite3.connect(path) as db:
        db.execute(damage)
    db.close()
    return snapshot, events


def test_a_run_missing_an_absorbed_event_is_not_restored(path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    # The geofence crossing the first run absorbed goes.
    snapshot, _events = journal_runs_then(path, "DELETE FROM events WHERE seq = 5")
    with caplog.at_level(logging.WARNING), opened(path) as reopened:
        restored = reopened.restore()
        assert reopened.last_seq() == 0  # the stream resumes before the run
    assert restored is not None
    assert restored.seq == 0  # all of the run or none of it
    assert restored.comparable() == in_memory(snapshot, []).comparable()
    assert "event 5 of the run of positions 1-6 is missing" in caplog.text


def test_a_torn_run_ends_the_replay_there(path: Path) -> None:
    snapshot, events = journal_runs_then(
        path, "UPDATE events SET body = substr(body, 1, 40) WHERE seq = 8")
    with opened(path) as reopened:
        restored = reopened.restore()
        assert reopened.stats["corrupt_rows"] == 1
    assert restored is not None
    assert restored.seq == 7  # the first run and the alarm; the torn run is read again
    assert restored.comparable() == in_memory(snapshot, events[:7]).comparable()


def test_a_checkpoint_drops_the_fixes_before_it_and_keeps_the_rest(path: Path) -> None:
    snapshot = fleet_snapshot()
    events, items = scripted_runs()
    with opened(path) as journal:
        journal.reset(snapshot)
        journal_as_store(journal, items[:2])
        journal.checkpoint(in_memory(snapshot, events[:7]))
        journal_as_store(journal, items[2:])
        journal.flush()
        assert [e.seq for e in journal.recent()] == [3, 5, 7]  # no run: it is not an event
    with sqlite3.connect(path) as db:
        kept = db.execute("SELECT seq, type FROM events ORDER BY seq").fetchall()
    db.close()
    assert kept == [(3, "fiber"), (5, "geofence_enter"), (7, events[6].type),
                    (8, "positions_run")]
    with opened(path) as reopened:
        restored = reopened.restore()
    assert restored is not None
    assert restored.comparable() == in_memory(snapshot, events).comparable()
