"""The console's garbage-collector policy: a large, long-lived fleet is not rescanned.

At 10,000 trailers the console holds a few million long-lived objects (the fleet state, its Qt
models, the map feed's caches). CPython's cyclic collector rescans all of them in each full
(generation 2) collection, and a stream of fixes (each a new Position, tuples for the rows)
triggers one every few seconds: measured during a 1,000,000-fix burst, 9 full collections of
about 110 ms each, a quarter of the console's time and each one a frozen UI. So:

- after each fleet snapshot is loaded, everything alive is moved to the collector's permanent
  generation (``gc.freeze``): it stays alive or is freed by reference counting as before (a
  replaced Position, a resolved alarm), only never rescanned;
- the youngest generation is collected every 10,000 allocations instead of 700, so the rows of
  a frame are not scanned several times while they are being decoded;
- while a snapshot is decoded and loaded (a hundred thousand objects, all long-lived), the
  collector is paused (:func:`collector_paused`): with it scanning, a 10,000-trailer snapshot
  took 0.47 s to decode, without 0.17 s; and what was composed before (the window, the imported
  modules) is frozen once the window is up (:func:`freeze_now`).

The same policy large CPython services use (Instagram's ``gc.freeze``); it does not change what
is freed, only how often the collector looks. ``gc.collect()`` still works for the tests.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterator

from PySide6.QtCore import QObject, Slot

log = logging.getLogger(__name__)

#: Allocations between two collections of the youngest generation (CPython's default: 700).
YOUNG_THRESHOLD = 10_000


def tune_collector() -> None:
    """Collect the youngest generation less often (older generations as by default)."""
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside (objects are still freed by reference counting); the
    collector's state before is restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_now() -> None:
    """Move everything alive now to the permanent generation (never rescanned)."""
    gc.freeze()


class HeapFreezer(QObject):
    """Freezes the heap once a snapshot has been loaded (connect :meth:`freeze` to the store's
    ``reset``): the fleet just built is long-lived by nature."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.freezes = 0

    @Slot()
    def freeze(self) -> None:
        gc.freeze()
        self.freezes += 1
        if log.isEnabledFor(logging.DEBUG):  # counting them walks the heap (25 ms at 10,000)
            log.debug("heap frozen (%d objects now permanent)", gc.get_freeze_count())
