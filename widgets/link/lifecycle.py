"""The console's link from start to end, around the window: the dispatcher's action plans and
message templates read at start, starting the embedded demo cloud and signing in to it (or
resuming a session with ``--server``), the sign-in dialog joined to the session, the log lines
that say the stream is live; and the end: the session shut down and the cloud stopped within a
budget, SIGINT and SIGTERM closing the window as the dispatcher would.

``main.py`` composes the pieces and calls these; nothing here builds them.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import time
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from console.alarms.action_plans import ActionPlan, load_action_plans
from console.contacts.templates import MessageTemplate, load_templates
from console.link.streaming import ConnectionStatus
from opticallock.protocol import AlarmType, Event, Session

if TYPE_CHECKING:
    from console.link.client import CloudClient
    from console.link.embedded_cloud import EmbeddedCloudProcess
    from console.link.session import ConsoleSession
    from console.settings import Settings
    from widgets.link.sign_in import SignInDialog
    from widgets.main_window import MainWindow

#: The operator's log (the end-to-end tests read it too).
log = logging.getLogger("console")

#: Building and warming up a large fleet (``--history-hours``) takes a while.
CLOUD_START_TIMEOUT_S = 300.0
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



# ---------------------------------------------------------------------- starting

def load_plans_and_templates(
        settings: Settings) -> tuple[dict[AlarmType, ActionPlan], list[MessageTemplate], str]:
    """The dispatcher's action plans and message templates, or ours if theirs are broken; and
    what to say about it ("" if nothing).

    The action plans read here are in force only until the cloud's arrive after sign-in, and
    stay so only with a cloud that does not keep action plans: a local ``action_plans.json`` is
    a deprecated fallback (console/alarms/plans_editor.py's ActionPlanBook)."""
    problem = ""
    own = settings.action_plans_path
    if own is not None:
        log.warning("The local action plans file %s is deprecated: the carrier's plans are "
                    "the cloud's (Alarms menu); it is used only with a cloud that does not "
                    "keep them.", own)
    try:
        plans = load_action_plans(own)
    except ValueError as exc:  # the dispatcher's own file is broken: say so, use ours
        log.error("%s — using the built-in action plans.", exc)
        problem = QCoreApplication.translate(
            "Lifecycle", "{problem} — using the built-in action plans.").format(problem=exc)
        plans = load_action_plans()
    try:
        templates = load_templates(settings.message_templates_path)
    except ValueError as exc:  # the dispatcher's own templates file is broken: say so
        log.error("%s", exc)
        problem = " ".join(filter(None, [problem, QCoreApplication.translate(
            "Lifecycle", "{problem} — using the built-in message templates.").format(
            problem=exc)]))
        templates = load_templates()
    return plans, templates, problem


async def start(session: ConsoleSession, window: MainWindow, cloud: EmbeddedCloudProcess | None,
                server: str | None, password: str) -> None:
    """Start the embedded cloud (launched already) and sign in to it with ``password``; or,
    with no cloud, resume the session on ``server`` (or ask for sign-in)."""
    from console.link.embedded_cloud import EmbeddedCloudError

    status = window.statusBar()
    if cloud is None:
        await session.resume_or_ask((server or "").rstrip("/"))
        return
    status.showMessage(QCoreApplication.translate("Lifecycle", "Starting the embedded demo cloud…"))
    try:
        url = await cloud.start("demo", password, timeout=CLOUD_START_TIMEOUT_S)
    except EmbeddedCloudError as exc:
        log.error("%s", exc)
        status.showMessage(QCoreApplication.translate("Lifecycle",
            "The embedded demo cloud did not start: {error}").format(
            error=str(exc).splitlines()[0]))
        return
    session.journal_key = "embedded-demo"
    shown = QCoreApplication.translate("Lifecycle", "Embedded demo cloud on {url}")
    status.showMessage(shown.format(url=url), 10000)
    # The demo incidents (--incident) are the cloud's to stage, once this stream connects.
    await session.sign_in(url, "demo", password, remember=False)


def wire_session(window: MainWindow, session: ConsoleSession, dialog: SignInDialog,
                 settings: Settings) -> None:
    """The sign-in dialog asks when the session needs it; once signed in, the window follows
    the new stream (connection state, position thinning, figures, who is signed in) and acts
    through the dispatcher's alarm desk and messenger."""
    def ask(message: str) -> None:
        dialog.prefill(session.server_url or settings.server_url, settings.username,
                       settings.remember)
        dialog.show_error(message) if message else dialog.message.hide()
        dialog.set_busy(False)
        dialog.open()

    def on_signed_in(signed: Session | None) -> None:
        dialog.accept()
        client = session.client
        assert client is not None
        client.statusChanged.connect(window.set_connection)
        client.positionIntervalChanged.connect(window.set_position_interval)
        log_stream(client)
        window.watch_stream(client.stats, client.rate)
        window.set_connection(client.status)
        if signed is not None:
            user = signed.user
            window.set_identity(QCoreApplication.translate("Lifecycle",
                "{carrier} — {user}").format(
                carrier=user.carrier.name, user=user.display_name))
        else:
            window.set_identity(session.username)

    session.signInNeeded.connect(ask)
    session.signInFailed.connect(dialog.show_error)
    session.notice.connect(dialog.show_notice)
    session.notice.connect(lambda text: window.statusBar().showMessage(text, 20000))
    window.set_diagnostics(session.diagnostics)  # forks, damaged files, events set aside
    session.signedIn.connect(on_signed_in)
    session.deskChanged.connect(window.set_desk)
    session.messengerChanged.connect(window.set_messenger)
    session.unlockDeskChanged.connect(window.set_unlock_desk)
    dialog.submitted.connect(
        lambda url, user, pw, remember: session.spawn(session.sign_in(url, user, pw, remember)))
    dialog.rejected.connect(lambda: None if session.client else window.close())
    window.signOutRequested.connect(lambda: session.spawn(session.sign_out()))


def log_stream(client: CloudClient) -> None:
    """Log the stream's state changes and its first applied events: what an operator (and the
    end-to-end tests) read to know the console is live."""
    last_state: list[object] = [None]

    def on_status(status: ConnectionStatus) -> None:
        if status.state is not last_state[0]:
            last_state[0] = status.state
            log.info("stream %s%s", status.state, f" ({status.detail})" if status.detail else "")

    def on_first_events(events: list[Event]) -> None:
        client.eventsReceived.disconnect(on_first_events)
        log.info("stream: first %d events applied", len(events))

    client.statusChanged.connect(on_status)
    client.eventsReceived.connect(on_first_events)


def install_excepthook(window: MainWindow) -> None:
    """An error nothing caught is logged and shown in the status bar; the console carries on."""
    def excepthook(kind: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        window.statusBar().showMessage(
            QCoreApplication.translate("Lifecycle", "Internal error: {error}").format(error=exc),
            15000)

    sys.excepthook = excepthook


def say_cloud_stopped(window: MainWindow, closing: asyncio.Event, returncode: int) -> None:
    """The embedded cloud ended by itself: say so (unless the console is closing anyway)."""
    if closing.is_set():
        return  # it went down with us (Ctrl-C in a terminal, say): nothing to tell
    window.statusBar().showMessage(
        QCoreApplication.translate(
            "Lifecycle", "The embedded cloud stopped (exit code {code}).").format(
            code=returncode))


# ---------------------------------------------------------------------- stopping

def handle_signals(loop: asyncio.AbstractEventLoop, close: Callable[[], None],
                   closing: asyncio.Event, parent: QObject) -> None:
    """SIGINT and SIGTERM ``close()`` the window, so the run ends as if the dispatcher closed it.

    On Unix the loop's own handlers wake it through its self-pipe, which qasync watches with a
    socket notifier, so the signal is handled at once even while Qt's loop is idle. Elsewhere
    Python handlers plus a periodic no-op timer (a child of ``parent``): Python only runs a
    handler when control comes back to it, which Qt's loop would not do while idle.
    """
    def on_signal(sig: signal.Signals) -> None:
        if closing.is_set():
            log.info("%s received while closing", sig.name)
            return
        log.info("%s received: closing", sig.name)
        close()

    fallback = False
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, on_signal, sig)
        except (NotImplementedError, RuntimeError, ValueError):
            signal.signal(sig, lambda signum, _frame: loop.call_soon_threadsafe(
                on_signal, signal.Signals(signum)))
            fallback = True
    if fallback:
        ticker = QTimer(parent)
        ticker.timeout.connect(lambda: None)
        ticker.start(200)


async def shut_down(session: ConsoleSession, cloud: EmbeddedCloudProcess | None) -> None:
    """Shut the session down and stop the cloud at the same time, within their budgets."""
    closed_at = time.monotonic()
    # The cloud stops while the session shuts down: neither waits for the other.
    shutdown = asyncio.create_task(session.shutdown(), name="session-shutdown")
    stopping = (asyncio.create_task(cloud.stop(CLOUD_STOP_GRACE_S), name="cloud-stop")
                if cloud is not None else None)
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
