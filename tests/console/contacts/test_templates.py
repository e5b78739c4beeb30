"""Message templates (the shipped file and strict loading), placeholders in the driver's
language, phone numbers and call URLs, and the driver directory's model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt

from console.contacts.messaging import build_call_url, check_call_url_template, normalise_phone
from console.contacts.models import DriverColumn, DriverFilterProxy, DriverRole, DriverTableModel
from console.contacts.templates import (
    TemplateContext,
    first_name,
    for_alarm,
    load_templates,
    location_phrase,
)
from opticallock.protocol import AlarmType, DriverAppEvent, Language, Position, Trip, TripEvent
from tests.console.alarms.alarm_data import LAREDO, store_with

# --------------------------------------------------------------------------- templates


def test_the_shipped_templates_have_english_and_spanish_and_the_issues_examples() -> None:
    templates = load_templates()
    ids = [t.template_id for t in templates]
    assert len(ids) == len(set(ids)) >= 6
    for t in templates:
        assert all([t.text(Language.EN), t.text(Language.ES), t.title(Language.EN),
                    t.title(Language.ES)])
    seal = next(t for t in templates if t.template_id == "confirm_seal_intact")
    ctx = TemplateContext(trailer="TR-10001", driver="Luis", location=None)
    assert seal.render(Language.EN, ctx) == "Confirm the seal on trailer TR-10001 is intact."
    assert seal.render("es", ctx) == "Confirme que el sello del remolque TR-10001 está intacto."
    stop = next(t for t in templates if t.template_id == "safe_stop_call")
    assert stop.render(Language.EN, ctx) == \
        "Stop at the nearest safe location and call dispatch."


def test_a_missing_value_stays_visible_for_the_dispatcher_to_fill_in() -> None:
    where = next(t for t in load_templates() if t.template_id == "where_are_you")
    text = where.render(Language.EN, TemplateContext(trailer="TR-1"))
    assert text.startswith("[driver], our system shows trailer TR-1 [location].")


def test_templates_suited_to_the_alarm_come_first_in_file_order() -> None:
    templates = load_templates()
    ordered = for_alarm(templates, AlarmType.BATTERY_LOW)
    assert ordered[0].template_id == "charge_lock"
    assert sorted(t.template_id for t in ordered) == sorted(t.template_id for t in templates)
    assert for_alarm(templates, None) == templates


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "message_templates.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _one(**changes: Any) -> dict[str, Any]:
    template: dict[str, Any] = {"id": "t1", "title": {"en": "T", "es": "T"},
                                "text": {"en": "Trailer {trailer}", "es": "Remolque {trailer}"}}
    template.update(changes)
    return {"templates": [template]}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ("{not json", "not valid JSON"),
        ([], "must hold a JSON object"),
        ({"templates": []}, "templates"),
        (_one(text={"en": "x"}), "no text in es"),
        (_one(title={"en": "x", "es": "y", "fr": "z"}), "unknown language(s) fr"),
        (_one(text={"en": "Trailer {trailr}", "es": "x"}), "unknown placeholder(s) {trailr}"),
        (_one(text={"en": "Trailer {", "es": "x"}), "literal brace"),
        (_one(text={"en": "x" * 401, "es": "x"}), "at most 400"),
        (_one(alarm_types=["meteor"]), "alarm_types"),
        (_one(id="Bad Id"), "id"),
        ({"templates": [_one()["templates"][0], _one()["templates"][0]]}, "more than once"),
    ],
)
def test_a_wrong_templates_file_is_refused_naming_the_file_and_the_problem(
        tmp_path: Path, data: Any, problem: str) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(ValueError, match="Message templates file") as info:
        load_templates(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_where_the_trailer_is_is_said_in_the_messages_language() -> None:
    in_town = Position(ts=0, lat=LAREDO[0], lon=LAREDO[1], speed_kmh=0, heading_deg=0)
    north = Position(ts=0, lat=LAREDO[0] + 0.2, lon=LAREDO[1] - 0.2, speed_kmh=0,
                     heading_deg=0)
    assert location_phrase(in_town, Language.EN) == "in Laredo, TX, US"
    assert location_phrase(in_town, Language.ES) == "en Laredo, TX, US"
    english = location_phrase(north, Language.EN)
    spanish = location_phrase(north, Language.ES)
    assert english is not None
    assert spanish is not None
    assert english.endswith(" km NW of Laredo, TX, US")
    assert spanish.startswith("a ")
    assert spanish.endswith(" km al NO de Laredo, TX, US")
    assert location_phrase(None, Language.ES) is None
    assert first_name("José Hernández García") == "José"


# --------------------------------------------------------------------------- phones and URLs


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("+1 619 555 0142", "+16195550142"),
        ("+52 (664) 555-0142", "+526645550142"),
        ("0052 664 555 0142", "+526645550142"),
        ("(619) 555-0142", "6195550142"),
    ],
)
def test_phone_numbers_are_normalised_for_dialling(phone: str, expected: str) -> None:
    assert normalise_phone(phone) == expected


def test_call_urls_follow_the_template_and_bad_templates_are_refused() -> None:
    assert build_call_url("tel:{phone}", "+1 619 555 0142") == "tel:+16195550142"
    assert build_call_url("sip:{digits}@pbx.example", "+1 619 555 0142") == \
        "sip:16195550142@pbx.example"
    # In a web softphone's URL the "+" must be encoded, or it arrives as a space.
    assert build_call_url("https://pbx.example/call?n={phone}", "+52 664 555 0142") == \
        "https://pbx.example/call?n=%2B526645550142"
    for bad, words in [("tel:", "no {phone}"), ("tel:{number}", "unknown placeholder"),
                       ("{phone}", "scheme"), ("tel:{phone", "Call URL template")]:
        with pytest.raises(ValueError, match=words):
            check_call_url_template(bad)
    with pytest.raises(ValueError, match="no digits"):
        build_call_url("tel:{phone}", "call the office")


# --------------------------------------------------------------------------- the directory model


def test_the_driver_model_lists_drivers_by_name_and_follows_the_stream(
        qtmodeltester: Any, owner: QObject) -> None:
    store, _feed = store_with(parent=owner)
    model = DriverTableModel(store, parent=owner)
    qtmodeltester.check(model)
    names = [model.index(r, DriverColumn.NAME).data() for r in range(model.rowCount())]
    assert names == sorted(names, key=str.lower)
    row = model.row_of_driver("DRV-2")
    assert row is not None
    assert model.index(row, DriverColumn.APP).data() == "online"
    assert model.index(row, DriverColumn.TRAILER).data() == "TR-2"
    assert model.index(row, DriverColumn.LANGUAGE).data() == "English"
    assert model.index(row, 0).data(DriverRole.DRIVER_ID) == "DRV-2"

    changed: list[int] = []
    model.dataChanged.connect(lambda a, _b: changed.append(a.row()))
    assert store.seq is not None
    store.apply_events([DriverAppEvent(seq=store.seq + 1, ts=1001.0, driver_id="DRV-2",
                                       online=False)])
    store.flush()
    assert changed == [row]
    assert model.index(row, DriverColumn.APP).data() == "offline"
    assert model.index(row, DriverColumn.APP).data(Qt.ItemDataRole.ForegroundRole) is not None
    # A trip event moves the driver to another trailer.
    trip = Trip(id="TP-1", trailer_id="TR-3", origin_id="GF-A", origin_name="A",
                destination_id="GF-B", destination_name="B", route="I-35",
                window_start=1000.0, window_end=2000.0)
    store.apply_events([TripEvent(seq=store.seq + 1, ts=1002.0, phase="planned", trip=trip,
                                  driver_id="DRV-2")])
    store.flush()
    assert model.index(row, DriverColumn.TRAILER).data() == "TR-3"
    qtmodeltester.check(model)


def test_the_directory_search_matches_any_words_and_phone_digits(owner: QObject) -> None:
    store, _feed = store_with(parent=owner)
    model = DriverTableModel(store, parent=owner)
    proxy = DriverFilterProxy(owner)
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 4
    proxy.set_search("luis")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Luis Ortega"]
    proxy.set_search("9565550100 tr-4")
    assert [proxy.index(r, 0).data(DriverRole.DRIVER_ID) for r in range(proxy.rowCount())] == \
        ["DRV-4"]
    proxy.set_search("english online")
    assert proxy.rowCount() == 4
    proxy.set_search("español")
    assert proxy.rowCount() == 0
