"""The alarm policies' working copy without a cloud: validation with the cloud's rules on plain
data, the two Qt models (qtmodeltester), and the editor following the store's log."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QObject, Qt

from console.alarms.policies import (
    CallListColumn,
    CallListModel,
    EntryDraft,
    PoliciesEditor,
    PolicyDraft,
    PolicyRole,
    PolicyTypesModel,
    ProblemField,
    changed_types,
    drafts_of,
    entry_problems,
    normal_address,
    validate,
    version_text,
)
from console.alarms.times import set_zone
from opticallock.protocol import (
    AlarmPolicy,
    AlarmType,
    CallListEntry,
    Channel,
    ContactRole,
    EscalationPolicies,
    PoliciesChangedEvent,
    PoliciesUpdate,
)
from tests.console.alarms.alarm_data import fleet, store_with


def entry(**fields: Any) -> EntryDraft:
    values: dict[str, Any] = {"role": ContactRole.SUPERVISOR, "name": "Marta Ruiz",
                              "channel": Channel.CALL, "address": "+34600123456",
                              "delay_s": 300.0}
    values.update(fields)
    return EntryDraft(**values)


def policies(version: int, by: str | None = "ana", **ack: float) -> EscalationPolicies:
    return EscalationPolicies(
        version=version, updated_by=by, updated_at=1_700_000_000.0 if by else None,
        policies=[AlarmPolicy(alarm_type=AlarmType(t), ack_within_s=s) for t, s in ack.items()])


# ---------------------------------------------------------------------- validation


@pytest.mark.parametrize(("channel", "address"), [
    (Channel.CALL, "+34600123456"),
    (Channel.SMS, "+1 (956) 555-0100"),  # what people type: the separators are taken out
    (Channel.CALL, "+1234567"),  # 7 digits
    (Channel.CALL, "+123456789012345"),  # 15 digits
    (Channel.EMAIL, "security@frontera.example"),
])
def test_addresses_the_cloud_takes_are_valid(channel: Channel, address: str) -> None:
    assert entry_problems(entry(channel=channel, address=address)) == {}


@pytest.mark.parametrize(("channel", "address"), [
    (Channel.CALL, "34600123456"),  # no "+"
    (Channel.SMS, "+123456"),  # 6 digits
    (Channel.CALL, "+1234567890123456"),  # 16 digits
    (Channel.CALL, "+34 600 CALL ME"),
    (Channel.CALL, "security@frontera.example"),  # an e-mail where a phone is called
    (Channel.EMAIL, "+34600123456"),  # a phone where an e-mail is sent
    (Channel.EMAIL, "security@frontera"),
    (Channel.EMAIL, "se curity@frontera.example"),
    (Channel.EMAIL, ""),
    (Channel.CALL, "   "),
])
def test_addresses_the_cloud_refuses_are_said_on_the_address(channel: Channel,
                                                              address: str) -> None:
    problems = entry_problems(entry(channel=channel, address=address))
    assert set(problems) == {ProblemField.ADDRESS}
    assert problems[ProblemField.ADDRESS]


def test_a_phone_number_is_sent_without_its_separators() -> None:
    assert normal_address(Channel.SMS, " +1 (956) 555-0100 ") == "+19565550100"
    assert normal_address(Channel.EMAIL, " a@b.example ") == "a@b.example"
    sent = entry(channel=Channel.SMS, address="+1 956-555-0100").to_entry()
    assert sent.address == "+19565550100"


@pytest.mark.parametrize(("delay_s", "ok"), [(0.0, True), (86_400.0, True), (-1.0, False),
                                             (86_401.0, False)])
def test_delays_are_zero_to_a_day(delay_s: float, ok: bool) -> None:
    assert (ProblemField.DELAY not in entry_problems(entry(delay_s=delay_s))) is ok


def test_a_name_is_needed_and_short() -> None:
    assert ProblemField.NAME in entry_problems(entry(name="  "))
    assert ProblemField.NAME in entry_problems(entry(name="x" * 81))
    assert ProblemField.NAME not in entry_problems(entry(name="x" * 80))


@pytest.mark.parametrize(("ack_s", "ok"), [(29.0, False), (30.0, True), (86_400.0, True),
                                           (86_401.0, False)])
def test_acknowledge_within_is_30_seconds_to_24_hours(ack_s: float, ok: bool) -> None:
    problems = validate([PolicyDraft(AlarmType.FIBER_CUT, ack_within_s=ack_s)])
    assert (problems == []) is ok
    assert all(p.field is ProblemField.ACK_WITHIN and p.row is None for p in problems)


def test_a_call_list_has_at_most_ten_entries_and_each_problem_names_its_row() -> None:
    draft = PolicyDraft(AlarmType.FORCED_ENTRY, call_list=[entry() for _ in range(10)])
    assert validate([draft]) == []
    draft.call_list.append(entry())
    draft.call_list[3].address = "nobody"
    problems = validate([draft])
    assert {(p.alarm_type, p.row, p.field) for p in problems} == {
        (AlarmType.FORCED_ENTRY, None, ProblemField.CALL_LIST),
        (AlarmType.FORCED_ENTRY, 3, ProblemField.ADDRESS)}


def test_what_validates_locally_is_what_the_protocol_takes() -> None:
    """A valid working copy makes a PoliciesUpdate the protocol's own model accepts."""
    drafts = drafts_of(None)
    drafts[0].call_list = [entry(), entry(channel=Channel.EMAIL, address="sec@x.example",
                                          role=ContactRole.CARRIER_SECURITY, delay_s=0)]
    assert validate(drafts) == []
    body = PoliciesUpdate(base_version=1, policies=[d.to_policy() for d in drafts])
    assert [p.alarm_type for p in body.policies] == list(AlarmType)


def test_every_alarm_type_has_a_draft_and_duress_is_quiet_by_default() -> None:
    drafts = drafts_of(policies(3, fiber_cut=60.0))
    assert [d.alarm_type for d in drafts] == list(AlarmType)
    assert drafts[0].ack_within_s == 60.0
    duress = next(d for d in drafts if d.alarm_type is AlarmType.DURESS)
    assert duress.covert


def test_changed_types_are_those_whose_policy_differs() -> None:
    assert changed_types(policies(1, fiber_cut=60.0, gps_lost=600.0),
                         policies(2, fiber_cut=60.0, gps_lost=900.0)) == [AlarmType.GPS_LOST]


def test_the_version_is_said_with_who_and_when_in_the_dispatchers_zone() -> None:
    set_zone(ZoneInfo("America/Chicago"))
    try:
        text = version_text(policies(4, by="ana"))
    finally:
        set_zone(None)
    assert text == "Version 4, saved by ana at 2023-11-14 16:13 CST"
    assert "defaults" in version_text(policies(1, by=None))


# ---------------------------------------------------------------------- models


def test_the_models_pass_qtmodeltester(qtmodeltester: Any, owner: QObject) -> None:
    store, _ = store_with(parent=owner)
    editor = PoliciesEditor(store, parent=owner)
    types = PolicyTypesModel(editor, parent=owner)
    qtmodeltester.check(types)
    calls = CallListModel(editor, parent=owner)
    calls.add_entry()
    calls.add_entry()
    qtmodeltester.check(calls)


def test_the_types_list_names_each_type_with_its_priority_colour(owner: QObject) -> None:
    store, _ = store_with(parent=owner)
    editor = PoliciesEditor(store, parent=owner)
    types = PolicyTypesModel(editor, parent=owner)
    assert types.rowCount() == len(AlarmType)
    first = types.index(0)
    assert first.data() == "Fiber seal cut"
    assert first.data(Qt.ItemDataRole.DecorationRole).name() == "#c62828"
    assert first.data(Qt.ItemDataRole.ToolTipRole) == "CRITICAL"
    assert first.data(PolicyRole.PROBLEM) is None
    editor.set_ack_within(AlarmType.FIBER_CUT, 10.0)
    assert "⚠" in first.data()
    assert first.data(PolicyRole.PROBLEM)


def test_the_call_list_is_edited_cell_by_cell_and_marks_what_to_fix(owner: QObject) -> None:
    store, _ = store_with(parent=owner)
    editor = PoliciesEditor(store, parent=owner)
    calls = CallListModel(editor, parent=owner)
    calls.set_alarm_type(AlarmType.FORCED_ENTRY)
    row = calls.add_entry()
    address = calls.index(row, CallListColumn.ADDRESS)
    assert address.data(PolicyRole.PROBLEM)  # empty: a phone number is needed
    assert calls.setData(calls.index(row, CallListColumn.NAME), "Carrier security desk")
    assert calls.setData(address, "+52 81 5555 0101")
    assert calls.setData(calls.index(row, CallListColumn.DELAY), 2.5)
    assert validate(editor.drafts) == []
    assert editor.dirty
    assert calls.index(row, CallListColumn.DELAY).data() == "2.5"
    # An e-mail channel makes the same phone number wrong.
    assert calls.setData(calls.index(row, CallListColumn.CHANNEL), Channel.EMAIL.value)
    assert address.data(PolicyRole.PROBLEM)
    assert calls.index(row, CallListColumn.ROLE).data(PolicyRole.CHOICES)[0] == (
        "dispatcher_on_duty", "Dispatcher on duty")
    assert not calls.setData(calls.index(row, CallListColumn.CHANNEL), "pigeon")
    # Rows are numbered as the problems name them; a long name is whole in its tooltip.
    assert calls.headerData(row, Qt.Orientation.Vertical) == "1"
    assert calls.index(row, CallListColumn.NAME).data(Qt.ItemDataRole.ToolTipRole) == (
        "Carrier security desk")


def test_entries_move_up_and_down_and_are_removed(owner: QObject) -> None:
    store, _ = store_with(parent=owner)
    editor = PoliciesEditor(store, parent=owner)
    calls = CallListModel(editor, parent=owner)
    for name in ("first", "second", "third"):
        calls.setData(calls.index(calls.add_entry(), CallListColumn.NAME), name)

    def names() -> list[str]:
        return [calls.index(r, CallListColumn.NAME).data() for r in range(calls.rowCount())]

    assert calls.move_entry(0, +1) == 1
    assert names() == ["second", "first", "third"]
    assert calls.move_entry(2, -1) == 1
    assert names() == ["second", "third", "first"]
    assert calls.move_entry(0, -1) == 0  # already first
    calls.remove_entry(1)
    assert names() == ["second", "first"]


# ---------------------------------------------------------------------- following the log


def apply_policies(store: Any, version: int, by: str, **ack: float) -> None:
    seq = (store.seq or 0) + 1
    store.apply_events([PoliciesChangedEvent(seq=seq, ts=1000.0 + seq,
                                             policies=policies(version, by, **ack))])


def test_the_editor_follows_policies_changed_on_the_stream(owner: QObject, qtbot: Any) -> None:
    store, _ = store_with(parent=owner)
    editor = PoliciesEditor(store, parent=owner)
    assert editor.base is None
    with qtbot.waitSignal(editor.loaded):
        apply_policies(store, 2, "ben", fiber_cut=45.0)
    assert editor.base is not None
    assert editor.base.version == 2
    assert editor.draft(AlarmType.FIBER_CUT).ack_within_s == 45.0


def test_a_new_version_over_edits_is_announced_and_the_edits_stay(owner: QObject,
                                                                 qtbot: Any) -> None:
    store, _ = store_with(parent=owner)
    apply_policies(store, 2, "ben", fiber_cut=45.0)
    editor = PoliciesEditor(store, parent=owner)  # adopts what the store has on open
    assert editor.base is not None
    assert editor.base.version == 2
    editor.set_ack_within(AlarmType.GPS_LOST, 120.0)
    with qtbot.waitSignal(editor.newerVersion) as said, \
            qtbot.assertNotEmitted(editor.loaded):
        apply_policies(store, 3, "ben", fiber_cut=90.0)
    assert "ben saved version 3" in said.args[0]
    assert "Fiber seal cut" in said.args[0]
    assert editor.draft(AlarmType.GPS_LOST).ack_within_s == 120.0
    assert editor.base.version == 2
    editor.discard()
    assert editor.base is not None
    assert editor.base.version == 3
    assert editor.draft(AlarmType.FIBER_CUT).ack_within_s == 90.0
    assert not editor.dirty


def test_a_snapshot_with_policies_is_adopted(owner: QObject, qtbot: Any) -> None:
    store, _ = store_with(parent=owner)
    editor = PoliciesEditor(store, parent=owner)
    snap = fleet()
    snap.policies = policies(7, "ana", battery_low=3600.0)
    with qtbot.waitSignal(editor.loaded):
        store.load_snapshot(snap)
    assert editor.base is not None
    assert editor.base.version == 7
    assert editor.draft(AlarmType.BATTERY_LOW).ack_within_s == 3600.0


def test_an_entry_from_the_cloud_reads_back_as_it_was() -> None:
    sent = CallListEntry(role=ContactRole.CUSTOMER, name="Acme", channel=Channel.EMAIL,
                         address="alerts@acme.example", delay_s=900.0)
    assert EntryDraft.of(sent).to_entry() == sent
