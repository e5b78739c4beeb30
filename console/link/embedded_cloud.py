"""The embedded reference cloud as a child process of the console: plain asyncio and subprocess.

Without ``--server`` the console runs ``python -m cloudsim`` (same interpreter) on 127.0.0.1 on a
free port, so the simulator's CPU is not the console's. Its lifetime is tied to the console's:

- The demo account goes over stdin (``--user-stdin``): never on a command line (``ps``), in a
  file or in a log.
- stdin then stays open, held by this process only (``--exit-with-stdin``): when the console
  ends, even by SIGKILL, the kernel closes the pipe and the cloud stops itself. On Linux the
  child also asks for SIGTERM when its parent dies (``PR_SET_PDEATHSIG``).
- :meth:`EmbeddedCloudProcess.stop` closes stdin and sends SIGTERM, then SIGKILL after a grace
  period; the child has its own session, so Ctrl-C in the terminal reaches only the console,
  which then stops the cloud in order.

The child's stdout and stderr lines are logged at INFO under the ``cloudsim`` logger, so its
start-up notes and a crash's traceback end up in the console's log. Reading them, and waiting
for the exit, happens on daemon threads that hand results to the event loop: this works on any
asyncio loop (qasync included) without a child watcher.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)
#: The child's own output is logged under this name (what it prints, what it logs).
child_log = logging.getLogger("cloudsim")

#: The line ``python -m cloudsim`` prints on stdout once it accepts connections.
READY_LINE = re.compile(r"^cloudsim listening on (?P<url>https?://\S+:(?P<port>\d+))(?:\s|$)")
#: Where the ``cloudsim`` package lives (this checkout), for a child started from elsewhere.
SOURCE_ROOT = Path(__file__).resolve().parents[2]
#: How many of the child's last stderr lines an error about it quotes.
STDERR_TAIL = 20


class EmbeddedCloudError(RuntimeError):
    """The embedded cloud did not start (it exited first, or was not listening in time)."""


@dataclass(frozen=True)
class CloudOptions:
    """What shapes the child cloud; each maps onto one ``python -m cloudsim`` option."""

    data_dir: Path
    locks: int = 200
    seed: int = 7
    accel: float = 1.0
    #: A new cloud first lives this many hours of its fleet's past (``--warmup-hours``).
    warmup_hours: float = 0.0
    fix_interval_s: float = 2.0
    #: Incidents per trailer per hour.
    incident_rate: float = 0.3
    #: Incidents staged once the first dispatcher stream connects (``--incident``).
    incidents: tuple[str, ...] = ()
    #: How many carriers share the fleet (``--carriers``; the demo dispatcher sees the first).
    carriers: int = 2
    #: Who decides the drivers' unlock requests (``--unlock-approvals``): "dispatcher" (a
    #: console) or "auto" (the simulator's carrier desk).
    unlock_approvals: str = "dispatcher"
    #: The child logs at INFO instead of WARNING.
    verbose: bool = False

    def arguments(self) -> list[str]:
        args = ["--host", "127.0.0.1", "--port", "0", "--data", str(self.data_dir),
                "--locks", str(self.locks), "--seed", str(self.seed),
                "--accel", repr(self.accel), "--warmup-hours", repr(max(0.0, self.warmup_hours)),
                "--fix-interval", repr(self.fix_interval_s),
                "--incident-rate", repr(self.incident_rate), "--carriers", str(self.carriers)]
        if self.unlock_approvals != "dispatcher":
            args += ["--unlock-approvals", self.unlock_approvals]
        for kind in self.incidents:
            args += ["--incident", kind]
        if self.verbose:
            args.append("--verbose")
        return args


class EmbeddedCloudProcess:
    """One ``python -m cloudsim`` child: start it, learn its URL, stop it, notice its death.

    ``on_unexpected_exit(returncode)`` is called on the event loop if the child ends without
    :meth:`stop` having been asked (a crash, or someone killed it).
    """

    def __init__(self, options: CloudOptions, *, python: str = sys.executable,
                 on_unexpected_exit: Callable[[int], None] | None = None) -> None:
        self.options = options
        self.python = python
        self.on_unexpected_exit = on_unexpected_exit
        self.url = ""
        self.port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready: asyncio.Future[str] | None = None
        #: When the child said it was listening (epoch seconds; for the benchmark's timeline).
        self.ready_at: float | None = None
        self._exited: asyncio.Future[int] | None = None
        self._attach_lock = threading.Lock()
        self._early_calls: list[tuple[Callable[..., None], tuple[Any, ...]]] = []
        self._stopping = False
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL)

    # ------------------------------------------------------------------ state

    @property
    def command(self) -> list[str]:
        return [self.python, "-m", "cloudsim", *self.options.arguments(),
                "--user-stdin", "--exit-with-stdin"]

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def returncode(self) -> int | None:
        """The exit code once the child has ended (negative: killed by that signal)."""
        return self._proc.returncode if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.returncode is None

    # ------------------------------------------------------------------ life cycle

    def launch(self, username: str, password: str,
               loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Start the child now with this account, without waiting for it: it builds its fleet
        while the console imports Qt and builds its window. The event loop that will hear from
        it may come later (:meth:`attach`, or :meth:`start`, which then waits until it
        listens)."""
        if self._proc is not None:
            raise RuntimeError("the embedded cloud was already started")
        if ":" in username or "\n" in username or "\n" in password or not username:
            raise ValueError("the account name must be non-empty, without ':' or a newline, "
                             "and the password without a newline")
        if loop is not None:
            self.attach(loop)
        env = {**os.environ, "PYTHONUNBUFFERED": "1",
               "PYTHONPATH": os.pathsep.join(
                   p for p in (str(SOURCE_ROOT), os.environ.get("PYTHONPATH", "")) if p)}
        # Started from the loop's thread (the console's main thread), never a worker thread:
        # Linux's parent-death signal fires when the thread that started the child ends. The
        # fork and exec take a few milliseconds.
        self._proc = proc = subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env, start_new_session=os.name == "posix")
        assert proc.stdin is not None
        assert proc.stdout is not None
        assert proc.stderr is not None
        stderr_pump = self._thread(self._pump_stderr, proc.stderr, "stderr")
        self._thread(self._pump_stdout, proc.stdout, "stdout")
        self._thread(self._wait_for_exit, stderr_pump, "wait")
        try:
            # A trailing '@' ends the password (an empty carrier: the first one), so a password
            # holding '@' is not mistaken for NAME:PASSWORD@CARRIER.
            proc.stdin.write(f"{username}:{password}@\n".encode())
            proc.stdin.flush()
        except OSError:
            pass  # it died already: the exit is reported when its end is noticed

    async def start(self, username: str, password: str, timeout: float = 120.0) -> str:
        """Start the child with this account (unless :meth:`launch` did) and return its URL
        once it is listening.

        ``timeout`` covers building the fleet and simulating its past (``warmup_hours``),
        which takes a while for a large fleet. Raises :class:`EmbeddedCloudError` if the child
        ends first or is not listening in time (it is stopped then); if the caller is
        cancelled meanwhile, the child is told to stop as well.
        """
        if self._proc is None:
            self.launch(username, password)
        if self._loop is None:
            self.attach(asyncio.get_running_loop())
        proc = self._proc
        assert proc is not None
        assert self._ready is not None
        try:
            url = await asyncio.wait_for(asyncio.shield(self._ready), timeout)
        except TimeoutError:
            self._signal_stop()
            raise EmbeddedCloudError(
                f"the embedded cloud was not listening after {timeout:.0f} s") from None
        except BaseException:  # cancelled (the console is closing) or it ended first
            self._signal_stop()
            raise
        log.info("embedded cloud pid %d listening on %s", proc.pid, url)
        return url

    async def wait(self) -> int:
        """Wait until the child ends; returns its exit code."""
        if self._proc is not None and self._loop is None:
            self.attach(asyncio.get_running_loop())
        if self._exited is None:
            raise RuntimeError("the embedded cloud was not started")
        return await asyncio.shield(self._exited)

    async def stop(self, timeout: float = 3.0) -> int | None:
        """Ask the child to stop (stdin closed, SIGTERM); after ``timeout`` s, SIGKILL.

        Returns its exit code (None if it was never started).
        """
        if self._proc is not None and self._loop is None:
            self.attach(asyncio.get_running_loop())
        proc, exited = self._proc, self._exited
        if proc is None or exited is None:
            return None
        self._signal_stop()
        try:
            return await asyncio.wait_for(asyncio.shield(exited), timeout)
        except TimeoutError:
            log.warning("the embedded cloud (pid %d) did not stop within %.1f s: killing it",
                        proc.pid, timeout)
        self._kill()
        return await asyncio.shield(exited)

    def kill(self, timeout: float = 3.0) -> None:
        """Stop the child without an event loop (a last resort on the way out): SIGTERM, wait
        up to ``timeout`` s, then SIGKILL."""
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return
        self._signal_stop()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._kill()
            proc.wait()

    # ------------------------------------------------------------------ internals

    def _signal_stop(self) -> None:
        self._stopping = True
        proc = self._proc
        if proc is None or proc.returncode is not None:
            return
        try:
            # Closing stdin alone stops it gracefully on every platform; SIGTERM is quicker
            # while it is still building its fleet (no handler yet: the default action).
            if proc.stdin is not None:
                proc.stdin.close()
        except OSError:
            pass
        if os.name == "posix":
            self._send(signal.SIGTERM)

    def _kill(self) -> None:
        if os.name == "posix":
            self._send(signal.SIGKILL)
        elif self._proc is not None:
            self._proc.kill()

    def _send(self, sig: signal.Signals) -> None:
        # Popen.send_signal checks returncode first, so a reaped pid is never signalled.
        if self._proc is not None:
            with contextlib.suppress(ProcessLookupError):
                self._proc.send_signal(sig)

    def _thread(self, target: Callable[..., None], arg: Any, name: str) -> threading.Thread:
        thread = threading.Thread(target=target, args=(arg,), daemon=True,
                                  name=f"embedded-cloud-{name}")
        thread.start()
        return thread

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Hear from the child on this loop (it need not run yet); what the child said before
        is delivered there now."""
        with self._attach_lock:
            if self._loop is not None:
                return
            self._ready = loop.create_future()
            self._exited = loop.create_future()
            self._loop = loop
            early, self._early_calls = self._early_calls, []
        for fn, args in early:
            self._call_soon(fn, *args)

    def _call_soon(self, fn: Callable[..., None], *args: Any) -> None:
        with self._attach_lock:
            if self._loop is None:  # launched before the console's loop exists
                self._early_calls.append((fn, args))
                return
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
            self._loop.call_soon_threadsafe(fn, *args)

    def _pump_stdout(self, stream: IO[bytes]) -> None:
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip()
            child_log.info("%s", line)
            match = READY_LINE.match(line)
            if match is not None and not self.url:
                self.ready_at = time.time()
                self.url, self.port = match["url"], int(match["port"])
                self._call_soon(self._resolve_ready, self.url)
        stream.close()

    def _pump_stderr(self, stream: IO[bytes]) -> None:
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip()
            self._stderr_tail.append(line)
            child_log.info("%s", line)
        stream.close()

    def _wait_for_exit(self, stderr_pump: threading.Thread) -> None:
        assert self._proc is not None
        returncode = self._proc.wait()
        stderr_pump.join(2.0)  # so an error quotes the child's last words
        self._call_soon(self._on_exit, returncode)

    def _resolve_ready(self, url: str) -> None:
        if self._ready is not None and not self._ready.done():
            self._ready.set_result(url)

    def _on_exit(self, returncode: int) -> None:
        assert self._ready is not None
        assert self._exited is not None
        if not self._exited.done():
            self._exited.set_result(returncode)
        if not self._ready.done():  # a failed or abandoned start: start() raises it
            if self._stopping:
                log.info("embedded cloud pid %d exited with code %d before listening",
                         self.pid, returncode)
            self._stopping = True
            tail = "\n".join(self._stderr_tail)
            self._ready.set_exception(EmbeddedCloudError(
                f"the embedded cloud exited with code {returncode} before listening"
                + (f":\n{tail}" if tail else "")))
            self._ready.exception()  # retrieved: start() may have stopped waiting already
            return
        if self._stopping:
            log.info("embedded cloud pid %d exited with code %d", self.pid, returncode)
            return
        self._stopping = True
        log.error("the embedded cloud (pid %d) stopped unexpectedly with exit code %d",
                  self.pid, returncode)
        if self.on_unexpected_exit is not None:
            self.on_unexpected_exit(returncode)


__all__ = ["CloudOptions", "EmbeddedCloudError", "EmbeddedCloudProcess"]
