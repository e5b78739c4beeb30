"""Contacting drivers from anywhere in the main window: the directory, conversation windows and
call dialogs, joined to the signed-in dispatcher's :class:`~console.contacts.messaging.Messenger`.

Every entry point (the fleet table's context menu, the map popup, the trailer detail panel, the
alarm panel, the directory) calls one of the slots here with what it has: a driver id, a trailer
id or an alarm id. The messenger belongs to the session, so it comes and goes with sign-in
(:meth:`ContactCenter.set_messenger`); while signed out the directory still lists the journal's
drivers, and contacting one says why it cannot.

Signals:
    message(str, int): a status-bar message and how long to show it (ms).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtWidgets import QWidget

from console.alarms.action_plans import is_quiet
from console.contacts.messaging import Messenger
from console.contacts.models import DriverTableModel
from console.contacts.templates import MessageTemplate, load_templates
from console.fleet.store import FleetStore
from console.text import elide_words, isolate, strip_bidi_controls
from opticallock.protocol import Driver
from widgets.contacts.call_dialog import CallDialog
from widgets.contacts.conversation import ConversationDialog
from widgets.contacts.driver_directory import DriverDirectory

log = logging.getLogger(__name__)


class ContactCenter(QObject):
    message = Signal(str, int)

    def __init__(self, store: FleetStore, window: QWidget, *,
                 templates: list[MessageTemplate] | None = None,
                 open_url: Callable[[QUrl], bool] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        """``open_url`` replaces QDesktopServices.openUrl for calls (tests, a custom dialler)."""
        super().__init__(window)
        self.store = store
        self.window = window
        self.templates = templates if templates is not None else load_templates()
        self.open_url = open_url
        self.clock = clock
        self.messenger: Messenger | None = None
        self.model = DriverTableModel(store, self)
        self.directory = DriverDirectory(self.model, window)
        self.directory.setObjectName("driverDirectory")
        self.directory.messageRequested.connect(self.open_conversation)
        self.directory.callRequested.connect(self.call_driver)
        #: Open conversation windows by driver id (one per driver, reused).
        self.conversations: dict[str, ConversationDialog] = {}
        self.call_dialog: CallDialog | None = None

    # ------------------------------------------------------------------ the session's messenger

    def set_messenger(self, messenger: Messenger | None) -> None:
        """Contact through ``messenger`` (the signed-in dispatcher's); None when signed out,
        which closes the conversation and call windows (they belonged to that dispatcher)."""
        if messenger is self.messenger:
            return
        if self.messenger is not None:
            for signal, slot in self._links(self.messenger):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(slot)
        for dialog in list(self.conversations.values()):
            dialog.close()
        self.conversations.clear()
        if self.call_dialog is not None:
            self.call_dialog.reject()
        self.messenger = messenger
        if messenger is not None:
            for signal, slot in self._links(messenger):
                signal.connect(slot)

    def _links(self, messenger: Messenger) -> list[tuple[Any, Any]]:
        return [(messenger.messageFailed, self._on_message_failed),
                (messenger.callFailed, self._on_call_failed),
                (messenger.replyReceived, self._on_reply)]

    def _ready(self, driver_id: str) -> tuple[Messenger, Driver] | None:
        messenger = self.messenger
        if messenger is None:
            self.message.emit(self.tr("Sign in to contact drivers."), 8000)
            return None
        driver = messenger.driver(driver_id)
        if driver is None:
            self.message.emit(self.tr("No driver {id} in this fleet.").format(
                id=isolate(driver_id)), 8000)
            return None
        return messenger, driver

    # ------------------------------------------------------------------ by driver

    @Slot(str)
    def open_conversation(self, driver_id: str, alarm_id: str | None = None,
                          trailer_id: str | None = None) -> ConversationDialog | None:
        """Open (or raise) the conversation with the driver; linked to ``alarm_id`` if given."""
        ready = self._ready(driver_id)
        if ready is None:
            return None
        messenger, _driver = ready
        dialog = self.conversations.get(driver_id)
        if dialog is None:
            dialog = ConversationDialog(messenger, self.templates, self.window)
            dialog.view.callRequested.connect(self._on_call_from_conversation)
            dialog.finished.connect(lambda _r, d=driver_id: self._closed(d))
            self.conversations[driver_id] = dialog
            dialog.show_driver(driver_id, alarm_id=alarm_id, trailer_id=trailer_id)
        elif alarm_id is not None or trailer_id is not None:
            dialog.show_driver(driver_id, alarm_id=alarm_id, trailer_id=trailer_id)
        dialog.show()  # not exec(): a nested loop would stall the asyncio side
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _closed(self, driver_id: str) -> None:
        dialog = self.conversations.pop(driver_id, None)
        if dialog is not None:
            dialog.deleteLater()

    @Slot(str)
    def call_driver(self, driver_id: str, alarm_id: str | None = None,
                    trailer_id: str | None = None) -> CallDialog | None:
        """Dial the driver through the desktop's handler and ask for the outcome."""
        ready = self._ready(driver_id)
        if ready is None:
            return None
        messenger, _driver = ready
        if self.call_dialog is not None:
            self.call_dialog.reject()  # one call at a time: the newest request wins
        dialog = CallDialog(messenger, driver_id, alarm_id=alarm_id, trailer_id=trailer_id,
                            open_url=self.open_url, clock=self.clock, parent=self.window)
        self.call_dialog = dialog
        dialog.finished.connect(lambda _r: self._call_closed(dialog))
        dialog.open()
        dialog.dial()
        return dialog

    def _call_closed(self, dialog: CallDialog) -> None:
        if self.call_dialog is dialog:
            self.call_dialog = None
        dialog.deleteLater()

    @Slot(str, str)
    def _on_call_from_conversation(self, driver_id: str, alarm_id: str) -> None:
        dialog = self.conversations.get(driver_id)
        trailer_id = dialog.view.trailer_id if dialog is not None else None
        self.call_driver(driver_id, alarm_id or None, trailer_id)

    # ------------------------------------------------------------------ by trailer, by alarm

    def _driver_of_trailer(self, trailer_id: str) -> str | None:
        trailer = self.store.trailer(trailer_id)
        if trailer is None or trailer.driver_id is None:
            self.message.emit(self.tr("Trailer {id} has no driver assigned.").format(
                id=isolate(trailer_id)), 8000)
            return None
        return trailer.driver_id

    def _alarm_context(self, alarm_id: str) -> tuple[str, str] | None:
        messenger = self.messenger
        state = self.store.state
        alarm = None
        if state is not None:
            alarm = state.alarms.get(alarm_id) or self.store.resolved_alarms.get(alarm_id)
        if alarm is None:
            self.message.emit(self.tr("Alarm {id} is not in this console.").format(
                id=isolate(alarm_id)), 8000)
            return None
        if messenger is None:
            self.message.emit(self.tr("Sign in to contact drivers."), 8000)
            return None
        if is_quiet(alarm):
            # The driver may be under duress: a message or a call from the alarm could give the
            # alarm away. The directory still reaches them, if security says so.
            self.message.emit(self.tr(
                "Quiet alarm: the driver is not contacted from it (they may be under duress). "
                "Call carrier security; contact the driver from the directory only if security "
                "says so."), 15000)
            return None
        driver_id = self._driver_of_trailer(alarm.trailer_id)
        return None if driver_id is None else (driver_id, alarm.trailer_id)

    @Slot(str)
    def message_for_trailer(self, trailer_id: str) -> ConversationDialog | None:
        """The conversation with the trailer's driver (fleet table, map popup, detail panel)."""
        driver_id = self._driver_of_trailer(trailer_id)
        return None if driver_id is None else \
            self.open_conversation(driver_id, trailer_id=trailer_id)

    @Slot(str)
    def call_for_trailer(self, trailer_id: str) -> CallDialog | None:
        driver_id = self._driver_of_trailer(trailer_id)
        return None if driver_id is None else self.call_driver(driver_id, trailer_id=trailer_id)

    @Slot(str)
    def message_for_alarm(self, alarm_id: str) -> ConversationDialog | None:
        """The conversation with the alarm's driver, linked to the alarm (its audit trail then
        lists what is sent and answered)."""
        found = self._alarm_context(alarm_id)
        if found is None:
            return None
        driver_id, trailer_id = found
        return self.open_conversation(driver_id, alarm_id=alarm_id, trailer_id=trailer_id)

    @Slot(str)
    def call_for_alarm(self, alarm_id: str) -> CallDialog | None:
        found = self._alarm_context(alarm_id)
        if found is None:
            return None
        driver_id, trailer_id = found
        return self.call_driver(driver_id, alarm_id=alarm_id, trailer_id=trailer_id)

    # ------------------------------------------------------------------ the messenger's news

    def _name(self, driver_id: str) -> str:
        driver = self.messenger.driver(driver_id) if self.messenger else None
        # For the status bar: isolated, and a 10,000-character name cut.
        return elide_words(isolate(driver.name if driver else driver_id))

    @Slot(str, str, str)
    def _on_message_failed(self, driver_id: str, _request_id: str, reason: str) -> None:
        self.message.emit(self.tr("Message to {name} NOT sent: {reason} Retry it from the "
                                  "conversation.").format(name=self._name(driver_id),
                                                          reason=isolate(reason)), 15000)

    @Slot(str, str, str)
    def _on_call_failed(self, driver_id: str, _request_id: str, reason: str) -> None:
        self.message.emit(self.tr("The call outcome for {name} is not recorded yet: "
                                  "{reason}").format(name=self._name(driver_id),
                                                        reason=isolate(reason)),
                          10000)

    @Slot(str, str)
    def _on_reply(self, driver_id: str, message_id: str) -> None:
        entry = next((e for e in (self.messenger.conversation(driver_id)
                                  if self.messenger else []) if e.key == message_id), None)
        text = strip_bidi_controls(entry.text) if entry else ""
        if len(text) > 80:
            text = text[:79] + "…"
        self.message.emit(self.tr("{name} wrote: {text}").format(name=self._name(driver_id),
                                                                 text=isolate(text)),
                          15000)

    def stop(self) -> None:
        self.set_messenger(None)
