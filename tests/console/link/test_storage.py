"""Opening the console's SQLite files: a corrupt one is moved aside once, other errors raise."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from console.link.storage import (
    SetAside,
    is_corrupt,
    move_aside,
    open_moving_corrupt_aside,
    quick_check,
    salvage_rows,
)

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
    connect(path).close()
    sound = path.read_bytes()

    def locked() -> sqlite3.Connection:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        open_moving_corrupt_aside(path, locked, what="store")
    assert path.read_bytes() == sound
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


# ------------------------------------------------------------------ damage in a sound-looking file

GARBAGE = b"\xde\xad\xbe\xef"


def damage_page_holding(path: Path, marker: bytes) -> int:
    """Overwrite, in the closed file ``path``, the whole page that holds ``marker`` with garbage
    (as a failing disk would); returns the page's number (1-based)."""
    with sqlite3.connect(path) as probe:
        page_size = int(probe.execute("PRAGMA page_size").fetchone()[0])
    probe.close()
    data = path.read_bytes()
    offset = data.index(marker)
    page = offset // page_size
    assert page > 1  # never the header page: that would not be damage in the middle
    with path.open("r+b") as file:
        file.seek(page * page_size)
        file.write(GARBAGE * (page_size // len(GARBAGE)))
    return page + 1


def filled(path: Path, rows: int = 2000) -> None:
    db = connect(path)
    db.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(rows)])
    db.execute("CREATE TABLE IF NOT EXISTS notes (n TEXT)")
    db.executemany("INSERT INTO notes VALUES (?)", [(f"note-{i:05d}",) for i in range(rows)])
    db.close()


def test_damage_in_the_middle_that_opening_does_not_see_is_found_and_set_aside(
        tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    filled(path)
    damage_page_holding(path, b"note-01000")
    connect(path).close()  # opening and counting one table does not see it
    reports: list[SetAside] = []
    db = open_moving_corrupt_aside(path, lambda: connect(path), what="store",
                                   on_set_aside=reports.append)
    assert db.execute("SELECT count(*) FROM t").fetchone() == (0,)  # a fresh file
    db.close()
    [report] = reports
    assert report.what == "store"
    assert report.path == path
    assert report.aside.name.startswith("s.db.corrupt-")
    assert report.aside.exists()
    assert report.reason
    assert quick_check(path) is None
    # The next open finds a sound file: nothing more is set aside.
    again = open_moving_corrupt_aside(path, lambda: connect(path), what="store",
                                      on_set_aside=reports.append)
    again.close()
    assert len(reports) == 1
    assert len(list(tmp_path.glob("s.db.corrupt-*[0-9]"))) == 1


def test_quick_check_says_ok_files_and_missing_ones_are_sound(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    assert quick_check(path) is None
    assert not path.exists()  # checking does not create it
    filled(path)
    assert quick_check(path) is None
    path.write_bytes(NOT_A_DATABASE)
    assert quick_check(path)


def test_salvage_copies_every_readable_row_in_order_and_counts_the_lost(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE items (position INTEGER PRIMARY KEY, name TEXT UNIQUE, body TEXT)")
    db.executemany("INSERT INTO items VALUES (?, ?, ?)",
                   [(i, f"item-{i:04d}", "x" * 200) for i in range(1, 301)])
    db.close()
    damage_page_holding(path, b"item-0150")
    fresh = sqlite3.connect(tmp_path / "fresh.db", isolation_level=None)
    fresh.execute("CREATE TABLE items (position INTEGER PRIMARY KEY, name TEXT UNIQUE, body TEXT)")
    kept, unreadable = salvage_rows(path, fresh, "items", ["name", "body"])
    names = [name for (name,) in fresh.execute("SELECT name FROM items ORDER BY position")]
    fresh.close()
    assert 250 < kept < 300
    assert kept + (unreadable or 0) == 300  # the index tells how many the damaged page held
    assert len(names) == kept
    assert names == sorted(names)
    assert "item-0001" in names
    assert "item-0300" in names  # found beyond the damaged page
    assert "item-0150" not in names


def test_salvage_of_a_file_that_is_no_database_keeps_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(NOT_A_DATABASE)
    fresh = connect(tmp_path / "fresh.db")
    assert salvage_rows(path, fresh, "t", ["x"]) == (0, None)
    fresh.close()
