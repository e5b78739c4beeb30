"""Loading one lock's history for a period: fixes, fiber samples and events, page by page.

The three histories are paged with the cloud's cursors. A page that fails (unreachable, 5xx) is
retried with a growing delay; if it still fails, loading fails as a whole and says which page:
a half-loaded history is never handed over as if it were complete. Progress is the share of the
period covered so far. Loading can be cancelled at any time.

The chain check (``/log/verify``) over the events' seq range is part of the load, so an audit
report can say whether the log over the trip is complete and unedited.

A period rarely starts between two trips. The loader looks back (:data:`PRIOR_LOOKBACK_S`) for
the lock's ``trip`` and ``lock_state`` events before it: a trip under way when the period
starts is loaded from its lock, so it is reported whole, with the lock's time and the plan and
driver its own ``trip`` events logged (``LockHistory.prior_events`` keeps what came before).

Signals of :class:`HistoryLoader`:
    progress(float, str): share done (0..1) and what is being loaded.
    loaded(object): the :class:`LockHistory`, complete.
    failed(str): why loading stopped (nothing partial is handed over).
    cancelled(): the dispatcher cancelled.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol, TypeVar

import numpy as np
from PySide6.QtCore import QObject, Signal

from console.alarms.desk import fetch_audit
from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from console.link.api import ApiError, CloudApi, Request, as_api
from console.link.client import AuthError, CloudUnavailable
from console.tasks import TaskSet
from opticallock.protocol import AlarmAudit, ChainVerification, LockStateEvent, TripEvent
from opticallock.trips import FloatArray, Track, split_trips

log = logging.getLogger(__name__)

PAGE_LIMIT = 5000
#: How far before a period the loader looks for the plan and the lock of a trip under way.
PRIOR_LOOKBACK_S = 3 * 86400.0
#: The cloud serves at most this span per request (cloudsim: 62 days).
MAX_SPAN_S = 62 * 86400.0


class _Page(Protocol):
    @property
    def next_cursor(self) -> str | None: ...


P = TypeVar("P", bound=_Page)
T = TypeVar("T")


#: What a page or a check is of, by the (English) key the loader and its log use.
_WHAT_NAMES: TranslatedNames[str] = TranslatedNames("HistoryLoader", {
    "positions": QT_TRANSLATE_NOOP("HistoryLoader", "positions"),
    "fiber": QT_TRANSLATE_NOOP("HistoryLoader", "fiber"),
    "events": QT_TRANSLATE_NOOP("HistoryLoader", "events"),
    "the hash-chain check": QT_TRANSLATE_NOOP("HistoryLoader", "the hash-chain check"),
})


class HistoryError(RuntimeError):
    """Loading failed; the message says what could not be loaded and why."""


@dataclass
class LockHistory:
    lock_id: str
    trailer_id: str
    start: float
    end: float
    track: Track
    fiber_ts: FloatArray
    fiber_dbm: FloatArray
    events: list[Any] = field(default_factory=list)
    verification: ChainVerification | None = None
    pages: int = 0
    #: The lock's ``trip`` and ``lock_state`` events from before :attr:`start` (looked back
    #: for): the plan and the lock of the first trip, if they came before.
    prior_events: list[Any] = field(default_factory=list)
    #: The period asked for began here; :attr:`start` is earlier when a trip was under way.
    requested_start: float | None = None

    @property
    def seq_range(self) -> tuple[int, int] | None:
        seqs = [e.seq for e in self.events]
        return (min(seqs), max(seqs)) if seqs else None


class HistoryLoader(QObject):
    """Loads one lock's history for a period; the signals are in the module's docstring."""

    progress = Signal(float, str)
    loaded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, api: CloudApi | Request, *, page_limit: int = PAGE_LIMIT,
                 retries: int = 3, retry_delay_s: float = 0.5,
                 parent: QObject | None = None) -> None:
        """``api`` is the cloud's :class:`CloudApi` (or a bare ``CloudClient.request``)."""
        super().__init__(parent)
        self.api = as_api(api)
        self.page_limit = page_limit
        self.retries = retries
        self.retry_delay_s = retry_delay_s
        self._tasks = TaskSet(log)
        self._task: asyncio.Task[LockHistory | None] | None = None

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def load(self, lock_id: str, trailer_id: str, start: float, end: float
             ) -> asyncio.Task[LockHistory | None]:
        """Start loading (cancelling a load still running); the result comes as a signal."""
        if end <= start:
            raise ValueError("the period must end after it starts")
        self.cancel(quiet=True)
        self._task = self._tasks.spawn(self._run(lock_id, trailer_id, start, end),
                                       "history load", name=f"history-{lock_id}")
        return self._task

    def cancel(self, quiet: bool = False) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            if not quiet:
                self.cancelled.emit()

    async def _run(self, lock_id: str, trailer_id: str, start: float, end: float
                   ) -> LockHistory | None:
        try:
            history = await self.fetch(lock_id, trailer_id, start, end)
        except asyncio.CancelledError:
            return None
        except HistoryError as exc:
            self.failed.emit(str(exc))
            return None
        except AuthError as exc:
            self.failed.emit(self.tr("Not signed in: {error}").format(error=exc))
            return None
        self.progress.emit(1.0, self.tr("Loaded"))
        self.loaded.emit(history)
        return history

    # ------------------------------------------------------------------ the loading itself

    async def fetch(self, lock_id: str, trailer_id: str, start: float, end: float
                    ) -> LockHistory:
        """Everything about ``lock_id`` in ``[start, end)``; raises HistoryError."""
        prior = await self.prior_events(lock_id, start)
        requested = start
        under_way = split_trips(Track.empty(), prior, start - PRIOR_LOOKBACK_S, start).trips
        if under_way and under_way[-1].end is None and under_way[-1].lock_event is not None:
            start = under_way[-1].start  # the trip's lock: load the trip whole
        span = end - start
        done = {"positions": 0.0, "fiber": 0.0, "events": 0.0}

        def report(kind: str, upto: float) -> None:
            done[kind] = min(1.0, max(0.0, (upto - start) / span))
            self.progress.emit(0.95 * sum(done.values()) / 3, self.tr("Loading {what}…").format(
                what=_WHAT_NAMES[kind]))

        history = LockHistory(lock_id, trailer_id, start, end, Track.empty(), np.zeros(0),
                              np.zeros(0), requested_start=requested,
                              prior_events=[e for e in prior if e.ts < start])
        rows: list[tuple[float, float, float, float, float]] = []
        fiber: list[tuple[float, float]] = []
        api = self.api
        for chunk_start, chunk_end in _chunks(start, end):
            async for page in self._pages(api.positions, lock_id, chunk_start, chunk_end,
                                          "positions"):
                items = page.items
                rows.extend((p.ts, p.lat, p.lon, p.speed_kmh, p.heading_deg) for p in items)
                history.pages += 1
                report("positions", items[-1].ts if items else chunk_end)
            report("positions", chunk_end)
            async for fiber_page in self._pages(api.fiber, lock_id, chunk_start, chunk_end,
                                                "fiber"):
                samples = fiber_page.items
                fiber.extend((s.ts, s.dbm) for s in samples)
                history.pages += 1
                report("fiber", samples[-1].ts if samples else chunk_end)
            report("fiber", chunk_end)
            async for event_page in self._pages(api.lock_events, lock_id, chunk_start,
                                                chunk_end, "events"):
                events = event_page.items
                history.events.extend(events)
                history.pages += 1
                report("events", events[-1].ts if events else chunk_end)
            report("events", chunk_end)
        history.track = Track.from_rows(rows)
        if fiber:
            arr = np.asarray(fiber, dtype=np.float64)
            arr = arr[np.argsort(arr[:, 0], kind="stable")]
            history.fiber_ts, history.fiber_dbm = arr[:, 0].copy(), arr[:, 1].copy()
        history.events.sort(key=lambda e: e.seq)
        history.verification = await self.verify(history)
        return history

    async def prior_events(self, lock_id: str, start: float) -> list[Any]:
        """The lock's ``trip`` and ``lock_state`` events in the look-back before ``start``."""
        self.progress.emit(0.0, self.tr("Looking for the trip under way…"))
        found: list[Any] = []
        async for page in self._pages(self.api.lock_events, lock_id, start - PRIOR_LOOKBACK_S,
                                      start, "events"):
            found.extend(e for e in page.items if isinstance(e, LockStateEvent | TripEvent))
        found.sort(key=lambda e: e.seq)
        return found

    async def verify(self, history: LockHistory) -> ChainVerification | None:
        """The cloud's hash-chain check over the events' seq range (None if there are none)."""
        seqs = history.seq_range
        if seqs is None:
            return None
        self.progress.emit(0.96, self.tr("Verifying the event log's hash chain…"))
        return await self._get(partial(self.api.verify_log, seqs[0], seqs[1]),
                               "the hash-chain check")

    async def _pages(self, fetch: Callable[..., Awaitable[P]], lock_id: str, start: float,
                     end: float, what: str) -> AsyncIterator[P]:
        """Every page of one of the lock's histories in [start, end), following the cursors;
        ``fetch`` is the CloudApi method."""
        cursor: str | None = None
        while True:
            page = await self._get(partial(fetch, lock_id, start, end, limit=self.page_limit,
                                           cursor=cursor), what)
            yield page
            cursor = page.next_cursor
            if not cursor:
                return

    async def _get(self, fetch: Callable[[], Awaitable[T]], what: str) -> T:
        """One page, retried on network and server errors (an unreadable page is one);
        HistoryError when it gives up or the cloud refuses."""
        delay = self.retry_delay_s
        last = ""
        for attempt in range(self.retries + 1):
            try:
                return await fetch()
            except CloudUnavailable as exc:  # a MalformedAnswer too
                last = str(exc)
            except ApiError as exc:
                if 400 <= exc.status < 500:
                    raise HistoryError(self.tr("The cloud refused the {what} request: {error}")
                                       .format(what=_WHAT_NAMES[what], error=exc)) from exc
                last = f"HTTP {exc.status}"
            if attempt < self.retries:
                log.info("history page (%s) failed (%s); retrying in %.1f s", what, last, delay)
                await asyncio.sleep(delay)
                delay *= 2
        raise HistoryError(self.tr(
            "Could not load the {what} after {tries} tries ({error}); nothing was shown as "
            "complete.").format(what=_WHAT_NAMES[what], tries=self.retries + 1, error=last))


def _chunks(start: float, end: float) -> list[tuple[float, float]]:
    out = []
    t = start
    while t < end:
        out.append((t, min(end, t + MAX_SPAN_S)))
        t += MAX_SPAN_S
    return out


async def fetch_alarm_audits(api: CloudApi | Request, alarm_ids: list[str]
                            ) -> list[AlarmAudit]:
    """The cloud's audit trail of each alarm, in order; those it does not give are skipped."""
    api = as_api(api)
    audits = []
    for alarm_id in alarm_ids:
        try:
            audits.append(await fetch_audit(api, alarm_id))
        except (LookupError, RuntimeError):
            continue
    return audits
