"""The acknowledge and resolve dialogs.

Neither acts on the alarm: each emits ``submitted`` and closes, and the caller hands the action
to the alarm desk (which queues it and sends it when the link is live). Both are shown with
``open()``, never ``exec()``: a nested event loop would stall the asyncio loop (qasync) that
talks to the cloud, and with it the very acknowledgement being typed.

Everything the dialogs show about the alarm came over the network, so it is shown as plain text.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.alarms.labels import (
    RESOLVE_OUTCOME_NAMES,
    alarm_label,
    alarm_state_label,
    priority_color,
    priority_label,
)
from console.alarms.models import format_clock
from console.fleet.labels import QT_TRANSLATE_NOOP
from console.text import elide_words, isolate
from opticallock.gazetteer import where_text
from opticallock.protocol import MAX_NOTE_CHARS, Alarm, AlarmPriority, ResolveOutcome
from widgets.alarms.text import clock_text, plain_label

HINT_STYLE = "color: #8a5a00;"
NEUTRAL_STYLE = "color: palette(placeholder-text);"
ERROR_STYLE = "color: #b00020; font-weight: bold;"
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
        self.fields["Priority"].setStyleSheet(
            f"color: {priority_color(alarm.priority)}; font-weight: bold;")
        self.fields["Alarm"].setStyleSheet("font-weight: bold;")


def _note_edit(parent: QWidget, placeholder: str) -> QPlainTextEdit:
    note = QPlainTextEdit(parent)
    note.setObjectName("note")
    note.setPlaceholderText(placeholder)
    note.setTabChangesFocus(True)  # Tab moves on to the buttons instead of typing a tab
    note.setFixedHeight(96)
    return note


class AckDialog(QDialog):
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
        layout.addWidget(QLabel(self.tr("Note (required for a critical alarm):")
                                if self.note_required else self.tr("Note (optional):"), self))
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
        self.hint.setStyleSheet(HINT_STYLE if problem and len(note) <= MAX_NOTE_CHARS
                                else ERROR_STYLE if problem else NEUTRAL_STYLE)
        self.hint.setVisible(bool(self.hint.text()))

    @Slot()
    def _submit(self) -> None:
        if not self.ok_button.isEnabled():  # Enter in a field can still reach accepted
            return
        self.submitted.emit(self.alarm_id, self.note_text())
        self.accept()


class ResolveDialog(QDialog):
    """Close an alarm with an outcome (and a note, required for "Other").

    No outcome is preselected: the outcome is the audit record's verdict, so the dispatcher has
    to choose one rather than accept a default by pressing Enter.

    Signals:
        submitted(str, str, str): alarm id, ResolveOutcome value, note (stripped).
    """

    submitted = Signal(str, str, str)

    def __init__(self, alarm: Alarm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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

    @Slot()
    def _update(self) -> None:
        outcome = self.selected_outcome()
        if outcome is None:
            problem: str | None = self.tr("Choose the outcome that closes this alarm.")
        else:
            problem = _note_problem(self.note_text(), required=outcome is ResolveOutcome.OTHER,
                                    why=self.tr("“Other” needs a note saying what happened."))
        self.ok_button.setEnabled(problem is None)
        self.hint.setText(problem or "")
        self.hint.setStyleSheet(HINT_STYLE if len(self.note_text()) <= MAX_NOTE_CHARS
                                else ERROR_STYLE)
        self.hint.setVisible(problem is not None)

    @Slot()
    def _submit(self) -> None:
        outcome = self.selected_outcome()
        if not self.ok_button.isEnabled() or outcome is None:
            return
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
