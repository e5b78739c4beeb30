"""Render docs/conversation.png: a conversation opened from an alarm, with real cloudsim data.

Starts the embedded reference cloud, signs in, stages a fiber cut on the trailer of a
Spanish-speaking driver, opens the conversation from the alarm (as the alarm panel's "Message
driver…" does), sends a template in Spanish, waits until the simulated driver app has delivered,
read and answered it, records a call, starts a second message from a template, and grabs the
window offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/conversation_screenshot.py [PATH]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


async def _wait(predicate: object, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.05)


async def render(out: Path, data_dir: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from cloudsim.server import start_embedded
    from console.contacts.messaging import EntryStatus, Messenger
    from console.contacts.outbox import ContactOutbox
    from console.fleet.store import FleetStore
    from console.link.client import CloudClient
    from opticallock.protocol import CallOutcome, Language
    from widgets.contacts.center import ContactCenter

    cloud = start_embedded(data_dir / "cloud", locks=40, seed=7,
                           users=[("ana", "demo-pw", None)], incident_rate=0.0,
                           reply_probability=1.0, app_delay_scale=0.2)
    window = QWidget()
    client = CloudClient(cloud.url, parent=window)
    store = FleetStore(parent=window)
    client.snapshotLoaded.connect(store.load_snapshot)
    client.eventsReceived.connect(store.apply_events)
    contacts = ContactOutbox(":memory:")
    messenger = Messenger(store, contacts, username="ana", parent=window)
    messenger.set_client(client)
    center = ContactCenter(store, window, open_url=lambda _url: True)
    center.set_messenger(messenger)
    try:
        await client.sign_in("ana", "demo-pw")
        client.start(None)
        await _wait(lambda: client.status.live and store.state is not None, "live")
        assert store.state is not None
        driver = next(d for d in sorted(store.state.drivers.values(), key=lambda d: d.id)
                      if d.language is Language.ES and d.app_online and d.trailer_id)
        trailer = store.trailer(driver.trailer_id or "")
        if trailer is None or cloud.cloud is None:
            raise RuntimeError("the demo fleet has no Spanish-speaking driver with a trailer")
        sim, lock_id = cloud.cloud.sim, trailer.lock_id
        cloud.call(lambda: sim.inject_incident("fiber_cut", lock_id))
        await _wait(lambda: store.open_alarms_of(trailer.lock_id), "the alarm")
        alarm = store.open_alarms_of(trailer.lock_id)[0]

        dialog = center.message_for_alarm(alarm.id)
        assert dialog is not None
        view = dialog.view
        dialog.resize(600, 760)
        await _wait(lambda: messenger.is_loaded(driver.id), "conversation loaded")
        templates = {t.template_id: t for t in view.templates}
        view.use_template(templates["confirm_seal_intact"])
        view.send()
        await _wait(lambda: any(e.status is EntryStatus.RECEIVED
                                for e in messenger.conversation(driver.id)), "the reply")
        messenger.record_call(driver.id, CallOutcome.REACHED,
                              "Driver stopped at the Pemex station, waiting for the police.",
                              alarm_id=alarm.id, trailer_id=trailer.id,
                              placed_at=time.time() - 90)
        await _wait(lambda: any(e.kind == "call" and e.status is EntryStatus.RECORDED
                                for e in messenger.conversation(driver.id)), "the call")
        view.use_template(templates["do_not_open"])
        view.send()
        await _wait(lambda: sum(e.status is EntryStatus.RECEIVED
                                for e in messenger.conversation(driver.id)) == 2,
                    "the second reply")
        view.template_box.setCurrentIndex(view.template_box.findData("photo_of_seal"))
        view.use_template(templates["photo_of_seal"])
        await asyncio.sleep(0.3)  # let the layout settle before the grab
        view.scroll_to_bottom()
        await asyncio.sleep(0.1)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not dialog.grab().save(str(out)):
            raise RuntimeError(f"could not save {out}")
        print(f"saved {out} ({driver.name}, alarm {alarm.id})")
    finally:
        center.stop()
        messenger.stop()
        await client.close()
        contacts.close()
        cloud.stop()


def main() -> None:
    import qasync
    from PySide6.QtWidgets import QApplication

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "conversation.png"
    app = QApplication.instance() or QApplication(sys.argv)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory() as tmp, loop:
        loop.run_until_complete(render(out, Path(tmp)))


if __name__ == "__main__":
    main()
