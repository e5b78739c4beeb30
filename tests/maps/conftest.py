"""The map view tests look into the page through its test hooks (resources/map/test-hooks.js),
which the console's page never loads: here every MapView builds its page with them (a bench
asks for them with ``MapView(store, test_hooks=True)``)."""

from __future__ import annotations

from typing import Any

import pytest

import widgets.fleet.map_view
from maps.page import build_page


@pytest.fixture(autouse=True)
def _map_page_with_test_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    def with_hooks(**kwargs: Any) -> str:
        return build_page(**{**kwargs, "test_hooks": True})

    monkeypatch.setattr(widgets.fleet.map_view, "build_page", with_hooks)
