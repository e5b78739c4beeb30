"""A damaged outbox: its readable actions are kept, the rest set aside, and the words say so."""

from __future__ import annotations

from pathlib import Path

from console.alarms.outbox import Outbox, damage_notice
from tests.console.link.test_storage import NOT_A_DATABASE, damage_page_holding


def typed_offline(path: Path, count: int = 300) -> None:
    with Outbox(path) as outbox:
        for i in range(count):
            outbox.add("ack", f"AL-{i}", {"request_id": f"req-{i:04d}", "note": "n" * 200},
                       created_at=float(i), username="ana")


def test_a_damaged_page_keeps_the_readable_actions_and_counts_the_others(
        tmp_path: Path) -> None:
    path = tmp_path / "o.db"
    typed_offline(path)
    damage_page_holding(path, b"req-0150")
    with Outbox(path) as outbox:
        report = outbox.damage
        kept = outbox.all()
    assert report is not None
    assert report.aside.exists()
    assert report.aside.name.startswith("o.db.corrupt-")
    assert report.kept == len(kept)
    assert report.unreadable
    assert report.kept + report.unreadable == 300
    assert 250 < len(kept) < 300
    ids = [a.request_id for a in kept]
    assert ids == sorted(ids)  # still in the order typed
    assert {"req-0000", "req-0299"} <= set(ids)
    assert "req-0150" not in ids
    assert kept[0].body == {"request_id": "req-0000", "note": "n" * 200}
    assert kept[0].username == "ana"
    title, text = damage_notice(report)
    assert title
    assert f"{report.unreadable} actions typed offline could not be read" in text
    assert report.aside.name in text
    assert "NOT sent" in text
    # The fresh file holds what was kept, and the next start finds nothing wrong.
    with Outbox(path) as again:
        assert again.damage is None
        assert [a.request_id for a in again.all()] == ids


def test_a_file_that_is_no_database_is_set_aside_and_said_so(tmp_path: Path) -> None:
    path = tmp_path / "o.db"
    path.write_bytes(NOT_A_DATABASE)
    with Outbox(path) as outbox:
        assert outbox.all() == []
        report = outbox.damage
    assert report is not None
    assert (report.kept, report.unreadable) == (0, None)
    _, text = damage_notice(report)
    assert "NOT sent" in text
    assert report.aside.name in text


def test_a_sound_outbox_reports_no_damage(tmp_path: Path) -> None:
    path = tmp_path / "o.db"
    typed_offline(path, 3)
    with Outbox(path) as outbox:
        assert outbox.damage is None
        assert len(outbox) == 3
    assert not list(tmp_path.glob("*.corrupt-*"))
