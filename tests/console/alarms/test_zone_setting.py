"""The dispatcher's chosen time zone ("" = the machine's) is the one every time is shown in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from console.alarms import times


@pytest.fixture(autouse=True)
def _machine_zone_again() -> Iterator[None]:
    yield
    times.set_zone(None)


def test_a_named_zone_is_used_and_empty_goes_back_to_the_machine() -> None:
    times.set_zone_name("America/Chicago")
    assert times.zone_name(1_790_000_000.0) in ("CST", "CDT")
    times.set_zone_name("UTC")
    assert times.local_datetime(0.0) == "1970-01-01 00:00:00 UTC"
    times.set_zone_name("")
    assert times.zone() is None


def test_an_unknown_zone_is_refused_saying_so() -> None:
    with pytest.raises(ValueError, match="not a time zone"):
        times.set_zone_name("Mars/Olympus_Mons")
    assert times.zone() is None
    assert "America/Chicago" in times.zone_names()
