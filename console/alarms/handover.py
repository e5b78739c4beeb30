"""The shift handover report: what the next dispatcher must know, in HTML, Markdown or PDF.

A shift change is where alarms get lost: an acknowledged alarm whose police report is still
outstanding looks "handled" in the queue. The report lists, with where each one is:

* open alarms (nobody has acknowledged them yet),
* acknowledged but unresolved ones, with their notes, the action-plan steps done and those
  still to do, and anything this console typed that the cloud has not received yet,
* alarms resolved during the shift, with outcome and note.

Every string that came from the network (notes, details, names) is escaped: a note is typed by
a person and the HTML is rendered by Qt and opened in browsers. QtGui only (QTextDocument and
QPdfWriter render the PDF without any widget).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from console.alarms.action_plans import ActionPlan, PlanStep, load_action_plans, plan_for
from console.alarms.desk import AlarmDesk
from console.alarms.labels import alarm_label, outcome_label, priority_label
from console.alarms.models import alarm_sort_key, format_clock
from console.alarms.outbox import PendingAction
from console.alarms.times import local_datetime
from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from console.fleet.store import FleetStore
from console.places import where_text
from opticallock.protocol import (
    Alarm,
    AlarmPriority,
    AlarmState,
    AlarmStep,
    AlarmType,
    SkippedStep,
)

#: Qt's translation in a context; the report's texts are in "Handover".
translate = QCoreApplication.translate

#: An action typed here that the cloud has not received, by the desk's kind of action.
_PENDING_WORDS: TranslatedNames[str] = TranslatedNames("Handover", {
    "ack": QT_TRANSLATE_NOOP("Handover", "acknowledgement"),
    "resolve": QT_TRANSLATE_NOOP("Handover", "resolution"),
    "step": QT_TRANSLATE_NOOP("Handover", "step"),
    "escalate": QT_TRANSLATE_NOOP("Handover", "escalation"),
    "seen": QT_TRANSLATE_NOOP("Handover", "seen mark"),
})


def _when(ts: float | None) -> str:
    return local_datetime(ts, seconds=False)


def _e(text: object) -> str:
    """Escape for HTML (quotes included: some strings end up in attributes)."""
    return html.escape(str(text), quote=True)


def _md(text: object) -> str:
    """Neutralise a network string for Markdown: no HTML, no line breaks, no emphasis tricks."""
    flat = " ".join(str(text).split())
    flat = html.escape(flat, quote=False)
    for ch in "\\`*_[]#|":
        flat = flat.replace(ch, "\\" + ch)
    return flat


@dataclass(frozen=True)
class HandoverItem:
    """One alarm as the report shows it."""

    alarm: Alarm
    where: str
    driver: str
    steps_done: tuple[AlarmStep, ...] = ()
    #: Plan steps not done yet (in the plan's order); none once the alarm is resolved, whose
    #: undone steps are :attr:`steps_skipped`, with their reasons.
    steps_todo: tuple[PlanStep, ...] = ()
    #: Steps left undone when the alarm was resolved, each with the reason given.
    steps_skipped: tuple[SkippedStep, ...] = ()
    #: Actions typed on this console that the cloud has not confirmed.
    unsent: tuple[PendingAction, ...] = ()
    plan_title: str = ""


@dataclass
class HandoverReport:
    """A shift's alarms, ready to render."""

    shift_start: float
    now: float
    dispatcher: str
    carrier: str
    open: list[HandoverItem] = field(default_factory=list)
    acknowledged: list[HandoverItem] = field(default_factory=list)
    resolved: list[HandoverItem] = field(default_factory=list)

    @property
    def title(self) -> str:
        return translate("Handover", "Shift handover — {carrier}").format(
            carrier=self.carrier)

    def _sections(self) -> tuple[tuple[str, list[HandoverItem]], ...]:
        return (
            (translate("Handover", "Open — not yet acknowledged"), self.open),
            (translate("Handover", "Acknowledged — still to be resolved"),
             self.acknowledged),
            (translate("Handover", "Resolved this shift"), self.resolved),
        )

    def _counts(self) -> str:
        return translate(
            "Handover", "{open} open, {acknowledged} acknowledged but not resolved, "
            "{resolved} resolved this shift").format(
            open=len(self.open), acknowledged=len(self.acknowledged), resolved=len(self.resolved))

    # ------------------------------------------------------------------ HTML

    def to_html(self) -> str:
        """A self-contained HTML document (also what the PDF is rendered from)."""
        parts = [
            "<!DOCTYPE html>",
            "<html><head><meta charset=\"utf-8\">",
            f"<title>{_e(self.title)}</title>",
            "<style>body{font-family:sans-serif;font-size:10pt} h1{font-size:16pt} "
            "h2{font-size:13pt;margin-top:14pt} h3{font-size:11pt;margin-bottom:2pt} "
            ".crit{color:#b71c1c} .muted{color:#555} td,th{padding:2pt 6pt;text-align:left}"
            "</style></head><body>",
            f"<h1>{_e(self.title)}</h1>",
            "<p>",
            _e(translate("Handover", "Shift from {start} to {end}").format(
                start=_when(self.shift_start), end=_when(self.now))) + "<br>",
            _e(translate("Handover", "Handed over by {dispatcher}").format(
                dispatcher=self.dispatcher)) + "<br>",
            _e(self._counts()),
            "</p>",
        ]
        for heading, items in self._sections():
            parts.append(f"<h2>{_e(heading)} ({len(items)})</h2>")
            if not items:
                parts.append(f"<p class=\"muted\">{_e(_none())}</p>")
            parts.extend(self._html_item(item) for item in items)
        parts.append("</body></html>")
        return "\n".join(parts)

    def _html_item(self, item: HandoverItem) -> str:
        a = item.alarm
        cls = " class=\"crit\"" if a.priority is AlarmPriority.CRITICAL else ""
        rows = [
            (translate("Handover", "Priority"), priority_label(a.priority)),
            (translate("Handover", "Trailer"), _trailer_and_lock(a)),
            (translate("Handover", "Driver"), item.driver),
            (translate("Handover", "Where"), item.where),
            (translate("Handover", "Raised"), _when(a.raised_at)),
            (translate("Handover", "Detail"), a.detail or "—"),
        ]
        if a.escalation_level:
            rows.append((translate("Handover", "Escalated"), _escalated(a)))
        if a.acknowledged_by:
            waited = format_clock((a.acknowledged_at or a.raised_at) - a.raised_at)
            rows.append((translate("Handover", "Acknowledged"),
                         translate("Handover", "by {who} at {when} (after {waited})").format(
                             who=a.acknowledged_by, when=_when(a.acknowledged_at),
                             waited=waited)))
            rows.append((translate("Handover", "Ack note"), a.ack_note or "—"))
        if a.state is AlarmState.RESOLVED:
            rows.append((translate("Handover", "Resolved"), _by_at(a.resolved_by, a.resolved_at)))
            rows.append((translate("Handover", "Outcome"), outcome_label(a.outcome)))
            rows.append((translate("Handover", "Resolve note"), a.resolve_note or "—"))
        out = [f"<h3{cls}>{_e(alarm_label(a))} — {_e(a.id)}</h3>", "<table>"]
        out.extend(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
        out.append("</table>")
        if item.steps_done:
            out.append("<p>" + _e(translate("Handover", "Done:")) + "</p><ul>")
            out.extend(f"<li>{_e(s.label)} — {_e(s.by)}, {_e(_when(s.at))}</li>"
                       for s in item.steps_done)
            out.append("</ul>")
        if item.steps_todo:
            out.append("<p>" + _e(translate("Handover", "Still to do ({plan}):").format(
                plan=item.plan_title)) + "</p><ul>")
            out.extend(f"<li>{_e(s.label)}</li>" for s in item.steps_todo)
            out.append("</ul>")
        if item.steps_skipped:
            out.append("<p>" + _e(translate("Handover", "Not done, with the reason given:"))
                       + "</p><ul>")
            out.extend(f"<li>{_e(s.label or s.step_id)} — {_e(s.reason)}</li>"
                       for s in item.steps_skipped)
            out.append("</ul>")
        if item.unsent:
            out.append("<p class=\"crit\">" + _e(translate(
                "Handover", "Typed on this console but not yet received by the cloud:"))
                + "</p><ul>")
            out.extend(f"<li>{_e(_describe_pending(p))}</li>" for p in item.unsent)
            out.append("</ul>")
        return "\n".join(out)

    # ------------------------------------------------------------------ Markdown

    def to_markdown(self) -> str:
        lines = [
            f"# {_md(self.title)}",
            "",
            _md(translate(
                "Handover", "Shift from {start} to {end}, handed over by {dispatcher}.").format(
                start=_when(self.shift_start), end=_when(self.now), dispatcher=self.dispatcher)),
            _md(self._counts()) + ".",
        ]
        for heading, items in self._sections():
            lines += ["", f"## {_md(heading)} ({len(items)})", ""]
            if not items:
                lines.append(_md(_none()))
            for item in items:
                lines += self._md_item(item)
        return "\n".join(lines) + "\n"

    def _md_item(self, item: HandoverItem) -> list[str]:
        a = item.alarm
        def field(name: str, value: str) -> str:
            return f"- **{_md(name)}:** {_md(value)}"

        lines = [
            f"### {_md(alarm_label(a))} — {_md(a.id)}",
            "",
            field(translate("Handover", "Priority"), priority_label(a.priority)),
            field(translate("Handover", "Trailer"), translate(
                "Handover", "{trailer}, driver {driver}").format(
                trailer=_trailer_and_lock(a), driver=item.driver)),
            field(translate("Handover", "Where"), item.where),
            field(translate("Handover", "Raised"), _when(a.raised_at)),
            field(translate("Handover", "Detail"), a.detail or "—"),
        ]
        if a.escalation_level:
            lines.append(field(translate("Handover", "Escalated"), _escalated(a)))
        if a.acknowledged_by:
            lines.append(field(translate("Handover", "Acknowledged"),
                               _by_at(a.acknowledged_by, a.acknowledged_at)))
            lines.append(field(translate("Handover", "Ack note"), a.ack_note or "—"))
        if a.state is AlarmState.RESOLVED:
            lines.append(field(translate("Handover", "Resolved"), translate(
                "Handover", "{by_at}, outcome {outcome}").format(
                by_at=_by_at(a.resolved_by, a.resolved_at), outcome=outcome_label(a.outcome))))
            lines.append(field(translate("Handover", "Resolve note"), a.resolve_note or "—"))
        if item.steps_done:
            lines.append("- **" + _md(translate("Handover", "Done")) + ":**")
            lines += [f"  - [x] {_md(s.label)} ({_md(s.by)}, {_md(_when(s.at))})"
                      for s in item.steps_done]
        if item.steps_todo:
            lines.append("- **" + _md(translate("Handover", "Still to do")) + ":**")
            lines += [f"  - [ ] {_md(s.label)}" for s in item.steps_todo]
        if item.steps_skipped:
            lines.append("- **" + _md(translate("Handover", "Not done")) + ":**")
            lines += [f"  - {_md(s.label or s.step_id)} — {_md(s.reason)}"
                      for s in item.steps_skipped]
        if item.unsent:
            lines.append("- **" + _md(translate("Handover", "Not yet received by the cloud"))
                         + ":**")
            lines += [f"  - {_md(_describe_pending(p))}" for p in item.unsent]
        lines.append("")
        return lines

    # ------------------------------------------------------------------ PDF

    def write_pdf(self, path: Path) -> None:
        """Render :meth:`to_html` to an A4 PDF at ``path`` (needs a QGuiApplication)."""
        from PySide6.QtCore import QMarginsF
        from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

        writer = QPdfWriter(str(path))
        writer.setTitle(self.title)
        writer.setCreator("OpticalLock Dispatcher")
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                         QPageLayout.Orientation.Portrait,
                                         QMarginsF(15, 15, 15, 15),
                                         QPageLayout.Unit.Millimeter))
        document = QTextDocument()
        document.setHtml(self.to_html())
        document.print_(writer)
        if not Path(path).is_file() or Path(path).stat().st_size == 0:
            raise OSError(f"the PDF could not be written to {path}")


EXPORT_SUFFIXES = {"html": ".html", "markdown": ".md", "pdf": ".pdf"}


def export_report(report: HandoverReport, kind: str, path: Path) -> Path:
    """Write ``report`` as ``kind`` ("html", "markdown" or "pdf") to ``path``; returns the path
    written (the kind's suffix is added when the name has none). Raises OSError/ValueError."""
    if kind not in EXPORT_SUFFIXES:
        raise ValueError(f"unknown report format {kind!r}")
    path = Path(path)
    if not path.suffix:
        path = path.with_suffix(EXPORT_SUFFIXES[kind])
    if kind == "pdf":
        report.write_pdf(path)
    else:
        text = report.to_html() if kind == "html" else report.to_markdown()
        path.write_text(text, encoding="utf-8")
    return path


def _none() -> str:
    return translate("Handover", "None.")


def _trailer_and_lock(alarm: Alarm) -> str:
    return translate("Handover", "{trailer} (lock {lock})").format(
        trailer=alarm.trailer_id, lock=alarm.lock_id)


def _by_at(who: str | None, ts: float | None) -> str:
    return translate("Handover", "by {who} at {when}").format(
        who=who, when=_when(ts))


def _escalated(alarm: Alarm) -> str:
    return translate("Handover", "level {level} at {when}").format(
        level=alarm.escalation_level, when=_when(alarm.escalated_at))


def _describe_pending(action: PendingAction) -> str:
    what = _PENDING_WORDS.get(action.kind, action.kind)
    if action.kind == "step":
        label = action.body.get("label", action.body.get("step_id", ""))
        what = (translate("Handover", "step \u201c{step}\u201d marked done")
                if action.body.get("done", True)
                else translate("Handover", "step \u201c{step}\u201d marked not done")
                ).format(step=label)
    elif action.kind in ("ack", "resolve") and action.body.get("note"):
        what = translate("Handover", "{what} (note: {note})").format(what=what,
                                                              note=action.body["note"])
    text = translate("Handover", "{what}, typed {when}").format(what=what,
                                                         when=_when(action.created_at))
    if action.last_error:
        text = translate("Handover", "{text}; last error: {error}").format(text=text,
                                                                    error=action.last_error)
    return text


def _item(store: FleetStore, desk: AlarmDesk | None, alarm: Alarm,
          plans: dict[AlarmType, ActionPlan]) -> HandoverItem:
    state = store.state
    trailer = None if state is None else state.trailers.get(alarm.trailer_id)
    driver = None if trailer is None or state is None else state.drivers.get(
        trailer.driver_id or "")
    done = tuple(s for s in alarm.steps if s.done)
    done_ids = {s.step_id for s in done}
    plan = plan_for(plans, alarm)
    # A resolved alarm has nothing left to do: what was not done is said with its reason.
    todo = (tuple(s for s in plan.steps if s.step_id not in done_ids)
            if plan and alarm.state is not AlarmState.RESOLVED else ())
    unsent = tuple(desk.pending_for(alarm.id)) if desk is not None else ()
    return HandoverItem(alarm=alarm, where=where_text(alarm.position),
                        driver=driver.name if driver is not None else "—",
                        steps_done=done, steps_todo=todo,
                        steps_skipped=tuple(alarm.skipped_steps), unsent=unsent,
                        plan_title=plan.title if plan else "")


def build_handover(store: FleetStore, desk: AlarmDesk | None, shift_start: float, now: float,
                   resolved: list[Alarm], *,
                   plans: dict[AlarmType, ActionPlan] | None = None) -> HandoverReport:
    """Collect the shift's alarms from the store (open and acknowledged), ``resolved`` (fetched
    from the cloud, e.g. :meth:`AlarmDesk.fetch_resolved`) and those the store saw resolved,
    keeping only those resolved at or after ``shift_start``."""
    plans = load_action_plans() if plans is None else plans
    state = store.state
    carrier = state.carrier.name if state is not None else "—"
    report = HandoverReport(shift_start=shift_start, now=now,
                            dispatcher=desk.username if desk is not None else "—",
                            carrier=carrier)
    current = sorted(state.alarms.values(), key=alarm_sort_key) if state is not None else []
    for alarm in current:
        item = _item(store, desk, alarm, plans)
        if alarm.state is AlarmState.OPEN:
            report.open.append(item)
        elif alarm.state is AlarmState.ACKNOWLEDGED:
            report.acknowledged.append(item)
    done: dict[str, Alarm] = {a.id: a for a in store.resolved_alarms.values()}
    done.update({a.id: a for a in resolved})  # the cloud's copy is the complete one
    shift = [a for a in done.values()
             if a.resolved_at is not None and a.resolved_at >= shift_start
             and (state is None or a.id not in state.alarms)]
    shift.sort(key=lambda a: a.resolved_at or 0.0, reverse=True)
    report.resolved = [_item(store, desk, a, plans) for a in shift]
    return report


__all__ = ["HandoverItem", "HandoverReport", "build_handover"]
