"""The contact widgets: the conversation (thread, ticks, failed + Retry, templates in the
driver's language, the character limit, the alarm link), the call dialog (the URL from the
template through a replaceable desktop handler, then the outcome), the driver directory, and the
contact center's entry points; last, a call from an alarm against a real cloudsim.

The fast tests play the cloud with an httpx MockTransport; no sleeps: the asyncio side is driven
with ``run(aloop, ...)`` and ``wait_until``.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from cloudsim.server import EmbeddedCloud, start_embedded
from console.alarms.desk import AlarmDesk
from console.alarms.outbox import Outbox
from console.contacts.messaging import EntryStatus, Messenger
from console.contacts.models import DriverTableModel
from console.contacts.outbox import ContactOutbox
from console.contacts.templates import load_templates
from console.fleet.store import FleetStore
from console.link.client import CloudClient
from opticallock.protocol import (
    CallOutcome,
    Driver,
    DriverCall,
    DriverMessage,
    DriverMessageEvent,
    Language,
    MessageDirection,
    MessageStatus,
)
from tests.asyncqt import run, wait_until
from tests.console.alarms.alarm_data import make_alarm, store_with
from widgets.alarms.panel import describe_event
from widgets.contacts.call_dialog import CallDialog
from widgets.contacts.center import ContactCenter
from widgets.contacts.conversation import ConversationView
from widgets.contacts.driver_directory import DriverDirectory

HOSTILE = "<b>bold</b><img src=x>"


class FakeCloud:
    """The contact endpoints of a cloud, behind an httpx MockTransport."""

    def __init__(self) -> None:
        self.down = False
        self.posts: list[tuple[str, dict[str, Any]]] = []
        self.messages: dict[str, list[DriverMessage]] = {}
        self.calls: dict[str, list[DriverCall]] = {}
        self.by_request: dict[str, str] = {}

    async def handler(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        path = request.url.path.removeprefix("/api/v1")
        match = re.fullmatch(r"/drivers/([^/]+)/(messages|calls)", path)
        assert match, path
        driver_id, kind = match.groups()
        if request.method == "GET":
            if kind == "messages":
                items: list[Any] = self.messages.get(driver_id, [])
            else:
                items = self.calls.get(driver_id, [])
            return httpx.Response(200, json={"driver_id": driver_id,
                                             "items": [i.model_dump(mode="json") for i in items]})
        body = json.loads(request.content)
        self.posts.append((path, body))
        if body["request_id"] in self.by_request:  # the cloud's idempotency
            return httpx.Response(201, content=self.by_request[body["request_id"]])
        n = len(self.posts)
        if kind == "messages":
            answer: Any = DriverMessage(
                id=f"MSG-{n:04d}", driver_id=driver_id, direction=MessageDirection.TO_DRIVER,
                text=body["text"], status=MessageStatus.SENT, created_at=1000.0 + n,
                updated_at=1000.0 + n, sent_by="ana", alarm_id=body.get("alarm_id"),
                trailer_id=body.get("trailer_id"), request_id=body["request_id"])
            self.messages.setdefault(driver_id, []).append(answer)
        else:
            answer = DriverCall(id=f"CALL-{n:04d}", driver_id=driver_id, phone="+1 956 555 0100",
                                outcome=body["outcome"], note=body["note"], by="ana",
                                at=1000.0 + n, placed_at=body.get("placed_at"),
                                alarm_id=body.get("alarm_id"), trailer_id=body.get("trailer_id"))
            self.calls.setdefault(driver_id, []).append(answer)
        self.by_request[body["request_id"]] = answer.model_dump_json()
        return httpx.Response(201, content=self.by_request[body["request_id"]])

    def client(self, parent: QObject) -> CloudClient:
        client = CloudClient("http://cloud.test", parent=parent,
                             http=httpx.AsyncClient(transport=httpx.MockTransport(self.handler)))
        client.token = "test-token-" + "x" * 20
        return client


class Setup:
    def __init__(self, root: QObject, tmp_path: Path, template: str = "tel:{phone}") -> None:
        self.store, self.feed = store_with(make_alarm("AL-1", lock=2), parent=root)
        state = self.store.state
        assert state is not None
        # DRV-2 speaks Spanish and has a Mexican number; DRV-3's app is offline.
        state.drivers["DRV-2"] = state.drivers["DRV-2"].model_copy(
            update={"language": Language.ES, "phone": "+52 (664) 555-0142",
                    "name": "José Hernández García"})
        state.drivers["DRV-3"] = state.drivers["DRV-3"].model_copy(update={"app_online": False})
        self.cloud = FakeCloud()
        self.client = self.cloud.client(root)
        self.contacts = ContactOutbox(tmp_path / "contacts.db")
        self.messenger = Messenger(self.store, self.contacts, username="ana",
                                   call_url_template=template, parent=root)
        self.messenger.set_client(self.client)


@pytest.fixture
def owner(qapp: Any) -> Iterator[QObject]:
    """Parent of the test's QObjects, deleted on the main thread (see tests/console/conftest)."""
    root = QObject()
    yield root
    if shiboken6.isValid(root):
        shiboken6.delete(root)


@pytest.fixture
def setup(owner: QObject, tmp_path: Path, aloop: asyncio.AbstractEventLoop) -> Iterator[Setup]:
    made = Setup(owner, tmp_path)
    yield made
    made.messenger.stop()
    run(aloop, made.client.close())
    made.contacts.close()


def view_for(qtbot: Any, setup: Setup, driver_id: str, **kw: Any) -> ConversationView:
    view = ConversationView(setup.messenger, load_templates())
    qtbot.addWidget(view)
    view.resize(520, 600)
    view.show()
    view.show_driver(driver_id, **kw)
    return view


def statuses(view: ConversationView) -> list[EntryStatus]:
    return [b.entry.status for b in view.bubbles]


# --------------------------------------------------------------------------- the conversation


def test_a_message_shows_sending_then_sent_and_carries_the_linked_alarm(
        qtbot: Any, setup: Setup, aloop: asyncio.AbstractEventLoop) -> None:
    view = view_for(qtbot, setup, "DRV-2", alarm_id="AL-1")

    async def body() -> None:
        await wait_until(lambda: setup.messenger.is_loaded("DRV-2"), what="loaded")
        assert view.empty.isVisible()
        assert "AL-1" in view.alarm_banner.text()
        assert view.alarm_banner.isVisible()
        assert view.trailer_id == "TR-2"
        view.editor.setPlainText("¿Todo bien?")
        qtbot.mouseClick(view.send_button, Qt.MouseButton.LeftButton)
        assert statuses(view) == [EntryStatus.SENDING]
        assert view.editor.toPlainText() == ""
        await wait_until(lambda: statuses(view) == [EntryStatus.SENT], what="sent")
        [(path, sent)] = setup.cloud.posts
        assert path == "/drivers/DRV-2/messages"
        assert (sent["text"], sent["alarm_id"], sent["trailer_id"]) == \
            ("¿Todo bien?", "AL-1", "TR-2")
        bubble = view.bubbles[0]
        assert "✓ sent" in bubble.meta.text()
        assert "alarm" not in bubble.meta.text()  # the banner names the linked alarm
        # Ticks and the driver's reply arrive on the stream and show at once.
        message = setup.cloud.messages["DRV-2"][0]
        feed_message(setup.store, message.model_copy(update={"status": MessageStatus.READ}))
        assert statuses(view) == [EntryStatus.READ]
        assert "✓✓ read" in view.bubbles[0].meta.text()
        feed_message(setup.store, DriverMessage(
            id="MSG-R1", driver_id="DRV-2", direction=MessageDirection.FROM_DRIVER,
            text=HOSTILE, status=MessageStatus.REPLY, created_at=2000.0, updated_at=2000.0,
            alarm_id="AL-1", reply_to=message.id))
        assert statuses(view) == [EntryStatus.READ, EntryStatus.RECEIVED]
        reply = view.bubbles[1]
        assert reply.text.text() == HOSTILE
        assert reply.text.textFormat() == Qt.TextFormat.PlainText
        assert reply.title.text() == "José Hernández García"
        # Opened without the alarm (e.g. from the directory), each line says what it was about.
        view.show_driver("DRV-2")
        assert not view.alarm_banner.isVisible()
        assert all("about alarm AL-1" in b.meta.text() for b in view.bubbles)

    run(aloop, body())


def feed_message(store: FleetStore, message: DriverMessage) -> None:
    assert store.seq is not None
    store.apply_events([DriverMessageEvent(seq=store.seq + 1, ts=message.updated_at,
                                           message=message)])


def test_a_failed_send_shows_why_and_retry_sends_the_same_request_once(
        qtbot: Any, setup: Setup, aloop: asyncio.AbstractEventLoop) -> None:
    view = view_for(qtbot, setup, "DRV-1")

    async def body() -> None:
        await wait_until(lambda: setup.messenger.is_loaded("DRV-1"))
        setup.cloud.down = True
        view.editor.setPlainText("Stop at the nearest safe location and call dispatch.")
        view.send()
        await wait_until(lambda: statuses(view) == [EntryStatus.FAILED], what="failed")
        bubble = view.bubbles[0]
        assert "✗ not sent" in bubble.meta.text()
        assert "Cannot reach" in bubble.error.text()
        assert bubble.retry_button is not None
        assert bubble.retry_button.isVisible()
        setup.cloud.down = False
        qtbot.mouseClick(bubble.retry_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: statuses(view) == [EntryStatus.SENT], what="sent on retry")
        assert len(setup.cloud.posts) == 1
        assert len(setup.cloud.messages["DRV-1"]) == 1

    run(aloop, body())


def test_a_failed_message_can_be_discarded(qtbot: Any, setup: Setup,
                                           aloop: asyncio.AbstractEventLoop) -> None:
    view = view_for(qtbot, setup, "DRV-1")

    async def body() -> None:
        await wait_until(lambda: setup.messenger.is_loaded("DRV-1"))
        setup.cloud.down = True
        view.editor.setPlainText("hello")
        view.send()
        await wait_until(lambda: statuses(view) == [EntryStatus.FAILED])
        button = view.bubbles[0].discard_button
        assert button is not None
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert view.bubbles == []
        assert setup.contacts.all() == []

    run(aloop, body())


def test_templates_come_in_the_drivers_language_filled_in_and_editable(
        qtbot: Any, setup: Setup, aloop: asyncio.AbstractEventLoop) -> None:
    view = view_for(qtbot, setup, "DRV-2", alarm_id="AL-1")
    assert view.language is Language.ES
    titles = [view.template_box.itemText(i) for i in range(view.template_box.count())]
    assert titles[0] == "— pick a template —"
    assert "★ Confirmar que el sello está intacto" in titles  # suited to a fiber cut
    index = view.template_box.findData("confirm_seal_intact")
    view.template_box.setCurrentIndex(index)
    view.template_box.activated.emit(index)
    assert view.editor.toPlainText() == \
        "Confirme que el sello del remolque TR-2 está intacto."
    # Switching the language swaps an unedited template for its translation...
    view.language_box.setCurrentIndex(view.language_box.findData("en"))
    view.language_box.activated.emit(view.language_box.currentIndex())
    assert view.editor.toPlainText() == "Confirm the seal on trailer TR-2 is intact."
    # ...but leaves the dispatcher's own edits alone.
    view.editor.appendPlainText("Reply with a photo.")
    view.language_box.setCurrentIndex(view.language_box.findData("es"))
    view.language_box.activated.emit(view.language_box.currentIndex())
    assert view.editor.toPlainText().endswith("Reply with a photo.")
    where = view.template_box.findData("where_are_you")
    view.template_box.activated.emit(where)
    assert view.editor.toPlainText().startswith("José, nuestro sistema muestra el remolque "
                                                "TR-2 ")
    view.editor.undo()  # the template replaced the text as an edit: one undo brings it back
    assert view.editor.toPlainText().endswith("Reply with a photo.")
    run(aloop, wait_until(lambda: setup.messenger.is_loaded("DRV-2")))


def test_the_character_count_and_the_limit_are_always_in_sight(qtbot: Any,
                                                               setup: Setup) -> None:
    view = view_for(qtbot, setup, "DRV-1")
    assert view.counter.text() == "0 / 500"
    assert not view.send_button.isEnabled()  # nothing to send
    view.editor.setPlainText("   ")
    assert not view.send_button.isEnabled()
    view.editor.setPlainText("ñ" * 500)
    assert view.counter.text() == "500 / 500"
    assert view.send_button.isEnabled()
    view.editor.setPlainText("x" * 503)
    assert view.counter.text() == "503 / 500"
    assert not view.send_button.isEnabled()
    assert view.compose_hint.text() == "3 characters over the limit."
    view.send()  # Ctrl+Enter with too much text does nothing
    assert setup.contacts.all() == []


def test_an_offline_driver_app_is_said_before_sending(qtbot: Any, setup: Setup) -> None:
    view = view_for(qtbot, setup, "DRV-3")
    assert "OFFLINE" in view.details.text()
    view.editor.setPlainText("hello")
    assert "offline" in view.compose_hint.text()
    assert view.send_button.isEnabled()  # still possible: the cloud decides, and says why


def test_the_call_button_asks_with_the_linked_alarm(qtbot: Any, setup: Setup) -> None:
    view = view_for(qtbot, setup, "DRV-2", alarm_id="AL-1")
    with qtbot.waitSignal(view.callRequested) as blocker:
        qtbot.mouseClick(view.call_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["DRV-2", "AL-1"]


# --------------------------------------------------------------------------- the call dialog


def test_the_call_dialog_dials_the_template_url_and_records_the_outcome(
        qtbot: Any, owner: QObject, tmp_path: Path, aloop: asyncio.AbstractEventLoop) -> None:
    setup = Setup(owner, tmp_path, template="https://pbx.example/call?to={phone}")
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        return True

    dialog = CallDialog(setup.messenger, "DRV-2", alarm_id="AL-1", open_url=open_url,
                        clock=lambda: 1234.5)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.dial()
    assert opened == ["https://pbx.example/call?to=%2B526645550142"]
    assert "Calling through your phone" in dialog.status.text()
    assert not dialog.record_button.isEnabled()  # an outcome first
    dialog.set_outcome(CallOutcome.VOICEMAIL)
    dialog.note.setPlainText("Left a message to call back")
    assert dialog.record_button.isEnabled()
    assert "alarm AL-1" in dialog.hint.text()
    with qtbot.waitSignal(dialog.recorded) as blocker:
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == "DRV-2"

    async def body() -> None:
        await wait_until(lambda: setup.cloud.calls.get("DRV-2"), what="recorded")
        [(path, sent)] = setup.cloud.posts
        assert path == "/drivers/DRV-2/calls"
        assert (sent["outcome"], sent["note"], sent["alarm_id"], sent["trailer_id"],
                sent["placed_at"]) == ("voicemail", "Left a message to call back", "AL-1",
                                       "TR-2", 1234.5)
        assert sent["request_id"] == blocker.args[1]
        await setup.client.close()

    run(aloop, body())
    setup.messenger.stop()
    setup.contacts.close()


def test_without_a_tel_handler_the_dialog_says_to_dial_by_hand(
        qtbot: Any, setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    # The default handler is the desktop's, looked up when dialling: replaceable in tests.
    asked: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: asked.append(url) or False)
    dialog = CallDialog(setup.messenger, "DRV-1")
    qtbot.addWidget(dialog)
    assert not dialog.dial()
    assert [u.toString() for u in asked] == ["tel:+19565550100"]
    assert "No program on this computer opened tel:+19565550100" in dialog.status.text()
    assert "+1 956 555 0100" in dialog.status.text()
    dialog.set_outcome(CallOutcome.REACHED)
    assert dialog.record_button.isEnabled()


# --------------------------------------------------------------------------- directory, center


def test_the_directory_searches_and_asks_to_message_or_call(qtbot: Any, setup: Setup) -> None:
    directory = DriverDirectory(DriverTableModel(setup.store, setup.store))
    qtbot.addWidget(directory)
    assert directory.count.text() == "4 drivers"
    assert not directory.message_button.isEnabled()
    directory.search.setText("josé")
    assert directory.count.text() == "1 of 4 drivers"
    assert directory.select_driver("DRV-2")
    with qtbot.waitSignal(directory.messageRequested) as blocker:
        qtbot.mouseClick(directory.message_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["DRV-2"]
    with qtbot.waitSignal(directory.callRequested) as blocker:
        qtbot.mouseClick(directory.call_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["DRV-2"]
    assert directory.select_driver("DRV-4")  # hidden by the search: the search is cleared
    assert directory.search.text() == ""


def test_the_contact_center_opens_conversations_by_driver_trailer_and_alarm(
        qtbot: Any, setup: Setup, aloop: asyncio.AbstractEventLoop) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    opened: list[QUrl] = []
    center = ContactCenter(setup.store, window, open_url=lambda u: opened.append(u) or True)
    said: list[str] = []
    center.message.connect(lambda text, _ms: said.append(text))
    assert center.message_for_alarm("AL-1") is None
    assert said == ["Sign in to contact drivers."]
    center.set_messenger(setup.messenger)
    dialog = center.message_for_alarm("AL-1")
    assert dialog is not None
    assert (dialog.view.driver_id, dialog.view.alarm_id) == ("DRV-2", "AL-1")
    assert "alarm AL-1" in dialog.windowTitle()
    # One window per driver; the latest entry point sets what it is about.
    assert center.message_for_trailer("TR-2") is dialog
    assert dialog.view.alarm_id is None
    assert not dialog.view.alarm_banner.isVisible()
    assert center.message_for_alarm("AL-1") is dialog
    assert dialog.view.alarm_id == "AL-1"
    assert center.open_conversation("DRV-NOPE") is None
    assert said[-1] == "No driver DRV-NOPE in this fleet."
    call = center.call_for_trailer("TR-1")
    assert call is not None
    assert [u.toString() for u in opened] == ["tel:+19565550100"]
    qtbot.mouseClick(dialog.view.call_button, Qt.MouseButton.LeftButton)
    assert center.call_dialog is not None
    assert (center.call_dialog.driver_id, center.call_dialog.alarm_id) == ("DRV-2", "AL-1")
    center.set_messenger(None)  # signed out: the windows of that dispatcher close
    assert center.conversations == {}
    run(aloop, wait_until(lambda: setup.messenger.is_loaded("DRV-2")))


def test_the_alarm_panel_asks_to_message_or_call_the_alarms_driver(qtbot: Any,
                                                                   setup: Setup) -> None:
    from widgets.alarms.panel import AlarmPanel

    panel = AlarmPanel(setup.store)
    qtbot.addWidget(panel)
    assert not panel.message_button.isEnabled()  # no alarm shown
    state = setup.store.state
    assert state is not None
    panel.show_alarm(state.alarms["AL-1"], None)
    assert panel.message_button.isEnabled()
    assert panel.call_button.isEnabled()
    with qtbot.waitSignal(panel.messageDriverRequested) as blocker:
        qtbot.mouseClick(panel.message_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["AL-1"]
    with qtbot.waitSignal(panel.callDriverRequested) as blocker:
        qtbot.mouseClick(panel.call_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["AL-1"]


def test_the_audit_trail_describes_a_call() -> None:
    from opticallock.protocol import DriverCallEvent

    call = DriverCall(id="CALL-1", driver_id="DRV-2", phone="+52 664 555 0142",
                      outcome=CallOutcome.NO_ANSWER, note="rang out", by="ana", at=1000.0,
                      alarm_id="AL-1")
    line = describe_event(DriverCallEvent(seq=5, ts=1000.0, call=call, request_id="r" * 16))
    assert (line.at, line.who) == (1000.0, "ana")
    assert line.what == "Called the driver (+52 664 555 0142): no answer — note: rang out"


# --------------------------------------------------------------------------- with a real cloud


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=20, seed=5,
                              users=[("ana", "pw1", None)], incident_rate=0.0,
                              fix_interval_s=0.5, sample_interval_s=1.0,
                              reply_probability=1.0, app_delay_scale=0.05)
    yield instance
    instance.stop()


def test_a_call_from_an_alarm_is_dialled_from_the_template_and_lands_on_its_audit_trail(
        qtbot: Any, cloud: EmbeddedCloud, tmp_path: Path,
        aloop: asyncio.AbstractEventLoop) -> None:
    root = QObject()
    window = QWidget()
    qtbot.addWidget(window)
    client = CloudClient(cloud.url, parent=root)
    store = FleetStore(coalesce_ms=20, parent=root)
    client.snapshotLoaded.connect(store.load_snapshot)
    client.eventsReceived.connect(store.apply_events)
    contacts = ContactOutbox(tmp_path / "contacts.db")
    outbox = Outbox(tmp_path / "outbox.db")
    desk = AlarmDesk(store, outbox, username="ana", parent=root)
    desk.set_client(client)
    messenger = Messenger(store, contacts, username="ana",
                          call_url_template="callto:{digits}", parent=root)
    messenger.set_client(client)
    dialled: list[str] = []
    center = ContactCenter(store, window, open_url=lambda u: dialled.append(u.toString()) or True)
    center.set_messenger(messenger)

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live and store.state is not None)
        assert store.state is not None
        driver: Driver = next(d for d in sorted(store.state.drivers.values(), key=lambda d: d.id)
                              if d.app_online and d.trailer_id)
        trailer = store.trailer(driver.trailer_id or "")
        assert trailer is not None
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        cloud.call(lambda: sim.inject_incident("fiber_cut", trailer.lock_id))
        await wait_until(lambda: store.open_alarms_of(trailer.lock_id), what="alarm")
        alarm = store.open_alarms_of(trailer.lock_id)[0]
        dialog = center.call_for_alarm(alarm.id)
        assert dialog is not None
        digits = "".join(ch for ch in driver.phone if ch.isdigit())
        assert dialled == [f"callto:{digits}"]
        dialog.set_outcome(CallOutcome.REACHED)
        dialog.note.setPlainText("Driver at a truck stop, seal looks cut")
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: any(e.kind == "call" and e.status is EntryStatus.RECORDED
                                     for e in messenger.conversation(driver.id)),
                         what="recorded")
        audit = await desk.audit(alarm.id)
        [call] = [e for e in audit.events if e.type == "driver_call"]
        assert (call.call.outcome, call.call.note, call.call.by) == \
            (CallOutcome.REACHED, "Driver at a truck stop, seal looks cut", "ana")
        messenger.stop()
        desk.stop()
        await client.close()

    try:
        run(aloop, body())
    finally:
        contacts.close()
        outbox.close()
        if shiboken6.isValid(root):
            shiboken6.delete(root)


def test_a_quiet_alarm_does_not_contact_its_driver_from_the_alarm(
        qtbot: Any, setup: Setup, aloop: asyncio.AbstractEventLoop) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    opened: list[QUrl] = []
    center = ContactCenter(setup.store, window, open_url=lambda u: opened.append(u) or True)
    said: list[str] = []
    center.message.connect(lambda text, _ms: said.append(text))
    center.set_messenger(setup.messenger)
    assert setup.store.state is not None
    setup.store.state.alarms["AL-1"].covert = True  # as a covert policy or a duress code makes it
    assert center.message_for_alarm("AL-1") is None
    assert center.call_for_alarm("AL-1") is None
    assert opened == []
    assert said[-1].startswith("Quiet alarm: the driver is not contacted from it")
    # The directory still reaches the driver, if security says so.
    assert center.open_conversation("DRV-2") is not None
