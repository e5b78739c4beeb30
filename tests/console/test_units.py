"""Distances and speeds follow the dispatcher's units, everywhere through one function."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from console import units
from console.units import format_distance, format_speed, set_units


@pytest.fixture(autouse=True)
def _km_again() -> Iterator[None]:
    yield
    set_units("km")


def test_speed_in_km_by_default_and_in_mph_once_chosen() -> None:
    assert format_speed(88.4) == "88 km/h"
    set_units("mi")
    assert format_speed(100.0) == "62 mph"
    assert format_speed(None) == "—"


def test_distance_with_thousands_in_either_unit() -> None:
    assert format_distance(1609.344) == "1,609 km"
    set_units("mi")
    assert format_distance(1609.344) == "1,000 mi"
    assert format_distance(16.09344, decimals=1) == "10.0 mi"


def test_unknown_units_refused() -> None:
    with pytest.raises(ValueError, match="units"):
        set_units("furlongs")
    assert units.units() == "km"
