"""Loading one lock's history for a period: fixes, fiber samples and events, page by page.

The three histories are paged with the cloud's cursors. A page that fails (unreachable, 5xx) is
retried with a growing delay; if it still fails, loading fails as a whole and says which page:
a half-loaded history is never handed over as if it were complete. Progress is the share of the
period covered so far. Loading can be cancelled at any time.

The chain check (``/log/verify``) over the events' seq range is part of the load, so an audit
report can say whether the log over the trip is complete and unedited.

Signals of :class:`HistoryLoader`:
    progress(float, str): share done (0..1) and what is being loaded.
    loaded(object): the :class:`LockHistory`, complete.
    failed(str): why loading stopped (nothing partial is handed over).
    cancelled(): the dispatcher cancelled.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
import numpy as np
from pydantic import TypeAdapter, ValidationError
from PySide6.QtCore import QObject, Signal

from console.alarms.desk import fetch_audit
from console.link.client import AuthError, CloudUnavailable
from opticallock.protocol import (
    AlarmAudit,
    ChainVerification,
    Event,
    FiberPage,
    PositionPage,
)
from opticallock.trips import FloatArray, Track

log = logging.getLogger(__name__)

Request = Callable[..., Awaitable[httpx.Response]]

PAGE_LIMIT = 5000
#: The cloud serves at most this span per request (cloudsim: 62 days).
MAX_SPAN_S = 62 * 86400.0
_EVENTS = TypeAdapter(list[Event])


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

    @property
    def seq_range(self) -> tuple[int, int] | None:
        seqs = [e.seq for e in self.events]
        return (min(seqs), max(seqs)) if seqs else None


class HistoryLoader(QObject):
    progress = Signal(float, str)
    loaded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, request: Request, *, page_limit: int = PAGE_LIMIT, retries: int = 3,
                 retry_delay_s: float = 0.5, parent: QObject | None = None) -> None:
        """``request`` is ``CloudClient.request`` (or anything with its signature)."""
        super().__init__(parent)
        self.request = request
        self.page_limit = page_limit
        self.retries = retries
        self.retry_delay_s = retry_delay_s
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
        self._task = asyncio.get_event_loop().create_task(
            self._run(lock_id, trailer_id, start, end), name=f"history-{lock_id}")
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
            self.failed.emit(f"Not signed in: {exc}")
            return None
        self.progress.emit(1.0, "Loaded")
        self.loaded.emit(history)
        return history

    # ------------------------------------------------------------------ the loading itself

    async def fetch(self, lock_id: str, trailer_id: str, start: float, end: float
                    ) -> LockHistory:
        """Everything about ``lock_id`` in ``[start, end)``; raises HistoryError."""
        span = end - start
        done = {"positions": 0.0, "fiber": 0.0, "events": 0.0}

        def report(kind: str, upto: float) -> None:
            done[kind] = min(1.0, max(0.0, (upto - start) / span))
            self.progress.emit(0.95 * sum(done.values()) / 3, f"Loading {kind}…")

        history = LockHistory(lock_id, trailer_id, start, end, Track.empty(), np.zeros(0),
                              np.zeros(0))
        rows: list[tuple[float, float, float, float, float]] = []
        fiber: list[tuple[float, float]] = []
        base = f"/locks/{quote(lock_id, safe='')}"
        for chunk_start, chunk_end in _chunks(start, end):
            async for page in self._pages(f"{base}/positions", chunk_start, chunk_end,
                                          "positions"):
                items = PositionPage.model_validate_json(page.content).items
                rows.extend((p.ts, p.lat, p.lon, p.speed_kmh, p.heading_deg) for p in items)
                history.pages += 1
                report("positions", items[-1].ts if items else chunk_end)
            report("positions", chunk_end)
            async for page in self._pages(f"{base}/fiber", chunk_start, chunk_end, "fiber"):
                samples = FiberPage.model_validate_json(page.content).items
                fiber.extend((s.ts, s.dbm) for s in samples)
                history.pages += 1
                report("fiber", samples[-1].ts if samples else chunk_end)
            report("fiber", chunk_end)
            async for page in self._pages(f"{base}/events", chunk_start, chunk_end, "events"):
                body = page.json()
                events = _EVENTS.validate_python(body.get("items", []))
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

    async def verify(self, history: LockHistory) -> ChainVerification | None:
        """The cloud's hash-chain check over the events' seq range (None if there are none)."""
        seqs = history.seq_range
        if seqs is None:
            return None
        self.progress.emit(0.96, "Verifying the event log's hash chain…")
        response = await self._get("/log/verify", {"from_seq": seqs[0], "to_seq": seqs[1]},
                                   "the hash-chain check")
        return ChainVerification.model_validate_json(response.content)

    async def _pages(self, path: str, start: float, end: float, what: str) -> Any:
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"start": start, "end": end, "limit": self.page_limit}
            if cursor is not None:
                params["cursor"] = cursor
            response = await self._get(path, params, what)
            yield response
            try:
                cursor = response.json().get("next_cursor")
            except ValueError as exc:
                raise HistoryError(f"The cloud sent a malformed {what} page.") from exc
            if not cursor:
                return

    async def _get(self, path: str, params: dict[str, Any], what: str) -> httpx.Response:
        """One page, retried on network and server errors; HistoryError when it gives up."""
        delay = self.retry_delay_s
        last = ""
        for attempt in range(self.retries + 1):
            try:
                response = await self.request("GET", path, params=params)
            except CloudUnavailable as exc:
                last = str(exc)
            else:
                if response.status_code == 200:
                    try:
                        response.json()
                    except ValueError:
                        last = "a malformed page"
                    else:
                        return response
                elif 400 <= response.status_code < 500:
                    raise HistoryError(f"The cloud refused the {what} request: "
                                       f"{_message(response)}")
                else:
                    last = f"HTTP {response.status_code}"
            if attempt < self.retries:
                log.info("history page (%s) failed (%s); retrying in %.1f s", what, last, delay)
                await asyncio.sleep(delay)
                delay *= 2
        raise HistoryError(f"Could not load the {what} after {self.retries + 1} tries ({last}); "
                           "nothing was shown as complete.")


def _chunks(start: float, end: float) -> list[tuple[float, float]]:
    out = []
    t = start
    while t < end:
        out.append((t, min(end, t + MAX_SPAN_S)))
        t += MAX_SPAN_S
    return out


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json().get("message") or response.text)
    except (ValueError, ValidationError, AttributeError):
        return response.text[:200]


async def fetch_alarm_audits(request: Request, alarm_ids: list[str]) -> list[AlarmAudit]:
    """The cloud's audit trail of each alarm, in order; those it does not give are skipped."""
    audits = []
    for alarm_id in alarm_ids:
        try:
            audits.append(await fetch_audit(request, alarm_id))
        except (LookupError, RuntimeError):
            continue
    return audits
