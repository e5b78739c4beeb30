"""Python ↔ map page: the QWebChannel object, and the feed that keeps the page in step with the
store in compact, coalesced batches.

Everything sent to the page is JSON data (``json.dumps``), never script text: names and notes from
the network reach the page as strings that its scripts put in ``textContent``, each isolated
on its own first (:func:`console.text.isolate`: direction controls stripped, right-to-left text
in FSI…PDI), so a name cannot reverse the phone number shown after it; ids that the page sends
back stay as they are.

MapBridge signals:
    push(str): a JSON message for the page (``OLMap.handle``; the ops are described in
        resources/map/messages.js).
    ready(): the page connected its side of the channel.
    clicked(str): the dispatcher clicked this trailer on the map.
    followToggled(bool), fitAsked(): the page's controls.
    acknowledgeAsked(str): the popup's Acknowledge button, for this alarm id.
    messageDriverAsked(str), callDriverAsked(str): the popup's contact buttons (trailer id).
    historyEventPicked(str): the dispatcher clicked this trip-history event (its id).
    trackDrawnOnPage(str, int, float): the page painted this track: id, fixes, ms since the
        message reached the page.
    drawnOnPage(str): the page painted a frame showing the message that carried this ``ack``
        token (the page answers any message with an ``"ack"`` field this way).

Trip history (:class:`HistoryMapFeed`): one trailer's past in its own layer ("Trip history" in the
map's Layers control), above the basemap and geofences; the live fleet is never touched.

``{"op": "track", "id": str, "lat": [float|null, ...], "lon": [...], "ts": [...], "speed": [...],
"stops": [...], "events": [...]}``
    Show this track (replacing any other), fit the map to it, drop the replay marker. ``lat``,
    ``lon``, ``ts`` (POSIX s) and ``speed`` (km/h) are plain, equally long arrays, one entry per
    fix; ``null`` means unknown (a fix without position breaks the line; without speed it is
    drawn grey). The line is coloured by speed band: < 5, 5–40, 40–70, ≥ 70 km/h; fixes more
    than 15 min and 2 km apart are joined by a dashed line. ``stops``: ``{"lat", "lon", "start",
    "end", "label"}``, drawn with their duration (end − start). ``events``: ``{"id", "kind",
    "lat", "lon", "ts", "label"}``; kind ``unlock``, ``lock``, ``tamper``, ``alarm``,
    ``geofence`` each has its own mark, anything else a generic one. Labels are shown as text on
    hover. Clicking an event calls ``historyEventClicked(id)``; once the track is on screen the
    page calls ``trackDrawn(id, fixes, ms)``.
``{"op": "replay", "ts": float, "lat": float, "lon": float, "heading": float, "follow": bool}``
    Put the replay marker (not the live trailer's) there, pointing at ``heading`` (degrees,
    0 = north, clockwise); with ``follow`` the map pans to keep it centred. Needs a track.
``{"op": "clearTrack"}``
    Remove the trip history from the map.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from console.alarms.labels import alarm_type_label, priority_label
from console.fleet.labels import format_age, lock_state_label, status_label
from console.fleet.store import FleetStore
from console.text import isolate
from console.units import format_speed
from opticallock.protocol import AlarmPriority, AlarmState, Geofence
from opticallock.status import TrailerStatus

_STATUS_CODE = {s: i for i, s in enumerate(TrailerStatus)}


class MapBridge(QObject):
    """The object the page sees as ``channel.objects.bridge``."""

    push = Signal(str)
    ready = Signal()
    clicked = Signal(str)
    followToggled = Signal(bool)
    fitAsked = Signal()
    acknowledgeAsked = Signal(str)
    messageDriverAsked = Signal(str)
    callDriverAsked = Signal(str)
    historyEventPicked = Signal(str)
    trackDrawnOnPage = Signal(str, int, float)
    drawnOnPage = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.page_ready = False
        self.sent_messages = 0
        self.sent_bytes = 0

    def send(self, message: dict[str, Any]) -> None:
        text = json.dumps(message, separators=(",", ":"))
        self.sent_messages += 1
        self.sent_bytes += len(text)
        self.push.emit(text)

    # Called from JavaScript: names must match BridgeCalls in resources/map/messages.js.
    @Slot()
    def pageReady(self) -> None:
        self.page_ready = True
        self.ready.emit()

    @Slot(str)
    def trailerClicked(self, trailer_id: str) -> None:
        self.clicked.emit(trailer_id)

    @Slot(bool)
    def followChanged(self, on: bool) -> None:
        self.followToggled.emit(on)

    @Slot()
    def fitRequested(self) -> None:
        self.fitAsked.emit()

    @Slot(str)
    def acknowledgeRequested(self, alarm_id: str) -> None:
        self.acknowledgeAsked.emit(alarm_id)

    @Slot(str)
    def messageDriverRequested(self, trailer_id: str) -> None:
        self.messageDriverAsked.emit(trailer_id)

    @Slot(str)
    def callDriverRequested(self, trailer_id: str) -> None:
        self.callDriverAsked.emit(trailer_id)

    @Slot(str)
    def historyEventClicked(self, event_id: str) -> None:
        self.historyEventPicked.emit(event_id)

    @Slot(str, int, float)
    def trackDrawn(self, track_id: str, fixes: int, ms: float) -> None:
        self.trackDrawnOnPage.emit(track_id, fixes, ms)

    @Slot(str)
    def drawn(self, token: str) -> None:
        self.drawnOnPage.emit(token)


class FleetMapFeed(QObject):
    """Keeps the page's fleet equal to the store's: a full reset, then changed slots only.

    Lock changes are collected and flushed at most every ``interval_ms`` as one ``update``
    message, however many positions arrived meanwhile (less often while a flush costs much:
    five times its cost, up to a second); a trailer turning to "alarm" is sent at once, not
    with the next batch.

    Signals:
        fleetDrawn(int): the page painted the whole fleet (this many trailers) after a reset.
        alarmsDrawn(list[str]): the page painted these locks in their alarm state.
        selectedChanged(str): another trailer is selected on the map ("" for none).
    """

    fleetDrawn = Signal(int)
    alarmsDrawn = Signal(list)
    selectedChanged = Signal(str)

    def __init__(self, store: FleetStore, bridge: MapBridge, *, interval_ms: int = 100,
                 clock: Callable[[], float] = time.time, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bridge = bridge
        self.clock = clock
        self.geofences: list[Geofence] = []
        self.selected: str | None = None
        self.follow = False
        self._slot_of_lock: dict[str, int] = {}
        self._trailer_ids: list[str] = []
        self._lock_ids: list[str] = []
        self._dirty: set[int] = set()
        self._sent_status: list[int] = []
        #: ack token -> what the page confirms with it (fleet size, or locks now in alarm).
        self._acks: dict[str, int | list[str]] = {}
        self._ack_seq = 0
        self.batch_costs_ms: list[float] = []
        #: The selected trailer's popup is refreshed at most once a second.
        self._details_due = False
        self._details_at = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.flush)
        self._interval_ms = interval_ms
        store.reset.connect(self.send_reset)
        store.locksChanged.connect(self.on_locks_changed)
        store.alarmsChanged.connect(self.on_alarms_changed)
        store.statusChanged.connect(self.on_status_changed)
        store.trailersChanged.connect(self.on_trailers_changed)
        store.geofencesChanged.connect(
            lambda: self.set_geofences(list(self.store.geofences.values())))
        bridge.ready.connect(self.on_page_ready)
        bridge.followToggled.connect(self._on_follow_toggled)
        bridge.drawnOnPage.connect(self._on_drawn)

    def _ack(self, what: int | list[str]) -> str:
        self._ack_seq += 1
        token = f"feed-{self._ack_seq}"
        self._acks[token] = what
        if len(self._acks) > 200:  # a page that never answers (reloading) must not grow this
            self._acks.pop(next(iter(self._acks)))
        return token

    @Slot(str)
    def _on_drawn(self, token: str) -> None:
        what = self._acks.pop(token, None)
        if isinstance(what, int):
            self.fleetDrawn.emit(what)
        elif what:
            self.alarmsDrawn.emit(what)

    # ------------------------------------------------------------------ page life

    @Slot()
    def on_page_ready(self) -> None:
        self.send_reset()
        self.send_geofences(self.geofences)
        if self.selected:
            self.select(self.selected, pan=False)
        self._timer.start()

    def set_geofences(self, fences: list[Geofence]) -> None:
        self.geofences = list(fences)
        self.send_geofences(self.geofences)

    def send_geofences(self, fences: list[Geofence]) -> None:
        if self.bridge.page_ready:
            self.bridge.send({"op": "geofences",
                              "items": [f.model_dump(mode="json") for f in fences]})

    # ------------------------------------------------------------------ fleet

    @Slot()
    def send_reset(self) -> None:
        state = self.store.state
        self._dirty.clear()
        if state is None:
            self._trailer_ids, self._lock_ids, self._slot_of_lock = [], [], {}
        else:
            self._trailer_ids = sorted(state.trailers)
            self._lock_ids = [state.trailers[t].lock_id for t in self._trailer_ids]
            self._slot_of_lock = {lock: i for i, lock in enumerate(self._lock_ids)}
        if not self.bridge.page_ready:
            return
        board = self.store.board
        lat, lon, hdg, st, names = [], [], [], [], []
        self._sent_status = []
        for trailer_id, lock_id in zip(self._trailer_ids, self._lock_ids, strict=True):
            assert state is not None
            lock = state.locks[lock_id]
            pos = lock.position
            lat.append(round(pos.lat, 5) if pos else None)
            lon.append(round(pos.lon, 5) if pos else None)
            hdg.append(round(pos.heading_deg) if pos else 0)
            code = _STATUS_CODE[board.status(lock_id)]
            st.append(code)
            self._sent_status.append(code)
            driver = state.drivers.get(state.trailers[trailer_id].driver_id or "")
            names.append(isolate(driver.name) if driver else "")
        self.bridge.send({"op": "reset", "ids": self._trailer_ids, "lat": lat, "lon": lon,
                          "hdg": hdg, "st": st, "names": names,
                          "ack": self._ack(len(self._trailer_ids))})

    @Slot(list)
    def on_locks_changed(self, lock_ids: list[str]) -> None:
        slots = self._slot_of_lock
        self._dirty.update(slots[i] for i in lock_ids if i in slots)
        if self.selected is not None:
            trailer = self.store.trailer(self.selected)
            if trailer is not None and trailer.lock_id in lock_ids:
                self._details_due = True

    @Slot(list)
    def on_alarms_changed(self, _alarm_ids: list[str]) -> None:
        if self.selected:
            self._details_due = True

    @Slot(list)
    def on_status_changed(self, lock_ids: list[str]) -> None:
        slots = self._slot_of_lock
        self._dirty.update(slots[i] for i in lock_ids if i in slots)
        board = self.store.board
        if any(board.status(i) is TrailerStatus.ALARM for i in lock_ids):
            self.flush()  # an alarm is drawn now, not with the next batch of positions

    @Slot(list)
    def on_trailers_changed(self, trailer_ids: list[str]) -> None:
        if any(t not in self._trailer_ids for t in trailer_ids):
            self.send_reset()

    @Slot()
    def flush(self) -> None:
        """Send one ``update`` with every slot that changed since the last flush."""
        if self._details_due and self.selected and self.clock() - self._details_at >= 1.0:
            self._details_due = False
            self.send_details(self.selected)
        state = self.store.state
        if not self._dirty or state is None or not self.bridge.page_ready:
            return
        started = time.perf_counter()
        idx, lat, lon, hdg, st = [], [], [], [], []
        alarmed: list[str] = []
        alarm_code = _STATUS_CODE[TrailerStatus.ALARM]
        locks = state.locks
        lock_ids = self._lock_ids
        status = self.store.board.status
        for slot in sorted(self._dirty):
            lock_id = lock_ids[slot]
            lock = locks[lock_id]
            pos = lock.position
            code = _STATUS_CODE[status(lock_id)]
            if pos is None and code == self._sent_status[slot]:
                continue
            idx.append(slot)
            lat.append(round(pos.lat, 5) if pos else None)
            lon.append(round(pos.lon, 5) if pos else None)
            hdg.append(round(pos.heading_deg) if pos else 0)
            st.append(code)
            if code == alarm_code and self._sent_status[slot] != alarm_code:
                alarmed.append(lock_id)
            self._sent_status[slot] = code
        self._dirty.clear()
        if idx:
            message: dict[str, Any] = {"op": "update", "idx": idx, "lat": lat, "lon": lon,
                                       "hdg": hdg, "st": st}
            if alarmed:
                message["ack"] = self._ack(alarmed)
            self.bridge.send(message)
        cost_ms = (time.perf_counter() - started) * 1000.0
        self.batch_costs_ms.append(cost_ms)
        del self.batch_costs_ms[:-1000]
        self._timer.setInterval(int(min(1000, max(self._interval_ms, 5 * cost_ms))))

    # ------------------------------------------------------------------ selection

    def select(self, trailer_id: str | None, *, pan: bool = True) -> None:
        changed = trailer_id != self.selected
        self.selected = trailer_id
        if changed:
            self.selectedChanged.emit(trailer_id or "")
        if not self.bridge.page_ready:
            return
        trailer = self.store.trailer(trailer_id or "")
        destination = trailer.trip.destination_id if trailer and trailer.trip else None
        self.bridge.send({"op": "select", "id": trailer_id, "destination": destination,
                          "follow": self.follow, "pan": pan})
        if trailer_id:
            self.send_details(trailer_id)

    def set_follow(self, on: bool) -> None:
        self.follow = on
        if self.selected:
            self.select(self.selected, pan=on)

    def _on_follow_toggled(self, on: bool) -> None:
        self.follow = on

    def fit(self) -> None:
        if self.bridge.page_ready:
            self.bridge.send({"op": "fit"})

    def show_place(self, lat: float, lon: float, label: str = "") -> None:
        """Centre the map on a place and ring it, with ``label`` shown as text."""
        if self.bridge.page_ready:
            self.bridge.send({"op": "place", "lat": lat, "lon": lon, "label": isolate(label)})

    def send_details(self, trailer_id: str) -> None:
        """The popup's content for one trailer: label/value pairs the page shows as text."""
        state = self.store.state
        trailer = self.store.trailer(trailer_id)
        if state is None or trailer is None:
            return
        self._details_at = self.clock()
        lock = state.locks[trailer.lock_id]
        driver = state.drivers.get(trailer.driver_id or "")
        now = self.clock()
        pos = lock.position
        lines = [
            [self.tr("Driver"),
             f"{isolate(driver.name)} · {isolate(driver.phone)}" if driver else "—"],
            # The trailer's state in the words of the table, the overview and the map legend.
            [self.tr("State"), status_label(self.store.board.status(lock.id))],
            [self.tr("Lock"), self.tr("{state} · seal {seal}").format(
                state=lock_state_label(lock.state).lower(), seal=isolate(lock.seal_id))],
            [self.tr("Speed"),
             format_speed(pos.speed_kmh) if pos else "—"],
            [self.tr("Last fix"), self.tr("{age} ago").format(age=format_age(now - pos.ts))
             if pos else self.tr("never")],
            [self.tr("Fiber seal"), self.tr("{level} dBm (baseline {baseline})").format(
                level=f"{lock.fiber_dbm:.1f}", baseline=f"{lock.fiber_baseline_dbm:.1f}")],
            [self.tr("Battery"), f"{lock.battery_pct:.0f} %"],
        ]
        if trailer.trip is not None:
            lines.append([self.tr("Trip"),
                          f"{isolate(trailer.trip.origin_name)} → "
                          f"{isolate(trailer.trip.destination_name)}"])
        alarms = self.store.open_alarms_of(lock.id)
        alarm = ack_alarm = None
        if alarms:
            worst = min(alarms, key=lambda a: (list(AlarmPriority).index(a.priority),
                                               a.raised_at))
            alarm = (f"{priority_label(worst.priority)} {alarm_type_label(worst.type)}"
                     f" — {isolate(worst.detail)}")
            if worst.state is AlarmState.OPEN:
                alarm += " · " + self.tr("not acknowledged")
                ack_alarm = worst.id
            elif worst.acknowledged_by:
                alarm += " · " + self.tr("acknowledged by {who}").format(
                    who=isolate(worst.acknowledged_by))
        self.bridge.send({"op": "details", "id": trailer_id,
                          "title": f"{isolate(trailer.id)} · {isolate(lock.id)}",
                          "lines": lines, "alarm": alarm, "ackAlarm": ack_alarm,
                          "contact": driver is not None})


# --------------------------------------------------------------------------- trip history

_TRACK_ARRAYS = ("lat", "lon", "ts", "speed")


def _json_numbers(values: Any) -> list[float | None]:
    """A plain list for JSON: NaN and infinities (not JSON) become ``null``."""
    array = np.asarray(values, dtype=np.float64)  # None -> NaN
    if array.ndim != 1:
        raise ValueError("track arrays must be one-dimensional")
    finite = np.isfinite(array)
    if finite.all():
        plain: list[float | None] = array.tolist()
        return plain
    return [float(v) if ok else None for v, ok in zip(array.tolist(), finite.tolist(), strict=True)]


def _json_scalar(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _json_items(items: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Items as JSON scalars; their labels (shown as text) isolated, their ids kept."""
    return [{k: isolate(v) if k == "label" and isinstance(v, str) else _json_scalar(v)
             for k, v in item.items()} for item in items or ()]


class HistoryMapFeed(QObject):
    """Shows one trailer's trip history on the map page: its track, stops, events and the replay
    marker, in a layer of their own (the live fleet is left alone). Re-sent after a page reload.

    Replay positions are coalesced: at most one ``replay`` message per ``replay_interval_ms``
    (the latest), however fast a slider is dragged.

    Signals:
        historyEventClicked(str): the dispatcher clicked this history event (its ``id``) on the map.
        trackShown(str, int, float): the page has painted this track: id, fixes with a position,
            ms from the message reaching the page to the first frame showing it.
    """

    historyEventClicked = Signal(str)
    trackShown = Signal(str, int, float)

    def __init__(self, bridge: MapBridge, *, replay_interval_ms: int = 40,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.track: dict[str, Any] | None = None
        self.replay: dict[str, Any] | None = None
        self._replay_due = False
        self._replay_timer = QTimer(self)
        self._replay_timer.setSingleShot(True)
        self._replay_timer.setInterval(replay_interval_ms)
        self._replay_timer.timeout.connect(self._on_replay_timer)
        bridge.ready.connect(self.on_page_ready)
        bridge.historyEventPicked.connect(self.historyEventClicked)
        bridge.trackDrawnOnPage.connect(self.trackShown)

    @Slot()
    def on_page_ready(self) -> None:
        if self.track is not None:
            self.bridge.send(self.track)
            if self.replay is not None:
                self.bridge.send(self.replay)

    def show_track(self, track: Mapping[str, Any]) -> None:
        """Show this track (``{"id", "lat", "lon", "ts", "speed", "stops", "events"}``, arrays as
        lists or numpy arrays of equal length), replacing any other, and fit the map to it."""
        track_id = track.get("id")
        message: dict[str, Any] = {"op": "track", "id": "" if track_id is None else str(track_id)}
        lengths = set()
        for key in _TRACK_ARRAYS:
            values = track.get(key)
            if values is None:
                if key in ("lat", "lon"):
                    raise ValueError(f"track without {key}")
                continue
            message[key] = _json_numbers(values)
            lengths.add(len(message[key]))
        if len(lengths) > 1:
            raise ValueError("track arrays must have equal lengths")
        message["stops"] = _json_items(track.get("stops"))
        message["events"] = _json_items(track.get("events"))
        self.track = message
        self.replay = None
        self._replay_due = False
        self._replay_timer.stop()
        if self.bridge.page_ready:
            self.bridge.send(message)

    @Slot(float, float, float, float, bool)
    def show_replay(self, ts: float, lat: float, lon: float, heading: float,
                    follow: bool) -> None:
        """Move the replay marker to this fix (pan to it if ``follow``)."""
        if self.track is None:
            return
        self.replay = {"op": "replay", "ts": _json_scalar(float(ts)),
                       "lat": _json_scalar(float(lat)), "lon": _json_scalar(float(lon)),
                       "heading": _json_scalar(float(heading)), "follow": bool(follow)}
        if self._replay_timer.isActive():
            self._replay_due = True
            return
        self._send_replay()

    @Slot()
    def clear_track(self) -> None:
        """Remove the trip history from the map."""
        self.track = None
        self.replay = None
        self._replay_due = False
        self._replay_timer.stop()
        if self.bridge.page_ready:
            self.bridge.send({"op": "clearTrack"})

    def _send_replay(self) -> None:
        if self.replay is None or not self.bridge.page_ready:
            return
        self.bridge.send(self.replay)
        self._replay_timer.start()

    @Slot()
    def _on_replay_timer(self) -> None:
        if self._replay_due:
            self._replay_due = False
            self._send_replay()
