"""The acknowledge and resolve dialogs.

Neither acts on the alarm: each emits ``submitted`` and closes, and the caller hands the action
to the alarm desk (which queues it and sends it when the link is live). Both are shown with
``open()``, never ``exec()``: a nested event loop would stall the asyncio loop (qasync) that
talks to the cloud, and with it the very acknowledgement being typed.

Everything the dialogs show about the alarm came over the network, so it is shown as plain text.

Typed text is never lost to a colleague who acted first: when the alarm is acknowledged (or
resolved) by someone else while a dialog is open, :meth:`AlarmActionDialog.overtake` says so, in
the dispatcher's time zone, keeps the text and turns the main button into "Add it as a note"
(``noteRequested``); a refusal that arrives after the dialog closed opens :class:`KeepNoteDialog`
with the text.

Resolving with action-plan steps not done asks a reason for each (or one for all): the dialog
cannot resolve without them, and ``resolved`` carries them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.alarms.action_plans import PlanStep
from console.alarms.labels import (
    PRIORITY_COLORS,
    RESOLVE_OUTCOME_NAMES,
    alarm_label,
    alarm_state_label,
    priority_label,
)
from console.alarms.models import format_clock
from console.fleet.labels import QT_TRANSLATE_NOOP
from console.places import where_text
from console.text import elide_words, isolate
from opticallock.protocol import MAX_NOTE_CHARS, Alarm, AlarmPriority, ResolveOutcome
from widgets.alarms.text import clock_text, plain_label
from widgets.theme import ref, set_style

#: A reason for a step not done: the cloud keeps 3 to 500 characters (SkippedStep.reason).
MIN_REASON_CHARS = 3
MAX_REASON_CHARS = 500

HINT_STYLE = "color: {p.hint};"
NEUTRAL_STYLE = "color: palette(placeholder-text);"
ERROR_STYLE = "color: {p.error}; font-weight: bold;"
#: The summary's rows, by their (English) key in :attr:`AlarmSummary.fields`; shown translated.
SUMMARY_FIELDS = {
    "Priority": QT_TRANSLATE_NOOP("AlarmSummary", "Priority"),
    "Alarm": QT_TRANSLATE_NOOP("AlarmSummary", "Alarm"),
    "Trailer": QT_TRANSLATE_NOOP("AlarmSummary", "Trailer"),
    "Where": QT_TRANSLATE_NOOP("AlarmSummary", "Where"),
    "Raised": QT_TRANSLATE_NOOP("AlarmSummary", "Raised"),
    "State": QT_TRANSLATE_NOOP("AlarmSummary", "State"),
    "Detail": QT_TRANSLATE_NOOP("AlarmSummary", "Detail"),
    "Ack note": QT_TRANSLATE_NOOP("AlarmSummary", "Ack note"),
}


class AlarmSummary(QGroupBox):
    """What the dispatcher is acting on: priority, type, trailer, where, when, state, detail.

    Shown at the top of both dialogs so nobody acknowledges the wrong trailer's alarm.
    """

    def __init__(self, alarm: Alarm, parent: QWidget | None = None, *,
                 now: float | None = None) -> None:
        super().__init__(self.tr("Alarm"), parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        waited = (time.time() if now is None else now) - alarm.raised_at
        state = alarm_state_label(alarm.state)
        if alarm.acknowledged_by:
            state += " " + self.tr("by {who} at {clock}").format(
                who=isolate(alarm.acknowledged_by), clock=clock_text(alarm.acknowledged_at))
        rows = {
            "Priority": priority_label(alarm.priority),
            "Alarm": alarm_label(alarm),
            "Trailer": isolate(alarm.trailer_id),
            "Where": where_text(alarm.position),
            "Raised": self.tr("{clock} ({waited} ago)").format(
                clock=clock_text(alarm.raised_at), waited=format_clock(waited)),
            "State": state,
            "Detail": isolate(alarm.detail) if alarm.detail else "—",
        }
        if alarm.ack_note:
            rows["Ack note"] = isolate(alarm.ack_note)
        for name, text in rows.items():
            label = plain_label(text, self)
            label.setObjectName(f"summary{name.replace(' ', '')}")
            form.addRow(self.tr("{field}:").format(
                field=QCoreApplication.translate("AlarmSummary", SUMMARY_FIELDS[name])), label)
            self.fields[name] = label
        set_style(self.fields["Priority"],
                  "color: " + ref(PRIORITY_COLORS.role(alarm.priority)) + "; font-weight: bold;")
        set_style(self.fields["Alarm"], "font-weight: bold;")


def _note_edit(parent: QWidget, placeholder: str) -> QPlainTextEdit:
    note = QPlainTextEdit(parent)
    note.setObjectName("note")
    note.setPlaceholderText(placeholder)
    note.setTabChangesFocus(True)  # Tab moves on to the buttons instead of typing a tab
    note.setFixedHeight(96)
    return note


class AlarmActionDialog(QDialog):
    """What the acknowledge and resolve dialogs share: being overtaken by a colleague.

    Signals:
        noteRequested(str, str): alarm id, the text typed, to be added as a note instead.
    """

    noteRequested = Signal(str, str)

    alarm_id: str
    note: QPlainTextEdit
    hint: QLabel
    ok_button: QPushButton

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overtaken = False

    def overtake(self, message: str) -> None:
        """A colleague acted first (``message`` says who and when): keep the text, offer to
        add it as a note instead."""
        self.overtaken = True
        self.hint.setText(message + " " + self.tr(
            "Your text is kept: add it as a note, or cancel."))
        set_style(self.hint, ERROR_STYLE)
        self.hint.setVisible(True)
        self.ok_button.setText(self.tr("Add it as a note"))
        self._update_overtaken()

    def _update_overtaken(self) -> None:
        text = self.note.toPlainText().strip()
        self.ok_button.setEnabled(bool(text) and len(text) <= MAX_NOTE_CHARS)

    def _submit_note(self) -> None:
        text = self.note.toPlainText().strip()
        if text:
            self.noteRequested.emit(self.alarm_id, text)
            self.accept()


class KeepNoteDialog(QDialog):
    """The cloud refused an acknowledgement or resolution because a colleague came first, after
    its dialog closed: the text typed with it, to add as a note or discard.

    Signals:
        noteRequested(str, str): alarm id, the (possibly edited) text.
    """

    noteRequested = Signal(str, str)

    def __init__(self, alarm_id: str, trailer_id: str, message: str, text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alarm_id = alarm_id
        self.setWindowTitle(self.tr("A colleague acted first — {trailer}").format(
            trailer=elide_words(isolate(trailer_id))))
        self.setModal(True)
        self.setMinimumWidth(460)
        self.message = plain_label(message, self)
        self.message.setObjectName("keepNoteMessage")
        set_style(self.message, ERROR_STYLE)
        self.note = _note_edit(self, "")
        self.note.setPlainText(text)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Discard, self)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Add it as a note"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.button(QDialogButtonBox.StandardButton.Discard).clicked.connect(
            self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        typed = QLabel(self.tr("What you had typed:"), self)
        typed.setBuddy(self.note)  # the note box's accessible name
        layout.addWidget(typed)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.note.textChanged.connect(
            lambda: self.ok_button.setEnabled(bool(self.note.toPlainText().strip())))

    @Slot()
    def _submit(self) -> None:
        text = self.note.toPlainText().strip()
        if text:
            self.noteRequested.emit(self.alarm_id, text)
            self.accept()


class AckDialog(AlarmActionDialog):
    """Acknowledge one alarm, with a note (mandatory for a critical alarm).

    The OK button stays disabled, with a hint saying why, until a critical alarm has a
    non-blank note: the cloud and the desk refuse a blank one, and catching it here saves a
    round trip and a confusing error.

    Signals:
        submitted(str, str): alarm id, note (stripped).
    """

    submitted = Signal(str, str)

    def __init__(self, alarm: Alarm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alarm_id = alarm.id
        self.note_required = alarm.priority is AlarmPriority.CRITICAL
        self.setWindowTitle(self.tr("Acknowledge alarm — {trailer}").format(
            trailer=elide_words(isolate(alarm.trailer_id))))
        self.setModal(True)
        self.setMinimumWidth(460)
        self.summary = AlarmSummary(alarm, self)
        self.note = _note_edit(self, self.tr("What you did or found, e.g. “Called the driver, "
                                             "stopping at the next exit.”"))
        self.hint = QLabel(self)
        self.hint.setObjectName("ackHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Acknowledge"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(6)
        note_label = QLabel(self.tr("Note (required for a critical alarm):")
                            if self.note_required else self.tr("Note (optional):"), self)
        note_label.setBuddy(self.note)  # the note box's accessible name
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.note.textChanged.connect(self._update)
        self._update()
        self.note.setFocus()

    def note_text(self) -> str:
        return self.note.toPlainText().strip()

    @Slot()
    def _update(self) -> None:
        if self.overtaken:
            self._update_overtaken()
            return
        note = self.note_text()
        problem = _note_problem(note, required=self.note_required,
                                why=self.tr("A critical alarm can only be acknowledged with a "
                                            "note: say what you did (for example, called the "
                                            "driver)."))
        self.ok_button.setEnabled(problem is None)
        # For a critical alarm the hint stays, reworded, so the dialog does not jump around.
        self.hint.setText(problem or (self.tr("The note goes on the alarm's record; every "
                                              "dispatcher and the shift handover will see it.")
                                      if self.note_required else ""))
        set_style(self.hint, HINT_STYLE if problem and len(note) <= MAX_NOTE_CHARS
                             else ERROR_STYLE if problem else NEUTRAL_STYLE)
        self.hint.setVisible(bool(self.hint.text()))

    @Slot()
    def _submit(self) -> None:
        if not self.ok_button.isEnabled():  # Enter in a field can still reach accepted
            return
        if self.overtaken:
            self._submit_note()
            return
        self.submitted.emit(self.alarm_id, self.note_text())
        self.accept()


class ResolveDialog(AlarmActionDialog):
    """Close an alarm with an outcome (and a note, required for "Other"), and a reason for each
    action-plan step not done (``open_steps``), or one reason for all of them.

    No outcome is preselected: the outcome is the audit record's verdict, so the dispatcher has
    to choose one rather than accept a default by pressing Enter.

    Signals:
        submitted(str, str, str): alarm id, ResolveOutcome value, note (stripped).
        resolved(str, str, str, list): the same and the steps not done, as
            ``{"step_id", "label", "reason"}`` dicts (SkippedStep's fields).
    """

    submitted = Signal(str, str, str)
    resolved = Signal(str, str, str, list)

    def __init__(self, alarm: Alarm, parent: QWidget | None = None,
                 open_steps: Sequence[PlanStep] = ()) -> None:
        super().__init__(parent)
        self.open_steps = tuple(open_steps)
        self.alarm_id = alarm.id
        self.setWindowTitle(self.tr("Resolve alarm — {trailer}").format(
            trailer=elide_words(isolate(alarm.trailer_id))))
        self.setModal(True)
        self.setMinimumWidth(460)
        self.summary = AlarmSummary(alarm, self)
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("outcome")
        for outcome, label in RESOLVE_OUTCOME_NAMES.items():
            self.outcome.addItem(label, outcome.value)
        self.outcome.setPlaceholderText(self.tr("Choose an outcome…"))
        self.outcome.setCurrentIndex(-1)
        self.note = _note_edit(self,
                               self.tr("What happened, who confirmed it, reference numbers…"))
        self.hint = QLabel(self)
        self.hint.setObjectName("resolveHint")
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Resolve"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Outcome:"), self.outcome)
        form.addRow(self.tr("Note:"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(6)
        layout.addLayout(form)
        #: step id → its reason field.
        self.reasons: dict[str, QLineEdit] = {}
        self.steps_box: QGroupBox | None = None
        self.one_reason = QCheckBox(self.tr("One reason for all of them"), self)
        self.one_reason.setObjectName("oneReason")
        self.common_reason = QLineEdit(self)
        self.common_reason.setObjectName("commonReason")
        self.common_reason.setMaxLength(MAX_REASON_CHARS)
        self.common_reason.setPlaceholderText(self.tr("Why none of these steps was done"))
        if self.open_steps:
            self.steps_box = QGroupBox(self.tr("Steps not done ({n}): say why").format(
                n=len(self.open_steps)), self)
            self.steps_box.setObjectName("openSteps")
            steps_form = QFormLayout(self.steps_box)
            steps_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            steps_form.addRow(self.one_reason)
            steps_form.addRow(self.common_reason)
            for step in self.open_steps:
                reason = QLineEdit(self.steps_box)
                reason.setObjectName(f"reason_{step.step_id}")
                reason.setMaxLength(MAX_REASON_CHARS)
                reason.setPlaceholderText(self.tr("Why it was not done"))
                reason.textChanged.connect(self._update)
                steps_form.addRow(plain_label(isolate(step.label), self.steps_box,
                                              selectable=False), reason)
                self.reasons[step.step_id] = reason
            layout.addWidget(self.steps_box)
            self.one_reason.toggled.connect(self._on_one_reason)
            self.common_reason.textChanged.connect(self._update)
        self._on_one_reason(False)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.outcome.currentIndexChanged.connect(self._update)
        self.note.textChanged.connect(self._update)
        self._update()
        self.outcome.setFocus()

    def selected_outcome(self) -> ResolveOutcome | None:
        value = self.outcome.currentData()
        return None if value is None else ResolveOutcome(value)

    def select_outcome(self, outcome: ResolveOutcome) -> None:
        self.outcome.setCurrentIndex(self.outcome.findData(outcome.value))

    def note_text(self) -> str:
        return self.note.toPlainText().strip()

    def skipped_steps(self) -> list[dict[str, Any]]:
        """The steps not done with their reasons (the common one when one is for all)."""
        out = []
        for step in self.open_steps:
            reason = (self.common_reason.text() if self.one_reason.isChecked()
                      else self.reasons[step.step_id].text()).strip()
            out.append({"step_id": step.step_id, "label": step.label, "reason": reason})
        return out

    @Slot(bool)
    def _on_one_reason(self, checked: bool) -> None:
        self.common_reason.setVisible(checked and bool(self.open_steps))
        for reason in self.reasons.values():
            reason.setEnabled(not checked)
        self._update()

    def _reasons_problem(self) -> str | None:
        missing = [s["label"] for s in self.skipped_steps()
                   if len(s["reason"]) < MIN_REASON_CHARS]
        if not missing:
            return None
        if self.one_reason.isChecked():
            return self.tr("Say why the {n} open steps were not done (at least {min} "
                           "characters).").format(n=len(self.open_steps), min=MIN_REASON_CHARS)
        return self.tr("Say why each open step was not done; missing: {steps}.").format(
            steps=", ".join(isolate(m) for m in missing))

    @Slot()
    def _update(self) -> None:
        if self.overtaken:
            self._update_overtaken()
            return
        outcome = self.selected_outcome()
        if outcome is None:
            problem: str | None = self.tr("Choose the outcome that closes this alarm.")
        else:
            problem = _note_problem(self.note_text(), required=outcome is ResolveOutcome.OTHER,
                                    why=self.tr("“Other” needs a note saying what happened."))
            if problem is None and hasattr(self, "reasons"):
                problem = self._reasons_problem()
        self.ok_button.setEnabled(problem is None)
        self.hint.setText(problem or "")
        set_style(self.hint, HINT_STYLE if len(self.note_text()) <= MAX_NOTE_CHARS
                             else ERROR_STYLE)
        self.hint.setVisible(problem is not None)

    @Slot()
    def _submit(self) -> None:
        if self.overtaken:
            if self.ok_button.isEnabled():
                self._submit_note()
            return
        outcome = self.selected_outcome()
        if not self.ok_button.isEnabled() or outcome is None:
            return
        self.resolved.emit(self.alarm_id, outcome.value, self.note_text(),
                           self.skipped_steps())
        self.submitted.emit(self.alarm_id, outcome.value, self.note_text())
        self.accept()


def _note_problem(note: str, *, required: bool, why: str) -> str | None:
    """Why the note cannot be sent yet, or None when it can."""
    if required and not note:
        return why
    if len(note) > MAX_NOTE_CHARS:
        return QCoreApplication.translate(
            "AlarmDialogs", "The note is too long: {length} characters, at most {limit} are "
            "kept on the alarm record.").format(length=f"{len(note):,}",
                                                limit=f"{MAX_NOTE_CHARS:,}")
    return None
