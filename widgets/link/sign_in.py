"""The sign-in dialog: server URL, user, password, "remember me", and the CA bundle to trust.

It never signs in itself: it emits :attr:`SignInDialog.submitted` and the session answers with
:meth:`show_error` or closes it. It is shown with ``open()`` (never ``exec()``, whose nested event
loop would stall the asyncio loop that does the signing in; the file picker is opened the same
way).

An ``http://`` address to another computer shows a warning while it is typed: the password and
the alarms would cross the network in clear text.

Signals:
    submitted(str, str, str, bool): server URL, username, password, remember.
    caBundleChanged(str): the CA bundle to trust ("" for the system's store), checked; emitted
        just before ``submitted`` when it differs from the one given to :meth:`set_ca_bundle`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.link.transport import CaBundleError, cleartext_host, ssl_context_for
from widgets.theme import set_style


class SignInDialog(QDialog):
    submitted = Signal(str, str, str, bool)
    caBundleChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in — OpticalLock Dispatcher"))
        self.setModal(True)
        self.setMinimumWidth(420)
        self.server = QLineEdit(self)
        self.server.setPlaceholderText("https://cloud.example.com")
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setObjectName("password")
        self.remember = QCheckBox(self.tr("Remember me on this computer"), self)
        self.ca_bundle = QLineEdit(self)
        self.ca_bundle.setObjectName("caBundle")
        self.ca_bundle.setAccessibleName(self.tr("Certificate authorities file"))
        self.ca_bundle.setPlaceholderText(self.tr("The system's trusted authorities"))
        self.ca_bundle.setToolTip(self.tr(
            "A PEM file of your organisation's certificate authority, if the cloud's "
            "certificate is signed by it; leave empty to trust the system's authorities only."))
        self.ca_bundle_browse = QPushButton(self.tr("Choose…"), self)
        self.ca_bundle_browse.setObjectName("caBundleBrowse")
        self.ca_bundle_browse.clicked.connect(self._choose_ca_bundle)
        self._saved_ca_bundle = ""
        self.cleartext_warning = QLabel(self)
        self.cleartext_warning.setObjectName("cleartextWarning")
        self.cleartext_warning.setWordWrap(True)
        self.cleartext_warning.setTextFormat(Qt.TextFormat.PlainText)
        set_style(self.cleartext_warning, "color: {p.error};")
        self.cleartext_warning.hide()
        self.server.textChanged.connect(self._warn_if_cleartext)
        self.message = QLabel(self)
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.notice = QLabel(self)
        self.notice.setObjectName("signInNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()

        form = QFormLayout()
        form.addRow(self.tr("Server"), self.server)
        form.addRow("", self.cleartext_warning)
        form.addRow(self.tr("User"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.remember)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(self.ca_bundle_browse)
        form.addRow(self.tr("CA bundle"), ca_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        title = QLabel("<b>{}</b>".format(self.tr("OpticalLock Dispatcher Console")), self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)

    def prefill(self, server_url: str, username: str, remember: bool) -> None:
        self.server.setText(server_url)
        self.username.setText(username)
        self.remember.setChecked(remember)
        self.password.clear()
        (self.password if username else self.username).setFocus()

    def set_ca_bundle(self, path: str) -> None:
        """The CA bundle in use (from the settings): shown, and what a change is measured by."""
        self._saved_ca_bundle = path
        self.ca_bundle.setText(path)

    def show_error(self, text: str) -> None:
        set_style(self.message, "color: {p.error}; font-weight: bold;")
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.set_busy(False)
        self.password.selectAll()
        self.password.setFocus()

    def show_notice(self, text: str) -> None:
        set_style(self.notice, "color: {p.hint};")
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not busy)
        ok.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))

    def _submit(self) -> None:
        server = self.server.text().strip().rstrip("/")
        user = self.username.text().strip()
        password = self.password.text()
        if not server.startswith(("http://", "https://")):
            self.show_error(self.tr("The server address must start with http:// or https://"))
            return
        if not user or not password:
            self.show_error(self.tr("Enter your user name and password."))
            return
        ca_bundle = self.ca_bundle.text().strip()
        try:
            if ca_bundle:
                ssl_context_for(ca_bundle)  # said here, not after a failed connection
        except CaBundleError as exc:
            self.show_error(str(exc))
            self.ca_bundle.setFocus()
            return
        self.message.hide()
        self.set_busy(True)
        if ca_bundle != self._saved_ca_bundle:
            self._saved_ca_bundle = ca_bundle
            self.caBundleChanged.emit(ca_bundle)
        self.submitted.emit(server, user, password, self.remember.isChecked())

    def _warn_if_cleartext(self, server: str) -> None:
        host = cleartext_host(server)
        if host is not None:
            self.cleartext_warning.setText(self.tr(
                "The connection to {host} is not encrypted: passwords and alarms travel in "
                "clear text.").format(host=host))
        self.cleartext_warning.setVisible(host is not None)

    def _choose_ca_bundle(self) -> None:
        picker = QFileDialog(self, self.tr("Choose the CA bundle"))
        picker.setObjectName("caBundlePicker")
        picker.setFileMode(QFileDialog.FileMode.ExistingFile)
        picker.setNameFilters([self.tr("Certificates (*.pem *.crt *.cer)"),
                               self.tr("All files (*)")])
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        current = self.ca_bundle.text().strip()
        if current:
            picker.selectFile(current)
        picker.fileSelected.connect(self.ca_bundle.setText)
        picker.open()  # not exec(): the asyncio loop keeps running
