"""The text policy on plain data: direction controls stripped from untrusted text, right-to-left
text isolated, everything else kept as written; long unbroken runs elided for labels."""

from __future__ import annotations

import unicodedata

import pytest

from console.text import (
    BIDI_CONTROLS,
    ELLIPSIS,
    FSI,
    PDI,
    elide_words,
    is_elided,
    isolate,
    strip_bidi_controls,
)

RLO, LRO, PDF, LRI, RLI, LRM, RLM, ALM = ("\u202e", "\u202d", "\u202c", "\u2066", "\u2067",
                                          "\u200e", "\u200f", "\u061c")


@pytest.mark.parametrize("name", [
    f"{RLO}Ana Ruiz", f"Ana {LRO}Ruiz{PDF}", f"{RLI}Ana{PDI} Ruiz", f"{FSI}Ana Ruiz",
    f"Ana{LRM} Ruiz{RLM}", f"{ALM}Ana Ruiz{PDI}{PDI}", "\u202aAna\u202b Ruiz",
])
def test_direction_controls_are_stripped_from_a_left_to_right_name(name: str) -> None:
    assert isolate(name) == "Ana Ruiz"
    assert strip_bidi_controls(name) == "Ana Ruiz"


def test_every_explicit_control_is_in_the_policy() -> None:
    assert {*"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"} \
        == BIDI_CONTROLS


def test_plain_left_to_right_text_comes_back_unchanged() -> None:
    for text in ("Ana Ruiz", "+52 81 555 0100", "Laredo → Monterrey", "", "TR-0042"):
        assert isolate(text) == text


def test_combining_marks_and_joiners_are_kept_and_nothing_is_normalised() -> None:
    decomposed = "Jose\u0301 Me\u0301ndez"  # é as e + COMBINING ACUTE ACCENT
    assert isolate(decomposed) == decomposed
    assert unicodedata.normalize("NFC", isolate(decomposed)) == "José Méndez"
    persian = "می\u200cخواهم"  # ZWNJ keeps the two words' letters apart
    assert isolate(persian) == f"{FSI}{persian}{PDI}"


@pytest.mark.parametrize("name", ["سعيد علي", "דוד לוי", "٠٥٥٥"])
def test_right_to_left_text_is_kept_readable_inside_an_isolate(name: str) -> None:
    assert isolate(name) == f"{FSI}{name}{PDI}"
    # An override inside it is stripped, a stray PDI cannot close the isolate early.
    assert isolate(f"{RLO}{name}{PDI}") == f"{FSI}{name}{PDI}"


def test_isolate_is_idempotent_and_takes_any_object() -> None:
    once = isolate(f"{RLO}سعيد")
    assert isolate(once) == once
    assert isolate(42) == "42"


def test_a_long_unbroken_run_is_elided_and_short_words_are_not() -> None:
    text = "Note: " + "W" * 10_000 + " end"
    short = elide_words(text, limit=40)
    assert short == "Note: " + "W" * 40 + ELLIPSIS + " end"
    assert is_elided(text, limit=40)
    assert not is_elided("Ana Ruiz · +52 81 555 0100")
    assert elide_words("Ana Ruiz\nline two") == "Ana Ruiz\nline two"


def test_eliding_inside_an_isolate_closes_it() -> None:
    long_arabic = isolate("س" * 500)
    short = elide_words(long_arabic + " · +52", limit=10)
    assert short == FSI + "س" * 9 + ELLIPSIS + PDI + " · +52"
    assert short.count(FSI) == short.count(PDI)


def test_no_character_before_hebrew_needs_isolating() -> None:
    """isolate() skips its scan for text below U+0590: no character there is right-to-left."""
    import unicodedata

    from console.text import _RTL_CLASSES, RTL_FLOOR

    assert not [hex(c) for c in range(ord(RTL_FLOOR))
                if unicodedata.bidirectional(chr(c)) in _RTL_CLASSES]
    assert unicodedata.bidirectional("\u05d0") == "R"  # Hebrew alef, just past the floor
    assert isolate("Fernando López González") == "Fernando López González"
    assert isolate("José \u05e9\u05dc\u05d5\u05dd") == f"{FSI}José \u05e9\u05dc\u05d5\u05dd{PDI}"
