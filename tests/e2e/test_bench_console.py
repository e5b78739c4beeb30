"""The whole-console benchmark stays runnable: a quick smoke run at a small fleet (no timings
are asserted here; the figures come from running the script itself, see docs/bench.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_console_smoke_run(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --disable-gpu",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    done = subprocess.run(
        [sys.executable, "bench/bench_console.py", "--fleets", "300", "--seconds", "3",
         "--warmup", "1", "--burst", "5000", "--json", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    [row] = json.loads(out.read_text())
    assert row["trailers_shown"] == 300  # --carriers 1: the whole fleet is the dispatcher's
    assert row["positions_per_s"] > 0
    assert set(row["lateness_ms"]) == {"p50", "p95", "p99", "max"}
    assert row["ingest"]["positions"] == 5000
    assert row["ingest"]["ratio"] > 0
    assert row["ingest"]["ratio_msgspec"] > 0
    # Where the cores went while each side read the burst (Linux schedstat and /proc).
    assert row["ingest"]["cores_while_console_read"]["ui_thread"] > 0
    assert {"bare_loop", "cloud", "cloud_waiting"} <= set(row["ingest"]["cores_while_bare_read"])
    assert row["ingest"]["cores_while_bare_read"]["bare_loop"] > 0
    assert row["exit_code"] == 0
    assert row["cloud_gone"]
    assert "| trailers |" in done.stdout  # the table it writes to docs/bench.md
