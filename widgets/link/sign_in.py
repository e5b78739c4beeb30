"""The sign-in dialog: server URL, user, password, "remember me".

It never signs in itself: it emits :attr:`SignInDialog.submitted` and the session answers with
:meth:`show_error` or closes it. It is shown with ``open()`` (never ``exec()``, whose nested event
loop would stall the asyncio loop that does the signing in).

Signals:
    submitted(str, str, str, bool): server URL, username, password, remember.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class SignInDialog(QDialog):
    submitted = Signal(str, str, str, bool)

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
        form.addRow(self.tr("User"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.remember)
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

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.set_busy(False)
        self.password.selectAll()
        self.password.setFocus()

    def show_notice(self, text: str) -> None:
        self.notice.setStyleSheet("color: #8a5a00;")
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
        self.message.hide()
        self.set_busy(True)
        self.submitted.emit(server, user, password, self.remember.isChecked())
