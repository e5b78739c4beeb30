"""The stream's protocol without sockets: frames and pages in, actions out."""

from __future__ import annotations

import json
from typing import Any

import pytest

from console.link.stream_protocol import (
    BACKLOG_LOAD_FACTOR,
    BACKLOG_MAX_ROWS,
    BACKLOG_MAX_WINDOW_S,
    BACKLOG_ROWS,
    BACKLOG_WINDOW_S,
    ROUTINE_TYPES,
    Action,
    AuthFailed,
    Backfill,
    Deliver,
    DeliveryBatch,
    Failed,
    Forked,
    HandOver,
    Incompatible,
    LinkDead,
    Malformed,
    PositionInterval,
    Resync,
    ScheduleHandOver,
    ServerError,
    Status,
    StreamProtocol,
)
from console.link.streaming import ConnectionState
from opticallock.fleet import FleetState, PositionsRun
from opticallock.protocol import (
    EVENT_MODELS,
    PROTOCOL_VERSION,
    Carrier,
    EventBase,
    FiberEvent,
    GeofenceExitEvent,
    HeartbeatFrame,
    HelloFrame,
    Lock,
    LockState,
    PositionIntervalFrame,
    PositionsEvent,
    ResyncRequiredFrame,
    TamperEvent,
    TamperKind,
    UndecodedEvent,
)

NOW = 2000.0


def fixes(seq: int, rows: int = 1, ts: float = 1000.0) -> PositionsEvent:
    return PositionsEvent(seq=seq, ts=ts, rows=[(f"LK-{i:05d}", ts, 30.0, -100.0, 80.0, 90.0)
                                                for i in range(rows)])


def tamper(seq: int) -> TamperEvent:
    return TamperEvent(seq=seq, ts=1000.0, lock_id="LK-00001", trailer_id="TR-1",
                       kind=TamperKind.FIBER_CUT)


def text(frame: Any) -> str:
    return str(frame.model_dump_json())


def hello(head_seq: int) -> str:
    return text(HelloFrame(carrier=Carrier(id="frontera", name="Frontera"), user="ana",
                           head_seq=head_seq, server_time=NOW))


def delivered(actions: list[Action]) -> list[int]:
    return [e.seq for a in actions if isinstance(a, Deliver) for e in a.events]


def handed(protocol: StreamProtocol) -> list[int]:
    """The seqs of the batch the protocol hands over when its hand-over is due."""
    return [seq for a in protocol.hand_over() if isinstance(a, HandOver) for e in a.events
            for seq in seqs_of(e)]


def seqs_of(event: Any) -> list[int]:
    """An event's seq, or the seqs of a run of positions folded in the batch."""
    return list(getattr(event, "seqs", (event.seq,)))


def feed(protocol: StreamProtocol, *events: EventBase) -> list[Action]:
    actions: list[Action] = []
    for event in events:
        actions += protocol.receive_text(text(event), NOW)
    return actions


@pytest.fixture
def protocol() -> StreamProtocol:
    stream = StreamProtocol()
    stream.resume_from(10)
    assert stream.connection_opened() == []
    return stream


def test_hello_makes_the_stream_live_and_heartbeats_move_the_head(
        protocol: StreamProtocol) -> None:
    assert protocol.receive_text(hello(25), NOW) == [Status(ConnectionState.LIVE, "Live as ana")]
    assert protocol.live
    assert protocol.head_seq == 25
    beat = text(HeartbeatFrame(head_seq=30, server_time=NOW))
    assert protocol.receive_text(beat, NOW) == []
    assert protocol.head_seq == 30
    older = text(HeartbeatFrame(head_seq=27, server_time=NOW))
    assert protocol.receive_text(older, NOW) == []
    assert protocol.head_seq == 30  # a heartbeat never moves the head back
    assert protocol.stats.frames == 3
    assert protocol.connection_closed(1001) == []
    assert not protocol.live


def test_events_in_order_are_delivered_with_their_frame_texts(protocol: StreamProtocol) -> None:
    frames = [text(fixes(11)), text(tamper(12)), text(fixes(13, rows=3))]
    actions = [a for f in frames for a in protocol.receive_text(f, NOW)]
    deliveries = [a for a in actions if isinstance(a, Deliver)]
    assert [e.seq for d in deliveries for e in d.events] == [11, 12, 13]
    assert [t for d in deliveries for t in d.texts] == frames  # as received, for the journal
    assert protocol.last_seq == 13
    assert protocol.head_seq == 13
    assert protocol.stats.events == 3
    assert protocol.stats.last_event_ts == 1000.0
    assert protocol.rate.rate(NOW) == pytest.approx((1 + 1 + 3) / protocol.rate.window_s)
    # A binary frame is read as UTF-8 text.
    assert delivered(protocol.receive_text(text(fixes(14)).encode(), NOW)) == [14]


def test_duplicates_are_dropped_and_counted(protocol: StreamProtocol) -> None:
    assert delivered(feed(protocol, fixes(11), fixes(12))) == [11, 12]
    assert feed(protocol, fixes(12), fixes(9), fixes(11)) == []
    assert protocol.stats.duplicates == 3
    assert delivered(feed(protocol, fixes(13))) == [13]


def test_a_gap_is_backfilled_exactly_then_later_frames_follow_in_order(
        protocol: StreamProtocol) -> None:
    assert delivered(feed(protocol, fixes(11))) == [11]
    # 12..14 lost: the backfill asks for exactly them, and 15 (and what follows) waits.
    assert feed(protocol, fixes(15)) == [Backfill(after=11, through=14, limit=3)]
    assert protocol.backfilling
    assert feed(protocol, tamper(16)) == []
    assert protocol.last_seq == 11
    actions = protocol.receive_events([fixes(12), tamper(13), fixes(14)], NOW)
    assert delivered(actions) == [12, 13, 14, 15, 16]
    assert not protocol.backfilling
    assert protocol.stats.gaps_backfilled == 1
    assert protocol.stats.backfilled_events == 3
    # A backfilled event's text is its JSON (the journal stores it as it would have come).
    first = next(a for a in actions if isinstance(a, Deliver))
    assert json.loads(first.texts[0])["seq"] == 12
    assert delivered(feed(protocol, fixes(17))) == [17]


def test_a_long_gap_is_fetched_page_by_page(protocol: StreamProtocol) -> None:
    assert feed(protocol, fixes(5011)) == [Backfill(after=10, through=5010, limit=2000)]
    actions = protocol.receive_events([fixes(s) for s in range(11, 2011)], NOW)
    assert actions[-1] == Backfill(after=2010, through=5010, limit=2000)
    actions = protocol.receive_events([fixes(s) for s in range(2011, 4011)], NOW)
    assert actions[-1] == Backfill(after=4010, through=5010, limit=1000)
    actions = protocol.receive_events([fixes(s) for s in range(4011, 5011)], NOW)
    assert delivered(actions) == list(range(4011, 5012))
    assert protocol.stats.gaps_backfilled == 1


def test_a_backfill_that_overlaps_delivers_each_event_once(protocol: StreamProtocol) -> None:
    assert feed(protocol, fixes(14)) == [Backfill(after=10, through=13, limit=3)]
    # A page starting before the gap and running past it: what we had is dropped and counted,
    # what is past the gap waits for the stream's own frame (14 is delivered from the stream).
    actions = protocol.receive_events([fixes(s) for s in range(9, 16)], NOW)
    assert delivered(actions) == [11, 12, 13, 14]
    assert protocol.stats.duplicates == 2
    assert protocol.stats.backfilled_events == 5  # 9..13: the page up to the gap's end
    # The stream goes on from 15, which the page carried but did not deliver.
    assert delivered(feed(protocol, fixes(15))) == [15]


def test_a_frame_held_during_a_backfill_that_shows_another_gap_backfills_again(
        protocol: StreamProtocol) -> None:
    assert feed(protocol, fixes(12)) == [Backfill(after=10, through=11, limit=1)]
    assert feed(protocol, fixes(13), fixes(16)) == []  # held: 14 and 15 are lost too
    actions = protocol.receive_events([fixes(11)], NOW)
    assert delivered(actions) == [11, 12, 13]
    assert actions[-1] == Backfill(after=13, through=15, limit=2)
    assert delivered(protocol.receive_events([fixes(14), fixes(15)], NOW)) == [14, 15, 16]
    assert protocol.stats.gaps_backfilled == 2


def test_a_backfill_that_does_not_fill_the_gap_ends_the_connection(
        protocol: StreamProtocol) -> None:
    feed(protocol, fixes(15))
    assert protocol.receive_events([], NOW) == [Failed("backfill returned no events")]
    protocol.connection_opened()
    feed(protocol, fixes(15))
    assert protocol.receive_events([fixes(20)], NOW) == [Failed("backfill returned no events")]
    protocol.connection_opened()
    feed(protocol, fixes(15))
    assert protocol.receive_events([fixes(10)], NOW) == [Failed("backfill returned no new events")]
    protocol.connection_opened()
    feed(protocol, fixes(15))
    # A page with a hole: what comes before the hole is applied, then the connection ends.
    actions = protocol.receive_events([fixes(11), fixes(13)], NOW)
    assert delivered(actions) == [11]
    assert actions[-1] == Failed("out-of-order event 13")
    assert protocol.last_seq == 11
    # A new connection forgets the frames held for the old one: they are sent again.
    protocol.connection_opened()
    assert not protocol.backfilling
    assert delivered(feed(protocol, fixes(12))) == [12]


def test_a_page_without_a_backfill_under_way_is_a_bug(protocol: StreamProtocol) -> None:
    with pytest.raises(RuntimeError, match="no backfill"):
        protocol.receive_events([fixes(11)], NOW)


def test_resync_from_a_frame_a_close_or_a_compacted_backfill(protocol: StreamProtocol) -> None:
    frame = text(ResyncRequiredFrame(since=10, oldest_seq=50, head_seq=90, message="compacted"))
    assert protocol.receive_text(frame, NOW) == [Resync("compacted")]
    assert protocol.connection_closed(4409) == [Resync("server asked for a resync")]
    feed(protocol, fixes(15))
    assert protocol.backfill_gone("gone") == [Resync("gone")]
    assert protocol.stats.resyncs == 3
    # The snapshot's seq is the new base; the head starts there too.
    assert protocol.snapshot_loaded(80) == []
    assert protocol.last_seq == 80
    assert protocol.head_seq == 80
    assert not protocol.backfilling
    assert protocol.stream_path() == "/stream?since=80"
    assert delivered(feed(protocol, fixes(81))) == [81]


def test_a_new_snapshot_hands_over_the_old_bases_events_first(protocol: StreamProtocol) -> None:
    feed(protocol, fixes(11), fixes(12))
    leftover = protocol.snapshot_loaded(40)
    assert [type(a) for a in leftover] == [HandOver]
    assert [seq for e in leftover[0].events for seq in seqs_of(e)] == [11, 12]
    assert protocol.hand_over() == []


def test_malformed_frames_are_counted_and_the_stream_goes_on(protocol: StreamProtocol) -> None:
    junk = ["{not json", '{"type":"alien_invasion","seq":1}', '{"type":"positions"}', "\x00\xff"]
    for frame in junk:
        actions = protocol.receive_text(frame, NOW)
        assert len(actions) == 1
        assert isinstance(actions[0], Malformed)
        assert actions[0].reason
    assert protocol.stats.malformed == 4
    assert protocol.stats.frames == 4
    assert len(protocol.stats.last_malformed) == 4
    assert delivered(feed(protocol, fixes(11))) == [11]


def test_auth_errors_end_the_stream_other_errors_are_only_noted(
        protocol: StreamProtocol) -> None:
    expired = json.dumps({"type": "error", "error": "invalid_token", "message": "Expired."})
    assert protocol.receive_text(expired, NOW) == [ServerError("invalid_token", "Expired."),
                                                   AuthFailed("Expired.")]
    other = json.dumps({"type": "error", "error": "invalid_request", "message": "Bad since."})
    assert protocol.receive_text(other, NOW) == [ServerError("invalid_request", "Bad since.")]
    assert protocol.connection_closed(4401) == [AuthFailed("Session expired.")]
    body = json.dumps({"error": "invalid_token", "message": "Sign in again.", "detail": None})
    assert protocol.connection_refused(401, body.encode()) == [AuthFailed("Sign in again.")]
    assert protocol.connection_refused(401, b"") == [AuthFailed("Session expired.")]
    assert protocol.connection_refused(503, b"oops") == [Failed("Stream refused: HTTP 503")]


def test_silence_is_a_dead_link(protocol: StreamProtocol) -> None:
    assert protocol.receive_timeout == 15.0
    assert protocol.silence() == [LinkDead("No data from the server for 15 s.")]
    assert protocol.stats.dead_links == 1


def test_position_interval_asked_confirmed_and_reset_on_a_new_connection(
        protocol: StreamProtocol) -> None:
    assert json.loads(protocol.set_position_interval(5)) == {"type": "set_position_interval",
                                                             "seconds": 5.0}
    assert protocol.stream_path() == "/stream?since=10&positions_every=5"
    confirm = text(PositionIntervalFrame(seconds=5.0))
    assert protocol.receive_text(confirm, NOW) == [PositionInterval(5.0)]
    assert protocol.position_interval_in_effect == 5.0
    assert protocol.connection_opened() == []  # still asked for: the server confirms again
    assert protocol.set_position_interval(-3) == '{"type":"set_position_interval","seconds":0.0}'
    assert protocol.stream_path() == "/stream?since=10"
    assert protocol.connection_opened() == [PositionInterval(0.0)]  # a new connection: every fix
    assert protocol.position_interval_in_effect == 0.0
    assert protocol.connection_opened() == []
    protocol.set_position_interval(float("inf"))
    assert protocol.position_interval == 300.0
    protocol.set_position_interval(float("nan"))
    assert protocol.position_interval == 0.0


def test_stream_path_needs_a_base() -> None:
    with pytest.raises(RuntimeError, match="no base"):
        StreamProtocol().stream_path()


# ------------------------------------------------------------------ delivery batching


def test_frames_read_together_go_out_as_one_batch_on_the_next_turn(
        protocol: StreamProtocol) -> None:
    first = feed(protocol, fixes(11))
    assert first[-1] == ScheduleHandOver(0.0)
    assert not any(isinstance(a, ScheduleHandOver) for a in feed(protocol, fixes(12)))
    (batch,) = protocol.hand_over()
    assert isinstance(batch, HandOver)
    # Folded into one run of positions as they came: each lock's last fix, every seq.
    (run,) = batch.events
    assert isinstance(run, PositionsRun)
    assert list(run.seqs) == [11, 12]
    assert run.fixes == 2
    assert protocol.hand_over() == []


def fleet_at(seq: int) -> FleetState:
    """Three locks, LK-00000 to LK-00002, at ``seq``."""
    return FleetState(carrier=Carrier(id="frontera", name="Frontera"), seq=seq, locks={
        f"LK-{i:05d}": Lock(id=f"LK-{i:05d}", trailer_id=f"TR-{i}", seal_id=f"FS-{i}",
                            state=LockState.LOCKED, fiber_dbm=-11.0, fiber_baseline_dbm=-11.0,
                            battery_pct=90.0, last_contact=900.0) for i in range(3)})


def test_a_batch_folds_fixes_across_fiber_samples_and_the_store_announces_each_event(
        protocol: StreamProtocol) -> None:
    """Fixes, a fiber sample, more fixes: one run in the batch (the sample absorbed), which the
    store applies as one and announces with the sample in it (the fiber chart listens)."""
    from console.fleet.store import FleetStore

    sample = FiberEvent(seq=12, ts=1000.0, rows=[("LK-00000", 1000.0, -14.5, 80.0)])
    feed(protocol, fixes(11, rows=3), sample, fixes(13, rows=3), tamper(14))
    (batch,) = protocol.hand_over()
    assert isinstance(batch, HandOver)
    run, alarm = batch.events
    assert isinstance(run, PositionsRun)
    assert list(run.seqs) == [11, 12, 13]
    assert run.others == [sample]
    assert alarm.seq == 14
    store = FleetStore()
    store.restore(fleet_at(10))
    announced: list[Any] = []
    store.eventsApplied.connect(announced.extend)
    store.apply_events(list(batch.events))
    assert store.seq == 14
    assert [type(e).__name__ for e in announced] == ["PositionsRun", "FiberEvent", "TamperEvent"]
    assert store.state is not None
    assert store.state.locks["LK-00000"].fiber_dbm == -14.5
    assert store.applied_events == 4


def test_catching_up_telemetry_waits_for_a_batch_but_an_alarm_never_waits(
        protocol: StreamProtocol) -> None:
    half = BACKLOG_ROWS // 2 + 1
    feed(protocol, fixes(11, rows=half), fixes(12, rows=half))
    assert handed(protocol) == [11, 12]
    # That batch was a backlog's: telemetry now waits for more...
    assert feed(protocol, fixes(13))[-1] == ScheduleHandOver(BACKLOG_WINDOW_S)
    assert isinstance(feed(protocol, FiberEvent(seq=14, ts=1000.0, rows=[]))[-1], Deliver)
    # ...but anything else does not: the batch goes out on the next turn, with what came first.
    assert feed(protocol, tamper(15))[-1] == ScheduleHandOver(0.0)
    assert handed(protocol) == [13, 14, 15]
    # A small batch: no longer catching up, telemetry goes on the next turn again.
    assert feed(protocol, fixes(16))[-1] == ScheduleHandOver(0.0)


def test_behind_the_head_a_backlog_waits_in_proportion_to_what_handing_over_costs(
        protocol: StreamProtocol) -> None:
    """Reading a backlog the server announced (its head is ahead), each hand-over re-applies
    every lock that moved: batches wait ten times what the last hand-over cost, within
    bounds. Level with the head, the short window is back; an alarm never waits."""
    protocol.receive_text(hello(20), NOW)
    half = BACKLOG_ROWS // 2 + 1
    feed(protocol, fixes(11, rows=half), fixes(12, rows=half))
    assert handed(protocol) == [11, 12]
    protocol.hand_over_cost(0.03)
    assert feed(protocol, fixes(13, rows=BACKLOG_ROWS))[-1] == ScheduleHandOver(
        pytest.approx(BACKLOG_LOAD_FACTOR * 0.03))
    # The fleet's routine (a geofence crossed) waits with the fixes; a tamper does not.
    crossing = GeofenceExitEvent(seq=14, ts=1000.0, lock_id="LK-00001", trailer_id="TR-1",
                                 geofence_id="GF-1", geofence_name="Yard")
    assert isinstance(feed(protocol, crossing)[-1], Deliver)
    assert feed(protocol, tamper(15))[-1] == ScheduleHandOver(0.0)
    assert handed(protocol) == [13, 14, 15]
    protocol.hand_over_cost(3.0)  # a very costly hand-over: never more than the ceiling
    assert feed(protocol, fixes(16, rows=BACKLOG_ROWS))[-1] == ScheduleHandOver(
        BACKLOG_MAX_WINDOW_S)
    assert handed(protocol) == [16]
    # Waiting for more of the backlog, the batch reaches the head: out on the next turn.
    protocol.hand_over_cost(0.03)
    protocol.head_seq = 18
    assert feed(protocol, fixes(17, rows=BACKLOG_ROWS))[-1] == ScheduleHandOver(
        pytest.approx(BACKLOG_LOAD_FACTOR * 0.03))
    assert feed(protocol, fixes(18, rows=BACKLOG_ROWS))[-1] == ScheduleHandOver(0.0)
    assert handed(protocol) == [17, 18]
    protocol.head_seq = 20
    protocol.hand_over_cost(0.03)
    # Level with the head (a live fleet's second of fixes): the short window, whatever it cost.
    feed(protocol, fixes(19, rows=BACKLOG_ROWS))
    assert handed(protocol) == [19]
    assert feed(protocol, fixes(20, rows=BACKLOG_ROWS))[-1] == ScheduleHandOver(
        BACKLOG_WINDOW_S)


def test_what_may_wait_is_routine_and_everything_a_dispatcher_acts_on_is_not() -> None:
    kinds = {model.model_fields["type"].default for model in EVENT_MODELS}
    assert ROUTINE_TYPES.issubset(kinds)
    assert {"alarm_raised", "tamper", "lock_state", "seal", "driver_message",
            "unlock_request"} <= kinds - ROUTINE_TYPES


def test_an_urgent_event_after_an_urgent_one_changes_nothing() -> None:
    batch = DeliveryBatch(catching_up=True)
    assert batch.add([tamper(1)]) == ScheduleHandOver(0.0)
    assert batch.add([tamper(2)]) is None
    assert batch.add([fixes(3)]) is None


def test_a_huge_batch_is_handed_over_at_once() -> None:
    batch = DeliveryBatch(max_rows=10)
    assert batch.add([fixes(1, rows=4)]) == ScheduleHandOver(0.0)
    handed = batch.add([fixes(2, rows=6)])
    assert isinstance(handed, HandOver)
    assert [seq for e in handed.events for seq in seqs_of(e)] == [1, 2]
    assert batch.scheduled is None  # the wrapper drops the hand-over it had scheduled
    assert BACKLOG_MAX_ROWS > BACKLOG_ROWS


# --------------------------------------------------------------------------- the hash chain


def chained(seq: int, prev_hash: str) -> TamperEvent:
    """A tamper event at ``seq`` that links to ``prev_hash``; its own hash is ``h<seq>``."""
    event = tamper(seq)
    event.prev_hash, event.hash = prev_hash, f"h{seq}"
    return event


def hello_at(head_seq: int, since_hash: str | None, protocol: int = PROTOCOL_VERSION) -> str:
    return text(HelloFrame(carrier=Carrier(id="frontera", name="Frontera"), user="ana",
                           head_seq=head_seq, server_time=NOW, since_hash=since_hash,
                           protocol=protocol))


def test_events_that_continue_the_chain_are_applied() -> None:
    protocol = StreamProtocol()
    protocol.resume_from(10, "h10")
    assert protocol.receive_text(hello_at(12, "h10"), NOW)[0] == Status(
        ConnectionState.LIVE, "Live as ana")
    assert delivered(feed(protocol, chained(11, "h10"), chained(12, "h11"))) == [11, 12]
    assert protocol.last_hash == "h12"
    assert protocol.stats.forks == 0


def test_an_event_that_does_not_link_to_the_last_one_applied_is_a_fork() -> None:
    protocol = StreamProtocol()
    protocol.resume_from(10, "h10")
    protocol.receive_text(hello_at(12, None), NOW)  # an older server: no since_hash
    actions = feed(protocol, chained(11, "h10"), chained(12, "other"))
    assert delivered(actions) == [11]  # what still followed our chain
    assert isinstance(actions[-1], Forked)
    assert actions[-1].seq == 11
    assert "prev_hash differs" in actions[-1].reason
    assert protocol.stats.forks == 1


def test_hello_naming_another_hash_at_our_seq_is_a_fork() -> None:
    protocol = StreamProtocol()
    protocol.resume_from(10, "h10")
    actions = protocol.receive_text(hello_at(15, "not-h10"), NOW)
    assert actions == [Forked("the server's event 10 is not the one this console applied "
                              "(its chain hash differs)", 10)]
    assert not protocol.live


@pytest.mark.parametrize("frame", [
    hello_at(7, None),
    text(HeartbeatFrame(head_seq=7, server_time=NOW)),
    text(ResyncRequiredFrame(since=10, oldest_seq=1, head_seq=7, message="ahead")),
])
def test_a_server_head_behind_what_was_applied_is_a_fork(frame: str) -> None:
    protocol = StreamProtocol()
    protocol.resume_from(10, "h10")
    actions = protocol.receive_text(frame, NOW)
    assert len(actions) == 1
    assert isinstance(actions[0], Forked)
    assert "ends at 7" in actions[0].reason


def test_an_unknown_hash_checks_nothing_until_one_is_known() -> None:
    protocol = StreamProtocol()
    protocol.resume_from(10)  # an older journal: no hash
    protocol.receive_text(hello_at(12, "h10"), NOW)
    assert delivered(feed(protocol, chained(11, "anything"))) == [11]
    assert isinstance(feed(protocol, chained(12, "not-h11"))[-1], Forked)


def test_a_compacted_resync_is_not_a_fork() -> None:
    protocol = StreamProtocol()
    protocol.resume_from(10, "h10")
    frame = ResyncRequiredFrame(since=10, oldest_seq=50, head_seq=90, message="compacted")
    assert protocol.receive_text(text(frame), NOW) == [Resync("compacted")]


# --------------------------------------------------------------------------- undecodable events


def test_an_event_that_does_not_decode_keeps_its_place_and_the_chain() -> None:
    protocol = StreamProtocol()
    protocol.resume_from(10, "h10")
    foreign = json.dumps({"seq": 11, "ts": 1000.0, "type": "door_sensor", "prev_hash": "h10",
                          "hash": "h11", "open": True})
    actions = protocol.receive_text(foreign, NOW)
    assert isinstance(actions[0], Malformed)
    assert "event 11 (door_sensor) set aside" in actions[0].reason
    deliver = next(a for a in actions if isinstance(a, Deliver))
    (event,) = deliver.events
    assert isinstance(event, UndecodedEvent)
    assert (event.seq, event.type, event.raw) == (11, "door_sensor", foreign)
    assert deliver.texts == (foreign,)
    # The next event links to it and is applied; nothing was backfilled.
    assert delivered(feed(protocol, chained(12, "h11"))) == [12]
    assert protocol.stats.rejected_events == 1
    assert not protocol.backfilling


def test_an_event_of_a_known_type_out_of_range_is_set_aside_too() -> None:
    protocol = StreamProtocol()
    protocol.resume_from(10)
    bad = json.dumps({"seq": 11, "ts": 1000.0, "type": "positions", "prev_hash": "",
                      "hash": "", "rows": [["LK-1", 1000.0, 95.0, 0.0, 0.0, 0.0]]})  # lat 95
    actions = protocol.receive_text(bad, NOW)
    assert [type(e) for a in actions if isinstance(a, Deliver) for e in a.events] == [
        UndecodedEvent]
    assert protocol.last_seq == 11


def test_a_backfill_page_may_carry_an_event_set_aside() -> None:
    protocol = StreamProtocol()
    protocol.resume_from(10, "h10")
    backfill = protocol.receive_text(text(chained(13, "h12")), NOW)[-1]
    assert backfill == Backfill(10, 12, 2)
    foreign = UndecodedEvent(seq=11, ts=0.0, type="door_sensor", prev_hash="h10", hash="h11",
                             reason="unknown type", raw='{"seq":11}')
    actions = protocol.receive_events([foreign, chained(12, "h11")], NOW)
    assert delivered(actions) == [11, 12, 13]
    assert next(a for a in actions if isinstance(a, Deliver)).texts[0] == '{"seq":11}'


# --------------------------------------------------------------------------- protocol version


def test_a_hello_of_another_protocol_stops_the_stream() -> None:
    protocol = StreamProtocol()
    protocol.resume_from(0)
    (action,) = protocol.receive_text(hello_at(3, None, protocol=PROTOCOL_VERSION + 1), NOW)
    assert isinstance(action, Incompatible)
    assert action.server_protocol == PROTOCOL_VERSION + 1
    assert not protocol.live


def test_a_hello_of_another_protocol_with_fields_we_do_not_know_stops_it_too() -> None:
    protocol = StreamProtocol()
    protocol.resume_from(0)
    frame = json.loads(hello_at(3, None))
    frame.update(protocol=PROTOCOL_VERSION + 1, seal_ledger=True)
    (action,) = protocol.receive_text(json.dumps(frame), NOW)
    assert isinstance(action, Incompatible)
