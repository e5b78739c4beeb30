"""console/link/transport.py: secrets redacted from every logger's records; whom TLS trusts;
refused certificates recognised behind what httpx and websockets raise (a real TLS server on
loopback with a self-signed certificate); clear text to another computer spotted."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from console.link.transport import (
    REDACTED,
    SecretsFilter,
    cleartext_host,
    install_redaction,
    redact,
)

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
