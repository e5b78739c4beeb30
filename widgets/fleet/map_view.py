"""The live map: a QWebEngineView showing the olmap: page, wired to the store via the bridge.

The view's profile is off the record (no disk cache or cookies) and every request the page makes
passes a :class:`RequestGuard`, which lets through only our own scheme, Qt's resources and, if the
dispatcher opted in, the online tile server; everything it saw is kept for tests and diagnostics.

Signals:
    trailerClicked(str): the dispatcher clicked a trailer on the map.
    acknowledgeRequested(str): the popup's Acknowledge button, for this alarm id.
    messageDriverRequested(str), callDriverRequested(str): the popup's contact buttons (trailer).
    historyEventClicked(str): the dispatcher clicked this trip-history event (its id).
    pageLoaded(bool): the page finished loading (ok or not).

The trip history is shown through ``history_feed`` (:class:`~maps.bridge.HistoryMapFeed`):
``show_track(track)``, ``show_replay(ts, lat, lon, heading, follow)``, ``clear_track()``. A track
stays on the map only while its trailer is the one selected: selecting another (in the fleet
table, the alarm queue, on the map) clears it, so a previous trailer's past never lies on the map
while another alarm is worked.

Colours: :meth:`MapView.set_theme` switches the page's colours live (maps/theme.py).

Language: the page's own words (buttons, Layers panel, legend, the card's buttons, tooltips) are
sent in the interface language when the page is ready (maps/strings.py) and again when Qt
announces a language switch (``LanguageChange``), with the selected trailer's card, whose rows
are worded in Python: the page relabels them in place.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from console.fleet.store import FleetStore
from console.palette import Palette
from console.palette import notifier as palette_notifier
from maps.bridge import FleetMapFeed, HistoryMapFeed, MapBridge
from maps.page import BASE_URL, PAGE_PATH, RESOURCES, build_page
from maps.scheme import SCHEME, ResourceSchemeHandler
from maps.strings import strings_message
from maps.theme import MAP_THEMES, theme_message

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = {"olmap", "qrc", "data", "blob"}


class RequestGuard(QWebEngineUrlRequestInterceptor):
    """Records every URL the page asks for and blocks any host not explicitly allowed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.seen: list[str] = []
        self.blocked: list[str] = []
        self.allowed_hosts: set[str] = set()

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        self.seen.append(url.toString())
        if url.scheme() in ALLOWED_SCHEMES:
            return
        if url.scheme() in ("http", "https") and url.host() in self.allowed_hosts:
            return
        self.blocked.append(url.toString())
        info.block(True)


class _Page(QWebEnginePage):
    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel,
                                 message: str, line: int, source: str) -> None:
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            log.warning("map page: %s (%s:%d)", message, source, line)
        else:
            log.debug("map page: %s", message)


class MapView(QWebEngineView):
    trailerClicked = Signal(str)
    acknowledgeRequested = Signal(str)
    messageDriverRequested = Signal(str)
    callDriverRequested = Signal(str)
    historyEventClicked = Signal(str)
    pageLoaded = Signal(bool)

    def __init__(self, store: FleetStore, parent: QWidget | None = None, *,
                 test_hooks: bool = False) -> None:
        """``test_hooks``: load resources/map/test-hooks.js too (tests and benchmarks look
        into the page through it; the console's page never has it)."""
        super().__init__(parent)
        self.setObjectName("mapView")
        self.profile = QWebEngineProfile(self)  # off the record: nothing written to disk
        self.guard = RequestGuard(self)
        self.profile.setUrlRequestInterceptor(self.guard)
        self.scheme_handler = ResourceSchemeHandler(RESOURCES, self)
        self.scheme_handler.set_page(PAGE_PATH, build_page(test_hooks=test_hooks))
        self.profile.installUrlSchemeHandler(SCHEME, self.scheme_handler)
        page = _Page(self.profile, self)
        # The page must go before its profile: owned by the page, the profile is deleted only
        # after the page's own destructor has run (as children of the view, it went first).
        self.profile.setParent(page)
        self.setPage(page)
        self.bridge = MapBridge(self)
        self.channel = QWebChannel(self)
        self.channel.registerObject("bridge", self.bridge)
        page.setWebChannel(self.channel)
        # The page's words first, before the fleet and its card arrive.
        self.bridge.ready.connect(self._send_strings)
        # A language switch installs and removes several translators, each a LanguageChange:
        # the words are sent once, after the last.
        self._language_timer = QTimer(self)
        self._language_timer.setSingleShot(True)
        self._language_timer.setInterval(0)
        self._language_timer.timeout.connect(self._on_language_changed)
        self.feed = FleetMapFeed(store, self.bridge, parent=self)
        self.history_feed = HistoryMapFeed(self.bridge, parent=self)
        self.history_feed.historyEventClicked.connect(self.historyEventClicked)
        self.bridge.clicked.connect(self.trailerClicked)
        self.bridge.acknowledgeAsked.connect(self.acknowledgeRequested)
        self.bridge.messageDriverAsked.connect(self.messageDriverRequested)
        self.bridge.callDriverAsked.connect(self.callDriverRequested)
        self.feed.selectedChanged.connect(self._on_selected)
        self._tiles: tuple[str | None, str, int] = (None, "", 19)
        self._theme: dict[str, object] | None = None
        self.bridge.ready.connect(self._send_tiles)
        self.bridge.ready.connect(self._send_theme)
        # The map follows the console's theme (its own day and night sets, maps/theme.py), now
        # and on each switch.
        self.set_theme(palette_notifier().palette.name)
        palette_notifier().changed.connect(self._on_palette)
        self.loadFinished.connect(self.pageLoaded)
        self.load(QUrl(f"{BASE_URL.rstrip('/')}{PAGE_PATH}"))

    def set_online_tiles(self, url: str | None, attribution: str = "", max_zoom: int = 19
                         ) -> None:
        """Opt in to (or out of) an online tile layer; the offline basemap stays beneath."""
        self.guard.allowed_hosts = set()
        if url:
            host = QUrl(url.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0")
                        .replace("{y}", "0").replace("{r}", "")).host()
            self.guard.allowed_hosts = {host, *(host.replace("a.", f"{s}.", 1) for s in "abc")}
        self._tiles = (url, attribution, max_zoom)
        self._send_tiles()

    def _send_tiles(self) -> None:
        url, attribution, max_zoom = self._tiles
        if self.bridge.page_ready and (url or self.bridge.sent_messages):
            self.bridge.send({"op": "tiles", "url": url, "attribution": attribution,
                              "maxZoom": max_zoom})

    def set_theme(self, colors: Mapping[str, object] | str) -> None:
        """Switch the map's colours live: a built-in set by name ("light", "dark") or a
        ``{key: colour}`` set (maps/theme.py: its keys; values that are not colours are left
        out). Kept, and sent again if the page reloads. ValueError if no colour is usable."""
        message = theme_message(MAP_THEMES[colors] if isinstance(colors, str) else colors)
        self._theme = message
        self._send_theme()

    @Slot(object)
    def _on_palette(self, palette: Palette) -> None:
        self.set_theme(palette.name)

    def _send_theme(self) -> None:
        if self._theme is not None and self.bridge.page_ready:
            self.bridge.send(self._theme)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._language_timer.start()
        super().changeEvent(event)

    @Slot()
    def _on_language_changed(self) -> None:
        self._send_strings()
        # The card's rows and alarm line are worded in Python: word them again.
        feed = self.feed
        if self.bridge.page_ready and feed.selected:
            feed.send_details(feed.selected)

    @Slot()
    def _send_strings(self) -> None:
        if self.bridge.page_ready:
            self.bridge.send(strings_message())

    @Slot(str)
    def _on_selected(self, trailer_id: str) -> None:
        # Another trailer selected: the trip history of the previous one leaves the map.
        track = self.history_feed.track
        if trailer_id and track is not None and track.get("id") != trailer_id:
            self.history_feed.clear_track()
