"""The real main window, signed in to a real cloudsim over sockets, at a laptop's sizes.

At 1280x720 and 1366x768 the window is the size asked (its minimum never forces it wider), no
visible label, button, check box or tab shows less than its text, the fleet table's Speed and
Fiber seal columns and the trip table's Alarms column are whole without scrolling, the fiber
chart's level labels do not sit on each other, and the selected fiber-cut alarm's action plan
shows all its steps.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyqtgraph as pg
import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRect, QSettings, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabBar,
    QTableView,
    QWidget,
)

from cloudsim.server import EmbeddedCloud, start_embedded
from console.alarms.action_plans import load_action_plans
from console.fleet.models import Column
from console.fleet.store import FleetStore
from console.history.models import TripColumn
from console.i18n import Translation
from console.link.credentials import NO_KEYRING_WARNING, CredentialStore
from console.link.session import ConsoleSession
from console.settings import Paths, Settings
from opticallock.protocol import AlarmType
from tests.asyncqt import run, wait_until
from tests.console.link.test_credentials import MemoryKeyring
from widgets.alarms.attention import Attention
from widgets.fleet.map_view import MapView
from widgets.main_window import MainWindow
from widgets.seal import fiber_chart
from widgets.seal.fiber_chart import FiberChart

USERS: list[tuple[str, str, str | None]] = [("ana", "pw-ana-1", None)]
SIZES = [(1280, 720), (1366, 768)]
#: Each size in English; the laptop's in Spanish too, whose words are longer.
CASES = [(size, "en") for size in SIZES] + [((1280, 720), "es")]


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    # Three-digit counts in the overview's tiles, as a real carrier's fleet has.
    instance = start_embedded(tmp_path / "cloud", locks=120, seed=11, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0,
                              warmup_hours=0.5)
    yield instance
    instance.stop()


@pytest.fixture
def root(qapp: Any) -> Iterator[QObject]:
    made = QObject()
    yield made
    if shiboken6.isValid(made):
        shiboken6.delete(made)


def settle() -> None:
    """Deliver the layout requests of what changed (and those they make)."""
    for _ in range(3):
        QCoreApplication.sendPostedEvents()


def shown(widget: QWidget) -> bool:
    """On screen: visible and not entirely covered or scrolled away."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def label_text_width(label: QLabel) -> int:
    text = label.text()
    metrics = label.fontMetrics()
    if label.textFormat().name == "RichText" or (label.textFormat().name == "AutoText"
                                                  and "<" in text and ">" in text):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        return int(doc.idealWidth() + 0.999)
    return max(metrics.horizontalAdvance(line) for line in text.split("\n"))


def clipped_texts(window: QWidget) -> list[str]:
    """Every visible text that does not fit its widget, or was cut short with '…'."""
    found: list[str] = []
    for widget in window.findChildren(QWidget):
        if not shown(widget):
            continue
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            text = widget.text()
            room = widget.contentsRect().width() - 2 * max(widget.margin(), 0) - max(
                widget.indent(), 0)
            tip = widget.toolTip()
            if text.endswith("…") and len(tip) > len(text) and tip.startswith(text[:-1][:8]):
                found.append(f"{name}: elided {text!r}")
            elif widget.wordWrap():
                need = widget.heightForWidth(widget.contentsRect().width())
                if need > widget.contentsRect().height() + 1:
                    found.append(f"{name}: {text[:60]!r} needs {need} px high, has "
                                 f"{widget.contentsRect().height()}")
            elif label_text_width(widget) > room + 1:
                found.append(f"{name}: {text[:60]!r} needs {label_text_width(widget)} px, "
                             f"has {room}")
        elif isinstance(widget, QPushButton | QCheckBox) and widget.text():
            hint = widget.sizeHint().width()
            if widget.width() + 1 < hint:
                found.append(f"{name}: {widget.text()!r} needs {hint} px, has {widget.width()}")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                rect = widget.tabRect(i)
                if not widget.isTabVisible(i):
                    continue
                if rect.width() + 1 < widget.tabSizeHint(i).width() \
                        or not widget.rect().contains(rect):
                    found.append(f"{name}: tab {widget.tabText(i)!r} cut")
    return found


def whole_columns(table: QTableView, columns: list[int]) -> list[str]:
    """The columns of ``columns`` not wholly in the table's viewport (hidden, cut or
    scrolled off)."""
    header: QHeaderView = table.horizontalHeader()
    width = table.viewport().width()
    bad = []
    for column in columns:
        title = str(table.model().headerData(column, header.orientation()))
        left = header.sectionViewportPosition(column)
        size = header.sectionSize(column)
        if header.isSectionHidden(column) or left < 0 or left + size > width:
            bad.append(f"{title} at {left}+{size} of {width}")
        elif size < header.sectionSizeFromContents(column).width():
            bad.append(f"{title}: its title is cut ({size} px)")
    return bad


def overlapping_labels(window: QWidget) -> list[str]:
    """Visible sibling QLabels, and the fiber chart's level labels, drawn over each other."""
    found: list[str] = []
    for parent in [window, *window.findChildren(QWidget)]:
        direct = parent.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly)
        labels = [w for w in direct if shown(w) and w.text()]
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                if a.geometry().intersects(b.geometry()):
                    found.append(f"{a.text()[:30]!r} over {b.text()[:30]!r}")
    for plot in window.findChildren(pg.PlotWidget):
        if not (shown(plot) or (plot.isVisible() and plot.window() is window)):
            continue
        items = [item for item in plot.scene().items()
                 if isinstance(item, pg.TextItem) and item.isVisible()
                 and item.parentItem() is not None and item.parentItem().isVisible()]
        # Labels not placed yet (before the chart's first paint) are not on the chart.
        items = [item for item in items
                 if plot.sceneRect().contains(item.sceneBoundingRect().center())]
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if a.sceneBoundingRect().intersects(b.sceneBoundingRect()):
                    found.append(f"chart {a.toPlainText()!r} over {b.toPlainText()!r}")
    return found


def status_message_cut(window: MainWindow) -> list[str]:
    """The status bar's message, if the permanent figures at its right cover part of it."""
    bar = window.statusBar()
    message = bar.currentMessage()
    if not message:
        return []
    figures = [w.geometry().left() for w in bar.findChildren(QWidget)
               if w.isVisible() and w.parentWidget() is bar and w.geometry().left() > 0]
    room = min(figures, default=bar.width()) - 8
    need = bar.fontMetrics().horizontalAdvance(message)
    return [] if need <= room else [f"{message!r} needs {need} px, has {room}"]


def level_labels_cut(window: QWidget) -> list[str]:
    """The fiber chart's level labels not wholly inside its plot (cut at its top or bottom)."""
    chart = window.findChild(FiberChart)
    if chart is None or not chart.plot_widget.isVisible():
        return []
    for line in chart.lines.values():  # where the next paint puts them
        line.label.updatePosition()
    area = chart.view.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    cut = [f"{line.label.toPlainText()!r} at {line.label.sceneBoundingRect()} of {area}"
           for line in chart.lines.values()
           if line.isVisible() and not area.contains(line.label.sceneBoundingRect())]
    title = chart.plot.getAxis("left").label  # along the axis: its width is its length
    if title.isVisible() and title.boundingRect().width() > area.height():
        cut.append(f"axis title {title.toPlainText()!r}: {title.boundingRect().width()} px "
                   f"along {area.height()}")
    return cut


def plan_steps_in_sight(window: MainWindow) -> tuple[int, int]:
    """(steps of the selected alarm's plan wholly on screen, steps in the plan)."""
    panel = window.alarm_panel
    boxes = [w for w in panel.plan_box.findChildren(QCheckBox) if w.isVisible()]
    whole = 0
    for box in boxes:
        region = box.visibleRegion().boundingRect()
        if region == QRect(0, 0, box.width(), box.height()):
            whole += 1
    return whole, len(boxes)


@pytest.mark.parametrize(("size", "language"), CASES,
                         ids=[f"{w}x{h}-{lang}" for (w, h), lang in CASES])
def test_the_window_fits_a_laptop_screen_without_cutting_text(
        size: tuple[int, int], language: str, cloud: EmbeddedCloud, tmp_path: Path,
        qtbot: Any, root: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    translation = Translation(tmp_path / "translations")
    translation.set_language(language)
    try:
        window_fits(size, cloud, tmp_path, qtbot, root, aloop)
    finally:
        translation.set_language("en")


def window_fits(size: tuple[int, int], cloud: EmbeddedCloud, tmp_path: Path, qtbot: Any,
                root: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    paths = Paths(tmp_path / "data", tmp_path / "config")
    store = FleetStore(coalesce_ms=20, parent=root)
    session = ConsoleSession(Settings(paths), CredentialStore(MemoryKeyring(), timeout_s=2.0),
                             store, parent=root)
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                        map_view=MapView(store),
                        attention=Attention(audio=False, tray=False, parent=root))
    qtbot.addWidget(window)
    session.deskChanged.connect(window.set_desk)
    session.messengerChanged.connect(window.set_messenger)
    session.unlockDeskChanged.connect(window.set_unlock_desk)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    plan = load_action_plans()[AlarmType.FIBER_CUT]
    problems: dict[str, list[str]] = {}

    def look(what: str) -> None:
        settle()
        problems[f"{what}: clipped"] = clipped_texts(window)
        problems[f"{what}: overlapping"] = overlapping_labels(window)
        problems[f"{what}: window size"] = (
            [] if (window.width(), window.height()) == size
            else [f"{window.width()}x{window.height()}, min {window.minimumSizeHint()}"])

    async def body() -> None:
        assert await session.sign_in(cloud.url, "ana", "pw-ana-1", remember=False)
        client = session.client
        assert client is not None
        await wait_until(lambda: client.status.live and store.state is not None, what="live")
        state = store.state
        assert state is not None
        # No alarm yet: the queue is one line and the map has the room.
        queue = window.alarm_queue
        await wait_until(lambda: window.alarm_dock.height() < 80, what="a one-line queue")
        assert queue.empty_label.isVisible()
        assert queue.empty_label.text() == queue.tr("No open alarms")
        trailer_id = sorted(state.trailers)[0]
        lock_id = state.trailers[trailer_id].lock_id
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        cloud.call(lambda: sim.inject_incident("fiber_cut", lock_id))
        await wait_until(lambda: any(a.lock_id == lock_id for a in state.alarms.values()),
                         what="the alarm")
        alarm = next(a for a in state.alarms.values() if a.lock_id == lock_id)
        await wait_until(lambda: window.alarm_dock.height() >= 200, what="the queue's room")
        await wait_until(lambda: window.alarms.queue.select_alarm(alarm.id), what="in the queue")
        await wait_until(lambda: window.alarm_panel.alarm_id == alarm.id, what="panel")
        window.select_trailer(trailer_id)
        await wait_until(lambda: window.detail_panel.trailer_id == trailer_id)
        look("alarm")
        # What a console without a system keyring says at sign-in, beside the figures.
        window.statusBar().showMessage(
            QCoreApplication.translate("Credentials", NO_KEYRING_WARNING))
        problems["status message"] = status_message_cut(window)
        problems["fleet columns"] = whole_columns(
            window.fleet_panel.table, [Column.TRAILER, Column.STATUS, Column.SPEED, Column.FIBER])
        problems["plan steps"] = ([] if plan_steps_in_sight(window) == (len(plan.steps),) * 2
                                  else [f"{plan_steps_in_sight(window)} of {len(plan.steps)}"])
        window.raise_panel("lock")
        await wait_until(lambda: window.lock_panel.chart.baseline is not None, what="baseline")
        look("lock")
        problems["level labels"] = level_labels_cut(window)
        window.raise_panel("unlocks")
        look("unlocks")
        window.open_history()
        history = window.history_view
        await wait_until(lambda: history.history is not None, what="the trip history")
        look("history")
        problems["trip columns"] = whole_columns(history.table, [TripColumn.ALARMS])
        await session.shutdown()

    try:
        run(aloop, body())
    finally:
        run(aloop, session.shutdown())
    assert {what: found for what, found in problems.items() if found} == {}


def test_a_cut_text_is_found(qtbot: Any) -> None:
    """The checks above can fail: a label narrower than its text, a button too."""
    parent = QWidget()
    qtbot.addWidget(parent)
    label = QLabel("Point at the chart to read time and level", parent)
    label.setGeometry(0, 0, 80, 20)
    button = QPushButton("Acknowledge alarm…", parent)
    button.setGeometry(0, 30, 40, 24)
    parent.show()
    qtbot.waitExposed(parent)
    assert len(clipped_texts(parent)) == 2


def chart_with_levels(qtbot: Any) -> FiberChart:
    """A short chart with a cut seal's level range (~36 dB: the lines a few pixels apart)."""
    chart = FiberChart(clock=lambda: 1_800_000_000.0)
    qtbot.addWidget(chart)
    chart.resize(520, 140)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_baseline(-10.0)
    chart.view.setYRange(-42.4, -6.4, padding=0)
    QCoreApplication.processEvents()  # the labels take their places
    texts = [item.toPlainText() for item in chart.plot_widget.scene().items()
             if isinstance(item, pg.TextItem) and item.isVisible()]
    assert len([t for t in texts if "dB" in t]) == 3
    return chart


def test_the_seal_chart_level_labels_keep_apart_on_a_tall_range(qtbot: Any) -> None:
    assert overlapping_labels(chart_with_levels(qtbot)) == []


def test_level_labels_all_above_their_lines_on_the_left_are_found_overlapping(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fiber_chart, "LABEL_PLACE",
                        dict.fromkeys(fiber_chart.LABEL_PLACE, (0.012, (0, 1))))
    assert overlapping_labels(chart_with_levels(qtbot))


def test_overlapping_labels_are_found(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    QLabel("baseline", parent).setGeometry(0, 0, 80, 20)
    QLabel("warning", parent).setGeometry(0, 10, 80, 20)
    parent.show()
    qtbot.waitExposed(parent)
    assert len(overlapping_labels(parent)) == 1


def plain_window(qtbot: Any, tmp_path: Path) -> MainWindow:
    store = FleetStore(coalesce_ms=10)
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_map_goes_to_a_window_of_its_own_and_back(qtbot: Any, tmp_path: Path) -> None:
    window = plain_window(qtbot, tmp_path)
    window.map_window_action.trigger()
    apart = window.map_window
    assert apart is not None
    assert window.map_view.window() is apart
    qtbot.waitExposed(apart)
    window.full_screen_action.trigger()  # F11: the map's window, not the console
    qtbot.waitUntil(apart.isFullScreen)
    assert not window.isFullScreen()
    apart.close()  # closing it puts the map back
    assert window.map_window is None
    assert window.map_view.window() is window
    assert not window.map_window_action.isChecked()


def test_the_layout_is_kept_per_screen_setup_and_can_be_reset(qtbot: Any,
                                                             tmp_path: Path) -> None:
    window = plain_window(qtbot, tmp_path)
    key = window.layout_key()
    assert key.startswith("layout/")
    window.fleet_dock.close()
    window.lock_panel.columns.setSizes([300, 700])
    sizes = window.lock_panel.columns.sizes()
    window.save_layout()
    assert window.qsettings.contains(f"{key}/state")
    again = plain_window(qtbot, tmp_path)  # the same screens: the same layout
    assert not again.fleet_dock.isVisible()
    assert again.lock_panel.columns.sizes() == sizes
    again.reset_layout_action.trigger()
    assert again.fleet_dock.isVisible()
    assert not again.qsettings.contains(f"{key}/state")
