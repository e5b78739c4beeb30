"""Background coroutines started from Qt slots: kept alive until done, failures never silent.

asyncio holds only a weak reference to a task, so one started from a slot and not stored may be
collected mid-flight; and an exception in a task nobody awaits is lost. Every task the console
starts goes through :class:`TaskSet` (or :func:`spawn`, the set of tasks nobody stops early):
the set keeps a strong reference until the task ends, logs its failure as "<what> failed" (a
cancellation is not one) and tells ``on_error``, and cancels what is still running when its
owner stops.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

T = TypeVar("T")


def running_loop() -> asyncio.AbstractEventLoop | None:
    """The asyncio loop running now (under qasync: the one inside Qt's), or None."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class TaskSet:
    """The tasks one owner started (a desk, a messenger, a session, a loader).

    ``logger`` is the owner's, so a failure is logged under the owner's name.
    """

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self._log = logger or log
        self._running: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, T], what: str,
              on_error: Callable[[BaseException], None] | None = None, *,
              name: str | None = None) -> asyncio.Task[T]:
        """Run ``coro`` on the event loop (the running one; before it runs, at start-up, the
        one about to run). ``what`` names it in the log ("<what> failed") and, unless ``name``
        is given, names the task; ``on_error`` is told of a failure."""
        loop = running_loop()
        if loop is None:
            loop = asyncio.get_event_loop_policy().get_event_loop()
        task = loop.create_task(coro, name=name or what)
        self._running.add(task)

        def done(t: asyncio.Task[T]) -> None:
            self._running.discard(t)
            if t.cancelled() or t.exception() is None:
                return
            error = t.exception()
            assert error is not None
            self._log.error("%s failed", what, exc_info=error)
            if on_error is not None:
                on_error(error)

        task.add_done_callback(done)
        return task

    def spawn_when_running(self, coro: Coroutine[Any, Any, T], what: str, *, context: QObject,
                           no_loop: Callable[[], None] | None = None,
                           on_error: Callable[[BaseException], None] | None = None,
                           name: str | None = None) -> asyncio.Task[T] | None:
        """Run ``coro`` on the running loop. Called outside it (at start-up, from a test), it
        starts on the next turn of the Qt event loop, which under qasync runs the asyncio loop
        too, and None is returned; if even that turn has no asyncio loop, ``no_loop`` says so
        (instead of leaving the work pending for ever). ``context`` owns the deferred start."""
        if running_loop() is not None:
            return self.spawn(coro, what, on_error, name=name)

        def later() -> None:
            if running_loop() is None:
                coro.close()
                self._log.error("no asyncio loop is running: %s was not started", what)
                if no_loop is not None:
                    no_loop()
                return
            self.spawn(coro, what, on_error, name=name)

        QTimer.singleShot(0, context, later)
        return None

    def cancel(self) -> None:
        """Cancel every task still running (their owner stops)."""
        for task in list(self._running):
            task.cancel()

    def __iter__(self) -> Iterator[asyncio.Task[Any]]:
        return iter(list(self._running))

    def __len__(self) -> int:
        return len(self._running)


#: The tasks nobody cancels early (a dialog's fetch, a report being written).
_background = TaskSet(log)


def spawn(coro: Coroutine[Any, Any, T], what: str,
          on_error: Callable[[BaseException], None] | None = None) -> asyncio.Task[T]:
    """Run ``coro`` on the event loop; ``what`` names it in the log, ``on_error`` is told of a
    failure (a cancellation is not one)."""
    return _background.spawn(coro, what, on_error)


__all__ = ["TaskSet", "running_loop", "spawn"]
