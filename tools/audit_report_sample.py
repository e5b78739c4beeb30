"""Make a sample seal audit report from a live embedded cloud, and its first page as a PNG.

An incident is staged (an unlock outside any geofence, then a fiber cut), acknowledged with a
note, a step ticked, then the trailer's history is loaded through the console's own loader and
the report written exactly as the console writes it:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/audit_report_sample.py docs/audit-report.pdf
    pdftoppm -png -r 80 -f 1 -l 2 docs/audit-report.pdf docs/audit-report-page
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


async def main(out: Path) -> None:
    from cloudsim.server import start_embedded
    from console.history.loader import HistoryLoader, fetch_alarm_audits
    from console.link.client import CloudClient
    from console.reports.audit_report import AuditSubject, write_pdf
    from opticallock.trips import split_trips

    cloud = start_embedded(Path(tempfile.mkdtemp()), locks=12, seed=21,
                           users=[("ana", "demo-pw-1", None)], incident_rate=0.0, accel=60.0)
    try:
        client = CloudClient(cloud.url)
        await client.sign_in("ana", "demo-pw-1")
        start = time.time() - 1
        await asyncio.sleep(4)
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        lock_id = cloud.call(lambda: sim.inject_incident("unlock_outside", None))
        await asyncio.sleep(4)
        cloud.call(lambda: sim.inject_incident("fiber_cut", lock_id))
        await asyncio.sleep(3)
        snapshot = await client.fetch_snapshot()
        trailer = next(t for t in snapshot.trailers if t.lock_id == lock_id)
        for alarm in [a for a in snapshot.alarms if a.lock_id == lock_id]:
            await client.request("POST", f"/alarms/{alarm.id}/steps",
                                 json={"request_id": f"step-{alarm.id}", "step_id": "call_driver",
                                       "label": "Call the driver", "done": True})
            await client.request("POST", f"/alarms/{alarm.id}/ack",
                                 json={"request_id": f"ack-{alarm.id}",
                                       "note": "Called the driver: stopped at a Pemex station, "
                                               "police on the way."})
        await asyncio.sleep(2)
        loader = HistoryLoader(client.request)
        history = await loader.fetch(lock_id, trailer.id, start, time.time() + 1)
        report = split_trips(history.track, history.events, history.start, history.end,
                             geofence_names={g["id"]: g["name"] for g in (
                                 await client.request("GET", "/geofences")).json()["items"]},
                             planned_trip=trailer.trip)
        trip = report.trips[0]
        alarm_ids = [a.id for a in snapshot.alarms if a.lock_id == lock_id]
        audits = await fetch_alarm_audits(client.request, alarm_ids)
        lock = next(x for x in snapshot.locks if x.id == lock_id)
        driver = next(d for d in snapshot.drivers if d.id == trailer.driver_id)
        subject = AuditSubject(carrier=snapshot.carrier.name, trailer_id=trailer.id,
                               lock_id=lock_id, seal_id=lock.seal_id,
                               driver=f"{driver.name} · {driver.phone}", dispatcher="ana",
                               alarms=audits)
        print(write_pdf(out, subject, history, trip, lock.fiber_baseline_dbm))
        await client.close()
    finally:
        cloud.stop()


if __name__ == "__main__":
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    asyncio.run(main(Path(sys.argv[1] if len(sys.argv) > 1 else "audit-report.pdf")))
