"""Stream throughput: a 10,000-lock cloudsim (one fix per lock per second) to one client.

Runs ``python -m cloudsim`` as a separate process (as in production: server and console do not
share a CPU core's GIL), connects one websocket client, and reports position updates/s
delivered, the ratio to what the fleet produces, end-to-end latency percentiles (fix timestamp to
client receipt) and the server's CPU use.

    .venv/bin/python bench/bench_stream.py [--locks 10000] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def measure(url: str, seconds: float, warmup: float) -> dict[str, float]:
    async with httpx.AsyncClient(base_url=f"{url}/api/v1") as http:
        token = (await http.post("/session", json={"username": "bench", "password": "pw"})
                 ).json()["token"]
    ws_url = url.replace("http://", "ws://") + "/api/v1/stream"
    rows = frames = 0
    stamps: list[float] = []
    latencies: list[float] = []
    async with connect(ws_url, additional_headers={"Authorization": f"Bearer {token}"},
                       max_size=16 * 1024 * 1024) as ws:
        start = time.time()
        t0 = start + warmup
        end = t0 + seconds
        while True:
            raw = await ws.recv()
            now = time.time()
            if now >= end + 2.0:  # two seconds' grace for fixes still in flight
                break
            frame = json.loads(raw)
            if frame.get("type") != "positions":
                continue
            fix_times = [r[1] for r in frame["rows"]]
            stamps.extend(t for t in fix_times if t0 <= t < end)
            if now < end:
                frames += 1
                latencies.extend(now - t for t in fix_times[::50])
    # Count fixes by their own timestamps: every fix taken in [t0, end) that reached us.
    rows = len(stamps)
    return {"rows": rows, "frames": frames, "seconds": seconds,
            "p50": pct(latencies, 0.5), "p95": pct(latencies, 0.95),
            "p99": pct(latencies, 0.99), "mean": statistics.fmean(latencies)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--locks", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--warmup", type=float, default=5.0)
    ap.add_argument("--fix-interval", type=float, default=1.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as data:
        cmd = [sys.executable, "-m", "cloudsim", "--port", "0", "--locks", str(args.locks),
               "--fix-interval", str(args.fix_interval), "--user", "bench:pw",
               "--data", data, "--incident-rate", "0.3", "--carriers", "1"]
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            m = re.search(r"(http://[\d.]+:\d+)", line)
            if not m:
                print("cloudsim did not start:", line, file=sys.stderr)
                return 1
            url = m.group(1)
            print(f"cloudsim with {args.locks} locks up in {time.monotonic() - started:.1f} s "
                  f"at {url}")
            cpu0, wall0 = cpu_seconds(proc.pid), time.monotonic()
            result = asyncio.run(measure(url, args.seconds, args.warmup))
            cpu = (cpu_seconds(proc.pid) - cpu0) / (time.monotonic() - wall0)
        finally:
            proc.terminate()
            proc.wait(30)
    produced = args.locks / args.fix_interval
    rate = result["rows"] / result["seconds"]
    print(f"position updates delivered: {rate:,.0f}/s over {result['seconds']:.0f} s "
          f"({result['frames'] / result['seconds']:.1f} frames/s)")
    print(f"ratio to the fleet's production ({produced:,.0f}/s): {rate / produced:.3f}")
    print(f"latency fix->client: p50 {result['p50'] * 1000:.0f} ms, "
          f"p95 {result['p95'] * 1000:.0f} ms, p99 {result['p99'] * 1000:.0f} ms")
    print(f"cloudsim CPU: {cpu * 100:.0f} % of one core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
