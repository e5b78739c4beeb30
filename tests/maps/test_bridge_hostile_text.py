"""What the map bridge sends the page about hostile names: no direction override, right-to-left
names isolated, so the popup's phone number stays in order after the name (the page shows these
strings as text: resources/map/popup.js)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QObject

from console.fleet.store import FleetStore
from console.text import FSI, PDI
from maps.bridge import FleetMapFeed, MapBridge
from tests.widgets.test_main_window import snapshot

RLO = "\u202e"


def test_names_and_popup_lines_reach_the_page_without_overrides(qapp: Any) -> None:
    owner = QObject()
    fleet = snapshot()
    fleet.drivers[0].name = f"{RLO}Ana Ruiz"
    fleet.drivers[1].name = "سعيد علي"
    store = FleetStore(coalesce_ms=10, parent=owner)
    store.load_snapshot(fleet)
    bridge = MapBridge(owner)
    sent: list[dict[str, Any]] = []
    bridge.push.connect(lambda text: sent.append(json.loads(text)))
    feed = FleetMapFeed(store, bridge, parent=owner)
    bridge.pageReady()
    reset = next(m for m in sent if m["op"] == "reset")
    names = dict(zip(reset["ids"], reset["names"], strict=True))
    assert names["TR-0"] == "Ana Ruiz"
    assert names["TR-1"] == f"{FSI}سعيد علي{PDI}"
    for trailer_id, shown in (("TR-0", "Ana Ruiz"), ("TR-1", f"{FSI}سعيد علي{PDI}")):
        feed.select(trailer_id)
        details = [m for m in sent if m["op"] == "details" and m["id"] == trailer_id]
        lines = dict(details[-1]["lines"])
        assert lines["Driver"] == f"{shown} · +1 619 555 0100"
    assert RLO not in json.dumps(sent, ensure_ascii=False)
    owner.deleteLater()
