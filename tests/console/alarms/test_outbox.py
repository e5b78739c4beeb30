"""The outbox keeps unsent dispatcher actions, in order, across restarts, and never secrets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from console.alarms.outbox import Outbox


def test_actions_survive_a_restart_in_order_with_their_attempts(tmp_path: Path) -> None:
    path = tmp_path / "outbox.db"
    with Outbox(path) as outbox:
        ack = outbox.add("ack", "AL-1", {"request_id": "a" * 32, "note": "calling"}, 10.0)
        step = outbox.add("step", "AL-1", {"request_id": "b" * 32, "step_id": "call_driver",
                                           "label": "Call the driver", "done": True}, 11.0)
        outbox.add("seen", "AL-2", {"request_id": "c" * 32}, 12.0)
        outbox.record_attempt(ack.action_id, "Cannot reach the server")
        assert outbox.remove("c" * 32)
        assert not outbox.remove("c" * 32)
    with Outbox(path) as again:
        items = again.all()
    assert [(a.kind, a.alarm_id, a.created_at) for a in items] == [("ack", "AL-1", 10.0),
                                                                    ("step", "AL-1", 11.0)]
    assert items[0].action_id == items[0].request_id == "a" * 32
    assert items[0].body == {"request_id": "a" * 32, "note": "calling"}
    assert (items[0].attempts, items[0].last_error) == (1, "Cannot reach the server")
    assert items[1] == step


def test_a_request_id_is_added_when_missing(tmp_path: Path) -> None:
    with Outbox(tmp_path / "o.db") as outbox:
        one = outbox.add("seen", "AL-1", {})
        two = outbox.add("seen", "AL-1", {})
    assert len(one.request_id) == 32
    assert one.request_id != two.request_id
    assert one.body["request_id"] == one.action_id


def test_secrets_and_unknown_kinds_are_refused(tmp_path: Path) -> None:
    with Outbox(tmp_path / "o.db") as outbox:
        with pytest.raises(ValueError, match="secret"):
            outbox.add("ack", "AL-1", {"note": "x", "Token": "abc"})
        with pytest.raises(ValueError, match="unknown action kind"):
            outbox.add("delete", "AL-1", {})  # type: ignore[arg-type]
        assert outbox.all() == []
    with sqlite3.connect(tmp_path / "o.db") as db:
        assert db.execute("SELECT count(*) FROM actions").fetchone() == (0,)


def test_a_corrupt_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "o.db"
    path.write_bytes(b"this is not a database" * 100)
    with Outbox(path) as outbox:
        assert outbox.all() == []
        outbox.add("seen", "AL-1", {})
    assert list(tmp_path.glob("o.db.corrupt-*"))


def test_the_outbox_lives_next_to_the_journal(tmp_path: Path) -> None:
    journal = tmp_path / "journal" / "cloud.example-0123456789ab-frontera.sqlite"
    assert Outbox.path_next_to(journal) == journal.with_name(
        "cloud.example-0123456789ab-frontera.outbox.sqlite")
    with Outbox(Outbox.path_next_to(journal)) as outbox:
        action = outbox.add("seen", "AL-1", {}, username="ana")
    with Outbox(Outbox.path_next_to(journal)) as again:
        assert again.all() == [action]
        assert again.all()[0].username == "ana"
