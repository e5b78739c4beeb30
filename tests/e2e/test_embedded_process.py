"""The embedded cloud's process ends with the console's, however the console ends, and closing
is quick even with the stream at full rate."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.console_process import ConsoleProcess, gone

pytestmark = pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs Linux pidfds")

#: A console must be gone this long after it was told to close (the issue's promise).
EXIT_WITHIN_S = 5.0


@pytest.fixture
def start_console(tmp_path: Path) -> Iterator[Callable[..., ConsoleProcess]]:
    """Start main.py with these arguments; whatever is left of it is killed at the end."""
    runs: list[ConsoleProcess] = []

    def start(*args: str) -> ConsoleProcess:
        run = ConsoleProcess(tmp_path / str(len(runs)), *args)
        runs.append(run)
        return run

    yield start
    for run in runs:
        run.end()


def test_sigint_closes_the_console_and_its_cloud(
        start_console: Callable[..., ConsoleProcess]) -> None:
    console = start_console("--locks", "40", "--history-hours", "0")
    cloud = console.wait_for_cloud()
    console.wait_for_line(r"stream live", 60)
    console.proc.send_signal(signal.SIGINT)  # Ctrl-C in the terminal
    assert console.proc.wait(timeout=30) == 0, console.log[-3000:]
    assert "SIGINT received: closing" in console.log
    assert gone(cloud)  # stopped and reaped by the console, not left behind


def test_a_killed_console_leaves_no_cloud_behind(
        start_console: Callable[..., ConsoleProcess]) -> None:
    console = start_console("--locks", "40", "--history-hours", "0")
    cloud = console.wait_for_cloud()
    console.wait_for_line(r"stream live", 60)
    console.proc.kill()  # SIGKILL: no shutdown code runs in the console
    console.proc.wait()
    # The cloud sees its stdin end (and, on Linux, gets SIGTERM as its parent died).
    assert gone(cloud, timeout=10), "the embedded cloud outlived its console"


@pytest.mark.slow
def test_exit_within_five_seconds_with_the_stream_at_full_rate(
        start_console: Callable[..., ConsoleProcess]) -> None:
    # 3,000 trailers with a fix a second: ~3,000 positions/s into the store, models and map.
    console = start_console("--locks", "3000", "--fix-interval", "1", "--history-hours", "0")
    cloud = console.wait_for_cloud(timeout=90)
    console.wait_for_line(r"stream: first \d+ events applied", 60)
    signalled = time.monotonic()
    console.proc.send_signal(signal.SIGTERM)
    code = console.proc.wait(timeout=30)
    took = time.monotonic() - signalled
    assert code == 0, console.log[-3000:]
    assert took < EXIT_WITHIN_S, f"exit took {took:.1f} s:\n{console.log[-3000:]}"
    assert "SIGTERM received: closing" in console.log
    assert gone(cloud)
