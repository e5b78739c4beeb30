"""A track as CSV, GeoJSON and GPX, and read back (the exports must round-trip exactly enough to
be evidence: times to the millisecond, coordinates to 1e-6 degrees, ~0.1 m).

Times are written in UTC (ISO 8601 with ``Z``) for people and tools, and also as POSIX seconds in
CSV and GeoJSON for exact re-use. Pure Python: no Qt.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from opticallock.trips import Stop, Track

GPX_NS = "http://www.topografix.com/GPX/1/1"
CSV_HEADER = ["time_utc", "ts", "lat", "lon", "speed_kmh", "heading_deg"]


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


def parse_iso(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _rows(track: Track) -> list[tuple[float, float, float, float, float]]:
    return list(zip(track.ts.tolist(), track.lat.tolist(), track.lon.tolist(),
                    track.speed_kmh.tolist(), track.heading_deg.tolist(), strict=True))


# --------------------------------------------------------------------------- CSV

def to_csv(track: Track) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for ts, lat, lon, speed, heading in _rows(track):
        writer.writerow([iso(ts), f"{ts:.3f}", f"{lat:.6f}", f"{lon:.6f}", f"{speed:.1f}",
                         f"{heading:.0f}"])
    return out.getvalue()


def from_csv(text: str) -> Track:
    reader = csv.DictReader(io.StringIO(text))
    return Track.from_rows((float(r["ts"]), float(r["lat"]), float(r["lon"]),
                            float(r["speed_kmh"]), float(r["heading_deg"])) for r in reader)


# --------------------------------------------------------------------------- GeoJSON

def to_geojson(track: Track, *, properties: dict[str, Any] | None = None,
               stops: list[Stop] | None = None) -> str:
    """A FeatureCollection: the track as a LineString (times, speeds, headings as parallel
    arrays in its properties) and each stop as a Point."""
    coords = [[round(lon, 6), round(lat, 6)] for lat, lon in
              zip(track.lat.tolist(), track.lon.tolist(), strict=True)]
    line = {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": {
            **(properties or {}),
            "kind": "track",
            "ts": [round(t, 3) for t in track.ts.tolist()],
            "time_utc_start": iso(float(track.ts[0])) if len(track) else None,
            "time_utc_end": iso(float(track.ts[-1])) if len(track) else None,
            "speed_kmh": [round(v, 1) for v in track.speed_kmh.tolist()],
            "heading_deg": [round(v) for v in track.heading_deg.tolist()],
        },
    }
    features: list[dict[str, Any]] = [line]
    for stop in stops or []:
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(stop.lon, 6), round(stop.lat, 6)]},
            "properties": {"kind": "stop", "start_utc": iso(stop.start), "end_utc": iso(stop.end),
                           "duration_s": round(stop.duration_s)},
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def from_geojson(text: str) -> Track:
    data = json.loads(text)
    line = next(f for f in data["features"] if f["properties"].get("kind") == "track")
    props = line["properties"]
    coords = line["geometry"]["coordinates"]
    return Track.from_rows((ts, c[1], c[0], sp, hd) for ts, c, sp, hd in
                           zip(props["ts"], coords, props["speed_kmh"], props["heading_deg"],
                               strict=True))


# --------------------------------------------------------------------------- GPX

def to_gpx(track: Track, *, name: str = "OpticalLock track") -> str:
    ET.register_namespace("", GPX_NS)
    gpx = ET.Element(f"{{{GPX_NS}}}gpx", {"version": "1.1", "creator": "OpticalLock Dispatcher"})
    trk = ET.SubElement(gpx, f"{{{GPX_NS}}}trk")
    ET.SubElement(trk, f"{{{GPX_NS}}}name").text = name
    seg = ET.SubElement(trk, f"{{{GPX_NS}}}trkseg")
    for ts, lat, lon, speed, heading in _rows(track):
        pt = ET.SubElement(seg, f"{{{GPX_NS}}}trkpt", {"lat": f"{lat:.6f}", "lon": f"{lon:.6f}"})
        ET.SubElement(pt, f"{{{GPX_NS}}}time").text = iso(ts)
        ET.SubElement(pt, f"{{{GPX_NS}}}course").text = f"{heading:.0f}"
        # GPX 1.1 has no speed element in trkpt; m/s in the standard extensions slot.
        ext = ET.SubElement(pt, f"{{{GPX_NS}}}extensions")
        ET.SubElement(ext, f"{{{GPX_NS}}}speed").text = f"{speed / 3.6:.2f}"
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(gpx, encoding="unicode")


def from_gpx(text: str) -> Track:
    root = ET.fromstring(text)
    ns = {"g": GPX_NS}
    rows = []
    for pt in root.iterfind(".//g:trkpt", ns):
        time_el = pt.find("g:time", ns)
        speed_el = pt.find("g:extensions/g:speed", ns)
        course_el = pt.find("g:course", ns)
        rows.append((parse_iso(time_el.text or "") if time_el is not None else 0.0,
                     float(pt.get("lat", "nan")), float(pt.get("lon", "nan")),
                     float(speed_el.text or 0) * 3.6 if speed_el is not None else 0.0,
                     float(course_el.text or 0) if course_el is not None else 0.0))
    return Track.from_rows(rows)


EXPORTERS = {"csv": (".csv", to_csv), "geojson": (".geojson", to_geojson), "gpx": (".gpx", to_gpx)}


def export_track(track: Track, kind: str, path: Path) -> Path:
    """Write ``track`` as ``kind`` ("csv", "geojson", "gpx"); adds the suffix if missing."""
    if kind not in EXPORTERS:
        raise ValueError(f"unknown track format {kind!r}")
    suffix, fn = EXPORTERS[kind]
    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(suffix)
    path.write_text(fn(track), encoding="utf-8")
    return path


def same_points(a: Track, b: Track, *, tol_deg: float = 2e-6, tol_s: float = 2e-3) -> bool:
    """True when two tracks have the same fixes within export precision."""
    return (len(a) == len(b)
            and bool(np.all(np.abs(a.ts - b.ts) <= tol_s))
            and bool(np.all(np.abs(a.lat - b.lat) <= tol_deg))
            and bool(np.all(np.abs(a.lon - b.lon) <= tol_deg)))
