"""Text from the network put into sentences by the alarm and history widgets, on plain data: a
direction override never reaches the text, each piece is isolated on its own, and a long note
never widens the dialog showing it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from console.text import FSI, PDI
from tests.widgets.alarms.test_widgets import FakeClock, make_alarm
from widgets.alarms.attention import Attention
from widgets.alarms.dialogs import AckDialog, ResolveDialog
from widgets.alarms.panel import AlarmPanel, describe_event

RLO = "\u202e"
ARABIC = "سعيد علي"
LONG = "W" * 10_000


def test_audit_lines_isolate_who_and_what() -> None:
    acked = describe_event({"type": "alarm_acknowledged", "seq": 3, "ts": 1.0, "at": 1.0,
                            "alarm_id": "AL-1", "by": f"{RLO}ana", "note": f"{RLO}on it"})
    assert acked.who == "ana"
    assert RLO not in acked.what
    assert acked.what.endswith("on it")
    generic = describe_event({"type": "from_the_future", "by": f"{RLO}ben",
                              "where": f"{RLO}{ARABIC}"})
    assert generic.who == "ben"
    assert f"{FSI}{ARABIC}{PDI}" in generic.what
    assert RLO not in generic.what


def test_alarm_dialogs_and_panel_isolate_and_never_widen(qtbot: Any) -> None:
    alarm = make_alarm(detail=f"{RLO}{LONG}", ack_note=f"{RLO}{ARABIC} 12",
                       acknowledged_by=f"{RLO}ana")
    for dialog in (AckDialog(alarm), ResolveDialog(alarm)):
        qtbot.addWidget(dialog)
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        assert not [t for t in texts if RLO in t]
        assert f"{FSI}{ARABIC} 12{PDI}" in texts
        assert dialog.minimumSizeHint().width() < 1000
        assert dialog.sizeHint().width() < 1000
    panel = AlarmPanel()
    qtbot.addWidget(panel)
    panel.show_alarm(alarm, None, set())
    assert not [label.text() for label in panel.findChildren(QLabel) if RLO in label.text()]
    assert panel.fields["Ack note"].text() == f"{FSI}{ARABIC} 12{PDI}"
    assert panel.minimumSizeHint().width() < 1000


def test_tray_messages_isolate_the_detail(qapp: Any) -> None:
    attention = Attention(clock=FakeClock(), audio=False, tray=False, parent=qapp)
    attention.on_new_alarm(make_alarm(detail=f"{RLO}{ARABIC} 12"))
    (title, text), = attention.notifications
    assert RLO not in title + text
    assert text.startswith(f"{FSI}{ARABIC} 12{PDI}")
    attention.deleteLater()
