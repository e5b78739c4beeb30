"""The carrier's alarm policies and call lists, edited in the console and saved to the cloud.

The cloud keeps one :class:`~opticallock.protocol.EscalationPolicies` per carrier, versioned:
every save is a new version on the log (``policies_changed``), and a save names the version it
was based on, so two dispatchers editing at once cannot overwrite each other unseen (409).

:class:`PoliciesEditor` holds the dispatcher's *working copy*: plain drafts
(:class:`PolicyDraft`, :class:`EntryDraft`) that may be invalid while they are typed, checked
by :func:`validate` with the cloud's own rules (so Save is offered only when the cloud would
take it; the cloud's 422 is still said, naming the bad entry). A save that meets a newer
version reloads the cloud's and keeps the dispatcher's edits: they can be saved again over it
or discarded. A new version on the stream replaces an untouched working copy at once and is
announced over an edited one.

Two Qt models show the working copy: :class:`PolicyTypesModel` (the alarm types, with their
names, priority colours and whether something in them needs fixing) and
:class:`CallListModel` (one type's call list, editable cell by cell). QtCore only.
"""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, ClassVar

import httpx
from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from console.alarms.labels import alarm_type_label, priority_color, priority_label
from console.alarms.times import local_time
from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from console.fleet.store import FleetStore
from console.link.api import ApiError, CloudApi, Conflict, MalformedAnswer
from console.link.client import AuthError, CloudUnavailable
from console.palette import color
from console.tables import ColumnTableModel
from console.tasks import TaskSet
from console.text import isolate
from opticallock.protocol import (
    ALARM_PRIORITY,
    AlarmPolicy,
    AlarmType,
    CallListEntry,
    Channel,
    ContactRole,
    EscalationPolicies,
    PoliciesChangedEvent,
    PoliciesUpdate,
)

log = logging.getLogger(__name__)

CONTEXT = "AlarmPolicies"

# The cloud's rules (opticallock.protocol.AlarmPolicy, CallListEntry), said once here.
#: Acknowledge within: 30 s to 24 h.
MIN_ACK_WITHIN_S = 30.0
MAX_ACK_WITHIN_S = 86_400.0
#: A call-list entry's delay after the alarm: 0 s to 24 h.
MAX_DELAY_S = 86_400.0
#: At most this many entries on one call list.
MAX_ENTRIES = 10
MAX_NAME_CHARS = 80
MAX_ADDRESS_CHARS = 200
#: A type the cloud has no policy for starts with this acknowledge-within time.
DEFAULT_ACK_WITHIN_S = 300.0

#: Phone numbers: "+" and 7 to 15 digits (E.164), after the spaces, dashes, dots and
#: parentheses people type are taken out.
PHONE = re.compile(r"\+[0-9]{7,15}")
_PHONE_SEPARATORS = re.compile(r"[\s\-.()/]")
#: An e-mail address: something, one "@", a domain with a dot; no spaces.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

ROLE_NAMES: TranslatedNames[ContactRole] = TranslatedNames(CONTEXT, {
    ContactRole.DISPATCHER_ON_DUTY: QT_TRANSLATE_NOOP("AlarmPolicies", "Dispatcher on duty"),
    ContactRole.SUPERVISOR: QT_TRANSLATE_NOOP("AlarmPolicies", "Supervisor"),
    ContactRole.CARRIER_SECURITY: QT_TRANSLATE_NOOP("AlarmPolicies", "Carrier security"),
    ContactRole.CUSTOMER: QT_TRANSLATE_NOOP("AlarmPolicies", "Customer"),
})

CHANNEL_NAMES: TranslatedNames[Channel] = TranslatedNames(CONTEXT, {
    Channel.CALL: QT_TRANSLATE_NOOP("AlarmPolicies", "Call"),
    Channel.SMS: QT_TRANSLATE_NOOP("AlarmPolicies", "SMS"),
    Channel.EMAIL: QT_TRANSLATE_NOOP("AlarmPolicies", "E-mail"),
})


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# ---------------------------------------------------------------------- the working copy


@dataclass
class EntryDraft:
    """One call-list entry as typed (possibly invalid)."""

    role: ContactRole = ContactRole.SUPERVISOR
    name: str = ""
    channel: Channel = Channel.CALL
    address: str = ""
    delay_s: float = 0.0

    @classmethod
    def of(cls, entry: CallListEntry) -> EntryDraft:
        return cls(entry.role, entry.name, entry.channel, entry.address, entry.delay_s)

    def to_entry(self) -> CallListEntry:
        """The entry to send (call :func:`validate` first: this raises on invalid data)."""
        return CallListEntry(role=self.role, name=self.name.strip(), channel=self.channel,
                             address=normal_address(self.channel, self.address),
                             delay_s=self.delay_s)


@dataclass
class PolicyDraft:
    """One alarm type's policy as typed (possibly invalid)."""

    alarm_type: AlarmType
    ack_within_s: float = DEFAULT_ACK_WITHIN_S
    covert: bool = False
    call_list: list[EntryDraft] = field(default_factory=list)

    @classmethod
    def of(cls, policy: AlarmPolicy) -> PolicyDraft:
        return cls(policy.alarm_type, policy.ack_within_s, policy.covert,
                   [EntryDraft.of(e) for e in policy.call_list])

    def to_policy(self) -> AlarmPolicy:
        return AlarmPolicy(alarm_type=self.alarm_type, ack_within_s=self.ack_within_s,
                           covert=self.covert, call_list=[e.to_entry() for e in self.call_list])


def drafts_of(policies: EscalationPolicies | None) -> list[PolicyDraft]:
    """A draft for every alarm type, in the protocol's order: the cloud's policy where it has
    one, else the default (a duress alarm is covert by nature)."""
    known = {p.alarm_type: p for p in policies.policies} if policies is not None else {}
    drafts = []
    for alarm_type in AlarmType:
        policy = known.get(alarm_type)
        drafts.append(PolicyDraft.of(policy) if policy is not None else PolicyDraft(
            alarm_type, covert=alarm_type is AlarmType.DURESS))
    return drafts


def normal_address(channel: Channel, address: str) -> str:
    """The address as sent: a phone number without the separators people type in it."""
    address = address.strip()
    if channel in (Channel.CALL, Channel.SMS):
        return _PHONE_SEPARATORS.sub("", address)
    return address


# ---------------------------------------------------------------------- validation


class ProblemField(IntEnum):
    """What a problem is about."""

    ACK_WITHIN = 0
    CALL_LIST = 1
    NAME = 2
    ADDRESS = 3
    DELAY = 4


@dataclass(frozen=True)
class Problem:
    """Something the cloud would refuse: in ``alarm_type``'s policy, on call-list ``row``
    (None: the policy itself), in ``field``, said in ``message``."""

    alarm_type: AlarmType
    row: int | None
    field: ProblemField
    message: str


def entry_problems(entry: EntryDraft) -> dict[ProblemField, str]:
    """What is wrong with one entry, per field (empty when the cloud would take it)."""
    found: dict[ProblemField, str] = {}
    name = entry.name.strip()
    if not name:
        found[ProblemField.NAME] = _tr("Name whom to reach.")
    elif len(name) > MAX_NAME_CHARS:
        found[ProblemField.NAME] = _tr("At most {n} characters.").format(n=MAX_NAME_CHARS)
    address = normal_address(entry.channel, entry.address)
    if entry.channel in (Channel.CALL, Channel.SMS):
        if not address:
            found[ProblemField.ADDRESS] = _tr("A phone number is needed.")
        elif not PHONE.fullmatch(address):
            found[ProblemField.ADDRESS] = _tr(
                "A phone number is \"+\" and 7 to 15 digits, e.g. +34600123456.")
    elif not address:
        found[ProblemField.ADDRESS] = _tr("An e-mail address is needed.")
    elif len(address) > MAX_ADDRESS_CHARS or not EMAIL.fullmatch(address):
        found[ProblemField.ADDRESS] = _tr("Not an e-mail address (name@example.com).")
    if not 0.0 <= entry.delay_s <= MAX_DELAY_S:
        found[ProblemField.DELAY] = _tr("A delay is 0 to 24 hours.")
    return found


def policy_problems(policy: PolicyDraft) -> list[Problem]:
    """What is wrong with one alarm type's policy (empty when the cloud would take it)."""
    t = policy.alarm_type
    found = []
    if not MIN_ACK_WITHIN_S <= policy.ack_within_s <= MAX_ACK_WITHIN_S:
        found.append(Problem(t, None, ProblemField.ACK_WITHIN,
                             _tr("Acknowledge within 30 seconds to 24 hours.")))
    if len(policy.call_list) > MAX_ENTRIES:
        found.append(Problem(t, None, ProblemField.CALL_LIST,
                             _tr("At most {n} people on a call list.").format(n=MAX_ENTRIES)))
    for row, entry in enumerate(policy.call_list):
        found.extend(Problem(t, row, f, m) for f, m in entry_problems(entry).items())
    return found


def validate(policies: list[PolicyDraft]) -> list[Problem]:
    """Every problem in the working copy, with the cloud's rules; empty: it can be saved."""
    return [p for policy in policies for p in policy_problems(policy)]


# ---------------------------------------------------------------------- words


def saved_clock(ts: float | None) -> str:
    """"14:02 CST", with the date when it is not today: in the dispatcher's zone, named, as
    every alarm time is (console/alarms/times.py)."""
    return local_time(ts, seconds=False)


def version_text(policies: EscalationPolicies | None) -> str:
    """"Version 4, saved by ana at 14:02 (CET)"."""
    if policies is None:
        return _tr("Not loaded yet")
    if policies.updated_by is None or policies.updated_at is None:
        return _tr("Version {n}, the cloud's defaults").format(n=policies.version)
    return _tr("Version {n}, saved by {who} at {clock}").format(
        n=policies.version, who=isolate(policies.updated_by),
        clock=saved_clock(policies.updated_at))


# ---------------------------------------------------------------------- the editor


class PoliciesEditor(QObject):
    """The dispatcher's working copy of the carrier's policies, loaded from and saved to the
    cloud (see the module's notes).

    Signals:
        loaded(): the working copy was replaced (loaded, saved, discarded, or a new version
            adopted); views re-read everything.
        edited(): the working copy changed (a field, an entry added, moved or removed); the
            problems and whether it can be saved may have changed.
        busyChanged(bool): a load or save is under way / its answer came.
        saved(object): the cloud took this console's save: the new EscalationPolicies.
        conflict(str): somebody saved first; the cloud's version is now the base, the edits are
            kept (save again to apply them over it, or discard them). Said in plain words.
        newerVersion(str): a new version arrived on the stream while the copy was edited.
        failed(str): a load or save did not happen, in plain words (the cloud's 422 included).
    """

    loaded = Signal()
    edited = Signal()
    busyChanged = Signal(bool)
    saved = Signal(object)
    conflict = Signal(str)
    newerVersion = Signal(str)
    failed = Signal(str)

    def __init__(self, store: FleetStore, api: CloudApi | None = None, *,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.api = api
        #: The cloud's version the working copy is based on (a save sends its number).
        self.base: EscalationPolicies | None = None
        self.drafts: list[PolicyDraft] = drafts_of(None)
        #: The working copy differs from ``base``.
        self.dirty = False
        #: A newer version seen on the stream while the copy was edited (saving will meet it).
        self.newer: EscalationPolicies | None = None
        self.busy = False
        self._tasks = TaskSet(log)
        store.eventsApplied.connect(self._on_events)
        store.reset.connect(self._on_reset)
        self._adopt_from_store()

    # ------------------------------------------------------------------ reading

    def draft(self, alarm_type: AlarmType) -> PolicyDraft:
        return next(d for d in self.drafts if d.alarm_type is alarm_type)

    def problems(self) -> list[Problem]:
        return validate(self.drafts)

    def can_save(self) -> bool:
        return (self.api is not None and self.base is not None and not self.busy
                and not self.problems())

    # ------------------------------------------------------------------ editing

    def touch(self) -> None:
        """Say the working copy was edited (the models call it after each change)."""
        self.dirty = True
        self.edited.emit()

    def set_ack_within(self, alarm_type: AlarmType, seconds: float) -> None:
        self.draft(alarm_type).ack_within_s = seconds
        self.touch()

    def set_covert(self, alarm_type: AlarmType, covert: bool) -> None:
        self.draft(alarm_type).covert = covert
        self.touch()

    def rebase(self, theirs: EscalationPolicies) -> None:
        """Put the dispatcher's edits on top of a newer version: the alarm types edited here
        keep their working copy, every other type takes ``theirs``; the copy stays edited
        (saving it again applies the edits, :meth:`discard` drops them)."""
        before = {d.alarm_type: d for d in drafts_of(self.base)}
        mine = [d for d in self.drafts if d != before[d.alarm_type]]
        edited = {d.alarm_type: d for d in mine}
        self.base = theirs
        self.newer = None
        self.drafts = [edited.get(d.alarm_type, d) for d in drafts_of(theirs)]
        self.dirty = True
        self.loaded.emit()
        self.edited.emit()

    def discard(self) -> None:
        """Drop the edits: the working copy is the cloud's newest version again."""
        newest = self.newer or self.base
        self._adopt(newest)

    # ------------------------------------------------------------------ the cloud

    def start_loading(self) -> None:
        """Load the cloud's version in the background (the dialog opening); ``busy`` from now
        until it is loaded."""
        self._set_busy(True)
        self._tasks.spawn_when_running(self.load(), "loading alarm policies", context=self)

    def start_saving(self) -> None:
        """Save in the background (the Save button); the outcome comes as a signal."""
        self._tasks.spawn_when_running(self.save(), "saving alarm policies", context=self)

    def stop(self) -> None:
        self._tasks.cancel()
        self.api = None

    async def load(self) -> EscalationPolicies | None:
        """Replace the working copy with the cloud's version (None, said, when it fails)."""
        api = self.api
        if api is None:
            self.failed.emit(_tr("Not signed in: the policies cannot be loaded."))
            return None
        self._set_busy(True)
        try:
            answer = await api.policies()
        except (ApiError, AuthError, CloudUnavailable, httpx.HTTPError) as exc:
            self.failed.emit(_tr("The policies could not be loaded: {error}").format(
                error=isolate(getattr(exc, "message", str(exc)))))
            return None
        finally:
            self._set_busy(False)
        if self.dirty:
            # Edited while it was loading (from the store's copy): keep the edits.
            self._follow(answer)
        else:
            self._adopt(answer)
        return answer

    async def save(self) -> EscalationPolicies | None:
        """Save the working copy as the next version (None when it was not saved: the reason
        is on ``failed`` or ``conflict``)."""
        api, base = self.api, self.base
        if api is None or base is None:
            self.failed.emit(_tr("Not signed in: the policies were not saved."))
            return None
        problems = self.problems()
        if problems:
            self.failed.emit(_tr("Fix what is marked first: {problem}").format(
                problem=problems[0].message))
            return None
        body = PoliciesUpdate(base_version=base.version,
                              policies=[d.to_policy() for d in self.drafts])
        self._set_busy(True)
        try:
            answer = await api.update_policies(body)
        except Conflict as exc:
            await self._after_conflict(api, exc)
            return None
        except MalformedAnswer:
            # Taken (2xx); the new version comes on the stream and is adopted from there.
            self.dirty = False
            self.failed.emit(_tr("Saved, but the cloud's answer could not be read; the new "
                                 "version shows in a moment."))
            return None
        except ApiError as exc:
            self.failed.emit(_tr("The cloud refused the policies: {reason}").format(
                reason=isolate(exc.message)))
            return None
        except (AuthError, CloudUnavailable, httpx.HTTPError) as exc:
            self.failed.emit(_tr("The policies were not saved ({error}). Your edits are kept; "
                                 "try again.").format(error=isolate(str(exc))))
            return None
        finally:
            self._set_busy(False)
        self._adopt(answer)
        self.saved.emit(answer)
        return answer

    async def _after_conflict(self, api: CloudApi, exc: Conflict) -> None:
        theirs: EscalationPolicies | None = None
        with contextlib.suppress(ApiError, AuthError, CloudUnavailable, httpx.HTTPError):
            theirs = await api.policies()
        if theirs is None:
            theirs = self.newer or self._store_policies()
        if theirs is None or self.base is None or theirs.version <= self.base.version:
            self.failed.emit(_tr("Somebody saved first: {reason}").format(
                reason=isolate(exc.message)))
            return
        message = self._newer_text(theirs, _tr(
            "{who} saved version {n} at {clock} first{changed}. Your edits are kept on top of "
            "it: save again to apply them, or discard them to take that version."))
        self.rebase(theirs)
        self.conflict.emit(message)

    def _newer_text(self, theirs: EscalationPolicies, template: str) -> str:
        changed = changed_types(self.base, theirs)
        names = ", ".join(alarm_type_label(t) for t in changed)
        return template.format(
            who=isolate(theirs.updated_by or "?"), n=theirs.version,
            clock=saved_clock(theirs.updated_at),
            changed=_tr(" (changed: {types})").format(types=names) if names else "")

    # ------------------------------------------------------------------ following the log

    def _store_policies(self) -> EscalationPolicies | None:
        return None if self.store.state is None else self.store.state.policies

    def _on_reset(self) -> None:
        self._adopt_from_store()

    def _on_events(self, events: list[Any]) -> None:
        for event in events:
            if isinstance(event, PoliciesChangedEvent):
                self._follow(event.policies)

    def _adopt_from_store(self) -> None:
        policies = self._store_policies()
        if policies is not None:
            self._follow(policies)

    def _follow(self, policies: EscalationPolicies) -> None:
        if self.base is not None and policies.version <= self.base.version:
            return  # this console's own save, or an older state
        if not self.dirty:
            self._adopt(policies)
            return
        if self.newer is not None and policies.version <= self.newer.version:
            return
        message = self._newer_text(policies, _tr(
            "{who} saved version {n} at {clock} while you were editing{changed}. Saving "
            "will ask what to do with your edits."))
        self.newer = policies
        self.newerVersion.emit(message)

    def _adopt(self, policies: EscalationPolicies | None) -> None:
        self.base = policies
        self.newer = None
        self.drafts = drafts_of(policies)
        self.dirty = False
        self.loaded.emit()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busyChanged.emit(busy)


def changed_types(before: EscalationPolicies | None, after: EscalationPolicies
                  ) -> list[AlarmType]:
    """The alarm types whose policy differs between two versions, in the protocol's order."""
    old = {d.alarm_type: d for d in drafts_of(before)}
    new = {d.alarm_type: d for d in drafts_of(after)}
    return [t for t in AlarmType if old[t] != new[t]]


# ---------------------------------------------------------------------- Qt models


class PolicyRole(IntEnum):
    """Roles of both models beyond Qt's own."""

    #: The AlarmType of a row (PolicyTypesModel).
    ALARM_TYPE = Qt.ItemDataRole.UserRole + 1
    #: The problem in this cell or row, in words (None: none).
    PROBLEM = Qt.ItemDataRole.UserRole + 2
    #: [(value, label)] to choose from, for a cell edited with a list (CallListModel).
    CHOICES = Qt.ItemDataRole.UserRole + 3


ModelIndex = QModelIndex | QPersistentModelIndex
_COLOR_ROLES = {"PROBLEM_COLOR": "error", "PROBLEM_BACKGROUND": "problem_bg"}


def __getattr__(name: str) -> str:
    # PROBLEM_COLOR and PROBLEM_BACKGROUND: the palette's colours in force when read.
    if name in _COLOR_ROLES:
        return color(_COLOR_ROLES[name])
    raise AttributeError(name)



class PolicyTypesModel(QAbstractListModel):
    """The alarm types, each with its name, its priority's colour (decoration) and word
    (tooltip), marked when something in its policy needs fixing."""

    def __init__(self, editor: PoliciesEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._types = list(AlarmType)
        editor.loaded.connect(self._on_changed)
        editor.edited.connect(self._on_changed)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._types)

    def alarm_type_at(self, row: int) -> AlarmType | None:
        return self._types[row] if 0 <= row < len(self._types) else None

    def row_of(self, alarm_type: AlarmType) -> int:
        return self._types.index(alarm_type)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._types):
            return None
        alarm_type = self._types[index.row()]
        priority = ALARM_PRIORITY.get(alarm_type)
        if role == Qt.ItemDataRole.DisplayRole:
            name = alarm_type_label(alarm_type)
            return f"{name}  ⚠" if policy_problems(self.editor.draft(alarm_type)) else name
        if role == Qt.ItemDataRole.DecorationRole and priority is not None:
            return QColor(priority_color(priority))
        if role == Qt.ItemDataRole.ToolTipRole:
            problems = policy_problems(self.editor.draft(alarm_type))
            word = priority_label(priority) if priority is not None else ""
            if problems:
                return _tr("{priority} — to fix: {problem}").format(
                    priority=word, problem=problems[0].message)
            return word
        if role == PolicyRole.ALARM_TYPE:
            return alarm_type
        if role == PolicyRole.PROBLEM:
            problems = policy_problems(self.editor.draft(alarm_type))
            return problems[0].message if problems else None
        return None

    def _on_changed(self) -> None:
        if self._types:
            self.dataChanged.emit(self.index(0), self.index(len(self._types) - 1))


class CallListColumn(IntEnum):
    ROLE = 0
    NAME = 1
    CHANNEL = 2
    ADDRESS = 3
    DELAY = 4


_COLUMN_FIELD = {CallListColumn.NAME: ProblemField.NAME,
                 CallListColumn.ADDRESS: ProblemField.ADDRESS,
                 CallListColumn.DELAY: ProblemField.DELAY}


class CallListModel(ColumnTableModel):
    """One alarm type's call list in the working copy, edited in place: role and channel
    from their choices (:attr:`PolicyRole.CHOICES`), name and address as text, the delay in
    minutes. A cell the cloud would refuse says why (:attr:`PolicyRole.PROBLEM`, tooltip)."""

    COLUMNS = CallListColumn
    CONTEXT = CONTEXT
    HEADERS: ClassVar[dict[Any, str]] = {
        CallListColumn.ROLE: QT_TRANSLATE_NOOP("AlarmPolicies", "Role"),
        CallListColumn.NAME: QT_TRANSLATE_NOOP("AlarmPolicies", "Name"),
        CallListColumn.CHANNEL: QT_TRANSLATE_NOOP("AlarmPolicies", "Channel"),
        CallListColumn.ADDRESS: QT_TRANSLATE_NOOP("AlarmPolicies", "Phone or e-mail"),
        CallListColumn.DELAY: QT_TRANSLATE_NOOP("AlarmPolicies", "After (min)"),
    }
    TOOLTIPS: ClassVar[dict[Any, str]] = {
        CallListColumn.DELAY: QT_TRANSLATE_NOOP(
            "AlarmPolicies", "Minutes after the alarm, while nobody has acknowledged it"),
    }

    def __init__(self, editor: PoliciesEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.alarm_type: AlarmType = next(iter(AlarmType))
        editor.loaded.connect(self._on_loaded)

    # ------------------------------------------------------------------ reading

    @property
    def entries(self) -> list[EntryDraft]:
        return self.editor.draft(self.alarm_type).call_list

    def row_count(self) -> int:
        return len(self.entries)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            # The row's number: problems are said by it ("Row 2, ...").
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.row_count():
                return str(section + 1)
            return None
        return super().headerData(section, orientation, role)

    def set_alarm_type(self, alarm_type: AlarmType) -> None:
        self.beginResetModel()
        self.alarm_type = alarm_type
        self.endResetModel()

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.row_count():
            return None
        entry = self.entries[index.row()]
        column = CallListColumn(index.column())
        problem = entry_problems(entry).get(_COLUMN_FIELD.get(column, ProblemField.CALL_LIST))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(entry, column)
        if role == PolicyRole.PROBLEM:
            return problem
        if role == Qt.ItemDataRole.ToolTipRole:
            # The problem, else the whole name or address (a long one is elided in its cell).
            if problem:
                return problem
            return self._display(entry, column) if column in (
                CallListColumn.NAME, CallListColumn.ADDRESS) else None
        if role == Qt.ItemDataRole.BackgroundRole and problem:
            return QColor(color("problem_bg"))
        if role == PolicyRole.CHOICES:
            if column is CallListColumn.ROLE:
                return [(r.value, ROLE_NAMES[r]) for r in ROLE_NAMES]
            if column is CallListColumn.CHANNEL:
                return [(c.value, CHANNEL_NAMES[c]) for c in CHANNEL_NAMES]
        return None

    @staticmethod
    def _display(entry: EntryDraft, column: CallListColumn) -> str:
        match column:
            case CallListColumn.ROLE:
                return ROLE_NAMES[entry.role]
            case CallListColumn.NAME:
                return isolate(entry.name)
            case CallListColumn.CHANNEL:
                return CHANNEL_NAMES[entry.channel]
            case CallListColumn.ADDRESS:
                return isolate(entry.address)
            case CallListColumn.DELAY:
                return _minutes_text(entry.delay_s)

    @staticmethod
    def _edit_value(entry: EntryDraft, column: CallListColumn) -> Any:
        match column:
            case CallListColumn.ROLE:
                return entry.role.value
            case CallListColumn.NAME:
                return entry.name
            case CallListColumn.CHANNEL:
                return entry.channel.value
            case CallListColumn.ADDRESS:
                return entry.address
            case CallListColumn.DELAY:
                return entry.delay_s / 60.0

    # ------------------------------------------------------------------ editing

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or not 0 <= index.row() < self.row_count()):
            return False
        entry = self.entries[index.row()]
        try:
            match CallListColumn(index.column()):
                case CallListColumn.ROLE:
                    entry.role = ContactRole(value)
                case CallListColumn.NAME:
                    entry.name = str(value)
                case CallListColumn.CHANNEL:
                    entry.channel = Channel(value)
                case CallListColumn.ADDRESS:
                    entry.address = str(value)
                case CallListColumn.DELAY:
                    entry.delay_s = round(float(value) * 60.0, 3)
        except (TypeError, ValueError):
            return False
        # The channel decides what a valid address is: the whole row may change colour.
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), len(CallListColumn) - 1))
        self.editor.touch()
        return True

    def add_entry(self) -> int:
        """A new entry at the end (after the last one's delay): its row."""
        entries = self.entries
        row = len(entries)
        after = entries[-1].delay_s if entries else 0.0
        self.beginInsertRows(QModelIndex(), row, row)
        entries.append(EntryDraft(delay_s=after))
        self.endInsertRows()
        self.editor.touch()
        return row

    def remove_entry(self, row: int) -> None:
        if not 0 <= row < self.row_count():
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.entries[row]
        self.endRemoveRows()
        self.editor.touch()

    def move_entry(self, row: int, delta: int) -> int:
        """Move an entry up (-1) or down (+1): its new row (unchanged at either end)."""
        target = row + delta
        if not (0 <= row < self.row_count() and 0 <= target < self.row_count()):
            return row
        # Qt's destination is the row *before which* it goes, counted before the move.
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(),
                           target + 1 if delta > 0 else target)
        entries = self.entries
        entries[row], entries[target] = entries[target], entries[row]
        self.endMoveRows()
        self.editor.touch()
        return target

    def _on_loaded(self) -> None:
        self.beginResetModel()
        self.endResetModel()


def _minutes_text(seconds: float) -> str:
    minutes = seconds / 60.0
    return f"{minutes:g}"


__all__ = [
    "CHANNEL_NAMES",
    "MAX_ENTRIES",
    "ROLE_NAMES",
    "CallListColumn",
    "CallListModel",
    "EntryDraft",
    "PoliciesEditor",
    "PolicyDraft",
    "PolicyRole",
    "PolicyTypesModel",
    "Problem",
    "ProblemField",
    "changed_types",
    "drafts_of",
    "entry_problems",
    "normal_address",
    "policy_problems",
    "saved_clock",
    "validate",
    "version_text",
]
