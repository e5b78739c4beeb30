"""The Spanish catalogue (resources/translations/opticallock_es.ts): extract, fill, check.

    .venv/bin/python scripts/translations.py update   # lupdate over the sources (existing
                                                      # translations kept), then fill what is
                                                      # unfinished from scripts/translations_es.py
                                                      # (--force: refill all it knows, after a
                                                      # translation there was revised)
    .venv/bin/python scripts/translations.py check    # the messages still unfinished, file:line
                                                      # (exit 1 if any), and placeholder mismatches
    .venv/bin/python scripts/translations.py count    # finished / unfinished

A new string: add its Spanish to ``TRANSLATIONS`` in scripts/translations_es.py (keyed by the
English source; a context-specific one in ``IN_CONTEXT``), then ``update``. A translation
edited in Qt Linguist is kept: ``update`` only fills messages that are unfinished.
The .ts keeps no line numbers (``-locations none``), so edits elsewhere do not churn it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from console.i18n import (  # noqa: E402
    Message,
    accelerators,
    catalogue_path,
    placeholders,
    qt_tool,
    read_catalogue,
)

#: What lupdate reads: every tr() and QCoreApplication.translate of the console.
SOURCES = ("console", "widgets", "maps", "main.py")
LANGUAGE = "es"
#: Module-level helpers that call QCoreApplication.translate with their module's context
#: (``def _tr(text): return QCoreApplication.translate(CONTEXT, text)``): lupdate files their
#: messages under the empty context; console/i18n.py finds them whatever the context asked.
TR_ALIASES = "tr+=_tr,tr+=_t"


def lupdate(target: Path, locations: str = "none") -> None:
    """Run lupdate over :data:`SOURCES` into ``target`` (translations in it are kept)."""
    tool = qt_tool("lupdate")
    if tool is None:
        raise SystemExit("lupdate not found (it ships in the PySide6 wheel)")
    subprocess.run([str(tool), "-silent", "-extensions", "py", "-no-obsolete",
                    "-tr-function-alias", TR_ALIASES,
                    "-locations", locations, "-source-language", "en",
                    "-target-language", LANGUAGE, *SOURCES, "-ts", str(target)],
                   cwd=ROOT, check=True)


def fill(path: Path, force: bool = False) -> int:
    """Fill the unfinished messages of ``path`` that scripts/translations_es.py knows (with
    ``force``, every message it knows: a revised translation replaces the one in the .ts)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from translations_es import IN_CONTEXT, TRANSLATIONS

    tree = ET.parse(path)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            element = message.find("translation")
            if element is None or (element.get("type") != "unfinished" and not force):
                continue
            source = message.findtext("source") or ""
            spanish = IN_CONTEXT.get((name, source), TRANSLATIONS.get(source))
            if spanish is None:
                continue
            if message.get("numerus") == "yes":
                forms = (spanish,) * 2 if isinstance(spanish, str) else spanish
                for child in list(element):
                    element.remove(child)
                element.text = None
                for form in forms:
                    ET.SubElement(element, "numerusform").text = form
            else:
                element.text = spanish if isinstance(spanish, str) else spanish[-1]
            element.attrib.pop("type", None)
            filled += 1
    ET.indent(tree, space="    ")
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(out, encoding="unicode")
        out.write("\n")
    return filled


def current(locations: bool = True) -> list[Message]:
    """The messages the sources hold today, with the catalogue's translations (the catalogue
    itself is not changed)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / catalogue_path(LANGUAGE).name
        shutil.copy(catalogue_path(LANGUAGE), copy)
        lupdate(copy, "absolute" if locations else "none")
        found = []
        for message in read_catalogue(copy):
            if message.location:  # relative to the copy: say it from the repository's root
                name, _, line = message.location.rpartition(":")
                path = (copy.parent / name).resolve()
                where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{line}"
                message = replace(message, location=where)  # noqa: PLW2901
            found.append(message)
        return found


def problems(messages: list[Message]) -> list[str]:
    """Finished translations whose placeholders or %n differ from their source's."""
    found = []
    for m in messages:
        if not m.finished:
            continue
        for form in m.forms:
            if placeholders(form) != placeholders(m.source):
                found.append(f"{m.context}: {m.source!r}: placeholders of {form!r}")
            if ("%n" in m.source) != ("%n" in form):
                found.append(f"{m.context}: {m.source!r}: %n of {form!r}")
            if accelerators(m.source) != accelerators(form):
                found.append(f"{m.context}: {m.source!r}: accelerator & of {form!r}")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    path = catalogue_path(LANGUAGE)
    if command == "update":
        path.parent.mkdir(parents=True, exist_ok=True)
        lupdate(path)
        print(f"filled {fill(path, force='--force' in argv)} messages")
        lupdate(path)  # back to lupdate's own layout
        command = "count"
    messages = current()
    unfinished = [m for m in messages if not m.finished]
    if command == "check":
        for m in unfinished:
            print(f"{m.location}: [{m.context}] {m.source!r}")
        for problem in problems(messages):
            print("MISMATCH", problem)
    elif command != "count":
        print(__doc__)
        return 2
    print(f"{len(messages) - len(unfinished)} finished, {len(unfinished)} unfinished, "
          f"{len(messages)} messages")
    return 1 if command == "check" and (unfinished or problems(messages)) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
