"""The selected alarm in full: what and where, its action-plan checklist, its audit trail.

The panel keeps no alarm state: the caller hands it the alarm (from the store), the plan (from
the action plans file) and the step ids with a tick still on its way (from the desk's outbox)
with :meth:`AlarmPanel.show_alarm`, and the audit trail (from ``desk.audit``) with
:meth:`AlarmPanel.show_audit`. Ticking a step only asks (``stepToggled``); the tick shows
"(sending…)" until the alarm comes back with the step on its record.

Everything about an alarm came over the network (notes, details, names), so every label is
plain text, tooltips are escaped, and each piece is isolated where it is put into a sentence
(console/text.py): a name with a direction override cannot reverse the line around it.

The panel also says who owns the alarm (Take / Release / Assign… / Take over…), lists its notes
live with an "Add note" box (a draft is kept per alarm while another is selected), lists the
notifications its call list sent and how each was delivered, and, for a quiet alarm, shows a
discreet banner and offers no driver-facing action.

Signals:
    acknowledgeRequested(str): the Acknowledge button, for this alarm id.
    takeRequested(str), releaseRequested(str), assignRequested(str), takeOverRequested(str):
        the owner buttons, for this alarm id.
    noteSubmitted(str, str): alarm id, the note typed (stripped, not blank).
    resolveRequested(str): the Resolve button, for this alarm id.
    stepToggled(str, str, str, bool): alarm id, step id, step label, done.
    messageDriverRequested(str): the Message driver button, for this alarm id.
    callDriverRequested(str): the Call driver button, for this alarm id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.alarms.action_plans import ActionPlan, is_quiet
from console.alarms.labels import (
    NOTIFICATION_STATUS_COLORS,
    NOTIFICATION_STATUS_NAMES,
    PRIORITY_COLORS,
    QUIET_BANNER,
    alarm_label,
    alarm_state_label,
    level_label,
    outcome_label,
    priority_label,
)
from console.alarms.policies import CHANNEL_NAMES, ROLE_NAMES
from console.alarms.times import local_datetime
from console.contacts.labels import call_outcome_label
from console.fleet.labels import QT_TRANSLATE_NOOP
from console.fleet.store import FleetStore
from console.palette import color, notifier
from console.places import where_text
from console.text import isolate
from opticallock.protocol import (
    Alarm,
    AlarmAudit,
    AlarmState,
    AlarmStep,
    Channel,
    ContactRole,
    Driver,
    MessageDirection,
    MessageStatus,
    NotificationStatus,
    event_adapter,
)
from widgets.alarms.text import (
    MAX_FITTED_COLUMN_PX,
    PlainLabel,
    clock_text,
    plain_label,
    plain_tooltip,
)
from widgets.theme import ref, set_style

SENDING = QT_TRANSLATE_NOOP("AlarmPanel", "(sending…)")
#: Fields a generic audit line leaves out: chain bookkeeping, ids the panel already shows.
_GENERIC_SKIP = {"type", "seq", "ts", "prev_hash", "hash", "request_id", "alarm_id", "lock_id",
                 "trailer_id"}


@dataclass(frozen=True)
class AuditLine:
    """One row of the audit trail, in the dispatcher's words."""

    at: float | None
    who: str
    what: str


def describe_event(event: Any) -> AuditLine:
    """An audit event as (time, who, what). Accepts wire models or raw dicts; an event type this
    console does not know (a newer cloud) is shown generically rather than dropped, because an
    audit trail with silent gaps is worse than one with a plain line."""
    if isinstance(event, Mapping):
        try:
            event = event_adapter.validate_python(dict(event))
        except ValidationError:
            return _generic(dict(event))
    if not isinstance(event, BaseModel):
        return AuditLine(None, "—", str(event))
    data = event.model_dump(mode="json")
    etype = data.get("type")
    at = data.get("at", data.get("ts"))
    match etype:
        case "alarm_raised":
            alarm = event.alarm  # type: ignore[attr-defined]
            what = QCoreApplication.translate("AlarmPanel", "Raised: {priority} {alarm}").format(
                priority=priority_label(alarm.priority), alarm=alarm_label(alarm))
            if alarm.detail:
                what += f" — {isolate(alarm.detail)}"
            return AuditLine(alarm.raised_at, _lock_who(alarm.lock_id), what)
        case "alarm_repeated":
            what = QCoreApplication.translate("AlarmPanel", "Repeated (now ×{count})").format(
                count=data["count"])
            return AuditLine(data["last_at"], _lock_who(data["lock_id"]), what)
        case "alarm_seen":
            return AuditLine(at, isolate(data["by"]),
                             QCoreApplication.translate("AlarmPanel", "Saw it on their console"))
        case "alarm_acknowledged":
            note = data["note"].strip()
            if note:
                what = QCoreApplication.translate(
                    "AlarmPanel", "Acknowledged — note: {note}").format(note=isolate(note))
            else:
                what = QCoreApplication.translate("AlarmPanel", "Acknowledged (no note)")
            return AuditLine(at, isolate(data["by"]), what)
        case "alarm_step":
            step = data["step"]
            verb = (QCoreApplication.translate("AlarmPanel", "Ticked: {step}") if step["done"]
                    else QCoreApplication.translate("AlarmPanel", "Unticked: {step}"))
            return AuditLine(step["at"], isolate(step["by"]),
                             verb.format(step=isolate(step["label"])))
        case "alarm_escalated":
            what = QCoreApplication.translate("AlarmPanel", "Escalated to level {level}").format(
                level=data["level"])
            if data["reason"]:
                what += f" — {isolate(data['reason'])}"
            return AuditLine(at, isolate(data["by"]), what)
        case "alarm_resolved":
            what = QCoreApplication.translate("AlarmPanel", "Resolved: {outcome}").format(
                outcome=outcome_label(data["outcome"]))
            if data["note"].strip():
                what += " — " + _note(data["note"])
            for skipped in data.get("skipped") or []:
                what += "\n" + QCoreApplication.translate(
                    "AlarmPanel", "Step not done: {step} — reason: {reason}").format(
                    step=isolate(skipped["label"] or skipped["step_id"]),
                    reason=isolate(skipped["reason"]))
            return AuditLine(at, isolate(data["by"]), what)
        case "alarm_owner":
            return AuditLine(at, isolate(data["by"]), owner_change_text(
                data["action"], data.get("owner"), data.get("previous")))
        case "alarm_note":
            note = data["note"]
            return AuditLine(note["at"], isolate(note["by"]), QCoreApplication.translate(
                "AlarmPanel", "Note: {text}").format(text=isolate(note["text"])))
        case "alarm_notified":
            return AuditLine(data["notification"]["at"], QCoreApplication.translate(
                "AlarmPanel", "cloud"), notification_text(data["notification"]))
        case "driver_message":
            return _message_line(data["message"])
        case "driver_call":
            return _call_line(data["call"])
        case "tamper":
            level = data.get("fiber_dbm")
            what = QCoreApplication.translate("AlarmPanel", "Tamper reported: {kind}").format(
                kind=data["kind"].replace("_", " "))
            if level is not None:
                what += f" ({level:.1f} dBm)"
            return AuditLine(at, _lock_who(data["lock_id"]), what)
        case "lock_state":
            what = QCoreApplication.translate("AlarmPanel", "Lock {previous} → {state}").format(
                previous=data["previous"].replace("_", " "),
                state=data["state"].replace("_", " "))
            actor = data.get("actor")
            return AuditLine(at, isolate(actor) if actor else _lock_who(data["lock_id"]), what)
    return _generic(data)


def owner_change_text(action: str, owner: str | None, previous: str | None) -> str:
    """An owner change in the audit trail's words."""
    owner_text = isolate(owner or "—")
    previous_text = isolate(previous or "—")
    match action:
        case "take":
            text = QCoreApplication.translate("AlarmPanel", "Took the alarm")
        case "release":
            text = QCoreApplication.translate("AlarmPanel", "Released the alarm")
        case "assign":
            text = QCoreApplication.translate("AlarmPanel", "Assigned the alarm to {owner}")
        case "take_over":
            text = QCoreApplication.translate("AlarmPanel", "Took the alarm over from {previous}")
        case "auto_release":
            text = QCoreApplication.translate(
                "AlarmPanel", "Released {previous}'s alarm: their session ended")
        case _:
            text = QCoreApplication.translate("AlarmPanel", "Owner now {owner}")
    return text.format(owner=owner_text, previous=previous_text)


def notification_text(notification: Mapping[str, Any]) -> str:
    """"L1 Supervisor Marta Ruiz by SMS (+5218…): delivered"."""
    try:
        role = ROLE_NAMES[ContactRole(notification["role"])]
    except ValueError:
        role = str(notification["role"]).replace("_", " ")
    try:
        channel = CHANNEL_NAMES[Channel(notification["channel"])]
    except ValueError:
        channel = str(notification["channel"])
    try:
        status = NOTIFICATION_STATUS_NAMES[NotificationStatus(notification["status"])]
    except ValueError:
        status = str(notification["status"])
    text = QCoreApplication.translate(
        "AlarmPanel", "{level} {role} {name} by {channel} ({address}): {status}").format(
        level=level_label(int(notification["level"])), role=role,
        name=isolate(notification["name"]), channel=channel,
        address=isolate(notification["address"]), status=status)
    if notification.get("detail"):
        text += f" — {isolate(notification['detail'])}"
    return text


def _lock_who(lock_id: str) -> str:
    return QCoreApplication.translate("AlarmPanel", "lock {lock}").format(lock=isolate(lock_id))


def _note(note: str) -> str:
    return QCoreApplication.translate("AlarmPanel", "note: {note}").format(
        note=isolate(note.strip()))


def _message_line(message: dict[str, Any]) -> AuditLine:
    text = isolate(message["text"])
    status = message["status"]
    driver = QCoreApplication.translate("AlarmPanel", "driver")
    if message["direction"] == MessageDirection.FROM_DRIVER or status == MessageStatus.REPLY:
        what = QCoreApplication.translate("AlarmPanel", "Driver wrote: {text}")
        return AuditLine(message["created_at"], driver, what.format(text=text))
    who = (isolate(message["sent_by"]) if message.get("sent_by")
           else QCoreApplication.translate("AlarmPanel", "dispatcher"))
    if status == MessageStatus.DELIVERED:
        what = QCoreApplication.translate("AlarmPanel", "Message delivered: {text}")
        app = QCoreApplication.translate("AlarmPanel", "driver app")
        return AuditLine(message["updated_at"], app, what.format(text=text))
    if status == MessageStatus.READ:
        what = QCoreApplication.translate("AlarmPanel", "Message read: {text}")
        return AuditLine(message["updated_at"], driver, what.format(text=text))
    what = QCoreApplication.translate("AlarmPanel", "Message to driver: {text}")
    return AuditLine(message["created_at"], who, what.format(text=text))


def _call_line(call: dict[str, Any]) -> AuditLine:
    # Within a sentence, in lower case: "Called the driver (+1 …): no answer".
    outcome = call_outcome_label(call["outcome"])
    what = QCoreApplication.translate("AlarmPanel",
                                      "Called the driver ({phone}): {outcome}").format(
        phone=isolate(call["phone"]), outcome=outcome[:1].lower() + outcome[1:])
    if call.get("note", "").strip():
        what += " — " + _note(call["note"])
    return AuditLine(call["at"], isolate(call["by"]), what)


def _generic(data: dict[str, Any]) -> AuditLine:
    etype = str(data.get("type") or "event").replace("_", " ").capitalize()
    details = ", ".join(f"{isolate(k.replace('_', ' '))}: {isolate(v)}" for k, v in data.items()
                        if k not in _GENERIC_SKIP and k not in {"by", "at"}
                        and isinstance(v, str | int | float | bool))
    at = data.get("at", data.get("ts"))
    return AuditLine(at if isinstance(at, int | float) else None,
                     isolate(data["by"]) if data.get("by") else "—",
                     f"{isolate(etype)}: {details}" if details else isolate(etype))


class _ClickToToggle(QObject):
    """Lets a click on a step's (wrapping) label tick its checkbox, as a checkbox's own text
    would; the label is separate only because QCheckBox text cannot wrap."""

    def __init__(self, box: QCheckBox, parent: QObject) -> None:
        super().__init__(parent)
        self.box = box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and self.box.isEnabled():
            self.box.click()
            return True
        return False


class AlarmPanel(QWidget):
    acknowledgeRequested = Signal(str)
    resolveRequested = Signal(str)
    stepToggled = Signal(str, str, str, bool)
    messageDriverRequested = Signal(str)
    callDriverRequested = Signal(str)
    takeRequested = Signal(str)
    releaseRequested = Signal(str)
    assignRequested = Signal(str)
    takeOverRequested = Signal(str)
    noteSubmitted = Signal(str, str)

    #: The form's rows, by their (English) key in :attr:`fields`; shown translated.
    FIELDS = ("Owner", "Driver", "Where", "Raised", "State", "Acknowledged", "Ack note",
              "Escalation", "Resolved", "Detail")
    FIELD_NAMES = (QT_TRANSLATE_NOOP("AlarmPanel", "Owner"),
                   QT_TRANSLATE_NOOP("AlarmPanel", "Driver"),
                   QT_TRANSLATE_NOOP("AlarmPanel", "Where"),
                   QT_TRANSLATE_NOOP("AlarmPanel", "Raised"),
                   QT_TRANSLATE_NOOP("AlarmPanel", "State"),
                   QT_TRANSLATE_NOOP("AlarmPanel", "Acknowledged"),
                   QT_TRANSLATE_NOOP("AlarmPanel", "Ack note"),
                   QT_TRANSLATE_NOOP("AlarmPanel", "Escalation"),
                   QT_TRANSLATE_NOOP("AlarmPanel", "Resolved"),
                   QT_TRANSLATE_NOOP("AlarmPanel", "Detail"))

    def __init__(self, store: FleetStore | None = None, parent: QWidget | None = None) -> None:
        """``store`` is read for the driver's name and phone (the alarm names only a trailer)."""
        super().__init__(parent)
        self.store = store
        self.alarm: Alarm | None = None
        #: The signed-in dispatcher (None: signed out): whose alarm is "mine".
        self.username: str | None = None
        #: Notes typed and not yet added, per alarm, while another alarm is shown.
        self._drafts: dict[str, str] = {}
        #: step id → checkbox / label / status line, in plan order.
        self.step_boxes: dict[str, QCheckBox] = {}
        self.step_labels: dict[str, PlainLabel] = {}
        #: step id → its label as the plan or the record says it (what a tick is sent with).
        self.step_label_text: dict[str, str] = {}
        self.step_meta: dict[str, QLabel] = {}
        # What this console asked for a step whose tick is still on its way (the outbox knows
        # only that one is pending, not which way).
        self._requested: dict[str, bool] = {}

        self.title = plain_label(self.tr("Select an alarm in the queue."), self)
        self.title.setObjectName("alarmTitle")
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.header = QFrame(self)
        self.header.setObjectName("alarmHeader")
        # StyledPanel: a frameless QFrame never paints the style sheet's border.
        self.header.setFrameShape(QFrame.Shape.StyledPanel)
        header_layout = QVBoxLayout(self.header)
        header_layout.setContentsMargins(8, 4, 4, 4)
        header_layout.addWidget(self.title)
        self._set_header_colour(None)
        # Discreet on purpose: a quiet alarm is about someone who may be watched, not a siren.
        self.quiet_banner = plain_label(
            QCoreApplication.translate("Alarms", QUIET_BANNER), self, selectable=False)
        self.quiet_banner.setObjectName("quietBanner")
        self.quiet_banner.setToolTip(self.tr(
            "The driver may be under duress: do not message or call the driver unless carrier "
            "security asks for it. Follow the plan below."))
        set_style(self.quiet_banner, "QLabel#quietBanner {{ background: {p.quiet}; "
                  "color: {p.quiet_text}; padding: 3px 6px; }}")
        self.quiet_banner.hide()
        notifier().changed.connect(self.on_theme_changed)

        top = QWidget(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.fields: dict[str, QLabel] = {}
        for name, shown in zip(self.FIELDS, self.FIELD_NAMES, strict=True):
            label = plain_label("—", top)
            label.setObjectName(f"alarm{name.replace(' ', '')}")
            self.form.addRow(self.tr("{field}:").format(
                field=QCoreApplication.translate("AlarmPanel", shown)), label)
            self.fields[name] = label

        self.ack_button = QPushButton(self.tr("Acknowledge…"), self)
        self.ack_button.setObjectName("panelAcknowledge")
        self.ack_button.setToolTip(self.tr("Acknowledge this alarm (Ctrl+K in the alarm queue)"))
        self.ack_button.clicked.connect(self._on_ack)
        self.resolve_button = QPushButton(self.tr("Resolve…"), self)
        self.resolve_button.setObjectName("panelResolve")
        self.resolve_button.setToolTip(
            self.tr("Close this alarm with an outcome (Ctrl+R in the queue)"))
        self.resolve_button.clicked.connect(self._on_resolve)
        self.message_button = QPushButton(self.tr("Message driver…"), self)
        self.message_button.setObjectName("panelMessageDriver")
        self.message_button.setToolTip(self.tr("Write to the driver's app; the messages and "
                                               "replies join this alarm's audit trail"))
        self.message_button.clicked.connect(self._on_message_driver)
        self.call_button = QPushButton(self.tr("Call driver…"), self)
        self.call_button.setObjectName("panelCallDriver")
        self.call_button.setToolTip(
            self.tr("Call the driver, then record the outcome on this alarm"))
        self.call_button.clicked.connect(self._on_call_driver)
        # Two by two: the panel lives in a narrow column beside the map.
        buttons = QGridLayout()
        buttons.setHorizontalSpacing(6)
        buttons.setVerticalSpacing(4)
        buttons.addWidget(self.ack_button, 0, 0)
        buttons.addWidget(self.resolve_button, 0, 1)
        buttons.addWidget(self.message_button, 1, 0)
        buttons.addWidget(self.call_button, 1, 1)

        self.take_button = QPushButton(self.tr("Take"), self)
        self.take_button.setObjectName("panelTake")
        self.take_button.setToolTip(self.tr("Make this alarm yours: colleagues see you work it"))
        self.take_button.clicked.connect(lambda: self._emit_for_alarm(self.takeRequested))
        self.release_button = QPushButton(self.tr("Release"), self)
        self.release_button.setObjectName("panelRelease")
        self.release_button.setToolTip(self.tr("Give this alarm back to the queue, unassigned"))
        self.release_button.clicked.connect(lambda: self._emit_for_alarm(self.releaseRequested))
        self.assign_button = QPushButton(self.tr("Assign…"), self)
        self.assign_button.setObjectName("panelAssign")
        self.assign_button.setToolTip(self.tr("Give this alarm to a colleague"))
        self.assign_button.clicked.connect(lambda: self._emit_for_alarm(self.assignRequested))
        self.take_over_button = QPushButton(self.tr("Take over…"), self)
        self.take_over_button.setObjectName("panelTakeOver")
        self.take_over_button.setToolTip(self.tr(
            "Take this alarm from the colleague who owns it (recorded on its audit trail)"))
        self.take_over_button.clicked.connect(
            lambda: self._emit_for_alarm(self.takeOverRequested))
        buttons.addWidget(self.take_button, 2, 0)
        buttons.addWidget(self.take_over_button, 2, 0)
        buttons.addWidget(self.release_button, 2, 1)
        buttons.addWidget(self.assign_button, 3, 0)

        self.plan_box = QGroupBox(self.tr("Action plan"), self)
        self.plan_box.setObjectName("actionPlan")
        plan_layout = QVBoxLayout(self.plan_box)
        self.plan_title = plain_label("", self.plan_box)
        self.plan_title.setStyleSheet("font-style: italic;")
        plan_layout.addWidget(self.plan_title)
        self._steps_widget = QWidget(self.plan_box)
        self.steps_grid = QGridLayout(self._steps_widget)
        self.steps_grid.setContentsMargins(0, 0, 0, 0)
        self.steps_grid.setColumnStretch(1, 1)
        self.steps_grid.setVerticalSpacing(2)
        plan_layout.addWidget(self._steps_widget)

        self.notes_box = QGroupBox(self.tr("Notes"), self)
        self.notes_box.setObjectName("alarmNotes")
        notes_layout = QVBoxLayout(self.notes_box)
        self.notes_list = QListWidget(self.notes_box)
        self.notes_list.setObjectName("notesList")
        self.notes_list.setAccessibleName(self.tr("Notes"))
        self.notes_list.setAccessibleDescription(self.tr(
            "The alarm's notes, newest last, with who wrote them and when"))
        self.notes_list.setWordWrap(True)
        self.notes_list.setMaximumHeight(120)
        self.notes_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.note_edit = QPlainTextEdit(self.notes_box)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText(self.tr("A note for the record, at any time…"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(52)
        self.add_note_button = QPushButton(self.tr("Add note"), self.notes_box)
        self.add_note_button.setObjectName("addNote")
        self.add_note_button.setToolTip(self.tr(
            "Put this note on the alarm's record: every dispatcher sees it at once"))
        self.add_note_button.clicked.connect(self._on_add_note)
        self.note_edit.textChanged.connect(self._update_note_button)
        notes_layout.addWidget(self.notes_list)
        notes_layout.addWidget(self.note_edit)
        notes_layout.addWidget(self.add_note_button, 0, Qt.AlignmentFlag.AlignRight)

        self.notifications_box = QGroupBox(self.tr("Call list notifications"), self)
        self.notifications_box.setObjectName("alarmNotifications")
        notifications_layout = QVBoxLayout(self.notifications_box)
        self.notifications_list = QListWidget(self.notifications_box)
        self.notifications_list.setObjectName("notificationsList")
        self.notifications_list.setAccessibleName(self.tr("Call list notifications"))
        self.notifications_list.setWordWrap(True)
        self.notifications_list.setMaximumHeight(110)
        self.notifications_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        notifications_layout.addWidget(self.notifications_list)

        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.header)
        top_layout.addWidget(self.quiet_banner)
        # What to do before the facts: at 1280x720 the form pushed most of the action plan
        # out of sight. The plan follows the buttons; the form (owner, driver, where, times,
        # detail) comes after it.
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.plan_box)
        top_layout.addLayout(self.form)
        top_layout.addWidget(self.notes_box)
        top_layout.addWidget(self.notifications_box)
        top_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(top)

        self.audit_box = QGroupBox(self.tr("Audit trail"), self)
        audit_layout = QVBoxLayout(self.audit_box)
        self.audit_status = plain_label("", self.audit_box)
        self.audit_status.setObjectName("auditStatus")
        # A table, not a tree: QTableView re-wraps long lines (notes, driver messages) to the
        # column width when it changes; QTreeView would elide them.
        self.audit = QTableWidget(0, 3, self.audit_box)
        self.audit.setObjectName("auditTrail")
        self.audit.setAccessibleName(self.tr("Audit trail"))
        self.audit.setAccessibleDescription(self.tr(
            "Everything that happened to the alarm: time, who and what"))
        self.audit.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Who"), self.tr("What")])
        self.audit.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.audit.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.audit.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.audit.setWordWrap(True)
        self.audit.setShowGrid(False)
        self.audit.setAlternatingRowColors(True)
        self.audit.verticalHeader().hide()
        self.audit.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.audit.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # A name from the network can be 10,000 characters: fit contents up to a cap.
        header.setMaximumSectionSize(MAX_FITTED_COLUMN_PX)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        audit_layout.addWidget(self.audit_status)
        audit_layout.addWidget(self.audit)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("alarmPanelSplit")  # its sizes saved with the window's layout
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(scroll)
        splitter.addWidget(self.audit_box)
        # The alarm's plan and facts get the room; the audit trail keeps a few lines.
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        self.audit.setMinimumHeight(90)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.show_alarm(None, None, set())

    # ------------------------------------------------------------------ showing

    @property
    def alarm_id(self) -> str | None:
        return self.alarm.id if self.alarm else None

    def show_alarm(self, alarm: Alarm | None, plan: ActionPlan | None,
                   pending_step_ids: Iterable[str] | Mapping[str, bool] = ()) -> None:
        """Show ``alarm`` (None: nothing selected). Call again whenever it, its plan or the
        pending ticks change; a different alarm clears the audit trail until
        :meth:`show_audit` brings its own.

        ``pending_step_ids``: steps with a tick not yet on the alarm's record. A mapping
        (step id → done, from the outbox) says which way each goes; with bare ids, a tick made
        here shows as made, and one from elsewhere (a restart with a full outbox) as the
        opposite of the record, since a pending tick is a change.
        """
        pending = set(pending_step_ids)
        pending_done = dict(pending_step_ids) if isinstance(pending_step_ids, Mapping) else {}
        if (alarm is None or alarm.id != self.alarm_id) and self.alarm_id:
            draft = self.note_edit.toPlainText()
            if draft.strip():
                self._drafts[self.alarm_id] = draft
            else:
                self._drafts.pop(self.alarm_id, None)
        if alarm is not None and alarm.id != self.alarm_id:
            self.note_edit.setPlainText(self._drafts.pop(alarm.id, ""))
        elif alarm is None:
            self.note_edit.clear()
        if alarm is None or alarm.id != self.alarm_id:
            self._requested.clear()
            self.audit.setRowCount(0)
            self.audit_status.setText(self.tr("Loading the audit trail…") if alarm else "")
            self.audit_status.setVisible(alarm is not None)
        self._requested = {k: v for k, v in self._requested.items() if k in pending}
        self.alarm = alarm
        self._show_header(alarm)
        self._show_plan(alarm, plan, pending, pending_done)
        is_open = alarm is not None and alarm.state is AlarmState.OPEN
        unresolved = alarm is not None and alarm.state is not AlarmState.RESOLVED
        self.ack_button.setEnabled(is_open)
        self.resolve_button.setEnabled(unresolved)
        has_driver = alarm is not None and self._driver_of(alarm.trailer_id) is not None
        self.message_button.setEnabled(has_driver)
        self.call_button.setEnabled(has_driver)
        quiet = alarm is not None and is_quiet(alarm)
        # A quiet alarm offers nothing that reaches the driver: whoever holds them may see the
        # app or hear the phone. Carrier security decides (the plan's first step).
        self.quiet_banner.setVisible(quiet)
        self.message_button.setVisible(not quiet)
        self.call_button.setVisible(not quiet)
        self._show_owner(alarm, unresolved)
        self._show_notes(alarm)
        self._show_notifications(alarm)

    def set_username(self, username: str | None) -> None:
        """The signed-in dispatcher (None when signed out), for the owner buttons."""
        self.username = username
        self._show_owner(self.alarm, self.alarm is not None
                         and self.alarm.state is not AlarmState.RESOLVED)

    def _show_owner(self, alarm: Alarm | None, unresolved: bool) -> None:
        owner = alarm.owner if alarm is not None else None
        mine = bool(owner) and owner == self.username
        colleague = bool(owner) and not mine
        signed_in = self.username is not None
        self.take_button.setVisible(not colleague)
        self.take_button.setEnabled(unresolved and signed_in and not owner)
        self.take_over_button.setVisible(colleague)
        self.take_over_button.setEnabled(unresolved and signed_in and colleague)
        self.release_button.setEnabled(unresolved and signed_in and mine)
        self.assign_button.setEnabled(unresolved and signed_in and not colleague)
        if alarm is None:
            return
        if owner:
            text = self.tr("{who} since {clock}").format(
                who=self.tr("you ({who})").format(who=isolate(owner)) if mine else isolate(owner),
                clock=clock_text(alarm.owned_at))
        else:
            text = self.tr("nobody — unassigned")
        self.fields["Owner"].setText(text)
        self.fields["Owner"].setStyleSheet("font-weight: bold;" if owner else "")

    def _show_notes(self, alarm: Alarm | None) -> None:
        notes = alarm.notes if alarm is not None else []
        self.notes_box.setVisible(alarm is not None)
        self.notes_list.clear()
        for note in notes:
            item = QListWidgetItem(self.tr("{clock} · {who}: {text}").format(
                clock=clock_text(note.at), who=isolate(note.by), text=isolate(note.text)))
            item.setToolTip(plain_tooltip(note.text))
            self.notes_list.addItem(item)
        if not notes:
            self.notes_list.addItem(self.tr("No notes yet."))
        self.notes_list.scrollToBottom()
        self._update_note_button()

    def _show_notifications(self, alarm: Alarm | None) -> None:
        sent = alarm.notifications if alarm is not None else []
        self.notifications_box.setVisible(bool(sent))
        self.notifications_list.clear()
        for notification in sent:
            item = QListWidgetItem(f"{clock_text(notification.at)} · "
                                   f"{notification_text(notification.model_dump(mode='json'))}")
            item.setForeground(QBrush(QColor(NOTIFICATION_STATUS_COLORS.get(
                notification.status, color("info")))))
            self.notifications_list.addItem(item)

    # ------------------------------------------------------------------ notes

    def note_text(self) -> str:
        """The note typed in the Add note box (stripped)."""
        return self.note_edit.toPlainText().strip()

    def note_added(self, alarm_id: str) -> None:
        """The desk took the note for ``alarm_id``: empty the box (if it still shows it)."""
        if alarm_id == self.alarm_id:
            self.note_edit.clear()
        self._drafts.pop(alarm_id, None)

    @Slot()
    def _update_note_button(self) -> None:
        self.add_note_button.setEnabled(self.alarm is not None and bool(self.note_text()))

    @Slot()
    def _on_add_note(self) -> None:
        if self.alarm is not None and self.note_text():
            self.noteSubmitted.emit(self.alarm.id, self.note_text())

    def _emit_for_alarm(self, signal: Any) -> None:
        if self.alarm is not None:
            signal.emit(self.alarm.id)

    def _show_header(self, alarm: Alarm | None) -> None:
        f = self.fields
        if alarm is None:
            self.title.setText(self.tr("Select an alarm in the queue."))
            self._set_header_colour(None)
            for label in f.values():
                label.setText("—")
            return
        self.title.setText(self.tr("{priority} · {alarm} · trailer {trailer}").format(
            priority=priority_label(alarm.priority), alarm=alarm_label(alarm),
            trailer=isolate(alarm.trailer_id)))
        self._set_header_colour(ref(PRIORITY_COLORS.role(alarm.priority)))
        f["Driver"].setText(self._driver_text(alarm.trailer_id))
        f["Where"].setText(where_text(alarm.position))
        raised = clock_text(alarm.raised_at)
        if alarm.count > 1:
            raised += " " + self.tr("(last repeat {clock})").format(
                clock=clock_text(alarm.last_at))
        f["Raised"].setText(raised)
        f["State"].setText(alarm_state_label(alarm.state))
        f["Acknowledged"].setText(self.tr("by {who} at {clock}").format(
            who=isolate(alarm.acknowledged_by), clock=clock_text(alarm.acknowledged_at))
            if alarm.acknowledged_by else self.tr("not yet"))
        f["Ack note"].setText(isolate(alarm.ack_note) if alarm.ack_note else "—")
        f["Escalation"].setText(self.tr("level {level} since {clock}").format(
            level=alarm.escalation_level, clock=clock_text(alarm.escalated_at))
            if alarm.escalation_level else self.tr("not escalated"))
        if alarm.resolved_by:
            resolved = self.tr("{outcome} — by {who} at {clock}").format(
                outcome=outcome_label(alarm.outcome), who=isolate(alarm.resolved_by),
                clock=clock_text(alarm.resolved_at))
            if alarm.resolve_note:
                resolved += f"\n{isolate(alarm.resolve_note)}"
        else:
            resolved = self.tr("not yet")
        f["Resolved"].setText(resolved)
        f["Detail"].setText(isolate(alarm.detail) if alarm.detail else "—")

    def _set_header_colour(self, colour: str | None) -> None:
        # The colour repeats the priority word in the title; it is never the only cue.
        # ``colour``: a style template's field (widgets/theme.py ref()), or None.
        set_style(self.header,
                  "QFrame#alarmHeader {{ border: 1px solid palette(mid); border-left: 6px solid "
                  + (colour or "palette(mid)") + "; background: palette(base); }}")

    @Slot()
    def on_theme_changed(self) -> None:
        """The notifications' colours in the new theme (style sheets follow by themselves)."""
        self._show_notifications(self.alarm)

    def _driver_of(self, trailer_id: str) -> Driver | None:
        state = self.store.state if self.store is not None else None
        if state is None:
            return None
        trailer = state.trailers.get(trailer_id)
        return state.drivers.get(trailer.driver_id or "") if trailer else None

    def _driver_text(self, trailer_id: str) -> str:
        state = self.store.state if self.store is not None else None
        if state is None:
            return "—"
        driver = self._driver_of(trailer_id)
        if driver is None:
            return self.tr("no driver assigned")
        app = self.tr("app online") if driver.app_online else self.tr("app offline")
        return f"{isolate(driver.name)} · {isolate(driver.phone)} · {app}"

    # ------------------------------------------------------------------ the checklist

    def _show_plan(self, alarm: Alarm | None, plan: ActionPlan | None, pending: set[str],
                   pending_done: dict[str, bool]) -> None:
        if alarm is None:
            self._rebuild_steps([])
            self.plan_title.setText("")
            self.plan_box.setVisible(False)
            return
        self.plan_box.setVisible(True)
        on_record = {s.step_id: s for s in alarm.steps}
        rows: list[tuple[str, str, str]] = []
        if plan is not None:
            rows = [(s.step_id, s.label, s.hint) for s in plan.steps]
        # Steps on the record that the plan no longer has (the file was edited, or another
        # console has a different plan): still shown, the record must not hide anything.
        planned = {r[0] for r in rows}
        rows += [(s.step_id, s.label, "") for s in alarm.steps if s.step_id not in planned]
        self.plan_title.setText(plan.title if plan is not None
                                else self.tr("No action plan for this alarm type."))
        if [r[0] for r in rows] != list(self.step_boxes):
            self._rebuild_steps(rows)
        editable = alarm.state is not AlarmState.RESOLVED
        for step_id, label, hint in rows:
            box = self.step_boxes[step_id]
            record = on_record.get(step_id)
            done = record.done if record else False
            if step_id in pending:
                done = pending_done.get(step_id, self._requested.get(step_id, not done))
            box.setChecked(done)
            box.setEnabled(editable)
            self.step_labels[step_id].setText(isolate(label))
            self.step_label_text[step_id] = label
            tip = plain_tooltip(hint)
            box.setToolTip(tip)
            self.step_labels[step_id].setToolTip(tip)
            self._set_meta(step_id, record, step_id in pending)

    def _rebuild_steps(self, rows: list[tuple[str, str, str]]) -> None:
        while (item := self.steps_grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.hide()
                widget.deleteLater()
        self.step_boxes.clear()
        self.step_labels.clear()
        self.step_label_text.clear()
        self.step_meta.clear()
        for i, (step_id, label, _hint) in enumerate(rows):
            box = QCheckBox(self._steps_widget)
            box.setObjectName(f"step_{step_id}")
            box.setAccessibleName(isolate(label))
            box.clicked.connect(partial(self._on_step_clicked, step_id))
            cell = QWidget(self._steps_widget)
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 2)
            column.setSpacing(0)
            text = plain_label(isolate(label), cell, selectable=False)
            text.installEventFilter(_ClickToToggle(box, text))
            meta = plain_label("", cell, selectable=False)
            meta.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
            column.addWidget(text)
            column.addWidget(meta)
            self.steps_grid.addWidget(box, i, 0, Qt.AlignmentFlag.AlignTop)
            self.steps_grid.addWidget(cell, i, 1)
            self.step_boxes[step_id] = box
            self.step_labels[step_id] = text
            self.step_meta[step_id] = meta

    def _set_meta(self, step_id: str, record: AlarmStep | None, pending: bool) -> None:
        meta = self.step_meta[step_id]
        if pending:
            text = QCoreApplication.translate("AlarmPanel", SENDING)
        elif record is not None:
            text = (self.tr("done by {who} at {clock}") if record.done
                    else self.tr("unticked by {who} at {clock}")).format(
                who=isolate(record.by), clock=clock_text(record.at))
        else:
            text = ""
        meta.setText(text)
        meta.setVisible(bool(text))

    def _on_step_clicked(self, step_id: str, *_args: object) -> None:
        # The state is read from the box: PySide may call a partial without clicked's argument.
        if self.alarm is None or step_id not in self.step_boxes:
            return
        checked = self.step_boxes[step_id].isChecked()
        label = self.step_label_text[step_id]  # as the plan says it, never elided nor isolated
        self._requested[step_id] = checked
        meta = self.step_meta[step_id]
        meta.setText(QCoreApplication.translate("AlarmPanel", SENDING))
        meta.setVisible(True)
        self.stepToggled.emit(self.alarm.id, step_id, label, checked)

    # ------------------------------------------------------------------ the audit trail

    def show_audit(self, audit: AlarmAudit) -> bool:
        """Show the audit trail of the alarm on show; an audit of another alarm (a slow fetch
        that lost the race with a new selection) is ignored. Returns whether it was shown."""
        if audit.alarm.id != self.alarm_id:
            return False
        lines = [describe_event(event) for event in audit.events]
        self.audit.setRowCount(0)
        self.audit.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = [QTableWidgetItem(clock_text(line.at)), QTableWidgetItem(line.who),
                     QTableWidgetItem(line.what)]
            if line.at is not None:
                cells[0].setToolTip(local_datetime(line.at))
            cells[1].setToolTip(plain_tooltip(line.who))
            cells[2].setToolTip(plain_tooltip(line.what))
            for col, cell in enumerate(cells):
                cell.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                self.audit.setItem(row, col, cell)
        self.audit_status.setText(
            "" if audit.events else self.tr("No events logged for this alarm."))
        self.audit_status.setVisible(not audit.events)
        if audit.events:
            self.audit.scrollToBottom()
        return True

    def show_audit_error(self, text: str) -> None:
        """The audit trail could not be fetched (offline): say so instead of an empty list."""
        self.audit_status.setText(text)
        self.audit_status.setVisible(True)

    # ------------------------------------------------------------------ buttons

    @Slot()
    def _on_ack(self) -> None:
        if self.alarm is not None:
            self.acknowledgeRequested.emit(self.alarm.id)

    @Slot()
    def _on_resolve(self) -> None:
        if self.alarm is not None:
            self.resolveRequested.emit(self.alarm.id)

    @Slot()
    def _on_message_driver(self) -> None:
        if self.alarm is not None:
            self.messageDriverRequested.emit(self.alarm.id)

    @Slot()
    def _on_call_driver(self) -> None:
        if self.alarm is not None:
            self.callDriverRequested.emit(self.alarm.id)
