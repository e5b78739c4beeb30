"""OpticalLock dispatcher console: arguments, QApplication on a qasync loop, composition.

With no arguments it starts the reference cloud (cloudsim) on 127.0.0.1 with a demo fleet and
signs in to it, so a new user sees a live fleet within seconds. ``--server URL`` connects to
another cloud instead (with the sign-in dialog).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

APP_TITLE = "OpticalLock Dispatcher"


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
    return args


def _prepare_environment(screenshot: bool) -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium (QtWebEngine) refuses to run as root with its sandbox on.
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if (screenshot or headless) and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _prepare_environment(args.screenshot is not None)
    logging.basicConfig(level=args.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log = logging.getLogger("console")

    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from console.action_plans import load_action_plans
    from console.credentials import CredentialStore
    from console.gazetteer import nearest_city
    from console.message_templates import load_templates
    from console.session import ConsoleSession
    from console.settings import Paths, Settings
    from console.store import FleetStore
    from maps.page import DEFAULT_ONLINE_TILES, online_tile_source
    from maps.scheme import register_scheme
    from widgets.main_window import MainWindow
    from widgets.map_view import MapView
    from widgets.sign_in import SignInDialog

    register_scheme()  # QtWebEngine wants custom schemes declared before the application
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName("OpticalLock")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    default = Paths.default()
    paths = Paths(args.data_dir or default.data_dir, args.config_dir or default.config_dir)
    settings = Settings(paths)
    credentials = CredentialStore()
    store = FleetStore()
    session = ConsoleSession(settings, credentials, store)
    map_view = MapView(store)
    plans_problem = ""
    try:
        plans = load_action_plans(settings.action_plans_path)
    except ValueError as exc:  # the dispatcher's own file is broken: say so, use ours
        plans_problem = f"{exc} — using the built-in action plans."
        log.error("%s", plans_problem)
        plans = load_action_plans()
    try:
        templates = load_templates(settings.message_templates_path)
    except ValueError as exc:  # the dispatcher's own templates file is broken: say so
        plans_problem = f"{plans_problem} {exc} — using the built-in message templates.".strip()
        log.error("%s", exc)
        templates = load_templates()
    window = MainWindow(store, settings.qsettings, map_view=map_view, plans=plans,
                        templates=templates)
    window.alarms.export_directory = str(Path.home())
    if args.panel is not None:
        {"alarms": window.alarm_dock, "lock": window.lock_dock,
         "history": window.history_dock}[args.panel].raise_()
    window.alarms.attention.trayActivated.connect(
        lambda: (window.showNormal(), window.raise_(), window.activateWindow()))
    session.deskChanged.connect(window.set_desk)
    session.messengerChanged.connect(window.set_messenger)
    dialog = SignInDialog(window)

    def set_tiles(on: bool) -> None:
        settings.online_tiles = DEFAULT_ONLINE_TILES if on else ""
        map_view.set_online_tiles(*online_tile_source(settings.online_tiles) if on else (None,))

    window.onlineTilesToggled.connect(set_tiles)
    window.tiles_action.setChecked(bool(settings.online_tiles))

    def excepthook(kind: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        window.statusBar().showMessage(f"Internal error: {exc}", 15000)

    sys.excepthook = excepthook

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
    window.show()

    embedded: Any = None

    async def start() -> None:
        nonlocal embedded
        if args.server:
            await session.resume_or_ask(args.server.rstrip("/"))
            return
        from cloudsim.server import start_embedded

        password = secrets.token_urlsafe(12)  # a fresh demo password each run, never stored
        window.statusBar().showMessage("Starting the embedded demo cloud…")
        embedded = await asyncio.to_thread(
            start_embedded, paths.data_dir / "embedded-cloud", locks=args.locks,
            seed=args.seed, accel=args.accel, users=[("demo", password, None)],
            warmup_hours=max(0.0, args.history_hours),
        )
        log.info("embedded cloud listening on %s", embedded.url)
        session.journal_key = "embedded-demo"
        window.statusBar().showMessage(f"Embedded demo cloud on {embedded.url}", 10000)
        await session.sign_in(embedded.url, "demo", password, remember=False)
        if args.incident and embedded.cloud is not None:
            sim = embedded.cloud.sim
            for kind in args.incident:
                lock_id = await asyncio.to_thread(embedded.call,
                                                  lambda k=kind: sim.inject_incident(k))
                log.info("demo incident %s staged on %s", kind, lock_id)

    session.spawn(start())
    # The gazetteer (~30k cities) loads once; do it off the UI thread before the first alarm.
    session.spawn(asyncio.to_thread(nearest_city, 29.4, -98.5))
    if plans_problem:
        window.statusBar().showMessage(plans_problem, 30000)

    if args.quit_after is not None:
        def finish() -> None:
            if args.screenshot is not None:
                args.screenshot.parent.mkdir(parents=True, exist_ok=True)
                window.refresh_status()
                ok = window.grab().save(str(args.screenshot))
                log.info("screenshot %s: %s", "saved to" if ok else "FAILED", args.screenshot)
                map_png = args.screenshot.with_name(f"{args.screenshot.stem}-map.png")
                map_view.grab().save(str(map_png))
            window.close()

        QTimer.singleShot(int(args.quit_after * 1000), finish)
        if args.screenshot is not None and args.panel == "history":
            # Show a replay: the first trailer's history loaded, the replay part-way through.
            def load_history() -> None:
                if window.fleet_panel.selected_trailer() is None:
                    window.fleet_panel.table.selectRow(0)
                window.open_history()

            def replay() -> None:
                history = window.history_view.history
                if history is not None:
                    window.history_view.table.selectRow(0)
                    window.history_view.seek(history.start + 0.6 * (history.end - history.start))

            session.signedIn.connect(lambda _s: QTimer.singleShot(1500, load_history))
            window.history_view.historyLoaded.connect(lambda _h: QTimer.singleShot(500, replay))
        if args.screenshot is not None and args.incident:
            # Show the incident being worked: its alarm selected (panel, trailer, map popup).
            def select_top_alarm() -> None:
                if window.alarms.model.rowCount():
                    window.alarms.queue.select_alarm(window.alarms.model.alarm_id_at(0))

            QTimer.singleShot(max(0, int((args.quit_after - 2.5) * 1000)), select_top_alarm)

    # Closing the main window (by the dispatcher, or by the desktop at logout) ends the run: the
    # session shuts down inside the same run of the loop, which then stops Qt's loop once. (A
    # second run after QCoreApplication::exit re-emits aboutToQuit to QtWebEngine's already-spent
    # cleanup slot: a segfault with PySide6 6.11.)
    app.setQuitOnLastWindowClosed(False)
    closing = asyncio.Event()
    window.closed.connect(closing.set)

    async def run_until_closed() -> None:
        await closing.wait()
        await session.shutdown()

    started = time.monotonic()
    with loop:
        loop.run_until_complete(run_until_closed())
    if embedded is not None:
        embedded.stop()
    log.info("console ran %.1f s", time.monotonic() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
