// @ts-check
/*
 * OpticalLock map page: test-hooks.js — looking into the page and poking it, for the tests only.
 *
 * Loaded by the tests' pages (tests/maps/fleet_harness.html, maps/page.py build_page(test_hooks=
 * True)), never by the console's page. Adds read-only views of the state (counts, what is
 * selected, where a trailer is on screen, the popup's text, ...) and synthetic pointer input
 * (clickAt, hoverAt) to window.OLMap. Nothing here changes what the page does.
 */
(function (ns) {
  'use strict';

  const { latLngOf } = ns.trailers;
  const { updateHover } = ns.popup;
  const { historyEventPoint } = ns.historyChrome;
  const { controls, fleet, layers, page, track, ui } = ns.state;

  function rectOf(node) {
    if (!node) return null;
    const r = node.getBoundingClientRect(), m = page.map.getContainer().getBoundingClientRect();
    return [r.left - m.left, r.top - m.top, r.right - m.left, r.bottom - m.top];
  }

  // Draw now if a frame is pending, so what the test reads is what the next frame shows.
  function trailersLayerDrawn() {
    if (layers.trailers && page.map && page.map.hasLayer(layers.trailers)) layers.trailers.flush();
    return layers.trailers;
  }

  function clickAt(x, y) {
    const c = page.map.getContainer();
    const r = c.getBoundingClientRect();
    const sx = c.offsetWidth ? r.width / c.offsetWidth : 1, sy = c.offsetHeight ? r.height / c.offsetHeight : 1;
    const event = { bubbles: true, cancelable: true, view: window, button: 0,
      clientX: r.left + (x + c.clientLeft) * sx, clientY: r.top + (y + c.clientTop) * sy };
    return c.dispatchEvent(new MouseEvent('click', event));
  }

  function hoverAt(x, y) {
    const c = page.map.getContainer();
    const r = c.getBoundingClientRect();
    c.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, cancelable: true, view: window, clientX: r.left + x + c.clientLeft, clientY: r.top + y + c.clientTop }));
    if (ui.hoverFrame) { cancelAnimationFrame(ui.hoverFrame); updateHover(); }
    return hoverText();
  }

  function hoverText() {
    return ui.hoverTip && page.map.hasLayer(ui.hoverTip) ? ui.hoverTip.getElement().textContent : null;
  }

  Object.assign(ns, {
    count: () => fleet.n,
    visibleMarkerCount: () => { const t = trailersLayerDrawn(); return t && page.map.hasLayer(t) ? t.visibleCount : 0; },
    clustered: () => { const t = trailersLayerDrawn(); return !!(t && page.map.hasLayer(t) && t.clustered); },
    selectedId: () => ui.selectedId,
    placeShown: () => (ui.place && page.map.hasLayer(ui.place) ? [page.map.getCenter().lat, page.map.getCenter().lng] : null),
    statusOf: (id) => {
      const slot = fleet.slotOf.get(String(id));
      return slot === undefined ? null : page.cfg.statuses[fleet.st[slot]] ?? null;
    },
    follow: () => ui.follow,
    screenPointOf: (id) => {
      const ll = latLngOf(id == null ? null : String(id));
      if (!ll) return null;
      const p = page.map.latLngToContainerPoint(ll);
      return [p.x, p.y];
    },
    clickAt,
    hoverAt,
    hoverText,
    popupText: () => (ui.card && !ui.card.hidden && ui.popupBody ? ui.popupBody.textContent : null),
    // Geometry, in the map container's pixels: [x0, y0, x1, y1].
    cardRect: () => rectOf(ui.card && !ui.card.hidden ? ui.card : null),
    cardSide: () => (ui.card && !ui.card.hidden ? ui.cardSide : null),
    controlRects: () => [...page.map.getContainer().querySelectorAll('.leaflet-control')]
      .filter((c) => c instanceof HTMLElement && c.offsetParent !== null).map((c) => rectOf(c)),
    clearRect: () => ns.card.clearRect(),
    mapSize: () => { const s = page.map.getSize(); return [s.x, s.y]; },
    settled: () => !(page.map._panAnim && page.map._panAnim._inProgress) && !page.map._animatingZoom,
    layersCollapsed: () => !!(controls.layersBox && controls.layersBox.classList.contains('olc-collapsed')),
    trackKeyFolded: () => !!(controls.trackKey && controls.trackKey.getContainer().classList.contains('olc-collapsed')),
    // Every fix of the loaded track, where it is on screen (container pixels).
    trackScreenPoints: () => {
      if (!track.loaded) return [];
      const pts = [];
      for (let i = 0; i < track.n; i++) {
        if (!Number.isFinite(track.lat[i]) || !Number.isFinite(track.lon[i])) continue;
        const p = page.map.latLngToContainerPoint([track.lat[i], track.lon[i]]);
        pts.push([Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10]);
      }
      return pts;
    },
    replayInView: () => {
      if (!layers.replay || !page.map.hasLayer(layers.replay)) return false;
      return page.map.getBounds().contains(layers.replay.getLatLng());
    },
    replayPaneZ: () => Number(page.map.getPane('olcReplay').style.zIndex),
    cssVar: (name) => getComputedStyle(page.map.getContainer()).getPropertyValue(String(name)).trim(),
    paletteOf: (key) => ns.core.palette[String(key)] ?? null,
    statusColorOf: (name) => page.cfg.colors[String(name)] ?? null,
    geofenceCount: () => layers.geofenceById.size,
    geofenceTooltip: (id) => {
      const layer = layers.geofenceById.get(String(id));
      if (!layer) return null;
      layer.openTooltip();
      const tip = layer.getTooltip();
      return tip && tip.getElement() ? tip.getElement().textContent : null;
    },
    clusterBubbles: () => {
      const t = trailersLayerDrawn();
      if (!t || !page.map.hasLayer(t)) return [];
      const size = page.map.getSize();
      return t.bubbles.map((b) => {
        const p = page.map.layerPointToContainerPoint([b.x, b.y]);
        return [Math.round(p.x), Math.round(p.y), b.count, b.alarms];
      }).filter((b) => b[0] >= 0 && b[1] >= 0 && b[0] <= size.x && b[1] <= size.y);
    },
    destinationId: () => ui.destinationId,
    tileLayerOn: () => !!(layers.tiles && page.map && page.map.hasLayer(layers.tiles)),
    basemapOn: () => !!(layers.basemap && page.map && page.map.hasLayer(layers.basemap)),
    // Trip history
    trackLoaded: () => track.loaded,
    trackId: () => (track.loaded ? track.id : null),
    trackPointCount: () => track.valid,
    trackDrawnSegments: () => { if (track.loaded && page.map.hasLayer(layers.track)) layers.track.flush(); return track.drawn.vertices; },
    trackDrawMs: () => Math.round(track.drawn.ms * 100) / 100,
    trackLoadMs: () => Math.round(track.loadMs * 100) / 100,
    historyLayerOn: () => !!(track.loaded && page.map && page.map.hasLayer(layers.history)),
    historyEventCount: () => track.events.length,
    historyStopCount: () => track.stops.length,
    screenPointOfHistoryEvent: historyEventPoint,
    stopLabels: () => track.stops.filter((s) => s.marker && s.marker.getElement() && s.marker.getElement().style.display !== 'none').map((s) => s.labelText),
    replayPosition: () => (track.replay ? [track.replay.lat, track.replay.lon] : null),
    replayScreenPoint: () => {
      if (!layers.replay || !page.map.hasLayer(layers.replay)) return null;
      const p = page.map.latLngToContainerPoint(layers.replay.getLatLng());
      return [p.x, p.y];
    },
    flush: () => { trailersLayerDrawn(); return true; },
  });
}(window.OLMap));
