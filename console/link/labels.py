"""The link's words and colours: the connection state in the status bar and the NOT LIVE banner.

Names go through Qt's translation machinery when asked for (source texts marked with
``QT_TRANSLATE_NOOP``), so a translator installed after import still applies.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication

from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from console.link.streaming import ConnectionState, ConnectionStatus
from console.palette import ThemedColors

CONTEXT = "Link"

#: The connection state's colour in the status bar, from the palette in force when read. Never
#: the only cue: its word is shown too.
CONNECTION_COLORS: ThemedColors[ConnectionState] = ThemedColors({
    ConnectionState.LIVE: "live",
    ConnectionState.CONNECTING: "connecting",
    ConnectionState.RECONNECTING: "reconnecting",
    ConnectionState.OFFLINE: "offline",
    ConnectionState.SIGNED_OUT: "signed_out",
})

#: The connection state's shape in a legend (the status bar says its word after a dot).
CONNECTION_GLYPHS: dict[ConnectionState, str] = {
    ConnectionState.LIVE: "●",
    ConnectionState.CONNECTING: "◌",
    ConnectionState.RECONNECTING: "◐",
    ConnectionState.OFFLINE: "✖",
    ConnectionState.SIGNED_OUT: "○",
}

#: The connection state's word; the two that last are said with since when (connection_label).
CONNECTION_NAMES: TranslatedNames[ConnectionState] = TranslatedNames(CONTEXT, {
    ConnectionState.LIVE: QT_TRANSLATE_NOOP("Link", "Live"),
    ConnectionState.CONNECTING: QT_TRANSLATE_NOOP("Link", "Connecting"),
    ConnectionState.RECONNECTING: QT_TRANSLATE_NOOP("Link", "Reconnecting"),
    ConnectionState.OFFLINE: QT_TRANSLATE_NOOP("Link", "Offline"),
    ConnectionState.SIGNED_OUT: QT_TRANSLATE_NOOP("Link", "Signed out"),
})


def clock_text(ts: float) -> str:
    """"14:05:09": a moment today, in local time."""
    return time.strftime("%H:%M:%S", time.localtime(ts))


def connection_color(state: ConnectionState) -> str:
    return CONNECTION_COLORS[state]


def connection_label(status: ConnectionStatus) -> str:
    """"● Live", "● Offline since 14:05:09": the status bar's connection cell."""
    if status.state is ConnectionState.RECONNECTING:
        return QCoreApplication.translate("Link", "● Reconnecting since {clock}").format(
            clock=clock_text(status.since))
    if status.state is ConnectionState.OFFLINE:
        return QCoreApplication.translate("Link", "● Offline since {clock}").format(
            clock=clock_text(status.since))
    return QCoreApplication.translate("Link", "● {state}").format(
        state=CONNECTION_NAMES[status.state])


def not_live_label(down_since: float) -> str:
    """The banner's opening words while the console is not live."""
    return QCoreApplication.translate("Link", "NOT LIVE since {clock}").format(
        clock=clock_text(down_since))


__all__ = [
    "CONNECTION_COLORS",
    "CONNECTION_GLYPHS",
    "CONNECTION_NAMES",
    "clock_text",
    "connection_color",
    "connection_label",
    "not_live_label",
]
