"""The stream's pure rules: sequencing, backoff, rates."""

from __future__ import annotations

import itertools

import pytest

from console.link.streaming import EventRate, Sequencer, Verdict, backoff


def test_sequencer_applies_next_drops_duplicates_and_flags_gaps() -> None:
    seq = Sequencer(10)
    assert seq.classify(11) is Verdict.APPLY
    assert seq.classify(10) is Verdict.DUPLICATE
    assert seq.classify(3) is Verdict.DUPLICATE
    assert seq.classify(13) is Verdict.GAP
    seq.advance(11)
    assert seq.last_seq == 11
    with pytest.raises(ValueError, match="advance"):
        seq.advance(13)


def test_backoff_grows_exponentially_to_a_cap_with_bounded_jitter() -> None:
    no_jitter = list(itertools.islice(backoff(0.5, 2.0, 8.0, jitter=0.5, rand=lambda: 0.0), 7))
    assert no_jitter == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    full = list(itertools.islice(backoff(0.5, 2.0, 8.0, jitter=0.5, rand=lambda: 1.0), 7))
    assert full == [0.25, 0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    import random

    rng = random.Random(3)
    delays = list(itertools.islice(backoff(rand=rng.random), 50))
    assert all(0 < d <= 30.0 for d in delays)
    assert len(set(delays)) > 40  # jittered: consoles do not reconnect in lockstep


def test_event_rate_is_a_sliding_window() -> None:
    rate = EventRate(window_s=5.0)
    rate.add(100.0, 500)
    rate.add(101.0, 500)
    assert rate.rate(101.0) == pytest.approx(200.0)
    rate.add(110.0, 50)
    assert rate.rate(110.0) == pytest.approx(10.0)


def test_governor_thins_positions_when_behind_and_comes_back_without_flapping() -> None:
    from console.link.streaming import PositionRateGovernor

    gov = PositionRateGovernor(up_after=3, down_after=5, max_down_after=40)
    busy, easy = (4.0, 10.0), (0.2, 5.0)
    assert [gov.sample(*busy) for _ in range(3)] == [None, None, 2.0]
    assert [gov.sample(*busy) for _ in range(3)] == [None, None, 5.0]
    assert gov.sample(0.5, 500.0) is None  # a loop that runs late counts as busy too
    assert [gov.sample(*easy) for _ in range(5)] == [None] * 4 + [2.0]
    # Overloaded again right after stepping down: up again, and the next try waits twice as long.
    assert [gov.sample(*busy) for _ in range(3)] == [None, None, 5.0]
    assert [gov.sample(*easy) for _ in range(10)] == [None] * 9 + [2.0]
    assert [gov.sample(*easy) for _ in range(10)] == [None] * 9 + [0.0]
    assert gov.interval == 0.0
    assert all(gov.sample(*easy) is None for _ in range(50))  # at every fix, stays there


def test_connection_status_keeps_since_and_down_since_across_moves() -> None:
    from console.link.streaming import ConnectionState, ConnectionStatus

    live = ConnectionStatus(ConnectionState.CONNECTING, 100.0).moved_to(
        ConnectionState.LIVE, 101.0, "Live as ana")
    assert (live.since, live.down_since, live.live) == (101.0, None, True)
    down = live.moved_to(ConnectionState.RECONNECTING, 110.0, "Connection lost.", retry_at=111.0)
    assert (down.since, down.down_since, down.retry_at) == (110.0, 110.0, 111.0)
    again = down.moved_to(ConnectionState.RECONNECTING, 112.0, "Cannot reach the server.")
    assert (again.since, again.down_since, again.detail) == (110.0, 110.0,
                                                            "Cannot reach the server.")
    assert again.down_state(139.0, offline_after_s=30.0) is ConnectionState.RECONNECTING
    assert again.down_state(140.0, offline_after_s=30.0) is ConnectionState.OFFLINE
    offline = again.moved_to(ConnectionState.OFFLINE, 140.0)
    assert (offline.since, offline.down_since) == (140.0, 110.0)
    back = offline.moved_to(ConnectionState.LIVE, 150.0)
    assert (back.since, back.down_since) == (150.0, None)
    # Never live yet: down since the first status.
    fresh = ConnectionStatus(ConnectionState.SIGNED_OUT, 1.0)
    assert fresh.down_state(5.0, offline_after_s=30.0) is ConnectionState.RECONNECTING
    assert fresh.moved_to(ConnectionState.CONNECTING, 5.0).down_since == 5.0
