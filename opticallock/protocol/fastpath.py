"""A fast decoder for the stream's hottest frame, ``positions``, that accepts exactly what the
schema accepts.

A 10,000-trailer fleet sends 10,000 fixes a second, and a console catching up on a backlog reads
a million in a few seconds; decoding them with the schema (pydantic, the Id pattern checked row
by row) was a third of the console's time. This decoder reads a positions frame with msgspec
(its JSON parser and range checks in C), checks each lock id against the schema's pattern once
per id rather than once per row, and builds the :class:`PositionsEvent` without validating it
again.

It only ever says yes to what :data:`~opticallock.protocol.frames.stream_frame_adapter` says
yes to, with the same values: whatever it is not sure of (a frame of another type, a value
pydantic would coerce, a bad field) it declines (None), and the caller decodes with the schema,
which accepts or explains. tests/opticallock/protocol/test_fastpath.py holds it to that.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Annotated, Literal

import msgspec

from opticallock.protocol.base import ID_PATTERN
from opticallock.protocol.events import PositionsEvent

# The schema's field types (opticallock/protocol/base.py), as msgspec constraints; the Id
# pattern is checked apart (below).
_Id = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
_Timestamp = Annotated[float, msgspec.Meta(ge=0.0, le=1.0e10)]
_Latitude = Annotated[float, msgspec.Meta(ge=-90.0, le=90.0)]
_Longitude = Annotated[float, msgspec.Meta(ge=-180.0, le=180.0)]


#: One fix as the schema types it: lock id, time, latitude, longitude, speed, heading.
PositionRow = tuple[_Id, _Timestamp, _Latitude, _Longitude, float, float]


class _PositionsWire(msgspec.Struct, forbid_unknown_fields=True):
    """PositionsEvent's fields as they are on the wire (unknown fields refused, as the schema's
    ``extra="forbid"`` does)."""

    seq: Annotated[int, msgspec.Meta(ge=1)]
    ts: _Timestamp
    rows: list[PositionRow]
    type: Literal["positions"] = "positions"
    prev_hash: str = ""
    hash: str = ""
    thinned: bool = False


_decoder = msgspec.json.Decoder(_PositionsWire)
#: The schema's Id pattern; ``fullmatch`` anchors it at both ends as the schema's regex engine
#: does (``$`` there does not match before a final newline).
_id_match = re.compile(ID_PATTERN.removeprefix("^").removesuffix("$")).fullmatch
_lock_id = itemgetter(0)
#: Lock ids already found to match the pattern: a fleet's ids repeat in every frame.
_KNOWN_IDS_MAX = 200_000
_known_ids: set[str] = set()
_STR_MARK = '"positions"'
_BYTES_MARK = b'"positions"'


def decode_positions(data: str | bytes) -> PositionsEvent | None:
    """The positions event in ``data``, or None: not a positions frame, or not one this
    decoder is sure the schema accepts (decode it with the schema then)."""
    # Only a frame that names its type early is tried: the server writes ``type`` before
    # ``rows`` (any other frame, or an odd one, goes to the schema at once).
    head = data[:512]
    if (_STR_MARK not in head) if isinstance(head, str) else (_BYTES_MARK not in head):
        return None
    try:
        wire = _decoder.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    rows = wire.rows
    known = _known_ids
    if not known.issuperset(map(_lock_id, rows)):
        new_ids = set(map(_lock_id, rows)).difference(known)
        if not all(_id_match(lock_id) for lock_id in new_ids):
            return None
        if len(known) + len(new_ids) > _KNOWN_IDS_MAX:
            known.clear()
        known.update(new_ids)
    return PositionsEvent.model_construct(
        seq=wire.seq, ts=wire.ts, prev_hash=wire.prev_hash, hash=wire.hash, type=wire.type,
        rows=rows, thinned=wire.thinned)


__all__ = ["PositionRow", "decode_positions"]
