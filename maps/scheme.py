"""The ``olmap:`` URL scheme: serves the map page from memory and its files from resources/.

A custom scheme (not ``setHtml``, limited to 2 MB, and not ``file:``, which would let the page
read anything on disk) keeps everything the page loads inside resources/ and makes "no request
left the machine" checkable: every legitimate request is ``olmap:`` or ``qrc:``.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtWebEngineCore import (
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

log = logging.getLogger(__name__)

SCHEME = b"olmap"
_MIME = {".js": b"text/javascript", ".css": b"text/css", ".html": b"text/html",
         ".png": b"image/png", ".svg": b"image/svg+xml", ".json": b"application/json"}


def register_scheme() -> None:
    """Declare the scheme to QtWebEngine; must run before the QApplication exists."""
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        return
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(QWebEngineUrlScheme.Flag.SecureScheme
                    | QWebEngineUrlScheme.Flag.LocalAccessAllowed
                    | QWebEngineUrlScheme.Flag.CorsEnabled)
    QWebEngineUrlScheme.registerScheme(scheme)


class ResourceSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers ``olmap://app/<path>``: pages registered in memory, else files under ``root``."""

    def __init__(self, root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = root.resolve()
        self.pages: dict[str, bytes] = {}
        self.served: list[str] = []

    def set_page(self, path: str, html: str) -> None:
        self.pages[path] = html.encode("utf-8")

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        path = url.path()
        self.served.append(path)
        if path in self.pages:
            self._reply(job, b"text/html", self.pages[path])
            return
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root) or not target.is_file():
            log.warning("map page asked for a missing resource: %s", url.toString())
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        mime = _MIME.get(target.suffix) or (mimetypes.guess_type(target.name)[0] or
                                            "application/octet-stream").encode()
        self._reply(job, mime, target.read_bytes())

    @staticmethod
    def _reply(job: QWebEngineUrlRequestJob, mime: bytes, data: bytes) -> None:
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime, buffer)
