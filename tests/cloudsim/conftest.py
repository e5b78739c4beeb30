"""A real cloudsim on 127.0.0.1 (port 0) for the tests, with three dispatchers on two carriers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from cloudsim.server import EmbeddedCloud, start_embedded
from opticallock.protocol import API_PREFIX, decode_frame

USERS: list[tuple[str, str, str | None]] = [
    ("ana", "pw1", None),
    ("ben", "pw2", None),
    ("carla", "pw3", "pacifico"),
]


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    # No random incidents: tests inject the ones they need, so what they see is theirs.
    instance = start_embedded(tmp_path / "cloud", locks=30, seed=11, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


def login(cloud: EmbeddedCloud, user: str, password: str) -> str:
    r = httpx.post(f"{cloud.url}{API_PREFIX}/session",
                   json={"username": user, "password": password})
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


@pytest.fixture
def token(cloud: EmbeddedCloud) -> str:
    return login(cloud, "ana", "pw1")


@pytest.fixture
def api(cloud: EmbeddedCloud, token: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{cloud.url}{API_PREFIX}",
                      headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        yield client


def open_stream(cloud: EmbeddedCloud, token: str, since: int | None = None) -> ClientConnection:
    query = "" if since is None else f"?since={since}"
    url = cloud.url.replace("http://", "ws://") + f"{API_PREFIX}/stream{query}"
    return connect(url, additional_headers={"Authorization": f"Bearer {token}"},
                   max_size=16 * 1024 * 1024, open_timeout=10)


def receive_until(ws: ClientConnection, done: Callable[[Any], bool], timeout: float = 30.0,
                  ) -> list[tuple[str, Any]]:
    """(frame text as sent, decoded frame) until ``done(frame)`` holds for one (that one
    included)."""
    import time

    received: list[tuple[str, Any]] = []
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"condition not met after {len(received)} frames")
        text = ws.recv(timeout=left)
        assert isinstance(text, str)
        received.append((text, decode_frame(text)))
        if done(received[-1][1]):
            return received


def read_until(ws: ClientConnection, done: Callable[[Any], bool], timeout: float = 20.0,
               ) -> list[Any]:
    """Frames received until ``done(frame)`` is true for one of them (that one included)."""
    return [frame for _text, frame in receive_until(ws, done, timeout)]
