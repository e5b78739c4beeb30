"""The C-TPAT seal audit report for one trip, as a PDF a customs auditor can file.

One document per trip: who and what (carrier, trailer, lock and seal, driver), the lock and
unlock with time and place and whether the unlock was at the planned destination, every tamper
event and alarm with who acknowledged it, the note, the action-plan steps and the resolution, the
driver messages about them, the stops, a plot of the fiber-seal signal, and the cloud's hash-chain
check over the trip's events, so the reader can see the record is complete and unedited.

Everything that came from the network is escaped, and isolated on its own where it is put into
a sentence (:func:`console.text.isolate`: a driver name's direction override cannot reverse the
phone number printed after it, nor an Arabic name move it). Rendered with QTextDocument into
QPdfWriter (QtGui only: no widget), A4 portrait, page numbers in the footer.
"""

from __future__ import annotations

import html
import time
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

from console.alarms.labels import alarm_type_label, outcome_label, priority_label
from console.contacts.labels import call_outcome_label, entry_status_label
from console.contacts.messaging import EntryStatus
from console.history.labels import format_duration
from console.history.loader import LockHistory
from console.text import isolate
from opticallock.gazetteer import where_text
from opticallock.protocol import (
    Alarm,
    AlarmAudit,
    DriverCallEvent,
    DriverMessageEvent,
    MessageDirection,
    MessageStatus,
    Position,
    TamperEvent,
)
from opticallock.seal_health import TAMPER_DROP_DB, WARNING_DROP_DB
from opticallock.trips import TripSpan

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
    return f"<b>{_e(translate('AuditReport', 'NO'))}</b>"


def _message_status(status: MessageStatus) -> str:
    """A message's ticks in the conversation's words; a driver's reply is a reply."""
    if status is MessageStatus.REPLY:
        return translate("AuditReport", "reply")
    return entry_status_label(EntryStatus(status.value))


def _pos_where(position: Position | None) -> str:
    return _where(position.lat if position else None, position.lon if position else None)


@dataclass
class AuditSubject:
    """Who and what the report is about (from the store at the time of the report)."""

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


def _grid(headers: list[str], rows: list[str], empty: str) -> str:
    """A ruled table over the page's width; ``empty`` (escaped here) when there are no rows."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(rows) or f"<tr><td colspan='{len(headers)}'>{_e(empty)}</td></tr>"
    return f"<table class='grid' width='100%'><tr>{head}</tr>{body}</table>"


def _alarm_rows(audit: AlarmAudit) -> str:
    a: Alarm = audit.alarm
    steps = "".join(
        f"<li>{'☑' if s.done else '☐'} {_n(s.label)} — {_n(s.by)}, {_e(_when(s.at))}</li>"
        for s in a.steps) or f"<li>{_e(translate('AuditReport', 'none recorded'))}</li>"
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
        + f"<p><b>{_e(translate('AuditReport', 'Action-plan steps'))}</b></p><ul>{steps}</ul>"
        f"<p><b>{_e(translate('AuditReport', 'Driver messages and calls'))}</b></p>"
        f"<ul>{''.join(messages) or '<li>' + _e(none) + '</li>'}</ul>"
    )


def build_html(subject: AuditSubject, history: LockHistory, trip: TripSpan,
               baseline: float | None = None, image_width: int = 640) -> str:
    """The report as HTML (the PDF renders it; the plot is the ``fiber.png`` resource)."""
    lock_event = next((e for e in trip.events if getattr(e, "seq", None) == trip.lock_seq), None)
    lock_pos = getattr(lock_event, "position", None)
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
         translate("AuditReport", "Authorised"),
         translate("AuditReport", "At planned destination")],
        [f"<tr><td>{_e(_when(u.ts))}</td><td>{_n(u.geofence_name)}</td>"
         f"<td>{_e(_where(u.lat, u.lon))}</td><td>{_n(u.actor.replace('_', ' '))}</td>"
         f"<td>{_yes_no(u.authorised)}</td><td>{_yes_no(u.at_planned_destination)}</td></tr>"
         for u in trip.unlocks],
        translate("AuditReport", "no unlock in this trip"))
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
    alarms = "".join(_alarm_rows(a) for a in subject.alarms) or (
        "<p>" + _e(translate("AuditReport", "No alarm in this trip.")) + "</p>")
    if trip.lock_seq is None:
        locked_text = translate(
            "AuditReport", "before the period began; this report starts with the period, "
            "{start}").format(start=_when(trip.start))
    else:
        locked_text = translate("AuditReport", "{when} at {origin}").format(
            when=_when(trip.start), origin=isolate(trip.origin)) + (
            f" — {_where(lock_pos.lat, lock_pos.lon)}" if lock_pos else "")
    t = trip.totals
    stops_count = (translate("AuditReport", "{count} stop") if t.stops == 1
                   else translate("AuditReport", "{count} stops")).format(count=t.stops)
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
        "totals": translate("AuditReport", "Totals"),
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
<h2>{h["totals"]}</h2>
{totals}
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
