"""The layering rules import-linter cannot express for submodules of an external package."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_console_never_imports_qtwidgets() -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(m for m in imported_modules(p) if "QtWidgets" in m)
        for p in (ROOT / "console").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_cloudsim_and_protocol_never_import_qt() -> None:
    files = [*(ROOT / "cloudsim").rglob("*.py"), ROOT / "console" / "protocol.py",
             ROOT / "console" / "fleet.py"]
    offenders = {str(p.relative_to(ROOT)): sorted(m for m in imported_modules(p)
                                                  if m.startswith(("PySide6", "pyqtgraph")))
                 for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}
