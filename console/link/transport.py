"""What keeps the link's secrets secret: redaction of logs, whom to trust for TLS, plain words
for a refused certificate, and a warning for clear text to another computer.

- :class:`SecretsFilter` rewrites every log record that reaches a handler it is installed on:
  bearer tokens, ``Authorization``/``Cookie`` header values, ``token=`` and ``password=`` query
  or form values and ``"password"``/``"token"`` JSON values become ``[redacted]``. The
  websockets library logs the whole handshake, ``Authorization`` included, at DEBUG; a handler
  filter (not a logger filter) also sees what propagates from every other logger.
  :func:`install_redaction` puts it on the root logger's handlers.
- :func:`ssl_context_for` is the system's trust store plus the dispatcher's own CA bundle (for a
  cloud whose certificate a private authority signed).
- :func:`certificate_problem` finds a refused certificate behind whatever httpx or websockets
  raised, so it is said as such instead of "cannot reach" (and not retried).
- :func:`cleartext_host` says when an ``http://`` address leaves this computer.

Only the standard library at import time: main.py installs the filter before Qt is loaded.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import ssl
from urllib.parse import urlsplit

#: What a secret is replaced with.
REDACTED = "[redacted]"

# Header lines and header reprs: ``Authorization: Bearer x``, ``('cookie', 'a=b')``,
# ``{'Authorization': 'Basic x'}``, ``b'authorization': b'Bearer x'``. The whole value goes.
_HEADER = re.compile(
    r"""(?ix)
    \b(authorization|proxy-authorization|cookie|set-cookie|x-api-key)
    ((?:['"]\s*,|['"]?\s*[:=])\s*(?:b?['"])?\s*)  # ': ', '=', or a tuple's "', b'"
    [^'"\r\n]+                       # the value, up to a quote or the end of the line
    """)
# A bearer token anywhere else (an error message, a repr of a request).
_BEARER = re.compile(r"(?i)\b(bearer)(\s+)(?!\[redacted\])[A-Za-z0-9\-._~+/]+=*")
# ``?token=x&`` in a URL, ``password=x`` in a form.
_QUERY = re.compile(
    r"(?i)\b(token|access_token|refresh_token|password|passwd|secret|api_key)=(?!\[redacted\])"
    r"[^&\s'\"]+")
# ``"password": "x"`` in a JSON body or a dict's repr.
_JSON = re.compile(
    r"""(?ix)
    (["'](?:password|token|access_token|refresh_token|secret)["']\s*:\s*)
    (["'])(?:\\.|(?!\2).)*\2
    """)


def redact(text: str) -> str:
    """``text`` with every secret it shows replaced by :data:`REDACTED`."""
    text = _HEADER.sub(lambda m: f"{m[1]}{m[2]}{REDACTED}", text)
    text = _BEARER.sub(lambda m: f"{m[1]}{m[2]}{REDACTED}", text)
    text = _QUERY.sub(lambda m: f"{m[1]}={REDACTED}", text)
    return _JSON.sub(lambda m: f"{m[1]}{m[2]}{REDACTED}{m[2]}", text)


class SecretsFilter(logging.Filter):
    """Redacts secrets from the records it sees (message, arguments, traceback); lets every
    record through.

    A record whose formatted message holds a secret gets the redacted text as its message and
    no arguments; the others are left as they are (formatted later, as usual).
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: the handler reports it as it would have
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:
            # Cached here, redacted: the handler's formatter uses exc_text when it is set.
            record.exc_text = redact(self._formatter.formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_redaction(logger: logging.Logger | None = None) -> SecretsFilter:
    """Put one :class:`SecretsFilter` on each handler of ``logger`` (the root logger by
    default) that does not have one yet; returns the filter."""
    target = logger if logger is not None else logging.getLogger()
    secrets_filter = SecretsFilter()
    for handler in target.handlers:
        if not any(isinstance(f, SecretsFilter) for f in handler.filters):
            handler.addFilter(secrets_filter)
    return secrets_filter


# ---------------------------------------------------------------------- TLS


class CaBundleError(ValueError):
    """The CA bundle the dispatcher chose cannot be used (missing, unreadable, no certificate
    in it); the message says which file and why, in plain words."""


def ssl_context_for(ca_bundle: str | None) -> ssl.SSLContext:
    """A client TLS context: the system's trust store and default checks (hostname, expiry),
    plus the certificates of ``ca_bundle`` (a PEM file) if one is given.

    Raises :class:`CaBundleError` when the bundle cannot be read or holds no certificate.
    """
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    if not ca_bundle:
        return context
    try:
        context.load_verify_locations(cafile=ca_bundle)
    except (OSError, ssl.SSLError, ValueError) as exc:
        if isinstance(exc, FileNotFoundError):
            why = _tr("the file does not exist")
        elif isinstance(exc, IsADirectoryError):
            why = _tr("it is a folder, not a file")
        elif isinstance(exc, PermissionError):
            why = _tr("this user may not read it")
        elif isinstance(exc, ssl.SSLError):
            why = _tr("it holds no PEM certificate")
        else:
            why = str(exc)
        raise CaBundleError(_tr("The CA bundle {path} cannot be used: {why}.").format(
            path=ca_bundle, why=why)) from exc
    return context


#: OpenSSL's verify codes for "signed by nobody this computer trusts".
_UNTRUSTED_ISSUER = {18, 19, 20, 21}


def certificate_problem(exc: BaseException) -> str | None:
    """Why the server's certificate was refused, in a plain sentence, if a certificate check
    is what ``exc`` (or what caused it, through ``__cause__``/``__context__``, or a member of
    an exception group) comes from; None for any other failure.

    The sentence is OpenSSL's own (expired, self-signed, hostname mismatch...), with a hint
    when the issuer is unknown: the caller says "The server's certificate was refused: …".
    """
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return _certificate_sentence(current)
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        pending.extend(e for e in (current.__context__, current.__cause__) if e is not None)
    return None


def _certificate_sentence(error: ssl.SSLCertVerificationError) -> str:
    message = (getattr(error, "verify_message", None) or error.reason or str(error)).strip()
    sentence = message[:1].upper() + message[1:].rstrip(".") + "."
    if getattr(error, "verify_code", None) in _UNTRUSTED_ISSUER:
        sentence += " " + _tr("If your organisation signs its own certificates, choose its CA "
                              "bundle at sign-in.")
    return sentence


# ---------------------------------------------------------------------- clear text


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1: the connection never leaves this computer."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cleartext_host(server_url: str) -> str | None:
    """The host that passwords and alarms would reach unencrypted, for an ``http://`` address
    to another computer; None for ``https://``, loopback, or no host yet."""
    try:
        parts = urlsplit(server_url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() != "http" or not host or is_loopback(host):
        return None
    return host


def _tr(text: str) -> str:
    # Imported here: main.py installs the log filter before Qt is loaded.
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Transport", text)
