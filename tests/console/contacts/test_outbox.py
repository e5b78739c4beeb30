"""The contact outbox keeps unsent messages and call records across restarts; a corrupt file is
moved aside and a fresh one used, so the console still starts."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from console.contacts.outbox import INTERRUPTED, ContactOutbox, ContactState

BODY = {"request_id": "r" * 32, "text": "Call dispatch.", "alarm_id": None, "trailer_id": None}


def test_items_survive_a_restart_and_one_left_sending_is_failed(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with ContactOutbox(path) as outbox:
        outbox.add("message", "DRV-1", BODY, 10.0, username="ana")
    with ContactOutbox(path) as again:
        [item] = again.all()
    assert (item.kind, item.driver_id, item.username, item.text) == (
        "message", "DRV-1", "ana", "Call dispatch.")
    assert item.state is ContactState.FAILED
    assert item.last_error == INTERRUPTED


def test_a_corrupt_file_is_moved_aside_and_a_fresh_one_used(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "c.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xde\xad\xbe\xef" * 1024)
    with caplog.at_level(logging.ERROR, logger="console.contacts.outbox"), \
            ContactOutbox(path) as outbox:
        assert outbox.all() == []
        outbox.add("message", "DRV-1", BODY, 10.0, username="ana")
    assert "contact outbox" in caplog.text
    assert "corrupt" in caplog.text
    assert len(list(tmp_path.glob("c.db.corrupt-*"))) == 1
    with ContactOutbox(path) as again:  # the fresh file is the one in use now
        assert [i.request_id for i in again.all()] == [BODY["request_id"]]


def test_a_memory_outbox_needs_no_file(tmp_path: Path) -> None:
    with ContactOutbox(":memory:") as outbox:
        outbox.add("call", "DRV-1", {"request_id": "c" * 32, "outcome": "reached"})
        assert len(outbox) == 1
    assert not list(tmp_path.iterdir())
