"""Writing the console's exports: a file replaced whole or not at all, and a paged A4 PDF.

Shared by the weekly reconciliation, the alarm statistics and the seal-maintenance work orders
(QtGui only for the PDF; a QGuiApplication must exist to write one).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)


def replace_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Write through a temporary file beside ``path``, then move it in place: an export that
    failed half-way (or wrote nothing) never stands where a complete one is expected."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    # mkstemp's file is private (0600); an export is made like any file (the umask's say).
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    try:
        write(Path(tmp))
        if Path(tmp).stat().st_size == 0:
            raise OSError(f"nothing could be written to {path}")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def render_paged_pdf(target: Path, html_text: str, title: str,
                     footer: Callable[[int, int], str]) -> None:
    """``html_text`` as an A4 portrait PDF at ``target``, ``footer(page, pages)`` centred at
    the foot of each page (page numbers from 1)."""
    writer = QPdfWriter(str(target))
    writer.setTitle(title)
    writer.setCreator("OpticalLock Dispatcher")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
        QMarginsF(15, 15, 15, 17), QPageLayout.Unit.Millimeter))
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # points are points on paper
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setHtml(html_text)
    footer_h = writer.resolution() * 0.3
    body_h = page.height() - footer_h
    doc.setPageSize(QSizeF(page.width(), body_h))
    pages = doc.pageCount()
    painter = QPainter(writer)
    for number in range(pages):
        if number:
            writer.newPage()
        painter.save()
        painter.translate(0, -number * body_h)
        doc.drawContents(painter, QRectF(0, number * body_h, page.width(), body_h))
        painter.restore()
        painter.setFont(QFont("DejaVu Sans", 7))
        painter.setPen(QColor("#555"))
        painter.drawText(QRectF(0, page.height() - footer_h * 0.8, page.width(),
                                footer_h * 0.8), Qt.AlignmentFlag.AlignCenter,
                         footer(number + 1, pages))
    painter.end()


__all__ = ["render_paged_pdf", "replace_atomically"]
