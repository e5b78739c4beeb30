"""The carrier's action plans, from the cloud: the ones in force, and the dispatcher's edits.

The cloud keeps one :class:`~opticallock.protocol.ActionPlans` per carrier, versioned; every
change is an ``action_plans_changed`` event (docs/protocol.md §5.11).

:class:`ActionPlanBook` is what the alarm center, the handover and the reports read: the plans
in force as :class:`~console.alarms.action_plans.ActionPlan`. It starts with the plans this
console has locally (the shipped ones, or the deprecated ``action_plans.json`` override), loads
the cloud's once signed in and follows each new version live. A cloud older than action plans
answers 404: the local plans then stay in force (and only then).

:class:`PlansEditor` holds the dispatcher's *working copy*: plain drafts (:class:`PlanDraft`,
:class:`StepDraft`, :class:`CovertDraft`) that may be invalid while they are typed, checked with
the cloud's own rules (:func:`opticallock.action_plans.plan_problems`, so Save is offered only
when the cloud would take it). A saved step keeps its id (it is on alarms' records): only its
label and hint change; a new step's id follows its label until typed. A save that meets a newer
version keeps the dispatcher's edits on top of it and says who saved first; a new version on the
stream replaces an untouched working copy and is announced over an edited one.

Two Qt models show the working copy: :class:`PlanListModel` (the alarm types, then the
quiet-alarm rule, marked when something needs fixing) and :class:`StepsModel` (one plan's steps,
edited cell by cell). QtCore only.
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

from console.alarms.action_plans import ActionPlan, plans_from_wire
from console.alarms.labels import alarm_type_label, priority_color
from console.alarms.times import local_time
from console.fleet.labels import QT_TRANSLATE_NOOP
from console.fleet.store import FleetStore
from console.link.api import ApiError, CloudApi, Conflict, MalformedAnswer, NotFound
from console.link.client import AuthError, CloudUnavailable
from console.tables import ColumnTableModel
from console.tasks import TaskSet
from console.text import isolate
from opticallock.action_plans import Code, PlanField, PlanProblem, plan_problems
from opticallock.protocol import (
    ALARM_PRIORITY,
    MAX_STEP_ID_CHARS,
    ActionPlans,
    ActionPlansChangedEvent,
    ActionPlanSpec,
    ActionPlansUpdate,
    AlarmType,
    CovertRuleSpec,
    PlanStepSpec,
)

log = logging.getLogger(__name__)

CONTEXT = "ActionPlans"

#: What a plan is keyed by: its alarm type, or None for the quiet-alarm rule.
PlanKey = AlarmType | None

PROBLEM_COLOR = "#b00020"
PROBLEM_BACKGROUND = "#fde7ea"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# ---------------------------------------------------------------------- the plans in force


class ActionPlanBook(QObject):
    """The action plans in force for this console (see the module's notes).

    Signals:
        changed(): ``plans`` was replaced (the cloud's loaded, or a new version on the stream).
    """

    changed = Signal()

    def __init__(self, store: FleetStore, local: dict[AlarmType, ActionPlan], *,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        #: This console's own plans: in force until the cloud's arrive, or with an older cloud.
        self.local = local
        self.plans: dict[AlarmType, ActionPlan] = local
        #: The cloud's version in force (None: the local plans are).
        self.version: ActionPlans | None = None
        #: The cloud does not keep action plans (answered 404).
        self.not_offered = False
        self.api: CloudApi | None = None
        self._tasks = TaskSet(log)
        store.eventsApplied.connect(self._on_events)
        store.reset.connect(self._on_reset)

    def set_api(self, api: CloudApi | None) -> None:
        """The signed-in dispatcher's API (None: signed out); the cloud's plans are loaded."""
        if api is self.api:
            return
        self._tasks.cancel()
        self.api = api
        if api is not None:
            self.version = None  # a new session (maybe another carrier): its version counts
            self.start_loading()

    def start_loading(self) -> None:
        self._tasks.spawn_when_running(self.load(), "loading action plans", context=self)

    async def load(self) -> ActionPlans | None:
        """The cloud's plans, adopted (None: not loaded, the plans in force stay)."""
        api = self.api
        if api is None:
            return None
        try:
            answer = await api.action_plans()
        except NotFound:
            log.info("This cloud does not keep action plans: the console's own are in force.")
            self.not_offered = True
            return None
        except (ApiError, AuthError, CloudUnavailable, httpx.HTTPError) as exc:
            log.warning("The action plans could not be loaded (%s); the ones in force stay.",
                        exc)
            return None
        self.not_offered = False
        self.adopt(answer)
        return answer

    def adopt(self, plans: ActionPlans) -> None:
        """Put ``plans`` in force, unless an equal or newer version already is."""
        if self.version is not None and plans.version <= self.version.version:
            return
        self.version = plans
        self.plans = plans_from_wire(plans)
        self.changed.emit()

    def _on_events(self, events: list[Any]) -> None:
        for event in events:
            if isinstance(event, ActionPlansChangedEvent):
                self.adopt(event.action_plans)

    def _on_reset(self) -> None:
        # A resync may have skipped a change: read the version in force again.
        if self.api is not None and self.version is not None:
            self.start_loading()


async def fetch_plans(api: CloudApi) -> dict[AlarmType, ActionPlan] | None:
    """The cloud's plans in force, for a one-off reader (a report); None when the cloud does
    not keep them (404) or cannot be reached: the reader then uses the console's own."""
    try:
        return plans_from_wire(await api.action_plans())
    except (ApiError, AuthError, CloudUnavailable, httpx.HTTPError) as exc:
        log.info("The cloud's action plans are not at hand (%s): the console's own are used.",
                 exc)
        return None


# ---------------------------------------------------------------------- the working copy


@dataclass
class StepDraft:
    """One step as typed (possibly invalid). ``saved``: its id is in the cloud's version (and
    may be on alarms' records), so it is not edited; ``id_typed``: a new step's id was typed,
    it no longer follows the label."""

    id: str = ""
    label: str = ""
    hint: str = ""
    saved: bool = False
    id_typed: bool = False

    @classmethod
    def of(cls, step: PlanStepSpec) -> StepDraft:
        return cls(step.id, step.label, step.hint, saved=True)

    def to_spec(self) -> PlanStepSpec:
        return PlanStepSpec(id=self.id, label=self.label.strip(), hint=self.hint.strip())


@dataclass
class PlanDraft:
    """One alarm type's plan as typed."""

    alarm_type: AlarmType
    title: str = ""
    covert: bool = False
    steps: list[StepDraft] = field(default_factory=list)

    @classmethod
    def of(cls, plan: ActionPlanSpec) -> PlanDraft:
        return cls(plan.alarm_type, plan.title, plan.covert, [StepDraft.of(s) for s in plan.steps])

    def to_spec(self) -> ActionPlanSpec:
        return ActionPlanSpec(alarm_type=self.alarm_type, title=self.title.strip(),
                              covert=self.covert, steps=[s.to_spec() for s in self.steps])


@dataclass
class CovertDraft:
    """The quiet-alarm rule as typed."""

    title: str = ""
    steps: list[StepDraft] = field(default_factory=list)
    driver_steps: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, rule: CovertRuleSpec) -> CovertDraft:
        return cls(rule.title, [StepDraft.of(s) for s in rule.steps], list(rule.driver_steps))

    def to_spec(self) -> CovertRuleSpec:
        return CovertRuleSpec(title=self.title.strip(), steps=[s.to_spec() for s in self.steps],
                              driver_steps=list(self.driver_steps))


def drafts_of(plans: ActionPlans | None) -> tuple[list[PlanDraft], CovertDraft | None]:
    """A draft for every alarm type, in the protocol's order, and the rule's."""
    known = {p.alarm_type: p for p in plans.plans} if plans is not None else {}
    drafts = [PlanDraft.of(known[t]) if t in known else PlanDraft(t) for t in AlarmType]
    rule = plans.covert_rule if plans is not None else None
    return drafts, (CovertDraft.of(rule) if rule is not None else None)


_NOT_ID = re.compile(r"[^a-z0-9]+")


def step_id_for(label: str, taken: set[str]) -> str:
    """A snake_case id from a label ("Call the driver" → ``call_the_driver``), not in
    ``taken`` (``_2``, ``_3``... added)."""
    base = _NOT_ID.sub("_", label.casefold()).strip("_")[:MAX_STEP_ID_CHARS - 3] or "step"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def parse_driver_steps(text: str) -> list[str]:
    """The ids typed in the rule's "leave out" field (commas or spaces between them)."""
    return [part for part in re.split(r"[,\s]+", text.strip()) if part]


# ---------------------------------------------------------------------- words


def problem_text(problem: PlanProblem) -> str:
    """A problem in the dispatcher's language."""
    match problem.code:
        case Code.BLANK if problem.field is PlanField.TITLE:
            return _tr("A title is needed.")
        case Code.BLANK:
            return _tr("A label is needed.")
        case Code.TOO_LONG if problem.field is PlanField.HINT:
            return _tr("A hint is at most {n} characters.").format(n=problem.limit)
        case Code.TOO_LONG:
            return _tr("At most {n} characters.").format(n=problem.limit)
        case Code.NO_STEPS:
            return _tr("A plan needs at least one step.")
        case Code.TOO_MANY_STEPS:
            return _tr("At most {n} steps.").format(n=problem.limit)
        case Code.BAD_ID if problem.field is PlanField.DRIVER_STEPS:
            return _tr("\u201c{id}\u201d is not a step id (a-z, 0-9 and _).").format(
                id=isolate(problem.value))
        case Code.BAD_ID:
            return _tr("An id is a-z, 0-9 and _ (e.g. call_driver), at most {n} "
                       "characters.").format(n=MAX_STEP_ID_CHARS)
        case Code.DUPLICATE_ID:
            return _tr("Another step of this plan has the id {id}.").format(
                id=isolate(problem.value))
        case Code.MISSING_PLAN:
            return _tr("Every alarm type needs a plan.")
        case _:
            return problem.message


def plan_name(key: PlanKey) -> str:
    return _tr("Quiet alarms (covert rule)") if key is None else alarm_type_label(key)


def version_text(plans: ActionPlans | None) -> str:
    """"Version 4, saved by ana at 14:02 CST"."""
    if plans is None:
        return _tr("Not loaded yet")
    if plans.updated_by is None or plans.updated_at is None:
        return _tr("Version {n}, the shipped plans").format(n=plans.version)
    return _tr("Version {n}, saved by {who} at {clock}").format(
        n=plans.version, who=isolate(plans.updated_by),
        clock=local_time(plans.updated_at, seconds=False))


# ---------------------------------------------------------------------- the editor


class PlansEditor(QObject):
    """The dispatcher's working copy of the carrier's action plans, loaded from and saved to
    the cloud (see the module's notes).

    Signals:
        loaded(): the working copy was replaced (loaded, saved, discarded, a new version
            adopted, or the edits put on top of a newer one); views re-read everything.
        edited(): the working copy changed; the problems and whether it can be saved may have.
        busyChanged(bool): a load or save is under way / its answer came.
        saved(object): the cloud took this console's save: the new ActionPlans.
        conflict(str): somebody saved first; their version is now the base, the edits are
            kept on top of it. Said in plain words, naming who and when.
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
        self.base: ActionPlans | None = None
        self.drafts, self.covert_rule = drafts_of(None)
        self.dirty = False
        #: A newer version seen on the stream while the copy was edited.
        self.newer: ActionPlans | None = None
        self.busy = False
        self._tasks = TaskSet(log)
        store.eventsApplied.connect(self._on_events)

    # ------------------------------------------------------------------ reading

    def draft(self, alarm_type: AlarmType) -> PlanDraft:
        return next(d for d in self.drafts if d.alarm_type is alarm_type)

    def steps(self, key: PlanKey) -> list[StepDraft]:
        if key is None:
            return self.covert_rule.steps if self.covert_rule is not None else []
        return self.draft(key).steps

    def title(self, key: PlanKey) -> str:
        if key is None:
            return self.covert_rule.title if self.covert_rule is not None else ""
        return self.draft(key).title

    def problems(self) -> list[PlanProblem]:
        return plan_problems(self.drafts, self.covert_rule)

    def problems_of(self, key: PlanKey) -> list[PlanProblem]:
        return [p for p in self.problems() if p.alarm_type is key]

    def can_save(self) -> bool:
        return (self.api is not None and self.base is not None and not self.busy
                and not self.problems())

    # ------------------------------------------------------------------ editing

    def touch(self) -> None:
        """Say the working copy was edited (the models call it after each change)."""
        self.dirty = True
        self.edited.emit()

    def set_title(self, key: PlanKey, title: str) -> None:
        if key is None:
            if self.covert_rule is None:
                self.covert_rule = CovertDraft()
            self.covert_rule.title = title
        else:
            self.draft(key).title = title
        self.touch()

    def set_plan_covert(self, alarm_type: AlarmType, covert: bool) -> None:
        self.draft(alarm_type).covert = covert
        self.touch()

    def set_driver_steps(self, ids: list[str]) -> None:
        if self.covert_rule is None:
            self.covert_rule = CovertDraft()
        self.covert_rule.driver_steps = ids
        self.touch()

    def set_label(self, key: PlanKey, row: int, label: str) -> None:
        steps = self.steps(key)
        step = steps[row]
        step.label = label
        if not step.saved and not step.id_typed:
            step.id = step_id_for(label, {s.id for s in steps if s is not step})
        self.touch()

    def set_step_id(self, key: PlanKey, row: int, step_id: str) -> bool:
        """Type a new step's id (False: a saved step's id is kept)."""
        step = self.steps(key)[row]
        if step.saved:
            return False
        step.id = step_id.strip()
        step.id_typed = True
        self.touch()
        return True

    def set_hint(self, key: PlanKey, row: int, hint: str) -> None:
        self.steps(key)[row].hint = hint
        self.touch()

    def rebase(self, theirs: ActionPlans) -> None:
        """Put the edits on top of a newer version: the plans edited here keep the working
        copy, the others take ``theirs``; the copy stays edited."""
        before, before_rule = drafts_of(self.base)
        mine = {d.alarm_type: d for d, b in zip(self.drafts, before, strict=True) if d != b}
        rule_edited = self.covert_rule != before_rule
        drafts, rule = drafts_of(theirs)
        saved_ids = {p.alarm_type: {s.id for s in p.steps} for p in theirs.plans}
        for draft in mine.values():
            for step in draft.steps:  # a step saved meanwhile under the same id is kept as is
                step.saved = step.saved or step.id in saved_ids.get(draft.alarm_type, set())
        self.base = theirs
        self.newer = None
        self.drafts = [mine.get(d.alarm_type, d) for d in drafts]
        self.covert_rule = self.covert_rule if rule_edited else rule
        self.dirty = True
        self.loaded.emit()
        self.edited.emit()

    def discard(self) -> None:
        """Drop the edits: the working copy is the cloud's newest version again."""
        self._adopt(self.newer or self.base)

    # ------------------------------------------------------------------ the cloud

    def start_loading(self) -> None:
        self._set_busy(True)
        self._tasks.spawn_when_running(self.load(), "loading action plans", context=self)

    def start_saving(self) -> None:
        self._tasks.spawn_when_running(self.save(), "saving action plans", context=self)

    def stop(self) -> None:
        self._tasks.cancel()
        self.api = None

    async def load(self) -> ActionPlans | None:
        api = self.api
        if api is None:
            self.failed.emit(_tr("Not signed in: the action plans cannot be loaded."))
            return None
        self._set_busy(True)
        try:
            answer = await api.action_plans()
        except NotFound:
            self.failed.emit(_tr("This cloud does not keep action plans (it is older than "
                                 "this console): the console's own plans are in force and "
                                 "cannot be edited here."))
            return None
        except (ApiError, AuthError, CloudUnavailable, httpx.HTTPError) as exc:
            self.failed.emit(_tr("The action plans could not be loaded: {error}").format(
                error=isolate(getattr(exc, "message", str(exc)))))
            return None
        finally:
            self._set_busy(False)
        if self.dirty:
            self._follow(answer)
        else:
            self._adopt(answer)
        return answer

    async def save(self) -> ActionPlans | None:
        api, base = self.api, self.base
        if api is None or base is None:
            self.failed.emit(_tr("Not signed in: the action plans were not saved."))
            return None
        problems = self.problems()
        if problems:
            self.failed.emit(_tr("Fix what is marked first: {problem}").format(
                problem=problem_text(problems[0])))
            return None
        body = ActionPlansUpdate(
            base_version=base.version, plans=[d.to_spec() for d in self.drafts],
            covert_rule=self.covert_rule.to_spec() if self.covert_rule is not None else None)
        self._set_busy(True)
        try:
            answer = await api.update_action_plans(body)
        except Conflict as exc:
            await self._after_conflict(api, exc)
            return None
        except MalformedAnswer:
            self.dirty = False
            self.failed.emit(_tr("Saved, but the cloud's answer could not be read; the new "
                                 "version shows in a moment."))
            return None
        except ApiError as exc:
            self.failed.emit(_tr("The cloud refused the action plans: {reason}").format(
                reason=isolate(exc.message)))
            return None
        except (AuthError, CloudUnavailable, httpx.HTTPError) as exc:
            self.failed.emit(_tr("The action plans were not saved ({error}). Your edits are "
                                 "kept; try again.").format(error=isolate(str(exc))))
            return None
        finally:
            self._set_busy(False)
        self._adopt(answer)
        self.saved.emit(answer)
        return answer

    async def _after_conflict(self, api: CloudApi, exc: Conflict) -> None:
        theirs: ActionPlans | None = None
        with contextlib.suppress(ApiError, AuthError, CloudUnavailable, httpx.HTTPError):
            theirs = await api.action_plans()
        theirs = theirs or self.newer
        if theirs is None or self.base is None or theirs.version <= self.base.version:
            self.failed.emit(_tr("Somebody saved first: {reason}").format(
                reason=isolate(exc.message)))
            return
        message = self._newer_text(theirs, _tr(
            "{who} saved version {n} at {clock} first{changed}. Your edits are kept on top of "
            "it: save again to apply them, or discard them to take that version."))
        self.rebase(theirs)
        self.conflict.emit(message)

    def _newer_text(self, theirs: ActionPlans, template: str) -> str:
        names = ", ".join(plan_name(k) for k in changed_plans(self.base, theirs))
        return template.format(
            who=isolate(theirs.updated_by or "?"), n=theirs.version,
            clock=local_time(theirs.updated_at, seconds=False),
            changed=_tr(" (changed: {plans})").format(plans=names) if names else "")

    # ------------------------------------------------------------------ following the log

    def _on_events(self, events: list[Any]) -> None:
        for event in events:
            if isinstance(event, ActionPlansChangedEvent):
                self._follow(event.action_plans)

    def _follow(self, plans: ActionPlans) -> None:
        if self.base is not None and plans.version <= self.base.version:
            return
        if not self.dirty:
            self._adopt(plans)
            return
        if self.newer is not None and plans.version <= self.newer.version:
            return
        message = self._newer_text(plans, _tr(
            "{who} saved version {n} at {clock} while you were editing{changed}. Saving "
            "will ask what to do with your edits."))
        self.newer = plans
        self.newerVersion.emit(message)

    def _adopt(self, plans: ActionPlans | None) -> None:
        self.base = plans
        self.newer = None
        self.drafts, self.covert_rule = drafts_of(plans)
        self.dirty = False
        self.loaded.emit()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busyChanged.emit(busy)


def changed_plans(before: ActionPlans | None, after: ActionPlans) -> list[PlanKey]:
    """The plans (alarm types, then None for the quiet-alarm rule) that differ."""
    old, old_rule = drafts_of(before)
    new, new_rule = drafts_of(after)
    keys: list[PlanKey] = [n.alarm_type for o, n in zip(old, new, strict=True) if o != n]
    if old_rule != new_rule:
        keys.append(None)
    return keys


# ---------------------------------------------------------------------- Qt models


class PlanRole(IntEnum):
    #: The PlanKey of a row (PlanListModel): an AlarmType, or None for the rule.
    KEY = Qt.ItemDataRole.UserRole + 1
    #: The problem in this cell or row, in words (None: none).
    PROBLEM = Qt.ItemDataRole.UserRole + 2


ModelIndex = QModelIndex | QPersistentModelIndex


class PlanListModel(QAbstractListModel):
    """The alarm types, then the quiet-alarm rule; each marked ⚠ while something in its plan
    needs fixing (the first problem as its tooltip)."""

    def __init__(self, editor: PlansEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self._keys: list[PlanKey] = [*AlarmType, None]
        editor.loaded.connect(self._on_changed)
        editor.edited.connect(self._on_changed)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def key_at(self, row: int) -> PlanKey:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def row_of(self, key: PlanKey) -> int:
        return self._keys.index(key)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        key = self._keys[index.row()]
        problems = self.editor.problems_of(key)
        if role == Qt.ItemDataRole.DisplayRole:
            name = plan_name(key)
            return f"{name}  ⚠" if problems else name
        if role == Qt.ItemDataRole.DecorationRole:
            priority = ALARM_PRIORITY.get(key) if key is not None else None
            return QColor(priority_color(priority)) if priority is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tr("To fix: {problem}").format(problem=problem_text(problems[0])) \
                if problems else None
        if role == PlanRole.KEY:
            return key
        if role == PlanRole.PROBLEM:
            return problem_text(problems[0]) if problems else None
        return None

    def _on_changed(self) -> None:
        if self._keys:
            self.dataChanged.emit(self.index(0), self.index(len(self._keys) - 1))


class StepColumn(IntEnum):
    LABEL = 0
    HINT = 1
    ID = 2


_COLUMN_FIELD = {StepColumn.LABEL: PlanField.LABEL, StepColumn.HINT: PlanField.HINT,
                 StepColumn.ID: PlanField.ID}


class StepsModel(ColumnTableModel):
    """One plan's steps in the working copy, edited in place: the label and the hint; a new
    step's id (a saved step's id is not editable: it is on alarms' records). A cell the cloud
    would refuse says why (:attr:`PlanRole.PROBLEM`, tooltip, background)."""

    COLUMNS = StepColumn
    CONTEXT = CONTEXT
    HEADERS: ClassVar[dict[Any, str]] = {
        StepColumn.LABEL: QT_TRANSLATE_NOOP("ActionPlans", "Step (what the dispatcher reads)"),
        StepColumn.HINT: QT_TRANSLATE_NOOP("ActionPlans", "Hint (shown on hover)"),
        StepColumn.ID: QT_TRANSLATE_NOOP("ActionPlans", "Id"),
    }
    TOOLTIPS: ClassVar[dict[Any, str]] = {
        StepColumn.ID: QT_TRANSLATE_NOOP(
            "ActionPlans", "Stored on the alarm's record when the step is ticked: a saved "
            "step keeps its id"),
    }

    def __init__(self, editor: PlansEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.key: PlanKey = next(iter(AlarmType))
        editor.loaded.connect(self._on_loaded)

    @property
    def steps(self) -> list[StepDraft]:
        return self.editor.steps(self.key)

    def row_count(self) -> int:
        return len(self.steps)

    def set_key(self, key: PlanKey) -> None:
        self.beginResetModel()
        self.key = key
        self.endResetModel()

    def problems(self, row: int) -> dict[PlanField, str]:
        found: dict[PlanField, str] = {}
        for p in self.editor.problems_of(self.key):
            if p.step == row:
                found.setdefault(p.field, problem_text(p))
        return found

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.row_count():
                return str(section + 1)
            return None
        return super().headerData(section, orientation, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < self.row_count():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != StepColumn.ID or not self.steps[index.row()].saved:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.row_count():
            return None
        step = self.steps[index.row()]
        column = StepColumn(index.column())
        problem = self.problems(index.row()).get(_COLUMN_FIELD[column])
        value = {StepColumn.LABEL: step.label, StepColumn.HINT: step.hint,
                 StepColumn.ID: step.id}[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return isolate(" ".join(value.split()))
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == PlanRole.PROBLEM:
            return problem
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem or (value or None)
        if role == Qt.ItemDataRole.BackgroundRole and problem:
            return QColor(PROBLEM_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and column is StepColumn.ID and step.saved:
            return QColor("#6b6b6b")
        return None

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or not 0 <= index.row() < self.row_count()):
            return False
        row = index.row()
        match StepColumn(index.column()):
            case StepColumn.LABEL:
                self.editor.set_label(self.key, row, str(value))
            case StepColumn.HINT:
                self.editor.set_hint(self.key, row, str(value))
            case StepColumn.ID:
                if not self.editor.set_step_id(self.key, row, str(value)):
                    return False
        # An id follows its label, and a duplicate id marks another row: the whole table.
        self.dataChanged.emit(self.index(0, 0),
                              self.index(self.row_count() - 1, len(StepColumn) - 1))
        return True

    def add_step(self) -> int:
        """A new step at the end: its row."""
        steps = self.steps
        if self.key is None and self.editor.covert_rule is None:
            self.editor.covert_rule = CovertDraft()
            steps = self.steps
        row = len(steps)
        self.beginInsertRows(QModelIndex(), row, row)
        steps.append(StepDraft(id=step_id_for("", {s.id for s in steps})))
        self.endInsertRows()
        self.editor.touch()
        return row

    def remove_step(self, row: int) -> None:
        if not 0 <= row < self.row_count():
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.steps[row]
        self.endRemoveRows()
        self.editor.touch()

    def move_step(self, row: int, delta: int) -> int:
        """Move a step up (-1) or down (+1): its new row (unchanged at either end)."""
        target = row + delta
        if not (0 <= row < self.row_count() and 0 <= target < self.row_count()):
            return row
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(),
                           target + 1 if delta > 0 else target)
        steps = self.steps
        steps[row], steps[target] = steps[target], steps[row]
        self.endMoveRows()
        self.editor.touch()
        return target

    def _on_loaded(self) -> None:
        self.beginResetModel()
        self.endResetModel()


__all__ = [
    "ActionPlanBook",
    "CovertDraft",
    "PlanDraft",
    "PlanKey",
    "PlanListModel",
    "PlanRole",
    "PlansEditor",
    "StepColumn",
    "StepDraft",
    "StepsModel",
    "changed_plans",
    "drafts_of",
    "fetch_plans",
    "parse_driver_steps",
    "problem_text",
    "step_id_for",
    "version_text",
]
