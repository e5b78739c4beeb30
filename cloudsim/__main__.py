"""``python -m cloudsim``: run the OpticalLock reference cloud standalone.

The console (console/link/embedded_cloud.py) also runs it as its child process: it reads the line
``cloudsim listening on http://HOST:PORT ...`` on stdout to learn the port, hands the demo
account over stdin (``--user-stdin``) so the password is never on a command line, and keeps
stdin open for the child's life (``--exit-with-stdin``): EOF means the console is gone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import gc
import getpass
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from cloudsim.server import (
    DEFAULT_CARRIERS,
    UNLOCK_APPROVALS,
    Cloud,
    CloudConfig,
    stage_incidents_when_watched,
)
from cloudsim.sim import INCIDENT_KINDS

log = logging.getLogger("cloudsim")

#: From <linux/prctl.h>: ask for a signal when the parent process dies.
PR_SET_PDEATHSIG = 1


def _user(text: str) -> tuple[str, str, str | None]:
    name, sep, rest = text.partition(":")
    if not sep or not name or not rest:
        raise argparse.ArgumentTypeError(f"expected NAME:PASSWORD[@CARRIER], got {text!r}")
    password, _, carrier = rest.rpartition("@") if "@" in rest else (rest, "", "")
    return name, password, carrier or None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m cloudsim",
        description="OpticalLock reference cloud: REST + websocket API, durable hash-chained "
                    "event log (SQLite), and a simulated trailer fleet on real highway corridors.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (0 = any free port; default 8765)")
    p.add_argument("--locks", type=int, default=200, help="number of trailers/locks (default 200)")
    p.add_argument("--seed", type=int, default=7, help="simulation seed (default 7)")
    p.add_argument("--user", type=_user, action="append", default=[], metavar="NAME:PASSWORD",
                   help="dispatcher account, repeatable; NAME:PASSWORD@CARRIER joins that "
                        "carrier (default: the first). With none, one is created and printed.")
    p.add_argument("--data", type=Path, default=Path("cloudsim-data"),
                   help="data directory (SQLite database; default ./cloudsim-data)")
    p.add_argument("--accel", type=float, default=1.0,
                   help="time acceleration for demos: trailers move and incidents happen this "
                        "many times faster (timestamps stay real time; default 1)")
    p.add_argument("--fix-interval", type=float, default=2.0,
                   help="seconds between GPS fixes per trailer (default 2)")
    p.add_argument("--sample-interval", type=float, default=10.0,
                   help="seconds between fiber/battery samples per lock (default 10)")
    p.add_argument("--incident-rate", type=float, default=0.3,
                   help="incidents per trailer per hour (default 0.3: about one a minute in a "
                        "200-trailer fleet)")
    p.add_argument("--retain-hours", type=float, default=6.0,
                   help="hours of telemetry a client can replay with since= (default 6)")
    p.add_argument("--history-days", type=float, default=35.0,
                   help="days of position/fiber history kept (default 35)")
    p.add_argument("--carriers", type=int, default=len(DEFAULT_CARRIERS),
                   choices=range(1, len(DEFAULT_CARRIERS) + 1),
                   help=f"how many carriers share the fleet (default {len(DEFAULT_CARRIERS)}: "
                        + ", ".join(c for c, _ in DEFAULT_CARRIERS) + ")")
    p.add_argument("--warmup-hours", type=float, default=0.0,
                   help="a new cloud first lives this many hours of the fleet's past, quietly "
                        "(no incidents), so history exists at once (default 0)")
    p.add_argument("--unlock-approvals", choices=UNLOCK_APPROVALS, default="dispatcher",
                   help="who decides the driver apps' unlock requests: 'dispatcher' (default: "
                        "a console; a request nobody decides expires, and the trailer leaves "
                        "sealed) or 'auto' (a simulated carrier desk approves deliveries at the "
                        "trip's destination and refuses the others after a few seconds; for "
                        "benchmarks and demos with nobody at a console)")
    p.add_argument("--no-sim", action="store_true", help="serve the API without moving the fleet")
    p.add_argument("--incident", action="append", default=[], metavar="KIND",
                   choices=INCIDENT_KINDS,
                   help="stage this incident on a trailer once the first dispatcher stream "
                        "connects (repeatable; for demos and training): "
                        + ", ".join(INCIDENT_KINDS))
    p.add_argument("--user-stdin", action="store_true",
                   help="read one more account, NAME:PASSWORD[@CARRIER], from the first line "
                        "of stdin (keeps the password off the command line)")
    p.add_argument("--exit-with-stdin", action="store_true",
                   help="stop when stdin reaches end of file: for a parent process holding "
                        "the pipe, whose exit (even a crash) then stops the cloud; on Linux "
                        "the parent's death also sends SIGTERM")
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    args = p.parse_args(argv)
    if args.locks < 1 or args.locks > 50_000:
        p.error("--locks must be between 1 and 50000")
    if args.fix_interval <= 0 or args.sample_interval <= 0 or args.accel <= 0:
        p.error("--fix-interval, --sample-interval and --accel must be positive")
    return args


def _read_stdin_user() -> tuple[str, str, str | None]:
    if sys.stdin.isatty():  # typed by a person: do not echo the password
        line = getpass.getpass("account (NAME:PASSWORD[@CARRIER]): ")
    else:
        line = sys.stdin.readline()
    return _user(line.rstrip("\r\n"))


def _die_with_parent() -> None:
    """Linux: ask the kernel to send SIGTERM when our parent dies (best effort).

    Belt and braces next to the stdin watch: it also covers a parent that leaked the pipe's
    write end into another process. It fires when the parent *thread* that started us ends,
    which is why the console starts us from its main thread.
    """
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            log.warning("prctl(PR_SET_PDEATHSIG) failed: %s", os.strerror(ctypes.get_errno()))
            return
    except (OSError, AttributeError) as exc:
        log.warning("cannot ask to die with the parent: %s", exc)
        return
    if os.getppid() != parent:  # it died before we asked: no signal will come
        os.kill(os.getpid(), signal.SIGTERM)


def _exit_on_stdin_eof() -> None:
    """Send ourselves SIGTERM once stdin ends (the parent closed it or died).

    A signal, not a direct call, so one path stops the cloud: before the loop's handlers are
    installed (building or warming up the fleet) SIGTERM's default action ends the process;
    after, it is a graceful stop with a final checkpoint.
    """
    def watch() -> None:
        with contextlib.suppress(OSError):
            while os.read(sys.stdin.fileno(), 4096):
                pass
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="stdin-eof", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.user_stdin:
        try:
            args.user.append(_read_stdin_user())
        except (argparse.ArgumentTypeError, EOFError):
            # Not the line itself: it may hold a password, and stderr ends up in logs.
            print("--user-stdin: expected NAME:PASSWORD[@CARRIER] on the first line of stdin",
                  file=sys.stderr)
            return 2
    if args.exit_with_stdin:
        _die_with_parent()
        _exit_on_stdin_eof()
    config = CloudConfig(
        data_dir=args.data, host=args.host, port=args.port, locks=args.locks, seed=args.seed,
        accel=args.accel, fix_interval_s=args.fix_interval,
        sample_interval_s=args.sample_interval, incident_rate=args.incident_rate,
        retain_telemetry_s=args.retain_hours * 3600.0, history_days=args.history_days,
        users=args.user, simulate=not args.no_sim, warmup_hours=max(0.0, args.warmup_hours),
        carriers=list(DEFAULT_CARRIERS[: args.carriers]), unlock_approvals=args.unlock_approvals,
    )
    # The world built here (a fleet of thousands, its first log entries) lives as long as the
    # process: built without the cyclic collector scanning it again and again (0.45 s of a
    # 10,000-trailer start), then frozen out of its later scans.
    gc.disable()
    try:
        cloud = Cloud(config)
    finally:
        gc.freeze()
        gc.enable()
    fleet = sum(len(c.trailers) for c in cloud.service.definition.carriers)
    if fleet != args.locks:
        print(f"note: {args.data} already holds a fleet of {fleet} trailers; using it "
              f"(delete the directory to build a new one)", file=sys.stderr)

    def started(port: int) -> None:
        url = f"http://{args.host}:{port}"
        print(f"cloudsim listening on {url}  (API {url}/api/v1, OpenAPI {url}/openapi.json)",
              flush=True)
        carriers = ", ".join(f"{c.carrier_id} ({len(c.trailers)} trailers)"
                             for c in cloud.service.definition.carriers)
        print(f"carriers: {carriers}; data in {args.data.resolve()}", flush=True)
        if cloud.created_credentials:
            user, password = cloud.created_credentials
            print(f"created account  user: {user}  password: {password}  "
                  "(shown once; pass --user NAME:PASSWORD to choose)", flush=True)

    stop_requested = False

    def request_stop() -> None:
        nonlocal stop_requested
        stop_requested = True  # remembered: before serve() starts uvicorn there is none to stop
        cloud.request_stop()

    def listening(port: int) -> None:
        started(port)
        if stop_requested:
            cloud.request_stop()

    async def run() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, request_stop)
        staging = None
        if args.incident:
            staging = asyncio.create_task(stage_incidents_when_watched(cloud, args.incident))
            staging.add_done_callback(report_staged)
        try:
            await cloud.serve(started=listening)
        finally:
            if staging is not None:
                staging.cancel()

    def report_staged(task: asyncio.Task[list[tuple[str, str]]]) -> None:
        if task.cancelled():
            return
        if task.exception() is not None:
            log.error("staging incidents failed", exc_info=task.exception())
            return
        for kind, lock_id in task.result():
            print(f"incident {kind} staged on {lock_id}", flush=True)

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
