"""Helpers the alarm widgets share: clock times, labels and tooltips that never read HTML.

The names and colours of alarms live in console/alarms/labels.py, the one vocabulary.

Everything here returns plain text: strings that came over the network (details, notes, names)
are shown with ``Qt.TextFormat.PlainText`` labels and never pasted into HTML. Those labels
(:class:`PlainLabel`) also follow console/text.py's policy for long text: an unbroken run too long
to wrap is elided (the whole text in the tooltip), and a label never sets the width of the
window it is in. The caller isolates each untrusted piece (:func:`console.text.isolate`) where
it formats it into a sentence.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from console.alarms.times import local_time
from console.text import elide_words, plain_tooltip

#: The widest a table column fitted to its contents may grow (a long name is elided in it).
MAX_FITTED_COLUMN_PX = 360


def clock_text(ts: float | None) -> str:
    """The dispatcher's wall-clock time with the zone named ("14:02:11 CST"); the date only when
    it is not today (shifts span midnight). One format for every alarm view:
    :func:`console.alarms.times.local_time`."""
    return local_time(ts)


class PlainLabel(QLabel):
    """A plain-text label for text from the network that never widens its window.

    Its horizontal size policy is ``Ignored``: a layout gives it the width there is, and its
    text wraps (or is clipped) inside it instead of asking for more. :meth:`setText` elides
    every unbroken run longer than :data:`console.text.MAX_WORD_CHARS` (a 10,000-character name
    cannot wrap) and then shows the whole text in the tooltip; :meth:`full_text` is the text
    as it was given.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._own_tooltip = False
        self.setTextFormat(Qt.TextFormat.PlainText)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.setSizePolicy(policy)

    def setText(self, text: str) -> None:
        self._full = text
        shown = elide_words(text)
        super().setText(shown)
        if shown != text:
            super().setToolTip(plain_tooltip(text))
            self._own_tooltip = True
        elif self._own_tooltip:
            super().setToolTip("")
            self._own_tooltip = False

    def setToolTip(self, tip: str) -> None:
        self._own_tooltip = False
        super().setToolTip(tip)

    def full_text(self) -> str:
        """The text as given to :meth:`setText`, before eliding."""
        return self._full


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True,
                selectable: bool = True) -> PlainLabel:
    """A label that can never interpret what it shows as HTML (notes, details, names), nor
    widen its window with a long one (:class:`PlainLabel`)."""
    label = PlainLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


__all__ = ["MAX_FITTED_COLUMN_PX", "PlainLabel", "clock_text", "plain_label", "plain_tooltip"]
