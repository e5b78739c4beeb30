"""The notice bar: what the link had to tell the dispatcher, across the top of the window.

Like a browser's info bar: the severity's icon, a bold title, the text, "(+N more)" when other
notices are unread too, a "Details…" button (the diagnostics view) and a close button. It shows
the newest unread notice in its severity's colour (console/link/diagnostics_models.py). Closing
it marks that notice read and shows the next unread one, if any. Information and warnings also
go by themselves after a while; a critical notice stays until the dispatcher closes it.

The bar never sets the window's width: the text is one line elided to the width there is, and
the whole of it is in the tooltip and the accessible description.

Signals:
    detailsRequested(): the dispatcher asked for the diagnostics view.
    shownChanged(bool): the bar appeared (True) or went (False).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAccessible, QAccessibleEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.link.diagnostics import Diagnostics, Notice, Severity
from console.link.diagnostics_models import severity_color, severity_label
from console.palette import notifier

#: How long information and warnings stay on the bar by themselves (ms); critical ones stay.
EXPIRE_MS: dict[Severity, int | None] = {
    Severity.INFO: 30_000,
    Severity.WARNING: 120_000,
    Severity.CRITICAL: None,
}

_ICONS = {
    Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
    Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Severity.CRITICAL: QStyle.StandardPixmap.SP_MessageBoxCritical,
}


class ElidedLabel(QLabel):
    """One line of plain text elided to the label's width. It needs no width at all; with
    ``natural`` it would like its whole text's width (a title), else none (the text, which
    takes what is left)."""

    def __init__(self, parent: QWidget | None = None, *, natural: bool = False) -> None:
        super().__init__(parent)
        self._full = ""
        self._natural = natural
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred if natural
                           else QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.updateGeometry()
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self._line()) + 2 if self._natural else 0
        return QSize(width, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _line(self) -> str:
        # One line: line breaks in a notice become spaces here (the tooltip keeps them).
        return " ".join(self._full.split())

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._line(), Qt.TextElideMode.ElideRight,
                                                   max(0, self.width())))


class NoticeBar(QFrame):
    """The newest unread notice of a :class:`Diagnostics` (see the module docstring)."""

    detailsRequested = Signal()
    shownChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None,
                 expire_ms: dict[Severity, int | None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.diagnostics: Diagnostics | None = None
        self.expire_ms = dict(EXPIRE_MS if expire_ms is None else expire_ms)
        self._unread: list[Notice] = []
        self.setAccessibleName(self.tr("Link notice"))
        # Expanding (a toolbar gives such a widget the whole row) from a width hint of nothing.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._showing = False

        self.icon = QLabel(self)
        # A title is a few words; still, it shrinks and elides rather than widen the window.
        self.title_label = ElidedLabel(self, natural=True)
        self.title_label.setObjectName("noticeTitle")
        self.text_label = ElidedLabel(self)
        self.text_label.setObjectName("noticeText")
        self.more_label = QLabel(self)
        self.more_label.setObjectName("noticeMore")
        self.more_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details_button = QPushButton(self.tr("Details…"), self)
        self.details_button.setToolTip(self.tr("Open the link diagnostics: every notice, and the "
                                               "events the link set aside"))
        self.details_button.clicked.connect(self.detailsRequested)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("noticeClose")
        self.close_button.setAutoRaise(True)
        self.close_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        self.close_button.setToolTip(self.tr("Close this notice"))
        self.close_button.setAccessibleName(self.tr("Close this notice"))
        self.close_button.clicked.connect(self.close_current)

        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 4, 4)
        row.setSpacing(8)
        row.addWidget(self.icon)
        row.addWidget(self.title_label)
        row.addWidget(self.text_label, 1)
        row.addWidget(self.more_label)
        row.addWidget(self.details_button)
        row.addWidget(self.close_button)
        self.hide()
        notifier().changed.connect(self.on_theme_changed)

    @Slot()
    def on_theme_changed(self) -> None:
        """Redraw the notice shown in the new theme's severity colours."""
        if self._showing:
            self._show_current()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(0, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A long title leaves the text room: it gets at most a third of the bar.
        self.title_label.setMaximumWidth(max(0, event.size().width() // 3))
        super().resizeEvent(event)

    # ------------------------------------------------------------------ state

    def set_diagnostics(self, diagnostics: Diagnostics | None) -> None:
        """Follow ``diagnostics``; the notices it holds already were never shown: they are
        unread."""
        if self.diagnostics is not None:
            self.diagnostics.noticeAdded.disconnect(self.add_notice)
        self.diagnostics = diagnostics
        self._unread = []
        if diagnostics is not None:
            diagnostics.noticeAdded.connect(self.add_notice)
            for notice in diagnostics.notices:
                self.add_notice(notice)
        self._show_current()

    def showing(self) -> bool:
        """True while there is a notice to show."""
        return self._showing

    def current(self) -> Notice | None:
        """The notice shown (the newest unread), or None."""
        return self._unread[-1] if self._unread else None

    def unread(self) -> list[Notice]:
        """The unread notices, oldest first."""
        return list(self._unread)

    @Slot(object)
    def add_notice(self, notice: Notice) -> None:
        self._unread.append(notice)
        expire = self.expire_ms.get(notice.severity)
        if expire is not None:
            QTimer.singleShot(expire, self, lambda: self.mark_read(notice))
        self._show_current(announce=True)

    @Slot()
    def close_current(self) -> None:
        """The dispatcher closed the notice shown: the next unread one, if any, takes its place."""
        notice = self.current()
        if notice is not None:
            self.mark_read(notice)

    def mark_read(self, notice: Notice) -> None:
        # By identity: two notices can be equal (same text in the same second).
        kept = [n for n in self._unread if n is not notice]
        if len(kept) != len(self._unread):
            self._unread = kept
            self._show_current()

    # ------------------------------------------------------------------ drawing

    def _show_current(self, announce: bool = False) -> None:
        notice = self.current()
        was_shown = self._showing
        self._showing = notice is not None
        if notice is None:
            self.hide()
            if was_shown:
                self.shownChanged.emit(False)
            return
        color = severity_color(notice.severity)
        self.setStyleSheet(
            f"QFrame#noticeBar {{ background: {_tint(color)}; border-bottom: 1px solid {color};"
            f" border-left: 5px solid {color}; }}"
            f" QLabel#noticeTitle {{ color: {color}; font-weight: bold; }}")
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(_ICONS[notice.severity]).pixmap(size))
        self.icon.setToolTip(severity_label(notice.severity))
        self.title_label.set_full_text(notice.title)
        self.text_label.set_full_text(notice.text)
        more = len(self._unread) - 1
        self.more_label.setText(self.tr("(+{count} more)").format(count=more) if more else "")
        self.more_label.setVisible(more > 0)
        whole = self.tr("{severity}: {title}. {text}").format(
            severity=severity_label(notice.severity), title=notice.title, text=notice.text)
        self.setToolTip(f"<p style='white-space:pre-wrap'>{html.escape(whole)}</p>")
        self.setAccessibleDescription(whole)
        self.show()
        if not was_shown:
            self.shownChanged.emit(True)
        if announce:
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))


def _tint(color: str) -> str:
    """The severity's colour, faint enough to read dark text on."""
    return f"rgba({int(color[1:3], 16)}, {int(color[3:5], 16)}, {int(color[5:7], 16)}, 28)"


def place_notice_bar(window: QMainWindow, bar: NoticeBar) -> QToolBar:
    """Put ``bar`` across the top of ``window`` (above the docks, under the menus), in a fixed
    toolbar that is shown only while the bar has a notice to show."""
    toolbar = QToolBar(window.tr("Link notices"), window)
    toolbar.setObjectName("noticeToolBar")
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.setContentsMargins(0, 0, 0, 0)
    toolbar.setStyleSheet("QToolBar#noticeToolBar { border: none; padding: 0; spacing: 0; }")
    toolbar.toggleViewAction().setVisible(False)  # not the dispatcher's to hide: close it
    # In a box of its own: a toolbar's layout hides and shows the widgets it holds itself.
    box = QWidget(toolbar)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(bar)
    toolbar.addWidget(box)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    toolbar.setVisible(bar.showing())
    bar.shownChanged.connect(toolbar.setVisible)
    return toolbar


__all__ = ["EXPIRE_MS", "ElidedLabel", "NoticeBar", "place_notice_bar"]
