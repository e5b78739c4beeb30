"""What the REST routes and the stream share: JSON answers and error bodies, the body-size
limit, bearer-token authentication, path and query parameter types, and paging cursors.

Every refused request gets a JSON :class:`~opticallock.protocol.ErrorBody` and a 4xx status.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request, Security
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from cloudsim.service import ApiError, CloudService, Principal
from opticallock.protocol import MAX_BODY_BYTES, ErrorBody

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"
#: Longest time range one history request may span (the console pages through longer ones).
MAX_HISTORY_SPAN_S = 62 * 86400.0
MAX_PAGE = 5000

IdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=ID_PATTERN)]
Start = Annotated[float, Query(ge=0, le=1e10, allow_inf_nan=False,
                               description="POSIX seconds, inclusive")]
End = Annotated[float, Query(ge=0, le=1e10, allow_inf_nan=False,
                             description="POSIX seconds, exclusive")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]

#: What each refusal means, as the OpenAPI document says it (docs/protocol.md §3.1).
REFUSALS: dict[int, str] = {
    400: "Invalid range or cursor (`invalid_range`, `invalid_cursor`)",
    401: "Missing, expired or invalid token, or wrong credentials (`unauthorized`, "
         "`invalid_token`, `invalid_credentials`)",
    404: "Not found, or not your carrier's (`not_found`)",
    409: "Somebody got there first, or the driver's app is offline",
    410: "The events asked for are no longer retained, or the log is behind (`resync_required`)",
    413: "Body too large (`body_too_large`)",
    422: "Body or parameters do not validate (`invalid_request`, `request_id_reused`)",
    429: "Too many failed sign-ins; try again after `Retry-After` seconds "
         "(`too_many_attempts`)",
}
#: Headers a refusal always carries.
REFUSAL_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"description": "Always `Bearer`", "required": True,
                               "schema": {"type": "string"}}},
    429: {"Retry-After": {"description": "Seconds to wait before the next attempt",
                          "required": True, "schema": {"type": "integer", "minimum": 1}}},
}


def refusals(*statuses: int, conflict: type[BaseModel] = ErrorBody
             ) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of a route that can refuse with ``statuses`` (each an
    ErrorBody; a 409 a ``conflict`` body)."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entry: dict[str, Any] = {"model": conflict if status == 409 else ErrorBody,
                                 "description": REFUSALS[status]}
        if status in REFUSAL_HEADERS:
            entry["headers"] = REFUSAL_HEADERS[status]
        out[status] = entry
    return out


# --------------------------------------------------------------------------- dependencies


async def cloud_service(request: Request) -> CloudService:
    """The cloud the application serves (``create_app``'s ``service``)."""
    service: CloudService = request.app.state.service
    return service


#: Declares the bearer scheme in the OpenAPI document; :func:`authenticate` does the checking.
BEARER = HTTPBearer(auto_error=False, scheme_name="bearer",
                    description="The token from POST /api/v1/session (docs/protocol.md §4).")


async def principal(request: Request,
                    _: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)]
                    ) -> Principal:
    """The dispatcher behind the request's bearer token (401 without a valid one)."""
    return authenticate(request.app.state.service, request.headers.get("authorization"))


Service = Annotated[CloudService, Depends(cloud_service)]
Who = Annotated[Principal, Depends(principal)]


def bearer_token(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authenticate(service: CloudService, header: str | None) -> Principal:
    token = bearer_token(header)
    if token is None:
        raise ApiError(401, "unauthorized", "Send 'Authorization: Bearer <token>' (sign in first).")
    who = service.authenticate(token)
    if who is None:
        raise ApiError(401, "invalid_token", "The token is invalid or expired; sign in again.")
    return who


# --------------------------------------------------------------------------- answers


def error_response(status: int, error: str, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(error=error, message=message, detail=detail)
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def json_response(body: Any, status: int = 200) -> Response:
    text = body if isinstance(body, str) else body.model_dump_json()
    return Response(text, status_code=status, media_type="application/json")


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with a JSON 413."""

    def __init__(self, app: Any, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = True
                if too_big:
                    await _too_large(self.limit)(scope, receive, send)
                    return
        seen = 0
        too_big = False

        async def limited() -> Any:
            nonlocal seen, too_big
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # Pretend the client left: the app stops reading; we answer 413 below.
                    too_big = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Any) -> None:
            if not too_big:
                await send(message)

        await self.app(scope, limited, guarded_send)
        if too_big:
            await _too_large(self.limit)(scope, receive, send)


def _too_large(limit: int) -> JSONResponse:
    return error_response(413, "body_too_large", f"Request body is larger than {limit} bytes.")


# --------------------------------------------------------------------------- paging


#: Longest cursor accepted: issued ones are well under 100 characters.
MAX_CURSOR_CHARS = 256
#: Bounds of the numbers inside a cursor: times as in every other parameter, row ids and seqs
#: as SQLite integers.
MAX_CURSOR_TS = 1e10
MAX_CURSOR_ROW = 2**63 - 1
_CURSOR_CHARS = re.compile(r"[A-Za-z0-9_-]+")
_BAD_CURSOR = "The cursor is not one this server issued; start again without 'cursor'."


def encode_cursor(*parts: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


def _bad_cursor(why: str) -> ApiError:
    return ApiError(400, "invalid_cursor", f"{_BAD_CURSOR} ({why})")


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number")  # NaN, Infinity, -Infinity


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    """The parts of a cursor :func:`encode_cursor` made; anything else is 400 invalid_cursor
    (a forged cursor must never reach SQL: no NaN, no infinities, no nesting, no booleans)."""
    if len(cursor) > MAX_CURSOR_CHARS:
        raise _bad_cursor("too long")
    if not _CURSOR_CHARS.fullmatch(cursor):
        raise _bad_cursor("not URL-safe base64")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii"))
        parts = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, binascii.Error) as exc:  # UnicodeError is a ValueError
        raise _bad_cursor("does not decode") from exc
    if (not isinstance(parts, list) or len(parts) != arity
            or not all(isinstance(p, int | float | str) and not isinstance(p, bool)
                       for p in parts)):
        raise _bad_cursor("wrong shape")
    return parts


def cursor_ts(value: Any) -> float:
    """A time inside a cursor: a finite number in 0 … 1e10."""
    if (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and 0 <= value <= MAX_CURSOR_TS):
        return float(value)
    raise _bad_cursor("time out of range")


def cursor_row(value: Any) -> int:
    """A row id or seq inside a cursor: an integer in 0 … 2**63-1."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_CURSOR_ROW:
        return value
    raise _bad_cursor("position out of range")


def cursor_id(value: Any) -> str:
    """An id inside a cursor (see ``ID_PATTERN``)."""
    if isinstance(value, str) and len(value) <= 64 and re.fullmatch(ID_PATTERN, value):
        return value
    raise _bad_cursor("not an id")


def check_range(start: float, end: float) -> None:
    if end <= start:
        raise ApiError(400, "invalid_range", "'end' must be after 'start'.")
    if end - start > MAX_HISTORY_SPAN_S:
        raise ApiError(400, "invalid_range",
                       f"A range may span at most {MAX_HISTORY_SPAN_S / 86400:.0f} days; "
                       "page through longer periods.")
