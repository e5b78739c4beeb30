"""Calling a driver: hand the number to the desktop's phone handler, then ask how it went.

The console does not make calls itself. :meth:`CallDialog.dial` opens the call URL (``tel:`` by
default, or the softphone URL from the settings, built by the messenger) through
``open_url`` — :meth:`QDesktopServices.openUrl` unless a test or a caller hands in another — and
the dialog stays open asking for the outcome (reached, no answer, voicemail) and a note. The
outcome goes on the cloud's record through the messenger, on the alarm it was opened from or on
the trailer; "Not called" records nothing.

If no program handles the URL, the dialog says so and shows the number to dial by hand; the
outcome can still be recorded. Shown with ``open()``, never ``exec()``.

Signals:
    recorded(str driver_id, str request_id): the outcome was handed to the messenger (it shows
        as "sending…" in the conversation until the cloud has it).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from console.alarms.labels import alarm_label
from console.contacts.labels import CALL_OUTCOME_NAMES
from console.contacts.messaging import Messenger
from console.text import elide_words, isolate
from opticallock.protocol import MAX_NOTE_CHARS, CallOutcome
from widgets.alarms.text import plain_label
from widgets.theme import set_style

_OK_STYLE = "color: {p.good};"
_ERROR_STYLE = "color: {p.error}; font-weight: bold;"


class CallDialog(QDialog):
    recorded = Signal(str, str)

    def __init__(self, messenger: Messenger, driver_id: str, *, alarm_id: str | None = None,
                 trailer_id: str | None = None,
                 open_url: Callable[[QUrl], bool] | None = None,
                 clock: Callable[[], float] = time.time,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messenger = messenger
        self.driver_id = driver_id
        self.alarm_id = alarm_id
        alarm = messenger.alarm(alarm_id) if alarm_id else None
        self.trailer_id = trailer_id or (alarm.trailer_id if alarm else None)
        # Looked up at call time, so a test may replace QDesktopServices.openUrl itself.
        self._open_url = open_url
        self.clock = clock
        self.placed_at: float | None = None
        self.url: QUrl | None = None
        driver = messenger.driver(driver_id)
        name = isolate(driver.name if driver else driver_id)
        self.setWindowTitle(self.tr("Call {name}").format(name=elide_words(name)))
        self.setObjectName("callDialog")
        self.setModal(False)
        self.setMinimumWidth(440)

        who = QGroupBox(self.tr("Driver"), self)
        form = QFormLayout(who)
        self.name_label = plain_label(name, who)
        self.phone_label = plain_label(isolate(driver.phone) if driver else "—", who)
        self.phone_label.setObjectName("callPhone")
        set_style(self.phone_label, "font-size: 15px; font-weight: bold;")
        form.addRow(self.tr("Name:"), self.name_label)
        form.addRow(self.tr("Phone:"), self.phone_label)
        if alarm_id:
            about = self.tr("{id} ({alarm} on {trailer})").format(
                id=isolate(alarm_id), alarm=alarm_label(alarm),
                trailer=isolate(alarm.trailer_id)) if alarm else isolate(alarm_id)
            form.addRow(self.tr("Alarm:"), plain_label(about, who))
        elif self.trailer_id:
            form.addRow(self.tr("Trailer:"), plain_label(isolate(self.trailer_id), who))

        self.status = plain_label("", self)
        self.status.setObjectName("callStatus")
        self.dial_button = QPushButton(self.tr("Dial again"), self)
        self.dial_button.setObjectName("dialButton")
        self.dial_button.clicked.connect(self.dial)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.dial_button)

        self.outcome_box = QGroupBox(self.tr("How did the call go?"), self)
        outcome_layout = QVBoxLayout(self.outcome_box)
        self.outcomes = QButtonGroup(self)
        self.outcome_buttons: dict[CallOutcome, QRadioButton] = {}
        for outcome, label in CALL_OUTCOME_NAMES.items():
            button = QRadioButton(label, self.outcome_box)
            button.setObjectName(f"outcome_{outcome.value}")
            self.outcomes.addButton(button)
            self.outcome_buttons[outcome] = button
            outcome_layout.addWidget(button)
        self.outcomes.buttonToggled.connect(self._update)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("callNote")
        self.note.setPlaceholderText(self.tr("What the driver said, or what you left on "
                                             "voicemail (optional)"))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(72)
        self.note.textChanged.connect(self._update)
        self.hint = plain_label("", self)
        self.hint.setObjectName("callHint")

        self.buttons = QDialogButtonBox(self)
        self.record_button = self.buttons.addButton(self.tr("Record outcome"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setObjectName("recordButton")
        self.cancel_button = self.buttons.addButton(self.tr("Not called"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setToolTip(self.tr("Close without recording anything"))
        self.buttons.accepted.connect(self._record)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addLayout(status_row)
        layout.addWidget(self.outcome_box)
        layout.addWidget(QLabel(self.tr("Note:"), self))
        layout.addWidget(self.note)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self._update()

    # ------------------------------------------------------------------ dialling

    @Slot()
    def dial(self) -> bool:
        """Open the call URL with the desktop's handler; True if a handler took it."""
        try:
            self.url = self.messenger.call_url(self.driver_id)
        except (LookupError, ValueError) as exc:
            self._say(self.tr("Cannot dial: {error}").format(error=isolate(exc)), ok=False)
            return False
        self.placed_at = self.clock()
        opener = self._open_url or QDesktopServices.openUrl
        shown = isolate(self.url.toString())
        if opener(self.url):
            self._say(self.tr("Calling through your phone ({url}). When the call is over, "
                              "record how it went.").format(url=shown), ok=True)
            return True
        self._say(self.tr("No program on this computer opened {url}. Dial {phone} yourself, "
                          "then record how it went.").format(
                              url=shown, phone=self.phone_label.text()), ok=False)
        return False

    def _say(self, text: str, *, ok: bool) -> None:
        self.status.setText(text)
        set_style(self.status, _OK_STYLE if ok else _ERROR_STYLE)

    # ------------------------------------------------------------------ the outcome

    def outcome(self) -> CallOutcome | None:
        return next((o for o, b in self.outcome_buttons.items() if b.isChecked()), None)

    def set_outcome(self, outcome: CallOutcome) -> None:
        self.outcome_buttons[outcome].setChecked(True)

    @Slot()
    def _update(self, *_args: object) -> None:
        note = self.note.toPlainText()
        too_long = len(note) > MAX_NOTE_CHARS
        self.record_button.setEnabled(self.outcome() is not None and not too_long)
        if too_long:
            self.hint.setText(self.tr("The note is {n} characters too long.").format(
                n=len(note) - MAX_NOTE_CHARS))
            set_style(self.hint, _ERROR_STYLE)
        elif self.outcome() is None:
            self.hint.setText(self.tr("Choose how the call went to record it."))
            set_style(self.hint, "color: palette(placeholder-text);")
        else:
            if self.alarm_id:
                text = self.tr("It goes on the record of alarm {id}.").format(id=self.alarm_id)
            elif self.trailer_id:
                text = self.tr("It goes on the record of trailer {id}.").format(
                    id=self.trailer_id)
            else:
                text = self.tr("It goes on the record of the driver's record.")
            self.hint.setText(text)
            set_style(self.hint, "color: palette(placeholder-text);")

    @Slot()
    def _record(self) -> None:
        outcome = self.outcome()
        if outcome is None:
            return
        try:
            item = self.messenger.record_call(
                self.driver_id, outcome, self.note.toPlainText(), alarm_id=self.alarm_id,
                trailer_id=self.trailer_id, placed_at=self.placed_at)
        except ValueError as exc:
            self.hint.setText(str(exc))
            set_style(self.hint, _ERROR_STYLE)
            return
        self.recorded.emit(self.driver_id, item.request_id)
        self.accept()
