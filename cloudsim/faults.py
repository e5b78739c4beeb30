"""Fault injection: what a newer, damaged or restored cloud can do to a console.

Tools of the reference cloud for tests and demonstrations (docs/protocol.md §11), never part
of the OpticalLock API. Each reproduces a fault seen from outside (issue 14) in the real server,
so a console is tested against the real thing, over real sockets:

* :func:`log_foreign_event` logs an event of a type this protocol does not define, chained like
  any other (a newer cloud's event): a console must step over it, not stop at it.
* :func:`copy_database` takes a consistent copy of the cloud's database while it runs, and
  :func:`restore_database` puts such a copy back in place of the live file while the cloud is
  stopped: the cloud then starts from an older log (a backup restore, a rolled-back disk), and a
  console that saw the newer events follows a forked log unless it checks the chain.
* ``inject_raw_frame`` (on the carrier log) sends a garbage frame unlogged; the network's
  faults (black holes, drops, stalls) are a proxy's job (tests/faultproxy.py).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from cloudsim.db import Database
from cloudsim.eventlog import CarrierLog
from opticallock.protocol import canonical_json, chain_hash


def log_foreign_event(clog: CarrierLog, etype: str, fields: dict[str, Any], now: float) -> int:
    """Log an event of type ``etype`` (one this protocol does not know) with ``fields``, chained
    and published like any other; returns its seq. The carrier's state steps over it."""
    seq = clog.head_seq + 1
    body = {"seq": seq, "ts": now, "type": etype, **fields}
    digest = hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()
    prev_hash = clog.head_hash
    hsh = chain_hash(prev_hash, digest)
    text = json.dumps({"seq": seq, "ts": now, "prev_hash": prev_hash, "hash": hsh,
                       "type": etype, **fields}, ensure_ascii=False)
    with clog.db.transaction() as conn:
        conn.execute(
            "INSERT INTO log (carrier_id, seq, ts, type, lock_id, alarm_id, body, body_digest, "
            "prev_hash, hash) VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)",
            (clog.carrier_id, seq, now, etype, text, digest, prev_hash, hsh))
    clog.head_seq = seq
    clog.head_hash = hsh
    clog.state.skip(seq, hsh)
    for sub in tuple(clog.subscribers):
        sub.offer(seq, text)
    return seq


def copy_database(db: Database, dest: Path) -> None:
    """A consistent copy of the running cloud's database (SQLite's online backup); call it
    on the cloud's thread."""
    target = sqlite3.connect(dest)
    try:
        # Called on the cloud's loop thread (EmbeddedCloud.call), where every write happens:
        # nothing writes while it copies, so the copy is one moment's.
        db.conn.backup(target)
    finally:
        target.close()


def restore_database(copy: Path, live: Path) -> None:
    """Put ``copy`` in place of the stopped cloud's database file ``live`` (its WAL dropped)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    live.write_bytes(copy.read_bytes())


__all__ = ["copy_database", "log_foreign_event", "restore_database"]
