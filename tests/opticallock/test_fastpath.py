"""The fast positions decoder accepts exactly what the schema accepts, with the same values."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from opticallock.protocol import PositionsEvent, decode_frame
from opticallock.protocol.fastpath import decode_positions
from opticallock.protocol.frames import FrameError, stream_frame_adapter

GOOD_ROW = ["LCK-00001", 1_780_000_000.0, 28.77188, -98.94675, 80.0, 90.0]


def frame(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"seq": 7, "ts": 1_780_000_000.5, "prev_hash": "a" * 64,
                            "hash": "b" * 64, "type": "positions",
                            "rows": [GOOD_ROW, ["LCK-00002", 1_780_000_000, 30, -99, 0, 359.5]]}
    body.update(fields)
    return body


def same(event: Any, reference: Any) -> bool:
    """Equal fields, and rows of the same Python types (tuples of str and floats)."""
    def plain(e: Any) -> Any:
        return {"fields": e.model_dump(), "thinned": e.thinned,
                "rows": [tuple(type(v).__name__ for v in row) for row in e.rows],
                "row_types": sorted({type(row).__name__ for row in e.rows})}
    a, b = plain(event), plain(reference)
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_a_frame_the_server_writes_takes_the_fast_path_with_the_schemas_values() -> None:
    event = PositionsEvent(seq=3, ts=1_780_000_000.0, prev_hash="p", hash="h",
                           rows=[tuple(GOOD_ROW), ("LCK-2", 1_780_000_001.0, -1.5, 2.25, 0.0, 0.0)])
    text = event.model_dump_json()
    fast = decode_positions(text)
    assert fast is not None
    assert isinstance(fast, PositionsEvent)
    assert same(fast, stream_frame_adapter.validate_json(text))
    assert decode_positions(text.encode()) is not None
    assert decode_frame(text) == fast


def test_a_thinned_frame_keeps_its_mark() -> None:
    text = json.dumps(frame(thinned=True))
    fast = decode_positions(text)
    assert fast is not None
    assert fast.thinned is True


@pytest.mark.parametrize("change", [
    {"seq": 0}, {"seq": 1.0}, {"seq": "7"}, {"ts": -1.0}, {"ts": 2.0e10}, {"ts": "1"},
    {"type": "fiber"}, {"extra": 1}, {"thinned": "yes"}, {"rows": [GOOD_ROW[:5]]},
    {"rows": [["", *GOOD_ROW[1:]]]}, {"rows": [["x" * 65, *GOOD_ROW[1:]]]},
    {"rows": [["-LCK", *GOOD_ROW[1:]]]}, {"rows": [["LCK\n", *GOOD_ROW[1:]]]},
    {"rows": [["LCK é", *GOOD_ROW[1:]]]}, {"rows": [[*GOOD_ROW[:2], 90.5, *GOOD_ROW[3:]]]},
    {"rows": [[*GOOD_ROW[:3], -180.01, *GOOD_ROW[4:]]]},
    {"rows": [[*GOOD_ROW[:4], "80", GOOD_ROW[5]]]}, {"rows": [[*GOOD_ROW[:5], True]]},
])
def test_what_the_fast_path_is_not_sure_of_goes_to_the_schema(change: dict[str, Any]) -> None:
    text = json.dumps(frame(**change))
    assert decode_positions(text) is None
    try:
        reference = stream_frame_adapter.validate_json(text)
    except ValidationError:
        return  # refused by both; decode_frame says why
    assert same(decode_frame(text), reference)  # the schema coerced it: its value stands


def test_a_malformed_positions_frame_is_explained_by_the_schema() -> None:
    with pytest.raises(FrameError, match="validation error"):
        decode_frame(json.dumps(frame(rows=[["LCK\n", *GOOD_ROW[1:]]])))


def test_an_id_seen_once_valid_is_not_taken_for_another() -> None:
    assert decode_positions(json.dumps(frame())) is not None
    bad = frame(rows=[GOOD_ROW, ["LCK-00001 ", *GOOD_ROW[1:]]])
    assert decode_positions(json.dumps(bad)) is None


# Values that sit on and around every boundary the schema draws, and some it coerces.
ids = st.one_of(st.sampled_from(["LCK-1", "a", "A.b:c_d-9", "x" * 64, "x" * 65, "", "-a", "a\n",
                                 "\na", "a b", "é", "a/b", "LCK-00001"]),
                st.text(max_size=70))
numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([0, -0.0, 90, 90.0000001, -90, 180, -180.0001, 1e10, 1e10 + 1,
                                     -1e-300, 1e400]),
                    st.integers(-10**12, 10**12), st.booleans(), st.just("1.5"), st.none())
rows = st.lists(st.one_of(st.tuples(ids, numbers, numbers, numbers, numbers, numbers).map(list),
                          st.lists(numbers, max_size=7)), max_size=6)
frames = st.fixed_dictionaries(
    {"seq": st.one_of(st.integers(-2, 10**15), numbers), "ts": numbers, "rows": rows},
    optional={"type": st.sampled_from(["positions", "fiber", "Positions"]),
              "prev_hash": st.one_of(st.text(max_size=5), numbers),
              "hash": st.one_of(st.text(max_size=5), numbers),
              "thinned": st.one_of(st.booleans(), numbers),
              "extra": numbers})


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=frames)
def test_the_fast_path_never_accepts_what_the_schema_refuses(body: dict[str, Any]) -> None:
    body.setdefault("type", "positions")
    text = json.dumps(body)  # NaN and Infinity included, as a careless sender writes them
    fast = decode_positions(text)
    try:
        reference = stream_frame_adapter.validate_json(text)
    except ValidationError:
        assert fast is None
        return
    if fast is not None:
        assert same(fast, reference)


def test_the_strategy_reaches_both_verdicts() -> None:
    """The property above is only worth something if the fast path says yes on some frames."""
    accepted = 0
    for row in ([GOOD_ROW] * 3, [["LCK-9", 0, -90, 180, math.pi, -1]]):
        accepted += decode_positions(json.dumps(frame(rows=row))) is not None
    assert accepted == 2
