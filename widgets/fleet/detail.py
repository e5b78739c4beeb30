"""The selected trailer at a glance: lock and seal, state, driver, trip, position, fix age,
fiber level, battery, open alarms; Acknowledge and the driver's contact from here."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from console.fleet.models import STATUS_LABEL, format_age, trailer_status
from console.fleet.store import FleetStore
from opticallock.protocol import AlarmState


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
        self.form = QFormLayout(self)
        self.fields: dict[str, QLabel] = {}
        for name in ["Trailer", "Lock / seal", "State", "Driver", "Phone", "Trip", "Position",
                     "Last fix", "Fiber seal", "Battery", "Open alarms"]:
            label = QLabel("—", self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.form.addRow(f"{name}:", label)
            self.fields[name] = label
        self.ack_button = QPushButton("Acknowledge alarm…", self)
        self.ack_button.setObjectName("detailAcknowledge")
        self.ack_button.setToolTip("Acknowledge this trailer's most urgent open alarm")
        self.ack_button.clicked.connect(
            lambda: self.acknowledgeRequested.emit(self.trailer_id or ""))
        self.ack_button.hide()
        self.form.addRow("", self.ack_button)
        self.message_button = QPushButton("Message driver…", self)
        self.message_button.setObjectName("detailMessageDriver")
        self.call_button = QPushButton("Call driver…", self)
        self.call_button.setObjectName("detailCallDriver")
        contact = QHBoxLayout()
        contact.addWidget(self.message_button)
        contact.addWidget(self.call_button)
        contact.addStretch(1)
        self.form.addRow("", contact)
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
            self.fields["Trailer"].setText("Select a trailer in the fleet table or on the map.")
            self.ack_button.hide()
            self.message_button.setEnabled(False)
            self.call_button.setEnabled(False)
            return
        lock = state.locks[trailer.lock_id]
        driver = state.drivers.get(trailer.driver_id or "")
        now = self.clock()
        f = self.fields
        f["Trailer"].setText(trailer.id)
        f["Lock / seal"].setText(f"{lock.id} / {lock.seal_id}")
        f["State"].setText(f"{STATUS_LABEL[trailer_status(self.store, lock.id, now)]} "
                           f"(lock {lock.state.value.replace('_', ' ')})")
        app = "app online" if driver and driver.app_online else "app offline"
        f["Driver"].setText(f"{driver.name} ({app})" if driver else "—")
        f["Phone"].setText(driver.phone if driver else "—")
        trip = trailer.trip
        f["Trip"].setText(f"{trip.origin_name} → {trip.destination_name} ({trip.route})"
                          if trip else "—")
        pos = lock.position
        f["Position"].setText(f"{pos.lat:.4f}, {pos.lon:.4f} · {pos.speed_kmh:.0f} km/h"
                              if pos else "no fix yet")
        f["Last fix"].setText((format_age(now - pos.ts) + " ago" if pos else "never")
                              + ("" if lock.gps_ok else " · GPS LOST"))
        f["Fiber seal"].setText(f"{lock.fiber_dbm:.1f} dBm (baseline "
                                f"{lock.fiber_baseline_dbm:.1f} dBm)")
        f["Battery"].setText(f"{lock.battery_pct:.0f} %")
        alarms = self.store.open_alarms_of(lock.id)
        f["Open alarms"].setText("\n".join(
            f"{a.priority.value.upper()} {a.type.value.replace('_', ' ')}: {a.detail}"
            + ("" if a.state is AlarmState.OPEN else f" (acknowledged by {a.acknowledged_by})")
            for a in alarms) or "none")
        self.ack_button.setVisible(any(a.state is AlarmState.OPEN for a in alarms))
        self.message_button.setEnabled(driver is not None)
        self.call_button.setEnabled(driver is not None)
