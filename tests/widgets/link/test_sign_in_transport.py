"""The sign-in dialog and transport security: a warning for clear text to another computer,
the CA bundle field (typed or picked, checked before signing in), and --ca-bundle."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from widgets.link.sign_in import SignInDialog


@pytest.fixture
def dialog(qtbot: QtBot) -> SignInDialog:
    widget = SignInDialog()
    qtbot.addWidget(widget)
    widget.prefill("", "ana", remember=False)
    widget.show()
    return widget


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A CA bundle the console can load: a self-signed certificate made here."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Carrier Root CA")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(1)
                   .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=9))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
                   .sign(key, hashes.SHA256()))
    path = tmp_path / "carrier-ca.pem"
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


def type_server(qtbot: QtBot, dialog: SignInDialog, url: str) -> None:
    dialog.server.clear()
    qtbot.keyClicks(dialog.server, url)


@pytest.mark.parametrize(("url", "host"), [
    ("http://cloud.example.com", "cloud.example.com"),
    ("http://10.1.2.3:8765", "10.1.2.3"),
    ("http://[2001:db8::7]:8765/", "2001:db8::7"),
])
def test_clear_text_to_another_computer_is_warned_about(qtbot: QtBot, dialog: SignInDialog,
                                                        url: str, host: str) -> None:
    type_server(qtbot, dialog, url)
    assert dialog.cleartext_warning.isVisible()
    assert dialog.cleartext_warning.text() == (
        f"The connection to {host} is not encrypted: passwords and alarms travel in clear "
        "text.")


@pytest.mark.parametrize("url", [
    "https://cloud.example.com", "http://127.0.0.1:8765", "http://127.9.9.9",
    "http://localhost:8765", "http://[::1]:8765", "", "http://",
])
def test_no_warning_for_https_or_this_computer(qtbot: QtBot, dialog: SignInDialog,
                                               url: str) -> None:
    type_server(qtbot, dialog, "http://cloud.example.com")
    assert dialog.cleartext_warning.isVisible()
    type_server(qtbot, dialog, url)
    assert not dialog.cleartext_warning.isVisible()


def test_a_prefilled_address_is_warned_about_too(dialog: SignInDialog) -> None:
    dialog.prefill("http://192.168.4.2:8765", "ana", remember=True)
    assert dialog.cleartext_warning.isVisible()
    assert "192.168.4.2" in dialog.cleartext_warning.text()


def submit(qtbot: QtBot, dialog: SignInDialog) -> None:
    type_server(qtbot, dialog, "https://cloud.example.com")
    dialog.password.setText("pw")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def test_a_ca_bundle_that_cannot_be_read_is_said_before_signing_in(
        qtbot: QtBot, dialog: SignInDialog, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.pem"
    dialog.ca_bundle.setText(str(missing))
    with qtbot.assertNotEmitted(dialog.submitted), \
            qtbot.assertNotEmitted(dialog.caBundleChanged):
        submit(qtbot, dialog)
    assert dialog.message.isVisible()
    assert str(missing) in dialog.message.text()
    assert "does not exist" in dialog.message.text()


def test_a_chosen_ca_bundle_is_announced_before_the_sign_in(
        qtbot: QtBot, dialog: SignInDialog, bundle: Path) -> None:
    order: list[str] = []
    dialog.caBundleChanged.connect(lambda path: order.append(f"bundle {path}"))
    dialog.submitted.connect(lambda *args: order.append("submitted"))
    dialog.ca_bundle.setText(str(bundle))
    submit(qtbot, dialog)
    assert order == [f"bundle {bundle}", "submitted"]
    # The same bundle again is no change; emptying it goes back to the system's store.
    order.clear()
    dialog.set_busy(False)
    submit(qtbot, dialog)
    assert order == ["submitted"]
    dialog.set_busy(False)
    dialog.ca_bundle.clear()
    submit(qtbot, dialog)
    assert order == ["submitted", "bundle ", "submitted"]


def test_the_settings_bundle_is_shown_and_not_announced_again(
        qtbot: QtBot, dialog: SignInDialog, bundle: Path) -> None:
    dialog.set_ca_bundle(str(bundle))
    assert dialog.ca_bundle.text() == str(bundle)
    with qtbot.assertNotEmitted(dialog.caBundleChanged), qtbot.waitSignal(dialog.submitted):
        submit(qtbot, dialog)


def test_the_file_picker_fills_the_field(qtbot: QtBot, dialog: SignInDialog,
                                         bundle: Path) -> None:
    qtbot.mouseClick(dialog.ca_bundle_browse, Qt.MouseButton.LeftButton)
    picker = dialog.findChild(QFileDialog)
    assert picker is not None
    qtbot.waitUntil(picker.isVisible)
    assert picker.isModal()
    picker.selectFile(str(bundle))
    picker.accept()
    assert dialog.ca_bundle.text() == str(bundle)


def test_ca_bundle_on_the_command_line(tmp_path: Path, bundle: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    import main

    assert main.parse_args(["--ca-bundle", str(bundle)]).ca_bundle == str(bundle.resolve())
    assert main.parse_args([]).ca_bundle is None
    assert main.parse_args(["--ca-bundle", ""]).ca_bundle == ""
    with pytest.raises(SystemExit):
        main.parse_args(["--ca-bundle", str(tmp_path / "missing.pem")])
    assert "missing.pem" in capsys.readouterr().err
