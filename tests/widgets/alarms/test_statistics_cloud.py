"""The alarm statistics view against a real cloudsim with a staged set of alarms
(tests/console/alarms/staged_alarms.py): for each period chosen, every tab's numbers are the
domain's on the same alarms, read from the cloud separately; the exports are written."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from cloudsim.server import EmbeddedCloud
from console.alarms.statistics import StatisticsColumn, minutes
from console.link.api import CloudApi
from opticallock.alarm_stats import (
    AlarmStatistics,
    Grouping,
    alarm_statistics,
    days_period,
    last_days,
    today,
)
from opticallock.protocol import Alarm, GeofenceKind
from tests.asyncqt import run, wait_until
from tests.console.alarms.staged_alarms import (
    T0,
    StillClock,
    close_all,
    signed_in,
    stage,
    start_cloud,
)
from widgets.alarms.statistics import CUSTOM, LAST_7_DAYS, TODAY, StatisticsView, open_statistics

TZ = ZoneInfo("America/Chicago")
NOW = T0 + 3000.0


@pytest.fixture
def clock() -> StillClock:
    return StillClock(T0 - 900)


@pytest.fixture
def cloud(tmp_path: Path, clock: StillClock) -> Iterator[EmbeddedCloud]:
    instance = start_cloud(tmp_path / "cloud", clock)
    yield instance
    instance.stop()


async def every_alarm(api: CloudApi) -> list[Alarm]:
    found: list[Alarm] = []
    cursor = None
    while True:
        page = await api.alarms(limit=50, cursor=cursor)
        found += page.items
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def shown(view: StatisticsView, grouping: Grouping) -> list[list[str]]:
    model = view.models[grouping]
    return [[model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
             for c in StatisticsColumn] for r in range(model.rowCount())]


def expected(stats: AlarmStatistics, grouping: Grouping) -> list[list[str]]:
    return [[str(g.count), str(g.open_count), minutes(g.ack_median_s), minutes(g.ack_p90_s),
             minutes(g.resolve_median_s), minutes(g.resolve_p90_s)]
            for g in stats.groups[grouping]]


def test_the_view_says_the_domains_numbers_for_each_period(
        cloud: EmbeddedCloud, clock: StillClock, qtbot: Any, aloop: asyncio.AbstractEventLoop,
        tmp_path: Path) -> None:
    staged, clients = run(aloop, stage(cloud, clock), timeout=120)
    try:
        api = run(aloop, signed_in(cloud, "ana", clients))
        alarms = run(aloop, every_alarm(api))
        fences = run(aloop, api.geofences())
        names = {f.id: f.name for f in fences.items if f.kind is GeofenceKind.BORDER_CROSSING}

        view = open_statistics(None, api, tz=TZ, user="ana", clock=lambda: NOW)
        qtbot.addWidget(view)
        loads: list[Any] = []
        view.loaded.connect(loads.append)

        def check(count: int) -> AlarmStatistics:
            run(aloop, wait_until(lambda: len(loads) >= count, what="statistics shown"))
            period = view.period()
            stats = alarm_statistics(alarms, period, names)
            assert view.report is not None
            assert view.report.period == period
            for grouping in Grouping:
                assert [row[1:] for row in shown(view, grouping)] == expected(stats, grouping)
            return stats

        week = check(1)  # the last 7 days, chosen when it opens
        assert view.period_choice.currentData() == LAST_7_DAYS
        assert view.period() == last_days(NOW, 7)
        assert set(staged.ids.values()) <= set(week.alarm_ids)
        assert view.summary.text().startswith(f"{week.total.count} alarms")

        # One custom day: the staged day in Chicago.
        day = dt.datetime.fromtimestamp(T0, TZ).date()
        view.choose_period(CUSTOM, day, day)
        custom = check(2)
        assert view.period() == days_period(day, day, TZ)
        assert view.first_day.isEnabled()
        assert "(America/Chicago)" in view.period_label.text()
        assert set(staged.in_period()) <= set(custom.alarm_ids)

        view.choose_period(TODAY)
        check(3)
        assert view.period() == today(NOW, TZ)
        assert not view.first_day.isEnabled()

        # Exports of the figures shown.
        view.choose_period(CUSTOM, day, day)
        check(4)
        csv_path = view.export("csv", tmp_path / "out" / "stats.csv")
        assert csv_path is not None
        with csv_path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        assert rows[0]["grouping"] == "total"
        assert rows[0]["alarms"] == str(custom.total.count)
        pdf_path = view.export("pdf", tmp_path / "out" / "stats.pdf")
        assert pdf_path is not None
        assert pdf_path.read_bytes().startswith(b"%PDF")
        assert "Written to" in view.status.text()
    finally:
        close_all(aloop, clients)


def test_a_cloud_that_cannot_be_reached_is_said(qtbot: Any,
                                                aloop: asyncio.AbstractEventLoop) -> None:
    async def refuse(method: str, path: str, **kwargs: Any) -> Any:
        raise ConnectionError("the cloud is unreachable")

    view = StatisticsView(CloudApi(refuse), tz=TZ, clock=lambda: NOW)
    qtbot.addWidget(view)
    failures: list[str] = []
    view.failed.connect(failures.append)
    view.refresh()
    run(aloop, wait_until(lambda: bool(failures), what="failure said"))
    assert "could not be read" in view.status.text()
    assert not view.csv_button.isEnabled()
