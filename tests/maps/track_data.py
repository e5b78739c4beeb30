"""Synthetic trip history of one trailer, in the map's ``track`` message format.

A trailer shuttling between terminals and customer sites in Texas and northern Mexico, with one
fix every ``interval_s`` whether it moves or not: road-like legs (the heading wanders around the
bearing to the next site, speed drops through towns), short breaks, nights parked, loading stops
with the lock opened and closed, geofence crossings and the odd tamper or alarm. Deterministic
for a seed. Used by tests/maps/test_track_js.py and bench/bench_track.py.
"""

from __future__ import annotations

import math
import random
import time
from typing import Any

SITES = [
    ("Laredo terminal", 27.506, -99.507),
    ("Planta Monterrey", 25.686, -100.316),
    ("San Antonio DC", 29.424, -98.494),
    ("Dallas cross-dock", 32.777, -96.797),
    ("Houston port", 29.760, -95.370),
    ("Saltillo plant", 25.423, -101.005),
    ("Nuevo Laredo yard", 27.476, -99.516),
    ("Austin warehouse", 30.267, -97.743),
    ("Corpus Christi", 27.800, -97.396),
]
M_PER_DEG = 111_320.0


def _clock(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(ts))


def synthetic_track(days: float = 30.0, interval_s: float = 30.0, *, seed: int = 7,
                    start_ts: float = 1_714_521_600.0, trailer_id: str = "TR-0042"
                    ) -> dict[str, Any]:
    """``{"id", "lat", "lon", "ts", "speed", "stops", "events"}`` for ``days`` of one trailer."""
    rnd = random.Random(seed)
    n = int(days * 86_400 / interval_s)
    lat_out: list[float] = []
    lon_out: list[float] = []
    ts_out: list[float] = []
    speed_out: list[float] = []
    stops: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    event_seq = [1000]

    def event(kind: str, la: float, lo: float, ts: float, text: str) -> None:
        event_seq[0] += 1
        events.append({"id": str(event_seq[0]), "kind": kind, "lat": round(la, 6),
                       "lon": round(lo, 6), "ts": round(ts, 1), "label": f"{_clock(ts)} · {text}"})

    site = 0
    lat, lon = SITES[site][1], SITES[site][2]
    heading = 0.0
    wander = 0.0
    speed = 0.0
    # What the trailer is doing: ("park", until_ts, kind) or ("drive", target_site).
    plan: tuple[Any, ...] = ("park", start_ts + 3 * 3600, "loading")
    park_started = start_ts
    drove_since_break = 0.0
    town_left = 0.0
    next_town = rnd.uniform(40_000, 90_000)
    ts = start_ts

    def begin_park(now: float, kind: str) -> tuple[Any, ...]:
        nonlocal park_started
        park_started = now
        hour = ((now % 86_400) / 3600 - 6) % 24  # local time, UTC-6
        if kind == "loading":
            minutes = rnd.uniform(90, 480)
            event("geofence", lat, lon, now, f"Entered {SITES[site][0]}")
            event("unlock", lat, lon, now + rnd.uniform(300, 900), "Unlocked by driver app")
        elif kind == "night":
            minutes = ((30 - hour) % 24) * 60 + rnd.uniform(0, 60)  # until ~06:00
        else:
            minutes = rnd.uniform(15, 50)
        return ("park", now + minutes * 60, kind)

    for _ in range(n):
        if plan[0] == "park":
            speed = 0.0
            jitter = 4.0 / M_PER_DEG  # GPS noise while parked
            fix_lat = lat + rnd.gauss(0, jitter)
            fix_lon = lon + rnd.gauss(0, jitter)
            if ts >= plan[1]:
                kind = plan[2]
                stops.append({"lat": round(lat, 6), "lon": round(lon, 6),
                              "start": round(park_started, 1), "end": round(ts, 1),
                              "label": f"Stopped from {_clock(park_started)} ({kind})"})
                if kind == "loading":
                    event("lock", lat, lon, ts - rnd.uniform(120, 600), "Locked by driver app")
                    event("geofence", lat, lon, ts + 60, f"Left {SITES[site][0]}")
                    target = rnd.choice([i for i in range(len(SITES)) if i != site])
                    plan = ("drive", target)
                    drove_since_break = 0.0
                else:
                    plan = ("drive", plan[3] if len(plan) > 3 else site)
        else:
            target = plan[1]
            t_lat, t_lon = SITES[target][1], SITES[target][2]
            dy = (t_lat - lat) * M_PER_DEG
            dx = (t_lon - lon) * M_PER_DEG * math.cos(math.radians(lat))
            remaining = math.hypot(dx, dy)
            bearing = math.degrees(math.atan2(dx, dy))
            # The road: a heading that wanders around the bearing, tighter close to the site.
            wander = 0.97 * wander + rnd.gauss(0, 4.0)
            wander = max(-35.0, min(35.0, wander))
            heading = bearing + wander * min(1.0, remaining / 20_000)
            if town_left > 0:
                cruise = 40.0
            elif remaining < 3000:
                cruise = 30.0
            else:
                cruise = 92.0
            speed += max(-40.0, min(25.0, cruise + rnd.gauss(0, 4) - speed))
            speed = max(5.0, speed)
            step = speed / 3.6 * interval_s
            lat += step * math.cos(math.radians(heading)) / M_PER_DEG
            lon += (step * math.sin(math.radians(heading))
                    / (M_PER_DEG * math.cos(math.radians(lat))))
            drove_since_break += interval_s
            next_town -= step
            town_left = max(0.0, town_left - step)
            if next_town <= 0:
                town_left = rnd.uniform(3000, 8000)
                next_town = rnd.uniform(40_000, 120_000)
            fix_lat, fix_lon = lat, lon
            hour = ((ts % 86_400) / 3600 - 6) % 24  # local-ish time in central Mexico/Texas
            if remaining < 400:
                site = target
                lat, lon = SITES[site][1], SITES[site][2]
                plan = begin_park(ts, "loading")
            elif hour >= 19 or hour < 5:
                plan = (*begin_park(ts, "night"), target)
            elif drove_since_break > 4 * 3600:
                drove_since_break = 0.0
                plan = (*begin_park(ts, "break"), target)
            if rnd.random() < 0.0005:
                event("tamper", lat, lon, ts, "Tamper: shackle force")
            if rnd.random() < 0.0005:
                event("alarm", lat, lon, ts, "Alarm: door opened en route")
        lat_out.append(round(fix_lat, 6))
        lon_out.append(round(fix_lon, 6))
        ts_out.append(round(ts, 1))
        speed_out.append(round(speed, 1))
        ts += interval_s
    events = [e for e in events if e["ts"] <= ts_out[-1]]
    events.sort(key=lambda e: e["ts"])
    return {"id": trailer_id, "lat": lat_out, "lon": lon_out, "ts": ts_out, "speed": speed_out,
            "stops": stops, "events": events}


if __name__ == "__main__":
    import json

    t0 = time.perf_counter()
    data = synthetic_track()
    made = time.perf_counter() - t0
    kinds: dict[str, int] = {}
    for e in data["events"]:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    print(f"{len(data['lat'])} fixes, {len(data['stops'])} stops, {len(data['events'])} events "
          f"{kinds}, {len(json.dumps(data)) / 1e6:.1f} MB JSON, made in {made * 1000:.0f} ms")
