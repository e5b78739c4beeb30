"""The reference cloud's HTTP and websocket API (FastAPI), version 1 under ``/api/v1``.

Every refused request gets a JSON :class:`~opticallock.protocol.ErrorBody` and a 4xx status; a bug
gets a JSON 500 and a log line, never a dropped connection. Bodies over
:data:`~opticallock.protocol.MAX_BODY_BYTES` are refused before they are read in full.

The routes are in :mod:`cloudsim.routes` (one router a concern), the stream in
:mod:`cloudsim.stream`, what they share in :mod:`cloudsim.web`.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route
from starlette.types import Scope

from cloudsim.routes import (
    alarms,
    contacts,
    fleet,
    history,
    places,
    plans,
    policies,
    seals,
    session,
    simulator,
    unlocks,
)
from cloudsim.service import ApiError, CloudService
from cloudsim.stream import serve_stream
from cloudsim.web import BodyLimit, error_response
from opticallock.protocol import API_PREFIX, event_adapter

log = logging.getLogger(__name__)

#: The routers, in the order of the OpenAPI document's paths.
ROUTERS = (session.router, fleet.router, history.router, alarms.router, policies.router,
           plans.router, contacts.router, places.router, seals.router, unlocks.router,
           simulator.router)


def create_app(service: CloudService) -> FastAPI:
    """The FastAPI application serving ``service``."""
    app = FastAPI(
        title="OpticalLock reference cloud",
        version="1.0",
        description="REST and websocket API of the OpticalLock cloud (reference implementation). "
                    "See docs/protocol.md.",
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(BodyLimit)
    _answer_errors_as_json(app, served_routes())
    app.state.service = service

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    for router in ROUTERS:
        app.include_router(router)

    @app.websocket(f"{API_PREFIX}/stream")
    async def stream(ws: WebSocket) -> None:
        await serve_stream(service, ws)

    return app


def _answer_errors_as_json(app: FastAPI, routes: list[Route]) -> None:
    """Every refusal and every bug answers with an ErrorBody (or a ConflictBody)."""

    @app.exception_handler(ApiError)
    async def on_api_error(_: Request, exc: ApiError) -> JSONResponse:
        if exc.body is not None:
            return JSONResponse(exc.body.model_dump(mode="json"), status_code=exc.status)
        headers = dict(exc.headers or {})
        if exc.status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return error_response(exc.status, exc.error, exc.message, detail=exc.detail,
                              headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        first = problems[0] if problems else {"where": "", "problem": "invalid"}
        return error_response(422, "invalid_request",
                              f"{first['where']}: {first['problem']}", detail=problems)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # FastAPI's only 400: a body that is not JSON at all (bytes that are not UTF-8).
            # Like a body that is not valid JSON, it is 422 invalid_request.
            problem = "The body is not valid JSON (UTF-8)."
            return error_response(422, "invalid_request", f"body: {problem}",
                                  detail=[{"where": "body", "problem": problem}])
        error = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        headers = dict(exc.headers or {})
        message = str(exc.detail)
        if exc.status_code == 405:
            allowed = allowed_methods(routes, request.scope)
            headers["Allow"] = ", ".join(allowed)
            message = f"{request.method} is not allowed here; use {' or '.join(allowed)}."
        return error_response(exc.status_code, error, message, headers=headers or None)

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error serving %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "The server failed; this is a bug.")


def served_routes() -> list[Route]:
    """The REST routes of :data:`ROUTERS` (their paths include the prefix)."""
    return [r for router in ROUTERS for r in router.routes if isinstance(r, Route)]


def allowed_methods(routes: list[Route], scope: Scope) -> list[str]:
    """Every method one of ``routes`` serves at the request's path (Starlette's own 405 names
    only the first route that matches the path: ``/session`` has one for POST, one for
    DELETE)."""
    methods: set[str] = set()
    for route in routes:
        if route.methods:
            match, _ = route.matches({**scope, "method": next(iter(route.methods))})
            if match is Match.FULL:
                methods |= route.methods
    return sorted(methods)


__all__ = ["allowed_methods", "create_app", "event_adapter", "served_routes"]
