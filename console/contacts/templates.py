"""Message templates: what a dispatcher can start from when writing to a driver, in English and
Spanish (the fleet runs US–Mexico routes).

The templates are data (``resources/message_templates.json``): a carrier can reword them without
a release. As with the action plans, a wrong file must not surface as an empty picker in the
middle of an incident, so loading is strict and any mistake is a :class:`ValueError` naming the
file and the problem.

A template is only a starting point: the dispatcher edits the filled-in text before sending, so
a placeholder with no value is left visible as ``[location]`` rather than silently dropped.
No Qt, no I/O beyond reading the file.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from opticallock.gazetteer import IN_CITY_KM, bearing_deg, compass_point, nearest
from opticallock.protocol import AlarmType, Language, Position

#: The shipped templates.
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "resources" / "message_templates.json"

#: What a template may ask for: the trailer id, the driver's first name, where the trailer is.
PLACEHOLDERS = ("trailer", "driver", "location")
#: Longest template text: leaves room for the placeholders within the 500-character message.
MAX_TEMPLATE_CHARS = 400

#: Spanish names of the eight compass points, in COMPASS_POINTS order (N, NE, E, SE, ...).
_COMPASS_ES = {"N": "N", "NE": "NE", "E": "E", "SE": "SE", "S": "S", "SW": "SO", "W": "O",
               "NW": "NO"}


@dataclass(frozen=True)
class TemplateContext:
    """The values placeholders are filled with; None leaves ``[name]`` for the dispatcher."""

    trailer: str | None = None
    driver: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class MessageTemplate:
    """One template: a title and a text per language, and the alarms it suits best."""

    template_id: str
    titles: dict[Language, str]
    texts: dict[Language, str]
    alarm_types: tuple[AlarmType, ...] = field(default=())

    def title(self, language: Language | str) -> str:
        return self.titles.get(Language(language), self.titles[Language.EN])

    def text(self, language: Language | str) -> str:
        return self.texts.get(Language(language), self.texts[Language.EN])

    def render(self, language: Language | str, context: TemplateContext) -> str:
        """The template's text in ``language`` with the placeholders filled in."""
        values = {name: getattr(context, name) or f"[{name}]" for name in PLACEHOLDERS}
        return self.text(language).format_map(values)


# --------------------------------------------------------------------------- the file's schema


class _TemplateSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")]
    title: dict[str, Annotated[str, Field(min_length=1, max_length=80)]]
    text: dict[str, Annotated[str, Field(min_length=1, max_length=MAX_TEMPLATE_CHARS)]]
    alarm_types: list[AlarmType] = Field(default_factory=list)


class _FileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    templates: Annotated[list[_TemplateSpec], Field(min_length=1)]


def _describe(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
                     for err in exc.errors())


def _check_placeholders(where: str, text: str) -> None:
    try:
        fields = [name for _lit, name, _spec, _conv in string.Formatter().parse(text)
                  if name is not None]
    except ValueError as exc:  # a lone "{" or "}"
        raise ValueError(f"{where}: {exc} (write {{{{ or }}}} for a literal brace)") from None
    unknown = sorted({f for f in fields if f not in PLACEHOLDERS})
    if unknown:
        raise ValueError(f"{where} uses unknown placeholder(s) "
                         f"{', '.join('{' + u + '}' for u in unknown)} (known: "
                         f"{', '.join('{' + p + '}' for p in PLACEHOLDERS)})")


def load_templates(path: Path | None = None) -> list[MessageTemplate]:
    """Read and check the templates file (default: the shipped one), in file order.

    Raises ValueError naming the file and what is wrong: unreadable, not JSON, a field missing or
    malformed, a language other than en/es, a template without both languages, an unknown
    placeholder, an id used twice.
    """
    path = DEFAULT_PATH if path is None else Path(path)
    where = f"Message templates file {path}"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{where} cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ValueError(f"{where} is not UTF-8 text: {exc.reason}") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where} is not valid JSON: {exc.msg} at line {exc.lineno}, "
                         f"column {exc.colno}") from exc
    if not isinstance(raw, dict):
        raise ValueError(f"{where} must hold a JSON object with a \"templates\" list")
    raw = {k: v for k, v in raw.items() if not k.startswith("_")}  # "_comment" keys
    try:
        spec = _FileSpec.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(f"{where} is malformed: {_describe(exc)}") from None

    languages = [lang.value for lang in Language]
    seen: set[str] = set()
    out: list[MessageTemplate] = []
    for item in spec.templates:
        if item.id in seen:
            raise ValueError(f"{where}: template id {item.id} is used more than once")
        seen.add(item.id)
        for part in ("title", "text"):
            values: dict[str, str] = getattr(item, part)
            extra = sorted(set(values) - set(languages))
            missing = [lang for lang in languages if lang not in values]
            if extra or missing:
                problem = (f"unknown language(s) {', '.join(extra)}" if extra
                           else f"no {part} in {', '.join(missing)}")
                raise ValueError(f"{where}: template {item.id} has {problem} (every template "
                                 f"needs a {part} in {' and '.join(languages)})")
        for lang, text in item.text.items():
            _check_placeholders(f"{where}: template {item.id} ({lang})", text)
        out.append(MessageTemplate(
            template_id=item.id,
            titles={Language(k): v for k, v in item.title.items()},
            texts={Language(k): v for k, v in item.text.items()},
            alarm_types=tuple(item.alarm_types),
        ))
    return out


def for_alarm(templates: list[MessageTemplate], alarm_type: AlarmType | None
              ) -> list[MessageTemplate]:
    """The templates suggested for ``alarm_type`` first (file order kept within each group)."""
    if alarm_type is None:
        return list(templates)
    suited = [t for t in templates if alarm_type in t.alarm_types]
    return suited + [t for t in templates if t not in suited]


# --------------------------------------------------------------------------- placeholder values


def first_name(name: str) -> str:
    """How a dispatcher addresses a driver in a message: "José" for "José Hernández García"."""
    return name.split(maxsplit=1)[0] if name.strip() else name


def location_phrase(position: Position | None, language: Language | str) -> str | None:
    """Where a trailer is, for a message in ``language`` (None without a position).

    English "12 km NW of Laredo, TX, US" / "in Laredo, TX, US" (as the console says it
    everywhere); Spanish "a 12 km al NO de Laredo, TX, US" / "en Laredo, TX, US", so a message
    in Spanish does not switch language halfway through a sentence.
    """
    if position is None:
        return None
    near = nearest(position.lat, position.lon)
    spanish = Language(language) is Language.ES
    if near.km < IN_CITY_KM:
        return f"{'en' if spanish else 'in'} {near.label}"
    point = compass_point(bearing_deg(near.lat, near.lon, position.lat, position.lon))
    if spanish:
        return f"a {near.km:.0f} km al {_COMPASS_ES[point]} de {near.label}"
    return f"{near.km:.0f} km {point} of {near.label}"


__all__ = [
    "DEFAULT_PATH",
    "MAX_TEMPLATE_CHARS",
    "PLACEHOLDERS",
    "MessageTemplate",
    "TemplateContext",
    "first_name",
    "for_alarm",
    "load_templates",
    "location_phrase",
]
