"""The Spanish catalogue against the sources (every message translated, placeholders, plurals
and accelerators kept), the language chosen (preference, else the system's), the run-time
compilation, and the translators installed and removed live."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from pytestqt.qtbot import QtBot

from console.i18n import (
    Message,
    Retranslator,
    Translation,
    accelerators,
    catalogue_path,
    choose_language,
    compile_catalogue,
    placeholders,
    qt_tool,
    read_catalogue,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("console", "widgets", "maps", "main.py")


@pytest.fixture(scope="module")
def current_messages(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    """The messages the sources hold today, with the committed catalogue's translations."""
    lupdate = qt_tool("lupdate")
    assert lupdate is not None, "lupdate ships in the PySide6 wheel"
    copy = tmp_path_factory.mktemp("ts") / "opticallock_es.ts"
    shutil.copy(catalogue_path("es"), copy)
    subprocess.run([str(lupdate), "-silent", "-extensions", "py", "-no-obsolete",
                    # the modules' own helpers: def _tr(text): return translate(CONTEXT, text)
                    "-tr-function-alias", "tr+=_tr,tr+=_t",
                    "-locations", "absolute", "-target-language", "es", *SOURCES,
                    "-ts", str(copy)], cwd=ROOT, check=True, timeout=120)
    return read_catalogue(copy)


def _where(message: Message) -> str:
    """``file:line [context] 'source'``, the file said from the repository's root."""
    name, _, line = message.location.rpartition(":")
    path = name
    for part in SOURCES:
        if f"/{part}" in name:
            path = name[name.index(f"/{part}") + 1:]
            break
    return f"{path}:{line} [{message.context}] {message.source!r}"


def test_every_message_in_the_sources_has_a_spanish_translation(
        current_messages: list[Message]) -> None:
    assert len(current_messages) > 1000
    unfinished = [_where(m) for m in current_messages if not m.finished]
    assert not unfinished, (
        f"{len(unfinished)} messages have no Spanish: add them to scripts/translations_es.py "
        "and run `.venv/bin/python scripts/translations.py update`:\n" + "\n".join(unfinished))


def test_the_committed_catalogue_is_up_to_date(current_messages: list[Message]) -> None:
    committed = {(m.context, m.source) for m in read_catalogue(catalogue_path("es"))}
    missing = [_where(m) for m in current_messages if (m.context, m.source) not in committed]
    assert not missing, "run scripts/translations.py update:\n" + "\n".join(missing)


def test_translations_keep_placeholders_plurals_and_accelerators(
        current_messages: list[Message]) -> None:
    wrong = []
    for m in current_messages:
        if not m.finished:
            continue
        if "%n" in m.source and not m.numerus:
            wrong.append(f"{m.source!r}: lupdate filed it without plural forms (it does so for "
                         "a translate() whose count is not a literal number)")
        if m.numerus and len(m.forms) != 2:
            wrong.append(f"{m.source!r}: Spanish has two plural forms, not {len(m.forms)}")
        for form in m.forms:
            if placeholders(form) != placeholders(m.source):
                wrong.append(f"{m.source!r} → {form!r}: placeholders differ")
            if m.source.count("%n") != form.count("%n"):
                wrong.append(f"{m.source!r} → {form!r}: %n differs")
            if accelerators(m.source) != accelerators(form):
                wrong.append(f"{m.source!r} → {form!r}: accelerator & differs")
    assert not wrong, "\n".join(wrong)


def test_accelerators_are_counted_as_qt_reads_them() -> None:
    assert accelerators("&Acknowledge…") == 1
    assert accelerators("Lock && seal signal") == 0
    assert accelerators("<b>{count}</b>&nbsp; {status}") == 0
    assert accelerators("Alarms & actions") == 0
    assert placeholders("use {{phone}} or {digits}, {digits}") == ["digits", "digits"]


# ------------------------------------------------------------------------------- the choice


@pytest.mark.parametrize(("preference", "system", "expected"), [
    ("es", "en_US", "es"),
    ("en", "es_MX", "en"),
    ("", "es_MX", "es"),
    ("", "es_US", "es"),
    ("", "en_US", "en"),
    ("", "de_DE", "en"),  # a language we do not have: English
    ("fr", "es_MX", "es"),  # an unknown preference is ignored
])
def test_the_preference_wins_else_the_system_language(
        preference: str, system: str, expected: str) -> None:
    assert choose_language(preference, QLocale(system)) == expected


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANG": "es_MX.UTF-8", "LC_ALL": "es_MX.UTF-8", "LANGUAGE": "es_MX"}, "es"),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8", "LANGUAGE": "en_US"}, "en"),
])
def test_an_empty_preference_follows_the_operating_system(
        env: dict[str, str], expected: str) -> None:
    code = "from console.i18n import choose_language; print(choose_language(''))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, env={**os.environ, **env}, check=True, timeout=60)
    assert result.stdout.strip() == expected


# ------------------------------------------------------------------------------- compiling


def test_the_catalogue_is_compiled_when_missing_or_older_than_its_source(
        tmp_path: Path) -> None:
    ts = tmp_path / "opticallock_es.ts"
    shutil.copy(catalogue_path("es"), ts)
    qm = compile_catalogue(ts, tmp_path / "cache")
    assert qm is not None
    assert qm.stat().st_size > 10_000
    first = qm.stat().st_mtime_ns
    assert compile_catalogue(ts, tmp_path / "cache") == qm
    assert qm.stat().st_mtime_ns == first  # up to date: not compiled again
    later = time.time() + 5
    os.utime(ts, (later, later))
    compile_catalogue(ts, tmp_path / "cache")
    assert qm.stat().st_mtime_ns != first


# ------------------------------------------------------------------------------- switching


@pytest.fixture
def translation(qapp: QCoreApplication, tmp_path: Path) -> Iterator[Translation]:
    translation = Translation(tmp_path / "cache")
    yield translation
    translation.set_language("en")


def test_switching_installs_and_removes_the_translators(
        translation: Translation, qtbot: QtBot) -> None:
    def tr(context: str, text: str) -> str:
        return QCoreApplication.translate(context, text)

    assert tr("AlarmQueueView", "&Acknowledge…") == "&Acknowledge…"
    with qtbot.waitSignal(translation.languageChanged) as changed:
        assert translation.set_language("es")
    assert changed.args == ["es"]
    assert translation.language == "es"
    assert tr("AlarmQueueView", "&Acknowledge…") == "&Reconocer…"
    assert tr("Handover", "Shift handover — {carrier}") == "Entrega de turno — {carrier}"
    # Qt's own words (the standard dialog buttons) come with it.
    assert tr("QPlatformTheme", "Cancel") == "Cancelar"
    # A message asked under another context than lupdate filed it in is still found: a
    # subclass's tr(), a module's own _tr() helper (filed under the empty context).
    assert tr("SomeSubclass", "Trailer detail") == "Detalle del remolque"
    assert tr("ActionPlans", "A title is needed.") == "Se necesita un título."
    n = QCoreApplication.translate("HistoryView", "%n trip(s)", None, 3)
    assert n == "3 viajes"
    assert QCoreApplication.translate("HistoryView", "%n trip(s)", None, 1) == "1 viaje"
    translation.set_language("en")
    assert tr("AlarmQueueView", "&Acknowledge…") == "&Acknowledge…"
    assert tr("QPlatformTheme", "Cancel") == "Cancel"


def test_apply_follows_the_preference(translation: Translation) -> None:
    assert translation.apply("es") == "es"
    assert QCoreApplication.translate("MainWindow", "Fleet") == "Flotilla"
    assert translation.apply("en") == "en"
    assert QCoreApplication.translate("MainWindow", "Fleet") == "Fleet"


def test_an_unknown_language_is_refused(translation: Translation) -> None:
    with pytest.raises(ValueError, match="language"):
        translation.set_language("fr")


def test_text_built_once_is_turned_into_the_other_language() -> None:
    convert = Retranslator([
        ("Fleet", "Flotilla"), ("CRITICAL", "CRÍTICA"),
        ("Fiber seal cut", "Sello de fibra cortado"),
        ("{priority} {alarm}: {detail}", "{priority} {alarm}: {detail}"),
        ("{who} since {clock}", "{who} desde las {clock}"),
        ("L{level}", "N{level}"),
    ])
    assert convert("Fleet") == "Flotilla"
    assert convert("ana since 10:42") == "ana desde las 10:42"
    assert convert("Nothing we know") is None
    # The message with the most literal text wins.
    assert Retranslator([("Alarm", "Alarma"), ("Alarm {alarm}", "Alarma {alarm}"),
                         ("{status} (lock {lock})", "{status} (candado {lock})")],
                        )("Alarm (lock locked)") == "Alarma (candado locked)"
    # An id is one token: text from the cloud that happens to start alike is left alone.
    assert Retranslator([("Seal {number}", "Sello {number}")])("Seal signal dropped") is None
    assert Retranslator([("Seal {number}", "Sello {number}")])("Seal FS-1") == "Sello FS-1"
    # Too few letters to be recognised: "{start} a {end} ({zone})" is not any sentence.
    assert Retranslator([("{start} a {end} ({zone})", "{start} to {end} ({zone})")])(
        "Take a look (now)") is None
    # Too little literal text to be recognised: "Liberar" is no "L{level}".
    assert convert("Liberar") is None
    back = Retranslator([("Flotilla", "Fleet"), ("{who} desde las {clock}", "{who} since {clock}")])
    assert back("ana desde las 10:42") == "ana since 10:42"


# ------------------------------------------------------------------------------- the reports


def english_left(text: str) -> list[str]:
    """English messages of the catalogue (or their long literal parts) found in ``text``."""
    found = []
    for m in read_catalogue(catalogue_path("es")):
        if not m.finished or m.numerus or m.translation == m.source:
            continue
        for piece in re.split(r"\{\w+\}", m.source):
            part = piece.strip(" .,:;()—·")
            if len(part) >= 14 and part not in m.translation and part in text:
                found.append(f"[{m.context}] {part!r}")
    return sorted(set(found))


def test_the_audit_report_and_the_handover_follow_the_language(
        translation: Translation) -> None:
    from console.alarms.handover import HandoverItem, HandoverReport
    from console.reports.audit_report import build_html
    from opticallock.protocol import AlarmState, AlarmStep
    from tests.console.alarms.alarm_data import make_alarm
    from tests.console.reports.test_audit_report import history_and_trip

    def documents() -> list[str]:
        history, trip, subject = history_and_trip()
        step = AlarmStep(step_id="call_driver", label="Call the driver", done=True, by="ana",
                         at=1500.0)
        acked = make_alarm("AL-2", state=AlarmState.ACKNOWLEDGED, acknowledged_by="ana",
                           acknowledged_at=1200.0, ack_note="called", steps=[step])
        report = HandoverReport(
            shift_start=0.0, now=3600.0, dispatcher="ana", carrier="Frontera",
            open=[HandoverItem(alarm=make_alarm("AL-1"), where="Tijuana", driver="Luis")],
            acknowledged=[HandoverItem(alarm=acked, where="Tijuana", driver="Luis",
                                       steps_done=(step,))])
        return [build_html(subject, history, trip), report.to_html(), report.to_markdown()]

    assert translation.set_language("es")
    page, handover, markdown = documents()
    assert "Informe de auditoría de sello" in page
    assert "Entrega de turno — Frontera" in handover
    assert "Hecho" in markdown
    assert " en 2 paradas" in page  # "%n stop(s)", asked under a context lupdate did not see
    for document in (page, handover, markdown):
        assert english_left(document) == []
    translation.set_language("en")
    page, handover, _ = documents()
    assert "Seal audit report" in page
    assert "Shift handover — Frontera" in handover


def test_nothing_is_translated_when_a_module_is_imported() -> None:
    """A message translated at import (a module constant, a class attribute, a default
    argument) stays in the language installed at that moment: mark it with
    QT_TRANSLATE_NOOP and translate it where it is shown."""
    names = {"translate", "tr", "_tr", "_t"}
    found = []

    def visit(node: ast.AST, path: Path) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    visit(default, path)
            return  # its body runs when called
        if isinstance(node, ast.Lambda):
            return
        if isinstance(node, ast.Call):
            func = node.func
            name = (func.attr if isinstance(func, ast.Attribute)
                    else func.id if isinstance(func, ast.Name) else "")
            if name in names:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:80]}")
        for child in ast.iter_child_nodes(node):
            visit(child, path)

    for package in ("console", "widgets", "maps"):
        for path in sorted((ROOT / package).rglob("*.py")):
            visit(ast.parse(path.read_text(encoding="utf-8")), path)
    assert found == []


def test_without_lrelease_the_catalogue_is_read_as_it_is(
        qapp: QCoreApplication, tmp_path: Path) -> None:
    def no_compiler(ts: Path, cache_dir: Path) -> Path | None:
        return None

    translation = Translation(tmp_path / "cache", compiler=no_compiler)
    try:
        assert translation.set_language("es")
        tr = QCoreApplication.translate
        assert tr("MainWindow", "&Session") == "&Sesión"
        # The context still chooses where one English word has two Spanish ones.
        assert tr("Alarms", "Open") == "Abierta"
        assert tr("AlarmStatistics", "Open") == "Abiertas"
        assert tr("HistoryView", "%n trip(s)", None, 1) == "1 viaje"
        assert tr("HistoryView", "%n trip(s)", None, 4) == "4 viajes"
        assert not (tmp_path / "cache").exists()
    finally:
        translation.set_language("en")
    assert QCoreApplication.translate("MainWindow", "&Session") == "&Session"
