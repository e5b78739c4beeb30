"""Background coroutines started from Qt slots: kept alive until done, failures never silent.

asyncio holds only a weak reference to a task, so one started from a slot and not stored may be
collected mid-flight; and an exception in a task nobody awaits is lost. :func:`spawn` keeps a
strong reference until the task ends and logs (and reports) its failure.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

_running: set[asyncio.Task[Any]] = set()


def spawn(coro: Coroutine[Any, Any, T], what: str,
          on_error: Callable[[BaseException], None] | None = None) -> asyncio.Task[T]:
    """Run ``coro`` on the event loop; ``what`` names it in the log, ``on_error`` is told of a
    failure (a cancellation is not one)."""
    task = asyncio.get_event_loop().create_task(coro, name=what)
    _running.add(task)

    def done(t: asyncio.Task[T]) -> None:
        _running.discard(t)
        if t.cancelled() or t.exception() is None:
            return
        error = t.exception()
        assert error is not None
        log.error("%s failed", what, exc_info=error)
        if on_error is not None:
            on_error(error)

    task.add_done_callback(done)
    return task
