"""Alarm statistics from a real cloudsim: a staged set of alarms with controlled timing
(tests/console/alarms/staged_alarms.py) gives exactly the hand-worked figures, paging through
the cloud's record; the table the view shows says the domain's numbers; the CSV and PDF say
them too."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Qt

from cloudsim.server import EmbeddedCloud
from console.alarms.statistics import (
    CSV_COLUMNS,
    StatisticsColumn,
    StatisticsModel,
    StatisticsReport,
    StatisticsRole,
    fetch_statistics,
    write_csv,
    write_pdf,
)
from opticallock.alarm_stats import Grouping, alarm_statistics
from opticallock.protocol import Alarm
from tests.asyncqt import run
from tests.console.alarms.staged_alarms import (
    PERIOD,
    T0,
    StillClock,
    close_all,
    signed_in,
    stage,
    start_cloud,
)

TZ = ZoneInfo("America/Chicago")


@pytest.fixture
def clock() -> StillClock:
    return StillClock(T0 - 900)


@pytest.fixture
def cloud(tmp_path: Path, clock: StillClock) -> Iterator[EmbeddedCloud]:
    instance = start_cloud(tmp_path / "cloud", clock)
    yield instance
    instance.stop()


def test_statistics_match_a_staged_set_of_alarms_exactly(
        cloud: EmbeddedCloud, clock: StillClock, owner: QObject, qapp: object,
        aloop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    staged, clients = run(aloop, stage(cloud, clock), timeout=120)

    async def body() -> tuple[StatisticsReport, list[Alarm]]:
        api = await signed_in(cloud, "ana", clients)
        # Two alarms a page: the period's alarms span pages, the one before it is on the last.
        report = await fetch_statistics(api, PERIOD, TZ, carrier="Frontera", generated_by="ana",
                                        page=2)
        one_by_one = [await api.alarm(i) for i in staged.ids.values()]
        return report, one_by_one

    try:
        report, alarms = run(aloop, body(), timeout=60)
    finally:
        close_all(aloop, clients)

    stats = report.stats
    assert set(stats.alarm_ids) == staged.in_period()
    total = stats.total
    assert (total.count, total.open_count, total.acknowledged, total.resolved) == (4, 1, 3, 3)
    assert (total.ack_median_s, total.ack_p90_s) == (180.0, 600.0)
    assert (total.resolve_median_s, total.resolve_p90_s) == (1200.0, 2400.0)
    by_type = {g.key: g for g in stats.groups[Grouping.TYPE]}
    assert by_type["fiber_cut"].count == 2
    assert (by_type["fiber_cut"].ack_median_s, by_type["fiber_cut"].ack_p90_s) == (120.0, 600.0)
    assert (by_type["fiber_cut"].resolve_median_s,
            by_type["fiber_cut"].resolve_p90_s) == (600.0, 2400.0)
    by_acker = {g.key: (g.count, g.ack_median_s, g.ack_p90_s)
                for g in stats.groups[Grouping.ACKNOWLEDGED_BY]}
    assert by_acker == {"ana": (2, 120.0, 600.0), "ben": (1, 180.0, 180.0),
                        None: (1, None, None)}
    by_resolver = {g.key: (g.count, g.resolve_median_s, g.resolve_p90_s)
                   for g in stats.groups[Grouping.RESOLVED_BY]}
    assert by_resolver == {"ana": (2, 1200.0, 2400.0), "ben": (1, 600.0, 600.0),
                           None: (1, None, None)}
    # Whatever corridor and crossing the cloud recorded, the figures are the domain's on the
    # same alarms, read one by one.
    assert stats.groups == alarm_statistics(alarms, PERIOD, {
        g.key: g.name for g in stats.groups[Grouping.CROSSING] if g.key and g.name}).groups

    # The table the view shows says the same numbers.
    for grouping in Grouping:
        model = StatisticsModel(grouping, parent=owner)
        model.set_statistics(stats)
        assert model.rowCount() == len(stats.groups[grouping])
        for r, group in enumerate(stats.groups[grouping]):
            def cell(column: StatisticsColumn, role: int = StatisticsRole.VALUE,
                     r: int = r, model: StatisticsModel = model) -> object:
                return model.data(model.index(r, column), role)
            assert cell(StatisticsColumn.ALARMS) == group.count
            assert cell(StatisticsColumn.ACK_MEDIAN) == group.ack_median_s
            assert cell(StatisticsColumn.RESOLVE_P90) == group.resolve_p90_s
            shown = cell(StatisticsColumn.ACK_P90, Qt.ItemDataRole.DisplayRole)
            assert shown == ("—" if group.ack_p90_s is None else f"{group.ack_p90_s / 60:.1f}")

    # The CSV: documented columns, the totals first, minutes.
    out = write_csv(tmp_path / "stats.csv", report)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert (rows[0]["grouping"], rows[0]["alarms"], rows[0]["ack_median_min"],
            rows[0]["resolve_p90_min"]) == ("total", "4", "3.00", "40.00")
    ana_acks = next(r for r in rows if r["grouping"] == "acknowledged_by"
                    and r["group_key"] == "ana")
    assert (ana_acks["alarms"], ana_acks["ack_median_min"], ana_acks["ack_p90_min"]) == (
        "2", "2.00", "10.00")
    assert rows[0]["time_zone"] == "America/Chicago"
    assert rows[0]["period_start"] == dt.datetime.fromtimestamp(T0, TZ).isoformat()

    # The PDF: the period and its zone named, a table per grouping, page N of M.
    pdf = write_pdf(tmp_path / "stats.pdf", report)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    start = dt.datetime.fromtimestamp(T0, TZ).strftime("%Y-%m-%d %H:%M")
    assert f"{start} to" in text
    assert "(America/Chicago)" in text
    for heading in ("Alarm type", "Priority", "Corridor", "Border crossing", "Acknowledged by",
                    "Resolved by"):
        assert heading in text
    assert "Fiber seal cut" in text
    assert "Not acknowledged" in text
    assert "page 1 of " in text
