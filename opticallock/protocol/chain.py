"""The hash chain that makes a carrier's log tamper-evident: canonical JSON, body digests,
chain hashes and link verification."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from opticallock.protocol.base import Model
from opticallock.protocol.events import EventBase

GENESIS_HASH = "0" * 64

def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def body_digest(event: EventBase) -> str:
    """SHA-256 of the event's canonical JSON, without its ``prev_hash`` and ``hash`` fields."""
    body = event.model_dump(mode="json", exclude={"prev_hash", "hash"})
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def chain_hash(prev_hash: str, digest: str) -> str:
    return hashlib.sha256(f"{prev_hash}:{digest}".encode("ascii")).hexdigest()


class ChainLink(Model):
    """One log entry's place in the hash chain, without its body (used for compacted telemetry)."""

    seq: int
    prev_hash: str
    body_digest: str
    hash: str


def verify_links(links: Iterable[ChainLink], anchor: str | None = None) -> tuple[bool, int | None]:
    """Check that each link hashes correctly and points at its predecessor.

    Returns (ok, first_bad_seq). ``anchor`` is the expected ``prev_hash`` of the first link
    (the hash of the entry before the range), when known.
    """
    expected_prev = anchor
    expected_seq: int | None = None
    for link in links:
        if expected_seq is not None and link.seq != expected_seq:
            return False, expected_seq
        if expected_prev is not None and link.prev_hash != expected_prev:
            return False, link.seq
        if chain_hash(link.prev_hash, link.body_digest) != link.hash:
            return False, link.seq
        expected_prev = link.hash
        expected_seq = link.seq + 1
    return True, None


def link_of(event: EventBase) -> ChainLink:
    """The chain link an event claims, with its body digest recomputed from its content."""
    return ChainLink(seq=event.seq, prev_hash=event.prev_hash, body_digest=body_digest(event),
                     hash=event.hash)
