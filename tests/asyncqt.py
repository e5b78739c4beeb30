"""Running asyncio code on a qasync loop inside tests, and waiting on conditions and signals.

pytest-qt's waitSignal spins a nested Qt loop, which cannot run asyncio tasks; tests of async
code therefore run a coroutine on the qasync loop and await conditions with these helpers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import qasync
from PySide6.QtCore import QEventLoop

T = TypeVar("T")


class LocalQEventLoop(qasync.QEventLoop):
    """qasync's loop, run by a QtCore.QEventLoop of its own instead of QApplication.exec().

    qasync stops a run with QApplication.exit(), which emits aboutToQuit; under PySide6 6.11 a
    second aboutToQuit once QtWebEngine has started segfaults in QtWebEngine's own handler (the
    console runs its loop once; a test session runs it hundreds of times). A local loop's exit()
    leaves the application alone.
    """

    _local: QEventLoop | None = None

    def run_forever(self) -> None:
        if self.is_running():
            raise RuntimeError("Event loop already running")
        self._QEventLoop__is_running = True
        self._before_run_forever()
        self._local = QEventLoop()
        try:
            asyncio.events._set_running_loop(self)
            self._local.exec()
        finally:
            asyncio.events._set_running_loop(None)
            self._after_run_forever()
            self._QEventLoop__is_running = False
            self._local = None

    def stop(self) -> None:
        if not self.is_running():
            return
        self._QEventLoop__is_running = False
        if self._local is not None:
            self._local.exit()


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T], timeout: float = 90.0
        ) -> T:
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


async def wait_until(predicate: Callable[[], Any], timeout: float = 20.0, what: str = ""
                     ) -> None:
    """Poll ``predicate`` (as qtbot.waitUntil does) until true; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met in {timeout} s: {what or predicate}")
        await asyncio.sleep(0.02)


async def wait_until_async(predicate: Callable[[], Awaitable[Any]], timeout: float = 20.0,
                           what: str = "") -> None:
    """:func:`wait_until` for a predicate that must itself await (a page's JS, a REST call)."""
    deadline = time.monotonic() + timeout
    while not await predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met in {timeout} s: {what or predicate}")
        await asyncio.sleep(0.02)


async def wait_signal(signal: Any, check: Callable[..., bool] | None = None,
                      timeout: float = 20.0) -> tuple[Any, ...]:
    """Wait for one emission of ``signal`` (whose arguments satisfy ``check``)."""
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def slot(*args: Any) -> None:
        if not future.done() and (check is None or check(*args)):
            future.set_result(args)

    signal.connect(slot)
    try:
        return await asyncio.wait_for(future, timeout)
    finally:
        signal.disconnect(slot)
