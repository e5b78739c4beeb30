"""A slim banner that says a critical alarm has escalated (nobody acknowledged it in time).

It must not be mistaken for the NOT LIVE banner (white on dark red, about the link): this one is
about an alarm, so it is amber with black bold text, starts with "ESCALATED", and its border
flashes. The flashing stops whenever the banner is hidden, so a hidden banner costs no timer.
A click on it (or Enter when it has focus) selects the alarm it names (``clicked``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QHideEvent, QKeyEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from console.alarms.labels import escalated_text
from widgets.theme import ref, set_style

#: The border's palette role in the flash's "on" and "off" phases (the theme's colours).
BORDER_ON = "banner_flash"
BORDER_OFF = "banner"
#: A style sheet template (widgets/theme.py): ``{border}`` is the phase's palette field.
STYLE = ("QLabel#escalationBanner {{{{ background: {{p.banner}}; color: {{p.banner_text}}; "
         "font-weight: bold; font-size: 14px; padding: 4px 8px; border: 3px solid {border}; }}}}")


class EscalationBanner(QLabel):
    """Hidden until :meth:`show_escalation`; :meth:`clear` hides it again.

    Signals:
        clicked(): the dispatcher clicked the banner (or pressed Enter or Space on it).
    """

    FLASH_MS = 500
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("escalationBanner")
        self.setTextFormat(Qt.TextFormat.PlainText)  # the text names trailers from the network
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setToolTip(self.tr("Click to select this alarm in the queue"))
        self._flash_on = True
        self._timer = QTimer(self)
        self._timer.setInterval(self.FLASH_MS)
        self._timer.timeout.connect(self._flash)
        self._apply_style()
        self.hide()

    def show_escalation(self, text: str) -> None:
        """Show ``text`` (prefixed with "ESCALATED: " unless it already says so)."""
        self.setText(f"▲ {escalated_text(text)}")
        self.show()

    def clear(self) -> None:
        super().clear()
        self.hide()

    @property
    def flashing(self) -> bool:
        return self._timer.isActive()

    @Slot()
    def _flash(self) -> None:
        self._flash_on = not self._flash_on
        self._apply_style()

    def _apply_style(self) -> None:
        set_style(self, STYLE.format(border=ref(BORDER_ON if self._flash_on else BORDER_OFF)))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()
        self._flash_on = True
        self._apply_style()
