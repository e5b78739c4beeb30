"""One dispatcher's session: sign-in, credentials, journal, store and stream wired together.

Signals:
    signedIn(Session): the stream is starting for this user.
    signInNeeded(str): show the sign-in dialog, with this message ("" for a first sign-in).
    signInFailed(str): the attempt failed; the dialog stays open with this message.
    notice(str): something the dispatcher should read (e.g. no secure keyring).
    deskChanged(object): the signed-in dispatcher's AlarmDesk, or None once signed out.
    messengerChanged(object): the signed-in dispatcher's Messenger (driver contact), or None.
    unlockDeskChanged(object): the signed-in dispatcher's UnlockDesk (unlock requests), or None.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from console.alarms.desk import AlarmDesk
from console.alarms.outbox import Outbox
from console.alarms.outbox import damage_notice as outbox_damage_notice
from console.contacts.messaging import Messenger
from console.contacts.outbox import ContactOutbox
from console.contacts.outbox import damage_notice as contact_damage_notice
from console.fleet.store import FleetStore
from console.link.api import CloudApi
from console.link.client import AuthError, CloudClient, CloudUnavailable
from console.link.credentials import CredentialStore
from console.link.diagnostics import Diagnostics, Severity
from console.link.journal import Journal, Retention
from console.link.journal import damage_notice as journal_damage_notice
from console.link.position_rate import PositionRateControl
from console.link.transport import CaBundleError, ssl_context_for
from console.seal.unlocks import UnlockDesk
from console.settings import Settings
from console.tasks import TaskSet
from opticallock.protocol import Session, UndecodedEvent

log = logging.getLogger(__name__)

T = TypeVar("T")


class ConsoleSession(QObject):
    signedIn = Signal(object)
    signInNeeded = Signal(str)
    signInFailed = Signal(str)
    notice = Signal(str)
    deskChanged = Signal(object)
    messengerChanged = Signal(object)
    unlockDeskChanged = Signal(object)

    def __init__(self, settings: Settings, credentials: CredentialStore, store: FleetStore,
                 client_factory: Callable[[str], CloudClient] = CloudClient,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.credentials = credentials
        self.store = store
        self.client_factory = client_factory
        self.client: CloudClient | None = None
        #: Typed REST calls through ``client``, shared by the desk and the messenger.
        self.api: CloudApi | None = None
        self.journal: Journal | None = None
        #: Rejected events and the notices the dispatcher must read (forks, damaged files…).
        self.diagnostics = Diagnostics(parent=self)
        self.outbox: Outbox | None = None
        self.desk: AlarmDesk | None = None
        self.contact_outbox: ContactOutbox | None = None
        self.messenger: Messenger | None = None
        self.unlock_desk: UnlockDesk | None = None
        #: Asks the stream for fewer position fixes while the console cannot keep up.
        self.rate_control: PositionRateControl | None = None
        self.server_url = ""
        self.username = ""
        #: Names the journal file instead of the server URL (the embedded cloud's port changes
        #: every run, its data does not).
        self.journal_key: str | None = None
        self._busy = False
        self._tasks = TaskSet(log)

    # ------------------------------------------------------------------ entry points

    def spawn(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run a coroutine as a task we keep a reference to (and whose failure is logged and
        said as a notice); cancelled at shutdown."""
        return self._tasks.spawn(coro, "session task",
                                 lambda exc: self.notice.emit(
                                     self.tr("Internal error: {error}").format(error=exc)))

    async def resume_or_ask(self, server_url: str) -> None:
        """Sign in with what the keyring remembers for this server, or ask the dispatcher."""
        self.server_url = server_url
        username = self.settings.username if self.settings.server_url == server_url else ""
        if username:
            token, password = await self.credentials.load(server_url, username)
            if password and self.settings.remember:
                await self.sign_in(server_url, username, password, remember=True, quiet=True)
                return
            if token:
                client = self._new_client(server_url)
                client.token = token
                try:
                    await client.fetch_snapshot()
                except AuthError:
                    await client.close()
                    self.signInNeeded.emit(self.tr("Your session expired. Sign in again."))
                    return
                except CloudUnavailable as exc:
                    log.warning("resuming offline: %s", exc)
                await self._begin(client, username, None)
                return
        if self.credentials.warning:
            self.notice.emit(self.credentials.warning)
        self.signInNeeded.emit("")

    async def sign_in(self, server_url: str, username: str, password: str, remember: bool,
                      quiet: bool = False) -> bool:
        """Sign in; on failure emit signInFailed (or signInNeeded when ``quiet``)."""
        if self._busy:
            return False
        self._busy = True
        try:
            client = self._new_client(server_url)
            try:
                session = await client.sign_in(username, password)
            except (AuthError, CloudUnavailable) as exc:
                await client.close()
                message = str(exc) or self.tr("Sign-in failed.")
                if quiet:
                    self.signInNeeded.emit(message)
                else:
                    self.signInFailed.emit(message)
                return False
            self.settings.server_url = server_url
            self.settings.username = username
            self.settings.remember = remember
            self.settings.sync()
            await self.credentials.save(server_url, username, session.token,
                                        password if remember else None)
            if not self.credentials.secure and self.credentials.warning:
                self.notice.emit(self.credentials.warning)
            await self._begin(client, username, session)
            return True
        finally:
            self._busy = False

    async def sign_out(self) -> None:
        """Revoke the token, wipe stored secrets, stop the stream, clear the screen."""
        client, self.client = self.client, None
        self.api = None
        self._close_desk()
        if client is not None:
            await client.sign_out()
            await client.close()
        if self.server_url and self.username:
            await self.credentials.wipe(self.server_url, self.username)
        self.settings.remember = False
        self.settings.sync()
        self._close_journal()
        self.signInNeeded.emit(self.tr("Signed out."))

    async def shutdown(self) -> None:
        client, self.client = self.client, None
        self.api = None
        self._close_desk()
        if client is not None:
            await client.close()
        self._tasks.cancel()
        self._close_journal()

    # ------------------------------------------------------------------ internals

    def _new_client(self, server_url: str) -> CloudClient:
        # The dispatcher's CA bundle, if any, is trusted besides the system's store. Handed
        # over only when there is one, so a factory that takes just the URL still works.
        ca_bundle = self.settings.ca_bundle
        if not ca_bundle:
            return self.client_factory(server_url)
        try:
            context = ssl_context_for(ca_bundle)
        except CaBundleError as exc:
            # The system's store still checks the certificate: nothing is trusted blindly.
            log.error("%s", exc)
            self.notice.emit(self.tr("{problem} Using the system's trust store.").format(
                problem=exc))
            return self.client_factory(server_url)
        factory: Callable[..., CloudClient] = self.client_factory
        return factory(server_url, ssl_context=context)

    async def _begin(self, client: CloudClient, username: str, session: Session | None) -> None:
        if self.client is not None:
            await self.client.close()
        self.client = client
        self.server_url = client.base_url
        self.username = username
        carrier_id = session.user.carrier.id if session else await self._carrier_of(client)
        self._close_journal()
        retention = Retention(max_events=self.settings.journal_max_events,
                              max_age_s=self.settings.journal_max_age_days * 86400.0)
        key = self.journal_key or client.base_url
        journal_path = Journal.path_for(self.settings.paths.data_dir, key, carrier_id)
        self.journal = Journal(journal_path, retention)
        self.store.journal = self.journal
        # Actions typed while offline wait in the outbox next to the journal (same server and
        # carrier) and go out once this desk's client is live.
        self._close_desk()
        self.outbox = Outbox(Outbox.path_next_to(journal_path))
        self.desk = AlarmDesk(self.store, self.outbox, username=username,
                              escalate_after_s=self.settings.escalate_after_s, parent=self)
        self.contact_outbox = ContactOutbox(ContactOutbox.path_next_to(journal_path))
        self.messenger = Messenger(self.store, self.contact_outbox, username=username,
                                   call_url_template=self.settings.call_url_template,
                                   parent=self)
        self.unlock_desk = UnlockDesk(self.store, username=username, parent=self)
        restored = await asyncio.to_thread(self.journal.restore)
        self._tell_damaged_files()
        # The client parsed the snapshot for the store alone: adopted, not copied.
        client.snapshotLoaded.connect(lambda snapshot: self.store.load_snapshot(snapshot, True))
        client.rawEvent.connect(self.store.journal_event)
        client.eventsReceived.connect(self.store.apply_events)
        client.signedOut.connect(self._on_signed_out)
        client.eventRejected.connect(self._on_event_rejected)
        client.forked.connect(self._on_forked)
        client.protocolRefused.connect(self._on_protocol_refused)
        client.geofencesLoaded.connect(self.store.set_geofences)
        if restored is not None:
            self.store.restore(restored)
        self.rate_control = PositionRateControl(client, parent=self)
        if restored is not None:
            client.start(restored.seq, restored.hash)
        else:
            client.start(None)
        self.api = CloudApi(client.request)
        self.desk.set_client(client, self.api)
        self.deskChanged.emit(self.desk)
        assert self.messenger is not None
        self.messenger.set_client(client, self.api)
        self.messengerChanged.emit(self.messenger)
        assert self.unlock_desk is not None
        self.unlock_desk.set_api(self.api)
        self.unlockDeskChanged.emit(self.unlock_desk)
        self.signedIn.emit(session)

    def _tell_damaged_files(self) -> None:
        """Tell the dispatcher which local files were found damaged and set aside (at open or,
        for the journal, during restore), and what that cost."""
        if self.journal is not None and self.journal.damage is not None:
            title, text = journal_damage_notice(self.journal.damage)
            self.diagnostics.notify(Severity.WARNING, title, text, "journal")
        # (An empty outbox is falsy: "is not None", not truthiness.)
        for outbox_damage, words in (
                (self.outbox.damage if self.outbox is not None else None, outbox_damage_notice),
                (self.contact_outbox.damage if self.contact_outbox is not None else None,
                 contact_damage_notice)):
            if outbox_damage is not None:
                title, text = words(outbox_damage)
                # Unsent actions that could not be read are the dispatcher's to check.
                severity = Severity.WARNING if outbox_damage.unreadable == 0 else Severity.CRITICAL
                self.diagnostics.notify(severity, title, text, "outbox")

    async def _carrier_of(self, client: CloudClient) -> str:
        try:
            return (await client.fetch_snapshot()).carrier.id
        except (CloudUnavailable, AuthError):
            return "unknown"

    def _on_event_rejected(self, event: UndecodedEvent) -> None:
        # In the journal too: a restart steps over it instead of stopping there.
        if self.journal is not None:
            self.journal.record_rejected(event.seq, event.type, event.reason, event.raw,
                                         event.hash or None)
        self.diagnostics.reject(event.seq, event.type, event.reason, event.raw, "stream")

    def _on_forked(self, reason: str) -> None:
        # Emitted before the snapshot is reloaded: the journal's events of the old log are set
        # aside before the new base starts the journal afresh.
        kept = self.journal.set_aside_events(reason) if self.journal is not None else 0
        self.diagnostics.notify(
            Severity.CRITICAL, self.tr("The cloud's record changed"),
            self.tr("The cloud's event log no longer continues what this console showed "
                    "({reason}): it was probably restored from an older copy. The fleet was "
                    "reloaded from the cloud, so the alarms and positions now shown are the "
                    "cloud's; the {count} events this console had seen before are kept apart "
                    "in its journal.").format(reason=reason, count=kept), "fork")

    def _on_protocol_refused(self, reason: str) -> None:
        self.diagnostics.notify(Severity.CRITICAL, self.tr("Cannot follow this cloud"),
                                self.tr("{reason} The fleet shown is no longer live.")
                                .format(reason=reason), "protocol")

    def _on_signed_out(self, reason: str) -> None:
        async def again() -> None:
            if self.server_url and self.username:
                _, password = await self.credentials.load(self.server_url, self.username)
                if password and self.settings.remember:
                    await self.sign_in(self.server_url, self.username, password, True, quiet=True)
                    return
                await self.credentials.wipe(self.server_url, self.username)
            self.signInNeeded.emit(
                self.tr("{reason} Sign in again.").format(reason=reason).strip())

        self.spawn(again())

    def _close_desk(self) -> None:
        rate_control, self.rate_control = self.rate_control, None
        if rate_control is not None:
            rate_control.stop()
            rate_control.deleteLater()
        unlock_desk, self.unlock_desk = self.unlock_desk, None
        if unlock_desk is not None:
            unlock_desk.stop()
            self.unlockDeskChanged.emit(None)
            unlock_desk.deleteLater()
        messenger, self.messenger = self.messenger, None
        if messenger is not None:
            messenger.stop()
            self.messengerChanged.emit(None)
            messenger.deleteLater()
        if self.contact_outbox is not None:
            self.contact_outbox.close()
            self.contact_outbox = None
        desk, self.desk = self.desk, None
        if desk is not None:
            desk.stop()
            self.deskChanged.emit(None)
            desk.deleteLater()
        if self.outbox is not None:
            self.outbox.close()
            self.outbox = None

    def _close_journal(self) -> None:
        if self.journal is not None:
            self.store.journal = None
            self.journal.close()
            self.journal = None
