"""The Qt binding itself: refcount bugs that would crash a console running for a shift.

PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit()`` and one to ``None`` on
every ``runJavaScript``; the store emits thousands of signals a minute, so ``True`` is freed within
the hour ("Fatal Python error: bool_dealloc"). pyproject pins a PySide6 without them; these tests
fail on one that has them.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWebEngineWidgets import QWebEngineView


class _Emitter(QObject):
    changed = Signal(str)


def test_emitting_a_signal_keeps_the_reference_counts_of_its_result() -> None:
    emitter = _Emitter()
    got: list[str] = []
    emitter.changed.connect(got.append)
    before = sys.getrefcount(True)
    for _ in range(500):
        emitter.changed.emit("x")
    assert len(got) == 500
    assert sys.getrefcount(True) >= before - 5  # a few may move with unrelated objects


def test_run_javascript_keeps_the_reference_count_of_none(qtbot: Any) -> None:
    view = QWebEngineView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loadFinished, timeout=30000):
        view.setHtml("<p>probe</p>")
    results: list[Any] = []
    before = sys.getrefcount(None)
    for _ in range(300):
        view.page().runJavaScript("1 + 1", 0, results.append)
    qtbot.waitUntil(lambda: len(results) == 300, timeout=30000)
    assert results[0] == 2
    # 300 calls on 6.12.0 lose 600; allow for unrelated churn.
    assert sys.getrefcount(None) >= before - 100
