"""Alarm statistics from the cloud's record: fetched for a period, shown as tables, exported.

**Fetching** (:func:`fetch_statistics`), through :class:`~console.link.api.CloudApi`: every alarm
of the carrier, all states at once (open, acknowledged and resolved: ``GET /alarms`` with no
state), page by page newest raised first, until a page reaches back before the period's start;
those raised in the period are kept. The cloud pages by (raised_at, id), so an alarm raised
while paging never shifts a page. The border crossings are named from ``GET /geofences``. The
figures are the domain's (:func:`opticallock.alarm_stats.alarm_statistics`: nearest-rank median
and p90, times from the raise).

**The table** (:class:`StatisticsModel`): one grouping's groups, with the count, the open count
and the median and p90 times to acknowledge and to resolve in minutes (one decimal).
:attr:`StatisticsRole.VALUE` gives a cell's number unrounded (seconds for times).

**The CSV** (:func:`write_csv`), UTF-8 with a byte-order mark and a header row; one row for the
whole period (``grouping`` = ``total``) then one per group of each grouping. Columns:
``grouping`` (``total``, ``type``, ``priority``, ``corridor``, ``crossing``,
``acknowledged_by``, ``resolved_by``), ``group_key`` (the alarm type or priority's code, the
corridor, the crossing's geofence id, the dispatcher; empty for the alarms without one),
``group_name`` (as the table says it, in the console's language), ``alarms``, ``open`` (not
resolved yet), ``acknowledged``, ``resolved`` (how many of them have each time),
``ack_median_min``, ``ack_p90_min``, ``resolve_median_min``, ``resolve_p90_min`` (minutes, two
decimals, empty when none), ``period_start``, ``period_end`` (ISO 8601 in the time zone),
``time_zone``. Codes and column names are never translated; free text a spreadsheet would run as
a formula is prefixed with ``'``.

**The PDF** (:func:`write_pdf`): the period and its time zone named on top, the totals, then a
table per grouping; "page N of M" in every footer. QTextDocument into QPdfWriter (QtGui, no
widget), like the reports.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from console.alarms.labels import alarm_type_label, priority_label
from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from console.link.api import CloudApi
from console.reports.files import render_paged_pdf, replace_atomically
from console.tables import ColumnTableModel
from console.text import isolate
from opticallock.alarm_stats import AlarmStatistics, Grouping, GroupStats, Period, alarm_statistics
from opticallock.protocol import Alarm, AlarmPriority, GeofenceKind

CONTEXT = "AlarmStatistics"
#: Alarms per ``GET /alarms`` page.
PAGE = 500


def _t(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


#: The groupings' names: tab titles and the PDF's headings.
GROUPING_NAMES: TranslatedNames[Grouping] = TranslatedNames(CONTEXT, {
    Grouping.TYPE: QT_TRANSLATE_NOOP("AlarmStatistics", "Alarm type"),
    Grouping.PRIORITY: QT_TRANSLATE_NOOP("AlarmStatistics", "Priority"),
    Grouping.CORRIDOR: QT_TRANSLATE_NOOP("AlarmStatistics", "Corridor"),
    Grouping.CROSSING: QT_TRANSLATE_NOOP("AlarmStatistics", "Border crossing"),
    Grouping.ACKNOWLEDGED_BY: QT_TRANSLATE_NOOP("AlarmStatistics", "Acknowledged by"),
    Grouping.RESOLVED_BY: QT_TRANSLATE_NOOP("AlarmStatistics", "Resolved by"),
})

#: What the group of alarms without a value is called, per grouping.
NO_VALUE_NAMES: TranslatedNames[Grouping] = TranslatedNames(CONTEXT, {
    Grouping.TYPE: QT_TRANSLATE_NOOP("AlarmStatistics", "Unknown type"),
    Grouping.PRIORITY: QT_TRANSLATE_NOOP("AlarmStatistics", "Unknown priority"),
    Grouping.CORRIDOR: QT_TRANSLATE_NOOP("AlarmStatistics", "No corridor"),
    Grouping.CROSSING: QT_TRANSLATE_NOOP("AlarmStatistics", "Not at a border crossing"),
    Grouping.ACKNOWLEDGED_BY: QT_TRANSLATE_NOOP("AlarmStatistics", "Not acknowledged"),
    Grouping.RESOLVED_BY: QT_TRANSLATE_NOOP("AlarmStatistics", "Not resolved"),
})


def grouping_label(grouping: Grouping) -> str:
    return GROUPING_NAMES[grouping]


def group_label(grouping: Grouping, group: GroupStats) -> str:
    """The group as the dispatcher reads it: an alarm type's or priority's word, a crossing's
    name, a corridor or a dispatcher as the cloud has it."""
    if group.key is None:
        return NO_VALUE_NAMES[grouping]
    if grouping is Grouping.TYPE:
        return alarm_type_label(group.key)
    if grouping is Grouping.PRIORITY:
        try:
            return priority_label(AlarmPriority(group.key))
        except ValueError:
            return group.key
    return isolate(group.name or group.key)


def minutes(seconds: float | None) -> str:
    """"12.5" (minutes, one decimal); "—" for none."""
    return "—" if seconds is None else f"{seconds / 60.0:.1f}"


# --------------------------------------------------------------------------- fetching


@dataclass(frozen=True)
class StatisticsReport:
    stats: AlarmStatistics
    tz: dt.tzinfo
    carrier: str = ""
    generated_by: str = ""
    generated_at: float = 0.0

    @property
    def period(self) -> Period:
        return self.stats.period

    def zone_name(self) -> str:
        """The zone's name: its key ("America/Chicago") where it has one, else its short name."""
        key = getattr(self.tz, "key", None)
        if key:
            return str(key)
        return dt.datetime.fromtimestamp(self.period.start, self.tz).strftime("%Z") or "UTC"


async def fetch_alarms(api: CloudApi, period: Period, page: int = PAGE) -> list[Alarm]:
    """Every alarm raised in ``period``, whatever its state, newest raised first."""
    found: list[Alarm] = []
    cursor: str | None = None
    while True:
        got = await api.alarms(limit=page, cursor=cursor)
        found.extend(a for a in got.items if period.contains(a.raised_at))
        if (not got.items or got.next_cursor is None
                or got.items[-1].raised_at < period.start):
            return found
        cursor = got.next_cursor


async def crossing_names(api: CloudApi) -> dict[str, str]:
    """The border crossings' names by geofence id."""
    fences = await api.geofences()
    return {f.id: f.name for f in fences.items if f.kind is GeofenceKind.BORDER_CROSSING}


async def fetch_statistics(api: CloudApi, period: Period, tz: dt.tzinfo, *, carrier: str = "",
                           generated_by: str = "", now: float | None = None,
                           page: int = PAGE) -> StatisticsReport:
    """The statistics of the alarms raised in ``period`` as the cloud has them now."""
    alarms = await fetch_alarms(api, period, page)
    names = await crossing_names(api)
    return StatisticsReport(alarm_statistics(alarms, period, names), tz, carrier=carrier,
                            generated_by=generated_by,
                            generated_at=time.time() if now is None else now)


# --------------------------------------------------------------------------- the table


class StatisticsColumn(IntEnum):
    GROUP = 0
    ALARMS = 1
    OPEN = 2
    ACK_MEDIAN = 3
    ACK_P90 = 4
    RESOLVE_MEDIAN = 5
    RESOLVE_P90 = 6


class StatisticsRole(IntEnum):
    #: The cell's number unrounded (a count, or seconds; None where there is none); for the
    #: group column, its key.
    VALUE = Qt.ItemDataRole.UserRole + 1


HEADERS: dict[StatisticsColumn, str] = {
    StatisticsColumn.GROUP: QT_TRANSLATE_NOOP("AlarmStatistics", "Group"),
    StatisticsColumn.ALARMS: QT_TRANSLATE_NOOP("AlarmStatistics", "Alarms"),
    StatisticsColumn.OPEN: QT_TRANSLATE_NOOP("AlarmStatistics", "Open"),
    StatisticsColumn.ACK_MEDIAN: QT_TRANSLATE_NOOP("AlarmStatistics", "Ack median (min)"),
    StatisticsColumn.ACK_P90: QT_TRANSLATE_NOOP("AlarmStatistics", "Ack p90 (min)"),
    StatisticsColumn.RESOLVE_MEDIAN: QT_TRANSLATE_NOOP("AlarmStatistics",
                                                       "Resolve median (min)"),
    StatisticsColumn.RESOLVE_P90: QT_TRANSLATE_NOOP("AlarmStatistics", "Resolve p90 (min)"),
}
TOOLTIPS: dict[StatisticsColumn, str] = {
    StatisticsColumn.OPEN: QT_TRANSLATE_NOOP("AlarmStatistics",
                                             "Raised in the period and not resolved yet"),
    StatisticsColumn.ACK_MEDIAN: QT_TRANSLATE_NOOP(
        "AlarmStatistics", "Minutes from raised to acknowledged; nearest-rank median"),
    StatisticsColumn.ACK_P90: QT_TRANSLATE_NOOP(
        "AlarmStatistics", "Minutes from raised to acknowledged; 9 in 10 alarms were faster "
        "or as fast (nearest rank)"),
    StatisticsColumn.RESOLVE_MEDIAN: QT_TRANSLATE_NOOP(
        "AlarmStatistics", "Minutes from raised to resolved; nearest-rank median"),
    StatisticsColumn.RESOLVE_P90: QT_TRANSLATE_NOOP(
        "AlarmStatistics", "Minutes from raised to resolved; 9 in 10 alarms were faster or "
        "as fast (nearest rank)"),
}


def _value(group: GroupStats, column: StatisticsColumn) -> Any:
    match column:
        case StatisticsColumn.GROUP:
            return group.key
        case StatisticsColumn.ALARMS:
            return group.count
        case StatisticsColumn.OPEN:
            return group.open_count
        case StatisticsColumn.ACK_MEDIAN:
            return group.ack_median_s
        case StatisticsColumn.ACK_P90:
            return group.ack_p90_s
        case StatisticsColumn.RESOLVE_MEDIAN:
            return group.resolve_median_s
        case StatisticsColumn.RESOLVE_P90:
            return group.resolve_p90_s


class StatisticsModel(ColumnTableModel):
    """One grouping's groups as a table; :meth:`set_statistics` replaces them."""

    COLUMNS = StatisticsColumn
    HEADERS: ClassVar[dict[StatisticsColumn, str]] = HEADERS
    TOOLTIPS: ClassVar[dict[StatisticsColumn, str]] = TOOLTIPS
    CONTEXT = CONTEXT

    def __init__(self, grouping: Grouping, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.grouping = grouping
        self.groups: list[GroupStats] = []

    def set_statistics(self, stats: AlarmStatistics | None) -> None:
        self.beginResetModel()
        self.groups = list(stats.groups.get(self.grouping, [])) if stats is not None else []
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.groups)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.groups):
            return None
        group = self.groups[index.row()]
        column = StatisticsColumn(index.column())
        if role == StatisticsRole.VALUE:
            return _value(group, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column is StatisticsColumn.GROUP:
                return group_label(self.grouping, group)
            value = _value(group, column)
            return str(value) if isinstance(value, int) else minutes(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is not StatisticsColumn.GROUP:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column is StatisticsColumn.GROUP:
            return group_label(self.grouping, group)
        return None


# --------------------------------------------------------------------------- exports


CSV_COLUMNS = (
    "grouping", "group_key", "group_name", "alarms", "open", "acknowledged", "resolved",
    "ack_median_min", "ack_p90_min", "resolve_median_min", "resolve_p90_min",
    "period_start", "period_end", "time_zone",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _csv_minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60.0:.2f}"


def csv_rows(report: StatisticsReport) -> list[dict[str, str]]:
    stats = report.stats
    common = {
        "period_start": dt.datetime.fromtimestamp(report.period.start, report.tz).isoformat(),
        "period_end": dt.datetime.fromtimestamp(report.period.end, report.tz).isoformat(),
        "time_zone": report.zone_name(),
    }

    def row(grouping: str, group: GroupStats, name: str) -> dict[str, str]:
        return {
            "grouping": grouping, "group_key": _cell(group.key), "group_name": _cell(name),
            "alarms": str(group.count), "open": str(group.open_count),
            "acknowledged": str(group.acknowledged), "resolved": str(group.resolved),
            "ack_median_min": _csv_minutes(group.ack_median_s),
            "ack_p90_min": _csv_minutes(group.ack_p90_s),
            "resolve_median_min": _csv_minutes(group.resolve_median_s),
            "resolve_p90_min": _csv_minutes(group.resolve_p90_s), **common}

    rows = [row("total", stats.total, _t("All alarms"))]
    for grouping in Grouping:
        rows.extend(row(grouping.value, g, group_label(grouping, g))
                    for g in stats.groups.get(grouping, []))
    return rows


def write_csv(path: Path, report: StatisticsReport) -> Path:
    rows = csv_rows(report)

    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8-sig", newline="") as f:
            out = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
            out.writeheader()
            out.writerows(rows)

    return replace_atomically(Path(path), write)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def period_text(report: StatisticsReport) -> str:
    """"2026-11-23 00:00 to 2026-11-25 15:30 (America/Chicago)"."""
    fmt = "%Y-%m-%d %H:%M"
    start = dt.datetime.fromtimestamp(report.period.start, report.tz).strftime(fmt)
    end = dt.datetime.fromtimestamp(report.period.end, report.tz).strftime(fmt)
    return _t("{start} to {end} ({zone})").format(start=start, end=end,
                                                  zone=report.zone_name())


def _table(grouping: Grouping | None, groups: Sequence[GroupStats]) -> str:
    headers = [_t(HEADERS[c]) for c in StatisticsColumn]
    widths = [34, 9, 9, 12, 12, 12, 12]
    head = "".join(f"<th width={w}%>{_e(h)}</th>" for h, w in zip(headers, widths, strict=True))
    body = []
    for g in groups:
        name = _t("All alarms") if grouping is None else group_label(grouping, g)
        cells = [_e(name), str(g.count), str(g.open_count), minutes(g.ack_median_s),
                 minutes(g.ack_p90_s), minutes(g.resolve_median_s), minutes(g.resolve_p90_s)]
        body.append("<tr>" + "".join(
            f"<td>{c}</td>" if i == 0 else f"<td align='right'>{c}</td>"
            for i, c in enumerate(cells)) + "</tr>")
    if not body:
        body.append(f"<tr><td colspan='7'>{_e(_t('No alarms'))}</td></tr>")
    return (f"<table class='grid' width='100%'><thead><tr>{head}</tr></thead>"
            f"{''.join(body)}</table>")


def build_html(report: StatisticsReport) -> str:
    stats = report.stats
    title = _t("Alarm statistics")
    lines = [_t("Alarms raised {period}").format(period=period_text(report))]
    if report.carrier:
        lines.insert(0, isolate(report.carrier))
    generated = _t("Generated {when} by {user}. Times are minutes from the alarm being "
                   "raised; median and p90 by nearest rank.").format(
        when=dt.datetime.fromtimestamp(report.generated_at, report.tz).strftime(
            "%Y-%m-%d %H:%M"), user=isolate(report.generated_by or "—"))
    sections = [f"<h2>{_e(_t('All alarms'))}</h2>{_table(None, [stats.total])}"]
    for grouping in Grouping:
        sections.append(f"<h2>{_e(grouping_label(grouping))}</h2>"
                        f"{_table(grouping, stats.groups.get(grouping, []))}")
    return f"""<html><head><style>
body {{ font-family: 'DejaVu Sans'; font-size: 9pt; color: #111; }}
h1 {{ font-size: 16pt; margin: 0; }}
h2 {{ font-size: 11.5pt; margin-top: 14px; border-bottom: 1px solid #999; }}
table {{ border-collapse: collapse; }}
table.grid td, table.grid th {{ border: 1px solid #999; padding: 2px 4px; }}
table.grid th {{ background: #eee; text-align: left; }}
.muted {{ color: #555; }}
</style></head><body>
<h1>{_e(title)}</h1>
<p><b>{"<br>".join(_e(line) for line in lines)}</b><br>
<span class='muted'>{_e(generated)}</span></p>
{"".join(sections)}
</body></html>"""


def write_pdf(path: Path, report: StatisticsReport) -> Path:
    """The PDF (A4 portrait, "page N of M" in the footer); a QGuiApplication must exist."""
    html_text = build_html(report)
    title = _t("Alarm statistics")
    footer = _t("Alarm statistics · {period} · page {page} of {pages}")
    period = period_text(report)

    def render(target: Path) -> None:
        render_paged_pdf(target, html_text, f"{title} — {period}",
                         lambda page, pages: footer.format(period=period, page=page,
                                                           pages=pages))

    return replace_atomically(Path(path), render)


def file_stem(report: StatisticsReport) -> str:
    """``alarm-statistics-2026-11-23-to-2026-11-25``."""
    start = dt.datetime.fromtimestamp(report.period.start, report.tz).strftime("%Y-%m-%d")
    end = dt.datetime.fromtimestamp(report.period.end - 1, report.tz).strftime("%Y-%m-%d")
    return f"alarm-statistics-{start}" + ("" if end == start else f"-to-{end}")


__all__ = [
    "CSV_COLUMNS",
    "GROUPING_NAMES",
    "PAGE",
    "StatisticsColumn",
    "StatisticsModel",
    "StatisticsReport",
    "StatisticsRole",
    "build_html",
    "crossing_names",
    "csv_rows",
    "fetch_alarms",
    "fetch_statistics",
    "file_stem",
    "group_label",
    "grouping_label",
    "minutes",
    "period_text",
    "write_csv",
    "write_pdf",
]
