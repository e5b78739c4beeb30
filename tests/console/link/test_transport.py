"""console/link/transport.py: secrets redacted from every logger's records; whom TLS trusts;
refused certificates recognised behind what httpx and websockets raise (a real TLS server on
loopback with a self-signed certificate); clear text to another computer spotted; the settings'
CA bundle reaching the session's client."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import io
import ipaddress
import logging
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Iterator
from http import HTTPStatus
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pytestqt.qtbot import QtBot
from websockets.asyncio.client import connect as ws_connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request, Response

from console.fleet.store import FleetStore
from console.link.client import CloudClient
from console.link.credentials import CredentialStore
from console.link.session import ConsoleSession
from console.link.transport import (
    REDACTED,
    CaBundleError,
    SecretsFilter,
    certificate_problem,
    cleartext_host,
    install_redaction,
    redact,
    ssl_context_for,
)
from console.settings import Paths, Settings

TOKEN = "q3Vx_9-ZkLmN0pQrStUvWxYz0123456789abcdefGHI"
PASSWORD = "correct horse battery"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """A handler on a private root-like logger tree, with the filter installed as main.py
    does, at DEBUG."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    root = logging.getLogger("transport-test")
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    install_redaction(root)
    yield stream
    root.removeHandler(handler)


@pytest.mark.parametrize("text", [
    # websockets' handshake, as it logs it: "> %s: %s" with the header's name and value
    f"> Authorization: Bearer {TOKEN}",
    f"{{'Authorization': 'Bearer {TOKEN}', 'User-Agent': 'x'}}",
    f"[('authorization', 'Bearer {TOKEN}'), ('host', 'h')]",
    f"b'authorization': b'Bearer {TOKEN}'",
    f"request failed for Bearer {TOKEN} after 3 tries",
    f"GET /api/v1/stream?since=5&token={TOKEN}&x=1",
    f"> Cookie: session={TOKEN}; theme=dark",
    f"< Set-Cookie: session={TOKEN}; HttpOnly",
    f'{{"username": "ana", "password": "{PASSWORD}"}}',
    f'{{"token": "{TOKEN}", "expires_at": 1}}',
    f"username=ana&password={PASSWORD.replace(' ', '+')}",
])
def test_secrets_are_redacted(text: str) -> None:
    out = redact(text)
    assert TOKEN not in out
    assert PASSWORD not in out
    assert PASSWORD.replace(" ", "+") not in out
    assert REDACTED in out


def test_what_is_not_secret_stays() -> None:
    for text in ("stream live (seq 12)", "authorization failed: expired token",
                 "GET /api/v1/fleet 200", '{"username": "ana"}', "the cookie, the jar"):
        assert redact(text) == text


def test_every_logger_is_redacted_in_message_and_args(captured: io.StringIO) -> None:
    logging.getLogger("transport-test.websockets.client").debug("> %s: %s", "Authorization",
                                                                f"Bearer {TOKEN}")
    logging.getLogger("transport-test.httpx").info("sent %r", {"password": PASSWORD})
    logging.getLogger("transport-test").warning("plain %s", "words")
    log = captured.getvalue()
    assert TOKEN not in log
    assert PASSWORD not in log
    assert "Authorization: [redacted]" in log
    assert "plain words" in log


def test_tracebacks_are_redacted(captured: io.StringIO) -> None:
    try:
        raise RuntimeError(f"refused Bearer {TOKEN}")
    except RuntimeError:
        logging.getLogger("transport-test.console").exception("it failed")
    log = captured.getvalue()
    assert "RuntimeError: refused Bearer [redacted]" in log
    assert TOKEN not in log


def test_installed_once_per_handler() -> None:
    logger = logging.getLogger("transport-test-once")
    handler = logging.NullHandler()
    logger.addHandler(handler)
    try:
        install_redaction(logger)
        install_redaction(logger)
        assert sum(isinstance(f, SecretsFilter) for f in handler.filters) == 1
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize(("url", "host"), [
    ("http://cloud.example.com", "cloud.example.com"),
    ("http://10.0.0.5:8765", "10.0.0.5"),
    ("HTTP://Cloud.Example.com/", "cloud.example.com"),
    ("http://[2001:db8::1]:80", "2001:db8::1"),
    ("https://cloud.example.com", None),
    ("http://127.0.0.1:8765", None),
    ("http://127.3.2.1", None),
    ("http://localhost:8765", None),
    ("http://[::1]:8765", None),
    ("http://", None),
    ("cloud.example.com", None),
])
def test_cleartext_host(url: str, host: str | None) -> None:
    assert cleartext_host(url) == host


# ---------------------------------------------------------------------- TLS, for real


def make_certificate(directory: Path, name: str, *, dns: list[str], ips: list[str],
                     expired: bool = False) -> tuple[Path, Path]:
    """A self-signed server certificate (EC P-256) and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    start, end = ((now - datetime.timedelta(days=30), now - datetime.timedelta(days=1))
                  if expired else (now - datetime.timedelta(days=1),
                                   now + datetime.timedelta(days=30)))
    alt_names: list[x509.GeneralName] = [x509.DNSName(d) for d in dns]
    alt_names += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    cert_file, key_file = directory / f"{name}.pem", directory / f"{name}.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@contextlib.asynccontextmanager
async def tls_server(cert_file: Path, key_file: Path) -> AsyncIterator[int]:
    """A websockets server with TLS on 127.0.0.1 (port 0) that also answers plain HTTPS GETs;
    yields its port."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)

    async def echo(ws: ServerConnection) -> None:
        async for message in ws:
            await ws.send(message)

    def http(connection: ServerConnection, request: Request) -> Response | None:
        if request.headers.get("Upgrade", "").lower() != "websocket":
            return connection.respond(HTTPStatus.OK, "fleet\n")
        return None

    async with serve(echo, "127.0.0.1", 0, ssl=context, process_request=http) as server:
        yield server.sockets[0].getsockname()[1]


async def https_get(url: str, context: ssl.SSLContext | None = None) -> str:
    async with httpx.AsyncClient(verify=context or True, timeout=10) as http:
        return (await http.get(url)).text


async def wss_echo(url: str, context: ssl.SSLContext | None = None) -> str:
    async with ws_connect(url, ssl=context or True, open_timeout=10) as ws:
        await ws.send("ping")
        return str(await ws.recv())


async def failure(call: Awaitable[object]) -> BaseException:
    try:
        await call
    except Exception as exc:  # what the client would catch
        return exc
    raise AssertionError("the connection succeeded")


@pytest.fixture
def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    return make_certificate(tmp_path, "cloud", dns=["localhost"], ips=["127.0.0.1"])


def test_a_self_signed_certificate_is_refused_and_recognised(
        aloop: asyncio.AbstractEventLoop, self_signed: tuple[Path, Path]) -> None:
    async def scenario() -> tuple[BaseException, BaseException]:
        async with tls_server(*self_signed) as port:
            return (await failure(https_get(f"https://127.0.0.1:{port}/")),
                    await failure(wss_echo(f"wss://127.0.0.1:{port}/")))

    http_error, ws_error = aloop.run_until_complete(scenario())
    assert isinstance(http_error, httpx.ConnectError)  # what the client sees from httpx
    for error in (http_error, ws_error):
        problem = certificate_problem(error)
        assert problem is not None, repr(error)
        assert problem.startswith("Self-signed certificate.")
        assert "CA bundle" in problem


def test_the_bundle_holding_the_certificate_lets_both_connect(
        aloop: asyncio.AbstractEventLoop, self_signed: tuple[Path, Path]) -> None:
    cert_file, _ = self_signed
    context = ssl_context_for(str(cert_file))

    async def scenario() -> tuple[str, str]:
        async with tls_server(*self_signed) as port:
            return (await https_get(f"https://localhost:{port}/", context),
                    await wss_echo(f"wss://127.0.0.1:{port}/", context))

    assert aloop.run_until_complete(scenario()) == ("fleet\n", "ping")


@pytest.mark.parametrize(("dns", "expired", "said"), [
    (["localhost"], True, "Certificate has expired."),
    (["cloud.example.com"], False,
     "Hostname mismatch, certificate is not valid for 'localhost'."),
])
def test_expired_and_mismatched_certificates_are_said_as_such(
        aloop: asyncio.AbstractEventLoop, tmp_path: Path, dns: list[str], expired: bool,
        said: str) -> None:
    cert_file, key_file = make_certificate(tmp_path, "cloud", dns=dns, ips=[], expired=expired)
    context = ssl_context_for(str(cert_file))  # trusted, but not valid

    async def scenario() -> tuple[BaseException, BaseException]:
        async with tls_server(cert_file, key_file) as port:
            return (await failure(https_get(f"https://localhost:{port}/", context)),
                    await failure(wss_echo(f"wss://localhost:{port}/", context)))

    for error in aloop.run_until_complete(scenario()):
        assert certificate_problem(error) == said


def test_other_failures_are_not_certificate_problems(
        aloop: asyncio.AbstractEventLoop) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nobody listens there once closed
    error = aloop.run_until_complete(failure(https_get(f"https://127.0.0.1:{port}/")))
    assert isinstance(error, httpx.ConnectError)
    assert certificate_problem(error) is None
    assert certificate_problem(ValueError("bad")) is None
    assert certificate_problem(ssl.SSLError("handshake failure")) is None


def test_a_cause_chain_is_walked() -> None:
    refused = ssl.SSLCertVerificationError(1, "certificate verify failed")
    refused.verify_message = "certificate has expired"
    refused.verify_code = 10
    try:
        try:
            raise refused
        except ssl.SSLError as exc:
            raise OSError("connect failed") from exc
    except OSError as exc:
        wrapped = RuntimeError("Cannot reach the cloud")
        wrapped.__context__ = exc
    assert certificate_problem(wrapped) == "Certificate has expired."
    assert certificate_problem(ExceptionGroup("all failed", [ValueError(), refused])) == \
        "Certificate has expired."


def test_the_system_trust_store_is_the_default(self_signed: tuple[Path, Path]) -> None:
    for empty in (None, ""):
        context = ssl_context_for(empty)
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname
    with_bundle = ssl_context_for(str(self_signed[0]))
    assert with_bundle.verify_mode == ssl.CERT_REQUIRED
    assert with_bundle.check_hostname
    assert any(c.get("subject") == ((("commonName", "cloud"),),)
               for c in with_bundle.get_ca_certs())


def test_a_bundle_that_cannot_be_used_is_a_clear_error(tmp_path: Path) -> None:
    not_pem = tmp_path / "notes.txt"
    not_pem.write_text("not a certificate\n")
    for path, why in ((tmp_path / "missing.pem", "does not exist"),
                      (tmp_path, "folder"),
                      (not_pem, "no PEM certificate")):
        with pytest.raises(CaBundleError) as caught:
            ssl_context_for(str(path))
        assert str(path) in str(caught.value)
        assert why in str(caught.value)


# ---------------------------------------------------------------------- the session's client


def session_with_bundle(tmp_path: Path, ca_bundle: str,
                        made: list[dict[str, object]]) -> ConsoleSession:
    settings = Settings(Paths(tmp_path / "data", tmp_path / "cfg"))
    settings.ca_bundle = ca_bundle

    def factory(url: str, **kwargs: object) -> CloudClient:
        made.append(kwargs)
        return CloudClient(url, **kwargs)  # type: ignore[arg-type]

    return ConsoleSession(settings, CredentialStore(), FleetStore(), client_factory=factory)


def closed_port() -> int:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return int(closed.getsockname()[1])


def test_the_settings_ca_bundle_reaches_the_client(
        qtbot: QtBot, aloop: asyncio.AbstractEventLoop, tmp_path: Path,
        self_signed: tuple[Path, Path]) -> None:
    made: list[dict[str, object]] = []
    session = session_with_bundle(tmp_path, str(self_signed[0]), made)
    signed_in = session.sign_in(f"https://127.0.0.1:{closed_port()}", "ana", "pw", False)
    with qtbot.waitSignal(session.signInFailed):
        assert not aloop.run_until_complete(signed_in)
    context = made[0]["ssl_context"]
    assert isinstance(context, ssl.SSLContext)
    assert any(c.get("subject") == ((("commonName", "cloud"),),)
               for c in context.get_ca_certs())


def test_no_ca_bundle_leaves_the_client_to_the_system_store(
        qtbot: QtBot, aloop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    made: list[dict[str, object]] = []
    session = session_with_bundle(tmp_path, "", made)
    signed_in = session.sign_in(f"https://127.0.0.1:{closed_port()}", "ana", "pw", False)
    with qtbot.waitSignal(session.signInFailed):
        aloop.run_until_complete(signed_in)
    assert made == [{}]


def test_a_ca_bundle_gone_since_is_said_and_the_system_store_still_checks(
        qtbot: QtBot, aloop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    made: list[dict[str, object]] = []
    gone = tmp_path / "removed.pem"
    session = session_with_bundle(tmp_path, str(gone), made)
    signed_in = session.sign_in(f"https://127.0.0.1:{closed_port()}", "ana", "pw", False)
    with qtbot.waitSignal(session.notice) as notice, qtbot.waitSignal(session.signInFailed):
        aloop.run_until_complete(signed_in)
    assert str(gone) in notice.args[0]
    assert "system's trust store" in notice.args[0]
    assert made == [{}]


def test_the_client_says_a_refused_certificate_and_does_not_retry_it(
        aloop: asyncio.AbstractEventLoop, self_signed: tuple[Path, Path]) -> None:
    """Signing in and the stream against a server whose certificate is not trusted: said as
    such, never "Cannot reach", and the stream is not retried as if the network were down."""
    from console.link.client import CertificateRefused, CloudClient
    from console.link.streaming import ConnectionState
    from tests.asyncqt import wait_until

    async def scenario() -> None:
        async with tls_server(*self_signed) as port:
            client = CloudClient(f"https://127.0.0.1:{port}")
            with pytest.raises(CertificateRefused, match="certificate was refused: Self-signed"):
                await client.sign_in("ana", "pw1")
            client.token = "t"
            client.geofences = []
            client.start(0)
            await wait_until(lambda: not client.running, what="the stream stopped")
            assert client.status.state is ConnectionState.OFFLINE
            assert "certificate was refused" in client.status.detail
            assert client.stats.reconnects == 0
            await client.close()

    aloop.run_until_complete(scenario())
