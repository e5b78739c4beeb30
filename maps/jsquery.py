"""Reading values out of the map page with ``QWebEnginePage.runJavaScript`` (tests, bench, tools).

The console itself talks to the page through QWebChannel only; this is for looking at the page
from outside. PySide6 hands JS arrays and objects back as ``''``, so every expression is evaluated
through ``JSON.stringify`` and parsed here (``undefined`` becomes ``None``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtWebEngineCore import QWebEnginePage


def wrap(expr: str) -> str:
    """The JS that evaluates ``expr`` and returns it as JSON text."""
    return f"JSON.stringify((() => ({expr}))())"


def decode(text: Any) -> Any:
    return json.loads(text) if isinstance(text, str) and text else None


def evaluate(page: QWebEnginePage, expr: str, callback: Callable[[Any], None]) -> None:
    """Evaluate ``expr`` in the page's main world; ``callback`` gets the decoded value."""
    page.runJavaScript(wrap(expr), 0, lambda text: callback(decode(text)))
