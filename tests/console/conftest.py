"""Fixtures shared by the console tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject


@pytest.fixture
def owner(qapp: Any) -> Iterator[QObject]:
    """A parent for the test's QObjects, deleted on the main thread when the test ends.

    Without it a store, desk or model caught in a reference cycle is freed whenever the cyclic
    garbage collector runs, possibly on a cloudsim or worker thread, and Qt then crashes on its
    timers ("Timers cannot be stopped from another thread"). In the console the main window is
    this parent.
    """
    root = QObject()
    yield root
    if shiboken6.isValid(root):
        shiboken6.delete(root)
