"""How text that came over the network is shown: one policy for names, notes, details and
places in tables, labels, the map page and the audit PDF.

**Bidirectional text.** A driver's name, a trailer's note or a place name is untrusted: it may
hold Unicode's explicit direction controls, and it may be written right to left. Either way it
must not move the text printed around it, and it must not disguise itself. The policy is
:func:`isolate`, and it is the only one (never strip here and isolate there):

1. *Strip* every explicit direction control from the untrusted string: the embeddings and
   overrides U+202A–U+202E (LRE, RLE, PDF, LRO, RLO), the isolates U+2066–U+2069 (LRI, RLI,
   FSI, PDI) and the marks U+200E, U+200F, U+061C (LRM, RLM, ALM). An override left inside the
   string would still show the name itself reversed (the classic spoofing trick), and a stray
   PDI inside it would close the isolate of step 2 early. Nothing else is touched: combining
   marks, the joiners (ZWJ, ZWNJ) and ordinary Arabic or Hebrew letters stay as they are, and
   the text is not normalised, so it reads (and is searched) as it was written.
2. *Isolate* what is left when it holds right-to-left letters or Arabic digits (bidi classes
   R, AL, AN): wrap it in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (U+2068 … U+2069).
   Stripping alone is not enough there: after an Arabic name, the Unicode bidi algorithm turns
   the digits of a phone number printed next to it into Arabic numbers (rule W2) and the
   separator between them takes their direction (N1), so the number jumps to the name's other
   side. Inside an isolate the name is one neutral character to the text around it, and reads
   in its own direction inside. Left-to-right text is returned unchanged (no isolate needed:
   it cannot reorder anything around it), so ordinary names stay the plain strings they were.

Isolate each untrusted piece on its own, where it is put into a sentence
(``"{name} · {phone}"``), not the finished sentence: a sentence isolated as a whole would still
let its Arabic name move its phone number. :func:`isolate` is idempotent. Qt's text engine and
the browser both implement the isolates (Unicode 6.3), and a PDF written by Qt keeps the
visual order they give.

**Long unbroken strings.** A 10,000-character name without a space cannot wrap: a label that
shows it whole is 10,000 characters wide, and so is the window around it. :func:`elide_words`
cuts every unbroken run longer than :data:`MAX_WORD_CHARS` to that many characters and an
ellipsis, for labels; the widgets also never let such a label set the window's width, and keep
the whole (isolated) text in its tooltip. Tables elide by themselves (the view's elide mode).
"""

from __future__ import annotations

import html
import re
import unicodedata

#: FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: what :func:`isolate` wraps text in.
FSI = "\u2068"
PDI = "\u2069"

#: The explicit direction controls :func:`isolate` removes from untrusted text.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # LRE RLE PDF LRO RLO
    "\u2066\u2067\u2068\u2069"  # LRI RLI FSI PDI
    "\u200e\u200f\u061c"  # LRM RLM ALM
)

_STRIP = str.maketrans(dict.fromkeys(BIDI_CONTROLS))
#: Bidi classes that can reorder the text around them: right-to-left letters, Arabic digits.
_RTL_CLASSES = frozenset({"R", "AL", "AN"})
#: No character before Hebrew (U+0590) is of those classes: text below it needs no scan (most
#: names, ids and places; the fleet's 10,000 driver names go through here at each snapshot).
RTL_FLOOR = "\u0590"

#: The longest unbroken run of characters a label shows before eliding it (about a third of a
#: detail panel's width in the default font).
MAX_WORD_CHARS = 40
ELLIPSIS = "…"

_WORD = re.compile(r"\S+")


def strip_bidi_controls(text: str) -> str:
    """``text`` without any explicit direction control (see the module's policy)."""
    return text.translate(_STRIP)


def isolate(text: object) -> str:
    """Untrusted text made safe to print among other text: its direction controls stripped,
    and wrapped in FSI … PDI if it holds right-to-left text (the module's policy)."""
    clean = strip_bidi_controls(str(text))
    if not clean or max(clean) < RTL_FLOOR:  # Latin and the like: nothing to isolate
        return clean
    if any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in clean if ch >= RTL_FLOOR):
        return f"{FSI}{clean}{PDI}"
    return clean


def elide_words(text: str, limit: int = MAX_WORD_CHARS) -> str:
    """``text`` with every run of non-space characters longer than ``limit`` cut to ``limit``
    characters and an ellipsis; isolates the cut opened are closed again. Spaces and line
    breaks are kept, so the text still wraps where it could."""

    def cut(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) <= limit:
            return word
        kept = word[:limit]
        unclosed = kept.count(FSI) - kept.count(PDI)
        return kept + ELLIPSIS + PDI * max(0, unclosed)

    return _WORD.sub(cut, text)


def is_elided(text: str, limit: int = MAX_WORD_CHARS) -> bool:
    """True when :func:`elide_words` would cut something from ``text``."""
    return any(len(m.group(0)) > limit for m in _WORD.finditer(text))


# ---------------------------------------------------------------------- tooltips

#: Every unbroken run in a tooltip gets a break opportunity (ZERO WIDTH SPACE) this often, so a
#: 10,000-character name wraps in the tooltip instead of making it 10,000 characters wide.
TOOLTIP_WORD_CHARS = 60
#: The most characters a tooltip shows (a little more than the longest note on the wire); longer
#: text is cut with an ellipsis, so a hostile name cannot fill the screen with lines either.
MAX_TOOLTIP_CHARS = 2400
ZWSP = "\u200b"

_TOOLTIP_RUN = re.compile(rf"\S{{{TOOLTIP_WORD_CHARS + 1},}}")


def plain_tooltip(text: str | None) -> str:
    """``text`` as a tooltip that Qt shows literally and never wider than a paragraph.

    Qt guesses whether a tooltip is rich text (``Qt.mightBeRichText``): a driver named
    ``<b>x</b><img src=…>`` would be rendered as HTML. So the text is escaped and wrapped in a
    paragraph that keeps its line breaks (always rich text, never markup of the network's).
    A run without spaces longer than :data:`TOOLTIP_WORD_CHARS` gets a zero-width space every
    that many characters (the tooltip wraps there), and text beyond :data:`MAX_TOOLTIP_CHARS`
    is cut with an ellipsis (isolates the cut opened are closed). Empty text gives "" (no
    tooltip). The text's pieces from the network are isolated by the caller, as for labels.
    """
    if not text:
        return ""
    if len(text) > MAX_TOOLTIP_CHARS:
        kept = text[:MAX_TOOLTIP_CHARS]
        unclosed = kept.count(FSI) - kept.count(PDI)
        text = kept + ELLIPSIS + PDI * max(0, unclosed)

    def breakable(match: re.Match[str]) -> str:
        run = match.group(0)
        return ZWSP.join(run[i:i + TOOLTIP_WORD_CHARS]
                         for i in range(0, len(run), TOOLTIP_WORD_CHARS))

    text = _TOOLTIP_RUN.sub(breakable, text)
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"
