"""Help ▸ About: the console's version, the Qt it runs on, and whose work it ships.

The licences are read from the files shipped beside the code (resources/vendor/*/LICENSE,
resources/basemap/README.md and LICENSE-*, resources/sounds/README.md), so the dialog says what
is actually installed, never a copy that drifted.
"""

from __future__ import annotations

import importlib.metadata
import platform
import re
import tomllib
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

DIST_NAME = "opticallock-console"
ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"


def app_version() -> str:
    """The installed distribution's version; from a source tree, pyproject.toml's; else "?"."""
    try:
        return importlib.metadata.version(DIST_NAME)
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        with (ROOT / "pyproject.toml").open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "?"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _section(markdown: str, heading: str) -> str:
    """The body of ``## heading`` in a Markdown text ("" if absent)."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", markdown,
                      re.MULTILINE | re.DOTALL)
    return match.group(1).strip() if match else ""


def _fenced(text: str) -> str:
    return "```\n" + text.replace("```", "'''") + "\n```"


class AboutDialog(QDialog):
    """The About box: version, Qt and PySide6, and the licences of what is shipped (scrolls)."""

    def __init__(self, parent: QWidget | None = None, resources: Path = RESOURCES) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About OpticalLock Dispatcher"))
        layout = QVBoxLayout(self)
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(True)
        self.text.setAccessibleName(self.tr("About and licences"))
        self.text.setMarkdown(self.markdown(resources))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def markdown(self, resources: Path) -> str:
        parts = [
            "# " + self.tr("OpticalLock Dispatcher"),
            self.tr("Version {version}").format(version=app_version()),
            self.tr("Qt {qt} · PySide6 {pyside} · Python {python}").format(
                qt=qVersion(), pyside=PySide6.__version__, python=platform.python_version()),
            "## " + self.tr("Vendored code"),
            _read(resources / "vendor" / "README.md").split("\n", 1)[-1].strip(),
        ]
        for licence in sorted((resources / "vendor").glob("*/LICENSE")):
            parts += [f"### {licence.parent.name}", _fenced(_read(licence))]
        parts += ["## " + self.tr("Offline basemap data"),
                  _section(_read(resources / "basemap" / "README.md"), "Sources and licences")]
        for licence in sorted((resources / "basemap").glob("LICENSE-*")):
            parts += [f"### {licence.name.removeprefix('LICENSE-')}", _fenced(_read(licence))]
        parts += [
            "## " + self.tr("Online map tiles"),
            self.tr("Off by default (View ▸ Online map tiles). When on, street tiles come from "
                    "OpenStreetMap: © OpenStreetMap contributors, data under the Open Database "
                    "Licence (openstreetmap.org/copyright)."),
            "## " + self.tr("Alarm sounds"),
            _section(_read(resources / "sounds" / "README.md"), "Licence"),
        ]
        return "\n\n".join(p for p in parts if p)

    @classmethod
    def open_for(cls, window: QWidget) -> AboutDialog:
        dialog = cls(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog


__all__ = ["AboutDialog", "app_version"]
