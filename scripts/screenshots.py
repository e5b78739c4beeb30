"""The README's console screenshots: both themes, both languages, a laptop's and a desktop's size.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py            # all eight
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py --only dark-es-1280x720

Each shot is ``main.py`` itself (embedded cloud in its own process, a staged fiber cut selected),
run with a fresh data directory and a preferences file that sets the theme and the language, so
what is pictured is what a dispatcher gets from those two preferences. Files land in docs/ as
``console-<theme>-<lang>-<W>x<H>.png``. Look at every one before committing it.
"""
from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THEMES = ("light", "dark")
LANGUAGES = ("en", "es")
SIZES = ("1280x720", "1920x1080")


def shoot(theme: str, language: str, size: str, out_dir: Path, quit_after: float) -> Path:
    """One screenshot; returns its path (raises CalledProcessError if main.py failed)."""
    out = out_dir / f"console-{theme}-{language}-{size}.png"
    with tempfile.TemporaryDirectory(prefix="shot-") as tmp:
        config = Path(tmp) / "config"
        config.mkdir()
        (config / "console.ini").write_text(
            f"[display]\ntheme={theme}\nlanguage={language}\n", encoding="utf-8")
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
        env.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
        subprocess.run(
            [sys.executable, str(ROOT / "main.py"), "--seed", "7", "--incident", "fiber_cut",
             "--data-dir", str(Path(tmp) / "data"), "--config-dir", str(config),
             "--window-size", size, "--screenshot", str(out),
             "--quit-after", str(quit_after)],
            cwd=ROOT, env=env, check=True, timeout=quit_after + 60)
    out.with_name(f"{out.stem}-map.png").unlink(missing_ok=True)  # the map alone: not needed
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[],
                        help="THEME-LANG-WxH (repeatable), e.g. dark-es-1280x720")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--quit-after", type=float, default=12.0)
    args = parser.parse_args(argv)
    wanted = [tuple(o.split("-")) for o in args.only] or list(
        itertools.product(THEMES, LANGUAGES, SIZES))
    for theme, language, size in wanted:
        print(shoot(theme, language, size, args.out, args.quit_after))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
