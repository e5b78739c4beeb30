"""The weekly C-TPAT seal reconciliation: fetched for a carrier and an ISO week, written as a PDF
for the security manager to sign off and a CSV for the carrier's own records.

**The week** is Monday 00:00 to the next Monday 00:00 in a time zone the caller names: the
dispatcher's (the console's or the scheduled job's machine; ``--tz`` on the command line). The
cloud does not know a carrier's time zone, so the report states the zone it used on its first
page, and every time in it is in that zone.

**Fetching** (:func:`fetch_week`), all through :class:`~console.link.api.CloudApi`: the seqs
logged in the week (``GET /log/range``); the week's events of the types a reconciliation reads
(``GET /events?types=...``, paged, never telemetry); each alarm raised in the week with its
audit; the custody chain of every seal seen in the week or on a trailer during it; the
geofences' names; and the hash-chain check over every seq of the week (``GET /log/verify``,
at most 200,000 entries per call). The reconciliation itself is the domain's
(:func:`opticallock.custody.reconcile`).

**The PDF** (:func:`write_pdf`): a summary page first (the counts, the hash chain's verdict, every
exception, a sign-off block), then the seal ledger seal by seal with the trips each sealed, the
trips, unlocks and unlock requests, tamper events, the alarms (acknowledgement, steps done and
skipped, notes, messages, calls, resolution) and the chain's detail; "page N of M" in every
footer. QTextDocument into QPdfWriter (QtGui, no widget), like the per-trip report.

**The CSV** (:func:`write_csv`), UTF-8 with a header row, one row per ledger entry, per exception
and one for the chain's verdict. Columns: ``record`` (``ledger``, ``exception`` or ``chain``),
``seq``, ``time_utc`` and ``time_local`` (ISO 8601), ``seal_number``, ``iso_class``,
``manufacturer``, ``action`` (issued, applied, checked, removed, replaced, tampered),
``exception`` (:class:`~opticallock.custody.ExceptionKind`'s code), ``gap``
(:class:`~opticallock.custody.GapKind`'s code), ``trailer_id``, ``lock_id``, ``trip_id``,
``actor``, ``geofence_id``, ``read_back``, ``photo_ref``, ``authorised`` (yes, no or empty),
``authorisation_id``, ``replaced_by``, ``alarm_id``, ``description`` (the report's sentence, in
its language). Codes and column names are never translated; free text that a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@``) is prefixed with ``'``.

**Language.** The report's language is chosen per report (``en`` or ``es``), whatever the
console's. Its words go through Qt's translation like every other console string
(``QCoreApplication.translate``, contexts "Reconciliation", "Alarms" and "Contacts"), and
:func:`report_language` installs a translator that pins them to the report's language while it
is written. The app ships no ``.ts``/``.qm`` translation yet, so the Spanish words are kept in
:data:`SPANISH` below; a Qt Spanish catalogue can take them over later (a source text missing
here falls through to whatever translator is installed).
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import html
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QTranslator

from console.alarms.action_plans import ActionPlan, load_action_plans
from console.alarms.labels import alarm_type_label, outcome_label, priority_label
from console.alarms.plans_editor import fetch_plans
from console.contacts.labels import call_outcome_label
from console.link.api import CloudApi
from console.link.client import ResyncRequired
from console.link.errors import NotFound
from console.reports.files import render_paged_pdf, replace_atomically
from console.text import isolate
from opticallock.custody import (
    EVENT_TYPES,
    AlarmRecord,
    CustodyException,
    ExceptionKind,
    GapKind,
    LedgerEntry,
    PlanStep,
    Reconciliation,
    SkipReason,
    iso_week_bounds,
    reconcile,
)
from opticallock.protocol import (
    AlarmAudit,
    AlarmRaisedEvent,
    AlarmState,
    AlarmType,
    ChainVerification,
    LogRange,
    MessageDirection,
    Position,
    Seal,
    SealAction,
    SealEvent,
    SealState,
    UnlockRequestState,
)

CONTEXT = "Reconciliation"
#: Most log entries one ``GET /log/verify`` call checks.
VERIFY_PAGE = 200_000
#: Events per ``GET /events`` page (the cloud's largest).
EVENTS_PAGE = 2000
#: The most seals ``GET /seals`` lists at once (the cloud's default page).
SEAL_PAGE = 1000
#: Calls in flight at once for audits and custody chains.
CONCURRENCY = 8

translate = QCoreApplication.translate
T = TypeVar("T")


class ReportIncomplete(Exception):
    """Something the report needs could not be had; the message says what."""


# --------------------------------------------------------------------------- language

#: The report's words in Spanish, by (context, English source). Kept here until the app has a
#: Qt Spanish catalogue (see the module's notes).
SPANISH: dict[tuple[str, str], str] = {(CONTEXT, en): es for en, es in {
    "Weekly seal reconciliation": "Conciliación semanal de precintos",
    "C-TPAT seal log reconciliation · {carrier}": "Conciliación del registro de precintos "
    "C-TPAT · {carrier}",
    "Week {week}: {start} to {end} ({zone})": "Semana {week}: del {start} al {end} ({zone})",
    "Generated {when} by {user} with the OpticalLock Dispatcher console":
        "Generado el {when} por {user} con la consola OpticalLock Dispatcher",
    "Summary": "Resumen",
    "Seals issued": "Precintos entregados",
    "Seals applied": "Precintos colocados",
    "Seals checked": "Precintos verificados",
    "Seals removed": "Precintos retirados",
    "Seals replaced": "Precintos sustituidos",
    "Seals found tampered": "Precintos violados",
    "Trips": "Viajes",
    "Unlocks": "Aperturas",
    "{count} ({unauthorised} without authorisation)": "{count} ({unauthorised} sin autorización)",
    "Unlock requests": "Solicitudes de apertura",
    "Tamper events": "Eventos de manipulación",
    "Alarms": "Alarmas",
    "{count} ({open} still open)": "{count} ({open} aún abiertas)",
    "Exceptions to sign off": "Excepciones a firmar",
    "No exception this week.": "Ninguna excepción esta semana.",
    "Event log integrity": "Integridad del registro de eventos",
    "VERIFIED — {checked} log entries, {first} to {last}, complete and unedited":
        "VERIFICADO — {checked} entradas del registro, de la {first} a la {last}, completas y "
        "sin alterar",
    "DOES NOT VERIFY — the log was altered": "NO VERIFICA — el registro fue alterado",
    "INCOMPLETE — {checked} of {expected} log entries could be checked":
        "INCOMPLETO — se pudieron comprobar {checked} de {expected} entradas del registro",
    "Nothing was logged in this week: nothing to verify.":
        "No se registró nada esta semana: nada que verificar.",
    "Entries {first} to {last}": "Entradas {first} a {last}",
    "{checked} checked — the cloud says: {message}": "{checked} comprobadas — la nube dice: "
    "{message}",
    "Anchor hash": "Hash de anclaje",
    "Head hash": "Hash final",
    "The OpticalLock cloud chains every logged event to its predecessor with SHA-256; the "
    "check recomputed that chain over every entry logged in the week. Any edited, inserted or "
    "removed entry breaks it.":
        "La nube de OpticalLock encadena cada evento registrado con el anterior mediante "
        "SHA-256; la comprobación recalculó esa cadena sobre todas las entradas registradas en "
        "la semana. Cualquier entrada editada, insertada o eliminada la rompe.",
    "Sign-off": "Aprobación",
    "Reviewed by (name)": "Revisado por (nombre)",
    "Signature": "Firma",
    "Date": "Fecha",
    "Kind": "Tipo",
    "When": "Cuándo",
    "Seal": "Precinto",
    "Trailer": "Remolque",
    "Trip": "Viaje",
    "What": "Qué",
    "By": "Por",
    "Where": "Dónde",
    "Details": "Detalles",
    "Action": "Acción",
    "Seal ledger": "Registro de precintos",
    "No seal event this week.": "Ningún evento de precinto esta semana.",
    "{seal} · ISO 17712 class {iso_class} · {manufacturer}":
        "{seal} · clase ISO 17712 {iso_class} · {manufacturer}",
    "Trips sealed: {trips} · at the end of the week: {state}":
        "Viajes precintados: {trips} · al final de la semana: {state}",
    "none": "ninguno",
    "Issued": "Entregado",
    "Applied": "Colocado",
    "Checked": "Verificado",
    "Removed": "Retirado",
    "Replaced": "Sustituido",
    "Tampered": "Violado",
    "in stock": "en almacén",
    "issued": "entregado",
    "applied": "colocado",
    "removed": "retirado",
    "tampered": "violado",
    "read back {number}": "leído {number}",
    "photo {ref}": "foto {ref}",
    "authorised ({authorisation})": "autorizado ({authorisation})",
    "NOT authorised": "NO autorizado",
    "replaced by {seal}": "sustituido por {seal}",
    "note: {note}": "nota: {note}",
    "Origin": "Origen",
    "Destination": "Destino",
    "Departed": "Salida",
    "Arrived": "Llegada",
    "Seals": "Precintos",
    "No trip this week.": "Ningún viaje esta semana.",
    "Unlocks and unlock requests": "Aperturas y solicitudes de apertura",
    "Authorisation": "Autorización",
    "NONE": "NINGUNA",
    "No unlock this week.": "Ninguna apertura esta semana.",
    "Requested": "Solicitada",
    "Reason": "Motivo",
    "Decision": "Decisión",
    "No unlock request this week.": "Ninguna solicitud de apertura esta semana.",
    "pending": "pendiente",
    "approved by {who} ({when}), valid until {until}":
        "aprobada por {who} ({when}), válida hasta {until}",
    "refused by {who} ({when}): {reason}": "rechazada por {who} ({when}): {reason}",
    "used {when}": "usada {when}",
    "expired": "caducada",
    "Fiber level": "Nivel de fibra",
    "No tamper event this week.": "Ningún evento de manipulación esta semana.",
    "Alarms, acknowledgements and resolutions": "Alarmas, reconocimientos y resoluciones",
    "No alarm this week.": "Ninguna alarma esta semana.",
    "Raised": "Generada",
    "Acknowledged": "Reconocida",
    "not acknowledged": "no reconocida",
    "Note": "Nota",
    "Resolution": "Resolución",
    "not resolved at the time of this report": "no resuelta en el momento de este informe",
    "{outcome} — {who}, {when}; note: {note}": "{outcome} — {who}, {when}; nota: {note}",
    "Steps done": "Pasos hechos",
    "Steps skipped": "Pasos omitidos",
    "never ticked": "nunca marcado",
    "unticked by {who}, {when}": "desmarcado por {who}, {when}",
    "Messages and calls": "Mensajes y llamadas",
    "{when} · {who} · {status}: “{text}”": "{when} · {who} · {status}: «{text}»",
    "{when} · {who} · call: {outcome}": "{when} · {who} · llamada: {outcome}",
    "driver": "conductor",
    "sent": "enviado",
    "delivered": "entregado",
    "read": "leído",
    "reply": "respuesta",
    "position unknown": "posición desconocida",
    "Applied, not removed": "Colocado, no retirado",
    "Removed without authorisation": "Retirado sin autorización",
    "Unlocked without authorisation": "Abierto sin autorización",
    "Seal number mismatch": "Número de precinto no coincide",
    "Gap in custody": "Hueco en la custodia",
    "Alarm still open": "Alarma aún abierta",
    "Hash chain does not verify": "La cadena de hashes no verifica",
    "Seal {seal} applied {when} by {actor} on trailer {trailer} is still applied at the end "
    "of the week.": "El precinto {seal} colocado el {when} por {actor} en el remolque {trailer} "
    "sigue colocado al final de la semana.",
    " It was removed later, {when}.": " Se retiró después, el {when}.",
    "before the log began ({when})": "antes del inicio del registro ({when})",
    "someone not on record": "alguien no registrado",
    "Seal {seal} applied {when} by {actor} on trailer {trailer} is still applied at {now} (the "
    "week is not over).": "El precinto {seal} colocado el {when} por {actor} en el remolque "
    "{trailer} sigue colocado el {now} (la semana no ha terminado).",
    "The week was not over when this report was made: it covers the week up to {when}.":
        "La semana no había terminado cuando se hizo este informe: cubre la semana hasta el "
        "{when}.",
    "Seal {seal} on trailer {trailer} was removed {when} by {actor} without an unlock "
    "authorisation.": "El precinto {seal} del remolque {trailer} fue retirado el {when} por "
    "{actor} sin autorización de apertura.",
    "Trailer {trailer} was unlocked {when} by {actor} without an unlock authorisation.":
        "El remolque {trailer} fue abierto el {when} por {actor} sin autorización de apertura.",
    "Seal {seal} applied {when} on trailer {trailer}: the driver app read back {read_back}.":
        "Precinto {seal} colocado el {when} en el remolque {trailer}: la app del conductor leyó "
        "{read_back}.",
    "Seal {seal} was applied {when} with no issue on record.":
        "El precinto {seal} se colocó el {when} sin entrega registrada.",
    "Seal {seal} was removed {when} with no application on record.":
        "El precinto {seal} se retiró el {when} sin colocación registrada.",
    "Seal {seal} was applied again {when} without a removal since it was last applied.":
        "El precinto {seal} se volvió a colocar el {when} sin haberse retirado desde la última "
        "colocación.",
    "Trip {trip} of trailer {trailer} departed {when} with no seal applied.":
        "El viaje {trip} del remolque {trailer} salió el {when} sin precinto colocado.",
    "Alarm {alarm} ({type}) on trailer {trailer}, raised {when}, is {state}.":
        "La alarma {alarm} ({type}) del remolque {trailer}, generada el {when}, está {state}.",
    "open — not acknowledged": "abierta — sin reconocer",
    "acknowledged, not resolved": "reconocida, sin resolver",
    "Log entries {first} to {last} do not verify from entry {bad}: {message}":
        "Las entradas {first} a {last} del registro no verifican desde la entrada {bad}: "
        "{message}",
    "Log entries {first} to {last} do not verify: {message}":
        "Las entradas {first} a {last} del registro no verifican: {message}",
    "Weekly seal reconciliation · {carrier} · {week} · page {page} of {pages}":
        "Conciliación semanal de precintos · {carrier} · {week} · página {page} de {pages}",
    "yes": "sí",
    "no": "no",
}.items()} | {
    ("Alarms", "CRITICAL"): "CRÍTICA",
    ("Alarms", "HIGH"): "ALTA",
    ("Alarms", "MEDIUM"): "MEDIA",
    ("Alarms", "INFO"): "INFO",
    ("Alarms", "Fiber seal cut"): "Fibra del precinto cortada",
    ("Alarms", "Forced entry"): "Entrada forzada",
    ("Alarms", "Unlocked outside a geofence"): "Abierto fuera de una geocerca",
    ("Alarms", "Unlocked without authorisation"): "Abierto sin autorización",
    ("Alarms", "Seal number mismatch"): "Número de precinto no coincide",
    ("Alarms", "Fiber seal degraded"): "Fibra del precinto degradada",
    ("Alarms", "GPS lost"): "GPS perdido",
    ("Alarms", "Lock battery low"): "Batería de la cerradura baja",
    ("Alarms", "False alarm"): "Falsa alarma",
    ("Alarms", "Authorised opening"): "Apertura autorizada",
    ("Alarms", "Driver confirmed seal intact"): "El conductor confirmó el precinto intacto",
    ("Alarms", "Police notified"): "Policía avisada",
    ("Alarms", "Other"): "Otro",
    ("Contacts", "Reached the driver"): "Se habló con el conductor",
    ("Contacts", "No answer"): "Sin respuesta",
    ("Contacts", "Left a voicemail"): "Mensaje de voz",
}

#: The contexts whose words a report pins to its language.
_PINNED = frozenset({CONTEXT, "Alarms", "Contacts"})
LANGUAGES = ("en", "es")


class ReportTranslator(QTranslator):
    """Pins the report's contexts to one language: English gives the source text (even under a
    translator for the console's own language), Spanish the :data:`SPANISH` text."""

    def __init__(self, language: str) -> None:
        super().__init__()
        if language not in LANGUAGES:
            raise ValueError(f"no report language {language!r} (known: {', '.join(LANGUAGES)})")
        self.report_lang = language

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        if context not in _PINNED:
            return ""
        if self.report_lang == "es":
            return SPANISH.get((context, source), "")
        return source

    def isEmpty(self) -> bool:
        return False


@contextmanager
def report_language(language: str) -> Iterator[None]:
    """While inside, the report's words are in ``language`` (a QCoreApplication must exist)."""
    translator = ReportTranslator(language)
    if QCoreApplication.instance() is None:
        raise RuntimeError("a report is written with a QCoreApplication (QGuiApplication for "
                           "the PDF)")
    QCoreApplication.installTranslator(translator)
    try:
        yield
    finally:
        QCoreApplication.removeTranslator(translator)


# --------------------------------------------------------------------------- fetching


@dataclass
class WeekReport:
    """A week's reconciliation and what the report says about where it came from."""

    carrier: str
    week: str
    zone: str
    reconciliation: Reconciliation
    log_range: LogRange
    #: Geofence names by id.
    places: dict[str, str] = field(default_factory=dict)
    generated_by: str = ""
    generated_at: float = field(default_factory=time.time)
    #: Why the report is not complete (empty: it is).
    missing: list[str] = field(default_factory=list)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    @property
    def complete(self) -> bool:
        return not self.missing and self.reconciliation.chain.complete

    @property
    def verified(self) -> bool:
        return self.reconciliation.chain.ok


def plan_steps(in_force: Mapping[AlarmType, ActionPlan] | None = None
               ) -> dict[str, list[PlanStep]]:
    """The action plans as the domain takes them (step id and label per alarm type): the
    ones in force (the cloud's) if given, else the shipped ones."""
    plans = load_action_plans() if in_force is None else in_force
    return {atype.value: [PlanStep(s.step_id, s.label) for s in plan.steps]
            for atype, plan in plans.items()}


async def _bounded(calls: Iterable[Callable[[], Awaitable[T]]]) -> list[T]:
    """Run the calls at most :data:`CONCURRENCY` at a time; results in order."""
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(call: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await call()

    return list(await asyncio.gather(*(one(c) for c in calls)))


async def fetch_events(api: CloudApi, first_seq: int, last_seq: int,
                       types: Sequence[str] = EVENT_TYPES, page: int = EVENTS_PAGE) -> list[Any]:
    """The events of ``types`` logged in seqs [first_seq, last_seq], page by page."""
    events: list[Any] = []
    after = first_seq - 1
    while after < last_seq:
        try:
            got = await api.events(after, page, types=types)
        except ResyncRequired as exc:
            raise ReportIncomplete(
                f"the cloud no longer holds the week's events after seq {after}: {exc}") from exc
        events.extend(e for e in got.events if first_seq <= e.seq <= last_seq)
        if got.next_after is None or got.next_after <= after:
            break
        after = got.next_after
    return events


async def verify_week(api: CloudApi, first_seq: int, last_seq: int,
                      page: int = VERIFY_PAGE) -> list[ChainVerification]:
    """The hash-chain check over [first_seq, last_seq], at most ``page`` entries per call."""
    pages = []
    at = first_seq
    while at <= last_seq:
        to = min(last_seq, at + page - 1)
        pages.append(await api.verify_log(at, to))
        at = to + 1
    return pages


async def fetch_week(api: CloudApi, week: str, zone: str, *, carrier: str = "",
                     generated_by: str = "",
                     plans: Mapping[str, Sequence[PlanStep]] | None = None) -> WeekReport:
    """Fetch and reconcile ISO week ``week`` in time zone ``zone`` (an IANA name).

    Raises ValueError for a bad week or zone; the CloudApi's errors when the cloud refuses or
    cannot be reached; :class:`ReportIncomplete` when the cloud no longer holds what the week
    needs. A chain that does not verify is not an error: the report says so."""
    tz = ZoneInfo(zone)
    start, end = iso_week_bounds(week, tz)
    span = await api.log_range(start, end)
    events: list[Any] = []
    missing: list[str] = []
    verifications: list[ChainVerification] = []
    if span.first_seq is not None and span.last_seq is not None:
        events = await fetch_events(api, span.first_seq, span.last_seq)
        verifications = await verify_week(api, span.first_seq, span.last_seq)
    alarm_ids = list(dict.fromkeys(e.alarm.id for e in events if isinstance(e, AlarmRaisedEvent)))
    audits: list[AlarmAudit] = []
    try:
        audits = await _bounded([partial(api.alarm_audit, a) for a in alarm_ids])
    except NotFound as exc:
        missing.append(f"an alarm's audit could not be had: {exc}")
    numbers = {e.seal.number for e in events if isinstance(e, SealEvent)}
    numbers |= {e.replaced_by for e in events if isinstance(e, SealEvent) and e.replaced_by}
    # The seals on a lock now that were applied before the week's end (before the week, the
    # ones with no event in it): their chains say whether they were still on at its end.
    for state in (SealState.APPLIED, SealState.TAMPERED):
        fitted = (await api.seals(state=state)).items
        if len(fitted) >= SEAL_PAGE:
            missing.append(f"the cloud lists at most {SEAL_PAGE} {state.value} seals at once: "
                           "seals fitted before the week may be missing")
        numbers |= {s.number for s in fitted if s.applied_at is not None
                    and s.applied_at < end}
    custody: dict[str, list[SealEvent]] = {}
    ledger: dict[str, Seal] = {}
    try:
        chains = await _bounded([partial(api.seal_custody, n) for n in sorted(numbers)])
        custody = {c.seal.number: c.events for c in chains}
        ledger = {c.seal.number: c.seal for c in chains}
    except NotFound as exc:
        missing.append(f"a seal's custody chain could not be had: {exc}")
    places = {g.id: g.name for g in (await api.geofences()).items}
    rec = reconcile(events, start=start, end=end, audits=audits,
                    plans=plan_steps(await fetch_plans(api)) if plans is None else plans,
                    history=custody,
                    verifications=verifications, first_seq=span.first_seq,
                    last_seq=span.last_seq, ledger=ledger)
    if not rec.chain.complete:
        missing.append(f"the hash chain was checked over {rec.chain.checked} of "
                       f"{rec.chain.expected} log entries")
    return WeekReport(carrier=carrier, week=week, zone=zone, reconciliation=rec,
                      log_range=span, places=places, generated_by=generated_by,
                      missing=missing)


# --------------------------------------------------------------------------- words


def _t(source: str) -> str:
    return translate(CONTEXT, source)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


_LONG_RUN = re.compile(r"\S{40,}")


def _breakable(text: str) -> str:
    """A zero-width space every 40 characters of an unbroken run, so a long note wraps in its
    table cell instead of widening it (and nothing of it is cut: it is evidence)."""
    return _LONG_RUN.sub(lambda m: "\u200b".join(
        m.group(0)[i:i + 40] for i in range(0, len(m.group(0)), 40)), text)


def _n(text: object) -> str:
    """Text from the network as HTML: isolated, breakable, escaped."""
    return _e(_breakable(isolate(text)))


class Words:
    """The report's phrases in its language and time zone."""

    def __init__(self, tz: dt.tzinfo, places: Mapping[str, str],
                 alarm_types: Mapping[str, str] | None = None,
                 unfinished_at: float | None = None) -> None:
        self.tz = tz
        self.places = places
        #: When the report was made, if the week was not over then.
        self.unfinished_at = unfinished_at
        #: Alarm type names by alarm id, for the sentences.
        self.alarm_types = dict(alarm_types or {})

    def when(self, ts: float | None) -> str:
        if ts is None:
            return "—"
        return dt.datetime.fromtimestamp(ts, self.tz).strftime("%Y-%m-%d %H:%M %Z")

    def day(self, ts: float) -> str:
        return dt.datetime.fromtimestamp(ts, self.tz).strftime("%Y-%m-%d")

    def place(self, geofence_id: str | None, position: Position | None = None) -> str:
        if geofence_id:
            return isolate(self.places.get(geofence_id, geofence_id))
        if position is not None:
            return f"{position.lat:.5f}, {position.lon:.5f}"
        return _t("position unknown")

    @staticmethod
    def action(action: SealAction) -> str:
        return {
            SealAction.ISSUED: _t("Issued"), SealAction.APPLIED: _t("Applied"),
            SealAction.CHECKED: _t("Checked"), SealAction.REMOVED: _t("Removed"),
            SealAction.REPLACED: _t("Replaced"), SealAction.TAMPERED: _t("Tampered"),
        }[action]

    @staticmethod
    def seal_state(state: object) -> str:
        return {"in_stock": _t("in stock"), "issued": _t("issued"), "applied": _t("applied"),
                "removed": _t("removed"), "tampered": _t("tampered")}.get(str(state), "—")

    @staticmethod
    def kind(kind: ExceptionKind) -> str:
        return {
            ExceptionKind.APPLIED_NOT_REMOVED: _t("Applied, not removed"),
            ExceptionKind.UNAUTHORISED_REMOVAL: _t("Removed without authorisation"),
            ExceptionKind.UNAUTHORISED_UNLOCK: _t("Unlocked without authorisation"),
            ExceptionKind.SEAL_MISMATCH: _t("Seal number mismatch"),
            ExceptionKind.CUSTODY_GAP: _t("Gap in custody"),
            ExceptionKind.ALARM_OPEN: _t("Alarm still open"),
            ExceptionKind.CHAIN_BROKEN: _t("Hash chain does not verify"),
        }[kind]

    def entry_details(self, e: LedgerEntry) -> list[str]:
        """The entry's particulars, each already isolated where it came from the network."""
        out = []
        if e.read_back is not None:
            out.append(_t("read back {number}").format(number=isolate(e.read_back)))
        if e.photo_ref:
            out.append(_t("photo {ref}").format(ref=isolate(e.photo_ref)))
        if e.action in (SealAction.REMOVED, SealAction.REPLACED):
            out.append(_t("authorised ({authorisation})").format(
                authorisation=isolate(e.authorisation_id or "—")) if e.authorised
                else _t("NOT authorised"))
        if e.replaced_by:
            out.append(_t("replaced by {seal}").format(seal=isolate(e.replaced_by)))
        if e.note:
            out.append(_t("note: {note}").format(note=isolate(e.note)))
        return out

    def describe(self, x: CustodyException) -> str:
        """The exception as a sentence (the network's text isolated)."""
        seal, trailer = isolate(x.seal_number or "—"), isolate(x.trailer_id or "—")
        actor, when = isolate(x.actor or "—"), self.when(x.ts)
        match x.kind:
            case ExceptionKind.APPLIED_NOT_REMOVED:
                if x.before_log:
                    # The ledger's time for a seal fitted before the log is when it began.
                    when = _t("before the log began ({when})").format(when=when)
                    actor = _t("someone not on record")
                if self.unfinished_at is not None:
                    return _t("Seal {seal} applied {when} by {actor} on trailer {trailer} is "
                              "still applied at {now} (the week is not over).").format(
                        seal=seal, when=when, actor=actor, trailer=trailer,
                        now=self.when(self.unfinished_at))
                text = _t("Seal {seal} applied {when} by {actor} on trailer {trailer} is still "
                          "applied at the end of the week.").format(
                    seal=seal, when=when, actor=actor, trailer=trailer)
                if x.removed_after is not None:
                    text += _t(" It was removed later, {when}.").format(
                        when=self.when(x.removed_after))
                return text
            case ExceptionKind.UNAUTHORISED_REMOVAL:
                return _t("Seal {seal} on trailer {trailer} was removed {when} by {actor} "
                          "without an unlock authorisation.").format(
                    seal=seal, trailer=trailer, when=when, actor=actor)
            case ExceptionKind.UNAUTHORISED_UNLOCK:
                return _t("Trailer {trailer} was unlocked {when} by {actor} without an unlock "
                          "authorisation.").format(trailer=trailer, when=when,
                                                    actor=actor.replace("_", " "))
            case ExceptionKind.SEAL_MISMATCH:
                return _t("Seal {seal} applied {when} on trailer {trailer}: the driver app read "
                          "back {read_back}.").format(seal=seal, when=when, trailer=trailer,
                                                      read_back=isolate(x.read_back or "—"))
            case ExceptionKind.CUSTODY_GAP:
                return {
                    GapKind.APPLIED_WITHOUT_ISSUE: _t(
                        "Seal {seal} was applied {when} with no issue on record."),
                    GapKind.REMOVED_WITHOUT_APPLICATION: _t(
                        "Seal {seal} was removed {when} with no application on record."),
                    GapKind.APPLIED_TWICE: _t(
                        "Seal {seal} was applied again {when} without a removal since it was "
                        "last applied."),
                    GapKind.TRIP_WITHOUT_SEAL: _t(
                        "Trip {trip} of trailer {trailer} departed {when} with no seal "
                        "applied."),
                }[x.gap or GapKind.APPLIED_WITHOUT_ISSUE].format(
                    seal=seal, when=when, trip=isolate(x.trip_id or "—"), trailer=trailer)
            case ExceptionKind.ALARM_OPEN:
                state = (_t("acknowledged, not resolved")
                         if x.alarm_state is AlarmState.ACKNOWLEDGED
                         else _t("open — not acknowledged"))
                return _t("Alarm {alarm} ({type}) on trailer {trailer}, raised {when}, is "
                          "{state}.").format(alarm=isolate(x.alarm_id or "—"),
                                             type=self.alarm_type_of(x), trailer=trailer,
                                             when=when, state=state)
            case ExceptionKind.CHAIN_BROKEN:
                if x.first_bad_seq is not None:
                    return _t("Log entries {first} to {last} do not verify from entry {bad}: "
                              "{message}").format(first=x.from_seq, last=x.to_seq,
                                                  bad=x.first_bad_seq,
                                                  message=isolate(x.message))
                return _t("Log entries {first} to {last} do not verify: {message}").format(
                    first=x.from_seq, last=x.to_seq, message=isolate(x.message))
        return ""

    def alarm_type_of(self, x: CustodyException) -> str:
        return self.alarm_types.get(x.alarm_id or "", "—")


# --------------------------------------------------------------------------- the PDF


def _grid(headers: list[str], rows: list[list[str]], empty: str, widths: list[int] | None = None,
          small: bool = False) -> str:
    """A ruled table; cells are HTML already, headers and ``empty`` are escaped here. The header
    row is repeated on every page the table runs onto."""
    head = "".join(
        f"<th{f' width={widths[i]}%' if widths else ''}>{_e(h)}</th>"
        for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    if not rows:
        body = f"<tr><td colspan='{len(headers)}'>{_e(empty)}</td></tr>"
    kind = "grid small" if small else "grid"
    return f"<table class='{kind}' width='100%'><thead><tr>{head}</tr></thead>{body}</table>"


def _kv(rows: list[tuple[str, str]]) -> str:
    return "<table class='kv'>" + "".join(
        f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"


def chain_verdict(report: WeekReport) -> tuple[str, bool]:
    """The chain's verdict as the report's first page says it, and whether it is good."""
    chain = report.reconciliation.chain
    if chain.expected == 0:
        return _t("Nothing was logged in this week: nothing to verify."), True
    if chain.failed_pages:
        return _t("DOES NOT VERIFY — the log was altered"), False
    if not chain.complete:
        return _t("INCOMPLETE — {checked} of {expected} log entries could be checked").format(
            checked=chain.checked, expected=chain.expected), False
    return _t("VERIFIED — {checked} log entries, {first} to {last}, complete and "
              "unedited").format(checked=f"{chain.checked:,}", first=chain.first_seq,
                                 last=chain.last_seq), True


def _alarm_html(w: Words, record: AlarmRecord) -> str:
    a = record.alarm
    ack = (isolate(a.acknowledged_by) + ", " + w.when(a.acknowledged_at)
           if a.acknowledged_by else _t("not acknowledged"))
    resolution = (_t("{outcome} — {who}, {when}; note: {note}").format(
        outcome=outcome_label(a.outcome), who=isolate(a.resolved_by or "—"),
        when=w.when(a.resolved_at), note=isolate(a.resolve_note or "—"))
        if a.state is AlarmState.RESOLVED else _t("not resolved at the time of this report"))
    done = "".join(f"<li>☑ {_n(s.label)} — {_n(s.by or '—')}, {_e(w.when(s.at))}</li>"
                   for s in record.steps_done) or f"<li>{_e(_t('none'))}</li>"
    skipped = "".join(
        f"<li>☐ {_n(s.label)} — " + _e(
            _t("never ticked") if s.reason is SkipReason.NEVER_TICKED
            else _t("unticked by {who}, {when}").format(who=isolate(s.by or "—"),
                                                       when=w.when(s.at))) + "</li>"
        for s in record.steps_skipped) or f"<li>{_e(_t('none'))}</li>"
    said = []
    for m in record.messages:
        who = _t("driver") if m.direction is MessageDirection.FROM_DRIVER else (m.sent_by or "—")
        said.append((m.at, _t("{when} · {who} · {status}: “{text}”").format(
            when=w.when(m.at), who=isolate(who), status=_t(m.status.value),
            text=isolate(m.text))))
    for c in record.calls:
        line = _t("{when} · {who} · call: {outcome}").format(
            when=w.when(c.at), who=isolate(c.by), outcome=call_outcome_label(c.outcome))
        said.append((c.at, line + (f" — {isolate(c.note)}" if c.note else "")))
    talk = "".join(f"<li>{_e(_breakable(s))}</li>" for _, s in sorted(said)) or (
        f"<li>{_e(_t('none'))}</li>")
    return (
        f"<h3>{_e(priority_label(a.priority))} · {_e(alarm_type_label(a.type))} · {_n(a.id)} · "
        f"{_e(_t('Trailer'))} {_n(a.trailer_id)}</h3>"
        + _kv([(_t("Raised"), _e(w.when(a.raised_at)) + (f" — {_n(a.detail)}" if a.detail
                                                           else "")),
               (_t("Where"), _e(w.place(None, a.position))),
               (_t("Acknowledged"), _e(ack)),
               (_t("Note"), _n(a.ack_note or "—")),
               (_t("Resolution"), _e(_breakable(resolution)))])
        + f"<p><b>{_e(_t('Steps done'))}</b></p><ul>{done}</ul>"
        f"<p><b>{_e(_t('Steps skipped'))}</b></p><ul>{skipped}</ul>"
        f"<p><b>{_e(_t('Messages and calls'))}</b></p><ul>{talk}</ul>")


def build_html(report: WeekReport) -> str:
    """The report as HTML: the summary page, then the sections."""
    rec = report.reconciliation
    w = Words(report.tz, report.places,
              {r.alarm.id: alarm_type_label(r.alarm.type) for r in rec.alarms},
              report.generated_at if report.generated_at < rec.end else None)
    verdict, good = chain_verdict(report)
    unauthorised = sum(1 for u in rec.unlocks if u.authorisation_id is None)
    still_open = sum(1 for a in rec.alarms if a.open)
    counts = _kv([
        (_t("Seals issued"), str(rec.count(SealAction.ISSUED))),
        (_t("Seals applied"), str(rec.count(SealAction.APPLIED))),
        (_t("Seals checked"), str(rec.count(SealAction.CHECKED))),
        (_t("Seals removed"), str(rec.count(SealAction.REMOVED))),
        (_t("Seals replaced"), str(rec.count(SealAction.REPLACED))),
        (_t("Seals found tampered"), str(rec.count(SealAction.TAMPERED))),
        (_t("Trips"), str(len(rec.trips))),
        (_t("Unlocks"), _e(_t("{count} ({unauthorised} without authorisation)").format(
            count=len(rec.unlocks), unauthorised=unauthorised))),
        (_t("Unlock requests"), str(len(rec.unlock_requests))),
        (_t("Tamper events"), str(len(rec.tampers))),
        (_t("Alarms"), _e(_t("{count} ({open} still open)").format(count=len(rec.alarms),
                                                                  open=still_open))),
        (_t("Exceptions to sign off"), f"<b>{len(rec.exceptions)}</b>"),
    ])
    exceptions = _grid(
        [_t("Kind"), _t("When"), _t("Seal"), _t("Trailer"), _t("What")],
        [[f"<b>{_e(w.kind(x.kind))}</b>", _e(w.when(x.ts)), _n(x.seal_number or "—"),
          _n(x.trailer_id or "—"), _e(_breakable(w.describe(x)))] for x in rec.exceptions],
        _t("No exception this week."), [15, 12, 11, 9, 53], small=True)
    colour = "#1b5e20" if good else "#b71c1c"
    header = _t("Week {week}: {start} to {end} ({zone})").format(
        week=report.week, start=w.day(rec.start), end=w.day(rec.end - 1), zone=report.zone)
    generated = _t("Generated {when} by {user} with the OpticalLock Dispatcher console").format(
        when=w.when(report.generated_at), user=isolate(report.generated_by or "—"))
    if w.unfinished_at is not None:
        header += "\n" + _t("The week was not over when this report was made: it covers the "
                            "week up to {when}.").format(when=w.when(w.unfinished_at))
    sign = ("<table class='sign' width='100%'><tr>"
            f"<td width='40%'>{_e(_t('Reviewed by (name)'))}<br><br>____________________</td>"
            f"<td width='35%'>{_e(_t('Signature'))}<br><br>____________________</td>"
            f"<td width='25%'>{_e(_t('Date'))}<br><br>____________</td></tr></table>")

    ledger = []
    for seal in rec.seals:
        ledger.append(
            "<h3>" + _e(_t("{seal} · ISO 17712 class {iso_class} · {manufacturer}").format(
                seal=isolate(seal.number), iso_class=seal.iso_class.value,
                manufacturer=isolate(seal.manufacturer))) + "</h3>"
            + "<p>" + _e(_t("Trips sealed: {trips} · at the end of the week: {state}").format(
                trips=", ".join(isolate(t) for t in seal.trip_ids) or _t("none"),
                state=w.seal_state(seal.state_at_end))) + "</p>"
            + _grid([_t("When"), _t("Action"), _t("Trailer"), _t("Trip"), _t("By"), _t("Where"),
                     _t("Details")],
                    [[_e(w.when(e.ts)), _e(w.action(e.action)), _n(e.trailer_id or "—"),
                      _n(e.trip_id or "—"), _n(e.actor), _e(w.place(e.geofence_id, e.position)),
                      _e(_breakable("; ".join(w.entry_details(e))))] for e in seal.entries],
                    "", [11, 8, 9, 13, 16, 18, 25], small=True))
    sealed_by: dict[str, list[str]] = {}
    for seal in rec.seals:
        for trip_id in seal.trip_ids:
            sealed_by.setdefault(trip_id, []).append(seal.number)
    trips = _grid(
        [_t("Trip"), _t("Trailer"), _t("Origin"), _t("Destination"), _t("Departed"),
         _t("Arrived"), _t("Seals")],
        [[_n(t.id), _n(t.trailer_id), _n(t.origin_name), _n(t.destination_name),
          _e(w.when(t.departed_at)), _e(w.when(t.arrived_at)),
          _n(", ".join(sealed_by.get(t.id, [])) or "—")] for t in rec.trips],
        _t("No trip this week."), [15, 9, 17, 17, 12, 12, 18], small=True)
    unlocks = _grid(
        [_t("When"), _t("Trailer"), _t("Where"), _t("By"), _t("Authorisation")],
        [[_e(w.when(u.ts)), _n(u.trailer_id), _e(w.place(u.geofence_id, u.position)),
          _n(u.actor.replace("_", " ")),
          _n(u.authorisation_id) if u.authorisation_id else f"<b>{_e(_t('NONE'))}</b>"]
         for u in rec.unlocks],
        _t("No unlock this week."))
    requests = _grid(
        [_t("Requested"), _t("Trailer"), _t("Where"), _t("Reason"), _t("Decision")],
        [[_e(w.when(r.request.requested_at)), _n(r.request.trailer_id),
          _e(w.place(r.request.geofence_id, r.request.position)), _n(r.request.reason or "—"),
          _e(_breakable(_decision(w, r.request)))] for r in rec.unlock_requests],
        _t("No unlock request this week."))
    tampers = _grid(
        [_t("When"), _t("Trailer"), _t("Kind"), _t("Fiber level"), _t("Where")],
        [[_e(w.when(x.ts)), _n(x.trailer_id), _e(alarm_type_label(x.kind.value)),
          "—" if x.fiber_dbm is None else _e(f"{x.fiber_dbm:.1f} dBm"),
          _e(w.place(None, x.position))] for x in rec.tampers],
        _t("No tamper event this week."))
    alarms = "".join(_alarm_html(w, r) for r in rec.alarms) or (
        f"<p>{_e(_t('No alarm this week.'))}</p>")
    pages = "".join(
        "<p>" + _e(_t("Entries {first} to {last}").format(first=p.from_seq, last=p.to_seq))
        + ": " + ("✔ " if p.ok else "✘ ") + _e(_breakable(_t(
            "{checked} checked — the cloud says: {message}").format(
            checked=f"{p.checked:,}", message=isolate(p.message))))
        + "<br><span class='mono'>" + _e(_t("Anchor hash")) + f" {_e(p.anchor_hash)}<br>"
        + _e(_t("Head hash")) + f" {_e(p.head_hash)}</span></p>"
        for p in rec.chain.pages)
    h = {k: _e(_t(v)) for k, v in {
        "title": "Weekly seal reconciliation", "summary": "Summary",
        "exceptions": "Exceptions to sign off", "chain": "Event log integrity",
        "sign": "Sign-off", "ledger": "Seal ledger", "trips": "Trips",
        "unlocks": "Unlocks and unlock requests", "tampers": "Tamper events",
        "alarms": "Alarms, acknowledgements and resolutions",
        "chain_note": "The OpticalLock cloud chains every logged event to its predecessor with "
                      "SHA-256; the check recomputed that chain over every entry logged in the "
                      "week. Any edited, inserted or removed entry breaks it."}.items()}
    subtitle = _t("C-TPAT seal log reconciliation · {carrier}").format(
        carrier=isolate(report.carrier))
    return f"""<html><head><style>
body {{ font-family: 'DejaVu Sans'; font-size: 8.5pt; color: #111; }}
h1 {{ font-size: 17pt; margin: 0; }}
h2 {{ font-size: 12pt; margin-top: 12px; border-bottom: 1px solid #999; }}
h3 {{ font-size: 9.5pt; margin-bottom: 2px; margin-top: 10px; }}
table {{ border-collapse: collapse; }}
table.grid td, table.grid th {{ border: 1px solid #999; padding: 2px 4px; }}
table.grid th {{ background: #eee; text-align: left; }}
table.small {{ font-size: 7pt; }}
table.kv th {{ text-align: left; padding: 1px 12px 1px 0; color: #444; font-weight: normal; }}
table.kv td {{ padding: 1px 0; }}
table.sign td {{ padding: 10px 8px 0 0; color: #444; }}
.mono {{ font-family: 'DejaVu Sans Mono'; font-size: 6.5pt; color: #444; }}
.muted {{ color: #666; }}
.verdict {{ font-size: 11pt; color: {colour}; }}
</style></head><body>
<h1>{h["title"]} — {_e(report.week)}</h1>
<p><b>{_e(subtitle)}</b><br>{"<br>".join(_e(line) for line in header.splitlines())}<br>
<span class='muted'>{_e(generated)}</span></p>
<h2>{h["chain"]}</h2>
<p class='verdict'><b>{_e(verdict)}</b></p>
<h2>{h["summary"]}</h2>
{counts}
<h2>{h["exceptions"]}</h2>
{exceptions}
<h2>{h["sign"]}</h2>
{sign}
<h2 style='page-break-before: always'>{h["ledger"]}</h2>
{"".join(ledger) or f"<p>{_e(_t('No seal event this week.'))}</p>"}
<h2>{h["trips"]}</h2>
{trips}
<h2>{h["unlocks"]}</h2>
{unlocks}
<p></p>
{requests}
<h2>{h["tampers"]}</h2>
{tampers}
<h2>{h["alarms"]}</h2>
{alarms}
<h2>{h["chain"]}</h2>
<p class='verdict'><b>{_e(verdict)}</b></p>
{pages}
<p class='muted'>{h["chain_note"]}</p>
</body></html>"""


def _decision(w: Words, r: Any) -> str:
    match r.state:
        case UnlockRequestState.APPROVED | UnlockRequestState.USED:
            text = _t("approved by {who} ({when}), valid until {until}").format(
                who=isolate(r.decided_by or "—"), when=w.when(r.decided_at),
                until=w.when(r.valid_until))
            if r.used_at is not None:
                text += "; " + _t("used {when}").format(when=w.when(r.used_at))
            return str(text)
        case UnlockRequestState.REFUSED:
            return str(_t("refused by {who} ({when}): {reason}").format(
                who=isolate(r.decided_by or "—"), when=w.when(r.decided_at),
                reason=isolate(r.refusal_reason or "—")))
        case UnlockRequestState.EXPIRED:
            return _t("expired")
    return _t("pending")


def write_pdf(path: Path, report: WeekReport, language: str = "en") -> Path:
    """The PDF (A4 portrait, "page N of M" in the footer), in ``language``; a QGuiApplication
    must exist."""
    with report_language(language):
        html_text = build_html(report)
        title = _t("Weekly seal reconciliation")
        footer = _t("Weekly seal reconciliation · {carrier} · {week} · page {page} of {pages}")

    def render(target: Path) -> None:
        render_paged_pdf(target, html_text, f"{title} — {report.carrier} — {report.week}",
                         lambda page, pages: footer.format(carrier=isolate(report.carrier),
                                                           week=report.week, page=page,
                                                           pages=pages))

    return replace_atomically(Path(path), render)


# --------------------------------------------------------------------------- the CSV

CSV_COLUMNS = (
    "record", "seq", "time_utc", "time_local", "seal_number", "iso_class", "manufacturer",
    "action", "exception", "gap", "trailer_id", "lock_id", "trip_id", "actor", "geofence_id",
    "read_back", "photo_ref", "authorised", "authorisation_id", "replaced_by", "alarm_id",
    "description",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Free text as a spreadsheet shows it, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def csv_rows(report: WeekReport) -> list[dict[str, str]]:
    """The CSV's rows (in the language installed by :func:`report_language`)."""
    rec = report.reconciliation
    w = Words(report.tz, report.places,
              {r.alarm.id: alarm_type_label(r.alarm.type) for r in rec.alarms},
              report.generated_at if report.generated_at < rec.end else None)

    def times(ts: float | None) -> dict[str, str]:
        if ts is None:
            return {"time_utc": "", "time_local": ""}
        return {"time_utc": dt.datetime.fromtimestamp(ts, dt.UTC).isoformat(),
                "time_local": dt.datetime.fromtimestamp(ts, report.tz).isoformat()}

    rows: list[dict[str, str]] = []
    for e in rec.entries:
        rows.append({
            "record": "ledger", "seq": str(e.seq), **times(e.ts), "seal_number": e.number,
            "iso_class": e.iso_class.value, "manufacturer": _cell(e.manufacturer),
            "action": e.action.value, "trailer_id": e.trailer_id or "",
            "lock_id": e.lock_id or "", "trip_id": e.trip_id or "", "actor": _cell(e.actor),
            "geofence_id": e.geofence_id or "", "read_back": _cell(e.read_back),
            "photo_ref": _cell(e.photo_ref),
            "authorised": "" if e.authorised is None else ("yes" if e.authorised else "no"),
            "authorisation_id": e.authorisation_id or "", "replaced_by": e.replaced_by or "",
            "description": _cell("; ".join(w.entry_details(e)))})
    for x in rec.exceptions:
        rows.append({
            "record": "exception", "seq": "" if x.seq is None else str(x.seq), **times(x.ts),
            "seal_number": x.seal_number or "", "exception": x.kind.value,
            "gap": x.gap.value if x.gap else "", "trailer_id": x.trailer_id or "",
            "trip_id": x.trip_id or "", "actor": _cell(x.actor), "read_back": _cell(x.read_back),
            "alarm_id": x.alarm_id or "", "description": _cell(w.describe(x))})
    verdict, _ = chain_verdict(report)
    rows.append({"record": "chain",
                 "seq": f"{rec.chain.first_seq}-{rec.chain.last_seq}"
                 if rec.chain.first_seq is not None else "",
                 "description": _cell(verdict)})
    return [{c: r.get(c, "") for c in CSV_COLUMNS} for r in rows]


def write_csv(path: Path, report: WeekReport, language: str = "en") -> Path:
    """The CSV (UTF-8 with a byte-order mark, so a spreadsheet reads the accents right)."""
    with report_language(language):
        rows = csv_rows(report)

    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
            out.writeheader()
            out.writerows(rows)

    return replace_atomically(Path(path), write)


def file_stem(carrier_id: str, week: str, language: str) -> str:
    """``reconciliation-<carrier>-<week>[-es]``, safe as a file name."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", carrier_id) or "carrier"
    return f"reconciliation-{safe}-{week}" + ("" if language == "en" else f"-{language}")


__all__ = [
    "CSV_COLUMNS", "LANGUAGES", "SPANISH", "VERIFY_PAGE", "ReportIncomplete", "ReportTranslator",
    "WeekReport", "build_html", "chain_verdict", "csv_rows", "fetch_events", "fetch_week",
    "file_stem", "plan_steps", "report_language", "verify_week", "write_csv", "write_pdf",
]
