"""A set of alarms staged in a real cloudsim with controlled timing, for the statistics tests.

The cloud's clock is one the test holds still and moves (:class:`StillClock`), so every alarm's
raise, acknowledgement and resolution lands at a second the test chose, and the medians and
p90s can be worked out by hand. Incidents are staged with ``sim.inject_incident`` (the alarm is
raised at the simulator's next tick, at the clock's time then); dispatchers act through
:class:`~console.link.api.CloudApi` as the console does.

Staged (times from ``T0``; the period is ``[T0, T0 + 3600)``):

====== ============ ========== ================= =================
alarm  type         raised     acknowledged      resolved
====== ============ ========== ================= =================
before fiber_cut    -600       ana at -540       —
a      fiber_cut    0          ana at +120       ben at +600
b      forced_entry +60        ben at +240       —
c      battery_low  +120       —                 ana at +1320
d      fiber_cut    +180       ana at +780       ana at +2580
====== ============ ========== ================= =================

Times to acknowledge: a 120, b 180, d 600 (median 180, p90 600). Times to resolve: a 600,
c 1200, d 2400 (median 1200, p90 2400). Open: b.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from cloudsim.server import EmbeddedCloud, start_embedded
from console.link.api import CloudApi
from console.link.client import CloudClient
from opticallock.alarm_stats import Period
from opticallock.protocol import (
    AcknowledgeRequest,
    Alarm,
    OwnerRequest,
    ResolveOutcome,
    ResolveRequest,
)
from tests.asyncqt import wait_until_async

USERS: list[tuple[str, str, str | None]] = [("ana", "pw-ana-1", None), ("ben", "pw-ben-1", None)]
PASSWORDS = {u: p for u, p, _ in USERS}
#: The staged hour starts on a whole minute, a while ago.
T0 = float(int(time.time() // 60 * 60) - 7200)
PERIOD = Period(T0, T0 + 3600.0)


class StillClock:
    """The world's time, still until the test moves it."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def start_cloud(data_dir: Path, clock: StillClock) -> EmbeddedCloud:
    return start_embedded(data_dir, locks=12, seed=5, users=USERS, incident_rate=0.0,
                          fix_interval_s=1.0, sample_interval_s=2.0, clock=clock)


@dataclass
class Staged:
    #: Staged alarm ids by letter ("before", "a", "b", "c", "d").
    ids: dict[str, str]

    def in_period(self) -> set[str]:
        return {v for k, v in self.ids.items() if k != "before"}


def rid() -> str:
    return uuid.uuid4().hex


async def signed_in(cloud: EmbeddedCloud, user: str, clients: list[CloudClient]) -> CloudApi:
    client = CloudClient(cloud.url)
    clients.append(client)
    await client.sign_in(user, PASSWORDS[user])
    return CloudApi(client.request)


async def raise_alarm(cloud: EmbeddedCloud, api: CloudApi, kind: str, atype: str,
                      taken: set[str]) -> Alarm:
    """Stage an incident on a lock with no alarm yet; its alarm once the cloud has it."""
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    lock_id = cloud.call(lambda: sim.inject_incident(kind))
    found: list[Alarm] = []

    async def raised() -> bool:
        page = await api.alarms(limit=200)
        found[:] = [a for a in page.items if a.lock_id == lock_id and a.type.value == atype
                    and a.id not in taken]
        return bool(found)

    await wait_until_async(raised, timeout=30, what=f"{atype} on {lock_id}")
    taken.add(found[0].id)
    return found[0]


async def stage(cloud: EmbeddedCloud, clock: StillClock) -> tuple[Staged, list[CloudClient]]:
    clients: list[CloudClient] = []
    ana = await signed_in(cloud, "ana", clients)
    ben = await signed_in(cloud, "ben", clients)
    taken: set[str] = set()
    by = {"ana": ana, "ben": ben}

    async def at(offset: float) -> None:
        clock.now = T0 + offset
        await asyncio.sleep(0)

    async def ack(alarm: Alarm, user: str, offset: float) -> None:
        await at(offset)
        await by[user].acknowledge(alarm.id, AcknowledgeRequest(request_id=rid()))

    async def resolve(alarm: Alarm, user: str, offset: float) -> None:
        await at(offset)
        owner = (await by[user].alarm(alarm.id)).owner
        if owner not in (None, user):  # a colleague's alarm: taken over, as the desk would
            await by[user].set_owner(alarm.id, OwnerRequest(request_id=rid(),
                                                            action="take_over"))
        await by[user].resolve(alarm.id, ResolveRequest(
            request_id=rid(), outcome=ResolveOutcome.FALSE_ALARM, note="staged"))

    ids: dict[str, str] = {}
    await at(-600)
    before = await raise_alarm(cloud, ana, "fiber_cut", "fiber_cut", taken)
    await ack(before, "ana", -540)
    await at(0)
    a = await raise_alarm(cloud, ana, "fiber_cut", "fiber_cut", taken)
    await at(60)
    b = await raise_alarm(cloud, ana, "forced_entry", "forced_entry", taken)
    await at(120)
    c = await raise_alarm(cloud, ana, "battery_low", "battery_low", taken)
    await ack(a, "ana", 120)
    await at(180)
    d = await raise_alarm(cloud, ana, "fiber_cut", "fiber_cut", taken)
    await ack(b, "ben", 240)
    await resolve(a, "ben", 600)
    await ack(d, "ana", 780)
    await resolve(c, "ana", 1320)
    await resolve(d, "ana", 2580)
    ids.update(before=before.id, a=a.id, b=b.id, c=c.id, d=d.id)
    # The cloud's "now" moves on to the end of the period (past it is the test's choice).
    await at(3000)
    return Staged(ids), clients


def close_all(loop: asyncio.AbstractEventLoop, clients: list[CloudClient]) -> None:
    for client in clients:
        loop.run_until_complete(client.close())
