"""Opening the console's SQLite files: a corrupt one is moved aside once, never silently reused.

The journal and the two outboxes are each one SQLite file in the per-user data directory. A
file that SQLite says is corrupt (or not a database at all) would fail every start, so it is
renamed to ``<name>.corrupt-<unix time>`` (with its ``-wal``/``-shm`` companions, kept for a
post-mortem) and a fresh file is created in its place. That happens once per open: a file that
is corrupt again straight away is a real failure and raises. Other errors (permissions, a full
disk, a locked file) are never "fixed" by moving the file: they raise as they are.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: SQLite's primary result codes for "the file is damaged" and "this is not a database" (not
#: "busy", which a second console on the same account could cause and which must not lose the
#: file).
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


def is_corrupt(exc: sqlite3.Error) -> bool:
    """Whether SQLite refused the file itself (damaged, or not a database)."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (SQLITE_CORRUPT, SQLITE_NOTADB)


def move_aside(path: Path, now: Callable[[], float] = time.time) -> Path:
    """Rename ``path`` and its ``-wal``/``-shm`` files to ``<name>.corrupt-<time>``; returns the
    new name of the main file."""
    aside = path.with_name(f"{path.name}.corrupt-{int(now())}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{path}{suffix}")
        if src.exists():
            src.replace(Path(f"{aside}{suffix}"))
    return aside


def open_moving_corrupt_aside(path: Path, create: Callable[[], T], *, what: str,
                              lost: str = "starting afresh", level: int = logging.WARNING,
                              logger: logging.Logger = log) -> T:
    """``create()`` (which opens ``path`` and reads enough of it to find corruption); if SQLite
    says the file is corrupt, move it aside, log it to ``logger`` (``what`` names the file,
    ``lost`` says what that costs) and ``create()`` once more on a fresh file. The directory is
    created first (owner-only)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        return create()
    except sqlite3.DatabaseError as exc:
        if not is_corrupt(exc):
            raise
        aside = move_aside(path)
        logger.log(level, "%s %s is corrupt (%s): moved to %s, %s", what, path, exc,
                   aside.name, lost)
        return create()


def make_private(path: Path) -> None:
    """Owner-only permissions on a file that holds what dispatchers did (best effort)."""
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


@contextlib.contextmanager
def immediate_transaction(db: sqlite3.Connection | None, what: str
                          ) -> Iterator[sqlite3.Connection]:
    """One write transaction on ``db`` (autocommit mode), rolled back on any error; ``what``
    names the file in the error when it is already closed."""
    if db is None:
        raise RuntimeError(f"{what} is closed")
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


__all__ = ["immediate_transaction", "is_corrupt", "make_private", "move_aside",
           "open_moving_corrupt_aside"]
