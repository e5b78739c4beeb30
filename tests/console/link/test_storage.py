"""Opening the console's SQLite files: a corrupt one is moved aside once, other errors raise."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from console.link.storage import is_corrupt, move_aside, open_moving_corrupt_aside

NOT_A_DATABASE = b"this is not a database" * 100


def connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
        db.execute("SELECT count(*) FROM t").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def test_a_sound_file_is_opened_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "s.db"
    db = open_moving_corrupt_aside(path, lambda: connect(path), what="store")
    db.execute("INSERT INTO t VALUES (7)")
    db.close()
    again = open_moving_corrupt_aside(path, lambda: connect(path), what="store")
    assert again.execute("SELECT x FROM t").fetchall() == [(7,)]
    again.close()
    assert not list(path.parent.glob("*.corrupt-*"))
    assert path.parent.stat().st_mode & 0o077 == 0  # the directory is the dispatcher's only


def test_a_corrupt_file_is_moved_aside_once_and_a_fresh_one_used(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(NOT_A_DATABASE)
    logger = logging.getLogger("tests.storage")
    with caplog.at_level(logging.ERROR, logger="tests.storage"):
        db = open_moving_corrupt_aside(path, lambda: connect(path), what="store",
                                       lost="its rows are lost", level=logging.ERROR,
                                       logger=logger)
    assert db.execute("SELECT count(*) FROM t").fetchone() == (0,)
    db.close()
    [aside] = tmp_path.glob("s.db.corrupt-*[0-9]")
    assert aside.read_bytes() == NOT_A_DATABASE
    [record] = [r for r in caplog.records if r.name == "tests.storage"]
    assert record.levelno == logging.ERROR
    assert "store" in record.getMessage()
    assert "its rows are lost" in record.getMessage()


def test_a_file_corrupt_again_after_the_move_raises(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    tries = []

    def always_corrupt() -> sqlite3.Connection:
        tries.append(1)
        path.write_bytes(NOT_A_DATABASE)
        return connect(path)

    with pytest.raises(sqlite3.DatabaseError) as caught:
        open_moving_corrupt_aside(path, always_corrupt, what="store")
    assert is_corrupt(caught.value)
    assert len(tries) == 2  # moved aside once, not in a loop
    assert len(list(tmp_path.glob("s.db.corrupt-*"))) == 1


def test_other_errors_never_move_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(NOT_A_DATABASE)

    def locked() -> sqlite3.Connection:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        open_moving_corrupt_aside(path, locked, what="store")
    assert path.read_bytes() == NOT_A_DATABASE
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_move_aside_takes_the_wal_and_shm_along_named_by_the_time(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"x")
    Path(f"{path}-wal").write_bytes(b"wal")
    Path(f"{path}-shm").write_bytes(b"shm")
    aside = move_aside(path, now=lambda: 1_700_000_000.9)
    assert aside == tmp_path / "s.db.corrupt-1700000000"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "s.db.corrupt-1700000000", "s.db.corrupt-1700000000-shm", "s.db.corrupt-1700000000-wal"]
    assert Path(f"{aside}-wal").read_bytes() == b"wal"
