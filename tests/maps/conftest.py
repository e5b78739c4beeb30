"""The map view tests look into the page through its test hooks (resources/map/test-hooks.js),
which the console's page never loads: here MapView builds the page with them."""

from __future__ import annotations

import functools

import pytest

import widgets.fleet.map_view
from maps.page import build_page


@pytest.fixture(autouse=True)
def _map_page_with_test_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(widgets.fleet.map_view, "build_page",
                        functools.partial(build_page, test_hooks=True))
