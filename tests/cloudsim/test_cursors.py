"""Forged paging parameters over real HTTP: a cursor this server did not issue is
``400 invalid_cursor``, a bad number in a typed parameter is ``422 invalid_request`` (or the
documented 400/410), and never a 5xx."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cloudsim.server import EmbeddedCloud, start_embedded
from opticallock.protocol import API_PREFIX
from tests.cloudsim.conftest import USERS, login


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


#: What a client could send as ``cursor``: JSON inside valid base64 that no server issued...
FORGED_JSON = [
    "[0, 1e30]", "[0, 99999999999999999999999]", "[1e30, 1]", "[1e400, 1]",
    "[NaN, 1]", "[0, NaN]", "[Infinity, 1]", "[0, Infinity]", "[-Infinity, 1]", "[0, -Infinity]",
    "[-5, 1]", "[0, -7]", "[-1e30, -1e30]",
    "[0, 1.5]", "[true, 1]", "[0, false]", "[null, 1]", "[0, null]", "[[1], [2]]",
    '[{"a": 1}, 2]', '["x", "y"]', "[0]", "[0, 1, 2]", "[]", '{"a": 1}', '"abc"', "7", "null",
    "[0, " * 40 + "]" * 40, "not json", "\u00ff\u00fe",
]
#: ... and strings that are not even base64 of JSON.
FORGED_RAW = ["@@@", "====", "a", "é", "W10", "%00", "\x00", "x" * 10_000, b64("[0, 1]") + "!"]
#: Cursors whose parts have the right types but impossible values for the alarm list.
FORGED_ALARM_JSON = ['[0, "no spaces allowed"]', '[0, ""]', '[0, "' + "A" * 65 + '"]', "[0, 1]"]


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedCloud]:
    path: Path = tmp_path_factory.mktemp("cursors") / "cloud"
    instance = start_embedded(path, locks=10, seed=11, users=USERS, incident_rate=0.0,
                              warmup_hours=0.2)
    yield instance
    instance.stop()


@pytest.fixture(scope="module")
def api(cloud: EmbeddedCloud) -> Iterator[httpx.Client]:
    token = login(cloud, "ana", "pw1")
    with httpx.Client(base_url=f"{cloud.url}{API_PREFIX}",
                      headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        yield client


@pytest.fixture(scope="module")
def lock_id(api: httpx.Client) -> str:
    return str(api.get("/fleet").json()["locks"][0]["id"])


def paged_endpoints(lock_id: str) -> list[tuple[str, dict[str, object]]]:
    history = {"start": 0, "end": 86400}
    return [(f"/locks/{lock_id}/positions", history), (f"/locks/{lock_id}/fiber", history),
            (f"/locks/{lock_id}/events", history), ("/alarms", {})]


def assert_refused(r: httpx.Response, status: int, error: str, what: str) -> None:
    assert r.status_code == status, f"{what}: {r.status_code} {r.text[:200]}"
    assert r.headers["content-type"].startswith("application/json"), what
    body = r.json()
    assert body["error"] == error, what
    assert body["message"], what


@pytest.mark.parametrize("forged", FORGED_JSON)
def test_a_forged_cursor_is_400_invalid_cursor_on_every_paged_endpoint(
        api: httpx.Client, lock_id: str, forged: str) -> None:
    for path, params in paged_endpoints(lock_id):
        r = api.get(path, params={**params, "cursor": b64(forged)})
        assert_refused(r, 400, "invalid_cursor", f"{path} cursor={forged[:40]}")
        assert "cursor" in r.json()["message"]


@pytest.mark.parametrize("forged", FORGED_RAW)
def test_a_cursor_that_is_not_base64_json_is_400(api: httpx.Client, lock_id: str,
                                                 forged: str) -> None:
    for path, params in paged_endpoints(lock_id):
        r = api.get(path, params={**params, "cursor": forged})
        assert_refused(r, 400, "invalid_cursor", f"{path} cursor={forged[:40]!r}")


@pytest.mark.parametrize("forged", FORGED_ALARM_JSON)
def test_an_alarm_cursor_with_a_bad_id_is_400(api: httpx.Client, forged: str) -> None:
    assert_refused(api.get("/alarms", params={"cursor": b64(forged)}), 400, "invalid_cursor",
                   forged)


def test_issued_cursors_still_page(api: httpx.Client, lock_id: str) -> None:
    now = api.get("/fleet").json()["server_time"]
    params = {"start": now - 86400, "end": now + 3600, "limit": 2}
    for kind in ("positions", "fiber"):
        first = api.get(f"/locks/{lock_id}/{kind}", params=params).json()
        assert first["next_cursor"] is not None, kind  # the warm-up left more than two
        nxt = api.get(f"/locks/{lock_id}/{kind}",
                      params={**params, "cursor": first["next_cursor"]})
        assert nxt.status_code == 200, nxt.text
        assert nxt.json()["items"][0]["ts"] > first["items"][-1]["ts"]


@pytest.mark.parametrize(
    ("path", "params", "status", "error"),
    [
        ("/events", {"after": "NaN"}, 422, "invalid_request"),
        ("/events", {"after": "Infinity"}, 422, "invalid_request"),
        ("/events", {"after": "1e30"}, 422, "invalid_request"),
        ("/events", {"after": -1}, 422, "invalid_request"),
        ("/events", {"after": "[1]"}, 422, "invalid_request"),
        ("/events", {"after": 10**30}, 410, "resync_required"),
        ("/events", {"limit": 10**30}, 422, "invalid_request"),
        ("/events", {"limit": "NaN"}, 422, "invalid_request"),
        ("/events", {"limit": -1}, 422, "invalid_request"),
        ("/log/verify", {"from_seq": "NaN", "to_seq": 2}, 422, "invalid_request"),
        ("/log/verify", {"from_seq": 1, "to_seq": 10**30}, 400, "invalid_range"),
        ("/log/verify", {"from_seq": 10**30, "to_seq": 10**30 + 1}, 400, "invalid_range"),
        ("/log/verify", {"from_seq": -1, "to_seq": 2}, 422, "invalid_request"),
        ("/alarms", {"limit": 10**30}, 422, "invalid_request"),
        ("/alarms", {"limit": "Infinity"}, 422, "invalid_request"),
        ("/locks/{lock}/positions", {"start": "NaN", "end": 5}, 422, "invalid_request"),
        ("/locks/{lock}/positions", {"start": 0, "end": "Infinity"}, 422, "invalid_request"),
        ("/locks/{lock}/fiber", {"start": "-Infinity", "end": 5}, 422, "invalid_request"),
        ("/locks/{lock}/events", {"start": 1e300, "end": 1e301}, 422, "invalid_request"),
        ("/locks/{lock}/events", {"start": -5, "end": 5}, 422, "invalid_request"),
        ("/locks/{lock}/events", {"start": 0, "end": 5, "limit": 10**30}, 422,
         "invalid_request"),
    ],
)
def test_bad_numbers_in_paging_parameters_are_4xx(api: httpx.Client, lock_id: str, path: str,
                                                  params: dict[str, object], status: int,
                                                  error: str) -> None:
    r = api.get(path.format(lock=lock_id), params=params)
    assert_refused(r, status, error, f"{path} {params}")
    if status == 422:
        assert r.json()["detail"][0]["where"].startswith("query.")
    # ...and the server is still fine afterwards, on the same connection.
    assert api.get("/fleet").status_code == 200
