"""Time FleetSimulator.step for a big fleet: the server calls step(0.25) four times a second.

Run: ``.venv/bin/python bench/bench_sim.py [n_trailers] [steps]``. The sink does nothing, so the
figure is the simulator's own cost (the cloud's handling of the reports comes on top).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cloudsim.sim import FleetSimulator, build_fleet


class NullSink:
    """Accepts every report and counts fixes, so the loop is not optimised away."""

    def __init__(self) -> None:
        self.fixes = 0

    def report_fix(self, *args: object) -> None:
        self.fixes += 1

    def __getattr__(self, name: str) -> Callable[..., None]:
        if name.startswith("report_"):
            return lambda *args: None
        raise AttributeError(name)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    t0 = time.perf_counter()
    definition = build_fleet(n, 7, [("frontera", "Frontera"), ("pacifico", "Pacífico")])
    t1 = time.perf_counter()
    sink = NullSink()
    fake_now = [1.7e9]
    sim = FleetSimulator(definition, sink, seed=7, accel=60.0, fix_interval_s=1.0,
                         sample_interval_s=10.0, clock=lambda: fake_now[0])
    t2 = time.perf_counter()
    sim.step(0.0)  # the first step announces every trip: a one-off, timed apart
    t3 = time.perf_counter()
    costs = []
    for _ in range(steps):
        fake_now[0] += 0.25
        a = time.perf_counter()
        sim.step(0.25)
        costs.append((time.perf_counter() - a) * 1000)
    costs.sort()
    q = statistics.quantiles(costs, n=100)
    print(f"{n} trailers: build_fleet {t1 - t0:.2f} s, init {t2 - t1:.2f} s, "
          f"first step (announce trips) {t3 - t2:.2f} s")
    print(f"step(0.25) x {steps}: median {q[49]:.2f} ms, p90 {q[89]:.2f} ms, "
          f"p99 {q[98]:.2f} ms, max {costs[-1]:.2f} ms; {sink.fixes / steps:.0f} fixes/step")


if __name__ == "__main__":
    main()
