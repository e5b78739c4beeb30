"""Tooltips of text from the network (console/text.py plain_tooltip): shown literally however
much they look like HTML, and never as wide as a 10,000-character name."""

from __future__ import annotations

from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from console.text import ELLIPSIS, FSI, MAX_TOOLTIP_CHARS, PDI, ZWSP, isolate, plain_tooltip

HOSTILE = '<b>html</b><img src="x"> &amp; Ana'


def shown(tip: str) -> str:
    """What Qt shows for this tooltip (it guesses rich text, so it is asked the same way)."""
    document = QTextDocument()
    if QtGui.Qt.mightBeRichText(tip):
        document.setHtml(tip)
    else:
        document.setPlainText(tip)
    return document.toPlainText()


def test_markup_is_shown_as_written() -> None:
    assert shown(plain_tooltip(HOSTILE)) == HOSTILE
    assert shown(plain_tooltip("line one\n  line two")) == "line one\n  line two"
    assert plain_tooltip("") == ""
    assert plain_tooltip(None) == ""


def test_a_long_unbroken_run_gets_break_opportunities_and_is_cut() -> None:
    text = shown(plain_tooltip("W" * 10_000))
    assert text.replace(ZWSP, "") == "W" * MAX_TOOLTIP_CHARS + ELLIPSIS
    assert max(len(run) for run in text.split(ZWSP)) <= 61
    # A cut inside an isolate closes it.
    cut = shown(plain_tooltip(isolate("ب" * 10_000)))
    assert cut.startswith(FSI)
    assert cut.endswith(ELLIPSIS + PDI)
    # Ordinary words are left as they are.
    assert shown(plain_tooltip("Ana Ruiz · +1 619 555 0100")) == "Ana Ruiz · +1 619 555 0100"


def test_the_tooltip_qt_shows_is_narrower_than_the_screen(qtbot: Any) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    QToolTip.showText(QPoint(10, 10), plain_tooltip("W" * 10_000), widget)
    tips = [w for w in QApplication.topLevelWidgets()
            if w.objectName() == "qtooltip_label" and w.isVisible()]
    try:
        assert tips
        assert tips[0].width() <= 1000
    finally:
        QToolTip.hideText()
