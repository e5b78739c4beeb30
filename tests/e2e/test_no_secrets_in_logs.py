"""main.py at --log-level DEBUG signs in and streams, then neither its log nor any file it
wrote (journal, outboxes, settings) holds the session token or the password.

The console runs with ``--server`` against a cloudsim this test starts, signing in by itself
with a password the test knows (a keyring that remembers it: tests/e2e/keyring_with_password.py).
The token is whatever the cloud issued: the cloud keeps only its SHA-256, so every
token-shaped string in the log and the files is hashed and looked up there.
"""

from __future__ import annotations

import hashlib
import queue
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cloudsim.server import EmbeddedCloud, start_embedded
from console.settings import Paths, Settings
from tests.e2e.console_process import ENV, ROOT
from tests.e2e.keyring_with_password import PASSWORD

USER = "ana"
#: secrets.token_urlsafe(32), as cloudsim issues tokens.
TOKEN_SHAPE = re.compile(rb"[A-Za-z0-9_-]{43,}")
BEARER = re.compile(rb"(?i)bearer\s+[A-Za-z0-9_\-.~+/]{16,}")
#: websockets logs each frame it receives at DEBUG: proof that the stream is flowing.
FRAME_RECEIVED = r"websockets\.client: < TEXT .\{\"seq\":\d+"


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=20, seed=5,
                              users=[(USER, PASSWORD, None)], incident_rate=0.0,
                              fix_interval_s=0.5)
    yield instance
    instance.stop()


class Run:
    """main.py with its stdout and stderr in one pipe, read line by line as it comes."""

    def __init__(self, tmp: Path, *args: str) -> None:
        env = {**ENV, "PYTHON_KEYRING_BACKEND":
               "tests.e2e.keyring_with_password.KnownPasswordKeyring"}
        self.proc = subprocess.Popen(
            [sys.executable, "main.py", "--data-dir", str(tmp / "data"),
             "--config-dir", str(tmp / "cfg"), *args],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, errors="replace")
        self.lines: list[str] = []
        self._unread: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            self._unread.put(line)
        self._unread.put(None)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_for_line(self, pattern: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self._unread.get(timeout=remaining)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"main.py ended before {pattern!r}:\n{self.log[-3000:]}")
            if re.search(pattern, line):
                return
        raise AssertionError(f"no {pattern!r} within {timeout} s:\n{self.log[-3000:]}")


def issued_token_hashes(cloud_dir: Path) -> set[str]:
    db = sqlite3.connect(f"file:{cloud_dir / 'cloud.db'}?mode=ro", uri=True)
    try:
        return {row[0] for row in db.execute("SELECT token_sha FROM tokens")}
    finally:
        db.close()


def tokens_in(data: bytes, hashes: set[str]) -> int:
    """How many issued tokens ``data`` shows (each 43-character window of each token-shaped
    run is hashed and looked up)."""
    found = 0
    for run in TOKEN_SHAPE.findall(data):
        for start in range(len(run) - 42):
            if hashlib.sha256(run[start:start + 43]).hexdigest() in hashes:
                found += 1
    return found


def test_debug_log_and_files_hold_no_token_or_password(tmp_path: Path,
                                                       cloud: EmbeddedCloud) -> None:
    settings = Settings(Paths(tmp_path / "data", tmp_path / "cfg"))
    settings.server_url = cloud.url
    settings.username = USER
    settings.remember = True  # so the console signs in with the keyring's password
    settings.sync()
    del settings

    run = Run(tmp_path, "--server", cloud.url, "--log-level", "DEBUG")
    try:
        run.wait_for_line(r"stream: first \d+ events applied", timeout=90)
        run.wait_for_line(FRAME_RECEIVED, timeout=30)
        run.proc.send_signal(signal.SIGTERM)
        assert run.proc.wait(timeout=60) == 0, run.log[-3000:]
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
            run.proc.wait()
    cloud.stop()

    log = run.log
    # It did what the test is about: a DEBUG handshake with an Authorization header.
    assert "Authorization" in log, log[-3000:]
    hashes = issued_token_hashes(tmp_path / "cloud")
    assert hashes  # the cloud issued the console's token
    written = {path: path.read_bytes()
               for top in ("data", "cfg") for path in (tmp_path / top).rglob("*")
               if path.is_file()}
    assert any(path.suffix == ".ini" for path in written)
    assert any("journal" in str(path) for path in written)
    for where, data in {"the log": log.encode(), **{str(p): d for p, d in written.items()}}.items():
        assert PASSWORD.encode() not in data, f"the password is in {where}"
        assert tokens_in(data, hashes) == 0, f"the session token is in {where}"
        assert BEARER.search(data) is None, f"a bearer token is in {where}"
