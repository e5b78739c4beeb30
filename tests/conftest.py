"""Test-wide setup: Qt runs offscreen; QtWebEngine runs as root without its sandbox."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")

import asyncio
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def _qasync_loop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    # One loop for the whole run: qasync loops created and closed per test leave Qt socket
    # notifiers behind that can fire into a dead loop.
    from tests.asyncqt import LocalQEventLoop

    loop = LocalQEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.set_event_loop(None)
    loop.close()  # before the QApplication goes, or its __del__ touches deleted Qt objects


@pytest.fixture
def aloop(_qasync_loop: asyncio.AbstractEventLoop) -> Iterator[asyncio.AbstractEventLoop]:
    """The qasync event loop on the test's QApplication (asyncio and Qt in one loop); tasks a
    test leaves behind are cancelled when it ends."""
    loop = _qasync_loop
    # The current loop again: a test that ran asyncio.run() left none set, and Qt timers firing
    # between two runs of this loop spawn their tasks on the current one.
    asyncio.set_event_loop(loop)
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


def _declare_web_schemes() -> None:
    # QtWebEngine needs its widgets module imported and custom URL schemes declared before the
    # QApplication exists; pytest-qt creates it lazily, after this module is imported.
    import PySide6.QtWebEngineWidgets  # noqa: F401

    from maps.scheme import register_scheme

    register_scheme()


_declare_web_schemes()
