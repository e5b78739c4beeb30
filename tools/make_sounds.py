#!/usr/bin/env python3
"""Synthesise the console's alarm sounds into ``resources/sounds/`` with nothing but the stdlib.

The dispatcher console must sound an alarm on a machine with no network and no sound pack, and
we must be free to ship what it plays: so the three cues are generated here from sine waves
(``math`` + ``wave``), committed, and owned by the project (no third-party audio, no licence to
track). The output is deterministic: a rerun gives byte-identical files, so a diff of the WAVs
means someone changed this script.

* ``alarm.wav``: a critical alarm arrived. A two-tone falling chime (880 Hz then 660 Hz, ~0.8 s):
  distinct from the operating system's own beeps, attention-getting without being shrill.
* ``escalation.wav``: a critical alarm is still not acknowledged. Louder, faster, harsher
  (odd harmonics): two triple beeps in ~1.2 s, played once per escalation level.
* ``notice.wav``: a high-priority alarm arrived. One soft tone that does not compete with a
  critical alarm.

All are 16-bit mono PCM at 44.1 kHz, the format every QSoundEffect backend plays.

Usage::

    .venv/bin/python tools/make_sounds.py            # rewrite resources/sounds/*.wav
    .venv/bin/python tools/make_sounds.py --check    # exit 1 if the committed files differ
"""

from __future__ import annotations

import argparse
import io
import math
import struct
import sys
import wave
from collections.abc import Callable
from pathlib import Path

RATE = 44_100
ROOT = Path(__file__).resolve().parents[1]
SOUNDS = ROOT / "resources" / "sounds"

#: A tone's harmonic mix: (multiple of the fundamental, relative amplitude).
Partials = tuple[tuple[int, float], ...]

CHIME: Partials = ((1, 1.0), (2, 0.25), (3, 0.08))
BEEP: Partials = ((1, 1.0), (3, 0.30), (5, 0.12))  # odd harmonics: square-ish, urgent
SOFT: Partials = ((1, 1.0), (2, 0.10))


def tone(freq_hz: float, seconds: float, peak: float, partials: Partials, *,
         attack_s: float = 0.005, release_s: float = 0.010, decay_per_s: float = 0.0
         ) -> list[float]:
    """One tone as floats in [-peak, peak].

    Raised-cosine attack and release stop the clicks a hard start or stop makes; an optional
    exponential decay makes a chime ring out like a struck bell rather than buzz.
    """
    n = round(seconds * RATE)
    norm = sum(a for _, a in partials)
    out: list[float] = []
    attack, release = max(1, round(attack_s * RATE)), max(1, round(release_s * RATE))
    for i in range(n):
        t = i / RATE
        value = sum(a * math.sin(2 * math.pi * freq_hz * k * t) for k, a in partials) / norm
        env = math.exp(-decay_per_s * t)
        if i < attack:
            env *= 0.5 - 0.5 * math.cos(math.pi * i / attack)
        if i >= n - release:
            env *= 0.5 - 0.5 * math.cos(math.pi * (n - 1 - i) / release)
        out.append(peak * env * value)
    return out


def silence(seconds: float) -> list[float]:
    return [0.0] * round(seconds * RATE)


def alarm() -> list[float]:
    return (tone(880.0, 0.36, 0.70, CHIME, attack_s=0.006, release_s=0.04, decay_per_s=2.5)
            + tone(660.0, 0.44, 0.70, CHIME, attack_s=0.006, release_s=0.08, decay_per_s=2.5))


def escalation() -> list[float]:
    def triple() -> list[float]:
        beep = tone(1046.5, 0.10, 0.92, BEEP, attack_s=0.003, release_s=0.008)
        gap = silence(0.06)
        return beep + gap + beep + gap + beep

    return triple() + silence(0.20) + triple() + silence(0.16)


def notice() -> list[float]:
    return tone(587.33, 0.50, 0.35, SOFT, attack_s=0.03, release_s=0.15, decay_per_s=1.5)


SYNTHS: dict[str, Callable[[], list[float]]] = {
    "alarm.wav": alarm,
    "escalation.wav": escalation,
    "notice.wav": notice,
}


def wav_bytes(samples: list[float]) -> bytes:
    """16-bit mono PCM; ``wave`` writes the header, little-endian frames are packed here."""
    frames = struct.pack(f"<{len(samples)}h",
                         *(max(-32767, min(32767, round(s * 32767))) for s in samples))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    return buffer.getvalue()


def build() -> dict[str, bytes]:
    return {name: wav_bytes(synth()) for name, synth in SYNTHS.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SOUNDS, help="directory to write into")
    parser.add_argument("--check", action="store_true",
                        help="compare with the files in --out instead of writing")
    args = parser.parse_args(argv)
    built = build()
    if args.check:
        stale = [name for name, data in built.items()
                 if not (args.out / name).is_file() or (args.out / name).read_bytes() != data]
        for name in stale:
            print(f"{args.out / name} differs from what tools/make_sounds.py makes",
                  file=sys.stderr)
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in built.items():
        (args.out / name).write_bytes(data)
        print(f"{args.out / name}: {len(data) / 1024:.0f} KiB, "
              f"{(len(data) - 44) / 2 / RATE:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
