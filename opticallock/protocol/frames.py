"""The stream's frames: logged events plus control frames (hello, heartbeat, resync, error,
position interval), the one frame a client sends, their decoding, and the close codes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import BaseModel, Field, TypeAdapter

from opticallock.protocol.base import PROTOCOL_VERSION, Model, Timestamp
from opticallock.protocol.entities import Carrier
from opticallock.protocol.events import EVENT_MODELS
from opticallock.protocol.fastpath import decode_positions

#: The server sends a heartbeat at least this often; a client that hears nothing for three
#: intervals treats the link as dead.
HEARTBEAT_INTERVAL_S = 5.0
#: Websocket close codes the server uses (4000-4999 are application codes).
CLOSE_UNAUTHORIZED = 4401
CLOSE_RESYNC_REQUIRED = 4409
CLOSE_SLOW_CONSUMER = 4429
#: Longest position interval a stream connection may ask for (``positions_every``,
#: ``set_position_interval``); longer requests are clamped to it.
MAX_POSITION_INTERVAL_S = 300.0

# --------------------------------------------------------------------------- control frames
# Sent on the stream but not logged: they carry no seq.


class HelloFrame(Model):
    type: Literal["hello"] = "hello"
    protocol: int = PROTOCOL_VERSION
    carrier: Carrier
    user: str
    head_seq: int
    server_time: Timestamp
    heartbeat_s: float = HEARTBEAT_INTERVAL_S
    #: The chain hash of the log entry at the connection's ``since`` (the genesis hash for
    #: since=0): a console that holds another hash for that seq follows a forked log and must
    #: resync. Absent from servers before protocol 1.1.
    since_hash: str | None = None


class HeartbeatFrame(Model):
    type: Literal["heartbeat"] = "heartbeat"
    head_seq: int
    server_time: Timestamp


class ResyncRequiredFrame(Model):
    """``since`` is older than the retained log: reload the snapshot, then stream from its seq."""

    type: Literal["resync_required"] = "resync_required"
    since: int
    oldest_seq: int
    head_seq: int
    message: str


class ErrorFrame(Model):
    type: Literal["error"] = "error"
    error: str
    message: str


class PositionIntervalFrame(Model):
    """The position interval now in effect on this connection (0: every fix, unthinned).

    Sent after ``hello`` when the connection asked for ``positions_every`` > 0, and in answer to
    ``set_position_interval``; positions frames after it follow the new interval.
    """

    type: Literal["position_interval"] = "position_interval"
    seconds: float = Field(ge=0.0, le=MAX_POSITION_INTERVAL_S)


ControlFrame = Annotated[
    HelloFrame | HeartbeatFrame | ResyncRequiredFrame | ErrorFrame | PositionIntervalFrame,
    Field(discriminator="type"),
]
#: Every frame the server sends: a logged event or a control frame (one discriminated union,
#: built from the two lists; decoded by ``decode_frame``).
StreamFrame: Any = Annotated[
    Union[(*EVENT_MODELS, *get_args(get_args(ControlFrame)[0]))],
    Field(discriminator="type"),
]


# --------------------------------------------------------------------------- client frames
# The only frames a client sends on the stream.


class SetPositionIntervalFrame(Model):
    """Ask for at most one fix per lock every ``seconds`` (0: every fix). The server clamps
    ``seconds`` to [0, MAX_POSITION_INTERVAL_S] and answers with a ``position_interval`` frame."""

    type: Literal["set_position_interval"] = "set_position_interval"
    seconds: float = Field(allow_inf_nan=False)


stream_frame_adapter: TypeAdapter[Any] = TypeAdapter(StreamFrame)


class FrameError(ValueError):
    """A stream frame that is not valid JSON or not a known, well-formed frame."""


def decode_frame(data: str | bytes) -> Any:
    """Parse one stream frame; raises :class:`FrameError` with a short reason on bad input.

    A positions frame (all but a few of a busy stream's frames) is read by the fast decoder,
    which accepts what the schema accepts; anything it declines is decoded by the schema."""
    positions = decode_positions(data)
    if positions is not None:
        return positions
    try:
        return stream_frame_adapter.validate_json(data)
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        raise _frame_error(exc) from exc


def decode_client_frame(data: str | bytes) -> SetPositionIntervalFrame:
    """Parse one frame a client sent on the stream (the server's side of ``decode_frame``)."""
    try:
        return SetPositionIntervalFrame.model_validate_json(data)
    except ValueError as exc:
        raise _frame_error(exc) from exc


def _frame_error(exc: ValueError) -> FrameError:
    """A short reason: the first lines of pydantic's report, at most 300 characters."""
    reason = str(exc).splitlines()
    return FrameError(" ".join(reason[:3])[:300])


#: The ``type`` of every control frame (never logged, never an event).
CONTROL_TYPES: frozenset[str] = frozenset({"hello", "heartbeat", "position_interval",
                                           "resync_required", "error"})


@dataclass(frozen=True)
class UndecodedEvent:
    """A logged event this side cannot decode (a type it does not know, a field out of range).

    It keeps its place in the log, its seq and chain hashes, so a reader steps over it (the
    reducer's seq and chain hash move on, nothing else changes) instead of stopping at it, and
    its raw text and the reason, for the record. ``hash``/``prev_hash`` are "" when the frame
    did not say them.
    """

    seq: int
    ts: float
    type: str
    prev_hash: str
    hash: str
    reason: str
    raw: str


def salvage_event(data: str | bytes | Mapping[str, Any], reason: str) -> UndecodedEvent | None:
    """The place in the log of a frame that did not decode, if it is a logged event: a JSON
    object with a positive integer ``seq`` that is not a control frame. None otherwise (not
    JSON, no seq: a broken frame, which cannot be placed)."""
    if isinstance(data, Mapping):
        body: Any = data
        raw = json.dumps(data, ensure_ascii=False, default=str)
    else:
        raw = data if isinstance(data, str) else data.decode("utf-8", "replace")
        try:
            body = json.loads(raw)
        except ValueError:
            return None
    if not isinstance(body, dict):
        return None
    seq, etype = body.get("seq"), body.get("type")
    if type(seq) is not int or seq < 1 or etype in CONTROL_TYPES:
        return None
    ts = body.get("ts")
    return UndecodedEvent(
        seq=seq,
        ts=float(ts) if isinstance(ts, (int, float)) and not isinstance(ts, bool) else 0.0,
        type=str(etype)[:80] if etype is not None else "?",
        prev_hash=_text(body.get("prev_hash")), hash=_text(body.get("hash")),
        reason=reason, raw=raw)


def _text(value: Any) -> str:
    return value if isinstance(value, str) and len(value) <= 128 else ""


def encode_frame(frame: BaseModel) -> str:
    return frame.model_dump_json()
