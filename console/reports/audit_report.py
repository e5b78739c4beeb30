"""The C-TPAT seal audit report for one trip, as a PDF a customs auditor can file.

One document per trip, stating facts as they were: who and what (carrier, trailer, lock and
seal, the driver and the plan the trip's own logged ``trip`` events named, never the trailer's
of today), the lock and unlock with time and place, whether each unlock was authorised (only
when its ``lock_state`` event carries an authorisation: who approved it and when, from the unlock
requests) and whether it was at the trip's planned destination, the seal custody of the trip
(issued, applied with read-back and photo, checked, removed; mismatches and removals without
authorisation said as such), every tamper event and alarm with who acknowledged it, the note,
every action-plan step done *and* skipped, and the resolution, the driver messages about them,
the stops (the totals are their sum), a plot of the fiber-seal signal, and the cloud's
hash-chain check over the trip's events, so the reader can see the record is complete and
unedited.

:func:`build_trip_report` makes it from the cloud alone (``CloudApi``, no window), for the
reports' command line; the trip history view writes it with :func:`trip_subject` and
:func:`write_pdf` from what it has loaded.

Everything that came from the network is escaped, and isolated on its own where it is put into
a sentence (:func:`console.text.isolate`: a driver name's direction override cannot reverse the
phone number printed after it, nor an Arabic name move it). Rendered with QTextDocument into
QPdfWriter (QtGui only: no widget), A4 portrait, page numbers in the footer.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from console.alarms.action_plans import ActionPlan, load_action_plans
from console.alarms.labels import alarm_type_label, outcome_label, priority_label
from console.alarms.plans_editor import fetch_plans
from console.contacts.labels import call_outcome_label, entry_status_label
from console.contacts.messaging import EntryStatus
from console.history.labels import english_plural, format_duration
from console.history.loader import HistoryError, HistoryLoader, LockHistory, fetch_alarm_audits
from console.link.api import ApiError, CloudApi
from console.link.client import CloudUnavailable
from console.places import where_text
from console.text import isolate
from opticallock.fleet import FleetState
from opticallock.protocol import (
    Alarm,
    AlarmAudit,
    AlarmRaisedEvent,
    AlarmType,
    Driver,
    DriverCallEvent,
    DriverMessageEvent,
    MessageDirection,
    MessageStatus,
    Position,
    SealAction,
    SealEvent,
    TamperEvent,
    TripEvent,
    UnlockRequest,
    UnlockRequestEvent,
)
from opticallock.seal_health import TAMPER_DROP_DB, WARNING_DROP_DB
from opticallock.trips import TripSpan, Unlock, split_trips

log = logging.getLogger(__name__)

#: Qt's translation in a context; the report's texts are in "AuditReport".
translate = QCoreApplication.translate


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _n(text: object) -> str:
    """Text from the network as HTML: isolated (console/text.py), then escaped."""
    return _e(isolate(text))


def _when(ts: float | None) -> str:
    if ts is None:
        return "—"
    return time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(ts))


def _where(lat: float | None, lon: float | None) -> str:
    if lat is None or lon is None:
        return translate("AuditReport", "position unknown")
    return translate("AuditReport", "{place} ({lat}, {lon})").format(
        place=where_text(Position(ts=0, lat=lat, lon=lon, speed_kmh=0, heading_deg=0)),
        lat=f"{lat:.5f}", lon=f"{lon:.5f}")


def _yes_no(yes: bool | None) -> str:
    """HTML: "yes", a bold "NO" (what an auditor must not miss), or "no plan" for None."""
    if yes is None:
        return _e(translate("AuditReport", "no plan"))
    if yes:
        return _e(translate("AuditReport", "yes"))
    return "<b>" + _e(translate("AuditReport", "NO")) + "</b>"


def _message_status(status: MessageStatus) -> str:
    """A message's ticks in the conversation's words; a driver's reply is a reply."""
    if status is MessageStatus.REPLY:
        return translate("AuditReport", "reply")
    return entry_status_label(EntryStatus(status.value))


def _pos_where(position: Position | None) -> str:
    return _where(position.lat if position else None, position.lon if position else None)


@dataclass
class AuditSubject:
    """Who and what the report is about. The driver is the trip's (:func:`trip_subject` takes
    it from the trip's own ``trip`` events), not the trailer's driver of today."""

    carrier: str
    trailer_id: str
    lock_id: str
    seal_id: str
    driver: str
    dispatcher: str
    alarms: list[AlarmAudit] = field(default_factory=list)
    #: The driver's phone, printed after :attr:`driver` (each isolated on its own); None when
    #: :attr:`driver` already says it.
    driver_phone: str | None = None
    #: The carrier's unlock requests at hand (who approved an authorisation, and when); the
    #: ``unlock_request`` events in the history are read too.
    unlock_requests: list[UnlockRequest] = field(default_factory=list)
    #: The action plans the steps are listed against (None: the shipped plans).
    plans: dict[AlarmType, ActionPlan] | None = None
    #: Geofence names by id, for where a seal was checked or removed.
    geofence_names: dict[str, str] = field(default_factory=dict)

    def driver_text(self) -> str:
        """The driver as the report prints it: name and phone, each isolated."""
        if self.driver_phone is None:
            return isolate(self.driver)
        return f"{isolate(self.driver)} · {isolate(self.driver_phone)}"


def fiber_plot_png(history: LockHistory, trip: TripSpan, baseline: float | None,
                   width: int = 1600, height: int = 520) -> bytes:
    """The trip's fiber signal as a PNG: curve, baseline, warning and tamper lines, tamper marks."""
    t0 = trip.start
    t1 = trip.end if trip.end is not None else history.end
    lo = int(np.searchsorted(history.fiber_ts, t0))
    hi = int(np.searchsorted(history.fiber_ts, t1, side="right"))
    ts, dbm = history.fiber_ts[lo:hi], history.fiber_dbm[lo:hi]
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont("DejaVu Sans")
    font.setPixelSize(22)
    p.setFont(font)
    left, right, top, bottom = 130, 30, 30, 80
    plot = QRectF(left, top, width - left - right, height - top - bottom)
    p.setPen(QPen(QColor("#888"), 2))
    p.drawRect(plot)
    base = baseline if baseline is not None else (float(np.median(dbm)) if len(dbm) else -11.0)
    y_max = base + 3.0
    y_min = min(base - TAMPER_DROP_DB - 3.0, float(dbm.min()) - 1.0 if len(dbm) else base - 14)
    y_min = max(y_min, -45.0)
    span_t = max(1.0, t1 - t0)

    def px(t: float, v: float) -> QPointF:
        x = plot.left() + (t - t0) / span_t * plot.width()
        y = plot.top() + (y_max - min(max(v, y_min), y_max)) / (y_max - y_min) * plot.height()
        return QPointF(x, y)

    for value, colour, label in (
            (base, "#1565c0", translate("AuditReport", "baseline")),
            (base - WARNING_DROP_DB, "#ef6c00", translate("AuditReport", "warning")),
            (base - TAMPER_DROP_DB, "#c62828", translate("AuditReport", "tamper"))):
        pen = QPen(QColor(colour), 2, Qt.PenStyle.DashLine)
        p.setPen(pen)
        a, b = px(t0, value), px(t1, value)
        p.drawLine(a, b)
        p.drawText(QRectF(plot.left() + 8, a.y() - 30, plot.width() - 16, 28),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                   translate("AuditReport", "{line} {level} dBm").format(
                       line=label, level=f"{value:.1f}"))
    # Curve: at most ~2 points per pixel column (min/max per column keeps the cuts visible).
    if len(ts):
        cols = int(plot.width())
        idx = np.clip(((ts - t0) / span_t * cols).astype(int), 0, cols - 1)
        path = QPainterPath()
        first = True
        order = np.argsort(idx, kind="stable")
        idx, vals, tss = idx[order], dbm[order], ts[order]
        bounds = np.flatnonzero(np.diff(idx)) + 1
        for seg_t, seg_v in zip(np.split(tss, bounds), np.split(vals, bounds), strict=True):
            for j in sorted({int(np.argmin(seg_v)), int(np.argmax(seg_v))}):
                point = px(float(seg_t[j]), float(seg_v[j]))
                if first:
                    path.moveTo(point)
                    first = False
                else:
                    path.lineTo(point)
        p.setPen(QPen(QColor("#2e7d32"), 2.5))
        p.drawPath(path)
    # Tamper events as red triangles on the time axis.
    p.setPen(QPen(QColor("#b71c1c"), 2))
    p.setBrush(QColor("#d32f2f"))
    for event in trip.events:
        if isinstance(event, TamperEvent):
            x = px(event.ts, y_min).x()
            tri = QPainterPath()
            tri.moveTo(x, plot.bottom() - 2)
            tri.lineTo(x - 9, plot.bottom() - 18)
            tri.lineTo(x + 9, plot.bottom() - 18)
            tri.closeSubpath()
            p.drawPath(tri)
    # Axes labels.
    p.setPen(QColor("#333"))
    for frac in (0.0, 0.25, 0.5, 0.75, 1.0):
        t = t0 + frac * span_t
        x = plot.left() + frac * plot.width()
        box = QRectF(x - 90, plot.bottom() + 8, 180, 28)
        align = Qt.AlignmentFlag.AlignHCenter
        if frac == 0.0:
            box, align = QRectF(x, plot.bottom() + 8, 180, 28), Qt.AlignmentFlag.AlignLeft
        elif frac == 1.0:
            box, align = QRectF(x - 180, plot.bottom() + 8, 180, 28), Qt.AlignmentFlag.AlignRight
        p.drawText(box, align | Qt.AlignmentFlag.AlignTop,
                   time.strftime("%m-%d %H:%M", time.localtime(t)))
    for k in range(5):
        v = y_min + k * (y_max - y_min) / 4
        y = px(t0, v).y()
        p.drawText(QRectF(0, y - 13, left - 10, 26),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                   translate("AuditReport", "{level} dBm").format(level=f"{v:.0f}"))
    p.drawText(QRectF(plot.left(), height - 30, plot.width(), 28), Qt.AlignmentFlag.AlignCenter,
               translate("AuditReport", "Fiber seal received power (dBm), local time"))
    p.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; 6.11 wants str
    return bytes(data.data())


def _kv(rows: list[tuple[str, str]]) -> str:
    """A key-value table; the keys are escaped here, the values are HTML already."""
    return "<table class='kv'>" + "".join(
        f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"


def _grid(headers: list[str], rows: list[str], empty: str,
          widths: list[int] | None = None, small: bool = False) -> str:
    """A ruled table over the page's width (``widths``: each column's percent); ``empty``
    (escaped here) when there are no rows. The header row is repeated on every page the
    table runs onto."""
    head = "".join(f"<th width='{w}%'>{_e(h)}</th>" if w else f"<th>{_e(h)}</th>"
                   for h, w in zip(headers, widths or [0] * len(headers), strict=True))
    body = "".join(rows) or f"<tr><td colspan='{len(headers)}'>{_e(empty)}</td></tr>"
    kind = "grid small" if small else "grid"
    return (f"<table class='{kind}' width='100%'><thead><tr>{head}</tr></thead>{body}"
            "</table>")


def _bold(text: str) -> str:
    """HTML: ``text`` escaped, in bold (what an auditor must not miss)."""
    return f"<b>{_e(text)}</b>"


def _skipped() -> str:
    return _bold(translate("AuditReport", "skipped"))


def _steps_html(alarm: Alarm, plan: ActionPlan | None) -> str:
    """Every step of the alarm type's plan, done (by whom, when) or plainly skipped (never
    ticked, or ticked and unticked), then steps on the record the plan no longer has."""
    touched = {s.step_id: s for s in alarm.steps}
    items = []

    def done(label: str, by: str, at: float) -> str:
        return (f"<li>☑ {_n(label)} — " + _e(translate("AuditReport", "done by {who}, {when}")
                                            .format(who=isolate(by), when=_when(at))) + "</li>")

    for step in plan.steps if plan is not None else ():
        record = touched.pop(step.step_id, None)
        if record is not None and record.done:
            items.append(done(record.label or step.label, record.by, record.at))
        elif record is not None:
            items.append(f"<li>☐ {_n(step.label)} — {_skipped()} " + _e(translate(
                "AuditReport", "(ticked, then unticked by {who}, {when})").format(
                who=isolate(record.by), when=_when(record.at))) + "</li>")
        else:
            items.append(f"<li>☐ {_n(step.label)} — {_skipped()} " + _e(translate(
                "AuditReport", "(never ticked)")) + "</li>")
    for record in touched.values():  # ticked under an older plan
        if record.done:
            items.append(done(record.label, record.by, record.at))
        else:
            items.append(f"<li>☐ {_n(record.label)} — {_skipped()} " + _e(translate(
                "AuditReport", "(unticked by {who}, {when})").format(
                who=isolate(record.by), when=_when(record.at))) + "</li>")
    if plan is None:
        items.append("<li>" + _e(translate(
            "AuditReport", "No action plan for this alarm type was at hand: only the steps on "
            "the alarm's record are listed.")) + "</li>")
    return "".join(items) or "<li>" + _e(translate("AuditReport", "none recorded")) + "</li>"


def _alarm_rows(audit: AlarmAudit, plan: ActionPlan | None = None) -> str:
    a: Alarm = audit.alarm
    steps = _steps_html(a, plan)
    messages = []
    for event in audit.events:
        if isinstance(event, DriverCallEvent):
            c = event.call
            call = translate("AuditReport", "{when} · {who} · call: {outcome}").format(
                when=_when(c.at), who=isolate(c.by), outcome=call_outcome_label(c.outcome))
            messages.append(f"<li>{_e(call)}{' — ' + _n(c.note) if c.note else ''}</li>")
        if isinstance(event, DriverMessageEvent):
            m = event.message
            who = (translate("AuditReport", "driver")
                   if m.direction is MessageDirection.FROM_DRIVER
                   else (isolate(m.sent_by) if m.sent_by
                         else translate("AuditReport", "dispatch")))
            messages.append("<li>" + _e(translate(
                "AuditReport", "{when} · {who} · {status}: “{text}”").format(
                when=_when(m.created_at), who=who, status=_message_status(m.status),
                text=isolate(m.text))) + "</li>")
    escalation = (translate("AuditReport", "level {level}").format(level=a.escalation_level)
                  if a.escalation_level else translate("AuditReport", "none"))
    resolution = (translate("AuditReport", "{outcome} — {who}, {when}; note: {note}").format(
        outcome=outcome_label(a.outcome), who=isolate(a.resolved_by or ""),
        when=_when(a.resolved_at), note=isolate(a.resolve_note or "—"))
        if a.outcome else translate("AuditReport", "not resolved at the time of this report"))
    acknowledged = (isolate(a.acknowledged_by) if a.acknowledged_by
                    else translate("AuditReport", "not acknowledged"))
    if a.acknowledged_at:
        acknowledged += ", " + _when(a.acknowledged_at)
    none = translate("AuditReport", "none")
    return (
        f"<h3>{_e(priority_label(a.priority))} · {_e(alarm_type_label(a.type))} · "
        f"{_n(a.id)}</h3>"
        + _kv([(translate("AuditReport", "Raised"), f"{_e(_when(a.raised_at))} — {_n(a.detail)}"),
               (translate("AuditReport", "Where"), _e(_pos_where(a.position))),
               (translate("AuditReport", "Acknowledged"), _e(acknowledged)),
               (translate("AuditReport", "Note"), _n(a.ack_note or "—")),
               (translate("AuditReport", "Escalation"), _e(escalation)),
               (translate("AuditReport", "Resolution"), _e(resolution))])
        + "<p><b>" + _e(translate("AuditReport", "Action-plan steps")) + f"</b></p><ul>{steps}</ul>"
        + "<p><b>" + _e(translate("AuditReport", "Driver messages and calls")) + "</b></p>"
        f"<ul>{''.join(messages) or '<li>' + _e(none) + '</li>'}</ul>"
    )


def _count(source_n: str, n: int) -> str:
    """An already translated numerus text in English when no translation gave its forms."""
    return english_plural(source_n, n)


def _unlock_place(unlock: Unlock) -> str:
    """The geofence an unlock happened in; the domain names "outside any geofence" in English."""
    if unlock.geofence_id is None:
        return translate("AuditReport", "outside any geofence")
    return unlock.geofence_name


def _unlock_requests(subject: AuditSubject, history: LockHistory) -> dict[str, UnlockRequest]:
    """The unlock requests at hand by id: the subject's, then the history's events (each the
    request as it stood after it, so the last one wins)."""
    found = {r.id: r for r in subject.unlock_requests}
    for event in [*history.prior_events, *history.events]:
        if isinstance(event, UnlockRequestEvent):
            found[event.request.id] = event.request
    return found


def _authorisation(authorisation_id: str | None, requests: Mapping[str, UnlockRequest],
                   names: Mapping[str, str]) -> str:
    """HTML: who approved the authorisation and when, or a bold NOT authorised."""
    if authorisation_id is None:
        return _bold(translate("AuditReport", "NOT authorised"))
    request = requests.get(authorisation_id)
    if request is None or request.decided_at is None:
        return _e(translate("AuditReport", "yes — authorisation {id} (its approval is not "
                            "among the records at hand)").format(id=isolate(authorisation_id)))
    where = (names.get(request.valid_geofence_id, request.valid_geofence_id)
             if request.valid_geofence_id else translate("AuditReport", "any place"))
    return _e(translate(
        "AuditReport", "yes — approved by {who}, {when} (request {id}; valid in {where} "
        "until {until})").format(
        id=isolate(request.id), who=isolate(request.decided_by or "—"),
        when=_when(request.decided_at), where=isolate(where), until=_when(request.valid_until)))


def _seal_action(action: SealAction) -> str:
    """A seal action in the report's words."""
    return {
        SealAction.ISSUED: translate("AuditReport", "issued"),
        SealAction.APPLIED: translate("AuditReport", "applied"),
        SealAction.CHECKED: translate("AuditReport", "checked"),
        SealAction.REMOVED: translate("AuditReport", "removed"),
        SealAction.REPLACED: translate("AuditReport", "replaced"),
        SealAction.TAMPERED: translate("AuditReport", "TAMPERED"),
    }[action]


def trip_seal_events(history: LockHistory, trip: TripSpan) -> list[SealEvent]:
    """The seal events of the trip: the lock's or trailer's in the trip's time (from its first
    own ``trip`` event, so a seal issued and applied before the lock counts), and any naming
    the trip."""
    own = [e.ts for e in trip.events if isinstance(e, TripEvent)]
    lo = min([trip.start, *own])
    hi = trip.end if trip.end is not None else history.end
    seen: set[int] = set()
    found = []
    for e in [*history.prior_events, *history.events]:
        if not isinstance(e, SealEvent) or e.seq in seen:
            continue
        ours = e.lock_id == history.lock_id or e.trailer_id == history.trailer_id
        if (trip.trip_id is not None and e.trip_id == trip.trip_id) or (
                ours and lo <= e.ts <= hi):
            seen.add(e.seq)
            found.append(e)
    return sorted(found, key=lambda e: e.seq)


def _seal_row(e: SealEvent, names: Mapping[str, str]) -> str:
    seal = e.seal
    where = (names.get(e.geofence_id, e.geofence_id) if e.geofence_id
             else _pos_where(e.position) if e.position is not None else "—")
    evidence = []
    if e.read_back is not None:
        evidence.append(translate("AuditReport", "read back {number}").format(
            number=isolate(e.read_back)))
    if e.photo_ref:
        evidence.append(translate("AuditReport", "photo {ref}").format(ref=isolate(e.photo_ref)))
    remarks = []
    if e.action is SealAction.APPLIED and e.read_back is not None \
            and e.read_back != seal.number:
        remarks.append(_bold(translate(
            "AuditReport", "MISMATCH: the number read back is not the seal issued")))
    if e.action in (SealAction.REMOVED, SealAction.REPLACED):
        if e.authorised and e.authorisation_id:
            remarks.append(_e(translate("AuditReport", "authorised ({id})").format(
                id=isolate(e.authorisation_id))))
        else:
            remarks.append(_bold(translate("AuditReport", "removed WITHOUT authorisation")))
        if e.replaced_by:
            remarks.append(_e(translate("AuditReport", "replaced by {number}").format(
                number=isolate(e.replaced_by))))
    if e.action is SealAction.TAMPERED:
        remarks.append(_bold(translate("AuditReport", "found cut or forced")))
    if e.note:
        remarks.append(_n(e.note))
    return (f"<tr><td>{_e(_when(e.ts))}</td><td>{_e(_seal_action(e.action))}</td>"
            f"<td>{_n(seal.number)}</td><td>{_n(_breakable(e.actor))}</td>"
            f"<td>{_e(isolate(where))}</td>"
            f"<td>{_e('; '.join(evidence) or '—')}</td><td>{'; '.join(remarks) or '—'}</td></tr>")


def _breakable(actor: str) -> str:
    """"dispatcher:marta" as "dispatcher: marta", so a narrow column breaks it at the colon."""
    return actor.replace(":", ": ", 1) if ": " not in actor else actor


def _seals_described(events: list[SealEvent]) -> str:
    """HTML: each seal of the trip once, with its ISO 17712 class and manufacturer."""
    seen: dict[str, SealEvent] = {}
    for e in events:
        seen.setdefault(e.seal.number, e)
    return "".join("<p>" + _e(translate(
        "AuditReport", "Seal {number}: ISO 17712 class {cls}, {maker}").format(
        number=isolate(e.seal.number), cls=e.seal.iso_class.value,
        maker=isolate(e.seal.manufacturer))) + "</p>" for e in seen.values())


def _plan_text(trip: TripSpan) -> str:
    plan = trip.plan
    if plan is None:
        return translate("AuditReport", "no plan on record for this trip")
    return translate("AuditReport", "{origin} → {destination} ({route}), window {start} to "
                     "{end}; trip {id}").format(
        origin=isolate(plan.origin_name), destination=isolate(plan.destination_name),
        route=isolate(plan.route), start=_when(plan.window_start), end=_when(plan.window_end),
        id=isolate(plan.id))


def build_html(subject: AuditSubject, history: LockHistory, trip: TripSpan,
               baseline: float | None = None, image_width: int = 640) -> str:
    """The report as HTML (the PDF renders it; the plot is the ``fiber.png`` resource)."""
    lock_event = trip.lock_event
    lock_pos = lock_event.position if lock_event is not None else None
    names = subject.geofence_names
    requests = _unlock_requests(subject, history)
    plans = subject.plans
    if plans is None:
        try:
            plans = load_action_plans()
        except ValueError as exc:
            log.warning("the report lists only the steps on record: %s", exc)
            plans = {}
    v = history.verification
    if v is None:
        chain = "<p>" + _e(translate(
            "AuditReport", "No logged events in this trip: nothing to verify.")) + "</p>"
    else:
        verdict = (translate("AuditReport", "VERIFIED — complete and unedited") if v.ok
                   else translate("AuditReport", "FAILED — the log was altered"))
        colour = "#1b5e20" if v.ok else "#b71c1c"
        chain = f"<p style='color:{colour}'><b>{_e(verdict)}</b></p>" + _kv([
            (translate("AuditReport", "Range"), _e(translate(
                "AuditReport", "events {first} to {last} ({checked} entries checked)").format(
                first=v.from_seq, last=v.to_seq, checked=v.checked))),
            (translate("AuditReport", "Anchor hash"),
             f"<span class='mono'>{_e(v.anchor_hash)}</span>"),
            (translate("AuditReport", "Head hash"), f"<span class='mono'>{_e(v.head_hash)}</span>"),
            (translate("AuditReport", "Cloud says"), _n(v.message))])
    unlocks = _grid(
        [translate("AuditReport", "Time"), translate("AuditReport", "Geofence"),
         translate("AuditReport", "Place"), translate("AuditReport", "By"),
         translate("AuditReport", "Authorisation"),
         translate("AuditReport", "At planned destination")],
        [f"<tr><td>{_e(_when(u.ts))}</td><td>{_n(_unlock_place(u))}</td>"
         f"<td>{_e(_where(u.lat, u.lon))}</td><td>{_n(u.actor.replace('_', ' '))}</td>"
         f"<td>{_authorisation(u.authorisation_id, requests, names)}</td>"
         f"<td>{_yes_no(u.at_planned_destination)}</td></tr>"
         for u in trip.unlocks],
        translate("AuditReport", "no unlock in this trip"), widths=[14, 12, 19, 9, 31, 15])
    seal_events = trip_seal_events(history, trip)
    seals = _seals_described(seal_events) + _grid(
        [translate("AuditReport", "Time"), translate("AuditReport", "Action"),
         translate("AuditReport", "Seal"), translate("AuditReport", "By"),
         translate("AuditReport", "Where"), translate("AuditReport", "Evidence"),
         translate("AuditReport", "Remarks")],
        [_seal_row(e, names) for e in seal_events],
        translate("AuditReport", "no seal event on record for this trip"),
        widths=[13, 10, 15, 12, 16, 14, 20], small=True)
    tampers = _grid(
        [translate("AuditReport", "Time"), translate("AuditReport", "Kind"),
         translate("AuditReport", "Fiber level"), translate("AuditReport", "Place")],
        [f"<tr><td>{_e(_when(e.ts))}</td><td>{_e(alarm_type_label(e.kind.value))}</td>"
         f"<td>{'—' if e.fiber_dbm is None else f'{e.fiber_dbm:.1f} dBm'}</td>"
         f"<td>{_e(_pos_where(e.position))}</td></tr>"
         for e in trip.events if isinstance(e, TamperEvent)],
        translate("AuditReport", "no tamper event"))
    stops = _grid(
        [translate("AuditReport", "From"), translate("AuditReport", "Duration"),
         translate("AuditReport", "Place")],
        [f"<tr><td>{_e(_when(s.start))}</td><td>{_e(format_duration(s.duration_s))}</td>"
         f"<td>{_e(_where(s.lat, s.lon))}</td></tr>" for s in trip.stops],
        translate("AuditReport", "no stop"))
    alarms = "".join(_alarm_rows(a, plans.get(a.alarm.type)) for a in subject.alarms) or (
        "<p>" + _e(translate("AuditReport", "No alarm in this trip.")) + "</p>")
    if lock_event is None:
        locked_text = translate(
            "AuditReport", "before {start}: the lock's record at hand does not reach back to "
            "the lock; the figures below start there").format(start=_when(trip.data_from))
    else:
        locked_text = translate("AuditReport", "{when} at {origin}").format(
            when=_when(lock_event.ts), origin=isolate(trip.origin)) + (
            f" — {_where(lock_pos.lat, lock_pos.lon)}" if lock_pos else "")
    t = trip.totals
    stops_count = _count(translate("AuditReport", "%n stop(s)", None, t.stops), t.stops)
    end_text = (_when(trip.end) if trip.end is not None
                else translate("AuditReport", "not unlocked in the period (trip under way)"))
    generated = translate(
        "AuditReport", "C-TPAT seal verification record · {carrier} · generated {when} by "
        "{dispatcher} with the OpticalLock Dispatcher console").format(
        carrier=isolate(subject.carrier), when=_when(time.time()),
        dispatcher=isolate(subject.dispatcher))
    conveyance = _kv([
        (translate("AuditReport", "Trailer"), _n(subject.trailer_id)),
        (translate("AuditReport", "Lock / electronic seal"), _e(translate(
            "AuditReport", "{lock} / seal {seal}").format(
            lock=isolate(subject.lock_id), seal=isolate(subject.seal_id)))),
        (translate("AuditReport", "Driver"), _e(subject.driver_text())),
        (translate("AuditReport", "Trip"), _e(f"{isolate(trip.origin)} → " + (
            isolate(trip.destination) if trip.destination
            else translate("AuditReport", "not yet unlocked")))),
        (translate("AuditReport", "Planned trip"), _e(_plan_text(trip))),
        (translate("AuditReport", "Planned destination"), _e(
            isolate(trip.planned_destination) if trip.planned_destination
            else translate("AuditReport", "no plan on record")))])
    lock_unlock = _kv([
        (translate("AuditReport", "Locked (sealed)"), _e(locked_text)),
        (translate("AuditReport", "Unlocked (seal opened)"), _e(end_text))])
    totals = _kv([
        (translate("AuditReport", "Distance"), _e(translate("AuditReport", "{km} km").format(
            km=f"{t.distance_km:,.1f}"))),
        (translate("AuditReport", "Driving time"), _e(format_duration(t.driving_s))),
        (translate("AuditReport", "Stopped"), _e(translate(
            "AuditReport", "{hours} in {stops}").format(
            hours=format_duration(t.stopped_s), stops=stops_count))),
        (translate("AuditReport", "Unlocks"), str(t.unlocks)),
        (translate("AuditReport", "Tamper events"), str(t.tamper_events)),
        (translate("AuditReport", "Alarms"), str(t.alarms))])
    heading = {
        "title": translate("AuditReport", "Seal audit report — trailer {trailer}").format(
            trailer=isolate(subject.trailer_id)),
        "conveyance": translate("AuditReport", "Conveyance and seal"),
        "lock": translate("AuditReport", "Lock and unlock"),
        "seals": translate("AuditReport", "Seal custody in this trip"),
        "totals": translate("AuditReport", "Totals"),
        "totals_note": translate("AuditReport", "The stopped time and stops are the sum of the "
                                 "stops listed below."),
        "fiber": translate("AuditReport", "Fiber seal signal"),
        "tampers": translate("AuditReport", "Tamper events"),
        "alarms": translate("AuditReport", "Alarms, acknowledgements and resolutions"),
        "stops": translate("AuditReport", "Stops"),
        "chain": translate("AuditReport", "Event log integrity"),
        "chain_note": translate(
            "AuditReport", "The OpticalLock cloud chains every logged event to its predecessor "
            "with SHA-256; the check above recomputed that chain over this trip's events. Any "
            "edited, inserted or removed event breaks it."),
    }
    h = {key: _e(text) for key, text in heading.items()}
    return f"""<html><head><style>
body {{ font-family: 'DejaVu Sans'; font-size: 9pt; color: #111; }}
h1 {{ font-size: 16pt; margin: 0; }}
h2 {{ font-size: 12pt; margin-top: 14px; border-bottom: 1px solid #999; }}
h3 {{ font-size: 10pt; margin-bottom: 2px; }}
table {{ border-collapse: collapse; }}
table.grid td, table.grid th {{ border: 1px solid #999; padding: 3px 5px; }}
table.grid th {{ background: #eee; }}
table.small td, table.small th {{ font-size: 7.5pt; }}
table.kv th {{ text-align: left; padding: 2px 10px 2px 0; color: #444; }}
.mono {{ font-family: 'DejaVu Sans Mono'; font-size: 7pt; }}
.muted {{ color: #666; }}
</style></head><body>
<h1>{h["title"]}</h1>
<p class='muted'>{_e(generated)}</p>
<h2>{h["conveyance"]}</h2>
{conveyance}
<h2>{h["lock"]}</h2>
{lock_unlock}
{unlocks}
<h2>{h["seals"]}</h2>
{seals}
<h2>{h["totals"]}</h2>
{totals}
<p class='muted'>{h["totals_note"]}</p>
<h2>{h["fiber"]}</h2>
<p><img src='fiber.png' width='{image_width}'></p>
<h2>{h["tampers"]}</h2>
{tampers}
<h2>{h["alarms"]}</h2>
{alarms}
<h2>{h["stops"]}</h2>
{stops}
<h2>{h["chain"]}</h2>
{chain}
<p class='muted'>{h["chain_note"]}</p>
</body></html>"""


def write_pdf(path: Path, subject: AuditSubject, history: LockHistory, trip: TripSpan,
              baseline: float | None = None) -> Path:
    """Render the report to ``path`` (A4, page numbers); returns the path."""
    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(".pdf")
    writer = QPdfWriter(str(path))
    writer.setTitle(translate("AuditReport", "Seal audit report — {trailer}").format(
        trailer=isolate(subject.trailer_id)))
    writer.setCreator("OpticalLock Dispatcher")
    writer.setResolution(300)
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                         QMarginsF(16, 16, 16, 18), QPageLayout.Unit.Millimeter)
    writer.setPageLayout(layout)
    doc = QTextDocument()
    # Lay out in the printer's own units, so point sizes are points on paper.
    doc.documentLayout().setPaintDevice(writer)
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    image = QImage.fromData(fiber_plot_png(history, trip, baseline))
    doc.addResource(QTextDocument.ResourceType.ImageResource, "fiber.png", image)
    # Image sizes in rich text are in 1/96 inch, whatever the device.
    width_96 = int(page.width() * 96 / writer.resolution())
    doc.setHtml(build_html(subject, history, trip, baseline, image_width=width_96))
    footer_h = writer.resolution() * 0.3  # 0.3 inch
    doc.setPageSize(QSizeF(page.width(), page.height() - footer_h))
    painter = QPainter(writer)
    pages = doc.pageCount()
    for number in range(pages):
        if number:
            writer.newPage()
        painter.save()
        painter.translate(0, -number * (page.height() - footer_h))
        body_h = page.height() - footer_h
        clip = QRectF(0, number * body_h, page.width(), body_h)
        doc.drawContents(painter, clip)
        painter.restore()
        painter.setFont(QFont("DejaVu Sans", 7))
        painter.setPen(QColor("#555"))
        painter.drawText(QRectF(0, page.height() - footer_h * 0.8, page.width(), footer_h * 0.8),
                         Qt.AlignmentFlag.AlignCenter,
                         translate("AuditReport", "Seal audit report · trailer {trailer} · lock "
                                   "{lock} · page {page} of {pages}").format(
                             trailer=isolate(subject.trailer_id), lock=isolate(subject.lock_id),
                             page=number + 1, pages=pages))
    painter.end()
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"the PDF could not be written to {path}")
    return path


# --------------------------------------------------------------------------- from the cloud

#: How far back :func:`build_trip_report` looks for a trip's logged events, and in what steps.
TRIP_LOOKBACK_S = 62 * 86400.0
TRIP_SEARCH_STEP_S = 7 * 86400.0


@dataclass
class ReportResult:
    """What :func:`build_trip_report` made, and whether it can be filed as complete."""

    #: The PDF written (None: none was).
    path: Path | None
    trip: TripSpan | None = None
    #: The cloud's hash-chain check over the trip's events passed.
    verified: bool = False
    #: What is missing or wrong, in the reader's words; empty when the report is complete.
    problems: list[str] = field(default_factory=list)
    #: The language asked for (the words are those of the Qt translator the caller installed).
    lang: str = "en"

    @property
    def complete(self) -> bool:
        """Written, its chain verified, nothing missing: the only result worth exit status 0."""
        return self.path is not None and self.verified and not self.problems


def _drivers_text(trip: TripSpan, drivers: Mapping[str, Driver]) -> tuple[str, str | None]:
    """The trip's driver(s) as (name, phone) for :class:`AuditSubject`; several are listed in
    the order the trip's events named them, each with its phone."""
    known = [drivers.get(d) for d in trip.driver_ids]
    if not trip.driver_ids:
        return translate("AuditReport", "no driver on this trip's record"), None
    if len(known) == 1 and known[0] is not None:
        return known[0].name, known[0].phone
    return " ; ".join(
        f"{isolate(d.name)} · {isolate(d.phone)}" if d is not None
        else translate("AuditReport", "{id} (not in the driver directory)").format(
            id=isolate(driver_id))
        for driver_id, d in zip(trip.driver_ids, known, strict=True)), None


async def trip_subject(api: CloudApi, state: FleetState, history: LockHistory, trip: TripSpan,
                       *, dispatcher: str, geofence_names: Mapping[str, str]
                       ) -> tuple[AuditSubject, list[str]]:
    """Who and what the report on ``trip`` is about: the trip's own driver(s), the alarms'
    records and the unlock requests fetched from the cloud; and what could not be fetched."""
    problems: list[str] = []
    alarm_ids = [e.alarm.id for e in trip.events if isinstance(e, AlarmRaisedEvent)]
    audits = await fetch_alarm_audits(api, alarm_ids)
    if len(audits) < len(alarm_ids):
        problems.append(translate(
            "AuditReport", "The cloud gave the records of {got} of the trip's {count} alarms.")
            .format(got=len(audits), count=len(alarm_ids)))
    try:
        requests = (await api.unlock_requests()).items
    except (ApiError, CloudUnavailable) as exc:  # the history's own events may still say
        log.info("unlock requests not at hand for the report: %s", exc)
        requests = []
    driver, phone = _drivers_text(trip, state.drivers)
    lock = state.locks.get(history.lock_id)
    subject = AuditSubject(
        carrier=state.carrier.name, trailer_id=history.trailer_id, lock_id=history.lock_id,
        seal_id=lock.seal_id if lock is not None else "—", driver=driver, driver_phone=phone,
        dispatcher=dispatcher or "—", alarms=audits, unlock_requests=list(requests),
        geofence_names=dict(geofence_names), plans=await fetch_plans(api))
    return subject, problems


async def find_trip_period(api: CloudApi, lock_id: str, trip_id: str, *, now: float,
                           lookback_s: float = TRIP_LOOKBACK_S
                           ) -> tuple[float, float] | None:
    """From the trip's first logged ``trip`` event to the next trip's (or ``now``), searched
    in the lock's events week by week back from ``now``; None when it is not there."""
    trip_events: list[TripEvent] = []
    hi = now
    while hi > now - lookback_s:
        lo = max(hi - TRIP_SEARCH_STEP_S, now - lookback_s)
        cursor: str | None = None
        while True:
            page = await api.lock_events(lock_id, lo, hi, limit=5000, cursor=cursor)
            trip_events.extend(e for e in page.items if isinstance(e, TripEvent))
            cursor = page.next_cursor
            if not cursor:
                break
        own = [e.ts for e in trip_events if e.trip.id == trip_id]
        # A trip lasts less than a search step: a day before its first event ends the search.
        if own and min(own) - lo > 86400.0:
            break
        hi = lo
    own = sorted(e.ts for e in trip_events if e.trip.id == trip_id)
    if not own:
        return None
    later = [e.ts for e in trip_events if e.trip.id != trip_id and e.ts > own[-1]]
    return own[0], (min(later) if later else now)


async def build_trip_report(api: CloudApi, trailer_id: str, trip_id: str, out: Path,
                            lang: str = "en", *, dispatcher: str = "",
                            now: float | None = None) -> ReportResult:
    """Write the seal audit report of one trip (``trip_id``: its plan's id, as the trip's
    ``trip`` events and ``GET /trips`` give it) to ``out``, from the cloud alone: no window, no
    store. The result says whether it is complete (chain verified, every record fetched)."""
    now = time.time() if now is None else now
    result = ReportResult(path=None, lang=lang)
    try:
        state = FleetState.from_snapshot(await api.fleet(), adopt=True)
        trailer = state.trailers.get(trailer_id)
        if trailer is None:
            result.problems.append(translate(
                "AuditReport", "No trailer {trailer} in this carrier's fleet.").format(
                trailer=isolate(trailer_id)))
            return result
        period = await find_trip_period(api, trailer.lock_id, trip_id, now=now)
        if period is None:
            result.problems.append(translate(
                "AuditReport", "No trip {trip} of trailer {trailer} in the cloud's log of the "
                "last {days} days.").format(trip=isolate(trip_id), trailer=isolate(trailer_id),
                                            days=round(TRIP_LOOKBACK_S / 86400)))
            return result
        names = {g.id: g.name for g in (await api.geofences()).items}
        history = await HistoryLoader(api).fetch(trailer.lock_id, trailer_id, period[0] - 60,
                                                 min(now, period[1]) + 1)
    except (HistoryError, ApiError, CloudUnavailable) as exc:
        result.problems.append(str(exc))
        return result
    report = split_trips(history.track, history.events, history.start, history.end,
                         geofence_names=names, prior_events=history.prior_events)
    trip = next((t for t in report.trips if t.trip_id == trip_id), None)
    if trip is None:
        result.problems.append(translate(
            "AuditReport", "Trip {trip} is in the log, but no lock and unlock of it is.").format(
            trip=isolate(trip_id)))
        return result
    result.trip = trip
    subject, result.problems = await trip_subject(api, state, history, trip,
                                                  dispatcher=dispatcher, geofence_names=names)
    lock = state.locks.get(trailer.lock_id)
    result.path = write_pdf(out, subject, history, trip,
                            lock.fiber_baseline_dbm if lock is not None else None)
    v = history.verification
    result.verified = v is not None and v.ok
    if v is None or not v.ok:
        result.problems.append(translate(
            "AuditReport", "The event log over the trip did not verify: {why}").format(
            why=isolate(v.message) if v is not None else translate("AuditReport",
                                                                   "no events to check")))
    return result


__all__ = ["AuditSubject", "ReportResult", "build_html", "build_trip_report",
           "fiber_plot_png", "find_trip_period", "trip_seal_events", "trip_subject",
           "write_pdf"]
