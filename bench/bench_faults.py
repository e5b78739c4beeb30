"""The link under each fault, with figures: events lost and duplicated, seconds to "not live",
seconds to recover, and whether the fleet ended equal to the server's (a script, not a test;
the same faults are asserted in tests/console/link/test_faults.py).

A real cloudsim (its own thread, real sockets, 200 locks at one fix a second each) and the
console's cloud client and fleet store on a qasync loop, as in the console. Faults come from
cloudsim/faults.py (the log) and tests/faultproxy.py (the network).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_faults.py [--dead-after 15] [--json F]

With the console's real dead-link time (15 s: three heartbeats) the run takes a few minutes;
``--dead-after 3`` shows the same behaviour faster.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402

from cloudsim.faults import copy_database, log_foreign_event, restore_database  # noqa: E402
from cloudsim.server import EmbeddedCloud, start_embedded  # noqa: E402
from console.fleet.store import FleetStore  # noqa: E402
from console.link.client import CloudClient  # noqa: E402
from opticallock.fleet import seqs_of  # noqa: E402
from tests.asyncqt import LocalQEventLoop, wait_until  # noqa: E402
from tests.faultproxy import FaultProxy  # noqa: E402

PASSWORD = "bench-pw"


def quick_backoff() -> Iterator[float]:
    """The client's backoff starts near 0.5 s; a fixed short one keeps figures comparable."""
    while True:
        yield 0.2


class Run:
    """One client and store through a proxy to the cloud, recording what the store was given."""

    def __init__(self, cloud: EmbeddedCloud, proxy: FaultProxy, dead_after: float) -> None:
        self.cloud = cloud
        self.proxy = proxy
        self.client = CloudClient(proxy.url, backoff_factory=quick_backoff,
                                  dead_after_s=dead_after)
        self.store = FleetStore(coalesce_ms=50)
        self.client.snapshotLoaded.connect(self.store.load_snapshot)
        self.client.eventsReceived.connect(self.store.apply_events)
        self.seqs: list[int] = []
        self.bases: list[int] = []
        self.client.snapshotLoaded.connect(lambda s: self.bases.append(s.seq))
        self.client.eventsReceived.connect(
            lambda evs: self.seqs.extend(s for e in evs for s in seqs_of(e)))
        self.rejected: list[Any] = []
        self.client.eventRejected.connect(self.rejected.append)
        self.not_live_at: float | None = None
        self.client.statusChanged.connect(self._on_status)

    def _on_status(self, status: Any) -> None:
        if not status.live and self.not_live_at is None:
            self.not_live_at = time.monotonic()

    def clog(self) -> Any:
        assert self.cloud.cloud is not None
        return self.cloud.cloud.service.logs["frontera"]

    async def live(self, more_than: int = 3) -> None:
        mark = self.store.seq or 0
        await wait_until(lambda: self.client.status.live and (self.store.seq or 0) > mark
                         + more_than, timeout=120, what="live and moving")

    async def settle(self) -> dict[str, Any]:
        """Stop the fleet, catch up to the head, and count what the store was given since its
        last base: missing seqs, duplicates, and whether its fleet equals the server's."""
        cloud = self.cloud
        assert cloud.cloud is not None
        inner = cloud.cloud

        def pause() -> int:
            inner.config.simulate = False
            inner.service.flush()
            return int(inner.service.logs["frontera"].head_seq)

        head = await asyncio.to_thread(cloud.call, pause)
        await wait_until(lambda: self.client.status.live and self.store.seq == head,
                         timeout=120, what="caught up")
        base = self.bases[-1]
        after = [s for s in self.seqs if s > base]
        expected = set(range(base + 1, head + 1))
        state = self.store.state
        server = self.clog().state
        return {"lost": len(expected - set(after)), "duplicated": len(after) - len(set(after)),
                "equal_to_server": state is not None
                and state.comparable() == server.comparable(),
                "resyncs": self.client.stats.resyncs, "forks": self.client.stats.forks,
                "reconnects": self.client.stats.reconnects}


async def scenario(name: str, body: Callable[[Run], Awaitable[dict[str, Any]]],
                   dead_after: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        cloud = start_embedded(Path(tmp) / "cloud", locks=200, seed=11,
                               users=[("ana", PASSWORD, None)], incident_rate=0.0,
                               fix_interval_s=1.0, sample_interval_s=5.0)
        proxy = await FaultProxy(cloud.port).start()
        run = Run(cloud, proxy, dead_after)
        try:
            await run.client.sign_in("ana", PASSWORD)
            run.client.start(None)
            await run.live()
            figures = await body(run)
            figures.update(await run.settle())
        finally:
            await run.client.close()
            await proxy.close()
            await asyncio.to_thread(cloud.stop)
    figures["fault"] = name
    print(json.dumps(figures), flush=True)
    return figures


# --------------------------------------------------------------------------- the faults


async def drop(run: Run) -> dict[str, Any]:
    run.proxy.drop_all()
    started = time.monotonic()
    await wait_until(lambda: not run.client.status.live, what="not live")
    to_not_live = time.monotonic() - started
    await run.live()
    return {"to_not_live_s": to_not_live, "to_recover_s": time.monotonic() - started}


async def black_hole(run: Run) -> dict[str, Any]:
    run.proxy.black_hole()
    started = time.monotonic()
    await wait_until(lambda: not run.client.status.live, timeout=120, what="not live")
    to_not_live = time.monotonic() - started
    status = run.client.status
    last = run.client.last_frame_at or 0.0
    run.proxy.heal()
    healed = time.monotonic()
    await run.live()
    return {"to_not_live_s": to_not_live,
            "not_live_since_is_last_frame": status.down_since == last,
            "to_recover_s": time.monotonic() - healed}


async def server_restart(run: Run) -> dict[str, Any]:
    started = time.monotonic()
    await asyncio.to_thread(run.cloud.stop)
    await wait_until(lambda: not run.client.status.live, what="not live")
    to_not_live = time.monotonic() - started
    back = time.monotonic()
    await asyncio.to_thread(run.cloud.restart)
    await run.live()
    return {"to_not_live_s": to_not_live, "to_recover_s": time.monotonic() - back}


async def rollback(run: Run) -> dict[str, Any]:
    cloud = run.cloud
    assert cloud.cloud is not None
    inner = cloud.cloud
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "older.db"
        await asyncio.to_thread(cloud.call, lambda: copy_database(inner.db, copy))
        lock_id = await asyncio.to_thread(cloud.call,
                                          lambda: inner.sim.inject_incident("fiber_cut"))
        state = run.store.state
        await wait_until(lambda: state is not None and any(
            a.lock_id == lock_id for a in (run.store.state or state).alarms.values()),
            what="the alarm after the copy")
        current = run.store.state
        assert current is not None
        phantoms = {a.id for a in current.alarms.values() if a.lock_id == lock_id}
        await asyncio.to_thread(cloud.stop)
        restore_database(copy, inner.config.data_dir / "cloud.db")
        back = time.monotonic()
        await asyncio.to_thread(cloud.restart)
    await wait_until(lambda: run.client.stats.forks > 0, timeout=60, what="the fork")
    to_detect = time.monotonic() - back
    await run.live()
    final = run.store.state
    return {"to_detect_fork_s": to_detect, "to_recover_s": time.monotonic() - back,
            "phantom_alarms_left": len(phantoms & set(final.alarms)) if final else -1}


async def foreign_event(run: Run) -> dict[str, Any]:
    clog = run.clog()
    seq = await asyncio.to_thread(run.cloud.call, lambda: log_foreign_event(
        clog, "door_sensor", {"lock_id": "LK-00001", "open": True}, time.time()))
    await run.live()
    return {"foreign_seq": seq, "set_aside": [r.seq for r in run.rejected],
            "stream_task_alive": run.client.running}


async def garbage(run: Run) -> dict[str, Any]:
    clog = run.clog()
    for junk in ["{not json", '{"type":"positions"}', "\x00\xff", "[1,2,3]"]:
        await asyncio.to_thread(run.cloud.call, lambda j=junk: clog.inject_raw_frame(j))
    await run.live()
    return {"malformed_counted": run.client.stats.malformed,
            "stream_task_alive": run.client.running}


FAULTS: dict[str, Callable[[Run], Awaitable[dict[str, Any]]]] = {
    "connection reset": drop, "TCP black hole": black_hole, "server restart": server_restart,
    "log restored from an older copy": rollback, "event of an unknown type": foreign_event,
    "garbage frames": garbage,
}


async def main_async(opts: argparse.Namespace) -> list[dict[str, Any]]:
    return [await scenario(name, body, opts.dead_after) for name, body in FAULTS.items()
            if not opts.only or name in opts.only]


def table(rows: list[dict[str, Any]], dead_after: float) -> str:
    def fmt(value: Any) -> str:
        return f"{value:.1f}" if isinstance(value, float) else str(value)

    lines = [f"Dead-link time {dead_after:g} s.", "",
             "| fault | lost | duplicated | to not live (s) | to recover (s) | equal to server | "
             "other |", "|---|---|---|---|---|---|---|"]
    core = {"fault", "lost", "duplicated", "to_not_live_s", "to_recover_s", "equal_to_server"}
    for row in rows:
        other = ", ".join(f"{k} {fmt(v)}" for k, v in row.items() if k not in core)
        lines.append(f"| {row['fault']} | {row['lost']} | {row['duplicated']} | "
                     f"{fmt(row.get('to_not_live_s', '–'))} | {fmt(row.get('to_recover_s', '–'))}"
                     f" | {'yes' if row['equal_to_server'] else 'NO'} | {other} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dead-after", type=float, default=15.0,
                    help="the console's dead-link time in seconds (default 15, its own)")
    ap.add_argument("--only", nargs="+", choices=sorted(FAULTS), help="run only these faults")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    opts = ap.parse_args()
    app = QCoreApplication.instance() or QCoreApplication(sys.argv)
    loop = LocalQEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        rows = loop.run_until_complete(main_async(opts))
    finally:
        loop.close()
    print(table(rows, opts.dead_after))
    if opts.json:
        opts.json.write_text(json.dumps(rows, indent=1))
    return 0 if all(r["lost"] == 0 and r["duplicated"] == 0 and r["equal_to_server"]
                    for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
