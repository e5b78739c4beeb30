"""The cloud's database syncs every commit to disk (``synchronous=FULL`` in WAL mode): a logged
event, once sent on the stream, survives a power cut, not only a crash of the process."""

from __future__ import annotations

from pathlib import Path

from cloudsim.db import Database
from cloudsim.server import EmbeddedCloud

#: PRAGMA synchronous values: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
FULL = 2


def test_the_running_clouds_database_is_wal_with_full_sync(cloud: EmbeddedCloud) -> None:
    assert cloud.cloud is not None
    db = cloud.cloud.db
    assert cloud.call(lambda: db.one("PRAGMA synchronous")) == (FULL,)
    assert cloud.call(lambda: db.one("PRAGMA journal_mode")) == ("wal",)


def test_a_reopened_database_syncs_fully_too(tmp_path: Path) -> None:
    Database(tmp_path / "cloud.db").close()
    db = Database(tmp_path / "cloud.db")
    try:
        assert db.one("PRAGMA synchronous") == (FULL,)
    finally:
        db.close()
