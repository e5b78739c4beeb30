"""The main window with a store fed plain data: table, search, overview, banner, position
thinning, bottom panels, layout persistence, the demo run's steps."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from console.fleet.store import FleetStore
from console.link.streaming import ConnectionState, ConnectionStatus
from opticallock.protocol import (
    Alarm,
    AlarmPriority,
    AlarmState,
    AlarmType,
    Carrier,
    Driver,
    FleetSnapshot,
    Lock,
    LockState,
    LockStateEvent,
    Position,
    Trailer,
)
from opticallock.status import TrailerStatus
from widgets.link.demo import DemoScript, save_screenshots, stage
from widgets.link.sign_in import SignInDialog
from widgets.main_window import MainWindow

NOW = time.time()


def fiber_cut(lock: int) -> Alarm:
    return Alarm(id=f"AL-{lock}", lock_id=f"OL-{lock}", trailer_id=f"TR-{lock}",
                 type=AlarmType.FIBER_CUT, priority=AlarmPriority.CRITICAL, state=AlarmState.OPEN,
                 raised_at=NOW, raised_seq=9, last_at=NOW, detail="Seal signal dropped")


def snapshot(alarms: list[Alarm] | None = None) -> FleetSnapshot:
    names = ["Ana Ruiz", "Ben Okafor", "Carla Méndez"]
    return FleetSnapshot(
        seq=10, server_time=NOW, carrier=Carrier(id="frontera", name="Frontera"),
        trailers=[Trailer(id=f"TR-{i}", lock_id=f"OL-{i}", driver_id=f"DRV-{i}") for i in range(3)],
        locks=[Lock(id=f"OL-{i}", trailer_id=f"TR-{i}", seal_id=f"FS-{i}",
                    state=LockState.LOCKED, fiber_dbm=-11.0, fiber_baseline_dbm=-11.0,
                    battery_pct=80, last_contact=NOW,
                    position=Position(ts=NOW, lat=32.5, lon=-117.0, speed_kmh=90.0 * (i != 1),
                                      heading_deg=0.0))
               for i in range(3)],
        drivers=[Driver(id=f"DRV-{i}", name=n, phone="+1 619 555 0100", language="en",
                        app_online=True, trailer_id=f"TR-{i}") for i, n in enumerate(names)],
        alarms=alarms or [],
    )


def make_window(qtbot: Any, tmp_path: Path,
                alarms: list[Alarm] | None = None) -> tuple[MainWindow, FleetStore]:
    store = FleetStore(coalesce_ms=10)
    store.load_snapshot(snapshot(alarms))
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window, store


def test_fleet_table_search_and_selection(qtbot: Any, tmp_path: Path) -> None:
    window, _store = make_window(qtbot, tmp_path)
    panel = window.fleet_panel
    assert panel.proxy.rowCount() == 3
    qtbot.keyClicks(panel.search, "carla")
    assert panel.proxy.rowCount() == 1
    assert panel.count.text() == "1 of 3 trailers"
    panel.search.clear()
    qtbot.keyClicks(panel.search, "parked")
    assert panel.proxy.rowCount() == 1  # TR-1 stands still
    panel.search.clear()
    with qtbot.waitSignal(window.trailerSelected) as sel:
        window.select_trailer("TR-2")
    assert sel.args == ["TR-2"]
    assert window.detail_panel.fields["Driver"].text().startswith("Carla Méndez")


def test_table_follows_store_changes(qtbot: Any, tmp_path: Path) -> None:
    window, store = make_window(qtbot, tmp_path)
    model = window.fleet_model
    with qtbot.waitSignal(model.dataChanged, timeout=2000):
        store.apply_events([LockStateEvent(seq=11, ts=NOW, lock_id="OL-0", trailer_id="TR-0",
                                           state=LockState.UNLOCKED, previous=LockState.LOCKED)])
    row = model.row_of_trailer("TR-0")
    assert model.index(row, 2).data() == "Unlocked"


def test_not_live_banner_shows_when_the_stream_is_down(qtbot: Any, tmp_path: Path) -> None:
    window, _ = make_window(qtbot, tmp_path)
    window.set_connection(ConnectionStatus(ConnectionState.LIVE, NOW))
    assert not window.banner.isVisible()
    down = NOW - 5
    window.set_connection(ConnectionStatus(ConnectionState.RECONNECTING, down,
                                           "Connection lost.", retry_at=time.time() + 30,
                                           down_since=down))
    assert window.banner.isVisible()
    stamp = time.strftime("%H:%M:%S", time.localtime(down))
    assert window.banner.text().startswith(f"NOT LIVE since {stamp}")
    assert "Connection lost." in window.banner.text()
    assert window.conn_label.text() == f"● Reconnecting since {stamp}"
    window.set_connection(ConnectionStatus(ConnectionState.LIVE, NOW))
    assert not window.banner.isVisible()


def test_overview_counts_trailers_by_state(qtbot: Any, tmp_path: Path) -> None:
    window, _ = make_window(qtbot, tmp_path, alarms=[fiber_cut(2)])
    counts = {status: tile.text().split("</b>")[0].rsplit(">", 1)[-1]
              for status, tile in window.overview.tiles.items()}
    assert counts == {TrailerStatus.ALARM: "1", TrailerStatus.UNLOCKED: "0",
                      TrailerStatus.STALE: "0", TrailerStatus.MOVING: "1",
                      TrailerStatus.PARKED: "1"}


def test_position_thinning_is_said_while_it_lasts(qtbot: Any, tmp_path: Path) -> None:
    window, _ = make_window(qtbot, tmp_path)
    assert not window.thinning_label.isVisible()
    window.set_position_interval(5.0)
    assert window.thinning_label.isVisible()
    assert window.thinning_label.text() == "Positions: 1 per 5 s per trailer"
    window.set_position_interval(0.0)
    assert not window.thinning_label.isVisible()


def test_raise_panel_brings_a_bottom_panel_to_the_front(qtbot: Any, tmp_path: Path) -> None:
    window, _ = make_window(qtbot, tmp_path)
    docks = {"alarms": window.alarm_dock, "lock": window.lock_dock,
             "history": window.history_dock}

    def in_front() -> list[str]:  # tabified docks behind the current tab show nothing
        return [name for name, dock in docks.items() if not dock.visibleRegion().isEmpty()]

    assert in_front() == ["alarms"]
    for name in ["history", "lock", "alarms"]:
        window.raise_panel(name)
        qtbot.waitUntil(lambda: in_front() == [name])  # noqa: B023 (waited on in this turn)


def test_demo_run_selects_the_top_alarm_and_saves_both_pictures(qtbot: Any,
                                                                tmp_path: Path) -> None:
    window, _ = make_window(qtbot, tmp_path, alarms=[fiber_cut(1)])
    png = tmp_path / "shots" / "console.png"
    script = DemoScript(screenshot=png, quit_after=2.5, incidents=("fiber_cut",))
    with qtbot.waitSignal(window.alarm_queue.alarmSelected) as selected:
        stage(script, window, window.signOutRequested)  # any signal: no --panel history here
    assert selected.args == ["AL-1"]
    assert window.fleet_panel.selected_trailer() == "TR-1"
    assert save_screenshots(png, window, window.map_view)
    assert QImage(str(png)).width() == window.width()
    assert not QImage(str(tmp_path / "shots" / "console-map.png")).isNull()


def test_no_demo_without_a_screenshot(qtbot: Any, tmp_path: Path) -> None:
    window, _ = make_window(qtbot, tmp_path, alarms=[fiber_cut(1)])
    with qtbot.assertNotEmitted(window.alarm_queue.alarmSelected, wait=100):
        stage(DemoScript(screenshot=None, quit_after=0.1, incidents=("fiber_cut",)),
              window, window.signOutRequested)


def test_layout_and_column_widths_persist(qtbot: Any, tmp_path: Path) -> None:
    window, _ = make_window(qtbot, tmp_path)
    window.fleet_panel.table.setColumnWidth(3, 211)
    window.close()
    again, _ = make_window(qtbot, tmp_path)
    assert again.fleet_panel.table.columnWidth(3) == 211


def test_sign_in_dialog_checks_input_and_submits(qtbot: Any) -> None:
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    dialog.prefill("ftp://x", "ana", remember=False)
    dialog.password.setText("pw")
    dialog.buttons.accepted.emit()
    assert "http://" in dialog.message.text()
    dialog.server.setText("http://127.0.0.1:8765")
    with qtbot.waitSignal(dialog.submitted) as sub:
        dialog.buttons.accepted.emit()
    assert sub.args == ["http://127.0.0.1:8765", "ana", "pw", False]
    dialog.show_error("Wrong username or password.")
    assert dialog.message.text() == "Wrong username or password."


def test_statistics_policies_and_maintenance_open_from_the_alarms_menu_once_signed_in(
        qtbot: Any, tmp_path: Path, aloop: Any) -> None:
    from console.alarms.desk import AlarmDesk
    from console.alarms.outbox import Outbox
    from console.link.api import CloudApi
    from console.link.client import CloudClient, CloudUnavailable
    from tests.asyncqt import wait_until
    from widgets.alarms.plans import PlansDialog
    from widgets.alarms.policies import PoliciesDialog
    from widgets.alarms.statistics import StatisticsView
    from widgets.seal.maintenance import MaintenanceView

    window, store = make_window(qtbot, tmp_path)
    actions = (window.statistics_action, window.policies_action, window.plans_action,
               window.maintenance_action)
    alarms_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Alarms")
    assert all(a in alarms_menu.actions() for a in actions)
    assert not any(a.isEnabled() for a in actions)  # signed out

    asked: list[str] = []

    async def unreachable(method: str, path: str, **_kw: Any) -> Any:
        asked.append(path)
        raise CloudUnavailable("Cannot reach the cloud.")

    desk = AlarmDesk(store, Outbox(tmp_path / "outbox.sqlite"), username="ana",
                     escalate_after_s=1e6, parent=window)
    desk.set_client(CloudClient("http://127.0.0.1:9", parent=window), CloudApi(unreachable))
    window.set_desk(desk)
    assert all(a.isEnabled() for a in actions)

    async def body() -> None:
        for action, kind in zip(actions, (StatisticsView, PoliciesDialog, PlansDialog,
                                          MaintenanceView), strict=True):
            action.trigger()
            opened = window.findChild(kind)
            assert opened is not None, kind
            assert opened.isVisible(), kind
        await wait_until(lambda: {"/policies", "/action-plans"} <= set(asked),
                         what="the dialogs asked the cloud")

    aloop.run_until_complete(body())
    assert {"/policies", "/action-plans"} <= set(asked)  # the signed-in dispatcher's cloud
    window.set_desk(None)
    assert not any(a.isEnabled() for a in actions)


def test_view_theme_offers_three_exclusive_choices(qtbot: Any, tmp_path: Path) -> None:
    window, _store = make_window(qtbot, tmp_path)
    assert set(window.theme_actions) == {"auto", "light", "dark"}
    window.theme_actions["auto"].setChecked(True)
    with qtbot.waitSignal(window.themeChosen) as chosen:
        window.theme_actions["dark"].trigger()
    assert chosen.args == ["dark"]
    assert window.theme_actions["dark"].isChecked()
    assert not window.theme_actions["auto"].isChecked()
