"""`pip install .` gives an `opticallock-console` command with everything it loads: the wheel
holds main.py, the packages, resources/ (map page, vendored Leaflet, basemap, sounds, icons,
translations, the desktop entry) and the entry point; --install-desktop-entry installs the
menu entry and icons for the user."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
         str(ROOT)], capture_output=True, text=True, timeout=300, check=False)
    if built.returncode != 0 and "No matching distribution found for setuptools" in \
            built.stderr:
        pytest.skip("no package index to fetch the build backend from")
    assert built.returncode == 0, built.stderr[-3000:]
    (path,) = out.glob("opticallock_console-*.whl")
    return zipfile.ZipFile(path)


def test_the_wheel_holds_main_the_packages_and_every_resource(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    assert "main.py" in names
    for package in ("console", "widgets", "maps", "opticallock", "cloudsim"):
        assert f"{package}/__init__.py" in names
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert shipped
    assert shipped <= names, sorted(shipped - names)
    for needed in ("resources/map/core.js", "resources/vendor/leaflet/leaflet.js",
                   "resources/vendor/leaflet/LICENSE", "resources/basemap/countries.js",
                   "resources/sounds/alarm.wav", "resources/icons/opticallock.svg",
                   "resources/icons/opticallock-48.png",
                   "resources/opticallock-console.desktop"):
        assert needed in names


def test_the_wheel_declares_the_command(wheel: zipfile.ZipFile) -> None:
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "[console_scripts]" in text
    assert "opticallock-console = main:main" in text


def test_resources_are_looked_up_beside_the_code() -> None:
    # The same place in the source tree and in site-packages: parents of the modules.
    from maps.page import RESOURCES as MAP_RESOURCES
    from widgets.about import RESOURCES as ABOUT_RESOURCES
    from widgets.alarms.attention import SOUNDS_DIR

    assert MAP_RESOURCES == ABOUT_RESOURCES == main.RESOURCES
    assert SOUNDS_DIR.parent == main.RESOURCES
    assert main.ICON_SVG.is_file()


def test_install_desktop_entry_puts_the_entry_and_icons_in_the_users_data_dir(
        tmp_path: Path) -> None:
    entry = main.install_desktop_entry(tmp_path)
    assert entry == tmp_path / "applications" / "opticallock-console.desktop"
    text = entry.read_text(encoding="utf-8")
    assert "[Desktop Entry]" in text
    assert "Icon=opticallock-console" in text
    (exec_line,) = [line for line in text.splitlines() if line.startswith("Exec=")]
    assert exec_line != "Exec=opticallock-console"  # the command that runs this console
    assert (tmp_path / "icons/hicolor/scalable/apps/opticallock-console.svg").is_file()
    assert (tmp_path / "icons/hicolor/48x48/apps/opticallock-console.png").is_file()


def test_the_command_line_offers_it() -> None:
    args = main.parse_args(["--install-desktop-entry"])
    assert args.install_desktop_entry is True
