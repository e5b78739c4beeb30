"""The map page folium builds: vendored files only, a stable map name, our configuration, its
scripts in order (the test hooks only when asked for), and the messages the page and Python
exchange named the same on both sides."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from maps.bridge import MapBridge
from maps.page import (
    BASE_URL,
    MAP_SCRIPTS,
    RESOURCES,
    TEST_HOOKS_SCRIPT,
    build_page,
    online_tile_source,
    page_config,
)

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).resolve().parent / "fleet_harness.html"


def scripts_of(html: str, prefix: str) -> list[str]:
    return [s.removeprefix(prefix) for s in re.findall(r"""<script src=["']([^"']+)["']""", html)
            if s.startswith(prefix)]


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


def test_the_console_page_loads_the_map_scripts_in_order_without_test_hooks() -> None:
    assert scripts_of(build_page(), BASE_URL + "map/") == [
        s.removeprefix("map/") for s in MAP_SCRIPTS]
    assert scripts_of(build_page(test_hooks=True), BASE_URL) == [
        *(s for s in scripts_of(build_page(), BASE_URL)), TEST_HOOKS_SCRIPT]
    assert MAP_SCRIPTS[0] == "map/core.js"  # creates the namespace the others add to
    assert MAP_SCRIPTS[-1] == "map/init.js"  # puts them together


def test_every_map_script_is_loaded_and_the_harness_loads_the_same() -> None:
    on_disk = sorted(str(p.relative_to(RESOURCES)) for p in (RESOURCES / "map").rglob("*.js"))
    assert on_disk == sorted([*MAP_SCRIPTS, TEST_HOOKS_SCRIPT])
    harness = scripts_of(HARNESS.read_text(encoding="utf-8"), "../../resources/")
    assert [s for s in harness if s.startswith("map/")] == [*MAP_SCRIPTS, TEST_HOOKS_SCRIPT]


def test_every_map_script_is_type_checked_and_strict() -> None:
    for script in [*MAP_SCRIPTS, TEST_HOOKS_SCRIPT]:
        text = (RESOURCES / script).read_text(encoding="utf-8")
        assert text.startswith("// @ts-check\n"), script
        assert "'use strict';" in text, script


def _ops_python_sends() -> set[str]:
    ops = set()
    for path in (ROOT / "maps" / "bridge.py", ROOT / "maps" / "theme.py",
                 ROOT / "maps" / "strings.py", ROOT / "widgets" / "fleet" / "map_view.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (isinstance(key, ast.Constant) and key.value == "op"
                            and isinstance(value, ast.Constant)):
                        ops.add(value.value)
    return ops


def test_the_page_describes_and_handles_every_op_python_sends() -> None:
    messages = (RESOURCES / "map" / "messages.js").read_text(encoding="utf-8")
    described = set(re.findall(r"^ \*(?:   | \{ | @typedef \{MessageBase & \{ )op: '(\w+)'",
                               messages, re.M))
    handled = set(re.findall(r"^    (\w+): \(", messages, re.M))
    sent = _ops_python_sends()
    assert {"reset", "update", "track", "tiles"} <= sent
    assert described == handled == sent


def test_the_page_calls_only_the_bridge_slots_it_describes() -> None:
    messages = (RESOURCES / "map" / "messages.js").read_text(encoding="utf-8")
    described = set(re.findall(r"^ \* @property \{\([^)]*\) => void\} (\w+)", messages, re.M))
    bridge_class = next(
        node for node in ast.walk(ast.parse((ROOT / "maps" / "bridge.py").read_text("utf-8")))
        if isinstance(node, ast.ClassDef) and node.name == MapBridge.__name__)
    slots = {f.name for f in bridge_class.body if isinstance(f, ast.FunctionDef)
             and any("Slot" in ast.unparse(d) for d in f.decorator_list)}
    assert described == slots
    called = set()
    for script in MAP_SCRIPTS:
        text = (RESOURCES / script).read_text(encoding="utf-8")
        called |= set(re.findall(r"\bsend\('(\w+)'", text))
        called |= set(re.findall(r"\['[^']*', '(\w+Requested)'\]", text))
    assert called | {"pageReady"} == described


def test_a_rendered_page_is_kept_and_read_back_without_folium(tmp_path: Path) -> None:
    """The second start reads the page folium rendered at the first (folium's import is half
    a second of a start); a different input is a different page; what is read equals what
    folium renders."""
    import subprocess
    import sys

    program = (
        "import sys; from pathlib import Path; import maps.page as page; "
        f"page.PAGE_CACHE_DIR = Path({str(tmp_path / 'cache')!r}); "
        "html = page.build_page(); "
        "print('folium' in sys.modules, len(html))"
    )
    first = subprocess.run([sys.executable, "-c", program], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()
    second = subprocess.run([sys.executable, "-c", program], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.split()
    assert first[0] == "True"  # rendered by folium...
    assert second == ["False", first[1]]  # ...then read back, the same page, folium not loaded
    assert len(list((tmp_path / "cache").glob("*.html"))) == 1


def test_the_kept_page_follows_its_inputs_and_a_broken_cache_only_costs_time(
        tmp_path: Path, monkeypatch: Any) -> None:
    from maps import page

    monkeypatch.setattr(page, "PAGE_CACHE_DIR", tmp_path / "cache")
    plain = build_page()
    assert build_page() == plain
    hooked = build_page(test_hooks=True)
    assert TEST_HOOKS_SCRIPT in hooked
    assert TEST_HOOKS_SCRIPT not in build_page()
    other = build_page(config={**page_config(), "clusterMinCount": 7})
    assert '"clusterMinCount": 7' in other
    assert len(list((tmp_path / "cache").glob("*.html"))) == 3
    monkeypatch.setattr(page, "PAGE_CACHE_DIR", None)
    assert build_page() == plain  # rendered afresh: the same page
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the cache would go")
    monkeypatch.setattr(page, "PAGE_CACHE_DIR", blocked / "cache")
    assert build_page() == plain
