"""A damaged contact outbox: readable messages are kept (failed, to retry), the rest set aside."""

from __future__ import annotations

from pathlib import Path

from console.contacts.outbox import ContactOutbox, ContactState, damage_notice
from tests.console.link.test_storage import damage_page_holding


def test_a_damaged_page_keeps_the_readable_messages_and_counts_the_others(
        tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with ContactOutbox(path) as outbox:
        for i in range(300):
            outbox.add("message", f"D-{i % 5}", {"request_id": f"msg-{i:04d}",
                                                 "text": "t" * 200}, created_at=float(i))
    damage_page_holding(path, b"msg-0150")
    with ContactOutbox(path) as outbox:
        report = outbox.damage
        kept = outbox.all()
    assert report is not None
    assert report.aside.exists()
    assert report.unreadable
    assert report.kept == len(kept)
    assert report.kept + report.unreadable == 300
    ids = [c.request_id for c in kept]
    assert ids == sorted(ids)
    assert {"msg-0000", "msg-0299"} <= set(ids)
    assert all(c.state is ContactState.FAILED for c in kept)  # the dispatcher retries them
    _, text = damage_notice(report)
    assert f"{report.unreadable} messages or call records" in text
    assert "NOT sent" in text
    assert report.aside.name in text
    with ContactOutbox(path) as again:
        assert again.damage is None
        assert [c.request_id for c in again.all()] == ids
