"""A TCP proxy between the console and cloudsim that misbehaves on demand (the network's faults).

It runs on the test's asyncio loop, listens on 127.0.0.1 (port 0) and forwards each connection
to the cloud's port. Faults:

* :meth:`FaultProxy.black_hole`: bytes stop flowing both ways while every socket stays open (a
  TCP black hole: a dead NAT entry, a cable pulled behind a switch); :meth:`heal` lets new
  connections through again (the held ones stay dead, as they would).
* :meth:`FaultProxy.drop_all`: every open connection is reset at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time


class FaultProxy:
    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self.target_port = target_port
        self.host = host
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._holes: list[asyncio.StreamWriter] = []
        self.holing = False
        #: When the proxy last forwarded a byte from the cloud to the console (monotonic).
        self.last_forwarded_at = 0.0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> FaultProxy:
        self._server = await asyncio.start_server(self._accept, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        self.drop_all()
        for writer in self._holes:
            writer.transport.abort()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    def black_hole(self) -> None:
        self.holing = True

    def heal(self) -> None:
        self.holing = False

    def drop_all(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.holing:  # accepted, then never answered
            self._holes.append(writer)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(self.host, self.target_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        await asyncio.gather(self._pipe(reader, up_writer, upstream=True),
                             self._pipe(up_reader, writer, upstream=False),
                             return_exceptions=True)
        self._writers.difference_update((writer, up_writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *,
                    upstream: bool) -> None:
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                if self.holing:
                    # Swallow everything from now on; the socket stays open, unanswered.
                    while await reader.read(65536):
                        pass
                    return
                writer.write(data)
                if not upstream:
                    self.last_forwarded_at = time.monotonic()
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            if not self.holing:
                writer.transport.abort()
