"""Helpers the alarm widgets share: clock times, labels and tooltips that never read HTML.

The names and colours of alarms live in console/alarms/labels.py, the one vocabulary.

Everything here returns plain text: strings that came over the network (details, notes, names)
are shown with ``Qt.TextFormat.PlainText`` labels and never pasted into HTML.
"""

from __future__ import annotations

import html
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def clock_text(ts: float | None) -> str:
    """Local wall-clock time; the date only when it is not today (shifts span midnight)."""
    if ts is None:
        return "—"
    local = time.localtime(ts)
    if time.strftime("%Y-%m-%d", local) == time.strftime("%Y-%m-%d", time.localtime()):
        return time.strftime("%H:%M:%S", local)
    return time.strftime("%Y-%m-%d %H:%M:%S", local)


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True,
                selectable: bool = True) -> QLabel:
    """A label that can never interpret what it shows as HTML (notes, details, names)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` literally: Qt guesses tooltips' format (mightBeRichText), so
    untrusted text is escaped and wrapped in a paragraph that keeps its line breaks."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
