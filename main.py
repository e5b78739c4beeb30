"""OpticalLock dispatcher console: arguments, QApplication on a qasync loop, composition.

With no arguments it starts the reference cloud (``python -m cloudsim``) as a child process on
127.0.0.1 with a demo fleet and signs in to it, so a new user sees a live fleet within seconds;
the child stops with the console, however the console ends (console/link/embedded_cloud.py).
``--server URL`` connects to another cloud instead (with the sign-in dialog).

``main(argv)`` is parse_args → prepare_environment → compose → run. A benchmark or a harness
can do the same steps itself and attach its instruments to ``Console.window``, ``.store`` and
``.session`` between compose and run. What the pieces do once composed lives with them: the
start, sign-in and shutdown in widgets/link/lifecycle.py, the headless demo run of
--screenshot/--quit-after in widgets/link/demo.py.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import qasync
    from PySide6.QtWidgets import QApplication

    from console.fleet.store import FleetStore
    from console.link.embedded_cloud import EmbeddedCloudProcess
    from console.link.session import ConsoleSession
    from console.settings import Settings
    from widgets.fleet.map_view import MapView
    from widgets.link.sign_in import SignInDialog
    from widgets.main_window import MainWindow

APP_TITLE = "OpticalLock Dispatcher"
#: resources/ beside this module: in the source tree, and in site-packages once installed.
RESOURCES = Path(__file__).resolve().parent / "resources"
ICON_SVG = RESOURCES / "icons" / "opticallock.svg"
#: The freedesktop id: resources/<id>.desktop, the icons' name, the window's desktop file.
DESKTOP_ID = "opticallock-console"

log = logging.getLogger("console")


def _window_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1280x720") from None
    if width < 320 or height < 240:
        raise argparse.ArgumentTypeError(f"{text!r} is smaller than 320x240")
    return width, height


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        # "main.py" run from the source tree, "opticallock-console" once installed.
        prog=Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "main.py",
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
    p.add_argument("--unlock-approvals", choices=["dispatcher", "auto"], default="dispatcher",
                   help="embedded cloud: who decides the drivers' unlock requests: this "
                        "console's dispatcher (default), or a simulated carrier desk that "
                        "approves deliveries and refuses the rest (for demos and benchmarks)")
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
    p.add_argument("--window-size", metavar="WxH", type=_window_size,
                   help="open the window at this size, e.g. 1280x720 (a screenshot at a laptop's "
                        "size; default: the last size, or 1400x860)")
    p.add_argument("--ca-bundle", metavar="PATH",
                   help="trust the certificate authorities in this PEM file for the cloud, "
                        "besides the system's (remembered, as when chosen at sign-in; \"\" "
                        "goes back to the system's alone)")
    p.add_argument("--install-desktop-entry", action="store_true",
                   help="add the console to the desktop's applications menu (a freedesktop "
                        "entry and icons under ~/.local/share), then exit")
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
    if args.ca_bundle:
        from console.link.transport import CaBundleError, ssl_context_for

        args.ca_bundle = str(Path(args.ca_bundle).expanduser().resolve())
        try:
            ssl_context_for(args.ca_bundle)
        except CaBundleError as exc:
            p.error(str(exc))
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
    # Every logger's records, ours and the libraries' (websockets logs the handshake's
    # Authorization header at DEBUG), lose their tokens and passwords before they are written.
    from console.link.transport import install_redaction

    install_redaction()


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
            unlock_approvals=args.unlock_approvals,
            verbose=logging.getLogger().isEnabledFor(logging.INFO)))
        cloud.launch("demo", password)

    import qasync
    from PySide6.QtWidgets import QApplication

    from maps.scheme import register_scheme

    register_scheme()  # QtWebEngine wants custom schemes declared before the application
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setOrganizationName("OpticalLock")
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(ICON_SVG)))
    app.setDesktopFileName(DESKTOP_ID)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    if cloud is not None:
        cloud.attach(loop)

    from console.fleet.heap import HeapFreezer, freeze_now, tune_collector
    from console.fleet.store import FleetStore
    from console.link.credentials import CredentialStore
    from console.link.session import ConsoleSession
    from console.settings import Settings
    from maps.page import DEFAULT_ONLINE_TILES, online_tile_source
    from opticallock.gazetteer import nearest_city
    from widgets.fleet.map_view import MapView
    from widgets.link import demo, lifecycle
    from widgets.link.sign_in import SignInDialog
    from widgets.main_window import MainWindow

    settings = Settings(paths)
    # The interface language (the preference, else the system's) before any window exists;
    # changing the preference switches it live (console/i18n.py retranslates open windows).
    from console.i18n import Translation

    Translation(settings.paths.data_dir / "translations", app).follow(settings)
    if args.ca_bundle is not None:
        settings.ca_bundle = args.ca_bundle
        settings.sync()
    # The colour theme before any window exists: "auto" is dark from dusk to dawn (the hours
    # in display/night_hours), switched live; the preference too (LivePreferences below).
    from console.palette import notifier, parse_night_hours
    from widgets.theme import apply_theme

    notifier().set_night_hours(parse_night_hours(settings.night_hours))
    apply_theme(app, settings.theme)
    store = FleetStore()
    tune_collector()
    store.reset.connect(HeapFreezer(store).freeze)  # the fleet just loaded is long-lived
    session = ConsoleSession(settings, CredentialStore(), store)
    map_view = MapView(store)
    plans, templates, plans_problem = lifecycle.load_plans_and_templates(settings)
    window = MainWindow(store, settings.qsettings, map_view=map_view, plans=plans,
                        templates=templates)
    window.alarms.export_directory = str(Path.home())
    if args.panel is not None:
        window.raise_panel(args.panel)
    window.alarms.attention.trayActivated.connect(window.bring_to_front)

    def set_tiles(on: bool) -> None:
        settings.online_tiles = DEFAULT_ONLINE_TILES if on else ""
        map_view.set_online_tiles(*online_tile_source(settings.online_tiles) if on else (None,))

    window.onlineTilesToggled.connect(set_tiles)
    window.tiles_action.setChecked(bool(settings.online_tiles))
    # Edit ▸ Preferences; each change applied at once (font, units, zone, sounds, escalation,
    # softphone, tiles).
    from widgets.preferences import LivePreferences, PreferencesDialog

    LivePreferences(settings, app, window=window, attention=window.alarms.attention,
                    desk=lambda: session.desk, messenger=lambda: session.messenger,
                    status_board=store.board,
                    set_online_tiles=window.tiles_action.setChecked,
                    set_theme=lambda name: apply_theme(app, name), parent=window).apply_all()
    window.preferencesRequested.connect(lambda: PreferencesDialog.open_for(settings, window))
    # View ▸ Theme stores the choice (LivePreferences applies it) and follows Preferences.
    window.theme_actions[settings.theme].setChecked(True)
    window.themeChosen.connect(lambda mode: setattr(settings, "theme", mode))
    settings.changed.connect(lambda key: window.theme_actions[settings.theme].setChecked(True)
                             if key == "display/theme" else None)

    dialog = SignInDialog(window)
    dialog.set_ca_bundle(settings.ca_bundle)

    def remember_ca_bundle(path: str) -> None:  # before the sign-in it was chosen for
        settings.ca_bundle = path
        settings.sync()

    dialog.caBundleChanged.connect(remember_ca_bundle)
    console = Console(app=app, loop=loop, window=window, session=session, store=store,
                      map_view=map_view, settings=settings, dialog=dialog, cloud=cloud)
    if cloud is not None:
        cloud.on_unexpected_exit = lambda code: lifecycle.say_cloud_stopped(
            window, console.closing, code)
    lifecycle.install_excepthook(window)
    lifecycle.wire_session(window, session, console.dialog, settings)
    demo.stage(demo.DemoScript(screenshot=args.screenshot, quit_after=args.quit_after,
                               panel=args.panel, incidents=tuple(args.incident)),
               window, session.signedIn)

    session.spawn(lifecycle.start(session, window, cloud, args.server, password))
    # The gazetteer (4,551 cities) loads once; off the UI thread, before the first alarm.
    session.spawn(asyncio.to_thread(nearest_city, 29.4, -98.5))
    if plans_problem:
        window.statusBar().showMessage(plans_problem, 30000)
    # Closing the main window (by the dispatcher, or by the desktop at logout) ends the run: the
    # session shuts down inside the same run of the loop, which then stops Qt's loop once. (A
    # second run after QCoreApplication::exit re-emits aboutToQuit to QtWebEngine's already-spent
    # cleanup slot: a segfault with PySide6 6.11.)
    app.setQuitOnLastWindowClosed(False)
    window.closed.connect(console.closing.set)
    if args.window_size is not None:
        window.resize(*args.window_size)
    window.show()
    freeze_now()  # what was composed (modules, the window) lives as long as the run
    return console


def run(console: Console, args: argparse.Namespace) -> int:
    """Run until the window is closed (by the dispatcher, --quit-after, SIGINT or SIGTERM), shut
    the session down, stop the embedded cloud; returns the exit code."""
    from PySide6.QtCore import QTimer

    from widgets.link import demo, lifecycle

    def finish() -> None:  # --quit-after: the screenshot if asked, then close
        if args.screenshot is not None:
            demo.save_screenshots(args.screenshot, console.window, console.map_view)
        console.close()

    async def until_closed() -> None:
        await console.closing.wait()
        await lifecycle.shut_down(console.session, console.cloud)

    if args.quit_after is not None:
        QTimer.singleShot(int(args.quit_after * 1000), finish)
    lifecycle.handle_signals(console.loop, console.close, console.closing, console.window)
    started = time.monotonic()
    try:
        with console.loop:
            console.loop.run_until_complete(until_closed())
    finally:
        if console.cloud is not None:
            console.cloud.kill()  # a no-op unless the run failed before stopping it
    log.info("console ran %.1f s", time.monotonic() - started)
    return 0


def install_desktop_entry(data_home: Path | None = None) -> Path:
    """Install resources/opticallock-console.desktop and the icons for this user (XDG data
    home, default ~/.local/share), its Exec the command that runs this console; returns the
    entry's path."""
    import shutil

    data_home = data_home or Path(os.environ.get("XDG_DATA_HOME") or
                                  Path.home() / ".local" / "share")
    for png in ICON_SVG.parent.glob("opticallock-*.png"):
        size = png.stem.rsplit("-", 1)[1]
        target = data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, target / f"{DESKTOP_ID}.png")
    scalable = data_home / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICON_SVG, scalable / f"{DESKTOP_ID}.svg")
    # The installed command (next to this Python in a venv or pipx's), else this file.
    beside = Path(sys.executable).parent / "opticallock-console"
    command = str(beside) if beside.is_file() else shutil.which("opticallock-console")
    exec_line = (f'"{command}"' if command
                 else f'"{sys.executable}" "{Path(__file__).resolve()}"')
    text = (RESOURCES / f"{DESKTOP_ID}.desktop").read_text(encoding="utf-8")
    text = "\n".join(f"Exec={exec_line}" if line.startswith("Exec=") else line
                     for line in text.splitlines()) + "\n"
    entry = data_home / "applications" / f"{DESKTOP_ID}.desktop"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(text, encoding="utf-8")
    return entry


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.install_desktop_entry:
        print(f"installed {install_desktop_entry()}")
        return 0
    prepare_environment(args)
    return run(compose(args), args)


if __name__ == "__main__":
    sys.exit(main())
