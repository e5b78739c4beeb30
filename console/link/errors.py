"""The cloud's refusals, read once for the whole console.

Every 4xx/5xx answer carries an ``ErrorBody`` (a 409 on an alarm the extended ``ConflictBody``;
docs/protocol.md §3.1). :func:`error_body` reads either, :func:`error_message` gives the sentence
to show a person, and :func:`api_error` turns a refusal into a typed :class:`ApiError`. This
module imports nothing of the console, so the cloud client can use it too.
"""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import ValidationError

from opticallock.protocol import Alarm, ConflictBody


class ApiError(RuntimeError):
    """The cloud refused a request: its HTTP ``status``, the stable ``error`` code, the
    ``message`` it gave for a person and the structured ``detail`` (``str()`` is the message)."""

    def __init__(self, status: int, error: str, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.detail = detail

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.status}, {self.error!r}, {self.message!r})"


class NotFound(ApiError, LookupError):
    """404: no such lock, driver or alarm for this carrier (or one of another carrier)."""


class Conflict(ApiError):
    """409: somebody got there first (``by`` at ``at``; ``alarm`` as it is now), or the driver's
    app is offline (``error == "driver_app_offline"``)."""

    def __init__(self, status: int, error: str, message: str, detail: Any = None, *,
                 by: str | None = None, at: float | None = None,
                 alarm: Alarm | None = None) -> None:
        super().__init__(status, error, message, detail)
        self.by = by
        self.at = at
        self.alarm = alarm


def error_body(content: bytes | str | None) -> ConflictBody | None:
    """The cloud's error body (a plain ``ErrorBody`` reads as a ``ConflictBody`` without its
    conflict fields), or None when the body is not one."""
    if not content:
        return None
    try:
        return ConflictBody.model_validate_json(content)
    except ValidationError:
        return None


def error_message(response: httpx.Response) -> str:
    """The sentence the cloud gave for a person, or "HTTP <status>" when it gave none."""
    body = error_body(response.content)
    return body.message if body is not None else f"HTTP {response.status_code}"


def api_error(response: httpx.Response) -> ApiError:
    """The typed error for a refused request (:class:`NotFound`, :class:`Conflict` or
    :class:`ApiError`)."""
    status = response.status_code
    body = error_body(response.content)
    if body is None:
        return (NotFound if status == 404 else Conflict if status == 409 else ApiError)(
            status, f"http_{status}", f"HTTP {status}")
    if status == 404:
        return NotFound(status, body.error, body.message, body.detail)
    if status == 409:
        return Conflict(status, body.error, body.message, body.detail, by=body.by, at=body.at,
                        alarm=body.alarm)
    return ApiError(status, body.error, body.message, body.detail)


__all__ = ["ApiError", "Conflict", "NotFound", "api_error", "error_body", "error_message"]
