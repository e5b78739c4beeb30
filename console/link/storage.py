"""Opening the console's SQLite files: a corrupt one is moved aside once, never silently reused.

The journal and the two outboxes are each one SQLite file in the per-user data directory. Each
open first runs ``PRAGMA quick_check`` (not ``integrity_check``, which also cross-checks every
index against its table and takes far longer on a full journal): damage in the middle of a file
would otherwise pass the open and fail later, on every start. A file that the check or SQLite
itself says is corrupt (or not a database at all) is renamed to ``<name>.corrupt-<unix time>``
(with its ``-wal``/``-shm`` companions, kept for a post-mortem), what can still be read is
copied out of it by the owner's ``salvage`` (an outbox keeps its readable actions), and a fresh
file is created in its place. The owner gets a :class:`SetAside` saying what happened, to tell
the dispatcher. That happens once per open: a file that is corrupt again straight away is a real
failure and raises. Other errors (permissions, a full disk, a locked file) are never "fixed" by
moving the file: they raise as they are.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class SetAside:
    """A damaged file that was moved aside and rebuilt fresh: what the owner tells the
    dispatcher."""

    #: What the file is, in the log's words ("journal", "outbox", "contact outbox").
    what: str
    #: The file, now fresh.
    path: Path
    #: Where the damaged copy (and its -wal/-shm) now is.
    aside: Path
    #: Why: SQLite's error or the quick check's first findings.
    reason: str
    #: Rows copied from the damaged copy into the fresh file.
    kept: int = 0
    #: Rows known to be in the damaged copy that could not be read; None when nobody can tell
    #: (a damaged page hides how many rows it held).
    unreadable: int | None = 0


#: ``salvage(aside, fresh)``: copy what can still be read from the damaged copy at ``aside``
#: into the freshly created ``fresh``; returns (rows kept, rows known but unreadable or None).
Salvage = Callable[[Path, T], tuple[int, int | None]]


def quick_check(path: Path) -> str | None:
    """None if ``path`` is sound (or does not exist yet), else what is wrong with it.

    ``PRAGMA quick_check`` reads every page and checks each b-tree's structure, but not that
    indexes agree with their tables: linear in the file's size, a fraction of a second on a full
    journal. Raises other errors (a locked or unreadable file) as they are.
    """
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=5.0)
    except sqlite3.DatabaseError as exc:
        if is_corrupt(exc):
            return str(exc)
        raise
    try:
        rows = db.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_corrupt(exc):
            return str(exc)
        raise
    finally:
        db.close()
    findings = [str(row[0]) for row in rows]
    return None if findings == ["ok"] else "; ".join(findings)


def open_moving_corrupt_aside(path: Path, create: Callable[[], T], *, what: str,
                              lost: str = "starting afresh", level: int = logging.WARNING,
                              logger: logging.Logger = log,
                              salvage: Salvage[T] | None = None,
                              on_set_aside: Callable[[SetAside], None] | None = None,
                              check: bool = True) -> T:
    """``create()`` (which opens ``path`` and reads enough of it to find corruption), after a
    quick check of the file (unless not ``check``); if either says the file is corrupt, move it
    aside, log it to ``logger`` (``what`` names the file, ``lost`` says what that costs),
    ``create()`` once more on a fresh file, ``salvage`` what can be read from the damaged copy
    into it, and hand ``on_set_aside`` the :class:`SetAside`. The directory is created first
    (owner-only)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        problem = quick_check(path) if check else None
        if problem is None:
            return create()
    except sqlite3.DatabaseError as exc:
        if not is_corrupt(exc):
            raise
        problem = str(exc)
    aside = move_aside(path)
    logger.log(level, "%s %s is corrupt (%s): moved to %s, %s", what, path, problem,
               aside.name, lost)
    created = create()
    kept, unreadable = 0, None
    if salvage is not None:
        try:
            kept, unreadable = salvage(aside, created)
        except sqlite3.Error as exc:  # salvage is a bonus: the fresh file is what matters
            logger.warning("%s %s: salvaging from %s failed (%s)", what, path, aside.name, exc)
        logger.log(level, "%s %s: %d rows salvaged from %s, %s unreadable", what, path, kept,
                   aside.name, "an unknown number" if unreadable is None else unreadable)
    if on_set_aside is not None:
        on_set_aside(SetAside(what, path, aside, problem, kept, unreadable))
    return created


def salvage_rows(source: Path, target: sqlite3.Connection, table: str,
                 columns: Sequence[str]) -> tuple[int, int | None]:
    """Copy every row of ``table`` that can still be read from the damaged file ``source`` into
    the same table of ``target`` (rowids kept, so order is kept); returns (rows copied, rows
    known to exist but unreadable, or None when that cannot be told).

    Like sqlite3's ``.recover``, only by asking politely: the table is scanned from both ends
    (each scan stops at the first damaged page), its indexes give the rowids that should exist,
    and each rowid still missing is tried on its own. ``table`` and ``columns`` are the
    caller's own names, never input.
    """
    cols = ", ".join(columns)
    found: dict[int, tuple[object, ...]] = {}
    known: set[int] = set()
    index_read = False
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=5.0)
    try:
        for order in ("ASC", "DESC"):
            with contextlib.suppress(sqlite3.DatabaseError):
                for row in src.execute(f"SELECT rowid, {cols} FROM {table} "
                                       f"ORDER BY rowid {order}"):
                    found[int(row[0])] = tuple(row[1:])
        with contextlib.suppress(sqlite3.DatabaseError):
            indexes = [name for (name,) in src.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,))]
            for index in indexes:
                with contextlib.suppress(sqlite3.DatabaseError):
                    known.update(int(r) for (r,) in src.execute(
                        f"SELECT rowid FROM {table} INDEXED BY {index}"))
                    index_read = True
        for rowid in sorted(known - found.keys()):
            with contextlib.suppress(sqlite3.DatabaseError):
                row = src.execute(f"SELECT {cols} FROM {table} WHERE rowid = ?",
                                  (rowid,)).fetchone()
                if row is not None:
                    found[rowid] = tuple(row)
    finally:
        src.close()
    marks = ", ".join("?" * (len(columns) + 1))
    with immediate_transaction(target, f"{table} in {source}") as db:
        for rowid in sorted(found):
            db.execute(f"INSERT OR IGNORE INTO {table} (rowid, {cols}) "
                       f"VALUES ({marks})", (rowid, *found[rowid]))
    unreadable = len(known - found.keys()) if index_read else None
    return len(found), unreadable


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


__all__ = ["Salvage", "SetAside", "immediate_transaction", "is_corrupt", "make_private",
           "move_aside", "open_moving_corrupt_aside", "quick_check", "salvage_rows"]
