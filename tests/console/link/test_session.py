"""A dispatcher's session end to end against a real cloudsim: sign-in, journal, restart, secrets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.store import FleetStore
from console.link.credentials import CredentialStore
from console.link.session import ConsoleSession
from console.settings import Paths, Settings
from tests.asyncqt import run, wait_signal, wait_until
from tests.console.link.test_credentials import MemoryKeyring


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=20, seed=3,
                              users=[("ana", "s3cret-pw1", None)], incident_rate=0.0,
                              fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


def new_session(paths: Paths, keyring: MemoryKeyring) -> ConsoleSession:
    return ConsoleSession(Settings(paths), CredentialStore(keyring, timeout_s=2.0), FleetStore())


def files_containing(root: Path, needle: str) -> list[str]:
    data = needle.encode()
    return [str(p) for p in root.rglob("*") if p.is_file() and data in p.read_bytes()]


def test_restart_resumes_from_the_journal_and_no_secret_reaches_a_file(
        cloud: EmbeddedCloud, tmp_path: Path, aloop: asyncio.AbstractEventLoop) -> None:
    paths = Paths(tmp_path / "data", tmp_path / "config")
    keyring = MemoryKeyring()
    first = new_session(paths, keyring)
    token_box: list[str] = []

    async def run_first() -> int:
        assert await first.sign_in(cloud.url, "ana", "s3cret-pw1", remember=True)
        client = first.client
        assert client is not None
        token_box.append(client.token or "")
        await wait_until(lambda: client.status.live and (first.store.seq or 0) > 20)
        assert first.journal is not None
        first.journal.flush()
        seq = first.store.seq or 0
        await first.shutdown()
        return seq

    stopped_at = run(aloop, run_first())

    # A new console process: same directories, same keyring.
    second = new_session(paths, keyring)
    snapshots: list[int] = []
    restored_at: list[int | None] = []
    second.store.reset.connect(lambda: restored_at.append(second.store.seq))

    async def run_second() -> None:
        await second.resume_or_ask(cloud.url)
        client = second.client
        assert client is not None
        client.snapshotLoaded.connect(lambda s: snapshots.append(s.seq))
        token_box.append(client.token or "")
        await wait_until(lambda: client.status.live and (second.store.seq or 0) > stopped_at + 5)
        await second.shutdown()

    run(aloop, run_second())
    # History was on screen at once, from the journal, and the stream went on from there.
    assert restored_at[0] == stopped_at
    assert snapshots == []
    # Secrets: in the keyring, never in a file under the data and config directories.
    assert all(len(token) > 20 for token in token_box)
    assert token_box[-1] in keyring.entries.values()
    assert "s3cret-pw1" in keyring.entries.values()
    for root in (paths.data_dir, paths.config_dir):
        for secret in [*token_box, "s3cret-pw1"]:
            assert files_containing(root, secret) == []


def test_wrong_password_is_a_clear_error(cloud: EmbeddedCloud, tmp_path: Path,
                                         aloop: asyncio.AbstractEventLoop) -> None:
    session = new_session(Paths(tmp_path / "d", tmp_path / "c"), MemoryKeyring())

    async def body() -> tuple[object, ...]:
        waiter = asyncio.ensure_future(wait_signal(session.signInFailed))
        ok = await session.sign_in(cloud.url, "ana", "wrong", remember=False)
        assert not ok
        return await waiter

    (message,) = run(aloop, body())
    assert message == "Wrong username or password."
    assert session.client is None


def test_unreachable_server_is_a_clear_error(tmp_path: Path,
                                             aloop: asyncio.AbstractEventLoop) -> None:
    session = new_session(Paths(tmp_path / "d", tmp_path / "c"), MemoryKeyring())
    failures: list[str] = []
    session.signInFailed.connect(failures.append)
    run(aloop, session.sign_in("http://127.0.0.1:9", "ana", "x", remember=False))
    assert failures
    assert failures[0].startswith("Cannot reach http://127.0.0.1:9")


def test_expired_session_goes_back_to_sign_in_with_a_message(
        cloud: EmbeddedCloud, tmp_path: Path, aloop: asyncio.AbstractEventLoop) -> None:
    session = new_session(Paths(tmp_path / "d", tmp_path / "c"), MemoryKeyring())
    asked: list[str] = []
    session.signInNeeded.connect(asked.append)

    async def body() -> None:
        assert await session.sign_in(cloud.url, "ana", "s3cret-pw1", remember=False)
        client = session.client
        assert client is not None
        await wait_until(lambda: client.status.live)
        assert cloud.cloud is not None
        cloud.call(cloud.cloud.service.expire_all_tokens)
        await asyncio.to_thread(cloud.restart)
        await wait_until(lambda: bool(asked), what="sign-in asked again")
        await session.shutdown()

    run(aloop, body())
    assert "expired" in asked[0].lower()
    assert "sign in again" in asked[0].lower()


def test_sign_out_wipes_the_secrets(cloud: EmbeddedCloud, tmp_path: Path,
                                    aloop: asyncio.AbstractEventLoop) -> None:
    keyring = MemoryKeyring()
    session = new_session(Paths(tmp_path / "d", tmp_path / "c"), keyring)

    async def body() -> None:
        assert await session.sign_in(cloud.url, "ana", "s3cret-pw1", remember=True)
        assert keyring.entries
        await session.sign_out()

    run(aloop, body())
    assert not keyring.entries


def test_the_desk_and_the_messenger_share_the_sessions_typed_api(
        cloud: EmbeddedCloud, tmp_path: Path, aloop: asyncio.AbstractEventLoop) -> None:
    session = new_session(Paths(tmp_path / "d", tmp_path / "c"), MemoryKeyring())

    async def body() -> None:
        assert await session.sign_in(cloud.url, "ana", "s3cret-pw1", remember=False)
        desk, messenger, api = session.desk, session.messenger, session.api
        assert desk is not None
        assert messenger is not None
        assert api is not None
        assert desk.api is api
        assert messenger.api is api
        await wait_until(lambda: session.store.state is not None, what="the snapshot")
        assert session.store.state is not None
        driver = next(iter(session.store.state.drivers))
        await messenger.load(driver)  # through the session's api, over the real socket
        assert messenger.is_loaded(driver)
        await session.sign_out()
        assert session.api is None

    run(aloop, body())


def test_a_failing_session_task_is_said_as_a_notice_and_shutdown_cancels_the_rest(
        tmp_path: Path, aloop: asyncio.AbstractEventLoop) -> None:
    session = new_session(Paths(tmp_path / "d", tmp_path / "c"), MemoryKeyring())
    notices: list[str] = []
    session.notice.connect(notices.append)

    async def broken() -> None:
        raise ValueError("a bug")

    async def body() -> asyncio.Task[Any]:
        forever = session.spawn(asyncio.Event().wait())
        await asyncio.gather(session.spawn(broken()), return_exceptions=True)
        await wait_until(lambda: bool(notices), what="the notice")
        await session.shutdown()
        await asyncio.gather(forever, return_exceptions=True)
        return forever

    forever = run(aloop, body())
    assert notices == ["Internal error: a bug"]
    assert forever.cancelled()
