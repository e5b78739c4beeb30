"""The shift handover report: read it, export it as HTML, Markdown or PDF.

The dialog writes nothing: after the dispatcher picks a file it emits ``exportRequested`` and
the caller writes the report through console/alarms/handover.py (which owns the formats), then tells
the dialog how it went with :meth:`HandoverDialog.show_export_result`. The file chooser is opened
with ``open()`` like every dialog here (``QFileDialog.getSaveFileName`` runs a nested event loop,
which would stall the asyncio loop the console runs on).

Signals:
    exportRequested(str, str): kind ("html", "markdown" or "pdf") and the chosen path.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console.fleet.labels import QT_TRANSLATE_NOOP
from widgets.theme import set_style

#: kind → (button text, file-type filter, suffix); the texts are translated when shown.
EXPORTS: dict[str, tuple[str, str, str]] = {
    "html": (QT_TRANSLATE_NOOP("HandoverDialog", "Export HTML…"),
             QT_TRANSLATE_NOOP("HandoverDialog", "HTML files (*.html *.htm)"), "html"),
    "markdown": (QT_TRANSLATE_NOOP("HandoverDialog", "Export Markdown…"),
                 QT_TRANSLATE_NOOP("HandoverDialog", "Markdown files (*.md)"), "md"),
    "pdf": (QT_TRANSLATE_NOOP("HandoverDialog", "Export PDF…"),
            QT_TRANSLATE_NOOP("HandoverDialog", "PDF files (*.pdf)"), "pdf"),
}


def _tr_export(text: str) -> str:
    return QCoreApplication.translate("HandoverDialog", text)


class HandoverDialog(QDialog):
    exportRequested = Signal(str, str)

    def __init__(self, report_html: str, parent: QWidget | None = None, *,
                 directory: str = "", file_stem: str | None = None) -> None:
        """``report_html`` is ``HandoverReport.to_html()`` (already escaped); ``directory`` and
        ``file_stem`` seed the file chooser ("handover-2026-11-23-1900" by default)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Shift handover — OpticalLock Dispatcher"))
        self.resize(760, 640)
        self.directory = directory
        self.file_stem = file_stem or time.strftime("handover-%Y-%m-%d-%H%M")
        self.file_dialog: QFileDialog | None = None

        self.browser = QTextBrowser(self)
        self.browser.setObjectName("handoverReport")
        # The report is read here, not navigated: a link must not replace it with another page.
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.set_report_html(report_html)

        self.result_label = QLabel(self)
        self.result_label.setObjectName("exportResult")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.result_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.export_buttons: dict[str, QPushButton] = {}
        for kind, (text, _filter, _suffix) in EXPORTS.items():
            button = self.buttons.addButton(_tr_export(text),
                                            QDialogButtonBox.ButtonRole.ActionRole)
            button.setObjectName(f"export_{kind}")
            button.setAutoDefault(False)  # Enter must not open a file chooser
            button.clicked.connect(lambda _checked=False, k=kind: self.choose_file(k))
            self.export_buttons[kind] = button

        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)

    def set_report_html(self, report_html: str) -> None:
        """Show a (re)built report, keeping the reader's scroll position."""
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setHtml(report_html)
        bar.setValue(position)

    def choose_file(self, kind: str) -> QFileDialog:
        """Open the save-file chooser for ``kind``; its choice becomes ``exportRequested``."""
        _text, name_filter, suffix = EXPORTS[kind]
        if self.file_dialog is not None:
            self.file_dialog.close()
        dialog = QFileDialog(self, self.tr("Export the handover report as {kind}").format(
            kind=kind.upper()), self.directory)
        dialog.setObjectName(f"exportDialog_{kind}")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilter(_tr_export(name_filter))
        dialog.setDefaultSuffix(suffix)
        dialog.selectFile(f"{self.file_stem}.{suffix}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path, k=kind: self._on_file_selected(k, path))
        dialog.destroyed.connect(lambda _obj=None, d=dialog: self._forget(d))
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: QFileDialog) -> None:
        if self.file_dialog is dialog:
            self.file_dialog = None

    def _on_file_selected(self, kind: str, path: str) -> None:
        if not path:
            return
        self.directory = str(Path(path).parent)
        self.exportRequested.emit(kind, path)

    @Slot(str, bool)
    def show_export_result(self, text: str, ok: bool = True) -> None:
        """Say where the report went ("Saved to …") or why it did not (disk full, no access)."""
        set_style(self.result_label, "color: {p.good};" if ok
                                     else "color: {p.error}; font-weight: bold;")
        self.result_label.setText(text)
        self.result_label.setVisible(bool(text))
