"""Calling a driver: the URL that makes the desktop (or a softphone) dial a driver's number.

Calls go through the desktop's handler for a URL built from a template (``tel:{phone}`` by
default; a softphone's URL in the settings). The settings check a template when it is saved; the
messenger builds the URL and the widget opens it. A template that cannot work and a number with
no digits are refused with a ValueError that says why, in the dispatcher's language.
"""

from __future__ import annotations

import re
import string
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication

#: The call URL when the settings name no softphone: the desktop's tel: handler.
DEFAULT_CALL_URL_TEMPLATE = "tel:{phone}"
#: Placeholders of a call URL template: "+16195550142" and "16195550142".
CALL_URL_PLACEHOLDERS = ("phone", "digits")
#: Schemes whose URLs take a phone number as it is ("+" included); any other (an http softphone
#: API) gets it percent-encoded, or "+" would arrive as a space.
_DIAL_SCHEMES = frozenset({"tel", "callto", "sip", "sips", "facetime-audio"})


def normalise_phone(phone: str) -> str:
    """A number as a dialler wants it: digits only, with "+" for an international one.

    "+1 619 555 0142" → "+16195550142", "+52 (664) 555-0142" → "+526645550142",
    "0052 664 555 0142" → "+526645550142", "(619) 555-0142" → "6195550142". Raises ValueError
    when there are no digits to dial.
    """
    text = phone.strip()
    digits = re.sub(r"\D", "", text)
    if not digits:
        raise ValueError(QCoreApplication.translate(
            "Dialing", "{phone} has no digits to dial").format(phone=repr(phone)))
    if text.startswith("+"):
        return f"+{digits}"
    if digits.startswith("00") and len(digits) > 4:  # the international prefix dialled as 00
        return f"+{digits[2:]}"
    return digits


def check_call_url_template(template: str) -> None:
    """Raise ValueError (saying what is wrong) unless ``template`` can build a call URL."""
    try:
        names = [f for _lit, f, _spec, _conv in string.Formatter().parse(template)
                 if f is not None]
    except ValueError as exc:
        raise ValueError(QCoreApplication.translate(
            "Dialing", "Call URL template {template}: {error}").format(
            template=repr(template), error=exc)) from None
    unknown = sorted({n for n in names if n not in CALL_URL_PLACEHOLDERS})
    if unknown:
        # The braces a translator sees are doubled: {{phone}} is shown as {phone}.
        raise ValueError(QCoreApplication.translate(
            "Dialing", "Call URL template {template} uses unknown placeholder(s) {unknown}; "
            "use {{phone}} or {{digits}}").format(
            template=repr(template), unknown=", ".join("{" + u + "}" for u in unknown)))
    if not names:
        raise ValueError(QCoreApplication.translate(
            "Dialing", "Call URL template {template} has no {{phone}} or {{digits}}").format(
            template=repr(template)))
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", template):
        raise ValueError(QCoreApplication.translate(
            "Dialing", "Call URL template {template} must start with a scheme such as tel: or "
            "https:").format(template=repr(template)))


def build_call_url(template: str, phone: str) -> str:
    """The URL that makes the desktop (or a softphone) call ``phone``.

    ``{phone}`` is the normalised number ("+16195550142"), ``{digits}`` the same without "+".
    Raises ValueError for a template that cannot work or a number with no digits.
    """
    check_call_url_template(template)
    number = normalise_phone(phone)
    scheme = template.split(":", 1)[0].lower()

    def put(value: str) -> str:
        return value if scheme in _DIAL_SCHEMES else quote(value, safe="")

    return template.format(phone=put(number), digits=put(number.lstrip("+")))


__all__ = [
    "CALL_URL_PLACEHOLDERS",
    "DEFAULT_CALL_URL_TEMPLATE",
    "build_call_url",
    "check_call_url_template",
    "normalise_phone",
]
