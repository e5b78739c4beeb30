"""The journal's integrity: damage found at open or during restore sets the file aside once and
the console starts from the server; rejected events are stepped over; a fork's events are kept
aside; the chain hash survives a restart."""

from __future__ import annotations

import asyncio
import sqlite3
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudsim.server import EmbeddedCloud, start_embedded
from console.alarms.outbox import Outbox
from console.link.diagnostics import Severity
from console.link.journal import SCHEMA_VERSION, Journal, Retention, damage_notice
from console.link.session import ConsoleSession
from console.settings import Paths
from opticallock.fleet import FleetState
from tests.asyncqt import run, wait_until
from tests.console.link.test_credentials import MemoryKeyring
from tests.console.link.test_journal import (
    CARRIER,
    NOW,
    fleet_snapshot,
    in_memory,
    journal_all,
    make_event,
    opened,
)
from tests.console.link.test_session import new_session
from tests.console.link.test_storage import NOT_A_DATABASE, damage_page_holding

#: Event 998 (an acknowledgement) carries this request id: a marker in the events table's pages.
MARKER = b"req-000998"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return Journal.path_for(tmp_path, "https://cloud.example.com", CARRIER.id)


def written(path: Path, count: int = 2000) -> list[Any]:
    events = [make_event(seq) for seq in range(1, count + 1)]
    with opened(path) as journal:
        journal.reset(fleet_snapshot())
        journal_all(journal, events)
    return events


def set_aside_files(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(f"{path.name}.corrupt-")
                  and p.name[-1].isdigit())


def assert_clean_next_start(path: Path) -> None:
    """The next open finds a sound file, sets nothing aside, and works as a journal."""
    before = set_aside_files(path)
    with opened(path) as journal:
        assert journal.damage is None
        assert journal.restore() is None  # nothing saved since: the console starts from the server
        journal.reset(fleet_snapshot())
        journal_all(journal, [make_event(1)])
        journal.flush()
        assert [e.seq for e in journal.recent()] == [1]
    with opened(path) as journal:
        restored = journal.restore()
        assert restored is not None
        assert restored.seq == 1
    assert set_aside_files(path) == before


# ------------------------------------------------------------------ damage


def test_a_damaged_page_in_the_middle_is_set_aside_at_open(path: Path) -> None:
    written(path)
    damage_page_holding(path, MARKER)
    with opened(path) as journal:
        report = journal.damage
        assert report is not None
        assert journal.restore() is None  # never raises: the fleet comes from the server
    assert report.path == path
    assert set_aside_files(path) == [report.aside]
    title, text = damage_notice(report)
    assert title
    assert report.aside.name in text
    assert "reloaded from the server" in text
    assert_clean_next_start(path)


def test_damage_the_open_did_not_see_is_found_by_restore_and_set_aside(path: Path) -> None:
    written(path)
    with opened(path) as journal:
        assert journal.damage is None  # sound when opened
        journal.flush()
        # Then a page goes bad on disk while the console runs (no cached copy hides it).
        damage_page_holding(path, MARKER)
        assert journal.restore() is None
        report = journal.damage
        assert report is not None
        assert journal.last_seq() == 0  # the stream starts over from the snapshot
        # The journal goes on, in the fresh file.
        journal.reset(fleet_snapshot())
        journal_all(journal, [make_event(1), make_event(2)])
        journal.flush()
        assert [e.seq for e in journal.recent()] == [1, 2]
    assert set_aside_files(path) == [report.aside]
    assert damage_notice(report)[1].count(report.aside.name) == 1
    with opened(path) as journal:
        assert journal.damage is None
        restored = journal.restore()
        assert restored is not None
        assert restored.seq == 2


def test_an_unparsable_row_in_the_middle_restores_the_good_part_every_time(path: Path) -> None:
    events = written(path, 40)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE events SET body = 'not json' WHERE seq = 20")
    db.close()
    for _ in range(2):
        with opened(path) as journal:
            restored = journal.restore()
            assert journal.damage is None
            assert restored is not None
            assert restored.comparable() == in_memory(fleet_snapshot(), events[:19]).comparable()
    assert set_aside_files(path) == []


# ------------------------------------------------------------------ the dispatcher is told


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=20, seed=3,
                              users=[("ana", "s3cret-pw1", None)], incident_rate=0.0,
                              fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


def test_a_damaged_journal_and_outbox_are_said_and_the_fleet_comes_from_the_server(
        cloud: EmbeddedCloud, tmp_path: Path, aloop: asyncio.AbstractEventLoop) -> None:
    paths = Paths(tmp_path / "data", tmp_path / "config")
    first = new_session(paths, MemoryKeyring())

    async def sign_in_once(session: ConsoleSession) -> None:
        assert await session.sign_in(cloud.url, "ana", "s3cret-pw1", remember=False)
        await wait_until(lambda: session.store.state is not None, what="the fleet")
        await session.shutdown()

    run(aloop, sign_in_once(first))
    assert first.diagnostics.notices == deque()
    journal_path = Journal.path_for(paths.data_dir, cloud.url, first.store.state.carrier.id
                                    if first.store.state else "")
    assert journal_path.exists()
    # A long journal whose middle goes bad on disk, and an outbox that is no database at all.
    journal_path.unlink()
    written(journal_path)
    damage_page_holding(journal_path, MARKER)
    Outbox.path_next_to(journal_path).write_bytes(NOT_A_DATABASE)

    second = new_session(paths, MemoryKeyring())
    snapshots: list[int] = []
    second.store.reset.connect(lambda: snapshots.append(second.store.seq or 0))
    run(aloop, sign_in_once(second))
    by_topic = {n.topic: n for n in second.diagnostics.notices}
    assert set(by_topic) == {"journal", "outbox"}
    [journal_aside] = set_aside_files(journal_path)
    assert journal_aside.name in by_topic["journal"].text
    assert by_topic["journal"].severity is Severity.WARNING
    assert "NOT sent" in by_topic["outbox"].text
    assert by_topic["outbox"].severity is Severity.CRITICAL
    assert snapshots  # the fleet came from the server
    # The next start is quiet.
    third = new_session(paths, MemoryKeyring())
    run(aloop, sign_in_once(third))
    assert third.diagnostics.notices == deque()


# ------------------------------------------------------------------ rejected events


def hashed(event: Any) -> Any:
    return event.model_copy(update={"prev_hash": f"h{event.seq - 1}", "hash": f"h{event.seq}"})


def test_a_rejected_event_is_stepped_over_on_restore(path: Path) -> None:
    events = [hashed(make_event(seq)) for seq in range(1, 21)]
    kept = [e for e in events if e.seq not in (7, 20)]
    with opened(path) as journal:
        journal.reset(fleet_snapshot())
        journal_all(journal, kept[:6])
        journal.record_rejected(7, "fiber_v9", "unknown event type", '{"seq": 7, "type": '
                                '"fiber_v9"}', "h7")
        journal_all(journal, kept[6:])
        journal.record_rejected(20, None, "not an object", "[20]", "h20")
        assert journal.last_seq() == 20
    for _ in range(2):  # and again: a restart never trips over it
        with opened(path) as journal:
            restored = journal.restore()
            assert restored is not None
            assert restored.seq == 20
            assert restored.hash == "h20"
            expected = FleetState.from_snapshot(fleet_snapshot())
            for event in events:
                if event.seq in (7, 20):
                    expected.skip(event.seq, event.hash)
                else:
                    expected.apply(event)
            assert restored.comparable() == expected.comparable()
            assert journal.last_seq() == 20
            [first, last] = journal.rejected()
            assert (first.seq, first.type, first.reason, first.source) == (
                7, "fiber_v9", "unknown event type", "journal")
            assert first.raw == '{"seq": 7, "type": "fiber_v9"}'
            assert first.at == NOW
            assert (last.seq, last.type) == (20, None)
            assert [r.seq for r in journal.rejected(limit=1)] == [20]


def test_rejected_rows_beyond_a_gap_are_dropped_with_the_events(path: Path) -> None:
    with opened(path) as journal:
        journal.reset(fleet_snapshot())
        journal_all(journal, [make_event(seq) for seq in (1, 2, 4)])  # seq 3 never arrived
        journal.record_rejected(5, "x", "unknown", "{}", None)
    with opened(path) as journal:
        restored = journal.restore()
        assert restored is not None
        assert restored.seq == 2
        journal.flush()
        assert journal.rejected() == []  # the stream delivers (and rejects) seq 5 again


def test_retention_prunes_rejected_rows_like_events(path: Path) -> None:
    with opened(path, Retention(max_events=3), prune_every=1) as journal:
        journal.reset(fleet_snapshot())
        for seq in range(1, 11):
            journal.record_rejected(seq, "x", "unknown", "{}", None)
        journal.flush()
        assert [r.seq for r in journal.rejected()] == [8, 9, 10]
    late = {"now": NOW}
    with Journal(path, Retention(max_age_s=3600), clock=lambda: late["now"]) as journal:
        late["now"] = NOW + 7200
        journal.record_rejected(11, "x", "unknown", "{}", None)  # kept at NOW + 7200
    with Journal(path, Retention(max_age_s=3600), clock=lambda: NOW + 7200) as journal:
        journal.flush()
        assert [r.seq for r in journal.rejected()] == [11]


def test_a_version_1_journal_is_migrated_and_keeps_its_events(path: Path) -> None:
    events = written(path, 30)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE rejected")
        db.execute("DROP TABLE set_aside")
        db.execute("PRAGMA user_version=1")
    db.close()
    with opened(path) as journal:
        restored = journal.restore()
        assert restored is not None
        assert restored.comparable() == in_memory(fleet_snapshot(), events).comparable()
        journal.record_rejected(31, "x", "unknown", "{}", None)
        journal.flush()
        assert [r.seq for r in journal.rejected()] == [31]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    db.close()


# ------------------------------------------------------------------ a fork's record


def test_set_aside_events_keeps_what_the_console_had_seen_and_the_reload_starts_afresh(
        path: Path) -> None:
    events = [make_event(seq) for seq in range(1, 51)]
    with opened(path) as journal:
        journal.reset(fleet_snapshot())
        journal_all(journal, events[:30])
        journal.flush()
        journal_all(journal, events[30:])  # some still queued when the fork is found
        journal.record_rejected(51, "x", "unknown", "{}", None)
        assert journal.set_aside_count() == 0
        moved = journal.set_aside_events("the cloud's log forked at seq 41")
        assert moved == 51
        journal.flush()
        assert journal.set_aside_count() == 51
        assert journal.recent() == []
        assert journal.rejected() == []
        # The snapshot reload: the server's log is shorter than what this console had seen.
        reload = fleet_snapshot(seq=40)
        journal.reset(reload)
        journal_all(journal, [make_event(41)])
        journal.flush()
        assert [e.seq for e in journal.recent()] == [41]
        assert journal.last_seq() == 41
    with opened(path) as journal:
        restored = journal.restore()
        assert restored is not None
        assert restored.seq == 41
        assert journal.set_aside_count() == 51
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT seq, type, body, reason FROM set_aside ORDER BY seq").fetchall()
    db.close()
    assert [r[0] for r in rows] == list(range(1, 52))
    assert rows[0][2] == events[0].model_dump_json()
    assert rows[0][3] == "the cloud's log forked at seq 41"
    assert rows[-1][3].startswith("the cloud's log forked at seq 41")
    assert "unknown" in rows[-1][3]


def test_set_aside_on_an_empty_or_closed_journal_moves_nothing(path: Path) -> None:
    journal = opened(path)
    assert journal.set_aside_events("fork") == 0
    journal.close()
    assert journal.set_aside_events("fork") == 0


# ------------------------------------------------------------------ the chain hash


def test_the_chain_hash_survives_base_save_and_restore(path: Path) -> None:
    snapshot = fleet_snapshot(seq=0).model_copy(update={"head_hash": "h0"})
    events = [hashed(make_event(seq)) for seq in range(1, 31)]
    with opened(path) as journal:
        journal.reset(snapshot)
    with opened(path) as journal:
        restored = journal.restore()
        assert restored is not None
        assert (restored.seq, restored.hash) == (0, "h0")  # from the saved snapshot
        journal_all(journal, events[:20])
        journal.checkpoint(in_memory(snapshot, events[:20]))
        journal_all(journal, events[20:])
    # Replay must not be what carries the hash: drop the events the checkpoint holds.
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM events")
    db.close()
    with opened(path) as journal:
        restored = journal.restore()
        assert restored is not None
        assert (restored.seq, restored.hash) == (20, "h20")  # the checkpoint's head_hash
    with opened(path) as journal:
        journal.reset(snapshot)
        journal_all(journal, events)
    with opened(path) as journal:
        restored = journal.restore()
        assert restored is not None
        assert (restored.seq, restored.hash) == (30, "h30")  # the last event replayed
