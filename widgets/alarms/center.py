"""The alarm workflow in the main window: queue, selected alarm, dialogs, attention, handover.

The pieces (queue view, alarm panel, acknowledge/resolve dialogs, sounds and tray, escalation
banner, handover dialog) each only show and ask; this object joins them to the store and to the
session's :class:`~console.alarms.desk.AlarmDesk`, which does the acting. The desk belongs to the
signed-in dispatcher, so it comes and goes with the session (:meth:`AlarmCenter.set_desk`); while
signed out the queue still shows the journal's alarms, and acting on one says why it cannot.

Ownership (take, release, assign to a colleague from the cloud's list, take over after a
confirmation) and notes go to the desk too. Text typed in a dialog is never lost to a colleague
who acted first: an open dialog is overtaken (and offers "Add it as a note"), and a refusal that
comes back later opens :class:`~widgets.alarms.dialogs.KeepNoteDialog` with the text. The
escalation banner selects the alarm it names when clicked; F9 in the queue does the selected
alarm's next step.

Signals:
    trailerSelected(str): the dispatcher picked an alarm: its trailer, for the table and the map.
    message(str, int): a status-bar message and how long to show it (ms).
    titleChanged(str): the window title ("(3) OpticalLock Dispatcher").
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from console.alarms.action_plans import ActionPlan, load_action_plans, plan_for
from console.alarms.desk import AlarmDesk, format_duration
from console.alarms.handover import build_handover, export_report
from console.alarms.labels import alarm_label, conflict_text
from console.alarms.models import AlarmQueueModel
from console.alarms.plans_editor import ActionPlanBook
from console.fleet.store import FleetStore
from console.places import where_text
from console.tasks import spawn
from console.text import isolate
from opticallock.protocol import (
    Alarm,
    AlarmPriority,
    AlarmRaisedEvent,
    AlarmState,
    AlarmType,
    DriverCallEvent,
    DriverMessageEvent,
    ResolveOutcome,
    SkippedStep,
)
from widgets.alarms.attention import Attention
from widgets.alarms.dialogs import AckDialog, AlarmActionDialog, KeepNoteDialog, ResolveDialog
from widgets.alarms.escalation_banner import EscalationBanner
from widgets.alarms.handover_dialog import HandoverDialog
from widgets.alarms.panel import AlarmPanel
from widgets.alarms.queue import AlarmQueueView
from widgets.alarms.text import clock_text

log = logging.getLogger(__name__)

#: A backfilled or journal-replayed "new" alarm older than this is not announced with a sound.
ANNOUNCE_MAX_AGE_S = 15 * 60


class AlarmCenter(QObject):
    trailerSelected = Signal(str)
    message = Signal(str, int)
    titleChanged = Signal(str)

    def __init__(self, store: FleetStore, window: QWidget, *,
                 plans: dict[AlarmType, ActionPlan] | None = None,
                 attention: Attention | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(window)
        self.store = store
        self.window = window
        # The cloud's plans once signed in, followed live; until then (or with a cloud that
        # does not keep them) the console's own.
        self.plan_book = ActionPlanBook(
            store, plans if plans is not None else load_action_plans(), parent=self)
        self.plan_book.changed.connect(self._on_plans_changed)
        self.plans = self.plan_book.plans
        self.clock = clock
        self.desk: AlarmDesk | None = None
        self.shift_start = clock()
        #: Where the handover dialog's file chooser starts.
        self.export_directory = ""
        self.model = AlarmQueueModel(store, None, clock=clock, parent=self)
        self.queue = AlarmQueueView(self.model, window)
        self.panel = AlarmPanel(store, window)
        self.banner = EscalationBanner(window)
        self.attention = attention or Attention(clock=clock, parent=self)
        self.dialog: QDialog | None = None
        #: Dialogs keeping refused text, opened while another dialog was in use.
        self._keeping: list[KeepNoteDialog] = []
        #: The alarm the escalation banner names (what a click on it selects).
        self.banner_alarm_id = ""
        self._audit_task: asyncio.Task[None] | None = None
        self._escalated: dict[str, int] = {}

        self.queue.acknowledgeRequested.connect(self.acknowledge)
        self.queue.resolveRequested.connect(self.resolve)
        self.queue.alarmSelected.connect(self.on_alarm_selected)
        self.queue.trailerActivated.connect(self.trailerSelected)
        self.panel.acknowledgeRequested.connect(self.acknowledge)
        self.panel.resolveRequested.connect(self.resolve)
        self.panel.stepToggled.connect(self.on_step_toggled)
        self.panel.takeRequested.connect(self.take)
        self.panel.releaseRequested.connect(self.release)
        self.panel.assignRequested.connect(self.assign)
        self.panel.takeOverRequested.connect(self.take_over)
        self.panel.noteSubmitted.connect(self.add_note)
        self.queue.nextStepRequested.connect(self.next_step)
        self.banner.clicked.connect(self.on_banner_clicked)
        self.attention.titleChanged.connect(self.titleChanged)
        store.eventsApplied.connect(self.on_events_applied)
        store.alarmsChanged.connect(self.on_alarms_changed)
        store.reset.connect(self.on_reset)
        # The banner's "waited N min" and the title count follow the clock, not only events.
        self._tick = QTimer(self)
        self._tick.setInterval(5000)
        self._tick.timeout.connect(self.refresh)
        self._tick.start()
        self.refresh()

    # ------------------------------------------------------------------ the session's desk

    def set_desk(self, desk: AlarmDesk | None) -> None:
        """Act through ``desk`` (the signed-in dispatcher's); None when signed out."""
        if desk is self.desk:
            return
        if self.desk is not None:
            for signal, slot in self._desk_links(self.desk):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    log.debug("desk signal was not connected")
        self.desk = desk
        self.plan_book.set_api(desk.api if desk is not None else None)
        self.model.set_desk(desk)
        self.queue.set_desk(desk)
        self.panel.set_username(desk.username if desk is not None else None)
        if desk is not None:
            self.shift_start = self.clock()
            for signal, slot in self._desk_links(desk):
                signal.connect(slot)
        self._show_selected()

    def _desk_links(self, desk: AlarmDesk) -> list[tuple[Any, Any]]:
        return [(desk.conflict, self.on_conflict), (desk.overtaken, self.on_overtaken),
                (desk.actionFailed, self.on_action_failed),
                (desk.escalated, self.on_escalated), (desk.pendingChanged, self._show_selected)]

    # ------------------------------------------------------------------ acting

    def _alarm(self, alarm_id: str) -> Alarm | None:
        state = self.store.state
        return None if state is None else state.alarms.get(alarm_id)

    def _can_act(self, alarm_id: str) -> Alarm | None:
        alarm = self._alarm(alarm_id)
        if alarm is None:
            self.message.emit(self.tr("That alarm is no longer in the queue."), 8000)
            return None
        if self.desk is None:
            self.message.emit(self.tr("Sign in to act on alarms."), 8000)
            return None
        return alarm

    @Slot(str)
    def acknowledge(self, alarm_id: str) -> None:
        """Open the acknowledge dialog for ``alarm_id`` (from the queue, panel or map)."""
        alarm = self._can_act(alarm_id)
        if alarm is None:
            return
        if alarm.state is not AlarmState.OPEN:
            if alarm.acknowledged_by:
                text = self.tr("Already acknowledged by {who}.").format(
                    who=isolate(alarm.acknowledged_by))
            else:
                text = self.tr("Already acknowledged.")
            self.message.emit(text, 8000)
            return
        dialog = AckDialog(alarm, self.window)
        dialog.submitted.connect(self._on_ack_submitted)
        dialog.noteRequested.connect(self.add_note)
        self._open(dialog)

    @Slot(str)
    def acknowledge_for_trailer(self, trailer_id: str) -> None:
        """Acknowledge the most urgent open alarm of a trailer (the detail panel's button)."""
        state = self.store.state
        if state is None:
            return
        order = list(AlarmPriority)
        open_alarms = sorted((a for a in state.alarms.values()
                              if a.trailer_id == trailer_id and a.state is AlarmState.OPEN),
                             key=lambda a: (order.index(a.priority), a.raised_at))
        if open_alarms:
            self.acknowledge(open_alarms[0].id)
        else:
            self.message.emit(self.tr("{trailer} has no alarm waiting for acknowledgement.").format(
                trailer=isolate(trailer_id)), 6000)

    @Slot(str)
    def resolve(self, alarm_id: str) -> None:
        alarm = self._can_act(alarm_id)
        if alarm is None or self.desk is None:
            return
        dialog = ResolveDialog(alarm, self.window, open_steps=self._open_steps(alarm))
        dialog.resolved.connect(self._on_resolve_submitted)
        dialog.noteRequested.connect(self.add_note)
        self._open(dialog)

    def _open_steps(self, alarm: Alarm) -> list[Any]:
        """The alarm's plan steps neither done on its record nor ticked on their way."""
        plan = plan_for(self.plans, alarm)
        if plan is None or self.desk is None:
            return []
        open_ids = set(self.desk.open_steps(alarm.id, [s.step_id for s in plan.steps]))
        return [s for s in plan.steps if s.step_id in open_ids]

    @Slot(str)
    def next_step(self, alarm_id: str) -> None:
        """The selected alarm's next step (F9): acknowledge an open alarm, tick the first plan
        step not done yet, or resolve it when every step is done."""
        alarm = self._can_act(alarm_id)
        if alarm is None or self.desk is None:
            return
        if alarm.state is AlarmState.OPEN:
            self.acknowledge(alarm_id)
            return
        if alarm.state is AlarmState.RESOLVED:
            return
        todo = self._open_steps(alarm)
        if not todo:
            self.resolve(alarm_id)
            return
        step = todo[0]
        self.desk.tick_step(alarm_id, step.step_id, step.label, True)
        self.message.emit(self.tr("Done: {step}").format(step=isolate(step.label)), 6000)
        self._show_selected()

    # ------------------------------------------------------------------ ownership and notes

    @Slot(str)
    def take(self, alarm_id: str) -> None:
        if self._can_act(alarm_id) is not None and self.desk is not None:
            self.desk.take(alarm_id)

    @Slot(str)
    def release(self, alarm_id: str) -> None:
        if self._can_act(alarm_id) is not None and self.desk is not None:
            self.desk.release(alarm_id)

    @Slot(str)
    def take_over(self, alarm_id: str) -> None:
        """Ask before taking an alarm a colleague works (the take-over is on the record)."""
        alarm = self._can_act(alarm_id)
        desk = self.desk
        if alarm is None or desk is None:
            return
        owner = desk.owned_by_colleague(alarm_id)
        if owner is None:
            desk.take(alarm_id)
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Take over the alarm?"), self.tr(
            "{who} has owned this alarm since {clock}. Take it over? {who} and every console "
            "see that you did; it is on the alarm's audit trail.").format(
            who=isolate(owner), clock=clock_text(alarm.owned_at)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("takeOverConfirm")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Take over"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes and self.desk is desk:
                desk.take_over(alarm_id)

        box.finished.connect(answered)
        self._open(box)

    @Slot(str)
    def assign(self, alarm_id: str) -> None:
        """Choose a colleague from the carrier's dispatchers and give them the alarm."""
        desk = self.desk
        if self._can_act(alarm_id) is None or desk is None:
            return

        async def choose() -> None:
            try:
                users = await desk.colleagues()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # said in the status bar; nothing was changed
                self.message.emit(self.tr("Cannot assign: {error}").format(error=exc), 10000)
                return
            names = sorted(u.username for u in users)
            if not names:
                self.message.emit(self.tr("The cloud lists no dispatchers to assign to."), 8000)
                return
            dialog = QInputDialog(self.window)
            dialog.setObjectName("assignAlarm")
            dialog.setWindowTitle(self.tr("Assign the alarm"))
            dialog.setLabelText(self.tr("Give this alarm to:"))
            dialog.setComboBoxItems(names)
            dialog.setComboBoxEditable(False)
            dialog.setOkButtonText(self.tr("Assign"))
            dialog.textValueSelected.connect(
                lambda name: self._assign_to(desk, alarm_id, name))
            self._open(dialog)

        spawn(choose(), f"dispatchers to assign {alarm_id} to")

    def _assign_to(self, desk: AlarmDesk, alarm_id: str, name: str) -> None:
        if self.desk is not desk:
            return
        try:
            desk.assign(alarm_id, name)
        except ValueError as exc:
            self.message.emit(str(exc), 8000)

    @Slot(str, str)
    def add_note(self, alarm_id: str, text: str) -> None:
        """Put a note on the alarm's record (from the panel, or text a colleague's action
        would otherwise have lost)."""
        if self.desk is None:
            self.message.emit(self.tr("Sign in to add notes."), 8000)
            return
        try:
            self.desk.add_note(alarm_id, text)
        except ValueError as exc:
            self.message.emit(str(exc), 10000)
            return
        self.panel.note_added(alarm_id)
        self.message.emit(self.tr("Note added.") if self._live() else self.tr(
            "Note queued: the link is down; it is sent as soon as the console is live."), 6000)

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.reject()  # one alarm dialog at a time: the newest request wins
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()  # never exec(): a nested loop would stall the asyncio side

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    @Slot(str, str)
    def _on_ack_submitted(self, alarm_id: str, note: str) -> None:
        if self.desk is None:
            self.message.emit(self.tr("Signed out: the acknowledgement was not recorded."), 10000)
            return
        try:
            self.desk.acknowledge(alarm_id, note)
        except ValueError as exc:
            self.message.emit(str(exc), 10000)
            return
        self.message.emit(self.tr("Acknowledgement sent.") if self._live() else self.tr(
            "Acknowledgement queued: the link is down; it is sent as soon as the console is "
            "live."), 6000)

    @Slot(str, str, str, list)
    def _on_resolve_submitted(self, alarm_id: str, outcome: str, note: str,
                              skipped: list[dict[str, Any]] | None = None) -> None:
        if self.desk is None:
            self.message.emit(self.tr("Signed out: the resolution was not recorded."), 10000)
            return
        try:
            steps = [SkippedStep.model_validate(s) for s in skipped or []]
            self.desk.resolve(alarm_id, ResolveOutcome(outcome), note, steps)
        except (ValueError, ValidationError) as exc:
            self.message.emit(str(exc), 10000)
            return
        self.message.emit(self.tr("Resolution sent.") if self._live() else self.tr(
            "Resolution queued: the link is down; it is sent as soon as the console is live."),
            6000)

    def _live(self) -> bool:
        client = self.desk.client if self.desk is not None else None
        return client is not None and client.status.live

    @Slot(str, str, str, bool)
    def on_step_toggled(self, alarm_id: str, step_id: str, label: str, done: bool) -> None:
        if self.desk is None:
            self.message.emit(self.tr("Sign in to tick action-plan steps."), 8000)
            self._show_selected()
            return
        self.desk.tick_step(alarm_id, step_id, label, done)
        self._show_selected()

    # ------------------------------------------------------------------ answers from the desk

    @Slot(str, str)
    def on_conflict(self, alarm_id: str, text: str) -> None:
        """A colleague got there first: say who and when; the stream brings their version."""
        self.message.emit(text, 15000)
        if self.panel.alarm_id == alarm_id:
            self._fetch_audit(alarm_id)

    @Slot(str, str, str, str)
    def on_overtaken(self, alarm_id: str, kind: str, message: str, text: str) -> None:
        """A refused acknowledgement or resolution carried text: offer to keep it as a note."""
        alarm = self._alarm(alarm_id) or self.store.resolved_alarms.get(alarm_id)
        dialog = KeepNoteDialog(alarm_id, alarm.trailer_id if alarm else alarm_id, message,
                                text, self.window)
        dialog.noteRequested.connect(self.add_note)
        if self.dialog is None:
            self._open(dialog)
            return
        # Another dialog is in use: never close it (its text would be lost in turn).
        self._keeping.append(dialog)
        dialog.finished.connect(lambda _r: self._kept_closed(dialog))
        dialog.open()

    def _kept_closed(self, dialog: KeepNoteDialog) -> None:
        if dialog in self._keeping:
            self._keeping.remove(dialog)
        dialog.deleteLater()

    def _check_overtaken(self, alarm_ids: list[str]) -> None:
        """An open acknowledge/resolve dialog whose alarm a colleague just acted on."""
        dialog = self.dialog
        if not isinstance(dialog, AlarmActionDialog) or dialog.overtaken \
                or dialog.alarm_id not in alarm_ids:
            return
        alarm = self._alarm(dialog.alarm_id) or self.store.resolved_alarms.get(dialog.alarm_id)
        if alarm is None:
            return
        me = self.desk.username if self.desk is not None else None
        if isinstance(dialog, AckDialog) and alarm.state is not AlarmState.OPEN:
            if alarm.acknowledged_by and alarm.acknowledged_by != me:
                dialog.overtake(conflict_text("already_acknowledged", alarm.acknowledged_by,
                                              alarm.acknowledged_at))
            elif alarm.resolved_by and alarm.resolved_by != me:
                dialog.overtake(conflict_text("already_resolved", alarm.resolved_by,
                                              alarm.resolved_at))
        elif isinstance(dialog, ResolveDialog) and alarm.state is AlarmState.RESOLVED \
                and alarm.resolved_by != me:
            dialog.overtake(conflict_text("already_resolved", alarm.resolved_by,
                                          alarm.resolved_at))

    @Slot(str, str)
    def on_action_failed(self, alarm_id: str, text: str) -> None:
        self.message.emit(self.tr("Alarm {id}: {text}").format(id=isolate(alarm_id),
                                                                text=isolate(text)), 15000)

    @Slot(str, int)
    def on_escalated(self, alarm_id: str, level: int) -> None:
        alarm = self._alarm(alarm_id)
        if alarm is None or alarm.state is not AlarmState.OPEN:
            return
        self._escalated[alarm_id] = max(level, self._escalated.get(alarm_id, 0))
        self.attention.on_escalated(alarm_id, level, alarm)
        self.refresh()

    # ------------------------------------------------------------------ the store

    @Slot(list)
    def on_events_applied(self, events: list[Any]) -> None:
        """Sound and tray for alarms raised now (not the snapshot or the journal's replay); the
        shown alarm's audit trail again when a driver message or call about it arrives (they
        change no alarm state, so alarmsChanged does not say so)."""
        now = self.clock()
        shown = self.panel.alarm_id
        if shown and any(_contact_alarm(e) == shown for e in events):
            self._fetch_audit(shown)
        for event in events:
            if not isinstance(event, AlarmRaisedEvent):
                continue
            alarm = self._alarm(event.alarm.id)
            if alarm is None or alarm.state is not AlarmState.OPEN:
                continue
            if now - alarm.raised_at > ANNOUNCE_MAX_AGE_S:
                continue  # a backfill after a long outage: the queue shows it, quietly
            self.attention.on_new_alarm(alarm)

    @Slot(list)
    def on_alarms_changed(self, alarm_ids: list[str]) -> None:
        self._check_overtaken(alarm_ids)
        if self.panel.alarm_id in alarm_ids:
            self._show_selected()
            self._fetch_audit(self.panel.alarm_id or "")
        self.refresh()

    @Slot()
    def on_reset(self) -> None:
        self._show_selected()
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Window title count and the escalation banner, from the store's alarms."""
        state = self.store.state
        alarms = list(state.alarms.values()) if state is not None else []
        unacknowledged = [a for a in alarms if a.state is AlarmState.OPEN]
        self.attention.set_unacknowledged(len(unacknowledged))
        escalated = [a for a in unacknowledged
                     if a.escalation_level > 0 or a.id in self._escalated]
        self._escalated = {k: v for k, v in self._escalated.items()
                           if any(a.id == k for a in escalated)}
        if not escalated:
            self.banner_alarm_id = ""
            if self.banner.isVisible():
                self.banner.clear()
            return
        worst = min(escalated, key=lambda a: a.raised_at)
        self.banner_alarm_id = worst.id
        waited = format_duration(self.clock() - worst.raised_at)
        more = (" " + self.tr("(and {n} more)").format(n=len(escalated) - 1)
                if len(escalated) > 1 else "")
        self.banner.show_escalation(self.tr(
            "L{level} {alarm} on {trailer} near {where} — not acknowledged for {waited}{more}. "
            "Click here to select it, then Ctrl+K.").format(
                level=max(worst.escalation_level, self._escalated.get(worst.id, 0), 1),
                alarm=alarm_label(worst), trailer=isolate(worst.trailer_id),
                where=where_text(worst.position), waited=waited, more=more))

    @Slot()
    def on_banner_clicked(self) -> None:
        """Select the alarm the escalation banner names (the queue shows all if filtered)."""
        if self.banner_alarm_id and self.queue.select_alarm(self.banner_alarm_id):
            self.queue.table.setFocus()

    # ------------------------------------------------------------------ the selected alarm

    @Slot(str)
    def on_alarm_selected(self, alarm_id: str) -> None:
        alarm = self._alarm(alarm_id) if alarm_id else None
        self._show_selected(alarm)
        if alarm is None:
            return
        self.trailerSelected.emit(alarm.trailer_id)
        if self.desk is not None:
            self.desk.mark_seen(alarm.id)
        self._fetch_audit(alarm.id)

    @Slot()
    def _on_plans_changed(self) -> None:
        """A new version of the carrier's action plans: the checklist shown follows it."""
        self.plans = self.plan_book.plans
        self._show_selected()

    @Slot()
    def _show_selected(self, alarm: Alarm | None = None) -> None:
        if alarm is None:
            selected = self.queue.selected_alarm_id()
            alarm = self._alarm(selected) if selected else None
        pending: dict[str, bool] = {}
        if alarm is not None and self.desk is not None:
            for action in self.desk.pending_for(alarm.id):
                if action.kind == "step":
                    pending[str(action.body.get("step_id"))] = bool(action.body.get("done"))
        self.panel.show_alarm(alarm, plan_for(self.plans, alarm) if alarm else None, pending)

    def _fetch_audit(self, alarm_id: str) -> None:
        desk = self.desk
        if not alarm_id or desk is None:
            return
        if self._audit_task is not None and not self._audit_task.done():
            self._audit_task.cancel()

        async def fetch() -> None:
            try:
                audit = await desk.audit(alarm_id)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any failure is shown in the panel
                if self.panel.alarm_id == alarm_id:
                    self.panel.show_audit_error(
                        self.tr("Audit trail unavailable: {error}").format(error=exc))
                return
            if self.panel.alarm_id == alarm_id:
                self.panel.show_audit(audit)

        self._audit_task = spawn(fetch(), f"audit trail of {alarm_id}")

    # ------------------------------------------------------------------ shift handover

    @Slot()
    def open_handover(self) -> None:
        """Build the handover report (alarms resolved this shift come from the cloud)."""
        desk = self.desk

        async def build() -> None:
            now = self.clock()
            resolved: list[Alarm] = []
            note = ""
            if desk is not None:
                try:
                    resolved = await desk.fetch_resolved(self.shift_start)
                except Exception as exc:  # the report still has the rest
                    note = self.tr("Resolved alarms could not be fetched from the cloud "
                                   "({error}); those this console saw are listed.").format(
                                       error=exc)
            report = build_handover(self.store, desk, self.shift_start, now, resolved,
                                    plans=self.plans or None)
            dialog = HandoverDialog(report.to_html(), self.window,
                                    directory=self.export_directory)

            def export(kind: str, path: str) -> None:
                try:
                    written = export_report(report, kind, Path(path))
                except (OSError, ValueError) as exc:
                    dialog.show_export_result(
                        self.tr("Could not save: {error}").format(error=exc), ok=False)
                    return
                dialog.show_export_result(self.tr("Saved {path}").format(path=written))

            dialog.exportRequested.connect(export)
            self.handover_report = report
            self._open(dialog)
            if note:
                self.message.emit(note, 15000)

        spawn(build(), "shift handover report")

    def stop(self) -> None:
        self._tick.stop()
        if self._audit_task is not None:
            self._audit_task.cancel()


def _contact_alarm(event: Any) -> str | None:
    """The alarm a driver message or call event is about, if any."""
    if isinstance(event, DriverMessageEvent):
        return event.message.alarm_id
    if isinstance(event, DriverCallEvent):
        return event.call.alarm_id
    return None

