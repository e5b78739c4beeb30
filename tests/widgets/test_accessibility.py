"""Every interactive control a screen reader can reach has a name.

The real main window, signed in to a real cloudsim with the real map view, an alarm selected and
a trailer's history loaded, and the dialogs that open without a cloud (sign-in, acknowledge,
resolve): every button, edit, combo box, spin box, table or list, slider, tab bar, text box,
web view and chart shown (or shown once its tab is chosen) answers QAccessible with a name.
Qt derives most names from a button's text or a label's buddy; the others are named by hand.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyqtgraph as pg
import pytest
import shiboken6
from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAccessible
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTableView,
    QTextEdit,
    QWidget,
)

from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.store import FleetStore
from console.link.credentials import CredentialStore
from console.link.session import ConsoleSession
from console.settings import Paths, Settings
from opticallock.protocol import AlarmState
from tests.asyncqt import run, wait_until
from tests.console.link.test_credentials import MemoryKeyring
from tests.widgets.alarms.test_widgets import make_alarm
from widgets.alarms.attention import Attention
from widgets.alarms.dialogs import AckDialog, KeepNoteDialog, ResolveDialog
from widgets.fleet.map_view import MapView
from widgets.link.sign_in import SignInDialog
from widgets.main_window import MainWindow

USERS: list[tuple[str, str, str | None]] = [("ana", "pw-ana-1", None)]
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
               QSlider, QTabBar, QPlainTextEdit, QTextEdit, QWebEngineView, pg.GraphicsView)


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def part_of_another(widget: QWidget) -> bool:
    """Qt's own pieces of a named control: a combo box's or spin box's editor, a table's
    headers and corner button, a scroll area's scroll bars."""
    parent = widget.parentWidget()
    if isinstance(widget, QHeaderView):
        return True
    if isinstance(widget, QLineEdit) and isinstance(parent, QComboBox | QAbstractSpinBox):
        return True
    return isinstance(widget, QAbstractButton) and isinstance(parent, QAbstractItemView)


def unnamed(top: QWidget) -> list[str]:
    """The interactive controls under ``top``, shown or behind a tab, without a name."""
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or part_of_another(widget):
            continue
        if widget is not top and not widget.isVisibleTo(top):
            continue
        if not accessible_name(widget).strip():
            found.append(f"{type(widget).__name__} {widget.objectName()!r} in "
                         f"{type(widget.parentWidget()).__name__} "
                         f"{widget.parentWidget().objectName()!r}")
    return found


def undescribed(top: QWidget) -> list[str]:
    """The tables, charts and maps under ``top`` that do not say what they show."""
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, QTableView | pg.GraphicsView | QWebEngineView) \
                or not widget.isVisibleTo(top):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Description).strip():
            found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=8, seed=11, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


@pytest.fixture
def root(qapp: Any) -> Iterator[QObject]:
    made = QObject()
    yield made
    if shiboken6.isValid(made):
        shiboken6.delete(made)


def test_every_control_of_the_signed_in_window_has_a_name(
        cloud: EmbeddedCloud, tmp_path: Path, qtbot: Any, root: QObject,
        aloop: asyncio.AbstractEventLoop) -> None:
    paths = Paths(tmp_path / "data", tmp_path / "config")
    store = FleetStore(coalesce_ms=20, parent=root)
    session = ConsoleSession(Settings(paths), CredentialStore(MemoryKeyring(), timeout_s=2.0),
                             store, parent=root)
    map_view = MapView(store)
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                        map_view=map_view,
                        attention=Attention(audio=False, tray=False, parent=root))
    qtbot.addWidget(window)
    session.deskChanged.connect(window.set_desk)
    session.messengerChanged.connect(window.set_messenger)
    session.unlockDeskChanged.connect(window.set_unlock_desk)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)

    async def body() -> None:
        assert await session.sign_in(cloud.url, "ana", "pw-ana-1", remember=False)
        client = session.client
        assert client is not None
        await wait_until(lambda: client.status.live and store.state is not None, what="live")
        state = store.state
        assert state is not None
        trailer_id = sorted(state.trailers)[0]
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        lock_id = state.trailers[trailer_id].lock_id
        cloud.call(lambda: sim.inject_incident("fiber_cut", lock_id))
        await wait_until(lambda: any(a.lock_id == lock_id for a in state.alarms.values()),
                         what="the alarm")
        alarm = next(a for a in state.alarms.values() if a.lock_id == lock_id)
        await wait_until(lambda: window.alarms.queue.select_alarm(alarm.id), what="in the queue")
        window.select_trailer(trailer_id)
        window.open_history()
        await wait_until(lambda: window.history_view.history is not None, what="history")
        await session.shutdown()

    run(aloop, body())
    found = unnamed(window)
    assert found == [], "\n".join(found)
    found = undescribed(window)
    assert found == [], "\n".join(found)


def test_the_sign_in_dialog_names_its_controls(qtbot: Any) -> None:
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unnamed(dialog) == []


@pytest.mark.parametrize("kind", ["acknowledge", "resolve", "keep note"])
def test_the_alarm_dialogs_name_their_controls(kind: str, qtbot: Any) -> None:
    alarm = make_alarm(state=AlarmState.ACKNOWLEDGED, acknowledged_by="ana")
    dialog = {"acknowledge": lambda: AckDialog(alarm), "resolve": lambda: ResolveDialog(alarm),
              "keep note": lambda: KeepNoteDialog(alarm.id, alarm.trailer_id,
                                                  "Ben acknowledged it first.", "Called him")}[
        kind]()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert unnamed(dialog) == []


def test_an_unnamed_control_is_found(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    QLineEdit(parent)
    parent.show()
    assert len(unnamed(parent)) == 1
