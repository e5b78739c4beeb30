"""The alarm workflow in the real main window, signed in to a real cloudsim over sockets.

A fiber cut injected in the simulator reaches the queue on top, sounds, counts in the title and
stands out on the map's status; the dispatcher selects it (the trailer follows), acknowledges it
with the mandatory note, ticks a step, resolves it; a second console sees each of those live;
the shift handover lists it and exports; an escalation raises the banner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject, QSettings

from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.store import FleetStore
from console.link.credentials import CredentialStore
from console.link.session import ConsoleSession
from console.settings import Paths, Settings
from opticallock.protocol import AlarmState, ResolveOutcome
from tests.asyncqt import run, wait_until
from tests.console.link.test_credentials import MemoryKeyring
from widgets.alarms.attention import Attention
from widgets.alarms.dialogs import AckDialog, ResolveDialog
from widgets.alarms.handover_dialog import HandoverDialog
from widgets.main_window import MainWindow

USERS: list[tuple[str, str, str | None]] = [("ana", "pw-ana-1", None), ("ben", "pw-ben-1", None)]


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=24, seed=11, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


def inject(cloud: EmbeddedCloud, kind: str = "fiber_cut") -> str:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    lock_id: str = cloud.call(lambda: sim.inject_incident(kind, None))
    return lock_id


class Console:
    """A dispatcher's console as main.py composes it (without the map)."""

    def __init__(self, tmp_path: Path, user: str, qtbot: Any, escalate_after_s: float) -> None:
        self.user = user
        paths = Paths(tmp_path / user / "data", tmp_path / user / "config")
        settings = Settings(paths)
        settings.qsettings.setValue("alarms/escalate_after_s", escalate_after_s)
        self.root = QObject()
        self.store = FleetStore(coalesce_ms=20, parent=self.root)
        self.session = ConsoleSession(settings, CredentialStore(MemoryKeyring(), timeout_s=2.0),
                                      self.store, parent=self.root)
        self.attention = Attention(audio=False, tray=False, parent=self.root)
        self.window = MainWindow(self.store, QSettings(str(tmp_path / f"{user}.ini"),
                                                       QSettings.Format.IniFormat),
                                 attention=self.attention)
        qtbot.addWidget(self.window)
        self.session.deskChanged.connect(self.window.set_desk)
        self.session.messengerChanged.connect(self.window.set_messenger)
        self.window.show()

    async def sign_in(self, url: str) -> None:
        password = {u: p for u, p, _ in USERS}[self.user]
        assert await self.session.sign_in(url, self.user, password, remember=False)
        client = self.session.client
        assert client is not None
        await wait_until(lambda: client.status.live and self.store.state is not None,
                         what=f"{self.user} live")

    def alarm_on(self, lock_id: str) -> Any:
        state = self.store.state
        assert state is not None
        return next((a for a in state.alarms.values() if a.lock_id == lock_id), None)


@pytest.fixture
def consoles(tmp_path: Path, qtbot: Any, aloop: asyncio.AbstractEventLoop
             ) -> Iterator[list[Console]]:
    made: list[Console] = []
    yield made
    for one in made:
        run(aloop, one.session.shutdown())
        if shiboken6.isValid(one.window):
            one.window.close()
        shiboken6.delete(one.root)


def test_a_fiber_cut_is_worked_from_queue_to_resolution_and_seen_by_a_colleague(
        cloud: EmbeddedCloud, tmp_path: Path, qtbot: Any, consoles: list[Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = Console(tmp_path, "ana", qtbot, escalate_after_s=3600)
    ben = Console(tmp_path, "ben", qtbot, escalate_after_s=3600)
    consoles += [ana, ben]

    async def body() -> None:
        await ana.sign_in(cloud.url)
        await ben.sign_in(cloud.url)
        lock_id = inject(cloud)
        await wait_until(lambda: ana.alarm_on(lock_id) is not None, what="alarm at ana")
        alarm = ana.alarm_on(lock_id)
        center = ana.window.alarms
        # On top of the queue, announced with a sound and a tray message, counted in the title.
        await wait_until(lambda: center.model.rowCount() >= 1)
        assert center.model.alarm_id_at(0) == alarm.id
        assert ("alarm.wav" in [name for name, _t in ana.attention.played])
        await wait_until(lambda: ana.window.windowTitle().startswith("(1) "), what="title")
        # Selecting it shows it in the alarm panel and selects its trailer everywhere.
        assert center.queue.select_alarm(alarm.id)
        await wait_until(lambda: ana.window.fleet_panel.selected_trailer() == alarm.trailer_id)
        assert center.panel.alarm_id == alarm.id
        await wait_until(lambda: center.panel.audit.rowCount() > 0, what="audit trail shown")
        await wait_until(lambda: "ana" in (ana.alarm_on(lock_id).seen_by or []),
                         what="seen by ana on record")

        # Acknowledge from the queue (Ctrl+K): a critical alarm needs a note.
        center.queue.acknowledge_action.trigger()
        dialog = center.dialog
        assert isinstance(dialog, AckDialog)
        assert dialog.isVisible()
        assert not dialog.ok_button.isEnabled(), "no note yet"
        dialog.note.setPlainText("Called the driver: stopping at the next exit <b>now</b>.")
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()
        await wait_until(lambda: ana.alarm_on(lock_id).state is AlarmState.ACKNOWLEDGED,
                         what="ack applied at ana")
        await wait_until(lambda: not ana.window.windowTitle().startswith("("),
                         what="no unacknowledged alarm in the title")
        # Ben sees who acknowledged, and the note, through the stream.
        await wait_until(lambda: ben.alarm_on(lock_id) is not None
                         and ben.alarm_on(lock_id).acknowledged_by == "ana",
                         what="ack seen by ben")
        assert ben.alarm_on(lock_id).ack_note.endswith("<b>now</b>.")
        # Ben trying to acknowledge it too is told it is done, without a dialog.
        ben.window.alarms.acknowledge(alarm.id)
        assert ben.window.alarms.dialog is None

        # Message the driver from the alarm: the conversation opens, linked to the alarm, and
        # the message goes out through the cloud.
        center.panel.messageDriverRequested.emit(alarm.id)
        contacts = ana.window.contacts
        await wait_until(lambda: len(contacts.conversations) == 1, what="conversation open")
        messenger = contacts.messenger
        assert messenger is not None
        driver_id = next(iter(contacts.conversations))
        messenger.send(driver_id, "Please confirm the seal is intact.", alarm_id=alarm.id)

        def answered() -> bool:
            entry = next((e for e in messenger.conversation(driver_id)
                          if e.text == "Please confirm the seal is intact."), None)
            # Accepted by the cloud, or refused because the driver's app is offline (the
            # simulator's flaky phones): either way the cloud answered and the console shows it.
            return entry is not None and (not entry.local or (
                entry.status.value == "failed" and "offline" in (entry.error or "")))

        await wait_until(answered, what="the cloud's answer to the message")

        # Tick the first step of the plan: it lands on the alarm's record.
        plan = center.plans[alarm.type]
        first = plan.steps[0]
        center.panel.stepToggled.emit(alarm.id, first.step_id, first.label, True)
        await wait_until(lambda: any(s.step_id == first.step_id and s.done
                                     for s in ana.alarm_on(lock_id).steps),
                         what="step on record")

        # Resolve with an outcome: it leaves both queues.
        center.queue.resolve_action.trigger()
        resolve = center.dialog
        assert isinstance(resolve, ResolveDialog)
        resolve.select_outcome(ResolveOutcome.SEAL_INTACT_CONFIRMED)
        # The plan's other steps are not done: the dialog asks why before it resolves.
        assert not resolve.ok_button.isEnabled()
        resolve.one_reason.setChecked(True)
        resolve.common_reason.setText("Seal confirmed intact by the driver's photo.")
        assert resolve.ok_button.isEnabled()
        resolve.ok_button.click()
        await wait_until(lambda: ana.alarm_on(lock_id) is None, what="resolved at ana")
        await wait_until(lambda: ben.alarm_on(lock_id) is None, what="resolved at ben")
        await wait_until(lambda: center.model.rowCount() == 0, what="queue empty")

        # The shift handover lists it under resolved, with the note escaped, and exports.
        center.open_handover()
        await wait_until(lambda: isinstance(center.dialog, HandoverDialog), what="handover")
        handover = center.dialog
        assert isinstance(handover, HandoverDialog)
        html = center.handover_report.to_html()
        assert alarm.trailer_id in html
        assert "&lt;b&gt;now&lt;/b&gt;" in html
        out = tmp_path / "handover"
        handover.exportRequested.emit("markdown", str(out))
        assert (tmp_path / "handover.md").read_text(encoding="utf-8").count(alarm.trailer_id)

    run(aloop, body())


def test_an_unacknowledged_critical_alarm_escalates_with_banner_and_sound(
        cloud: EmbeddedCloud, tmp_path: Path, qtbot: Any, consoles: list[Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = Console(tmp_path, "ana", qtbot, escalate_after_s=10)
    consoles.append(ana)
    center = ana.window.alarms

    async def body() -> None:
        await ana.sign_in(cloud.url)
        lock_id = inject(cloud, "forced_entry")
        await wait_until(lambda: ana.alarm_on(lock_id) is not None, what="alarm")
        assert not center.banner.isVisible()
        desk = center.desk
        assert desk is not None
        # Ten seconds is the shortest setting; move the desk's clock on instead of waiting.
        desk.clock = lambda: ana.alarm_on(lock_id).raised_at + 11
        desk.check_escalations()
        await wait_until(center.banner.isVisible, what="escalation banner")
        assert "ESCALATED" in center.banner.text()
        assert alarm_trailer(ana, lock_id) in center.banner.text()
        assert "escalation.wav" in [name for name, _t in ana.attention.played]
        await wait_until(lambda: ana.alarm_on(lock_id).escalation_level == 1,
                         what="escalation on the cloud's record")
        # Acknowledging clears the banner.
        center.acknowledge(ana.alarm_on(lock_id).id)
        dialog = center.dialog
        assert isinstance(dialog, AckDialog)
        dialog.note.setPlainText("Police called.")
        dialog.ok_button.click()
        await wait_until(lambda: not center.banner.isVisible(), what="banner gone")

    run(aloop, body())


def alarm_trailer(console: Console, lock_id: str) -> str:
    alarm = console.alarm_on(lock_id)
    assert alarm is not None
    return str(alarm.trailer_id)


def test_signed_out_the_queue_stays_but_acting_says_why(
        qtbot: Any, tmp_path: Path) -> None:
    store = FleetStore(coalesce_ms=10)
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                        attention=Attention(audio=False, tray=False, parent=store))
    store.setParent(window)
    qtbot.addWidget(window)
    messages: list[str] = []
    window.alarms.message.connect(lambda text, _ms: messages.append(text))
    window.alarms.acknowledge("AL-none")
    assert messages == ["That alarm is no longer in the queue."]
    assert window.alarms.dialog is None
