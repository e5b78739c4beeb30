"""The unlock desk: a dispatcher approves a driver's request to unlock, or refuses it.

A driver app asks to unlock (at a delivery, or somewhere it should not); the request arrives on
the stream and the store keeps it among ``state.unlock_requests`` until it is refused, used or
expired. An approval gives the driver a one-time code valid inside one geofence for a time
window; the dispatcher may have to read it out on the phone, so :meth:`UnlockDesk.approve`
returns the request as the cloud approved it, code included. A refusal needs a reason, which
goes on record.

Decisions are sent at once and never queued: a code issued an hour late, when the driver has
gone, is worse than none, so a decision that cannot be sent is said as such and the dispatcher
decides again. Each decision carries a ``request_id``, kept until the cloud's answer is known,
so trying again after an answer was lost is not recorded twice. Somebody else's decision first
(HTTP 409) is said in plain words ("Already approved by ana at 14:02:11.").

State changes are never applied here: the cloud's decision comes back as a stream event and the
store applies it, so every console shows the same thing. QtCore only.
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Literal

import httpx
from PySide6.QtCore import QCoreApplication, QObject, Signal

from console.fleet.store import FleetStore
from console.link.api import ApiError, CloudApi, Conflict, MalformedAnswer, NotFound
from console.link.client import AuthError, CloudUnavailable
from console.seal.custody_labels import local_time
from console.text import isolate
from opticallock.protocol import (
    ApproveUnlockRequest,
    RefuseUnlockRequest,
    UnlockRequest,
    UnlockRequestState,
)

log = logging.getLogger(__name__)

Decision = Literal["approve", "refuse"]

#: The choices the approval dialog offers; the cloud accepts 5 to 240 minutes.
VALID_MINUTES_CHOICES = (15, 30, 60, 120, 240)
DEFAULT_VALID_MINUTES = 30
MIN_VALID_MINUTES = 5
MAX_VALID_MINUTES = 240
#: The shortest reason the cloud accepts for a refusal.
MIN_REASON_CHARS = 3


class DecisionError(RuntimeError):
    """A decision that was not taken: ``str()`` says why in the dispatcher's words;
    ``conflict`` is True when somebody else decided first."""

    def __init__(self, message: str, *, conflict: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.conflict = conflict


def default_geofence(request: UnlockRequest) -> str | None:
    """Where an approval is valid unless the dispatcher chooses: the geofence the trailer is
    in, else the trip's planned destination (as the cloud does); None when there is neither."""
    return request.geofence_id or request.destination_id


def request_sort_key(request: UnlockRequest) -> tuple[int, float, str]:
    """Waiting for a decision first, oldest first; approved ones (waiting to be used) after."""
    return (0 if request.state is UnlockRequestState.PENDING else 1, request.requested_at,
            request.id)


def _tr(text: str) -> str:
    return QCoreApplication.translate("UnlockDesk", text)


def conflict_text(request: UnlockRequest | None, by: str | None, at: float | None,
                  fallback: str) -> str:
    """Who decided first, what and when, in plain words (``fallback``: the cloud's message,
    when nothing better is known)."""
    who = isolate(request.decided_by if request is not None and request.decided_by else by or "")
    when = (request.decided_at if request is not None and request.decided_at is not None
            else at)
    state = request.state if request is not None else None
    if state is UnlockRequestState.EXPIRED:
        return _tr("This request expired at {clock} before it was used.").format(
            clock=local_time(request.valid_until if request is not None
                             and request.valid_until else when))
    if state is UnlockRequestState.USED and request is not None:
        return _tr("Already approved by {who} and used at {clock}.").format(
            who=who or "?", clock=local_time(request.used_at))
    if not who or when is None:
        return fallback
    if state is UnlockRequestState.APPROVED:
        return _tr("Already approved by {who} at {clock}.").format(who=who,
                                                                   clock=local_time(when))
    if state is UnlockRequestState.REFUSED:
        return _tr("Already refused by {who} at {clock}.").format(who=who,
                                                                  clock=local_time(when))
    return _tr("Already decided by {who} at {clock}.").format(who=who, clock=local_time(when))


class UnlockDesk(QObject):
    """A dispatcher's decisions on unlock requests (see the module's notes).

    Signals:
        decided(str request_id, object request): the cloud accepted this console's decision.
        conflict(str request_id, str message): somebody decided first (who, what, when).
        failed(str request_id, str message): the decision was not taken, in plain words.
        busyChanged(str request_id, bool busy): a decision is being sent / its answer came.
    """

    decided = Signal(str, object)
    conflict = Signal(str, str)
    failed = Signal(str, str)
    busyChanged = Signal(str, bool)

    def __init__(self, store: FleetStore, *, username: str = "",
                 clock: Callable[[], float] = time.time, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.username = username
        self.clock = clock
        self._api: CloudApi | None = None
        #: The request_id of a decision whose answer is not known yet, per (request, decision):
        #: trying again reuses it, so the cloud records the decision once.
        self._request_ids: dict[tuple[str, Decision], str] = {}
        self._busy: set[str] = set()

    # ------------------------------------------------------------------ the cloud

    @property
    def api(self) -> CloudApi | None:
        return self._api

    def set_api(self, api: CloudApi | None) -> None:
        """Decide through this typed cloud API (None: signed out)."""
        self._api = api

    def stop(self) -> None:
        self._api = None

    # ------------------------------------------------------------------ reading

    def requests(self) -> list[UnlockRequest]:
        """The open requests (waiting for a decision, or approved and not used yet), those
        waiting first, oldest first."""
        state = self.store.state
        if state is None:
            return []
        return sorted(state.unlock_requests.values(), key=request_sort_key)

    def request(self, request_id: str) -> UnlockRequest | None:
        state = self.store.state
        return None if state is None else state.unlock_requests.get(request_id)

    def pending_count(self) -> int:
        return sum(1 for r in self.requests() if r.state is UnlockRequestState.PENDING)

    def is_busy(self, request_id: str) -> bool:
        return request_id in self._busy

    # ------------------------------------------------------------------ deciding

    async def approve(self, request_id: str, valid_minutes: int = DEFAULT_VALID_MINUTES,
                      geofence_id: str | None = None) -> UnlockRequest:
        """Approve: the request with its one-time ``code``, valid ``valid_minutes`` from now
        inside ``geofence_id`` (None: the cloud's default, :func:`default_geofence`).

        Raises DecisionError (``conflict`` set when somebody decided first) in plain words,
        ValueError for minutes out of the cloud's range.
        """
        if not MIN_VALID_MINUTES <= valid_minutes <= MAX_VALID_MINUTES:
            raise ValueError(_tr("A code is valid for {low} to {high} minutes.").format(
                low=MIN_VALID_MINUTES, high=MAX_VALID_MINUTES))
        rid = self._request_id(request_id, "approve")
        body = ApproveUnlockRequest(request_id=rid, valid_minutes=valid_minutes,
                                    geofence_id=geofence_id)
        return await self._decide(request_id, "approve",
                                  lambda api: api.approve_unlock(request_id, body))

    async def refuse(self, request_id: str, reason: str) -> UnlockRequest:
        """Refuse, with the reason on record (required). Raises ValueError for a reason too
        short or too long, DecisionError like :meth:`approve`."""
        reason = reason.strip()
        if len(reason) < MIN_REASON_CHARS:
            raise ValueError(_tr("Say why the unlock is refused (at least {n} characters).")
                             .format(n=MIN_REASON_CHARS))
        if len(reason) > 2000:
            raise ValueError(_tr("The reason is too long (at most 2000 characters)."))
        rid = self._request_id(request_id, "refuse")
        body = RefuseUnlockRequest(request_id=rid, reason=reason)
        return await self._decide(request_id, "refuse",
                                  lambda api: api.refuse_unlock(request_id, body))

    def _request_id(self, request_id: str, decision: Decision) -> str:
        return self._request_ids.setdefault((request_id, decision), uuid.uuid4().hex)

    async def _decide(self, request_id: str, decision: Decision,
                      call: Callable[[CloudApi], Awaitable[UnlockRequest]]) -> UnlockRequest:
        api = self._api
        if api is None:
            raise self._fail(request_id, _tr("Not signed in: the decision was not sent."))
        self._set_busy(request_id, True)
        try:
            answer = await call(api)
        except AuthError as exc:
            raise self._fail(request_id, _tr("Not signed in ({error}): the decision was not "
                                             "sent.").format(error=exc)) from exc
        except MalformedAnswer as exc:
            # Accepted (2xx); the stream brings the decision. An approval's code is in the
            # store's copy once it arrives.
            self._request_ids.pop((request_id, decision), None)
            known = self.request(request_id)
            if known is not None and known.state is not UnlockRequestState.PENDING:
                self.decided.emit(request_id, known)
                return known
            raise self._fail(request_id, _tr(
                "The cloud took the decision but its answer could not be read; the request "
                "in the list shows it (and the code) in a moment.")) from exc
        except CloudUnavailable as exc:
            raise self._fail(request_id, _tr(
                "The cloud could not be reached, so the decision was not sent ({error}). "
                "Try again.").format(error=exc)) from exc
        except httpx.HTTPError as exc:
            raise self._fail(request_id, _tr(
                "The cloud's answer was lost, so it is not known whether the decision was "
                "taken. Try again: it will not be recorded twice.")) from exc
        except Conflict as exc:
            self._request_ids.pop((request_id, decision), None)
            message = conflict_text(await self._current(api, request_id), exc.by, exc.at,
                                    exc.message)
            self.conflict.emit(request_id, message)
            raise DecisionError(message, conflict=True) from exc
        except NotFound as exc:
            self._request_ids.pop((request_id, decision), None)
            raise self._fail(request_id, _tr("The cloud has no unlock request {request}.")
                             .format(request=isolate(request_id))) from exc
        except ApiError as exc:
            if 400 <= exc.status < 500:
                self._request_ids.pop((request_id, decision), None)
            raise self._fail(request_id, _tr("The cloud refused the decision: {reason}")
                             .format(reason=isolate(exc.message))) from exc
        finally:
            self._set_busy(request_id, False)
        self._request_ids.pop((request_id, decision), None)
        self.decided.emit(request_id, answer)
        return answer

    async def _current(self, api: CloudApi, request_id: str) -> UnlockRequest | None:
        """The request as the cloud has it now (who decided it, when), for a conflict's words;
        the store's copy if the cloud cannot say."""
        with contextlib.suppress(ApiError, AuthError, CloudUnavailable, httpx.HTTPError):
            listed = await api.unlock_requests()
            found = next((r for r in listed.items if r.id == request_id), None)
            if found is not None:
                return found
        return self.request(request_id)

    def _fail(self, request_id: str, message: str) -> DecisionError:
        log.info("unlock decision on %s not taken: %s", request_id, message)
        self.failed.emit(request_id, message)
        return DecisionError(message)

    def _set_busy(self, request_id: str, busy: bool) -> None:
        if busy:
            self._busy.add(request_id)
        else:
            self._busy.discard(request_id)
        self.busyChanged.emit(request_id, busy)


__all__ = [
    "DEFAULT_VALID_MINUTES",
    "MAX_VALID_MINUTES",
    "MIN_REASON_CHARS",
    "MIN_VALID_MINUTES",
    "VALID_MINUTES_CHOICES",
    "DecisionError",
    "UnlockDesk",
    "conflict_text",
    "default_geofence",
    "request_sort_key",
]
