"""The alarm widgets with plain data: dialogs, queue view, panel, attention, banner, handover.

No sleeps: signals are awaited with qtbot, the mute expiry is driven by a fake clock, and the
sounds are checked through ``Attention.played`` (CI has no audio device).
"""

from __future__ import annotations

import importlib.util
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QFileDialog

from console.alarms.action_plans import load_action_plans
from console.alarms.desk import AlarmDesk
from console.alarms.models import AlarmQueueModel
from console.alarms.outbox import Outbox
from console.fleet.store import FleetStore
from opticallock.protocol import (
    Alarm,
    AlarmAcknowledgedEvent,
    AlarmAudit,
    AlarmPriority,
    AlarmRaisedEvent,
    AlarmResolvedEvent,
    AlarmState,
    AlarmStep,
    AlarmStepEvent,
    AlarmType,
    Carrier,
    Driver,
    DriverMessage,
    DriverMessageEvent,
    FleetSnapshot,
    Lock,
    LockState,
    Position,
    ResolveOutcome,
    Trailer,
)
from widgets.alarms.attention import Attention
from widgets.alarms.dialogs import AckDialog, ResolveDialog
from widgets.alarms.escalation_banner import EscalationBanner
from widgets.alarms.handover_dialog import HandoverDialog
from widgets.alarms.panel import SENDING, AlarmPanel, describe_event
from widgets.alarms.queue import AlarmQueueView

NOW = time.time()
HOSTILE = "<b>bold</b><img src=x>"
ROOT = Path(__file__).resolve().parents[3]
PRIORITY_OF = {AlarmType.FIBER_CUT: AlarmPriority.CRITICAL,
               AlarmType.FORCED_ENTRY: AlarmPriority.CRITICAL,
               AlarmType.FIBER_DEGRADED: AlarmPriority.HIGH,
               AlarmType.GPS_LOST: AlarmPriority.MEDIUM,
               AlarmType.BATTERY_LOW: AlarmPriority.MEDIUM}


def make_alarm(n: int = 1, atype: AlarmType = AlarmType.FIBER_CUT, **fields: Any) -> Alarm:
    values: dict[str, Any] = {
        "id": f"AL-{n}", "lock_id": f"OL-{n}", "trailer_id": f"TR-{n}", "type": atype,
        "priority": PRIORITY_OF[atype], "state": AlarmState.OPEN,
        "raised_at": NOW - 600 + n, "raised_seq": n, "last_at": NOW - 600 + n,
        "position": Position(ts=NOW - 600, lat=27.62, lon=-99.55, speed_kmh=0.0,
                             heading_deg=0.0),
        "detail": "Fiber level dropped to the noise floor",
    }
    values.update(fields)
    return Alarm(**values)


def ok_button(dialog: AckDialog | ResolveDialog) -> Any:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


# --------------------------------------------------------------------------- dialogs


def test_ack_dialog_needs_a_note_for_a_critical_alarm(qtbot: Any) -> None:
    dialog = AckDialog(make_alarm())
    qtbot.addWidget(dialog)
    dialog.open()
    assert not ok_button(dialog).isEnabled()
    assert dialog.hint.isVisibleTo(dialog)
    assert "note" in dialog.hint.text().lower()
    qtbot.keyClicks(dialog.note, "   ")
    assert not ok_button(dialog).isEnabled(), "a blank note is no note"
    qtbot.keyClicks(dialog.note, "Called the driver")
    assert ok_button(dialog).isEnabled()
    with qtbot.waitSignal(dialog.submitted) as blocker:
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert blocker.args == ["AL-1", "Called the driver"]
    assert not dialog.isVisible()


def test_ack_dialog_note_is_optional_below_critical(qtbot: Any) -> None:
    dialog = AckDialog(make_alarm(3, AlarmType.FIBER_DEGRADED))
    qtbot.addWidget(dialog)
    dialog.open()
    assert ok_button(dialog).isEnabled()
    with qtbot.waitSignal(dialog.submitted) as blocker:
        ok_button(dialog).click()
    assert blocker.args == ["AL-3", ""]


def test_ack_dialog_shows_network_text_literally(qtbot: Any) -> None:
    dialog = AckDialog(make_alarm(detail=HOSTILE))
    qtbot.addWidget(dialog)
    label = dialog.summary.fields["Detail"]
    assert label.text() == HOSTILE
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.summary.fields["Priority"].text() == "CRITICAL"  # the word, not just red


OUTCOMES = [("False alarm", ResolveOutcome.FALSE_ALARM),
            ("Authorised opening", ResolveOutcome.AUTHORISED_OPENING),
            ("Driver confirmed seal intact", ResolveOutcome.SEAL_INTACT_CONFIRMED),
            ("Police notified", ResolveOutcome.POLICE_NOTIFIED)]


@pytest.mark.parametrize(("label", "outcome"), OUTCOMES)
def test_resolve_dialog_maps_labels_to_outcomes(qtbot: Any, label: str,
                                                outcome: ResolveOutcome) -> None:
    dialog = ResolveDialog(make_alarm(state=AlarmState.ACKNOWLEDGED, acknowledged_by="ana",
                                      acknowledged_at=NOW, ack_note="called"))
    qtbot.addWidget(dialog)
    dialog.open()
    assert not ok_button(dialog).isEnabled(), "no outcome is preselected"
    dialog.outcome.setCurrentIndex(dialog.outcome.findText(label))
    assert ok_button(dialog).isEnabled(), "a note is optional for this outcome"
    with qtbot.waitSignal(dialog.submitted) as blocker:
        ok_button(dialog).click()
    assert blocker.args == ["AL-1", outcome.value, ""]


def test_resolve_dialog_other_needs_a_note(qtbot: Any) -> None:
    dialog = ResolveDialog(make_alarm())
    qtbot.addWidget(dialog)
    dialog.open()
    assert [dialog.outcome.itemText(i) for i in range(dialog.outcome.count())] == \
        [label for label, _ in OUTCOMES] + ["Other"]
    dialog.outcome.setCurrentIndex(dialog.outcome.findText("Other"))
    assert not ok_button(dialog).isEnabled()
    assert "Other" in dialog.hint.text()
    qtbot.keyClicks(dialog.note, "Customs inspection at the border")
    assert ok_button(dialog).isEnabled()
    with qtbot.waitSignal(dialog.submitted) as blocker:
        ok_button(dialog).click()
    assert blocker.args == ["AL-1", "other", "Customs inspection at the border"]


# --------------------------------------------------------------------------- panel


def test_panel_ticks_steps_from_the_record_and_asks_to_toggle(qtbot: Any) -> None:
    plan = load_action_plans()[AlarmType.FIBER_CUT]
    first, second = plan.steps[0], plan.steps[1]
    alarm = make_alarm(steps=[AlarmStep(step_id=first.step_id, label=first.label, done=True,
                                        by="ana", at=NOW)])
    panel = AlarmPanel()
    qtbot.addWidget(panel)
    panel.show_alarm(alarm, plan, set())
    assert list(panel.step_boxes) == [s.step_id for s in plan.steps]
    assert panel.step_boxes[first.step_id].isChecked()
    assert not panel.step_boxes[second.step_id].isChecked()
    assert "ana" in panel.step_meta[first.step_id].text()

    with qtbot.waitSignal(panel.stepToggled) as blocker:
        panel.step_boxes[second.step_id].click()
    assert blocker.args == ["AL-1", second.step_id, second.label, True]
    assert panel.step_meta[second.step_id].text() == SENDING
    # The desk queued it: the caller shows the alarm again with the step pending.
    panel.show_alarm(alarm, plan, {second.step_id})
    assert panel.step_boxes[second.step_id].isChecked()
    assert panel.step_meta[second.step_id].text() == SENDING

    with qtbot.waitSignal(panel.stepToggled) as blocker:
        panel.step_boxes[first.step_id].click()
    assert blocker.args == ["AL-1", first.step_id, first.label, False]


def test_panel_shows_a_pending_tick_from_the_outbox_mapping(qtbot: Any) -> None:
    plan = load_action_plans()[AlarmType.FIBER_CUT]
    step = plan.steps[2]
    panel = AlarmPanel()
    qtbot.addWidget(panel)
    panel.show_alarm(make_alarm(), plan, {step.step_id: True})
    assert panel.step_boxes[step.step_id].isChecked()
    assert panel.step_meta[step.step_id].text() == SENDING


def test_panel_keeps_steps_the_plan_lost_and_locks_a_resolved_alarm(qtbot: Any) -> None:
    plan = load_action_plans()[AlarmType.GPS_LOST]
    alarm = make_alarm(5, AlarmType.GPS_LOST, state=AlarmState.RESOLVED,
                       steps=[AlarmStep(step_id="old_step", label="An old step", done=True,
                                        by="ben", at=NOW)])
    panel = AlarmPanel()
    qtbot.addWidget(panel)
    panel.show_alarm(alarm, plan, set())
    assert "old_step" in panel.step_boxes
    assert panel.step_boxes["old_step"].isChecked()
    assert not any(box.isEnabled() for box in panel.step_boxes.values())
    assert not panel.ack_button.isEnabled()
    assert not panel.resolve_button.isEnabled()


def test_panel_header_is_plain_text_and_buttons_ask(qtbot: Any) -> None:
    alarm = make_alarm(state=AlarmState.ACKNOWLEDGED, acknowledged_by="ana",
                       acknowledged_at=NOW, ack_note=HOSTILE)
    panel = AlarmPanel()
    qtbot.addWidget(panel)
    panel.show_alarm(alarm, None, set())
    note = panel.fields["Ack note"]
    assert note.text() == HOSTILE
    assert note.textFormat() == Qt.TextFormat.PlainText
    assert all(label.textFormat() == Qt.TextFormat.PlainText
               for label in panel.findChildren(type(note)) if label.text() == HOSTILE)
    assert "ana" in panel.fields["Acknowledged"].text()
    assert "CRITICAL" in panel.title.text()
    assert panel.plan_title.text() == "No action plan for this alarm type."
    assert not panel.ack_button.isEnabled(), "already acknowledged"
    with qtbot.waitSignal(panel.resolveRequested) as blocker:
        panel.resolve_button.click()
    assert blocker.args == ["AL-1"]


def test_panel_shows_the_audit_trail(qtbot: Any) -> None:
    alarm = make_alarm(state=AlarmState.ACKNOWLEDGED, acknowledged_by="ana",
                       acknowledged_at=NOW)
    step = AlarmStep(step_id="call_driver", label="Call the driver", done=True, by="ana",
                     at=NOW)
    events = [
        AlarmRaisedEvent(seq=1, ts=NOW - 599, alarm=make_alarm()),
        AlarmAcknowledgedEvent(seq=2, ts=NOW, alarm_id="AL-1", lock_id="OL-1", by="ana", at=NOW,
                               note=HOSTILE, request_id="req-00001"),
        AlarmStepEvent(seq=3, ts=NOW, alarm_id="AL-1", lock_id="OL-1", step=step,
                       request_id="req-00002"),
        DriverMessageEvent(seq=4, ts=NOW, message=DriverMessage(
            id="M-1", driver_id="DRV-1", direction="from_driver", text="Doors are fine",
            status="reply", created_at=NOW, updated_at=NOW, alarm_id="AL-1")),
    ]
    panel = AlarmPanel()
    qtbot.addWidget(panel)
    panel.show_alarm(alarm, None, set())
    assert panel.audit_status.text() == "Loading the audit trail…"
    # A slow fetch for another alarm must not overwrite this one's trail.
    other = make_alarm(2)
    assert not panel.show_audit(AlarmAudit(alarm=other, events=[]))
    assert panel.show_audit(AlarmAudit(alarm=alarm, events=events))
    rows = [[panel.audit.item(r, c).text() for c in range(3)]
            for r in range(panel.audit.rowCount())]
    assert [r[1] for r in rows] == ["lock OL-1", "ana", "ana", "driver"]
    assert rows[0][2].startswith("Raised: CRITICAL")
    assert rows[1][2] == f"Acknowledged — note: {HOSTILE}"  # literal, not rendered
    assert rows[2][2] == "Ticked: Call the driver"
    assert rows[3][2] == "Driver wrote: Doors are fine"
    assert not panel.audit_status.isVisibleTo(panel)


def test_unknown_audit_events_are_shown_generically() -> None:
    line = describe_event({"type": "seal_replaced", "seq": 9, "ts": NOW, "by": "ben",
                           "seal_id": "FS-77", "hash": "x"})
    assert line.who == "ben"
    assert line.at == NOW
    assert line.what == "Seal replaced: seal id: FS-77"


# --------------------------------------------------------------------------- queue view


@pytest.fixture
def queue(qtbot: Any, tmp_path: Path) -> Iterator[tuple[AlarmQueueView, AlarmDesk]]:
    alarms = [make_alarm(1), make_alarm(2, AlarmType.FORCED_ENTRY, state=AlarmState.ACKNOWLEDGED,
                                        acknowledged_by="ana", acknowledged_at=NOW),
              make_alarm(3, AlarmType.FIBER_DEGRADED)]
    store = FleetStore(coalesce_ms=10)
    store.load_snapshot(FleetSnapshot(
        seq=10, server_time=NOW, carrier=Carrier(id="frontera", name="Frontera"),
        trailers=[Trailer(id=f"TR-{i}", lock_id=f"OL-{i}", driver_id=f"DRV-{i}")
                  for i in range(1, 4)],
        locks=[Lock(id=f"OL-{i}", trailer_id=f"TR-{i}", seal_id=f"FS-{i}",
                    state=LockState.LOCKED, fiber_dbm=-11.0, fiber_baseline_dbm=-11.0,
                    battery_pct=80, last_contact=NOW) for i in range(1, 4)],
        drivers=[Driver(id=f"DRV-{i}", name=f"Driver {i}", phone="+1 555 0100", language="en",
                        app_online=True, trailer_id=f"TR-{i}") for i in range(1, 4)],
        alarms=alarms))
    outbox = Outbox(tmp_path / "outbox.sqlite")
    desk = AlarmDesk(store, outbox, username="ana", escalate_after_s=1e6)
    model = AlarmQueueModel(store, desk)
    view = AlarmQueueView(model)
    # QObjects with timers live and die with a widget, on this thread (a garbage collection on
    # another thread deleting them has crashed the interpreter).
    for obj in (store, desk, model):
        obj.setParent(view)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    yield view, desk
    desk.stop()
    outbox.close()


def test_queue_ctrl_k_acknowledges_the_selected_row(qtbot: Any, queue: Any) -> None:
    view, _desk = queue
    assert not view.acknowledge_action.isEnabled(), "nothing selected"
    with qtbot.waitSignal(view.alarmSelected) as selected:
        view.table.selectRow(0)
    assert selected.args == ["AL-1"]
    view.table.setFocus()
    with qtbot.waitSignal(view.acknowledgeRequested) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["AL-1"]
    with qtbot.waitSignal(view.resolveRequested) as blocker:
        qtbot.keyClick(view.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == ["AL-1"]


def test_queue_acknowledged_row_can_only_be_resolved(qtbot: Any, queue: Any) -> None:
    view, _desk = queue
    assert view.select_alarm("AL-2")
    assert not view.acknowledge_action.isEnabled()
    assert view.resolve_action.isEnabled()
    with qtbot.assertNotEmitted(view.acknowledgeRequested):
        qtbot.keyClick(view.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)


def test_queue_counts_and_double_click(qtbot: Any, queue: Any) -> None:
    view, desk = queue
    assert view.count_label.text() == "2 open · 1 acknowledged · 0 pending"
    desk.acknowledge("AL-1", "called the driver")  # no client: stays pending
    assert view.count_label.text() == "2 open · 1 acknowledged · 1 pending"
    row = view._row_of("AL-3")
    assert row is not None
    rect = view.table.visualRect(view.table.model().index(row, 0))
    # QTest's double click needs the first click (press/release) that a real one starts with.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.trailerActivated) as blocker:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
    assert blocker.args == ["TR-3"]


# --------------------------------------------------------------------------- attention


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def attention(qapp: Any) -> tuple[Attention, FakeClock]:
    clock = FakeClock()
    return Attention(clock=clock, audio=False, tray=False, parent=qapp), clock


def test_attention_sounds_by_priority(attention: Any) -> None:
    att, clock = attention
    att.on_new_alarm(make_alarm(1, AlarmType.FIBER_CUT))
    assert att.played == [("alarm.wav", clock.now)]
    clock.now += 60
    att.on_new_alarm(make_alarm(2, AlarmType.FIBER_DEGRADED))
    assert att.played[-1] == ("notice.wav", clock.now)
    clock.now += 60
    att.on_new_alarm(make_alarm(3, AlarmType.GPS_LOST))
    assert len(att.played) == 2, "medium alarms are silent"
    titles = [title for title, _text in att.notifications]
    assert len(titles) == 2
    assert titles[0].startswith("CRITICAL")
    assert "TR-1" in titles[0]


def test_an_alarm_storm_is_one_sound_and_one_summary(attention: Any) -> None:
    att, clock = attention
    att.on_new_alarm(make_alarm(1, AlarmType.FIBER_DEGRADED))  # high: the notice sound
    for i in range(2, 60):
        clock.now += 0.01
        att.on_new_alarm(make_alarm(i, AlarmType.FIBER_DEGRADED))
    assert [name for name, _t in att.played] == ["notice.wav"]
    clock.now += 0.01
    att.on_new_alarm(make_alarm(60, AlarmType.FIBER_CUT))  # more urgent: heard once more
    att.on_new_alarm(make_alarm(61, AlarmType.FIBER_CUT))
    assert [name for name, _t in att.played] == ["notice.wav", "alarm.wav"]
    assert len(att.notifications) == 1
    att.end_burst()
    assert len(att.notifications) == 2
    assert att.notifications[-1][0] == "60 more new alarms (2 critical)"
    clock.now += 10  # a later alarm starts a new burst
    att.on_new_alarm(make_alarm(62, AlarmType.FIBER_CUT))
    assert [name for name, _t in att.played][-1] == "alarm.wav"
    assert len(att.played) == 3


def test_attention_mute_expires_on_the_clock(qtbot: Any, attention: Any) -> None:
    att, clock = attention
    with qtbot.waitSignal(att.mutedChanged) as blocker:
        att.mute(5)
    assert blocker.args == [True]
    assert att.muted_until == clock.now + 300
    assert att.mute_action.isChecked()
    att.on_new_alarm(make_alarm())
    assert att.played == []
    clock.now += 299
    assert att.check_mute()
    with qtbot.waitSignal(att.mutedChanged) as blocker:
        clock.now += 2
        assert not att.check_mute()
    assert blocker.args == [False]
    assert att.muted_until is None
    assert not att.mute_action.isChecked()
    att.on_new_alarm(make_alarm())
    assert att.played == [("alarm.wav", clock.now)]


def test_attention_mute_action_toggles(qtbot: Any, attention: Any) -> None:
    att, _clock = attention
    with qtbot.waitSignal(att.mutedChanged):
        att.mute_action.trigger()
    assert att.is_muted
    with qtbot.waitSignal(att.mutedChanged) as blocker:
        att.mute_action.trigger()
    assert blocker.args == [False]


def test_attention_escalation_repeats_per_level(attention: Any) -> None:
    att, _clock = attention
    att.on_escalated("AL-1", 3)
    assert [name for name, _t in att.played] == ["escalation.wav"] * 3
    assert att.notifications[-1][0].startswith("ESCALATED (level 3)")
    att.mute()
    att.on_escalated("AL-1", 1)
    assert len(att.played) == 4, "an escalation sounds even while muted"
    quiet = Attention(clock=FakeClock(), audio=False, tray=False,
                      escalation_overrides_mute=False, parent=att)
    quiet.mute()
    quiet.on_escalated("AL-1", 2)
    assert quiet.played == []


def test_attention_title(qtbot: Any, attention: Any) -> None:
    att, _clock = attention
    with qtbot.waitSignal(att.titleChanged) as blocker:
        att.set_unacknowledged(3)
    assert blocker.args == ["(3) OpticalLock Dispatcher"]
    with qtbot.assertNotEmitted(att.titleChanged):
        att.set_unacknowledged(3)
    with qtbot.waitSignal(att.titleChanged) as blocker:
        att.set_unacknowledged(0)
    assert blocker.args == ["OpticalLock Dispatcher"]


def test_attention_without_an_audio_device_does_not_crash(qapp: Any) -> None:
    # Detected (no device on CI) and forced (a device that fails to play): neither may raise.
    for audio in (None, True):
        att = Attention(clock=FakeClock(), audio=audio, tray=False, parent=qapp)
        att.on_new_alarm(make_alarm())
        att.on_escalated("AL-1", 2)
        assert [name for name, _t in att.played] == ["alarm.wav"] + ["escalation.wav"] * 2


# --------------------------------------------------------------------------- banner, handover


def test_escalation_banner_flashes_only_while_shown(qtbot: Any) -> None:
    banner = EscalationBanner()
    qtbot.addWidget(banner)
    assert banner.isHidden()
    assert not banner.flashing
    banner.show_escalation(f"Level 2: {HOSTILE}")
    assert banner.isVisible()
    assert banner.flashing
    assert banner.text() == f"▲ ESCALATED: Level 2: {HOSTILE}"
    assert banner.textFormat() == Qt.TextFormat.PlainText
    banner.clear()
    assert banner.isHidden()
    assert not banner.flashing


def test_handover_dialog_asks_for_a_file_then_requests_the_export(qtbot: Any,
                                                                  tmp_path: Path) -> None:
    dialog = HandoverDialog("<h1>Shift handover</h1><p>&lt;b&gt;note&lt;/b&gt;</p>",
                            directory=str(tmp_path), file_stem="handover-test")
    qtbot.addWidget(dialog)
    dialog.open()
    assert "<b>note</b>" in dialog.browser.toPlainText()
    dialog.export_buttons["pdf"].click()
    chooser = dialog.file_dialog
    assert isinstance(chooser, QFileDialog)
    assert chooser.isVisible()
    assert chooser.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    target = tmp_path / "handover-test.pdf"
    with qtbot.waitSignal(dialog.exportRequested) as blocker:
        chooser.fileSelected.emit(str(target))
    assert blocker.args == ["pdf", str(target)]
    assert not target.exists(), "the dialog writes nothing itself"
    dialog.show_export_result(f"Saved to {target}")
    assert dialog.result_label.text() == f"Saved to {target}"


# --------------------------------------------------------------------------- sounds


def test_bundled_sounds_are_small_pcm_and_regenerate_identically() -> None:
    spec = importlib.util.spec_from_file_location("make_sounds", ROOT / "tools/make_sounds.py")
    assert spec is not None
    assert spec.loader is not None
    make_sounds = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_sounds)
    built = make_sounds.build()
    for name in ("alarm.wav", "escalation.wav", "notice.wav"):
        path = ROOT / "resources" / "sounds" / name
        assert path.stat().st_size < 200_000
        with wave.open(str(path), "rb") as wav:
            assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 44100)
            seconds = wav.getnframes() / 44100
        assert 0.3 < seconds < 1.5
        assert path.read_bytes() == built[name], f"{name} is stale: run tools/make_sounds.py"


def test_step_checkboxes_are_real_checkboxes(qtbot: Any) -> None:
    plan = load_action_plans()[AlarmType.FORCED_ENTRY]
    panel = AlarmPanel()
    qtbot.addWidget(panel)
    panel.show_alarm(make_alarm(1, AlarmType.FORCED_ENTRY), plan, ())
    boxes = panel.findChildren(QCheckBox)
    assert len(boxes) == len(plan.steps)
    assert all(box.accessibleName() for box in boxes)


def test_queue_says_when_the_selected_alarm_leaves(qtbot: Any, queue: Any) -> None:
    view, desk = queue
    view.select_alarm("AL-1")
    resolved = AlarmResolvedEvent(seq=11, ts=NOW, alarm_id="AL-1", lock_id="OL-1", by="ben",
                                  at=NOW, outcome=ResolveOutcome.FALSE_ALARM, note="",
                                  request_id="req-00003")
    said: list[str] = []
    view.alarmSelected.connect(said.append)
    with qtbot.waitSignal(view.alarmSelected):
        desk.store.apply_events([resolved])
        desk.store.flush()
    assert said == [""], "the selection must not jump to the next alarm"
    assert view.selected_alarm_id() is None
    assert not view.resolve_action.isEnabled()
    assert view.count_label.text() == "1 open · 1 acknowledged · 0 pending"


def test_queue_keeps_the_selection_across_a_model_reset(qtbot: Any, queue: Any) -> None:
    view, _desk = queue
    view.select_alarm("AL-3")
    with qtbot.assertNotEmitted(view.alarmSelected):
        view.model.on_reset()  # what a resync does
    assert view.selected_alarm_id() == "AL-3"
    assert view.acknowledge_action.isEnabled()
