"""A hostile driver name from a real cloudsim, in the real main window signed in over sockets.

The name is changed on the server before the console fetches its snapshot: a right-to-left
override, markup and 10,000 characters without a space. Selecting the trailer (and its alarm)
must not widen the window, no text on screen may hold the override, and every tooltip showing
the name shows the markup as text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.models import Column
from console.fleet.store import FleetStore
from console.link.credentials import CredentialStore
from console.link.session import ConsoleSession
from console.settings import Paths, Settings
from tests.asyncqt import run, wait_until
from tests.console.link.test_credentials import MemoryKeyring
from tests.widgets.test_hostile_text import shown_tooltip
from widgets.alarms.attention import Attention
from widgets.main_window import MainWindow

RLO = "\u202e"
MARKUP = "<b>html</b>"
HOSTILE = f"{RLO}{MARKUP}" + "W" * 10_000
USERS: list[tuple[str, str, str | None]] = [("ana", "pw-ana-1", None)]


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=6, seed=11, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


def rename_a_driver(cloud: EmbeddedCloud) -> tuple[str, str]:
    """Give the first trailer's driver the hostile name on the server; (trailer, lock)."""
    assert cloud.cloud is not None
    service = cloud.cloud.service

    def rename() -> tuple[str, str]:
        state = service.logs["frontera"].state
        trailer = next(t for t in sorted(state.trailers.values(), key=lambda t: t.id)
                       if t.driver_id)
        state.drivers[trailer.driver_id].name = HOSTILE
        return trailer.id, trailer.lock_id

    result: tuple[str, str] = cloud.call(rename)
    return result


def texts_on_screen(window: QWidget) -> list[str]:
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
    return texts


@pytest.fixture
def root(qapp: Any) -> Iterator[QObject]:
    made = QObject()
    yield made
    if shiboken6.isValid(made):
        shiboken6.delete(made)


def test_a_hostile_driver_name_from_the_cloud_neither_widens_nor_reverses_the_window(
        cloud: EmbeddedCloud, tmp_path: Path, qtbot: Any, root: QObject,
        aloop: asyncio.AbstractEventLoop) -> None:
    trailer_id, lock_id = rename_a_driver(cloud)
    paths = Paths(tmp_path / "data", tmp_path / "config")
    store = FleetStore(coalesce_ms=20, parent=root)
    session = ConsoleSession(Settings(paths), CredentialStore(MemoryKeyring(), timeout_s=2.0),
                             store, parent=root)
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                        attention=Attention(audio=False, tray=False, parent=root))
    qtbot.addWidget(window)
    session.deskChanged.connect(window.set_desk)
    session.messengerChanged.connect(window.set_messenger)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    width = window.width()

    async def body() -> None:
        assert await session.sign_in(cloud.url, "ana", "pw-ana-1", remember=False)
        client = session.client
        assert client is not None
        await wait_until(lambda: client.status.live and store.state is not None, what="live")
        state = store.state
        assert state is not None
        driver = state.drivers[state.trailers[trailer_id].driver_id or ""]
        assert driver.name == HOSTILE  # as the cloud sent it
        # Its trailer selected: the detail panel and the lock & seal panel show the driver.
        window.select_trailer(trailer_id)
        await wait_until(lambda: window.detail_panel.trailer_id == trailer_id)
        # An alarm on that trailer, selected in the queue: the alarm panel shows the driver too.
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        cloud.call(lambda: sim.inject_incident("fiber_cut", lock_id))
        await wait_until(lambda: any(a.lock_id == lock_id for a in state.alarms.values()),
                         what="the alarm")
        alarm = next(a for a in state.alarms.values() if a.lock_id == lock_id)
        await wait_until(lambda: window.alarms.queue.select_alarm(alarm.id), what="in the queue")
        await wait_until(lambda: window.alarm_panel.alarm_id == alarm.id, what="panel")
        await session.shutdown()

    try:
        run(aloop, body())
    finally:
        run(aloop, session.shutdown())
    QCoreApplication.sendPostedEvents()  # the layouts' requests for the new texts
    QCoreApplication.processEvents()  # ...and the layout they trigger, before measuring

    assert window.width() == width
    shown = texts_on_screen(window)
    assert any("WWWWWWWWWW" in text for text in shown), "the name is on screen"
    assert not [text for text in shown if RLO in text]
    assert all(len(text) < 2000 for text in shown), "long names are elided"

    # Tooltips that show the name show its markup as text (and no override).
    tips = [w.toolTip() for w in window.findChildren(QWidget) if "html" in w.toolTip()]
    model = window.fleet_model
    row = model.row_of_trailer(trailer_id)
    assert row is not None
    tips.append(model.index(row, Column.DRIVER).data(Qt.ItemDataRole.ToolTipRole))
    assert len(tips) >= 3  # the fleet table, the detail panel, the lock & seal panel, ...
    for tip in tips:
        text = shown_tooltip(tip)
        assert MARKUP in text
        assert RLO not in text
