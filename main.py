"""OpticalLock dispatcher console: arguments, QApplication on a qasync loop, composition.

With no arguments it starts the reference cloud (``python -m cloudsim``) as a child process on
127.0.0.1 with a demo fleet and signs in to it, so a new user sees a live fleet within seconds;
the child stops with the console, however the console ends (console/link/embedded_cloud.py).
``--server URL`` connects to another cloud instead (with the sign-in dialog).

``main(argv)`` is parse_args → prepare_environment → compose → run. A benchmark or a harness
can do the same steps itself and attach its instruments to ``Console.window``, ``.store`` and
``.session`` between compose and run.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import qasync
    from PySide6.QtWidgets import QApplication

    from console.alarms.action_plans import ActionPlan
    from console.contacts.templates import MessageTemplate
    from console.fleet.store import FleetStore
    from console.link.embedded_cloud import EmbeddedCloudProcess
    from console.link.session import ConsoleSession
    from console.settings import Settings
    from opticallock.protocol import AlarmType
    from widgets.fleet.map_view import MapView
    from widgets.link.sign_in import SignInDialog
    from widgets.main_window import MainWindow

APP_TITLE = "OpticalLock Dispatcher"
#: Closing must end the process within 5 s even with the stream at full rate: the session gets
#: this long to shut down (a websocket close handshake can wait 10 s), then the run ends anyway.
SESSION_SHUTDOWN_BUDGET_S = 3.0
#: A shutdown still running after this long is cancelled once more. On Python 3.11 the stream
#: loop's ``asyncio.wait_for(ws.recv(), ...)`` loses a cancellation that lands as a frame
#: arrives, and the stream then carries on; the session's shutdown awaits it, so cancelling
#: the shutdown cancels the stream again.
SESSION_SHUTDOWN_NUDGE_S = 1.0
#: The embedded cloud gets this long after SIGTERM to checkpoint and exit before SIGKILL; it
#: stops while the session shuts down, not after.
CLOUD_STOP_GRACE_S = 3.0
#: Building and warming up a large fleet (``--history-hours``) takes a while.
CLOUD_START_TIMEOUT_S = 300.0

log = logging.getLogger("console")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="main.py",
        description="OpticalLock dispatcher console. Without --server it starts the embedded "
                    "reference cloud on 127.0.0.1 with a simulated fleet and signs in to it.",
    )
    p.add_argument("--server", metavar="URL",
                   help="connect to this cloud (e.g. http://127.0.0.1:8765) and sign in, "
                        "instead of starting the embedded one")
    p.add_argument("--locks", type=int, default=200,
                   help="embedded cloud: number of simulated trailers (default 200)")
    p.add_argument("--seed", type=int, default=7, help="embedded cloud: simulation seed")
    p.add_argument("--accel", type=float, default=1.0,
                   help="embedded cloud: time acceleration of the simulation (default 1)")
    p.add_argument("--history-hours", type=float, default=3.0, metavar="HOURS",
                   help="embedded cloud, first run only: the fleet's quiet past to simulate "
                        "before serving, so trip history exists at once (default 3; 0 = none)")
    p.add_argument("--fix-interval", type=float, default=2.0, metavar="SECONDS",
                   help="embedded cloud: seconds between GPS fixes per trailer (default 2)")
    p.add_argument("--incident-rate", type=float, default=0.3, metavar="RATE",
                   help="embedded cloud: incidents per trailer per hour (default 0.3)")
    p.add_argument("--carriers", type=int, default=2, choices=[1, 2],
                   help="embedded cloud: how many carriers share the fleet; the demo "
                        "dispatcher works for the first (default 2: 70%% of --locks are "
                        "theirs; 1: all of them)")
    p.add_argument("--incident", action="append", default=[], metavar="KIND",
                   choices=["fiber_cut", "forced_entry", "unlock_outside", "battery_low",
                            "gps_loss", "fiber_degraded"],
                   help="embedded cloud: stage this incident on a trailer once the console is "
                        "live (repeatable; for demos and training)")
    p.add_argument("--panel", choices=["alarms", "lock", "history"], default=None,
                   help="which bottom panel to bring to the front at start (the alarm queue, "
                        "the selected lock's seal signal, or the trip history)")
    p.add_argument("--data-dir", type=Path,
                   help="where the journal and the embedded cloud's data live "
                        "(default: the user data directory)")
    p.add_argument("--config-dir", type=Path,
                   help="where preferences live (default: the user config directory)")
    p.add_argument("--screenshot", type=Path, metavar="PATH",
                   help="save a PNG of the window after --quit-after seconds, then exit "
                        "(with --incident, the most urgent alarm is selected first; with "
                        "--panel history, a trailer's history is loaded and replayed)")
    p.add_argument("--quit-after", type=float, metavar="SECONDS",
                   help="exit after this many seconds (with --screenshot: take it first)")
    p.add_argument("--log-level", default="INFO",
                   choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="log verbosity")
    args = p.parse_args(argv)
    if args.screenshot is not None and args.quit_after is None:
        args.quit_after = 8.0
    if args.quit_after is not None and args.quit_after <= 0:
        p.error("--quit-after must be positive")
    if args.fix_interval <= 0 or args.accel <= 0:
        p.error("--fix-interval and --accel must be positive")
    if args.incident_rate < 0:
        p.error("--incident-rate must not be negative")
    return args


def prepare_environment(args: argparse.Namespace) -> None:
    """What must be set before Qt starts (platform, Chromium flags), and the log format."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium (QtWebEngine) refuses to run as root with its sandbox on.
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if (args.screenshot is not None or headless) and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.basicConfig(level=args.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@dataclass
class Console:
    """One composed console, ready to run: what :func:`compose` built, for :func:`run` (and for
    a benchmark's instruments in between)."""

    app: QApplication
    loop: qasync.QEventLoop
    window: MainWindow
    session: ConsoleSession
    store: FleetStore
    map_view: MapView
    settings: Settings
    dialog: SignInDialog
    #: The embedded cloud's child process (not started until the loop runs); None with --server.
    cloud: EmbeddedCloudProcess | None
    #: Set once the window is closed (or a signal asks to close): the run then ends.
    closing: asyncio.Event = field(default_factory=asyncio.Event)

    def close(self) -> None:
        """Close the window and end the run (even if the window refuses to close)."""
        self.window.close()
        self.closing.set()


def compose(args: argparse.Namespace) -> Console:
    """Create the QApplication and its qasync loop, wire the console together, show the window
    and schedule the start (the embedded cloud and sign-in, or resume/ask for --server), to
    happen once :func:`run` runs the loop. Call :func:`prepare_environment` first (or set the
    Qt environment yourself)."""
    from console.link.embedded_cloud import CloudOptions, EmbeddedCloudProcess
    from console.settings import Paths

    default = Paths.default()
    paths = Paths(args.data_dir or default.data_dir, args.config_dir or default.config_dir)
    cloud = None
    password = secrets.token_urlsafe(12)  # a fresh demo password each run, never stored
    if not args.server:
        # Launched first, before Qt is even imported: the cloud builds its fleet meanwhile.
        cloud = EmbeddedCloudProcess(CloudOptions(
            paths.data_dir / "embedded-cloud", locks=args.locks, seed=args.seed,
            accel=args.accel, warmup_hours=max(0.0, args.history_hours),
            fix_interval_s=args.fix_interval, incident_rate=args.incident_rate,
            incidents=tuple(args.incident), carriers=args.carriers,
            verbose=logging.getLogger().isEnabledFor(logging.INFO)))
        cloud.launch("demo", password)

    import qasync
    from PySide6.QtWidgets import QApplication

    from maps.scheme import register_scheme

    register_scheme()  # QtWebEngine wants custom schemes declared before the application
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName("OpticalLock")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    if cloud is not None:
        cloud.attach(loop)

    from console.fleet.heap import HeapFreezer, tune_collector
    from console.fleet.store import FleetStore
    from console.link.credentials import CredentialStore
    from console.link.session import ConsoleSession
    from console.settings import Settings
    from maps.page import DEFAULT_ONLINE_TILES, online_tile_source
    from opticallock.gazetteer import nearest_city
    from widgets.fleet.map_view import MapView
    from widgets.link.sign_in import SignInDialog
    from widgets.main_window import MainWindow

    settings = Settings(paths)
    store = FleetStore()
    tune_collector()
    store.reset.connect(HeapFreezer(store).freeze)  # the fleet just loaded is long-lived
    session = ConsoleSession(settings, CredentialStore(), store)
    map_view = MapView(store)
    plans, templates, plans_problem = _load_plans_and_templates(settings)
    window = MainWindow(store, settings.qsettings, map_view=map_view, plans=plans,
                        templates=templates)
    window.alarms.export_directory = str(Path.home())
    if args.panel is not None:
        {"alarms": window.alarm_dock, "lock": window.lock_dock,
         "history": window.history_dock}[args.panel].raise_()

    def bring_to_front() -> None:
        window.showNormal()
        window.raise_()
        window.activateWindow()

    window.alarms.attention.trayActivated.connect(bring_to_front)
    session.deskChanged.connect(window.set_desk)
    session.messengerChanged.connect(window.set_messenger)

    def set_tiles(on: bool) -> None:
        settings.online_tiles = DEFAULT_ONLINE_TILES if on else ""
        map_view.set_online_tiles(*online_tile_source(settings.online_tiles) if on else (None,))

    window.onlineTilesToggled.connect(set_tiles)
    window.tiles_action.setChecked(bool(settings.online_tiles))

    console = Console(app=app, loop=loop, window=window, session=session, store=store,
                      map_view=map_view, settings=settings, dialog=SignInDialog(window),
                      cloud=cloud)
    if cloud is not None:
        cloud.on_unexpected_exit = lambda code: _cloud_stopped(console, code)
    _install_excepthook(console)
    _wire_sign_in(console)
    _stage_screenshot(console, args)

    session.spawn(_start(console, args, password))
    # The gazetteer (~30k cities) loads once; do it off the UI thread before the first alarm.
    session.spawn(asyncio.to_thread(nearest_city, 29.4, -98.5))
    if plans_problem:
        window.statusBar().showMessage(plans_problem, 30000)
    # Closing the main window (by the dispatcher, or by the desktop at logout) ends the run: the
    # session shuts down inside the same run of the loop, which then stops Qt's loop once. (A
    # second run after QCoreApplication::exit re-emits aboutToQuit to QtWebEngine's already-spent
    # cleanup slot: a segfault with PySide6 6.11.)
    app.setQuitOnLastWindowClosed(False)
    window.closed.connect(console.closing.set)
    window.show()
    return console


def run(console: Console, args: argparse.Namespace) -> int:
    """Run until the window is closed (by the dispatcher, --quit-after, SIGINT or SIGTERM), shut
    the session down, stop the embedded cloud; returns the exit code."""
    from PySide6.QtCore import QTimer

    if args.quit_after is not None:
        QTimer.singleShot(int(args.quit_after * 1000), lambda: _finish(console, args))
    _handle_signals(console)
    started = time.monotonic()
    try:
        with console.loop:
            console.loop.run_until_complete(_run_until_closed(console))
    finally:
        if console.cloud is not None:
            console.cloud.kill()  # a no-op unless the run failed before stopping it
    log.info("console ran %.1f s", time.monotonic() - started)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    prepare_environment(args)
    return run(compose(args), args)


# ---------------------------------------------------------------------- composition parts

def _load_plans_and_templates(
        settings: Settings) -> tuple[dict[AlarmType, ActionPlan], list[MessageTemplate], str]:
    """The dispatcher's action plans and message templates, or ours if theirs are broken; and
    what to say about it ("" if nothing)."""
    from console.alarms.action_plans import load_action_plans
    from console.contacts.templates import load_templates

    problem = ""
    try:
        plans = load_action_plans(settings.action_plans_path)
    except ValueError as exc:  # the dispatcher's own file is broken: say so, use ours
        problem = f"{exc} — using the built-in action plans."
        log.error("%s", problem)
        plans = load_action_plans()
    try:
        templates = load_templates(settings.message_templates_path)
    except ValueError as exc:  # the dispatcher's own templates file is broken: say so
        problem = f"{problem} {exc} — using the built-in message templates.".strip()
        log.error("%s", exc)
        templates = load_templates()
    return plans, templates, problem


def _install_excepthook(console: Console) -> None:
    def excepthook(kind: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        console.window.statusBar().showMessage(f"Internal error: {exc}", 15000)

    sys.excepthook = excepthook


def _wire_sign_in(console: Console) -> None:
    window, session, dialog, settings = (console.window, console.session, console.dialog,
                                         console.settings)

    def ask(message: str) -> None:
        dialog.prefill(session.server_url or settings.server_url, settings.username,
                       settings.remember)
        dialog.show_error(message) if message else dialog.message.hide()
        dialog.set_busy(False)
        dialog.open()

    def on_signed_in(signed: Any) -> None:
        dialog.accept()
        client = session.client
        assert client is not None
        client.statusChanged.connect(window.set_connection)
        client.positionIntervalChanged.connect(window.set_position_interval)
        _log_stream(client)
        window.watch_stream(client.stats, client.rate)
        window.set_connection(client.status)
        if signed is not None:
            user = signed.user
            window.set_identity(f"{user.carrier.name} — {user.display_name}")
        else:
            window.set_identity(session.username)

    session.signInNeeded.connect(ask)
    session.signInFailed.connect(dialog.show_error)
    session.notice.connect(dialog.show_notice)
    session.notice.connect(lambda text: window.statusBar().showMessage(text, 20000))
    session.signedIn.connect(on_signed_in)
    dialog.submitted.connect(
        lambda url, user, pw, remember: session.spawn(session.sign_in(url, user, pw, remember)))
    dialog.rejected.connect(lambda: None if session.client else window.close())
    window.signOutRequested.connect(lambda: session.spawn(session.sign_out()))


def _log_stream(client: Any) -> None:
    """Log the stream's state changes and its first applied events: what an operator (and the
    end-to-end tests) read to know the console is live."""
    last_state: list[object] = [None]

    def on_status(status: Any) -> None:
        if status.state is not last_state[0]:
            last_state[0] = status.state
            log.info("stream %s%s", status.state, f" ({status.detail})" if status.detail else "")

    def on_first_events(events: list[Any]) -> None:
        client.eventsReceived.disconnect(on_first_events)
        log.info("stream: first %d events applied", len(events))

    client.statusChanged.connect(on_status)
    client.eventsReceived.connect(on_first_events)


async def _start(console: Console, args: argparse.Namespace, password: str) -> None:
    from console.link.embedded_cloud import EmbeddedCloudError

    session, status = console.session, console.window.statusBar()
    if console.cloud is None:
        await session.resume_or_ask(args.server.rstrip("/"))
        return
    status.showMessage("Starting the embedded demo cloud…")
    try:
        url = await console.cloud.start("demo", password, timeout=CLOUD_START_TIMEOUT_S)
    except EmbeddedCloudError as exc:
        log.error("%s", exc)
        status.showMessage(f"The embedded demo cloud did not start: {str(exc).splitlines()[0]}")
        return
    session.journal_key = "embedded-demo"
    status.showMessage(f"Embedded demo cloud on {url}", 10000)
    # The demo incidents (--incident) are the cloud's to stage, once this stream connects.
    await session.sign_in(url, "demo", password, remember=False)


def _cloud_stopped(console: Console, returncode: int) -> None:
    if console.closing.is_set():
        return  # it went down with us (Ctrl-C in a terminal, say): nothing to tell
    console.window.statusBar().showMessage(
        f"The embedded cloud stopped (exit code {returncode}).")


def _stage_screenshot(console: Console, args: argparse.Namespace) -> None:
    """The demo choreography of --screenshot: with --panel history a trailer's history loaded
    and replayed part-way; with --incident its alarm selected (panel, trailer, map popup)."""
    from PySide6.QtCore import QTimer

    if args.screenshot is None or args.quit_after is None:
        return
    window = console.window
    if args.panel == "history":
        def load_history() -> None:
            if window.fleet_panel.selected_trailer() is None:
                window.fleet_panel.table.selectRow(0)
            window.open_history()

        def replay() -> None:
            history = window.history_view.history
            if history is not None:
                window.history_view.table.selectRow(0)
                window.history_view.seek(history.start + 0.6 * (history.end - history.start))

        console.session.signedIn.connect(lambda _s: QTimer.singleShot(1500, load_history))
        window.history_view.historyLoaded.connect(lambda _h: QTimer.singleShot(500, replay))
    if args.incident:
        def select_top_alarm() -> None:
            if window.alarms.model.rowCount():
                window.alarms.queue.select_alarm(window.alarms.model.alarm_id_at(0))

        QTimer.singleShot(max(0, int((args.quit_after - 2.5) * 1000)), select_top_alarm)


def _finish(console: Console, args: argparse.Namespace) -> None:
    """--quit-after: take the screenshot if asked, then close."""
    if args.screenshot is not None:
        window = console.window
        args.screenshot.parent.mkdir(parents=True, exist_ok=True)
        window.refresh_status()
        ok = window.grab().save(str(args.screenshot))
        log.info("screenshot %s: %s", "saved to" if ok else "FAILED", args.screenshot)
        map_png = args.screenshot.with_name(f"{args.screenshot.stem}-map.png")
        console.map_view.grab().save(str(map_png))
    console.close()


# ---------------------------------------------------------------------- running and stopping

def _handle_signals(console: Console) -> None:
    """SIGINT and SIGTERM close the window, so the run ends as if the dispatcher closed it.

    On Unix the loop's own handlers wake it through its self-pipe, which qasync watches with a
    socket notifier, so the signal is handled at once even while Qt's loop is idle. Elsewhere
    Python handlers plus a periodic no-op timer: Python only runs a handler when control comes
    back to it, which Qt's loop would not do while idle.
    """
    from PySide6.QtCore import QTimer

    def on_signal(sig: signal.Signals) -> None:
        if console.closing.is_set():
            log.info("%s received while closing", sig.name)
            return
        log.info("%s received: closing", sig.name)
        console.close()

    fallback = False
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            console.loop.add_signal_handler(sig, on_signal, sig)
        except (NotImplementedError, RuntimeError, ValueError):
            signal.signal(sig, lambda signum, _frame: console.loop.call_soon_threadsafe(
                on_signal, signal.Signals(signum)))
            fallback = True
    if fallback:
        ticker = QTimer(console.window)
        ticker.timeout.connect(lambda: None)
        ticker.start(200)


async def _run_until_closed(console: Console) -> None:
    await console.closing.wait()
    closed_at = time.monotonic()
    # The cloud stops while the session shuts down: neither waits for the other.
    shutdown = asyncio.create_task(console.session.shutdown(), name="session-shutdown")
    stopping = (asyncio.create_task(console.cloud.stop(CLOUD_STOP_GRACE_S), name="cloud-stop")
                if console.cloud is not None else None)
    done, _ = await asyncio.wait({shutdown}, timeout=SESSION_SHUTDOWN_NUDGE_S)
    if not done:
        log.warning("the session has not shut down after %.1f s: cancelling it again",
                    SESSION_SHUTDOWN_NUDGE_S)
        shutdown.cancel()
        done, _ = await asyncio.wait(
            {shutdown}, timeout=SESSION_SHUTDOWN_BUDGET_S - SESSION_SHUTDOWN_NUDGE_S)
    if not done:
        log.error("the session did not shut down within %.1f s; stopping anyway",
                  SESSION_SHUTDOWN_BUDGET_S)
    elif not shutdown.cancelled() and shutdown.exception() is not None:
        log.error("the session's shutdown failed", exc_info=shutdown.exception())
    if stopping is not None:
        try:
            await stopping
        except Exception:
            log.exception("stopping the embedded cloud failed")
    log.info("shut down in %.1f s", time.monotonic() - closed_at)


if __name__ == "__main__":
    sys.exit(main())
