"""The fleet search at 10,000 trailers: what one keystroke in the search box costs.

Builds a fleet of ``--trailers`` trailers on the fleet's corridors (positions near real cities,
a few hundred open alarms), puts the fleet table panel on it and types into the search box one
key at a time, as the dispatcher does. Reports the first keystroke (it makes every row's search
text: ids, seal, driver, state and alarm words, trip, nearest city) and the following ones
(filtering only), in ms, and how many rows each search left.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_search.py
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CITIES = [(27.506, -99.507), (25.686, -100.316), (29.424, -98.494), (32.776, -96.797),
          (20.659, -103.349), (19.433, -99.133), (41.878, -87.630), (31.761, -106.485)]
WORDS = ["Monterrey", "tamper", "alarma", "OLF10", "Garcia", "TR-10035"]


def snapshot(n: int, seed: int = 1) -> object:
    from opticallock.protocol import (
        ALARM_PRIORITY,
        Alarm,
        AlarmState,
        AlarmType,
        Carrier,
        Driver,
        FleetSnapshot,
        Lock,
        LockState,
        Position,
        Trailer,
        Trip,
    )

    rng = random.Random(seed)
    now = time.time()
    trailers, locks, drivers, alarms = [], [], [], []
    names = ["Juan Garcia", "Maria Lopez", "John Smith", "Ana Martinez", "Luis Hernandez"]
    for i in range(n):
        tid, lid, did = f"TR-{10000 + i}", f"OL-{i:05X}", f"DRV-{i}"
        lat, lon = rng.choice(CITIES)
        lat, lon = lat + rng.uniform(-1.5, 1.5), lon + rng.uniform(-1.5, 1.5)
        trip = Trip(id=f"TP-{i}", trailer_id=tid, origin_id="a", origin_name="Laredo",
                    destination_id="b", destination_name=rng.choice(["Monterrey", "Dallas"]),
                    route="I-35", window_start=now, window_end=now + 3600)
        trailers.append(Trailer(id=tid, lock_id=lid, driver_id=did, trip=trip))
        locks.append(Lock(id=lid, trailer_id=tid, seal_id=f"OLF{1000000 + i}",
                          state=LockState.LOCKED, fiber_dbm=-11.0, fiber_baseline_dbm=-11.0,
                          battery_pct=80, last_contact=now,
                          position=Position(ts=now, lat=lat, lon=lon, speed_kmh=70.0,
                                            heading_deg=90.0)))
        drivers.append(Driver(id=did, name=f"{names[i % len(names)]} {i}", phone="+1 956 555 0100",
                              language="es", app_online=True, trailer_id=tid))
        if i % 40 == 0:
            kind = rng.choice(list(AlarmType))
            alarms.append(Alarm(id=f"AL-{i}", lock_id=lid, trailer_id=tid, type=kind,
                                priority=ALARM_PRIORITY[kind], state=AlarmState.OPEN,
                                raised_at=now, raised_seq=1, last_at=now, detail=kind.value))
    return FleetSnapshot(seq=1, server_time=now, carrier=Carrier(id="c", name="C"),
                         trailers=trailers, locks=locks, drivers=drivers, alarms=alarms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trailers", type=int, default=10_000)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from console.fleet.models import FleetTableModel
    from console.fleet.store import FleetStore
    from widgets.fleet.panel import FleetPanel

    app = QApplication.instance() or QApplication([])
    store = FleetStore()
    store.load_snapshot(snapshot(args.trailers))  # type: ignore[arg-type]
    panel = FleetPanel(FleetTableModel(store))
    panel.resize(700, 500)
    panel.show()
    app.processEvents()
    panel.select_trailer("TR-10035")

    started = time.perf_counter()
    panel.set_search("m")
    cold = (time.perf_counter() - started) * 1000.0
    print(f"first search right after the fleet loaded (makes every search text): {cold:.0f} ms")
    panel.set_search("")
    store.reset.emit()  # forget them; made again in the background
    turns: list[float] = []
    while not panel.model.search_ready():
        started = time.perf_counter()
        app.processEvents()
        turns.append((time.perf_counter() - started) * 1000.0)
    print(f"made in the background instead: longest turn of the event loop {max(turns):.0f} ms")

    first = None
    later: list[float] = []
    for word in WORDS:
        panel.set_search("")
        for k in range(1, len(word) + 1):
            started = time.perf_counter()
            panel.set_search(word[:k])  # what a pause in typing applies
            ms = (time.perf_counter() - started) * 1000.0
            if first is None:
                first = ms
            else:
                later.append(ms)
        app.processEvents()
        print(f"  {word!r}: {panel.proxy.rowCount():>6} of {args.trailers} rows, "
              f"selected {panel.selected_trailer()}, hidden {panel.hidden_selection()}")
    later.sort()
    print(f"{args.trailers} trailers: first keystroke {first:.0f} ms; "
          f"then per keystroke median {statistics.median(later):.1f} ms, "
          f"p95 {later[int(0.95 * (len(later) - 1))]:.1f} ms, max {later[-1]:.1f} ms "
          f"({len(later)} keystrokes)")


if __name__ == "__main__":
    main()
