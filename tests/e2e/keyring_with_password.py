"""A keyring backend for end-to-end runs of main.py that remembers one known password.

``PYTHON_KEYRING_BACKEND=tests.e2e.keyring_with_password.KnownPasswordKeyring`` makes a console
started with ``--server`` (and "remember me" in its settings) sign in by itself with
:data:`PASSWORD`, as if the dispatcher had ticked "remember me" last time: a test then knows the
password it must not find anywhere. What the console saves (its token) stays in this process's
memory, never in a file.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend

#: The password every "…|password" entry holds until the console changes it.
PASSWORD = "e2e-Kx7pQ2vR9sLm4Tz8"


class KnownPasswordKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        found = self._entries.get((service, username))
        if found is None and username.endswith("|password"):
            return PASSWORD
        return found

    def set_password(self, service: str, username: str, password: str) -> None:
        self._entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._entries.pop((service, username), None)
