"""main.py as a running process for end-to-end tests: its log read line by line as it comes,
and waits on conditions (a log line, a process's end) with deadlines, never fixed sleeps."""

from __future__ import annotations

import os
import queue
import re
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
       "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox --disable-gpu",
       "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
#: What main.py logs once its embedded cloud is listening.
CLOUD_PID = r"embedded cloud pid (\d+) listening on (http://\S+)"


def gone(pid: int, timeout: float = 0.0) -> bool:
    """True once process ``pid`` has ended, waiting up to ``timeout`` s for it.

    A pidfd becomes readable when its process ends, zombie or not (an orphan may never be
    reaped in a container); a pid already reaped cannot be opened.
    """
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], timeout)[0])
    finally:
        os.close(fd)


class ConsoleProcess:
    """``python main.py ARGS`` with a fresh data and config directory under ``tmp``."""

    def __init__(self, tmp: Path, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "main.py", "--data-dir", str(tmp / "data"),
             "--config-dir", str(tmp / "cfg"), *args],
            cwd=ROOT, env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, errors="replace")
        self.lines: list[str] = []
        self._unread: queue.Queue[str | None] = queue.Queue()
        self.cloud_pid: int | None = None
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)
            self._unread.put(line)
        self._unread.put(None)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_for_line(self, pattern: str, timeout: float) -> re.Match[str]:
        """The first line not yet read that matches ``pattern``, within ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self._unread.get(timeout=remaining)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"main.py ended before logging {pattern!r}:\n"
                                     + self.log[-3000:])
            if (found := re.search(pattern, line)) is not None:
                return found
        raise AssertionError(f"no {pattern!r} in main.py's log within {timeout} s:\n"
                             + self.log[-3000:])

    def wait_for_cloud(self, timeout: float = 60) -> int:
        """The embedded cloud's pid, once main.py says it is listening."""
        self.cloud_pid = int(self.wait_for_line(CLOUD_PID, timeout)[1])
        return self.cloud_pid

    def end(self) -> None:
        """Kill what is left of this run (after a failed test): the console, then its cloud."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if self.cloud_pid is not None and not gone(self.cloud_pid, 10):
            os.kill(self.cloud_pid, signal.SIGKILL)
