"""The simulated driver apps: receipts of dispatchers' messages, replies in the driver's
language, apps going on and offline."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from cloudsim.sim import _REPLIES
from opticallock.protocol import DriverMessage, Language, MessageDirection, MessageStatus
from tests.cloudsim.sim_world import T0, World, dispatcher_message


def test_messages_are_delivered_read_and_often_answered_in_the_drivers_language() -> None:
    w = World(n=80, accel=1.0)
    w.run(0.25)
    drivers = {d.id: d for c in w.definition.carriers for d in c.drivers}
    online = [d for d in drivers if w.sim._app_online[w.sim._driver_index[d]]
              and not w.sim._app_flaky[w.sim._driver_index[d]]]
    sent_at = w.now
    for n, driver_id in enumerate(online[:60]):
        w.sim.on_dispatcher_message(dispatcher_message(driver_id, n, sent_at))
    w.run(90.0)
    status: dict[str, dict[str, float]] = defaultdict(dict)
    for msg_id, ts, st in w.sink.of("message_status"):
        assert st not in status[msg_id]
        status[msg_id][st] = ts
    assert len(status) == 60
    for times in status.values():
        assert 1.0 - 0.25 <= times["delivered"] - sent_at <= 5.0 + 0.25
        assert 5.0 - 0.25 <= times["read"] - times["delivered"] <= 30.0 + 0.25
    replies = w.sink.of("reply")
    assert 15 <= len(replies) <= 45  # about half
    english = {t for texts in _REPLIES[Language.EN].values() for t in texts}
    spanish = {t for texts in _REPLIES[Language.ES].values() for t in texts}
    for driver_id, ts, text, reply_to in replies:
        assert reply_to in status
        assert 10.0 - 0.25 <= ts - status[reply_to]["read"] <= 40.0 + 0.25
        assert text in (spanish if drivers[driver_id].language is Language.ES else english)
        assert reply_to == f"MSG-{online.index(driver_id):04d}"


def test_messages_wait_for_an_offline_app_and_delays_shrink_with_accel() -> None:
    w = World(n=10, accel=10.0)
    w.run(0.25)
    driver_id = w.sim.driver_ids[2]
    w.sim.set_driver_app_online(driver_id, False)
    w.run(0.25)
    assert w.sink.of("driver_app")[-1][0::2] == (driver_id, False)
    w.sim.on_dispatcher_message(dispatcher_message(driver_id, 1, w.now))
    w.run(30.0)  # 300 sim seconds: offline for at least 5 sim minutes
    assert not w.sink.of("message_status")
    w.sim.set_driver_app_online(driver_id, True)
    w.run(0.25)
    back = w.now
    w.run(5.0)
    delivered = [a for a in w.sink.of("message_status") if a[2] == "delivered"]
    assert len(delivered) == 1
    assert 0.1 - 0.25 <= delivered[0][1] - back <= 0.5 + 0.25  # 1-5 s / accel 10
    # A second message to the now-online app: also within 0.5 s real.
    w.sim.on_dispatcher_message(dispatcher_message(driver_id, 2, w.now))
    start = w.now
    w.run(2.0)
    second = [a for a in w.sink.of("message_status") if a[0] == "MSG-0002"]
    assert second[0][2] == "delivered"
    assert second[0][1] - start <= 0.75


def test_flaky_apps_toggle_and_messages_from_drivers_are_ignored() -> None:
    w = World(n=200, accel=3600.0)
    w.run(60.0, dt=1.0)  # 60 sim hours
    by_driver: dict[str, list[bool]] = defaultdict(list)
    for driver_id, _ts, online in w.sink.of("driver_app"):
        by_driver[driver_id].append(online)
    assert 3 <= len(by_driver) <= 60  # a few drivers, not everybody
    for states in by_driver.values():
        assert all(a != b for a, b in itertools.pairwise(states))  # alternate
    reply = DriverMessage(id="MSG-9", driver_id=w.sim.driver_ids[0],
                          direction=MessageDirection.FROM_DRIVER, text="hi",
                          status=MessageStatus.REPLY, created_at=T0, updated_at=T0)
    w.sim.on_dispatcher_message(reply)
    w.run(60.0, dt=1.0)
    assert not w.sink.of("message_status")


def test_every_message_is_answered_when_asked_never_twice_in_the_same_words() -> None:
    w = World(n=10, reply_probability=1.0, app_delay_scale=0.05)
    w.run(0.25)
    driver_id = next(d for d in w.sim.driver_ids
                     if w.sim._app_online[w.sim._driver_index[d]]
                     and not w.sim._app_flaky[w.sim._driver_index[d]])
    for n in range(6):
        w.sim.on_dispatcher_message(dispatcher_message(driver_id, n, w.now))
        w.run(3.0)  # 0.05-0.25 s delivered, 0.25-1.5 s read, 0.5-2 s answered
    texts = [text for d, _ts, text, _to in w.sink.of("reply") if d == driver_id]
    assert len(texts) == 6
    assert all(a != b for a, b in itertools.pairwise(texts))
    with pytest.raises(ValueError, match="reply_probability"):
        World(n=2, reply_probability=1.5)
