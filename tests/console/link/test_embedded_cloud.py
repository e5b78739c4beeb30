"""The embedded cloud as a child process, against a real ``python -m cloudsim``."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from console.link.embedded_cloud import CloudOptions, EmbeddedCloudError, EmbeddedCloudProcess
from tests.e2e.console_process import gone

pytestmark = pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs Linux pidfds")

PASSWORD = "s3cret-demo@pw"  # holds '@': it must not be taken for NAME:PASSWORD@CARRIER


@pytest.fixture
def clouds() -> Iterator[list[EmbeddedCloudProcess]]:
    """Started clouds; any left running by a failed test is stopped."""
    started: list[EmbeddedCloudProcess] = []
    yield started
    for cloud in started:
        cloud.kill()


def small(tmp_path: Path) -> CloudOptions:
    return CloudOptions(tmp_path / "cloud", locks=20)


def test_start_serve_stop(aloop: asyncio.AbstractEventLoop, tmp_path: Path,
                          clouds: list[EmbeddedCloudProcess]) -> None:
    cloud = EmbeddedCloudProcess(small(tmp_path))
    clouds.append(cloud)

    async def scenario() -> tuple[int, int, int, int | None]:
        url = await cloud.start("demo", PASSWORD, timeout=60)
        assert cloud.pid is not None
        assert url == f"http://127.0.0.1:{cloud.port}"
        async with httpx.AsyncClient(base_url=url) as http:
            health = await http.get("/health")
            signed = await http.post("/api/v1/session",
                                     json={"username": "demo", "password": PASSWORD})
        code = await cloud.stop(timeout=10)
        return health.status_code, signed.status_code, cloud.pid, code

    health, signed, pid, code = aloop.run_until_complete(scenario())
    assert health == 200
    assert signed == 201  # the account came over stdin, '@' and all
    assert code == 0  # SIGTERM is a graceful stop
    assert gone(pid)
    assert not cloud.running


def test_launched_before_any_event_loop_it_is_heard_once_one_is_attached(
        aloop: asyncio.AbstractEventLoop, tmp_path: Path,
        clouds: list[EmbeddedCloudProcess]) -> None:
    # main.py launches the cloud before Qt is imported, so it may be listening before the
    # console's loop exists: what it said meanwhile must reach the loop once attached.
    cloud = EmbeddedCloudProcess(small(tmp_path))
    clouds.append(cloud)
    cloud.launch("demo", PASSWORD)
    assert cloud.pid is not None

    async def scenario() -> tuple[str, int | None]:
        url = await cloud.start("demo", PASSWORD, timeout=60)
        return url, await cloud.stop(timeout=10)

    url, code = aloop.run_until_complete(scenario())
    assert url == f"http://127.0.0.1:{cloud.port}"
    assert code == 0


def test_the_password_is_never_on_the_command_line(aloop: asyncio.AbstractEventLoop,
                                                   tmp_path: Path,
                                                   clouds: list[EmbeddedCloudProcess]) -> None:
    cloud = EmbeddedCloudProcess(small(tmp_path))
    clouds.append(cloud)
    aloop.run_until_complete(cloud.start("demo", PASSWORD, timeout=60))
    cmdline = Path(f"/proc/{cloud.pid}/cmdline").read_bytes()
    aloop.run_until_complete(cloud.stop())
    assert b"--user-stdin" in cmdline
    assert PASSWORD.encode() not in cmdline
    assert PASSWORD not in " ".join(cloud.command)


def test_closing_stdin_stops_the_child(tmp_path: Path) -> None:
    # What happens when the console dies: the kernel closes the console's end of the pipe.
    data = tmp_path / "cloud"
    child = subprocess.Popen(
        [sys.executable, "-m", "cloudsim", "--port", "0", "--locks", "20", "--data", str(data),
         "--user-stdin", "--exit-with-stdin"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert child.stdin is not None
        assert child.stdout is not None
        child.stdin.write("demo:pw\n")
        child.stdin.flush()
        assert child.stdout.readline().startswith("cloudsim listening on http://127.0.0.1:")
        child.stdin.close()
        assert child.wait(timeout=10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_an_unexpected_exit_is_reported(aloop: asyncio.AbstractEventLoop, tmp_path: Path,
                                        clouds: list[EmbeddedCloudProcess]) -> None:
    codes: list[int] = []
    cloud = EmbeddedCloudProcess(small(tmp_path), on_unexpected_exit=codes.append)
    clouds.append(cloud)

    async def scenario() -> int:
        await cloud.start("demo", PASSWORD, timeout=60)
        assert cloud.pid is not None
        os.kill(cloud.pid, signal.SIGKILL)  # a crash, as far as the console can tell
        return await asyncio.wait_for(cloud.wait(), 10)

    assert aloop.run_until_complete(scenario()) == -signal.SIGKILL
    assert codes == [-signal.SIGKILL]
    assert cloud.returncode == -signal.SIGKILL


def test_a_child_that_cannot_start_says_why(aloop: asyncio.AbstractEventLoop, tmp_path: Path,
                                            clouds: list[EmbeddedCloudProcess]) -> None:
    codes: list[int] = []
    cloud = EmbeddedCloudProcess(CloudOptions(tmp_path / "cloud", locks=0),
                                 on_unexpected_exit=codes.append)
    clouds.append(cloud)
    with pytest.raises(EmbeddedCloudError, match="exited with code 2") as failure:
        aloop.run_until_complete(cloud.start("demo", PASSWORD, timeout=60))
    assert "--locks must be between" in str(failure.value)  # its stderr, quoted
    assert codes == []  # a failed start is start()'s to report, not an unexpected exit


def test_the_module_never_imports_qt() -> None:
    # The launcher is plain asyncio and subprocess: a benchmark or a headless tool can use it.
    probe = ("import sys, console.link.embedded_cloud; "
             "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'qasync'))))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[3])
    assert out.stdout.strip() == "[]"


def test_main_passes_who_decides_unlock_requests_to_the_cloud(tmp_path: Path) -> None:
    import main as console_main

    assert "--unlock-approvals" not in CloudOptions(tmp_path).arguments()  # the default
    args = console_main.parse_args(["--unlock-approvals", "auto"])
    assert args.unlock_approvals == "auto"
    options = CloudOptions(tmp_path, unlock_approvals=args.unlock_approvals)
    assert options.arguments()[-2:] == ["--unlock-approvals", "auto"]
