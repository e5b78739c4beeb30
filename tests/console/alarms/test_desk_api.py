"""The alarm desk over the typed cloud API: what it sends, through which API, and what it does
with an action no cloud would accept (the fake cloud of alarm_data.Wire plays the answers)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QObject

from console.alarms.desk import AlarmDesk
from console.alarms.outbox import Outbox
from console.link.api import CloudApi
from tests.asyncqt import run, wait_until
from tests.console.alarms.alarm_data import Wire, make_alarm, set_live, store_with


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    with Outbox(tmp_path / "outbox.db") as box:
        yield box


class Signals:
    """What the desk said was done or refused, in order."""

    def __init__(self, desk: AlarmDesk) -> None:
        self.done: list[tuple[str, str]] = []
        self.failed: list[tuple[str, str]] = []
        desk.actionDone.connect(lambda a, k: self.done.append((a, k)))
        desk.actionFailed.connect(lambda a, m: self.failed.append((a, m)))


def test_an_action_stored_in_a_form_the_cloud_would_refuse_is_dropped_unsent(
        owner: QObject, aloop: asyncio.AbstractEventLoop, outbox: Outbox) -> None:
    store, _feed = store_with(make_alarm("AL-1", atype="battery_low"), parent=owner)
    # As an older console may have left it: a step id the protocol does not allow.
    outbox.add("step", "AL-1", {"request_id": "s" * 32, "step_id": "Call Driver!",
                                "label": "Call the driver", "done": True}, username="ana")
    desk = AlarmDesk(store, outbox, username="ana", parent=store)
    signals = Signals(desk)
    wire = Wire()
    client = wire.client()
    desk.set_client(client)

    async def body() -> None:
        set_live(client)
        desk.mark_seen("AL-1")  # the next action still goes
        await wait_until(lambda: desk.pending_count() == 0)
        await client.close()

    run(aloop, body())
    desk.stop()
    assert [p for p, _ in wire.requests] == ["/alarms/AL-1/seen"]
    [(alarm_id, message)] = signals.failed
    assert alarm_id == "AL-1"
    assert message.startswith("Action-plan step of alarm AL-1 was refused")
    assert signals.done == [("AL-1", "seen")]


def test_the_desk_sends_through_the_api_it_is_handed(
        owner: QObject, aloop: asyncio.AbstractEventLoop, outbox: Outbox) -> None:
    store, _feed = store_with(make_alarm("AL-1", atype="gps_lost"), parent=owner)
    desk = AlarmDesk(store, outbox, username="ana", parent=store)
    signals = Signals(desk)
    wire = Wire()
    client = wire.client()
    through: list[str] = []

    async def request(method: str, path: str, **kw: Any) -> httpx.Response:
        through.append(f"{method} {path}")
        return await client.request(method, path, **kw)

    api = CloudApi(request)
    desk.set_client(client, api)
    assert desk.api is api

    async def body() -> None:
        set_live(client)
        desk.acknowledge("AL-1", "")
        await wait_until(lambda: desk.pending_count() == 0)
        await client.close()

    run(aloop, body())
    desk.stop()
    assert through == ["POST /alarms/AL-1/ack"]
    assert signals.done == [("AL-1", "ack")]
    desk.set_client(None)
    assert desk.api is None
