"""The whole console at fleet scale, measured end to end (a script, not a test).

Each fleet size runs in a process of its own that is the real console: ``main.compose`` builds the
real main window (offscreen), the embedded cloud runs as main.py starts it (a child process,
``python -m cloudsim``), and the stream, store, Qt models, views and map page do what they do for
a dispatcher. One fix per trailer per second, alarms arriving at the simulator's default rate.
Measured, per fleet size:

- cold start: process start to the map page's confirmation that it painted the whole fleet (the
  project's modules compiled to bytecode first, as ``pip install`` leaves them, and the console's
  own caches as any earlier start left them: the map page's rendering);
- event-loop lateness of a 20 ms timer (p50/p95/p99/max) over the live window, the console
  process's CPU (cores, averaged) and RSS; the map renderer's CPU (a process of its own) too;
- the position rate the console settled on (it asks the stream for fewer fixes by itself when it
  falls behind) and the positions it applied per second;
- alarm to screen: from an alarm's time in the cloud (its event ``ts``) to the alarm being in the
  queue *and* painted on the map (the page confirms through the bridge), p50/p95/p99;
- saturation ingest: the cloud appends a recorded burst of position updates
  (``POST /api/v1/sim/burst``) and the console applies it as fast as it can (thinning off),
  against a bare ``websockets`` + ``json`` receive loop reading the same burst from the log
  (and the same loop decoding with msgspec, the console's parser for positions frames);
- exit: from closing the window to the process's run returning, and the cloud child gone.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_console.py            # 10,000
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_console.py --curve    # 1k..50k
    ... --storm     # also 10,000 trailers with an alarm storm (hundreds of alarms in a minute)

It writes the table to docs/bench.md (``--doc``) with the machine and the command.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOC = ROOT / "docs" / "bench.md"
CURVE = [1000, 5000, 10000, 20000, 50000]


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _proc_cpu_s(pid: int) -> float:
    """user + system CPU seconds of a process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int | str = "self") -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def _process_start_epoch() -> float:
    """When this process started (wall clock), from /proc: the cold start counts from here."""
    start_ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return time.time() - uptime + start_ticks / os.sysconf("SC_CLK_TCK")


def _renderers() -> list[int]:
    """Our QtWebEngine processes (zygotes and the renderer forked from one: the map page)."""
    parent_of: dict[int, int] = {}
    engine: set[int] = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            if b"QtWebEngineProcess" in (proc / "cmdline").read_bytes():
                engine.add(int(proc.name))
        except OSError:
            continue
        parent_of[int(proc.name)] = int(stat[1])
    me = os.getpid()
    return [p for p in engine if me in (parent_of.get(p), parent_of.get(parent_of.get(p, -1)))]


# --------------------------------------------------------------------------- one fleet size


def measure_one(opts: argparse.Namespace) -> dict[str, Any]:
    """Run the real console at ``opts.one`` trailers in this process and return its figures."""
    born = _process_start_epoch()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    import asyncio

    import main as console_main

    data = Path(tempfile.mkdtemp(prefix="bench-console-"))
    args = console_main.parse_args([
        "--locks", str(opts.one), "--carriers", "1", "--fix-interval", str(opts.fix_interval),
        "--history-hours", "0",
        "--incident-rate", str(opts.incident_rate), "--data-dir", str(data / "data"),
        "--config-dir", str(data / "config"), "--log-level", "WARNING",
        # A carrier desk decides the drivers' unlock requests, as dispatchers would: deliveries
        # unlock (authorised) instead of waiting sealed.
        "--unlock-approvals", "auto",
    ])
    console_main.prepare_environment(args)
    console = console_main.compose(args)
    composed = time.time()
    console.window.resize(1600, 1000)

    from PySide6.QtCore import QTimer

    from opticallock.fleet import PositionsRun
    from opticallock.protocol import AlarmRaisedEvent, PositionsEvent

    out: dict[str, Any] = {"trailers": opts.one, "incident_rate": opts.incident_rate,
                           "fix_interval_s": opts.fix_interval}
    marks: dict[str, float] = {}
    lateness: list[float] = []
    last_tick = [time.perf_counter()]
    positions = [0]
    raised: dict[str, tuple[str, float, float]] = {}  # alarm id -> (lock id, cloud ts, arrival)
    in_queue: dict[str, float] = {}
    drawn_lock: dict[str, float] = {}  # lock id -> when its alarm state was painted
    feed = console.map_view.feed

    def tick() -> None:
        now = time.perf_counter()
        lateness.append(max(0.0, (now - last_tick[0] - 0.020) * 1000.0))
        last_tick[0] = now

    probe = QTimer()
    probe.setInterval(20)
    probe.timeout.connect(tick)
    probe.start()

    fleet_drawn = asyncio.Event()

    def on_fleet_drawn(count: int) -> None:
        if count > 0 and "drawn" not in marks:
            marks["drawn"] = time.time()
            out["trailers_shown"] = count
            fleet_drawn.set()

    def on_events(events: list[Any]) -> None:
        for event in events:
            if isinstance(event, PositionsRun):  # as the stream hands them to the store
                positions[0] += event.fixes
            elif isinstance(event, PositionsEvent):
                positions[0] += len(event.rows)
            elif isinstance(event, AlarmRaisedEvent):
                raised[event.alarm.id] = (event.alarm.lock_id, event.ts, time.time())

    def on_alarms_drawn(lock_ids: list[str]) -> None:
        now = time.time()
        for lock_id in lock_ids:
            drawn_lock.setdefault(lock_id, now)

    def on_rows(_parent: Any, first: int, last: int) -> None:
        now = time.time()
        model = console.window.alarm_model
        for row in range(first, last + 1):
            in_queue.setdefault(model.alarm_id_at(row), now)

    feed.fleetDrawn.connect(on_fleet_drawn)
    feed.alarmsDrawn.connect(on_alarms_drawn)
    console.window.alarm_model.rowsInserted.connect(on_rows)

    def on_signed_in(_session: Any) -> None:
        client = console.session.client
        assert client is not None
        client.eventsReceived.connect(on_events)

    console.session.signedIn.connect(on_signed_in)
    console.session.signedIn.connect(lambda _s: marks.setdefault("signed_in", time.time()))
    console.store.reset.connect(lambda: marks.setdefault("snapshot", time.time()))

    async def scenario() -> None:
        await fleet_drawn.wait()
        out["cold_start_s"] = marks["drawn"] - born
        # Where the cold start went: seconds from process start to each step.
        cloud_ready = console.cloud.ready_at if console.cloud is not None else None
        out["cold_start_marks_s"] = {
            name: round(at - born, 3) for name, at in (
                ("composed", composed), ("cloud_listening", cloud_ready),
                ("signed_in", marks.get("signed_in")), ("snapshot_loaded", marks.get("snapshot")),
                ("fleet_drawn", marks["drawn"])) if at is not None}
        await asyncio.sleep(opts.warmup)
        lateness.clear()
        positions[0] = 0
        raised.clear()
        renderers = _renderers()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        rcpu0 = sum(_proc_cpu_s(p) for p in renderers)
        cloud_pid = console.cloud.pid if console.cloud is not None else None
        ccpu0 = _proc_cpu_s(cloud_pid) if cloud_pid else 0.0
        intervals: list[float] = []
        rss: list[float] = []
        end = time.perf_counter() + opts.seconds
        while time.perf_counter() < end:
            await asyncio.sleep(1.0)
            control = console.session.rate_control
            intervals.append(control.interval if control is not None else 0.0)
            rss.append(_rss_mb())
        wall = time.perf_counter() - wall0
        out["lateness_ms"] = {k: pct(lateness, q) for k, q in
                              (("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("max", 1.0))}
        out["cpu_cores"] = (time.process_time() - cpu0) / wall
        out["renderer_cpu_cores"] = (sum(_proc_cpu_s(p) for p in renderers) - rcpu0) / wall
        out["cloud_cpu_cores"] = ((_proc_cpu_s(cloud_pid) - ccpu0) / wall) if cloud_pid else None
        out["rss_mb"] = max(rss) if rss else _rss_mb()
        out["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        out["positions_per_s"] = positions[0] / wall
        out["position_interval_s"] = {"final": intervals[-1] if intervals else 0.0,
                                      "max": max(intervals, default=0.0)}
        state = console.store.state
        out["open_alarms"] = len(state.alarms) if state is not None else 0
        # Alarm to screen: in the queue and painted on the map, from the alarm's cloud time.
        await asyncio.sleep(1.0)  # let the last alarms of the window reach the page
        delays, console_part = [], []
        for alarm_id, (lock_id, ts, arrival) in raised.items():
            if alarm_id in in_queue and lock_id in drawn_lock:
                shown = max(in_queue[alarm_id], drawn_lock[lock_id])
                delays.append((shown - ts) * 1000.0)
                console_part.append((shown - arrival) * 1000.0)
        quantiles = (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
        out["alarm_to_screen_ms"] = {"n": len(delays), "raised": len(raised),
                                     **{k: pct(delays, q) for k, q in quantiles}}
        # The console's own part: from the frame's arrival to queued and painted.
        out["alarm_arrival_to_screen_ms"] = {k: pct(console_part, q) for k, q in quantiles}
        out["sounds_played"] = len(console.window.alarms.attention.played)
        if opts.burst:
            out["ingest"] = await saturation(console, opts.burst, opts.profile_burst)

    async def scenario_then_close() -> None:
        try:
            await scenario()
        except Exception as exc:  # say so in the figures, and end the run all the same
            out["error"] = f"{exc.__class__.__name__}: {exc}"
            raise
        finally:
            marks["closing"] = time.perf_counter()
            console.close()

    console.session.spawn(scenario_then_close())
    code = console_main.run(console, args)
    out["exit_s"] = time.perf_counter() - marks.get("closing", time.perf_counter())
    out["exit_code"] = code
    cloud = console.cloud
    out["cloud_gone"] = cloud is None or cloud.returncode is not None
    return out


def _start_profiler(path: Path, pid: int) -> subprocess.Popen[bytes]:
    """py-spy sampling process ``pid`` (every thread) while the console reads the burst."""
    proc = subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record",
                             "--pid", str(pid), "--rate", "250", "--threads",
                             "--format", "raw", "--output", str(path), "--nonblocking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # attached before the burst starts
    return proc


def _sched(pid: int, tid: int | None = None) -> dict[str, tuple[int, int]]:
    """Per thread of process ``pid`` (or thread ``tid`` alone): nanoseconds it ran on a CPU and
    nanoseconds it was ready to run but waited for one (Linux schedstat; empty elsewhere)."""
    tasks = [Path(f"/proc/{pid}/task/{tid}")] if tid is not None else \
        list(Path(f"/proc/{pid}/task").glob("*"))
    out = {}
    for task in tasks:
        try:
            on_cpu, queued, _slices = (task / "schedstat").read_text().split()
        except (OSError, ValueError):
            continue
        out[task.name] = (int(on_cpu), int(queued))
    return out


def _sched_delta_s(before: dict[str, tuple[int, int]],
                   after: dict[str, tuple[int, int]]) -> tuple[float, float]:
    """Seconds run and seconds waited between two :func:`_sched` readings, over the threads
    alive at both (a thread that ended in between is not counted)."""
    ran = sum(after[t][0] - before[t][0] for t in before.keys() & after.keys())
    waited = sum(after[t][1] - before[t][1] for t in before.keys() & after.keys())
    return ran / 1e9, waited / 1e9


async def saturation(console: Any, burst: int, profile: Path | None = None) -> dict[str, Any]:
    """The console against a bare receive loop on the same recorded burst (``profile``: a
    py-spy profile of the console's part, raw format, written there)."""
    import asyncio

    import msgspec
    import websockets

    client = console.session.client
    control = console.session.rate_control
    if control is not None:  # measure raw ingest: no thinning during the burst
        control.stop()
        client.set_position_interval(0.0)
        await asyncio.sleep(1.0)
    # Both read the same recorded burst from the cloud's log: the console's stream is held while
    # the cloud records it, then resumes from where it was, as after any reconnection.
    await client.stop()
    # Recording a million fixes next to a large live simulation takes the cloud a while.
    response = await client.request("POST", "/sim/burst", timeout=300.0,
                                     json={"positions": burst, "rows_per_event": 2500})
    if response.status_code != 201:
        client.start(console.store.seq)
        return {"error": f"burst refused: HTTP {response.status_code} {response.text[:200]}"}
    body = response.json()
    first, last = body["first_seq"], body["last_seq"]
    applied = asyncio.Event()

    def check(_events: list[Any]) -> None:
        if (console.store.seq or 0) >= last:
            applied.set()

    console.store.eventsApplied.connect(check)
    renderers = _renderers()
    cloud_pid = console.cloud.pid if console.cloud is not None else None
    profilers = []
    if profile:
        profilers.append(_start_profiler(profile, os.getpid()))
        if cloud_pid:  # the cloud's side of the same read, next to it
            profilers.append(_start_profiler(profile.with_name(profile.name + ".cloud"),
                                             cloud_pid))
    ui_tid = threading.get_native_id()

    def machine() -> tuple[Any, ...]:
        """CPU seconds so far (the console, its renderers, the cloud) and scheduler readings
        of the UI thread and the cloud's threads."""
        return (time.process_time(), sum(_proc_cpu_s(p) for p in renderers),
                _proc_cpu_s(cloud_pid) if cloud_pid else 0.0,
                _sched(os.getpid(), ui_tid), _sched(cloud_pid) if cloud_pid else {})

    cpu0 = machine()
    started = time.perf_counter()
    client.start(console.store.seq)
    await applied.wait()
    console_s = time.perf_counter() - started
    cpu1 = machine()
    # Where the machine's two cores went while the console read the burst, in cores; and how
    # long the UI thread and the cloud were ready to run but had no core to run on.
    ui_ran, ui_waited = _sched_delta_s(cpu0[3], cpu1[3])
    _cloud_ran, cloud_waited = _sched_delta_s(cpu0[4], cpu1[4])
    cores = {"ui_thread": ui_ran / console_s,
             **{name: (b - a) / console_s for name, a, b in
                zip(("console", "renderer", "cloud"), cpu0[:3], cpu1[:3], strict=True)},
             "ui_thread_waiting": ui_waited / console_s, "cloud_waiting": cloud_waited / console_s}
    for profiler in profilers:
        profiler.send_signal(signal.SIGINT)
        await asyncio.to_thread(profiler.wait)
    url = client.api.replace("http://", "ws://", 1) + f"/stream?since={first - 1}"
    headers = {"Authorization": f"Bearer {client.token}"}

    bare_cores: dict[str, float] = {}

    async def bare(loads: Any = json.loads) -> float:
        rows = 0
        async with websockets.connect(url, additional_headers=headers,
                                      max_size=64 * 1024 * 1024) as ws:
            began, cpu = time.perf_counter(), time.thread_time()
            cloud0 = (_proc_cpu_s(cloud_pid), _sched(cloud_pid)) if cloud_pid else (0.0, {})
            while True:
                frame = loads(await ws.recv())
                seq = frame.get("seq")
                if frame.get("type") == "positions":
                    rows += len(frame["rows"])
                if seq is not None and seq >= last:
                    took = time.perf_counter() - began
                    cloud1 = (_proc_cpu_s(cloud_pid), _sched(cloud_pid)) if cloud_pid else \
                        (0.0, {})
                    # The bare loop's core and the cloud's while it served the loop (the
                    # json.loads run's): near a whole core, the loop is bound by the cloud's
                    # sending, not its reading.
                    bare_cores.update({} if bare_cores else {
                        "bare_loop": (time.thread_time() - cpu) / took,
                        "cloud": (cloud1[0] - cloud0[0]) / took,
                        "cloud_waiting": _sched_delta_s(cloud0[1], cloud1[1])[1] / took})
                    return took

    await client.stop()  # the bare loop reads alone, as the console did
    bare_s = await asyncio.to_thread(lambda: asyncio.run(bare()))
    # The console decodes positions with msgspec, a faster parser than json.loads: the same
    # bare loop with msgspec's untyped decoder says how much of the ratio is the parser.
    bare_msgspec_s = await asyncio.to_thread(lambda: asyncio.run(bare(msgspec.json.decode)))
    client.start(console.store.seq)
    return {"positions": body["positions"], "events": body["events"],
            "console_per_s": body["positions"] / console_s,
            "bare_per_s": body["positions"] / bare_s,
            "ratio": bare_s / console_s, "console_s": console_s, "bare_s": bare_s,
            "bare_msgspec_per_s": body["positions"] / bare_msgspec_s,
            "ratio_msgspec": bare_msgspec_s / console_s,
            "cores_while_console_read": cores, "cores_while_bare_read": bare_cores}


# --------------------------------------------------------------------------- orchestration


def run_child(trailers: int, opts: argparse.Namespace, incident_rate: float) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        result = Path(fh.name)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(trailers),
           "--seconds", str(opts.seconds), "--warmup", str(opts.warmup),
           "--incident-rate", str(incident_rate), "--burst", str(opts.burst_for(trailers)),
           "--fix-interval", str(opts.fix_interval),
           "--result", str(result)]
    if opts.profile_burst:
        cmd += ["--profile-burst", str(opts.profile_burst.resolve())]
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
           "QT_QPA_PLATFORM": "offscreen",
           "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --disable-gpu",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    print(f"--- {trailers} trailers, incident rate {incident_rate}/h …", file=sys.stderr,
          flush=True)
    try:
        done = subprocess.run(cmd, env=env, cwd=ROOT, timeout=opts.seconds + opts.warmup + 600,
                              check=False, capture_output=True, text=True)
        code, tail = done.returncode, done.stderr[-1500:]
    except subprocess.TimeoutExpired as exc:
        code = None
        tail = f"timed out after {exc.timeout:.0f} s: " + (
            exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes)
            else str(exc.stderr or ""))[-1500:]
    try:
        figures: dict[str, Any] = json.loads(result.read_text())
    except (OSError, ValueError):
        figures = {"trailers": trailers, "error": f"exit {code}: {tail}"}
    result.unlink(missing_ok=True)
    figures["process_exit_code"] = code
    print(json.dumps(figures), file=sys.stderr, flush=True)
    return figures


def _fmt(value: Any, spec: str = ".0f") -> str:
    return "—" if value is None else format(value, spec)


def table(rows: list[dict[str, Any]]) -> str:
    head = ("| trailers | cold start | loop lateness p50 / p95 / p99 / max | console CPU | "
            "map renderer CPU | cloud CPU | RSS | positions applied | position interval "
            "settled (max) | open alarms | alarm to screen p50 / p95 / p99 (n); the console's "
            "part | "
            "ingest console / bare (ratio) | exit |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        if "error" in r or "lateness_ms" not in r:
            why = r.get("error", "stopped before its figures were taken")
            why = why.strip().splitlines()[0][:160].replace("|", "/")
            lines.append(f"| {r['trailers']:,} | failed: {why} |" + " |" * 12)
            continue
        label = f"{r['trailers']:,}" + (" (storm)" if r.get("storm") else "")
        if r.get("fix_interval_s", 1.0) != 1.0:
            label += f", 1 fix per {r['fix_interval_s']:g} s"
        lat = r["lateness_ms"]
        a2s = r["alarm_to_screen_ms"]
        ingest = r.get("ingest") or {}
        ingest_text = (f"{ingest['console_per_s']:,.0f} / {ingest['bare_per_s']:,.0f}/s "
                       f"({ingest['ratio']:.2f})" if "ratio" in ingest
                       else ingest.get("error", "—"))
        if "ratio_msgspec" in ingest:
            ingest_text += (f"; against msgspec {ingest['bare_msgspec_per_s']:,.0f}/s "
                            f"({ingest['ratio_msgspec']:.2f})")
        lines.append(
            f"| {label} "
            f"| {r['cold_start_s']:.1f} s "
            f"| {_fmt(lat['p50'], '.1f')} / {_fmt(lat['p95'], '.1f')} / {_fmt(lat['p99'], '.1f')}"
            f" / {_fmt(lat['max'])} ms "
            f"| {r['cpu_cores']:.2f} | {r['renderer_cpu_cores']:.2f} "
            f"| {_fmt(r.get('cloud_cpu_cores'), '.2f')} | {r['rss_mb']:.0f} MB "
            f"| {r['positions_per_s']:,.0f}/s "
            f"| {r['position_interval_s']['final']:g} s ({r['position_interval_s']['max']:g} s) "
            f"| {r['open_alarms']} "
            f"| {_fmt(a2s['p50'])} / {_fmt(a2s['p95'])} / {_fmt(a2s['p99'])} ms ({a2s['n']}); "
            f"from arrival p99 {_fmt((r.get('alarm_arrival_to_screen_ms') or {}).get('p99'))} ms "
            f"| {ingest_text} | {r['exit_s']:.1f} s{'' if r['cloud_gone'] else ', CLOUD LEFT'} |")
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import PySide6

    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, PySide6 "
            f"{PySide6.__version__}, offscreen, no GPU")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fleets", type=lambda s: [int(x) for x in s.split(",")], default=[10000],
                    help="comma-separated fleet sizes (default 10000)")
    ap.add_argument("--curve", action="store_true", help=f"fleet sizes {CURVE}")
    ap.add_argument("--storm", action="store_true",
                    help="also 10,000 trailers with --storm-rate incidents per trailer-hour (an "
                         "alarm storm: hundreds of open alarms within a minute)")
    ap.add_argument("--storm-rate", type=float, default=6.0,
                    help="incidents per trailer-hour in the storm run (default 6: about 17 new "
                         "alarms a second at 10,000 trailers)")
    ap.add_argument("--seconds", type=float, default=60.0, help="live window per fleet size")
    ap.add_argument("--warmup", type=float, default=15.0,
                    help="seconds after the fleet is drawn before measuring")
    ap.add_argument("--fix-interval", type=float, default=1.0,
                    help="seconds between one trailer's fixes (default 1)")
    ap.add_argument("--incident-rate", type=float, default=0.3,
                    help="incidents per trailer-hour (the simulator's default 0.3)")
    ap.add_argument("--burst", type=int, default=None,
                    help="positions in the saturation burst (default 100 per trailer, at most "
                         "1,000,000; 0: no burst)")
    ap.add_argument("--profile-burst", type=Path, metavar="FILE",
                    help="write a py-spy profile (raw, every thread) of the console reading the "
                         "burst to FILE, and the cloud's to FILE.cloud (needs py-spy: pip "
                         "install py-spy)")
    ap.add_argument("--doc", action="store_true", help=f"write the table to {DOC}")
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    ap.add_argument("--from-json", type=Path, nargs="+", metavar="FILE",
                    help="measure nothing: build the table (and --doc) from figures saved "
                         "with --json, in this order")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    opts = ap.parse_args()
    if opts.one:
        opts.burst = opts.burst or 0
        figures = measure_one(opts)
        if opts.result:
            opts.result.write_text(json.dumps(figures))
        else:
            print(json.dumps(figures, indent=2))
        return 0

    def burst_for(trailers: int) -> int:
        return opts.burst if opts.burst is not None else min(1_000_000, 100 * trailers)

    opts.burst_for = burst_for
    # The console and the cloud start as they do installed: from compiled bytecode (an
    # environment with PYTHONDONTWRITEBYTECODE would otherwise compile ~120 modules per start).
    for package in ("opticallock", "console", "cloudsim", "widgets", "maps"):
        compileall.compile_dir(ROOT / package, quiet=1)
    compileall.compile_file(ROOT / "main.py", quiet=1)
    fleets = CURVE if opts.curve else opts.fleets
    if opts.from_json:
        rows = [row for path in opts.from_json for row in json.loads(path.read_text())]
        fleets, opts.storm = [], False
    else:
        rows = [run_child(n, opts, opts.incident_rate) for n in fleets]
    if opts.storm:
        storm = run_child(10000, opts, opts.storm_rate)
        storm["storm"] = True
        rows.append(storm)
    text = table(rows)
    print(text)
    if opts.json:
        opts.json.write_text(json.dumps(rows, indent=2))
    if opts.doc:
        command = "QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_console.py " + " ".join(
            sys.argv[1:])
        DOC.write_text(
            "# The whole console at fleet scale\n\n"
            f"Measured {time.strftime('%Y-%m-%d')} on {machine()}, with\n\n"
            f"    {command}\n\n"
            "Each row is one run of the real console (main window offscreen, map page in "
            "QtWebEngine) against the embedded cloud in its own process, one fix per trailer "
            f"per second, {opts.seconds:g} s measured after a {opts.warmup:g} s warm-up. "
            "See the script's docstring for what each column measures.\n\n"
            f"{text}\n")
        print(f"wrote {DOC}", file=sys.stderr)
    return 0 if all("error" not in r and "lateness_ms" in r for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
