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


def test_cloudsim_and_the_domain_package_never_import_qt() -> None:
    files = [*(ROOT / "cloudsim").rglob("*.py"), *(ROOT / "opticallock").rglob("*.py")]
    offenders = {str(p.relative_to(ROOT)): sorted(m for m in imported_modules(p)
                                                  if m.startswith(("PySide6", "pyqtgraph")))
                 for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}


CAPABILITIES = {"link", "fleet", "alarms", "contacts", "history", "seal", "reports"}


def test_each_capability_is_a_room_on_each_floor() -> None:
    """console/ and widgets/ hold one subpackage per capability, and tests/ mirrors them."""
    def rooms(floor: Path) -> set[str]:
        return {p.name for p in floor.iterdir() if (p / "__init__.py").exists()}

    assert rooms(ROOT / "console") == CAPABILITIES
    assert rooms(ROOT / "widgets") <= CAPABILITIES
    assert rooms(ROOT / "tests" / "console") <= rooms(ROOT / "console")
    assert rooms(ROOT / "tests" / "widgets") <= rooms(ROOT / "widgets")
    # No module of the console or the widgets lies loose beside the rooms but the shell's:
    # preferences and what they set (units, places, language, theme), the window and its Help
    # menu.
    loose = {p.name for floor in ("console", "widgets") for p in (ROOT / floor).glob("*.py")}
    assert loose <= {"__init__.py", "settings.py", "tasks.py", "tables.py", "text.py",
                     "units.py", "places.py", "i18n.py", "palette.py", "theme.py", "preferences.py",
                     "main_window.py", "shortcuts.py", "about.py"}


def test_main_only_composes() -> None:
    """main.py imports the layers, never the cloud: the embedded cloud is a child process."""
    imported = imported_modules(ROOT / "main.py")
    assert not {m for m in imported if m.split(".")[0] == "cloudsim"}
