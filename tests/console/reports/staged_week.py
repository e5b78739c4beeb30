"""A week staged in a real cloudsim with one of every exception a reconciliation reports.

The cloud's clock is set in ISO week :data:`WEEK` (Thursday 19 November 2026, noon UTC), and it
first lives :data:`WARMUP_HOURS` of its fleet's past, so the week holds trips planned, sealed
and delivered as the simulator runs them (unlocked under authorisations its simulated carrier
desk approves), and the seals fitted before the log began. Then, as
the devices would report it (the cloud's device interface, as the simulator calls it):

* a seal is issued to a trailer and applied with another number read back (a mismatch, and a
  ``seal_mismatch`` alarm left open; the seal stays on: applied and never removed);
* another trailer is unlocked with no authorisation (its seal removed without one);
* a seal from stock is logged as applied with no issue on record (a gap in custody; logged with
  the fault tooling, since an honest cloud never does it);

and :func:`tamper_log_row` edits one logged row in the cloud's SQLite afterwards, so the hash
chain over the week no longer verifies.

    python -m tests.console.reports.staged_week docs/reconciliation-sample.pdf

writes the sample reconciliation of such a week (the tampered row included) for the docs.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cloudsim.faults import log_foreign_event
from cloudsim.server import EmbeddedCloud, start_embedded
from opticallock.protocol import (
    LockState,
    Seal,
    SealAction,
    SealClass,
    SealEvent,
    SealState,
)

WEEK = "2026-W47"
#: The cloud's "now" when it starts: Thursday of the week, noon UTC.
WEEK_NOW = dt.datetime(2026, 11, 19, 12, 0, tzinfo=dt.UTC).timestamp()
WARMUP_HOURS = 6.0
USER, PASSWORD = "ana", "pw-ana-staged-1"
#: What the driver app read off the seal it applied (not the number issued).
WRONG_READ_BACK = "SEAL-READ-WRONG-7"
#: Who the gap's application is logged as; :func:`tamper_log_row` edits it.
GAP_ACTOR = "driver:DRV-STAGED"


def week_clock() -> Callable[[], float]:
    """The world's time running from :data:`WEEK_NOW` at the rate of the real clock."""
    offset = WEEK_NOW - time.time()
    return lambda: time.time() + offset


def start_week_cloud(data_dir: Path, users: list[tuple[str, str, str | None]] | None = None
                     ) -> EmbeddedCloud:
    return start_embedded(data_dir, locks=8, seed=5,
                          users=users or [(USER, PASSWORD, None)], incident_rate=0.0,
                          warmup_hours=WARMUP_HOURS, unlock_approvals="auto",
                          clock=week_clock())


@dataclass(frozen=True)
class Staged:
    carrier_id: str
    #: The seal applied with the wrong number read back, and its trailer.
    mismatch_seal: str
    mismatch_trailer: str
    #: The trailer unlocked without an authorisation.
    unlocked_trailer: str
    #: The seal logged as applied with no issue, its trailer, and its seq in the log.
    gap_seal: str
    gap_trailer: str
    gap_seq: int


def stage_week(cloud: EmbeddedCloud) -> Staged:
    """Stage the incidents (on the cloud's own thread, as its devices would report them)."""
    assert cloud.cloud is not None
    service = cloud.cloud.service
    carrier_id = next(iter(service.logs))
    clog = service.logs[carrier_id]
    locks = sorted(clog.state.locks.values(), key=lambda lk: lk.id)
    mismatch, unlocked, gap = locks[0], locks[1], locks[2]
    now = service.clock()
    trailer = clog.state.trailers[mismatch.trailer_id]
    trip_id = trailer.trip.id if trailer.trip is not None else None

    number = cloud.call(lambda: service.issue_seal(mismatch.id, now, trip_id))
    assert number is not None
    cloud.call(lambda: service.report_seal_applied(mismatch.id, now + 1, WRONG_READ_BACK,
                                                   f"photo:{mismatch.id}/staged"))
    cloud.call(lambda: service.report_lock_state(unlocked.id, now + 2, LockState.UNLOCKED,
                                                 "driver_app"))

    def a_seal_in_stock() -> str:
        row = service.db.one(
            "SELECT number FROM seals WHERE carrier_id = ? AND state = ? "
            "ORDER BY number DESC LIMIT 1", (carrier_id, SealState.IN_STOCK.value))
        assert row is not None
        return str(row[0])

    stock = cloud.call(a_seal_in_stock)
    applied = SealEvent(
        seq=1, ts=now + 3, action=SealAction.APPLIED,
        seal=Seal(number=stock, iso_class=SealClass.HIGH_SECURITY, manufacturer="OpticalLock",
                  state=SealState.APPLIED, trailer_id=gap.trailer_id, lock_id=gap.id,
                  applied_at=now + 3),
        trailer_id=gap.trailer_id, lock_id=gap.id, actor=GAP_ACTOR, read_back=stock,
        photo_ref=f"photo:{gap.id}/staged")
    fields = applied.model_dump(mode="json", exclude={"seq", "ts", "prev_hash", "hash", "type"})
    gap_seq = cloud.call(lambda: log_foreign_event(clog, "seal", fields, now + 3))
    cloud.call(service.flush)
    return Staged(carrier_id, number, mismatch.trailer_id, unlocked.trailer_id, stock,
                  gap.trailer_id, gap_seq)


def tamper_log_row(cloud: EmbeddedCloud, staged: Staged) -> None:
    """Edit the gap's logged row in the cloud's SQLite (its actor): the body no longer matches
    its digest, so the chain over it does not verify. A test-only path into the database."""
    assert cloud.cloud is not None
    db = cloud.cloud.service.db

    def edit() -> None:
        with db.transaction() as conn:
            changed = conn.execute(
                "UPDATE log SET body = replace(body, ?, ?) WHERE carrier_id = ? AND seq = ?",
                (GAP_ACTOR, "driver:DRV-EDITED", staged.carrier_id, staged.gap_seq)).rowcount
        assert changed == 1

    cloud.call(edit)


async def _sample(out: Path) -> None:
    import tempfile

    from console.link.api import CloudApi
    from console.link.client import CloudClient
    from console.reports.reconcile import fetch_week, write_csv, write_pdf

    cloud = start_week_cloud(Path(tempfile.mkdtemp()))
    try:
        staged = stage_week(cloud)
        tamper_log_row(cloud, staged)
        client = CloudClient(cloud.url)
        session = await client.sign_in(USER, PASSWORD)
        report = await fetch_week(CloudApi(client.request), WEEK, "America/Tijuana",
                                  carrier=session.user.carrier.name, generated_by=USER)
        print(write_pdf(out, report))
        print(write_csv(out.with_suffix(".csv"), report))
        await client.close()
    finally:
        cloud.stop()


if __name__ == "__main__":
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    asyncio.run(_sample(Path(sys.argv[1] if len(sys.argv) > 1 else "reconciliation.pdf")))
