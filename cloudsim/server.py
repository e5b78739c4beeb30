"""Running the reference cloud: standalone (``python -m cloudsim``) or embedded in a thread.

:func:`start_embedded` starts it on 127.0.0.1 (a free port unless given) in a background thread
and returns an :class:`EmbeddedCloud` handle with its URL; main.py and the tests use it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import uvicorn

from cloudsim.app import create_app
from cloudsim.db import Database
from cloudsim.desk import DESK_DELAY_S, CarrierDesk
from cloudsim.service import CloudService
from cloudsim.service.discipline import OWNER_RELEASE_AFTER_S
from cloudsim.service.throttle import SignInPolicy
from cloudsim.service.unlocks import UNLOCK_REQUEST_TTL_S
from cloudsim.sim import FleetSimulator, build_fleet

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_CARRIERS: list[tuple[str, str]] = [
    ("frontera", "Frontera Freight Lines"),
    ("pacifico", "Pacífico Logistics"),
]
#: The choices of CloudConfig.unlock_approvals (``--unlock-approvals``).
UNLOCK_APPROVALS = ("dispatcher", "auto")
TICK_S = 0.25
CHECKPOINT_EVERY_S = 10.0
COMPACT_EVERY_S = 60.0


@dataclass
class CloudConfig:
    """Everything that shapes one cloud instance (the CLI maps onto it one to one)."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    locks: int = 200
    seed: int = 7
    accel: float = 1.0
    fix_interval_s: float = 2.0
    sample_interval_s: float = 10.0
    incident_rate: float = 0.3
    #: The simulated driver apps: how often a driver answers, and a factor on their delays.
    reply_probability: float = 0.5
    app_delay_scale: float = 1.0
    #: Telemetry bodies older than this are compacted out of the replayable log.
    retain_telemetry_s: float = 6 * 3600.0
    #: Position and fiber history older than this is deleted.
    history_days: float = 35.0
    #: (username, password, carrier id or None for the first carrier)
    users: list[tuple[str, str, str | None]] = field(default_factory=list)
    carriers: list[tuple[str, str]] = field(default_factory=lambda: list(DEFAULT_CARRIERS))
    simulate: bool = True
    #: A fresh cloud first lives this many hours of the fleet's past (quietly: no incidents),
    #: so trip history, fiber signals and events exist from the first minute.
    warmup_hours: float = 0.0
    #: Failed sign-ins tolerated per username and per client address, and the lockouts.
    sign_in: SignInPolicy = field(default_factory=SignInPolicy)
    #: Who decides the driver apps' unlock requests: "dispatcher" (a console; nobody else) or
    #: "auto" (a simulated carrier desk approves deliveries and refuses the rest).
    unlock_approvals: str = "dispatcher"
    #: The simulated carrier desk's time to decide (``unlock_approvals="auto"``), seconds.
    desk_delay_s: float = DESK_DELAY_S
    #: An unlock request nobody decided on expires after this many seconds.
    unlock_request_ttl_s: float = UNLOCK_REQUEST_TTL_S
    #: An alarm's owner with no valid session (signed out, token expired) for this many
    #: seconds loses it (``auto_release``).
    owner_release_after_s: float = OWNER_RELEASE_AFTER_S


#: Step of the warm-up: one fix and one health sample per lock per step.
WARMUP_STEP_S = 30.0


class _OffsetClock:
    """The world's clock: ``base()`` plus the cloud's offset (behind only while warming up)."""

    def __init__(self, base: Callable[[], float], cloud: Cloud) -> None:
        self.base = base
        self.cloud = cloud

    def __call__(self) -> float:
        return self.base() + self.cloud._offset


class Cloud:
    """Database, service, simulator and HTTP server of one cloud, on one event loop."""

    def __init__(self, config: CloudConfig, clock: Callable[[], float] = time.time) -> None:
        self.config = config
        config.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(config.data_dir / "cloud.db")
        fresh = self.db.get_meta("sim") is None
        #: Seconds the world's clock runs behind ``clock`` (negative only while warming up).
        self._offset = -config.warmup_hours * 3600.0 if fresh and config.simulate else 0.0
        self.clock = clock = _OffsetClock(clock, self)
        definition = build_fleet(config.locks, config.seed, config.carriers)
        if config.unlock_approvals not in UNLOCK_APPROVALS:
            raise ValueError(f"unlock_approvals must be one of {', '.join(UNLOCK_APPROVALS)}")
        self.service = CloudService(self.db, definition, clock=clock, sign_in=config.sign_in)
        self.service.unlock_request_ttl_s = config.unlock_request_ttl_s
        self.service.owner_release_after_s = config.owner_release_after_s
        #: The simulated carrier desk deciding unlock requests, if the config asks for one.
        self.desk = (CarrierDesk(self.service, config.desk_delay_s)
                     if config.unlock_approvals == "auto" else None)
        self.sim = FleetSimulator(
            self.service.definition, self.service, seed=config.seed, accel=config.accel,
            fix_interval_s=config.fix_interval_s, sample_interval_s=config.sample_interval_s,
            incident_rate_per_trailer_hour=config.incident_rate,
            reply_probability=config.reply_probability, app_delay_scale=config.app_delay_scale,
            clock=clock,
        )
        saved = self.db.get_meta("sim")
        if saved is not None:
            import json

            self.sim.restore(json.loads(saved))
        self.service.unlock_listeners.append(self.sim.on_unlock_request)
        # Announce every trailer's planned trip now, so the first snapshot already has them
        # (a zero step moves nothing, and after a restore it repeats nothing).
        with self.db.transaction():  # thousands of trip events: one commit
            self.sim.step(0.0)
            self.service.flush()
        if self._offset < 0:
            self.warm_up()
        self.service.message_listeners.append(self.sim.on_dispatcher_message)
        self.created_credentials: tuple[str, str] | None = None
        for username, password, carrier in config.users:
            self.service.add_account(username, password, carrier)
        if not self.service.has_accounts():
            import secrets

            password = secrets.token_urlsafe(9)
            self.service.add_account("dispatcher", password)
            self.created_credentials = ("dispatcher", password)
        self.app = create_app(self.service)
        self._tasks: list[asyncio.Task[Any]] = []
        self.uvicorn: uvicorn.Server | None = None
        self.port: int | None = None
        self.loop: asyncio.AbstractEventLoop | None = None

    # ------------------------------------------------------------------ the world's clock

    def warm_up(self, step_s: float = WARMUP_STEP_S) -> None:
        """Live the past quickly: the clock runs ``-offset`` behind, the simulator steps
        ``step_s`` at a time (one fix and sample per lock per step) until it is now."""
        started = time.monotonic()
        rate = self.sim.incident_rate
        self.sim.set_incident_rate(0.0)  # a quiet past: no alarm waits for anyone at start
        try:
            while self._offset < 0:
                dt = min(step_s, -self._offset)
                self._offset += dt
                self.sim.step(dt)
                self.decide_unlocks()
                self.service.flush()
        finally:
            self._offset = 0.0
            self.sim.set_incident_rate(rate)
        log.info("warmed up %.1f h of the fleet's past in %.1f s", self.config.warmup_hours,
                 time.monotonic() - started)

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        last_checkpoint = last_compact = loop.time()
        while True:
            next_at += TICK_S
            delay = next_at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -2.0:  # fell far behind (machine suspended?): skip, do not burst
                next_at = loop.time()
            try:
                if self.config.simulate:
                    heads = self.service.head_seqs()
                    self.sim.advance(TICK_S)
                    if self.service.head_seqs() != heads:
                        # Events were logged (an alarm, a lock opening): let the streams send
                        # them now, before this tick's thousands of fixes are reported, batched
                        # and logged behind them.
                        await asyncio.sleep(0)
                    self.sim.report_telemetry()
                self.decide_unlocks()
                self.watch_alarms()
                self.service.flush()
                now = loop.time()
                if now - last_checkpoint >= CHECKPOINT_EVERY_S:
                    last_checkpoint = now
                    self.checkpoint()
                if now - last_compact >= COMPACT_EVERY_S:
                    last_compact = now
                    self.enforce_retention()
            except Exception:
                log.exception("simulation tick failed; continuing")

    def decide_unlocks(self) -> None:
        """The carrier desk's decisions (if there is one), then the requests whose time ran
        out expire."""
        if self.desk is not None:
            self.desk.tick()
        self.service.expire_unlock_requests()

    def watch_alarms(self) -> None:
        """Alarms not acknowledged in time escalate and walk their call lists; owners without
        a session lose their alarms."""
        self.service.walk_call_lists()
        self.service.release_stale_owners()

    def checkpoint(self) -> None:
        import json

        self.service.checkpoint()
        self.db.set_meta("sim", json.dumps(self.sim.checkpoint()))

    def enforce_retention(self) -> None:
        now = self.clock()
        for clog in self.service.logs.values():
            clog.compact_telemetry(before_ts=now - self.config.retain_telemetry_s)
        cutoff = now - self.config.history_days * 86400.0
        self.db.execute("DELETE FROM positions WHERE ts < ?", (cutoff,))
        self.db.execute("DELETE FROM fiber WHERE ts < ?", (cutoff,))

    # ------------------------------------------------------------------ serving

    async def serve(self, sock: socket.socket | None = None,
                    started: Callable[[int], None] | None = None) -> None:
        """Serve until :meth:`request_stop`; ``started(port)`` is called once listening."""
        self.loop = asyncio.get_running_loop()
        cfg = uvicorn.Config(self.app, host=self.config.host, port=self.config.port,
                             log_level="warning", lifespan="off", ws_max_size=1 << 20,
                             timeout_graceful_shutdown=2)
        self.uvicorn = uvicorn.Server(cfg)
        # No signal handlers to install: uvicorn only installs them on the main thread, and the
        # embedded cloud serves from its own.
        self._tasks.append(asyncio.create_task(self._tick(), name="cloudsim-tick"))
        serve_task = asyncio.create_task(self.uvicorn.serve(sockets=[sock] if sock else None))
        while not self.uvicorn.started:
            if serve_task.done():
                serve_task.result()
                return
            await asyncio.sleep(0.01)
        servers = self.uvicorn.servers
        self.port = servers[0].sockets[0].getsockname()[1] if servers else self.config.port
        if started is not None:
            started(self.port)
        try:
            await serve_task
        finally:
            for task in self._tasks:
                task.cancel()
            for task in self._tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            self.checkpoint()
            self.db.close()

    def request_stop(self) -> None:
        if self.uvicorn is not None:
            self.uvicorn.should_exit = True

    def call(self, fn: Callable[[], T], timeout: float = 10.0) -> T:
        """Run ``fn`` on the cloud's loop thread and return its result (for tests and demos)."""
        assert self.loop is not None, "cloud is not running"

        async def run() -> T:
            return fn()

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(timeout)


class EmbeddedCloud:
    """A :class:`Cloud` serving in a daemon thread. ``url`` is its base URL."""

    def __init__(self, config: CloudConfig, clock: Callable[[], float] = time.time) -> None:
        self.config = config
        self.clock = clock
        self.cloud: Cloud | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.port: int = 0

    @property
    def url(self) -> str:
        return f"http://{self.config.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> EmbeddedCloud:
        def run() -> None:
            try:
                cloud = Cloud(self.config, clock=self.clock)
                self.cloud = cloud

                def started(port: int) -> None:
                    self.port = port
                    self._ready.set()

                asyncio.run(cloud.serve(started=started))
            except BaseException as exc:  # reported to the starting thread
                self._error = exc
                self._ready.set()

        self._ready.clear()
        self._thread = threading.Thread(target=run, name="cloudsim", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise TimeoutError("cloudsim did not start in time")
        if self._error is not None:
            raise RuntimeError(f"cloudsim failed to start: {self._error}") from self._error
        return self

    def stop(self, timeout: float = 15.0) -> None:
        if self.cloud is not None:
            self.cloud.request_stop()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def restart(self) -> EmbeddedCloud:
        """Stop, then start again on the same port with the same data (a server restart)."""
        port = self.port
        self.stop()
        self.config.port = port
        self._error = None
        return self.start()

    def call(self, fn: Callable[[], T], timeout: float = 10.0) -> T:
        assert self.cloud is not None
        return self.cloud.call(fn, timeout)


def start_embedded(data_dir: Path, *, locks: int = 200, seed: int = 7,
                   users: list[tuple[str, str, str | None]] | None = None,
                   port: int = 0, clock: Callable[[], float] = time.time,
                   **options: Any) -> EmbeddedCloud:
    """Start a cloud on 127.0.0.1 in a background thread; returns once it is listening.
    ``clock`` is the world's time (tests hand in one they move)."""
    config = CloudConfig(data_dir=data_dir, port=port, locks=locks, seed=seed,
                         users=list(users or []), **options)
    return EmbeddedCloud(config, clock=clock).start()


async def stage_incidents_when_watched(cloud: Cloud, kinds: list[str],
                                       poll_s: float = 0.2) -> list[tuple[str, str]]:
    """Once a dispatcher's stream is connected, stage each incident (``sim.inject_incident``);
    returns ``(kind, lock_id)`` of each one staged. Run it on the cloud's loop.

    Waiting for a watcher makes a demo's incident arrive live, as an alarm on the screen,
    rather than sit already raised in the first snapshot. A kind no trailer can have now is
    logged and skipped: a demo must not fail for it.
    """
    # A poll: the carriers' logs have no hook for a new subscriber, and a check every
    # ``poll_s`` on the cloud's loop costs nothing.
    while not any(clog.subscribers for clog in cloud.service.logs.values()):  # noqa: ASYNC110
        await asyncio.sleep(poll_s)
    staged: list[tuple[str, str]] = []
    for kind in kinds:
        try:
            staged.append((kind, cloud.sim.inject_incident(kind)))
        except LookupError as exc:
            log.warning("incident %s not staged: %s", kind, exc)
    return staged
