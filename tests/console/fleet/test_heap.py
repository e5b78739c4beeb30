"""The console's collector policy: the fleet loaded from a snapshot is frozen, not rescanned."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from console.fleet.heap import YOUNG_THRESHOLD, HeapFreezer, collector_paused, tune_collector
from console.fleet.store import FleetStore
from tests.opticallock.test_fleet import snapshot


@pytest.fixture
def restore_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_a_loaded_snapshot_is_frozen_and_what_dies_later_is_still_freed(
        restore_collector: None) -> None:
    tune_collector()
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    store = FleetStore()
    freezer = HeapFreezer(store)
    store.reset.connect(freezer.freeze)
    gc.unfreeze()
    store.load_snapshot(snapshot())
    assert freezer.freezes == 1
    assert gc.get_freeze_count() > 0
    assert store.state is not None
    lock = store.state.locks["OL-1"]
    # The fleet is in the permanent generation: no collection scans it any more.
    assert not any(obj is lock for obj in gc.get_objects())
    # A frozen object that is replaced is freed by reference counting as before.
    import weakref

    position_holder = store.state.locks["OL-1"]
    ref = weakref.ref(position_holder)
    del position_holder, lock
    store.load_snapshot(snapshot())  # the old state is dropped
    assert ref() is None


def test_loading_a_snapshot_runs_with_the_collector_paused_and_restores_it() -> None:
    """A snapshot's hundred thousand long-lived objects are built without the collector
    rescanning them; the collector is on again after (and stays off if it was off)."""
    enabled_inside: list[bool] = []
    store = FleetStore()
    store.reset.connect(lambda: enabled_inside.append(gc.isenabled()))
    assert gc.isenabled()
    store.load_snapshot(snapshot())
    assert enabled_inside == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
