"""Failed sign-ins over real HTTP: five within five minutes, per username or per client
address, and the next attempt is 429 ``too_many_attempts`` with a ``Retry-After`` that grows
with each further failure up to 15 minutes; a success forgets the username's failures.

Each client connects from its own loopback address (127.0.0.N), so one test can be several
clients; time is the cloud's clock, moved by hand.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cloudsim.server import EmbeddedCloud, start_embedded
from cloudsim.service.throttle import SignInPolicy
from opticallock.protocol import API_PREFIX
from tests.cloudsim.conftest import USERS


class MovableClock:
    """Wall time plus an offset the test moves."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def cloud(tmp_path: Path, clock: MovableClock) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=5, seed=11, users=USERS,
                              simulate=False, clock=clock)
    yield instance
    instance.stop()


def sign_in(cloud: EmbeddedCloud, user: str, password: str, source: int = 1) -> httpx.Response:
    """POST /session from 127.0.0.<source>."""
    transport = httpx.HTTPTransport(local_address=f"127.0.0.{source}")
    with httpx.Client(transport=transport, timeout=10) as client:
        return client.post(f"{cloud.url}{API_PREFIX}/session",
                           json={"username": user, "password": password})


def assert_throttled(r: httpx.Response) -> int:
    assert r.status_code == 429, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"] == "too_many_attempts"
    wait = int(r.headers["retry-after"])
    assert f"try again in {wait} seconds" in r.json()["message"] or wait >= 120
    assert "UTC" in r.json()["message"]
    return wait


def test_five_failures_for_one_username_from_anywhere_lock_that_username_out(
        cloud: EmbeddedCloud) -> None:
    for source in range(2, 7):
        assert sign_in(cloud, "ana", "wrong", source).status_code == 401
    # The right password from a sixth address: still refused, without being checked.
    assert assert_throttled(sign_in(cloud, "ana", "pw1", 7)) == 60
    # Someone else, from an address with no failures, is not affected.
    assert sign_in(cloud, "ben", "pw2", 8).status_code == 201


def test_five_failures_from_one_address_lock_that_address_out(cloud: EmbeddedCloud) -> None:
    for name in ["ana", "ben", "nobody", "root", "admin"]:
        assert sign_in(cloud, name, "guess", 9).status_code == 401
    assert_throttled(sign_in(cloud, "carla", "pw3", 9))
    # An unknown username is throttled the same way: the 429 tells no one who exists.
    assert_throttled(sign_in(cloud, "zed", "pw", 9))
    assert sign_in(cloud, "carla", "pw3", 10).status_code == 201


def test_the_lockout_grows_with_each_further_failure_up_to_15_minutes(
        cloud: EmbeddedCloud, clock: MovableClock) -> None:
    for source in range(2, 7):
        assert sign_in(cloud, "ana", "wrong", source).status_code == 401
    waits = []
    for attempt in range(7):
        wait = assert_throttled(sign_in(cloud, "ana", "wrong", 20 + attempt))
        waits.append(wait)
        clock.offset += wait  # the lockout is over: one more guess is heard, and fails
        assert sign_in(cloud, "ana", "wrong", 30 + attempt).status_code == 401
    assert waits == [60, 120, 240, 480, 900, 900, 900]
    # Once a lockout is over, the right password works.
    clock.offset += assert_throttled(sign_in(cloud, "ana", "pw1", 40))
    assert sign_in(cloud, "ana", "pw1", 41).status_code == 201


def test_failures_older_than_five_minutes_do_not_count(cloud: EmbeddedCloud,
                                                       clock: MovableClock) -> None:
    for source in range(2, 6):
        assert sign_in(cloud, "ana", "wrong", source).status_code == 401
    clock.offset += 301
    for source in range(6, 10):
        assert sign_in(cloud, "ana", "wrong", source).status_code == 401
    assert sign_in(cloud, "ana", "pw1", 10).status_code == 201


def test_a_success_forgets_the_usernames_failures(cloud: EmbeddedCloud) -> None:
    for source in range(2, 6):
        assert sign_in(cloud, "ana", "wrong", source).status_code == 401
    assert sign_in(cloud, "ana", "pw1", 6).status_code == 201
    for source in range(7, 11):
        assert sign_in(cloud, "ana", "wrong", source).status_code == 401
    assert sign_in(cloud, "ana", "pw1", 11).status_code == 201


def test_the_thresholds_are_the_clouds_to_choose(tmp_path: Path) -> None:
    policy = SignInPolicy(max_failures=2, window_s=60, first_lockout_s=5, max_lockout_s=10)
    cloud = start_embedded(tmp_path / "cloud", locks=5, seed=11, users=USERS, simulate=False,
                           sign_in=policy)
    try:
        for source in (2, 3):
            assert sign_in(cloud, "ana", "wrong", source).status_code == 401
        r = sign_in(cloud, "ana", "pw1", 4)
        assert r.status_code == 429
        assert r.headers["retry-after"] == "5"
    finally:
        cloud.stop()
