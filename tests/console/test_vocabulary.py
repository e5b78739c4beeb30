"""One vocabulary: an alarm is named and coloured the same way wherever it is shown, and every
name goes through Qt's translation machinery at the moment it is shown."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt, QTranslator
from PySide6.QtGui import QBrush

from console.alarms.handover import HandoverItem, HandoverReport
from console.alarms.labels import (
    PRIORITY_COLORS,
    TYPE_NAMES,
    alarm_label,
    alarm_type_label,
    outcome_label,
    priority_color,
)
from console.alarms.models import AlarmColumn, AlarmQueueModel
from console.contacts.labels import CALL_OUTCOME_NAMES
from console.fleet.labels import STATUS_COLORS, status_label
from console.fleet.models import STATUS_LABEL
from console.fleet.store import FleetStore
from console.link.labels import CONNECTION_COLORS
from console.link.streaming import ConnectionState
from console.reports.audit_report import build_html
from opticallock.protocol import (
    Alarm,
    AlarmPriority,
    AlarmState,
    AlarmType,
    CallOutcome,
    Carrier,
    FleetSnapshot,
    Lock,
    LockState,
    ResolveOutcome,
    Trailer,
)
from opticallock.status import TrailerStatus
from tests.console.reports.test_audit_report import history_and_trip
from widgets.alarms.panel import AlarmPanel
from widgets.main_window import MainWindow

NOW = time.time()


def make_alarm(atype: AlarmType, priority: AlarmPriority, count: int = 1) -> Alarm:
    return Alarm(id="AL-1", lock_id="OL-1", trailer_id="TR-1", type=atype, priority=priority,
                 state=AlarmState.OPEN, raised_at=NOW - 60, raised_seq=1, last_at=NOW - 30,
                 count=count, detail="Fiber level dropped to the noise floor")


def queue_of(alarm: Alarm, owner: QObject) -> AlarmQueueModel:
    store = FleetStore(coalesce_ms=10, parent=owner)
    store.load_snapshot(FleetSnapshot(
        seq=1, server_time=NOW, carrier=Carrier(id="frontera", name="Frontera"),
        trailers=[Trailer(id="TR-1", lock_id="OL-1")],
        locks=[Lock(id="OL-1", trailer_id="TR-1", seal_id="FS-1", state=LockState.LOCKED,
                    fiber_dbm=-11.0, fiber_baseline_dbm=-11.0, battery_pct=80,
                    last_contact=NOW)],
        drivers=[], alarms=[alarm]))
    return AlarmQueueModel(store, parent=owner)


class OneWordTranslator(QTranslator):
    """Translates one source text of one context, as a .qm file would."""

    def __init__(self, context: str, source: str, translation: str) -> None:
        super().__init__()
        self.key = (context, source)
        self.translation = translation

    def translate(self, context: str, source_text: str, disambiguation: Any = None,
                  n: int = -1) -> str | None:
        # None is Qt's null string: "no translation here", so the source text is shown.
        return self.translation if (context, source_text) == self.key else None

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def spanish_fiber_cut(qapp: Any) -> Iterator[None]:
    translator = OneWordTranslator("Alarms", "Fiber seal cut", "Sello de fibra cortado")
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.mark.parametrize(("atype", "priority"), [
    (AlarmType.FIBER_CUT, AlarmPriority.CRITICAL),
    (AlarmType.FIBER_DEGRADED, AlarmPriority.HIGH),
    (AlarmType.BATTERY_LOW, AlarmPriority.MEDIUM),
])
def test_the_queue_and_the_panel_name_and_colour_an_alarm_alike(
        qtbot: Any, owner: QObject, atype: AlarmType, priority: AlarmPriority) -> None:
    alarm = make_alarm(atype, priority, count=2)
    model = queue_of(alarm, owner)
    panel = AlarmPanel()
    qtbot.addWidget(panel)
    panel.show_alarm(alarm, None, set())

    name = alarm_label(alarm)
    assert name == f"{TYPE_NAMES[atype]} ×2"
    assert model.data(model.index(0, AlarmColumn.ALARM)) == name
    assert name in panel.title.text()

    colour = priority_color(priority)
    brush = model.data(model.index(0, AlarmColumn.PRIORITY), Qt.ItemDataRole.ForegroundRole)
    assert isinstance(brush, QBrush)
    assert brush.color().name() == colour
    assert colour in panel.header.styleSheet()


def test_a_fiber_cut_is_a_fiber_seal_cut() -> None:
    """The clearer of the two names the console used to have."""
    assert alarm_type_label(AlarmType.FIBER_CUT) == "Fiber seal cut"
    assert alarm_type_label("a_new_kind") == "A new kind"  # a type this console does not know


def test_one_colour_per_priority_and_per_status() -> None:
    assert set(PRIORITY_COLORS) == set(AlarmPriority)
    assert set(STATUS_COLORS) == set(TrailerStatus)
    assert set(CONNECTION_COLORS) == set(ConnectionState)
    assert len(set(PRIORITY_COLORS.values())) == len(AlarmPriority)
    assert len(set(STATUS_COLORS.values())) == len(TrailerStatus)
    assert len(set(CONNECTION_COLORS.values())) == len(ConnectionState)


def test_two_kinds_of_outcome_are_two_tables() -> None:
    """An alarm's resolution and a phone call's end used to share the name OUTCOME_LABELS."""
    assert outcome_label(ResolveOutcome.FALSE_ALARM) == "False alarm"
    assert CALL_OUTCOME_NAMES[CallOutcome.NO_ANSWER] == "No answer"


def test_an_installed_translator_renames_an_alarm_without_touching_logic(
        qtbot: Any, owner: QObject, spanish_fiber_cut: None) -> None:
    alarm = make_alarm(AlarmType.FIBER_CUT, AlarmPriority.CRITICAL)
    assert alarm_type_label(AlarmType.FIBER_CUT) == "Sello de fibra cortado"
    assert alarm_type_label(AlarmType.FORCED_ENTRY) == "Forced entry"  # not translated: source
    model = queue_of(alarm, owner)
    assert model.data(model.index(0, AlarmColumn.ALARM)) == "Sello de fibra cortado"
    panel = AlarmPanel()
    qtbot.addWidget(panel)
    panel.show_alarm(alarm, None, set())
    assert "Sello de fibra cortado" in panel.title.text()


def test_a_translator_installed_after_import_applies_to_status_tables(qapp: Any) -> None:
    """The old ``STATUS_LABEL[status]`` readers get the translation too."""
    translator = OneWordTranslator("Fleet", "Parked", "Estacionado")
    assert STATUS_LABEL[TrailerStatus.PARKED] == "Parked"
    QCoreApplication.installTranslator(translator)
    try:
        assert status_label(TrailerStatus.PARKED) == "Estacionado"
        assert STATUS_LABEL[TrailerStatus.PARKED] == "Estacionado"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert status_label(TrailerStatus.PARKED) == "Parked"


@pytest.fixture
def translators(qapp: Any) -> Iterator[list[QTranslator]]:
    """Translators a test installs (``append`` then ``QCoreApplication.installTranslator``);
    removed at the end, whatever happened."""
    installed: list[QTranslator] = []
    yield installed
    for translator in installed:
        QCoreApplication.removeTranslator(translator)


def install(translators: list[QTranslator], context: str, source: str,
            translation: str) -> None:
    translator = OneWordTranslator(context, source, translation)
    translators.append(translator)
    QCoreApplication.installTranslator(translator)


def test_a_translator_renames_the_main_windows_menus(
        qtbot: Any, tmp_path: Path, translators: list[QTranslator]) -> None:
    install(translators, "MainWindow", "&Session", "&Sesión")
    install(translators, "MainWindow", "Shift &handover report…", "Informe de &relevo…")
    store = FleetStore(coalesce_ms=10)
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    menus = [action.text() for action in window.menuBar().actions()]
    # the others have no translation here; the order is the conventional one
    assert menus == ["&Sesión", "&Edit", "&View", "&Alarms", "&Help"]
    assert window.handover_action.text() == "Informe de &relevo…"
    assert window.handover_action.shortcut().toString() == "Ctrl+Shift+H"  # logic untouched


def test_a_translator_renames_the_handovers_headings_and_its_alarm_words(
        qapp: Any, translators: list[QTranslator]) -> None:
    install(translators, "Handover", "Open — not yet acknowledged", "Abiertas — sin reconocer")
    install(translators, "Alarms", "CRITICAL", "CRÍTICA")
    alarm = make_alarm(AlarmType.FIBER_CUT, AlarmPriority.CRITICAL)
    report = HandoverReport(shift_start=NOW - 3600, now=NOW, dispatcher="ana",
                            carrier="Frontera",
                            open=[HandoverItem(alarm=alarm, where="Tijuana", driver="Luis")])
    for text in (report.to_html(), report.to_markdown()):
        assert "Abiertas — sin reconocer (1)" in text
        assert "Open — not yet acknowledged" not in text
        assert "CRÍTICA" in text  # the priority is the alarms' word, translated once for all
        assert "Resolved this shift (0)" in text  # no translation for it: the source text


def test_a_translator_renames_the_audit_reports_headings(
        qapp: Any, translators: list[QTranslator]) -> None:
    install(translators, "AuditReport", "Conveyance and seal", "Transporte y sello")
    history, trip, subject = history_and_trip()
    page = build_html(subject, history, trip)
    assert "<h2>Transporte y sello</h2>" in page
    assert "Conveyance and seal" not in page
    assert "<h2>Lock and unlock</h2>" in page


def test_every_alarm_type_has_a_name_a_colour_and_an_action_plan() -> None:
    """A new alarm type on the wire is named in the dispatcher's words (not from its wire
    value), coloured by its priority, and has a checklist in the shipped plans."""
    from console.alarms.action_plans import load_action_plans
    from opticallock.protocol import ALARM_PRIORITY

    plans = load_action_plans()
    assert set(TYPE_NAMES) == set(AlarmType)
    for atype in AlarmType:
        assert priority_color(ALARM_PRIORITY[atype]) in PRIORITY_COLORS.values()
        assert len(plans[atype].steps) >= 3, atype
    assert alarm_type_label(AlarmType.UNAUTHORISED_UNLOCK) == "Unlocked without authorisation"
    assert alarm_type_label(AlarmType.SEAL_MISMATCH) == "Seal number mismatch"


def test_the_new_alarms_plans_say_what_to_do() -> None:
    from console.alarms.action_plans import load_action_plans

    plans = load_action_plans()
    mismatch = [s.step_id for s in plans[AlarmType.SEAL_MISMATCH].steps]
    assert mismatch[0] == "confirm_number_with_driver"
    for needed in ("compare_photo", "inspect_at_next_checkpoint", "file_incident_report"):
        assert needed in mismatch
    unlock = [s.step_id for s in plans[AlarmType.UNAUTHORISED_UNLOCK].steps]
    assert unlock[0] == "call_driver"
    for needed in ("confirm_location", "check_unlock_requests", "notify_carrier_security"):
        assert needed in unlock


@pytest.mark.parametrize("atype", [AlarmType.UNAUTHORISED_UNLOCK, AlarmType.SEAL_MISMATCH])
def test_the_queue_names_the_new_alarm_types(owner: QObject, atype: AlarmType) -> None:
    from opticallock.protocol import ALARM_PRIORITY

    alarm = make_alarm(atype, ALARM_PRIORITY[atype])
    model = queue_of(alarm, owner)
    assert model.data(model.index(0, AlarmColumn.ALARM)) == TYPE_NAMES[atype]
    brush = model.data(model.index(0, AlarmColumn.PRIORITY), Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == priority_color(ALARM_PRIORITY[atype])
