"""The watched lock's fiber signal and events: live from the store, older ones from the cloud.

The lock detail shows one lock at a time. :class:`FiberSeries` follows that lock only: it picks
its fiber samples out of the store's ``FiberEvent`` rows as they are applied, and its events
(lock state, tamper, alarms, dispatcher actions, geofences, GPS, driver messages). On watching a
lock it loads the last hour from the cloud (``/locks/{id}/fiber`` and ``/events``, paged with the
cloud's cursors); scrolling back loads older days on demand, newest first, a day at a time.
Switching locks cancels the old lock's loads and stops picking its rows at once.

Samples live in :class:`SampleBuffer`: sorted float64 numpy arrays with room at both ends, so a
live append and a prepended page of history cost no copy of what is there; a merge of overlapping
data sorts once. The chart draws views of these arrays directly.

Signals of :class:`FiberSeries`:
    watchChanged(str): now following this lock ("" for none); samples and events were cleared.
    samplesAppended(int): this many live samples were added (at the end, usually).
    historyLoaded(float, float): samples and events of [start, end) are now loaded.
    eventsChanged(): the lock's events or driver messages changed (loaded or live).
    loadingChanged(bool): a load from the cloud started (True) or ended (False).
    loadFailed(str): a load failed; why, in plain words. The first window of a lock is tried
        again while the cloud is unreachable (1 s, 2 s, ... up to 30 s apart); older history is
        tried again when the dispatcher scrolls back to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import httpx
import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QObject, Signal, Slot

from console.fleet.store import FleetStore
from console.link.api import ApiError, CloudApi, MalformedAnswer, as_api
from console.link.client import AuthError, CloudUnavailable
from console.seal.timeline import TimelineEntry, concerns, entry_of, message_entry
from console.tasks import TaskSet
from opticallock.protocol import (
    AlarmRaisedEvent,
    DriverMessage,
    DriverMessageEvent,
    FiberEvent,
    TamperEvent,
)

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]
T = TypeVar("T")
#: ``CloudClient.request`` or anything with its signature.
Request = Callable[..., Awaitable[httpx.Response]]

#: What is loaded on watching a lock, and what the chart shows live.
LIVE_WINDOW_S = 3600.0
#: Older history is loaded in chunks of this span, newest first.
CHUNK_S = 86400.0
#: Never load further back than this (the cloud keeps 35 days; a range may span 62).
MAX_LOOKBACK_S = 62 * 86400.0
PAGE_LIMIT = 5000
#: Waits between tries of a lock's first window while the cloud is unreachable.
RETRY_DELAYS_S = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
#: Samples kept per lock: 46 days at one per 10 s; beyond it the oldest are dropped.
MAX_SAMPLES = 400_000


class SampleBuffer:
    """Sorted, de-duplicated (ts, dbm) samples in preallocated float64 arrays.

    Data sit in ``[lo, hi)`` of two arrays with free room before and after, so appending newer
    samples and prepending older ones write into the room (amortised O(k)); only a batch that
    interleaves with what is there is merged with a sort. Duplicates are exact (ts, dbm) pairs:
    the stream and the history API carry the same numbers, and two different readings may share
    a timestamp. At most ``max_samples`` are kept: the oldest go first.
    """

    def __init__(self, capacity: int = 4096, max_samples: int = MAX_SAMPLES) -> None:
        self.max_samples = max_samples
        self._ts: FloatArray = np.empty(capacity)
        self._dbm: FloatArray = np.empty(capacity)
        self._lo = self._hi = capacity // 4

    def __len__(self) -> int:
        return self._hi - self._lo

    @property
    def ts(self) -> FloatArray:
        """Sample times (POSIX s), ascending: a view, valid until the next change."""
        return self._ts[self._lo:self._hi]

    @property
    def dbm(self) -> FloatArray:
        return self._dbm[self._lo:self._hi]

    def clear(self) -> None:
        self._ts = np.empty(4096)
        self._dbm = np.empty(4096)
        self._lo = self._hi = 1024

    def slice(self, start: float, end: float) -> tuple[FloatArray, FloatArray]:
        """Samples with ``start <= ts < end`` (views)."""
        ts = self.ts
        a = int(np.searchsorted(ts, start, side="left"))
        b = int(np.searchsorted(ts, end, side="left"))
        return ts[a:b], self.dbm[a:b]

    def value_at(self, ts: npt.ArrayLike) -> FloatArray:
        """The level at each time, interpolated between samples (NaN with no samples)."""
        t = np.asarray(ts, dtype=np.float64)
        if len(self) == 0:
            return np.full(t.shape, np.nan)
        return np.asarray(np.interp(t, self.ts, self.dbm), dtype=np.float64)

    def extend(self, ts: npt.ArrayLike, dbm: npt.ArrayLike) -> int:
        """Add samples (any order, duplicates allowed); returns how many were new."""
        t = np.asarray(ts, dtype=np.float64).ravel()
        v = np.asarray(dbm, dtype=np.float64).ravel()
        if t.shape != v.shape:
            raise ValueError("ts and dbm differ in length")
        if len(t) == 0:
            return 0
        if len(t) > 1 and not (np.all(np.diff(t) > 0)):
            order = np.lexsort((v, t))
            t, v = t[order], v[order]
            keep = np.concatenate([[True], (np.diff(t) != 0) | (np.diff(v) != 0)])
            t, v = t[keep], v[keep]
        n = len(self)
        if n:
            t, v = self._drop_known(t, v)
            if len(t) == 0:
                return 0
        cur_ts, cur_dbm = self.ts, self.dbm
        at_end = n == 0 or _after(t[0], v[0], cur_ts[-1], cur_dbm[-1])
        if at_end:
            self._reserve_end(len(t))
            self._ts[self._hi:self._hi + len(t)] = t
            self._dbm[self._hi:self._hi + len(t)] = v
            self._hi += len(t)
        elif _after(cur_ts[0], cur_dbm[0], t[-1], v[-1]):
            self._reserve_front(len(t))
            self._ts[self._lo - len(t):self._lo] = t
            self._dbm[self._lo - len(t):self._lo] = v
            self._lo -= len(t)
        else:  # interleaved: one sort of the union
            all_t = np.concatenate([cur_ts, t])
            all_v = np.concatenate([cur_dbm, v])
            order = np.lexsort((all_v, all_t))
            self._replace(all_t[order], all_v[order])
        added = len(t)
        excess = len(self) - self.max_samples
        if excess > 0:
            self._lo += excess
            # Newer samples push older ones out; older history beyond the limit is not kept.
            added = min(added, self.max_samples) if at_end else max(0, added - excess)
        return added

    def _drop_known(self, t: FloatArray, v: FloatArray) -> tuple[FloatArray, FloatArray]:
        """``t, v`` without the pairs already held."""
        cur_ts, cur_dbm = self.ts, self.dbm
        left = np.searchsorted(cur_ts, t, side="left")
        right = np.searchsorted(cur_ts, t, side="right")
        count = right - left
        known = np.zeros(len(t), dtype=bool)
        one = count == 1
        known[one] = cur_dbm[left[one]] == v[one]
        # Several held samples at one time happen only rarely: look at those one by one.
        for k in np.flatnonzero(count > 1).tolist():
            known[k] = bool(np.any(cur_dbm[left[k]:right[k]] == v[k]))
        if not known.any():
            return t, v
        return t[~known], v[~known]

    def _replace(self, t: FloatArray, v: FloatArray) -> None:
        n = len(t)
        cap = max(4096, 2 * n)
        self._ts = np.empty(cap)
        self._dbm = np.empty(cap)
        self._lo = (cap - n) // 2
        self._hi = self._lo + n
        self._ts[self._lo:self._hi] = t
        self._dbm[self._lo:self._hi] = v

    def _reserve_end(self, k: int) -> None:
        if self._hi + k <= len(self._ts):
            return
        n = len(self)
        # New arrays rather than a shift in place: the chart may still hold views of the old.
        cap = max(4096, 2 * (n + k))
        ts, dbm = self.ts, self.dbm
        front = min(n // 2 + 1024, cap - n - k)
        self._ts, self._dbm = np.empty(cap), np.empty(cap)
        self._ts[front:front + n] = ts
        self._dbm[front:front + n] = dbm
        self._lo, self._hi = front, front + n

    def _reserve_front(self, k: int) -> None:
        if self._lo >= k:
            return
        n = len(self)
        cap = max(4096, 2 * (n + k))
        ts, dbm = self.ts, self.dbm
        back = min(n // 4 + 1024, cap - n - k)
        front = cap - n - back
        self._ts, self._dbm = np.empty(cap), np.empty(cap)
        self._ts[front:front + n] = ts
        self._dbm[front:front + n] = dbm
        self._lo, self._hi = front, front + n


def _after(t1: float, v1: float, t0: float, v0: float) -> bool:
    """(t1, v1) sorts strictly after (t0, v0)."""
    return bool(t1 > t0 or (t1 == t0 and v1 > v0))


class FiberSeries(QObject):
    """The watched lock's fiber samples and events (see the module docstring for signals)."""

    watchChanged = Signal(str)
    samplesAppended = Signal(int)
    historyLoaded = Signal(float, float)
    eventsChanged = Signal()
    loadingChanged = Signal(bool)
    loadFailed = Signal(str)

    def __init__(self, store: FleetStore, api: CloudApi | Request | None = None, *,
                 clock: Callable[[], float] = time.time, live_window_s: float = LIVE_WINDOW_S,
                 chunk_s: float = CHUNK_S, page_limit: int = PAGE_LIMIT,
                 max_samples: int = MAX_SAMPLES,
                 retry_delays_s: tuple[float, ...] = RETRY_DELAYS_S,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.retry_delays_s = retry_delays_s
        #: The typed cloud API history is loaded through (None: signed out; live only).
        self.api: CloudApi | None = None if api is None else as_api(api)
        self.clock = clock
        self.live_window_s = live_window_s
        self.chunk_s = chunk_s
        self.page_limit = page_limit
        self.samples = SampleBuffer(max_samples=max_samples)
        self.lock_id: str | None = None
        self.trailer_id: str | None = None
        self.driver_id: str | None = None
        #: From this time on, every sample the cloud has is loaded (None: nothing loaded yet).
        self.covered_from: float | None = None
        self._events: dict[int, Any] = {}
        self._messages: dict[str, DriverMessage] = {}
        self._entries: list[TimelineEntry] | None = None
        self._task: asyncio.Task[None] | None = None
        self._tasks = TaskSet(log)
        self._generation = 0
        self._subscribed = False
        #: Live rows picked for the watched lock (tests check a switch stops them).
        self.live_rows = 0

    # ------------------------------------------------------------------ reading

    @property
    def loading(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def events(self) -> list[Any]:
        """The lock's logged events, oldest first."""
        return [self._events[s] for s in sorted(self._events)]

    @property
    def messages(self) -> list[DriverMessage]:
        return sorted(self._messages.values(), key=lambda m: (m.created_at, m.id))

    def timeline(self) -> list[TimelineEntry]:
        """Events and driver messages as timeline entries, oldest first (cached)."""
        if self._entries is None:
            fences = self.store.geofences
            entries = [e for e in (entry_of(ev, fences) for ev in self.events) if e is not None]
            entries += [message_entry(m) for m in self._messages.values()]
            entries.sort(key=lambda e: (e.ts, e.key))
            self._entries = entries
        return self._entries

    def markers(self) -> list[tuple[float, float, Any]]:
        """(ts, dbm, event) of each tamper and alarm event, placed on the curve: at the level
        the lock reported with it, else the level interpolated at its time."""
        chosen = [e for e in self._events.values() if isinstance(e, TamperEvent | AlarmRaisedEvent)]
        if not chosen:
            return []
        chosen.sort(key=lambda e: e.seq)
        ts = np.array([e.ts for e in chosen])
        level = self.samples.value_at(ts)
        out = []
        for k, event in enumerate(chosen):
            y = float(level[k])
            if isinstance(event, TamperEvent) and event.fiber_dbm is not None:
                y = event.fiber_dbm
            out.append((float(ts[k]), y, event))
        return out

    # ------------------------------------------------------------------ choosing the lock

    def set_api(self, api: CloudApi | None) -> None:
        """Load through this typed cloud API (None: signed out; live samples only).

        A different one (signed in again, maybe as someone else) starts the watched lock
        afresh from that cloud: what was loaded through the old one is dropped."""
        if api is self.api:
            return
        self.api = api
        lock_id = self.lock_id
        if lock_id is not None:
            self.lock_id = None  # so watch() does not take it for the same lock
            self.watch(lock_id)

    def set_request(self, request: Request | None) -> None:
        """:meth:`set_api` over a bare ``CloudClient.request``-like callable (tools, tests)."""
        if request is None:
            self.set_api(None)
        elif self.api is None or self.api.request != request:
            self.set_api(CloudApi(request))

    def watch(self, lock_id: str | None) -> None:
        """Follow ``lock_id`` (None: nothing). Cheap: clears, then loads in the background."""
        if lock_id == self.lock_id:
            return
        self._cancel()
        self._generation += 1
        self.lock_id = lock_id
        self.samples.clear()
        self._events.clear()
        self._messages.clear()
        self._entries = None
        self.covered_from = None
        self.trailer_id = self.driver_id = None
        if lock_id is not None:
            lock = self.store.lock(lock_id)
            trailer = self.store.trailer(lock.trailer_id) if lock is not None else None
            self.trailer_id = lock.trailer_id if lock is not None else None
            self.driver_id = trailer.driver_id if trailer is not None else None
        self._subscribe(lock_id is not None)
        self.watchChanged.emit(lock_id or "")
        if lock_id is not None and self.api is not None:
            self._start(self._load_window(self._generation))

    def load_older(self, until: float) -> bool:
        """Load what is older than what is loaded, back to ``until`` (a day at a time, newest
        first). False when there is nothing to do now (busy, signed out, already loaded)."""
        if self.lock_id is None or self.api is None or self.loading \
                or self.covered_from is None:
            return False
        floor = self.clock() - MAX_LOOKBACK_S
        start = max(until, floor)
        if start >= self.covered_from:
            return False
        self._start(self._load_back(self._generation, start))
        return True

    # ------------------------------------------------------------------ live

    def _subscribe(self, on: bool) -> None:
        if on and not self._subscribed:
            self.store.eventsApplied.connect(self.on_events_applied)
            self.store.reset.connect(self.on_reset)
        elif not on and self._subscribed:
            self.store.eventsApplied.disconnect(self.on_events_applied)
            self.store.reset.disconnect(self.on_reset)
        self._subscribed = on

    @Slot(list)
    def on_events_applied(self, events: list[Any]) -> None:
        lock_id = self.lock_id
        if lock_id is None:
            return
        ts: list[float] = []
        dbm: list[float] = []
        changed = False
        for event in events:
            if isinstance(event, FiberEvent):
                for row in event.rows:
                    if row[0] == lock_id:
                        ts.append(row[1])
                        dbm.append(row[2])
            elif concerns(event, lock_id, self.trailer_id, self.driver_id):
                changed |= self._add_event(event)
        if ts:
            self.live_rows += len(ts)
            added = self.samples.extend(ts, dbm)
            if added:
                self.samplesAppended.emit(added)
        if changed:
            self._entries = None
            self.eventsChanged.emit()

    @Slot()
    def on_reset(self) -> None:
        """A new snapshot (a resync): the stream skipped what happened in between, so fetch the
        samples and events since the last one held; a new snapshot may also have reassigned the
        trailer's driver."""
        lock = self.store.lock(self.lock_id or "")
        if lock is None:
            return
        trailer = self.store.trailer(lock.trailer_id)
        self.trailer_id = lock.trailer_id
        self.driver_id = trailer.driver_id if trailer is not None else None
        if self.api is None or self.loading:
            return
        if self.covered_from is None:  # the first window never came: try it now
            self._start(self._load_window(self._generation))
        else:
            self._start(self._load_gap(self._generation))

    def _add_event(self, event: Any) -> bool:
        if isinstance(event, DriverMessageEvent):
            msg = event.message
            old = self._messages.get(msg.id)
            if old is None or msg.updated_at >= old.updated_at:
                self._messages[msg.id] = msg
                return True
            return False
        if event.seq in self._events:
            return False
        self._events[event.seq] = event
        return True

    # ------------------------------------------------------------------ loading

    def _start(self, coro: Coroutine[Any, Any, None]) -> None:
        try:
            task = self._tasks.spawn(coro, "fiber history load", name=f"fiber-{self.lock_id}")
        except RuntimeError:  # no loop (a test of the live path alone): live samples only
            coro.close()
            return
        self._task = task
        self.loadingChanged.emit(True)
        task.add_done_callback(self._on_task_done)

    def _on_task_done(self, task: asyncio.Task[None]) -> None:
        if task is self._task:
            self.loadingChanged.emit(False)

    def _cancel(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            self.loadingChanged.emit(False)

    async def _load_window(self, generation: int) -> None:
        """The last hour; tried again while the cloud is unreachable, since without it the
        chart has nothing to scroll back from."""
        with contextlib.suppress(_Stale):
            for delay in (*self.retry_delays_s, None):
                now = self.clock()
                # A little past now: the cloud's clock may run ahead of ours.
                start, end = now - self.live_window_s, now + 300.0
                try:
                    loaded = await self._load_range(generation, start, end)
                except _Transient:
                    if delay is None:
                        return
                    await asyncio.sleep(delay)
                    self._check(generation)
                    continue
                if loaded:
                    self.covered_from = start
                    self.historyLoaded.emit(start, end)
                break
            await self._load_messages(generation)

    async def _load_gap(self, generation: int) -> None:
        now = self.clock()
        start = float(self.samples.ts[-1]) if len(self.samples) else now - self.live_window_s
        start = max(start, now - MAX_LOOKBACK_S)
        with contextlib.suppress(_Stale, _Transient):
            if await self._load_range(generation, start, now + 300.0):
                self.historyLoaded.emit(start, now + 300.0)

    async def _load_back(self, generation: int, until: float) -> None:
        with contextlib.suppress(_Stale, _Transient):
            while self.covered_from is not None and self.covered_from > until:
                end = self.covered_from
                start = max(until, end - self.chunk_s)
                if not await self._load_range(generation, start, end):
                    return
                self.covered_from = start
                self.historyLoaded.emit(start, end)

    async def _load_range(self, generation: int, start: float, end: float) -> bool:
        """Samples and events of [start, end) merged in; False (and loadFailed) on failure;
        when the cloud was unreachable, also raises _Transient (after loadFailed)."""
        lock_id = self.lock_id
        assert lock_id is not None
        ts: list[float] = []
        dbm: list[float] = []
        events: list[Any] = []
        try:
            cursor: str | None = None
            while True:
                page = await self._call(generation, lambda api, c: api.fiber(
                    lock_id, start, end, limit=self.page_limit, cursor=c), cursor)
                ts.extend(s.ts for s in page.items)
                dbm.extend(s.dbm for s in page.items)
                if not (cursor := page.next_cursor):
                    break
            cursor = None
            while True:
                epage = await self._call(generation, lambda api, c: api.lock_events(
                    lock_id, start, end, limit=self.page_limit, cursor=c), cursor)
                events.extend(epage.items)
                if not (cursor := epage.next_cursor):
                    break
        except _LoadError as exc:
            self.loadFailed.emit(str(exc))
            if exc.transient:
                raise _Transient from exc
            return False
        self._check(generation)
        self.samples.extend(ts, dbm)
        changed = False
        for event in events:
            changed |= self._add_event(event)
        if changed:
            self._entries = None
            self.eventsChanged.emit()
        return True

    async def _load_messages(self, generation: int) -> None:
        """The driver's conversation (messages are logged per driver, not per lock); best
        effort: the timeline's driver lane is a convenience, the seal's history is not."""
        if self.driver_id is None:
            return
        driver_id = self.driver_id
        try:
            messages = (await self._call(generation,
                                         lambda api, _: api.messages(driver_id), None)).items
        except _LoadError as exc:
            log.warning("driver messages not loaded: %s", exc)
            return
        self._check(generation)
        changed = False
        for msg in messages:
            old = self._messages.get(msg.id)
            if old is None or msg.updated_at >= old.updated_at:
                self._messages[msg.id] = msg
                changed = True
        if changed:
            self._entries = None
            self.eventsChanged.emit()

    async def _call(self, generation: int,
                    call: Callable[[CloudApi, str | None], Awaitable[T]], cursor: str | None
                    ) -> T:
        """One typed API call for the lock being watched, its failure said for the dispatcher."""
        api = self.api
        if api is None:
            raise _LoadError(self.tr("Not signed in: older history cannot be loaded."))
        try:
            result = await call(api, cursor)
        except MalformedAnswer as exc:
            raise _LoadError(self.tr(
                "The cloud sent a malformed history page ({error}).").format(error=exc)) from exc
        except CloudUnavailable as exc:
            raise _LoadError(self.tr("History not loaded: {error}").format(error=exc),
                             transient=True) from exc
        except AuthError as exc:
            raise _LoadError(self.tr("Not signed in: {error}").format(error=exc)) from exc
        except ApiError as exc:
            raise _LoadError(self.tr(
                "History not loaded: the cloud answered HTTP {status} ({message}).").format(
                status=exc.status, message=exc.message[:200])) from exc
        self._check(generation)
        return result

    def _check(self, generation: int) -> None:
        if generation != self._generation:
            raise _Stale


class _LoadError(Exception):
    """A page could not be loaded; the message is for the dispatcher. ``transient``: the
    cloud was unreachable (a later try may succeed)."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


class _Transient(Exception):
    """A load failed because the cloud was unreachable (loadFailed already said so)."""


class _Stale(Exception):
    """The lock changed while a page was on its way: drop it."""
