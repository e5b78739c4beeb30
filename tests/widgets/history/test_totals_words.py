"""The history view's period figures in words: "1 trip", "2 trips", "1 alarm", "1 stop", the
plural through Qt's numerus translation."""

from __future__ import annotations

from typing import Any

from console.fleet.store import FleetStore
from opticallock.trips import Totals
from widgets.history.view import HistoryView


def test_the_totals_say_one_trip_one_stop_one_alarm_and_two_trips(qtbot: Any) -> None:
    view = HistoryView(FleetStore())
    qtbot.addWidget(view)
    one = view.totals_text(1, Totals(distance_km=12.0, stopped_s=600.0, stops=1, unlocks=1,
                                     tamper_events=1, alarms=1))
    assert one.startswith("1 trip · 12 km")
    for words in ("in 1 stop ·", "1 unlock ·", "1 tamper event ·", "· 1 alarm"):
        assert words in one, words
    assert "(s)" not in one
    two = view.totals_text(2, Totals(stops=2, unlocks=0, alarms=2))
    assert two.startswith("2 trips · ")
    for words in ("in 2 stops ·", "0 unlocks ·", "0 tamper events ·", "· 2 alarms"):
        assert words in two, words
