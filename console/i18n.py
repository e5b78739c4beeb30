"""The interface language: which one, its compiled catalogue, and switching it live.

English is the source language (every ``tr()`` and ``QCoreApplication.translate`` is written
in English); Spanish lives in ``resources/translations/opticallock_es.ts``, extracted and filled
by ``scripts/translations.py``. The ``.ts`` is compiled at run time with the ``lrelease`` that
ships in the PySide6 wheel, into the cache directory, whenever the ``.qm`` there is missing or
older than the ``.ts``: nothing compiled is kept in the repository.

The preference (``Settings.language``: ``""``, ``"en"`` or ``"es"``) wins; ``""`` follows the
operating system's languages (``QLocale.system().uiLanguages()``), the first one we have.

Three translators are installed for a language: the compiled catalogue, Qt's own
``qtbase_<lang>`` (the standard dialog buttons), and, asked last, :class:`CatalogueTranslator`,
which reads the ``.ts`` and finds a message by its English text whatever the context (lupdate
files ``window.tr(...)`` under "window" and a module's ``_tr()`` helper under the empty
context, but Qt asks with the run-time class or the module's context; a plural asked where
lupdate saw no count still gets its forms). Without lrelease (a bundle that left it out) that
last one translates everything, more slowly.

Switching live: :class:`Translation` installs or removes the translators, which makes Qt send
``LanguageChange`` to every widget, then retranslates the text that widgets built once: every
text, title, tooltip, placeholder, tab, combo-box, tree and list item and header label under
the top-level widgets whose current value is a message of the catalogue in the old language
(formatted messages included: their placeholders are matched and put back into the new
language's message). Text that widgets refresh by themselves (counters, status lines, models'
data and headers) picks up the new language on its next refresh; models are asked to repaint
their headers at once. ``languageChanged`` is for whatever else must rebuild itself.

This module uses QtCore only (the console layer never imports QtWidgets): widgets are reached
through Qt's meta-object properties and by duck typing.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QModelIndex,
    QObject,
    Qt,
    QTranslator,
    Signal,
)

if TYPE_CHECKING:
    from console.settings import Settings

log = logging.getLogger(__name__)

#: The preference's key in Settings (its ``changed`` signal says this key).
LANGUAGE_KEY = "display/language"

#: The interface languages; the first is the source language of the code.
SUPPORTED = ("en", "es")
SOURCE_LANGUAGE = "en"
#: Where the ``.ts`` catalogues live (``opticallock_<lang>.ts``).
CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
#: Text properties of widgets and actions that are retranslated on a live switch.
TEXT_PROPERTIES = ("text", "windowTitle", "toolTip", "statusTip", "whatsThis",
                   "placeholderText", "title", "windowIconText", "accessibleName",
                   "accessibleDescription", "prefix", "suffix", "specialValueText")

#: A formatted message is recognised in a widget's text only with this many letters besides
#: its placeholders ("{start} a {end} ({zone})" would match about any sentence).
MIN_LITERAL = 3

#: Placeholders that hold one token (an id, a number, a clock time): a text whose value there
#: has a space is not that message ("Seal signal dropped" is no "Seal {number}").
ONE_TOKEN = frozenset({
    "id", "trailer", "lock", "seal", "number", "trip", "request", "code", "authorisation",
    "clock", "n", "count", "level", "seq", "pct", "drop", "rise", "kept", "total", "shown",
    "first", "last", "checked", "expected", "got", "bad", "page", "pages", "length", "limit",
    "lat", "lon", "seconds", "h", "m", "d", "km", "rate", "row", "days", "tries", "open",
    "acked", "approved", "waiting", "unauthorised", "low", "high", "version", "iso_class",
    "week", "fixes", "samples", "frames", "events", "duplicates", "malformed", "gaps",
    "reconnects", "resyncs", "dead_links", "ack_median", "ack_p90", "resolve_median",
    "resolve_p90", "trailers",
})

_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def catalogue_path(language: str) -> Path:
    """The ``.ts`` source of ``language``'s catalogue."""
    return CATALOGUE_DIR / f"opticallock_{language}.ts"


def choose_language(preference: str, system: QLocale | None = None) -> str:
    """The language to show: ``preference`` if it is one we have, else the first of the
    system's languages that we have (``system`` defaults to ``QLocale.system()``), else
    English."""
    if preference in SUPPORTED:
        return preference
    locale = system if system is not None else QLocale.system()
    for tag in [*locale.uiLanguages(), locale.name()]:
        code = tag.replace("_", "-").split("-")[0].lower()
        if code in SUPPORTED:
            return code
    return SOURCE_LANGUAGE


# ------------------------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class Message:
    """One message of a ``.ts`` catalogue."""

    context: str
    source: str
    #: The translation (for a plural message, its forms: one, other).
    forms: tuple[str, ...]
    finished: bool
    numerus: bool
    #: ``file:line`` where lupdate found it ("" when the catalogue keeps no locations).
    location: str = ""

    @property
    def translation(self) -> str:
        return self.forms[0] if self.forms else ""


def read_catalogue(path: Path) -> list[Message]:
    """Every message of a ``.ts`` file (obsolete and vanished ones left out)."""
    root = ET.parse(path).getroot()
    messages = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            element = message.find("translation")
            kind = element.get("type", "") if element is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            if element is None:
                forms: tuple[str, ...] = ()
            elif message.get("numerus") == "yes":
                forms = tuple(f.text or "" for f in element.iter("numerusform"))
            else:
                forms = (element.text or "",)
            where = message.find("location")
            location = ""
            if where is not None:
                location = f"{where.get('filename', '')}:{where.get('line', '')}"
            messages.append(Message(
                context=name, source=message.findtext("source") or "", forms=forms,
                finished=kind != "unfinished" and any(forms),
                numerus=message.get("numerus") == "yes", location=location))
    return messages


def placeholders(text: str) -> list[str]:
    """The ``{name}`` placeholders of a message, sorted (``{{`` escapes are not placeholders)."""
    return sorted(_PLACEHOLDER.findall(text))


def accelerators(text: str) -> int:
    """How many keyboard accelerators (``&`` before a character) a message marks: ``&&`` is a
    literal ampersand, ``&nbsp;`` an HTML entity, ``& `` a lone ampersand."""
    text = re.sub(r"&&|&#?\w+;", "", text)
    return len(re.findall(r"&\S", text))


def _strip_accelerators(text: str) -> str:
    return re.sub(r"&(&?)", r"\1", text)


# ------------------------------------------------------------------------------- the tools


def qt_tool(name: str) -> Path | None:
    """Qt's ``lrelease``/``lupdate`` as shipped in the PySide6 wheel (or beside Python)."""
    import PySide6

    suffix = ".exe" if sys.platform == "win32" else ""
    candidates = [Path(PySide6.__file__).resolve().parent / f"{name}{suffix}",
                  Path(sys.executable).parent / f"pyside6-{name}{suffix}"]
    return next((path for path in candidates if path.is_file()), None)


def compile_catalogue(ts: Path, cache_dir: Path) -> Path | None:
    """The ``.qm`` of ``ts`` in ``cache_dir``, compiled with lrelease if it is missing or older
    than ``ts``; None if it cannot be had (then the ``.ts`` is read as it is)."""
    qm = cache_dir / f"{ts.stem}.qm"
    try:
        if qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime:
            return qm
        lrelease = qt_tool("lrelease")
        if lrelease is None:
            log.warning("lrelease not found: %s is read as it is, more slowly", ts.name)
            return None
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = qm.with_suffix(f".{os.getpid()}.part")
        subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(partial)],
                       check=True, capture_output=True, timeout=60)
        os.replace(partial, qm)  # whole or not at all: another console may be reading it
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("the %s catalogue could not be compiled: %s", ts.name, exc)
        return None
    return qm


# ------------------------------------------------------------------------------- live switching


class Retranslator:
    """Turns text of one language's catalogue into another's: exact messages by lookup,
    formatted ones by matching their placeholders."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.exact: dict[str, str] = {}
        patterns: list[tuple[int, re.Pattern[str], str]] = []
        for before, after in pairs:
            if not before or before == after:
                continue
            self.exact.setdefault(before, after)
            if accelerators(before):  # also as shown without its accelerator (a shortcut list)
                self.exact.setdefault(_strip_accelerators(before), _strip_accelerators(after))
            if placeholders(before):
                pattern = self._pattern(before)
                literal = _PLACEHOLDER.sub("", before)
                # Too few letters match anything: "L{level}" is not "Liberar".
                if pattern is not None and len(re.findall(r"[^\W\d_]", literal)) >= MIN_LITERAL:
                    patterns.append((len(literal), pattern, after))
        # The most specific (most literal text) first: "{status} (lock {lock})" is tried
        # before "Alarm {alarm}" on "Alarm (lock locked)".
        patterns.sort(key=lambda item: -item[0])
        self.patterns = [(pattern, after) for _, pattern, after in patterns]

    @staticmethod
    def _pattern(text: str) -> re.Pattern[str] | None:
        parts, seen, last = [], set(), 0
        for match in _PLACEHOLDER.finditer(text):
            parts.append(re.escape(text[last:match.start()].replace("{{", "{")
                                   .replace("}}", "}")))
            name = match.group(1)
            value = r"\S+?" if name in ONE_TOKEN else ".+?"
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{value})")
            seen.add(name)
            last = match.end()
        parts.append(re.escape(text[last:].replace("{{", "{").replace("}}", "}")))
        try:
            return re.compile("".join(parts), re.DOTALL)
        except re.error:
            return None

    def __call__(self, text: str) -> str | None:
        """``text`` in the other language, or None if it is no message of the catalogue."""
        if not text:
            return None
        if text in self.exact:
            return self.exact[text]
        for pattern, after in self.patterns:
            match = pattern.fullmatch(text)
            if match is not None:
                values = {k: self.exact.get(v, v) for k, v in match.groupdict().items()}
                try:
                    return after.format(**values)
                except (KeyError, IndexError, ValueError):
                    return None
        return None


def retranslate_objects(objects: Iterable[QObject], convert: Any) -> int:
    """Replace, on each object, the text ``convert`` knows a translation of; returns how many
    texts changed. ``convert(text) -> str | None``."""
    changed = 0
    for obj in objects:
        meta = obj.metaObject()
        for name in TEXT_PROPERTIES:
            index = meta.indexOfProperty(name)
            if index < 0 or not meta.property(index).isWritable():
                continue
            value = obj.property(name)
            new = convert(value) if isinstance(value, str) else None
            if new is not None and new != value:
                obj.setProperty(name, new)
                changed += 1
        changed += _retranslate_items(obj, convert)
    return changed


def _retranslate_items(obj: Any, convert: Any) -> int:
    """Tabs (QTabWidget, QTabBar, QToolBox) and combo-box items, by duck typing."""
    changed = 0
    if not obj.isWidgetType():
        return 0
    for getter, setter in (("tabText", "setTabText"), ("tabToolTip", "setTabToolTip"),
                           ("itemText", "setItemText"), ("itemToolTip", "setItemToolTip")):
        get, put = getattr(obj, getter, None), getattr(obj, setter, None)
        if get is None or put is None:
            continue
        count = obj.count() if callable(getattr(obj, "count", None)) else 0
        for i in range(count):
            value = get(i)
            new = convert(value) if isinstance(value, str) else None
            if new is not None and new != value:
                put(i, new)
                changed += 1
    changed += _retranslate_tree_and_list_items(obj, convert)
    model = getattr(obj, "model", None)
    if callable(model) and getattr(obj, "horizontalHeader", None) is not None:
        m = model()
        try:
            columns = m.columnCount(QModelIndex()) if m is not None else 0
        except TypeError:  # a list model's columnCount is private in PySide6
            columns = 0
        if columns > 0:
            # Header labels set once (QTableWidget, QStandardItemModel): their items.
            owner = obj if callable(getattr(obj, "horizontalHeaderItem", None)) else m
            changed += _retranslate_headers(owner, convert, columns)
            # Models that translate in headerData: asked again on repaint.
            m.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
    return changed


def _retranslate_tree_and_list_items(obj: Any, convert: Any) -> int:
    """QTreeWidget's header and items, QListWidget's items."""
    items: list[Any] = []
    columns = 1
    if callable(getattr(obj, "topLevelItemCount", None)):
        columns = obj.columnCount()
        items = [obj.headerItem()]
        items += [obj.topLevelItem(i) for i in range(obj.topLevelItemCount())]
    elif all(callable(getattr(obj, name, None)) for name in ("item", "takeItem", "count")):
        items = [obj.item(i) for i in range(obj.count())]
    changed = 0
    while items:
        item = items.pop()
        if item is None:
            continue
        if callable(getattr(item, "childCount", None)):
            items += [item.child(i) for i in range(item.childCount())]
        for column in range(columns):
            for getter, setter in (("text", "setText"), ("toolTip", "setToolTip")):
                args = (column,) if callable(getattr(item, "childCount", None)) else ()
                value = getattr(item, getter)(*args)
                new = convert(value) if isinstance(value, str) else None
                if new is not None and new != value:
                    getattr(item, setter)(*args, new)
                    changed += 1
    return changed


def _retranslate_headers(model: Any, convert: Any, columns: int) -> int:
    changed = 0
    header_item = getattr(model, "horizontalHeaderItem", None)
    if not callable(header_item):
        return 0
    for column in range(columns):
        item = header_item(column)
        if item is None:
            continue
        for getter, setter in (("text", "setText"), ("toolTip", "setToolTip")):
            value = getattr(item, getter)()
            new = convert(value) if isinstance(value, str) else None
            if new is not None and new != value:
                getattr(item, setter)(new)
                changed += 1
    return changed


def object_tree(roots: Iterable[QObject]) -> Iterator[QObject]:
    """The roots and every QObject below them."""
    for root in roots:
        yield root
        yield from root.findChildren(QObject)


class CatalogueTranslator(QTranslator):
    """Translates from the ``.ts`` itself, in Python: by context and English text, else by the
    English text alone.

    Installed after (so asked after) the compiled catalogue, it finds a message lupdate filed
    under another context than the one ``tr()`` asks for at run time (``window.tr(...)`` is
    filed under "window" but asked as "MainWindow"; a ``tr()`` inherited by a subclass; a
    module's ``_tr()`` helper, filed under the empty context) and gives a plural its forms
    where lupdate saw no count. Without lrelease it is the whole translation (slower: every
    ``tr()`` then calls Python)."""

    def __init__(self, messages: list[Message], parent: QObject | None = None) -> None:
        super().__init__(parent)
        finished = [m for m in messages if m.finished]
        self._exact = {(m.context, m.source): m for m in finished}
        self._any: dict[str, Message] = {}
        for m in finished:
            self._any.setdefault(m.source, m)

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        message = self._exact.get((context, source)) or self._any.get(source)
        if message is None:
            return ""
        if message.numerus and len(message.forms) == 2:
            # English and Spanish: one form for 1, the other for every other count.
            return message.forms[0 if n == 1 else 1].replace("%n", str(n))
        return message.translation

    def isEmpty(self) -> bool:
        return not self._any


class Translation(QObject):
    """The interface language of the running application.

    Signals:
        languageChanged(str): the translators now installed are this language's ("en": none).
    """

    languageChanged = Signal(str)

    def __init__(self, cache_dir: Path, parent: QObject | None = None, *,
                 compiler: Callable[[Path, Path], Path | None] = compile_catalogue) -> None:
        """``compiler(ts, cache_dir)`` gives the ``.qm`` of a ``.ts`` (None: it cannot, and
        the ``.ts`` is then read by :class:`CatalogueTranslator` alone)."""
        super().__init__(parent)
        self.cache_dir = cache_dir
        self._compiler = compiler
        self._language = SOURCE_LANGUAGE
        self._translators: list[QTranslator] = []

    @property
    def language(self) -> str:
        return self._language

    def follow(self, settings: Settings) -> str:
        """Show the language the preferences choose now, and again whenever the dispatcher
        changes it (``Settings.changed("display/language")``); returns the language shown."""
        settings.changed.connect(
            lambda key: self.apply(settings.language) if key == LANGUAGE_KEY else None)
        return self.apply(settings.language)

    def apply(self, preference: str) -> str:
        """Show the language ``preference`` chooses (see :func:`choose_language`); returns it."""
        language = choose_language(preference)
        self.set_language(language)
        return language

    def set_language(self, language: str) -> bool:
        """Install ``language``'s translators (removing the previous ones) and retranslate the
        open windows; False (and English) if its catalogue cannot be loaded."""
        if language not in SUPPORTED:
            raise ValueError(f"language must be one of {SUPPORTED}, not {language!r}")
        app = QCoreApplication.instance()
        if language == self._language or app is None:
            return True
        translators = self._load(language) if language != SOURCE_LANGUAGE else []
        loaded = language == SOURCE_LANGUAGE or bool(translators)
        if not loaded:
            language = SOURCE_LANGUAGE
            if self._language == SOURCE_LANGUAGE:
                return False
        before = self._language
        for translator in self._translators:
            app.removeTranslator(translator)
        for translator in translators:
            app.installTranslator(translator)
        self._translators = translators
        self._language = language
        self._retranslate_windows(app, before, language)
        self.languageChanged.emit(language)
        return loaded

    def _load(self, language: str) -> list[QTranslator]:
        source = catalogue_path(language)
        try:
            messages = read_catalogue(source)
        except (OSError, ET.ParseError) as exc:
            log.warning("no %s catalogue (%s): the interface stays in English", language, exc)
            return []
        # Qt asks the translator installed last first: the compiled catalogue, then Qt's own,
        # then the .ts by any context.
        translators: list[QTranslator] = [CatalogueTranslator(messages, self)]
        qt_own = QTranslator(self)  # the standard buttons (OK, Cancel, Save…) of Qt's dialogs
        if qt_own.load(f"qtbase_{language}",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            translators.append(qt_own)
        qm = self._compiler(source, self.cache_dir)
        compiled = QTranslator(self)
        if qm is not None and compiled.load(str(qm)):
            translators.append(compiled)
        else:
            log.warning("the %s catalogue could not be compiled: it is read from %s instead",
                        language, source.name)
        return translators

    def _retranslate_windows(self, app: QCoreApplication, before: str, after: str) -> None:
        windows = getattr(app, "topLevelWidgets", None)  # a QApplication: its windows
        roots = windows() if callable(windows) else []
        convert = self.converter(before, after) if roots else None  # none yet at start
        if convert is not None:
            retranslate_objects(object_tree(roots), convert)

    @staticmethod
    def converter(before: str, after: str) -> Retranslator | None:
        """Text of ``before``'s catalogue → ``after``'s (one of them English)."""
        if before == after:
            return None
        other = after if before == SOURCE_LANGUAGE else before
        path = catalogue_path(other)
        if not path.is_file():
            return None
        pairs = [(m.source, m.translation) for m in read_catalogue(path)
                 if m.finished and not m.numerus]
        if before != SOURCE_LANGUAGE:
            pairs = [(translated, source) for source, translated in pairs]
        return Retranslator(pairs)
