"""``python -m console.reports`` as a process against a real cloudsim: the password comes from
the environment or the keyring and never from argv; each failure has its own exit status and a
clear message on stderr; the weekly reconciliation of a staged week writes a PDF and a CSV whose
text carries the seal numbers and every exception, and a tampered log row exits 5."""

from __future__ import annotations

import csv
import socket
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudsim.server import EmbeddedCloud, start_embedded
from console.reports.__main__ import (
    EXIT_CHAIN,
    EXIT_INCOMPLETE,
    EXIT_SIGN_IN,
    EXIT_UNREACHABLE,
    EXIT_USAGE,
    PASSWORD_ENV,
)
from opticallock.custody import ExceptionKind
from opticallock.protocol import (
    API_PREFIX,
    EventPage,
    LockState,
    LockStateEvent,
    TripEvent,
)
from tests.console.reports.staged_week import PASSWORD as STAGED_PASSWORD
from tests.console.reports.staged_week import USER as STAGED_USER
from tests.console.reports.staged_week import (
    WEEK,
    WRONG_READ_BACK,
    stage_week,
    start_week_cloud,
    tamper_log_row,
)
from tests.e2e.console_process import ENV, ROOT
from tests.e2e.keyring_with_password import PASSWORD

USER = "ana"
#: A CLI run signs in, fetches and writes; generous for a loaded 2-core machine.
RUN_TIMEOUT_S = 120


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=6, seed=7,
                              users=[(USER, PASSWORD, None)], incident_rate=0.0)
    yield instance
    instance.stop()


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "console.reports", *args], cwd=ROOT,
                          env={**ENV, **(env or {})}, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False)


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_help_names_the_password_variable_and_the_exit_statuses() -> None:
    done = run("reconcile", "--help")
    assert done.returncode == 0
    assert PASSWORD_ENV in done.stdout
    for code in ("3  cannot sign in", "4  cannot reach", "5  the report was written, but the "
                 "hash chain does not verify", "6  the report is incomplete"):
        assert code in done.stdout, code


def test_there_is_no_password_argument(tmp_path: Path) -> None:
    done = run("reconcile", "--server", "http://127.0.0.1:9", "--user", USER, "--week",
               "2026-W47", "--out", str(tmp_path), "--password", "hunter2")
    assert done.returncode == EXIT_USAGE
    assert "unrecognized arguments: --password" in done.stderr


def test_a_malformed_week_is_a_usage_error(tmp_path: Path) -> None:
    done = run("reconcile", "--server", "http://127.0.0.1:9", "--user", USER, "--week",
               "2026-W54", "--out", str(tmp_path))
    assert done.returncode == EXIT_USAGE
    assert "2026-W54" in done.stderr


def test_without_a_password_anywhere_it_cannot_sign_in(cloud: EmbeddedCloud,
                                                       tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run("reconcile", "--server", cloud.url, "--user", USER, "--week", "2026-W47",
               "--out", str(out))  # the null keyring, no variable
    assert done.returncode == EXIT_SIGN_IN, done.stderr
    assert f"No password for {USER}" in done.stderr
    assert PASSWORD_ENV in done.stderr
    assert not out.exists()


def test_a_wrong_password_cannot_sign_in(cloud: EmbeddedCloud, tmp_path: Path) -> None:
    done = run("reconcile", "--server", cloud.url, "--user", USER, "--week", "2026-W47",
               "--out", str(tmp_path), env={PASSWORD_ENV: "not-the-password"})
    assert done.returncode == EXIT_SIGN_IN, done.stderr
    assert "Cannot sign in as ana" in done.stderr
    assert "not-the-password" not in done.stderr + done.stdout


def test_a_cloud_that_is_not_there_cannot_be_reached(tmp_path: Path) -> None:
    server = f"http://127.0.0.1:{closed_port()}"
    done = run("trip", "--server", server, "--user", USER, "--trailer", "TR-1", "--trip", "T-1",
               "--out", str(tmp_path / "trip.pdf"), env={PASSWORD_ENV: PASSWORD})
    assert done.returncode == EXIT_UNREACHABLE, done.stderr
    assert f"Cannot reach {server}" in done.stderr
    assert PASSWORD not in done.stderr + done.stdout


def test_a_trip_report_of_a_trailer_the_carrier_does_not_have_is_incomplete(
        cloud: EmbeddedCloud, tmp_path: Path) -> None:
    out = tmp_path / "trip.pdf"
    done = run("trip", "--server", cloud.url, "--user", USER, "--trailer", "TR-NOPE",
               "--trip", "T-1", "--out", str(out), env={PASSWORD_ENV: PASSWORD})
    assert done.returncode == EXIT_INCOMPLETE, done.stderr
    assert "No report of trip T-1: No trailer TR-NOPE in this carrier's fleet." in done.stderr
    assert not out.exists()


def logged_events(cloud: EmbeddedCloud, password: str = PASSWORD) -> list[Any]:
    """Every event the cloud has logged (the test's own reading, over REST)."""
    with httpx.Client(base_url=f"{cloud.url}{API_PREFIX}", timeout=30) as http:
        token = http.post("/session", json={"username": USER, "password": password}
                          ).json()["token"]
        http.headers["Authorization"] = f"Bearer {token}"
        events: list[Any] = []
        after = 0
        while True:
            page = EventPage.model_validate_json(
                http.get("/events", params={"after": after, "limit": 2000}).content)
            events += page.events
            if page.next_after is None:
                return events
            after = page.next_after


@pytest.fixture
def lived(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    """A cloud that has lived 12 hours of its fleet's past: trips planned, sealed, delivered
    (unlocked under authorisations its simulated carrier desk approves)."""
    instance = start_embedded(tmp_path / "lived", locks=16, seed=5,
                              users=[(USER, PASSWORD, None)], incident_rate=0.0,
                              warmup_hours=12.0, unlock_approvals="auto")
    yield instance
    instance.stop()


def test_a_trip_report_from_the_keyring_password_exits_0_with_the_verified_pdf(
        lived: EmbeddedCloud, tmp_path: Path) -> None:
    events = logged_events(lived)
    planned = {e.trip.id for e in events if isinstance(e, TripEvent) and e.phase == "planned"}
    arrival = next(
        e for e in events
        if isinstance(e, TripEvent) and e.phase == "arrived" and e.trip.id in planned
        and any(isinstance(u, LockStateEvent) and u.trailer_id == e.trip.trailer_id
                and u.state is LockState.UNLOCKED and u.seq > e.seq for u in events))
    out = tmp_path / "trip.pdf"
    done = run("trip", "--server", lived.url + "/", "--user", USER, "--trailer",
               arrival.trip.trailer_id, "--trip", arrival.trip.id, "--out", str(out),
               env={"PYTHON_KEYRING_BACKEND":
                    "tests.e2e.keyring_with_password.KnownPasswordKeyring"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out)
    text = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert arrival.trip.destination_name in text
    assert "VERIFIED" in text


def pdf_words(path: Path) -> str:
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def test_the_reconciliation_of_a_staged_week_carries_every_exception_and_exits_by_its_chain(
        tmp_path: Path) -> None:
    week_cloud = start_week_cloud(tmp_path / "week")
    try:
        staged = stage_week(week_cloud)
        out = tmp_path / "out"
        args = ("reconcile", "--server", week_cloud.url, "--user", STAGED_USER, "--week", WEEK,
                "--tz", "UTC", "--out", str(out), "--verbose")
        env = {PASSWORD_ENV: STAGED_PASSWORD}
        done = run(*args, env=env)
        assert done.returncode == 0, done.stderr
        pdf, table = (Path(line) for line in done.stdout.split())
        assert (pdf.name, table.name) == (f"reconciliation-{staged.carrier_id}-{WEEK}.pdf",
                                          f"reconciliation-{staged.carrier_id}-{WEEK}.csv")
        text = pdf_words(pdf)
        # pdftotext drops a hyphen where a table cell broke the line: compare without them.
        assert WRONG_READ_BACK.replace("-", "") in text.replace("-", "").replace(" ", "")
        for expected in (staged.mismatch_seal, staged.gap_seal,
                         staged.unlocked_trailer, "VERIFIED", "Applied, not removed",
                         "Removed without authorisation", "Unlocked without authorisation",
                         "Seal number mismatch", "Gap in custody", "Alarm still open"):
            assert expected in text, expected
        assert "Hash chain does not verify" not in text
        rows = list(csv.DictReader(table.read_text(encoding="utf-8-sig").splitlines()))
        assert {r["seal_number"] for r in rows if r["record"] == "ledger"} >= {
            staged.mismatch_seal, staged.gap_seal}
        assert {r["exception"] for r in rows if r["record"] == "exception"} == {
            k.value for k in ExceptionKind} - {"chain_broken"}

        tamper_log_row(week_cloud, staged)
        broken = run(*args, "--lang", "es", env=env)
        assert broken.returncode == EXIT_CHAIN, broken.stderr
        assert f"The hash chain of {WEEK} does not verify (first bad entry: " \
               f"{staged.gap_seq})" in broken.stderr
        pdf_es = out / f"reconciliation-{staged.carrier_id}-{WEEK}-es.pdf"
        text_es = pdf_words(pdf_es)
        assert "NO VERIFICA" in text_es
        assert "La cadena de hashes no verifica" in text_es
        assert staged.gap_seal in text_es
        # The password is in no argument, no output and no file.
        secret = STAGED_PASSWORD.encode()
        for result in (done, broken):
            assert STAGED_PASSWORD not in result.stdout + result.stderr
            assert all(STAGED_PASSWORD not in arg for arg in result.args)
        for path in out.iterdir():
            assert secret not in path.read_bytes(), path
    finally:
        week_cloud.stop()
