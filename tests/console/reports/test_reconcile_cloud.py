"""The weekly reconciliation fetched from a real cloudsim over a staged week
(tests/console/reports/staged_week.py): every exception kind is there, with the staged seal
numbers, and the chain verifies until a logged row is edited in the cloud's database."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from cloudsim.server import EmbeddedCloud
from console.link.api import CloudApi
from console.link.client import CloudClient
from console.reports.reconcile import WeekReport, fetch_week
from opticallock.custody import ExceptionKind, GapKind
from opticallock.protocol import SealAction
from tests.asyncqt import run
from tests.console.reports.staged_week import (
    PASSWORD,
    USER,
    WEEK,
    WRONG_READ_BACK,
    Staged,
    stage_week,
    start_week_cloud,
    tamper_log_row,
)


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_week_cloud(tmp_path / "cloud")
    yield instance
    instance.stop()


def fetch(cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> WeekReport:
    async def body() -> WeekReport:
        client = CloudClient(cloud.url, parent=owner)
        session = await client.sign_in(USER, PASSWORD)
        try:
            return await fetch_week(CloudApi(client.request), WEEK, "UTC",
                                    carrier=session.user.carrier.name, generated_by=USER)
        finally:
            await client.close()

    return run(aloop, body(), timeout=120)


def test_a_staged_week_has_every_exception_and_a_chain_that_verifies_until_edited(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    staged: Staged = stage_week(cloud)
    report = fetch(cloud, owner, aloop)
    rec = report.reconciliation
    assert report.complete, report.missing
    assert rec.chain.ok
    assert report.log_range.first_seq is not None
    assert rec.chain.checked == rec.chain.expected > 0
    # What the simulator did in the week is in the ledger: seals issued, applied, removed.
    assert rec.count(SealAction.ISSUED)
    assert rec.count(SealAction.APPLIED)
    assert rec.count(SealAction.REMOVED)
    assert rec.trips

    by_kind = {kind: rec.exceptions_of(kind) for kind in ExceptionKind}
    [mismatch] = by_kind[ExceptionKind.SEAL_MISMATCH]
    assert (mismatch.seal_number, mismatch.read_back, mismatch.trailer_id) == (
        staged.mismatch_seal, WRONG_READ_BACK, staged.mismatch_trailer)
    assert staged.mismatch_seal in {x.seal_number for x in
                                    by_kind[ExceptionKind.APPLIED_NOT_REMOVED]}
    assert staged.unlocked_trailer in {x.trailer_id for x in
                                       by_kind[ExceptionKind.UNAUTHORISED_UNLOCK]}
    assert staged.unlocked_trailer in {x.trailer_id for x in
                                       by_kind[ExceptionKind.UNAUTHORISED_REMOVAL]}
    assert (staged.gap_seal, GapKind.APPLIED_WITHOUT_ISSUE) in {
        (x.seal_number, x.gap) for x in by_kind[ExceptionKind.CUSTODY_GAP]}
    assert "seal_mismatch" in {a.alarm.type.value for a in rec.alarms if a.open}
    assert by_kind[ExceptionKind.ALARM_OPEN]
    assert by_kind[ExceptionKind.CHAIN_BROKEN] == []
    # The open alarm's plan is listed with every step skipped (none was ticked).
    open_mismatch = next(a for a in rec.alarms if a.alarm.type.value == "seal_mismatch")
    assert open_mismatch.audited
    assert open_mismatch.steps_skipped
    assert open_mismatch.steps_done == []

    tamper_log_row(cloud, staged)
    broken = fetch(cloud, owner, aloop).reconciliation
    assert not broken.chain.ok
    [chain] = broken.exceptions_of(ExceptionKind.CHAIN_BROKEN)
    assert chain.first_bad_seq == staged.gap_seq
    assert {x.kind for x in broken.exceptions} == set(ExceptionKind)
