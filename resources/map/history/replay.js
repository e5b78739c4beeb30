// @ts-check
/*
 * OpticalLock map page: history/replay.js — the trip-history messages: show a track (fit the map,
 * report it drawn), move the replay marker, clear it all. The live fleet is never touched.
 */
(function (ns) {
  'use strict';

  const { el, finite } = ns.core;
  const { send } = ns.bridge;
  const { setFollow } = ns.trailers;
  const { clearHover } = ns.popup;
  const { buildTrack } = ns.historyTrack;
  const { paintReplayArrow } = ns.historyGlyphs;
  const { buildStopLabels } = ns.historyLayers;
  const { layers, page, track, ui } = ns.state;

  // ---- messages

  function loadTrack(msg, started) {
    const parsed = performance.now();
    const built = buildTrack(msg);  // throws on a bad message: the old track stays
    Object.assign(track, built);
    track.layout = null;
    track.loaded = true;
    track.seq++;
    track.parseMs = parsed - started;
    track.buildMs = performance.now() - parsed;
    removeReplay();
    if (ui.hoverKey && /^[eh]/.test(ui.hoverKey)) clearHover();
    buildStopLabels();
    // Live follow would pan away from the track at the next fix: reviewing history ends it.
    if (ui.follow) setFollow(false, true);
    layers.track.redraw();
    layers.marks.redraw();
    fitTrack(track.seq);
    if (!page.map.hasLayer(layers.history)) page.map.addLayer(layers.history);
    layers.track.flush();
    layers.marks.flush();
    if (layers.trailers && page.map.hasLayer(layers.trailers)) layers.trailers.flush();
    ns.historyChrome.setTrackChrome(true);
    track.loadMs = performance.now() - started;
    // Report once the browser has painted a frame with the track in it.
    const seq = track.seq;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (seq !== track.seq) return;
      track.shownMs = performance.now() - started;
      send('trackDrawn', track.id, track.valid, Math.round(track.shownMs * 10) / 10);
    }));
  }

  // Fit the map to the track now, or (map not laid out yet: a hidden dock) once it has a size:
  // inside what the card and the controls leave clear (card.js clearPadding).
  function fitTrack(seq) {
    if (seq !== track.seq || !track.bounds) return;
    const size = page.map.getSize();
    if (!size.x || !size.y) { page.map.once('resize', () => fitTrack(seq)); return; }
    const [[s, w], [n, e]] = track.bounds;
    if (s === n && w === e) {
      page.map.setView([s, w], Math.max(page.map.getZoom(), 13), { animate: false });
      ns.card.panClear(L.latLng(s, w), true, false);
    } else {
      page.map.fitBounds(track.bounds, { ...ns.card.clearPadding(), maxZoom: 15, animate: false });
    }
  }

  function removeReplay() {
    if (layers.replay) layers.history.removeLayer(layers.replay);
    layers.replay = null;
    track.replay = null;
  }

  function showReplay(msg) {
    if (!track.loaded) throw new Error('replay without a track');
    const lat = msg.lat, lon = msg.lon;
    if (!finite(lat) || !finite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) throw new Error('replay without a position');
    const heading = finite(msg.heading) ? msg.heading : 0;
    const ll = L.latLng(lat, lon);
    track.replay = { lat, lon, ts: finite(msg.ts) ? msg.ts : null, heading };
    if (!layers.replay) {
      const box = el('div', 'olc-replay');
      const arrow = el('canvas', 'olc-replay-arrow');
      const dpr = window.devicePixelRatio || 1, css = 30;
      arrow.width = arrow.height = Math.ceil(css * dpr);
      arrow.style.width = arrow.style.height = css + 'px';
      const ctx = arrow.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      paintReplayArrow(ctx, css / 2, css / 2);
      box.appendChild(arrow);
      layers.replay = L.marker(ll, {
        icon: L.divIcon({ html: box, className: 'olc-replay-icon', iconSize: [30, 30], iconAnchor: [15, 15] }),
        pane: 'olcReplay', interactive: false, keyboard: false,
      });
      layers.replay.olcArrow = arrow;
      layers.replay.olcAngle = heading;
      layers.history.addLayer(layers.replay);
    } else {
      layers.replay.setLatLng(ll);
      // Turn the short way (the arrow's rotation is animated): 350° -> 10° is +20°, not -340°.
      const prev = layers.replay.olcAngle;
      layers.replay.olcAngle = prev + ((((heading - prev) % 360) + 540) % 360) - 180;
    }
    layers.replay.olcArrow.style.transform = `rotate(${layers.replay.olcAngle}deg)`;
    if (!page.map.hasLayer(layers.history)) return;
    if (msg.follow === true) {
      if (ui.follow) setFollow(false, true);  // one thing to follow at a time
      ns.card.panClear(ll, true, true);
    } else {
      // Never under the card or a control, never off the map: the map pans just enough.
      ns.card.panClear(ll, false, false);
    }
  }

  function clearTrack() {
    const had = track.loaded;
    if (page.map.hasLayer(layers.history)) page.map.removeLayer(layers.history);
    removeReplay();
    layers.stopLabels.clearLayers();
    Object.assign(track, {
      loaded: false, id: '', n: 0, valid: 0, lat: null, lon: null, ts: null, speed: null, wx: null, wy: null, imp: null,
      runs: null, first: -1, last: -1, stops: [], events: [], eventById: new Map(), bounds: null,
      layout: null, drawn: { vertices: 0, runs: 0, ms: 0 },
    });
    track.seq++;
    if (ui.hoverKey && /^[eh]/.test(ui.hoverKey)) clearHover();
    ns.historyChrome.setTrackChrome(false);
    return had;
  }

  ns.historyReplay = { clearTrack, fitTrack, loadTrack, showReplay };
}(window.OLMap));
