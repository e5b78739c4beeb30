"""The seal-maintenance list from a real cloudsim: three seals made to sag through the cloud's
device interface (as the locks would report them, two days of hourly readings) come back as
work orders with their trend, most urgent first, fetched a bounded number of locks at a time;
the work orders' CSV says them."""

from __future__ import annotations

import asyncio
import csv
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QObject

from cloudsim.server import EmbeddedCloud, start_embedded
from console.link.api import CloudApi
from console.link.client import CloudClient
from console.seal.maintenance import CSV_COLUMNS, build_work_orders, write_work_orders
from opticallock.protocol import Lock
from opticallock.seal_maintenance import Action, is_candidate
from tests.asyncqt import run

USER, PASSWORD = "ana", "pw-ana-maint"
DAY = 86400.0


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=12, seed=5, users=[(USER, PASSWORD, None)],
                              incident_rate=0.0, simulate=False)
    yield instance
    instance.stop()


def sag_series(cloud: EmbeddedCloud, now: float) -> dict[str, tuple[float, float]]:
    """Report two days of hourly readings for three locks of the first carrier: (sag at the
    end, dB lost per day) by lock id."""
    assert cloud.cloud is not None
    service = cloud.cloud.service
    clog = service.logs[next(iter(service.logs))]
    locks = sorted(clog.state.locks.values(), key=lambda lk: lk.id)[:3]
    plan = {locks[0].id: (4.0, 1.0), locks[1].id: (8.0, 0.0), locks[2].id: (5.0, 3.0)}

    def report() -> None:
        for lock in locks:
            end_sag, per_day = plan[lock.id]
            for h in range(49):
                ts = now - 2 * DAY + h * 3600.0
                sag = end_sag - per_day * (now - ts) / DAY
                service.report_sample(lock.id, ts, lock.fiber_baseline_dbm - sag, 90.0)
        service.flush()

    cloud.call(report)
    return plan


def test_sagging_seals_become_work_orders_most_urgent_first(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop,
        tmp_path: Path) -> None:
    now = time.time()
    plan = sag_series(cloud, now)
    in_flight = [0]
    most = [0]

    async def body() -> tuple[list[Lock], list[Any]]:
        client = CloudClient(cloud.url, parent=owner)
        await client.sign_in(USER, PASSWORD)

        async def counted(method: str, path: str, **kwargs: Any) -> httpx.Response:
            fiber = path.endswith("/fiber")
            in_flight[0] += fiber
            most[0] = max(most[0], in_flight[0])
            try:
                return await client.request(method, path, **kwargs)
            finally:
                in_flight[0] -= fiber

        try:
            api = CloudApi(counted)
            locks = (await api.fleet()).locks
            return locks, await build_work_orders(api, locks, now + 1, concurrency=2)
        finally:
            await client.close()

    locks, orders = run(aloop, body(), timeout=60)
    assert all(is_candidate(lk) for lk in locks if lk.id in plan)
    assert {o.lock_id for o in orders} == {lk.id for lk in locks if is_candidate(lk)}
    assert 1 <= most[0] <= 2
    mine = [o for o in orders if o.lock_id in plan]
    a, b, c = sorted(plan)
    # c: 5 dB losing 3 a day (1.7 days left); a: 4 dB losing 1 a day (6 days); b: 8 dB, steady.
    assert [o.lock_id for o in mine] == [c, a, b]
    by_lock = {o.lock_id: o for o in mine}
    assert by_lock[a].sag_db == pytest.approx(4.0, abs=0.01)
    assert by_lock[a].trend_db_per_day == pytest.approx(1.0, abs=0.01)
    assert by_lock[a].days_to_limit == pytest.approx(6.0, abs=0.1)
    assert by_lock[a].action is Action.CLEAN_CONNECTOR
    assert by_lock[a].samples == 49
    assert by_lock[c].days_to_limit == pytest.approx(5 / 3, abs=0.05)
    assert by_lock[c].action is Action.REPLACE_SEAL
    assert by_lock[b].days_to_limit is None
    assert by_lock[b].action is Action.REPLACE_SEAL
    lock_of = {lk.id: lk for lk in locks}
    assert by_lock[a].seal_number == lock_of[a].seal_id
    assert by_lock[a].trailer_id == lock_of[a].trailer_id

    out = write_work_orders(tmp_path / "orders.csv", orders, now)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["lock_id"] for r in rows] == [o.lock_id for o in orders]
    row_a = next(r for r in rows if r["lock_id"] == a)
    assert (row_a["action"], row_a["action_text"], row_a["sag_db"], row_a["readings"]) == (
        "clean_connector", "Clean connector", "4.00", "49")
    assert float(row_a["trend_db_per_day"]) == pytest.approx(1.0, abs=0.01)
    assert rows[0]["priority"] == "1"
