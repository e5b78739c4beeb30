"""The map page folium builds: vendored files only, a stable map name, our configuration."""

from __future__ import annotations

import json
import re

from maps.page import BASE_URL, build_page, online_tile_source, page_config


def test_page_loads_nothing_from_the_network() -> None:
    html = build_page()
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert urls
    assert all(u.startswith((BASE_URL, "qrc:///")) for u in urls), urls
    assert "http://" not in html
    assert "https://" not in html
    assert "vendor/leaflet/leaflet.js" in html
    assert "qrc:///qtwebchannel/qwebchannel.js" in html


def test_page_initialises_the_fleet_layer_with_python_config() -> None:
    html = build_page()
    assert "var map_olc = L.map(" in html
    match = re.search(r"OLMap\.init\(map_olc, (\{.*?\})\);", html, re.S)
    assert match
    config = json.loads(match.group(1))
    assert config == page_config()
    assert config["statuses"] == ["alarm", "unlocked", "stale", "moving", "parked"]


def test_online_tiles_come_with_attribution() -> None:
    url, attribution, max_zoom = online_tile_source("OpenStreetMap.Mapnik")
    assert "{z}" in url
    assert "OpenStreetMap" in attribution
    assert max_zoom >= 18
