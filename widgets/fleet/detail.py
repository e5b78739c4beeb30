"""The selected trailer at a glance: lock and seal, state, driver, trip, position, fix age,
fiber level, battery, open alarms; Acknowledge and the driver's contact from here.

Names, phone numbers, places and alarm details came over the network: each is isolated where it
is put into a sentence (console/text.py), and the labels never widen the window (PlainLabel)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QWidget

from console.alarms.labels import alarm_type_label, priority_label
from console.fleet.labels import QT_TRANSLATE_NOOP, format_age, lock_state_label, status_label
from console.fleet.models import trailer_status
from console.fleet.store import FleetStore
from console.text import isolate
from console.units import format_speed
from opticallock.protocol import AlarmState
from widgets.alarms.text import PlainLabel, plain_label

#: The form's rows, by their (English) key in :attr:`DetailPanel.fields`; shown translated.
FIELDS = {
    "Trailer": QT_TRANSLATE_NOOP("DetailPanel", "Trailer"),
    "Lock / seal": QT_TRANSLATE_NOOP("DetailPanel", "Lock / seal"),
    "State": QT_TRANSLATE_NOOP("DetailPanel", "State"),
    "Driver": QT_TRANSLATE_NOOP("DetailPanel", "Driver"),
    "Phone": QT_TRANSLATE_NOOP("DetailPanel", "Phone"),
    "Trip": QT_TRANSLATE_NOOP("DetailPanel", "Trip"),
    "Position": QT_TRANSLATE_NOOP("DetailPanel", "Position"),
    "Last fix": QT_TRANSLATE_NOOP("DetailPanel", "Last fix"),
    "Fiber seal": QT_TRANSLATE_NOOP("DetailPanel", "Fiber seal"),
    "Battery": QT_TRANSLATE_NOOP("DetailPanel", "Battery"),
    "Open alarms": QT_TRANSLATE_NOOP("DetailPanel", "Open alarms"),
}


class DetailPanel(QWidget):
    """Selected trailer at a glance (the full lock detail panel comes with the fiber chart).

    Signals:
        acknowledgeRequested(str): Acknowledge on this trailer's most urgent open alarm.
        messageDriverRequested(str), callDriverRequested(str): contact this trailer's driver.
    """

    acknowledgeRequested = Signal(str)
    messageDriverRequested = Signal(str)
    callDriverRequested = Signal(str)

    def __init__(self, store: FleetStore, clock: Callable[[], float] = time.time,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.trailer_id: str | None = None
        #: The trailer the fleet search hides (unselected by it), said instead of "select one".
        self.hidden_id: str | None = None
        self.form = QFormLayout(self)
        self.fields: dict[str, PlainLabel] = {}
        for name, shown in FIELDS.items():
            label = plain_label("—", self)
            self.form.addRow(self.tr("{field}:").format(
                field=QCoreApplication.translate("DetailPanel", shown)), label)
            self.fields[name] = label
        self.ack_button = QPushButton(self.tr("Acknowledge alarm…"), self)
        self.ack_button.setObjectName("detailAcknowledge")
        self.ack_button.setToolTip(self.tr("Acknowledge this trailer's most urgent open alarm"))
        self.ack_button.clicked.connect(
            lambda: self.acknowledgeRequested.emit(self.trailer_id or ""))
        self.ack_button.hide()
        # The buttons span the form's two columns: beside the labels' column two Spanish
        # buttons made the panel 426 px wide and squeezed the fleet table at 1280 x 720.
        self.form.addRow(self.ack_button)
        self.message_button = QPushButton(self.tr("Message driver…"), self)
        self.message_button.setObjectName("detailMessageDriver")
        self.call_button = QPushButton(self.tr("Call driver…"), self)
        self.call_button.setObjectName("detailCallDriver")
        contact = QHBoxLayout()
        contact.addWidget(self.message_button)
        contact.addWidget(self.call_button)
        contact.addStretch(1)
        self.form.addRow(contact)
        self.message_button.clicked.connect(
            lambda: self.messageDriverRequested.emit(self.trailer_id or ""))
        self.call_button.clicked.connect(
            lambda: self.callDriverRequested.emit(self.trailer_id or ""))
        store.locksChanged.connect(self._maybe_refresh)
        store.alarmsChanged.connect(lambda _ids: self.refresh())
        store.reset.connect(self.refresh)

    def show_trailer(self, trailer_id: str | None) -> None:
        self.trailer_id = trailer_id
        self.refresh()

    @Slot(str)
    def show_hidden(self, trailer_id: str) -> None:
        """The fleet search hides this trailer, unselected by it ("" once that is over): the
        panel says so while nothing is selected, instead of asking to select one."""
        self.hidden_id = trailer_id or None
        self.refresh()

    def _maybe_refresh(self, lock_ids: list[str]) -> None:
        trailer = self.store.trailer(self.trailer_id or "")
        if trailer is not None and trailer.lock_id in lock_ids:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        state = self.store.state
        trailer = self.store.trailer(self.trailer_id or "")
        if state is None or trailer is None:
            for label in self.fields.values():
                label.setText("—")
            self.fields["Trailer"].setText(
                self.tr("{trailer} is hidden by the fleet search; clear the search to see it.")
                .format(trailer=isolate(self.hidden_id)) if self.hidden_id
                else self.tr("Select a trailer in the fleet table or on the map."))
            self.ack_button.hide()
            self.message_button.setEnabled(False)
            self.call_button.setEnabled(False)
            return
        lock = state.locks[trailer.lock_id]
        driver = state.drivers.get(trailer.driver_id or "")
        now = self.clock()
        f = self.fields
        f["Trailer"].setText(isolate(trailer.id))
        f["Lock / seal"].setText(f"{isolate(lock.id)} / {isolate(lock.seal_id)}")
        f["State"].setText(self.tr("{status} (lock {lock})").format(
            status=status_label(trailer_status(self.store, lock.id, now)),
            lock=lock_state_label(lock.state).lower()))
        if driver:
            app = self.tr("app online") if driver.app_online else self.tr("app offline")
            f["Driver"].setText(self.tr("{name} ({app})").format(name=isolate(driver.name),
                                                                 app=app))
        else:
            f["Driver"].setText("—")
        f["Phone"].setText(isolate(driver.phone) if driver else "—")
        trip = trailer.trip
        f["Trip"].setText(self.tr("{origin} → {destination} ({route})").format(
            origin=isolate(trip.origin_name), destination=isolate(trip.destination_name),
            route=isolate(trip.route))
            if trip else "—")
        pos = lock.position
        f["Position"].setText(self.tr("{lat}, {lon} · {speed}").format(
            lat=f"{pos.lat:.4f}", lon=f"{pos.lon:.4f}", speed=format_speed(pos.speed_kmh))
            if pos else self.tr("no fix yet"))
        f["Last fix"].setText(
            (self.tr("{age} ago").format(age=format_age(now - pos.ts)) if pos
             else self.tr("never"))
            + ("" if lock.gps_ok else self.tr(" · GPS LOST")))
        f["Fiber seal"].setText(self.tr("{level} dBm (baseline {baseline} dBm)").format(
            level=f"{lock.fiber_dbm:.1f}", baseline=f"{lock.fiber_baseline_dbm:.1f}"))
        f["Battery"].setText(f"{lock.battery_pct:.0f} %")
        alarms = self.store.open_alarms_of(lock.id)
        f["Open alarms"].setText("\n".join(
            self.tr("{priority} {alarm}: {detail}").format(
                priority=priority_label(a.priority), alarm=alarm_type_label(a.type),
                detail=isolate(a.detail))
            + ("" if a.state is AlarmState.OPEN else " " + self.tr(
                "(acknowledged by {who})").format(who=isolate(a.acknowledged_by)))
            for a in alarms) or self.tr("none"))
        self.ack_button.setVisible(any(a.state is AlarmState.OPEN for a in alarms))
        self.message_button.setEnabled(driver is not None)
        self.call_button.setEnabled(driver is not None)
