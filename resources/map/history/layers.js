// @ts-check
/*
 * OpticalLock map page: history/layers.js — the trip history's canvas layers: the track line
 * (simplified per zoom, coloured by speed band), the start/end, stop and event marks (fanned out
 * where they share a spot) and the stop duration labels.
 */
(function (ns) {
  'use strict';

  const { STATS_CAP, el, palette } = ns.core;
  const { BAND_COUNT, BAND_GAP, BAND_UNKNOWN, CHEVRON_EVERY_PX, GAP_COLOR, MARK_HIT_RADIUS, MARK_MAX_RINGS, MARK_MERGE_PX, MARK_RING_PX, MARK_RING_STEP_PX, SPEED_BANDS, TRACK_MIN_STEP_PX, TRACK_TOLERANCE_PX, bandColor, formatDuration } = ns.historyTrack;
  const { glyphSprite } = ns.historyGlyphs;
  const { layers, page, track } = ns.state;

  // ---- layers

  // classes.TrackLayer = classes.CanvasLayer.extend(trackLayerMethods), in init.js: the speed-coloured line.
  const trackLayerMethods = {
    options: { pane: 'olcTrack', padding: 0.3 },

    _draw(ctx, b) {
      const t0 = performance.now();
      const runs = track.runs;
      let vertices = 0, drawnRuns = 0;
      if (track.loaded && runs && runs.count) {
        const m = this._map, scale = m.options.crs.scale(m.getZoom()), o = m.getPixelOrigin();
        const ox = o.x, oy = o.y, pad = 8;
        const bx0 = (b.min.x - pad + ox) / scale, by0 = (b.min.y - pad + oy) / scale;
        const bx1 = (b.max.x + pad + ox) / scale, by1 = (b.max.y + pad + oy) / scale;
        const tol = TRACK_TOLERANCE_PX / scale, min2 = TRACK_MIN_STEP_PX * TRACK_MIN_STEP_PX;
        const wx = track.wx, wy = track.wy, imp = track.imp;
        const paths = new Array(BAND_COUNT).fill(null);
        const chevrons = new Path2D();
        let travelled = 0;
        for (let r = 0; r < runs.count; r++) {
          if (runs.x1[r] < bx0 || runs.x0[r] > bx1 || runs.y1[r] < by0 || runs.y0[r] > by1) continue;
          const band = runs.band[r];
          const path = paths[band] || (paths[band] = new Path2D());
          const moving = band > 0 && band < SPEED_BANDS.length;
          const a = runs.a[r], e = runs.b[r];
          let lx = wx[a] * scale - ox, ly = wy[a] * scale - oy;
          path.moveTo(lx, ly);
          vertices++;
          for (let i = a + 1; i <= e; i++) {
            if (imp[i] < tol) continue;
            const x = wx[i] * scale - ox, y = wy[i] * scale - oy;
            const dx = x - lx, dy = y - ly, d2 = dx * dx + dy * dy;
            if (i !== e && d2 < min2) continue;
            path.lineTo(x, y);
            if (moving && (travelled += Math.sqrt(d2)) >= CHEVRON_EVERY_PX && d2 >= 100) {
              // A small ">" at the middle of this segment, pointing the way the trailer went.
              travelled = 0;
              const len = Math.sqrt(d2), ux = dx / len, uy = dy / len, cx = (x + lx) / 2, cy = (y + ly) / 2;
              chevrons.moveTo(cx - 3 * ux - 4 * uy, cy - 3 * uy + 4 * ux);
              chevrons.lineTo(cx + 2.5 * ux, cy + 2.5 * uy);
              chevrons.lineTo(cx - 3 * ux + 4 * uy, cy - 3 * uy - 4 * ux);
            }
            lx = x; ly = y;
            vertices++;
          }
          drawnRuns++;
        }
        ctx.lineJoin = 'round';
        ctx.lineCap = 'round';
        if (paths[BAND_GAP]) {
          ctx.setLineDash([6, 5]);
          ctx.strokeStyle = 'rgba(255, 255, 255, 0.8)'; ctx.lineWidth = 4; ctx.stroke(paths[BAND_GAP]);
          ctx.strokeStyle = GAP_COLOR; ctx.lineWidth = 2; ctx.stroke(paths[BAND_GAP]);
          ctx.setLineDash([]);
        }
        ctx.strokeStyle = palette.trackCasing;
        ctx.lineWidth = 5.5;
        for (let k = 0; k < BAND_GAP; k++) if (paths[k]) ctx.stroke(paths[k]);
        ctx.lineWidth = 3.5;
        // Unknown and stopped first, fast last: where lines cross, the faster stays on top.
        for (const k of [BAND_UNKNOWN, ...SPEED_BANDS.keys()]) {
          if (!paths[k]) continue;
          ctx.strokeStyle = bandColor(k);
          ctx.stroke(paths[k]);
        }
        ctx.strokeStyle = palette.trackCasing;
        ctx.lineWidth = 3.6;
        ctx.stroke(chevrons);
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 1.8;
        ctx.stroke(chevrons);
      }
      const ms = performance.now() - t0;
      track.drawn = { vertices, runs: drawnRuns, ms };
      track.draws[track.drawN % STATS_CAP] = ms;
      track.drawN++;
    },
  };

  // Where marks would cover each other (a stop with its geofence, unlock and lock events, a
  // terminal visited every day), the stop stays on its spot and the events fan out around it
  // (on the left first: the stop's duration label is on the right), joined to the spot by a
  // thin line, so every mark can be seen, hovered and clicked. Laid out per zoom in world
  // pixels (panning does not change it); the most important events get the ring first.
  function layoutMarks(m) {
    const zoom = m.getZoom();
    if (track.layout && track.layout.zoom === zoom) return track.layout;
    const scale = m.options.crs.scale(zoom), cell = MARK_MERGE_PX;
    const grid = new Map(), groups = [];
    const cellKey = (cx, cy) => cx * 1048576 + cy;
    const groupAt = (x, y) => {
      const cx = Math.floor(x / cell), cy = Math.floor(y / cell);
      for (let i = cx - 1; i <= cx + 1; i++) {
        for (let j = cy - 1; j <= cy + 1; j++) {
          for (const g of grid.get(cellKey(i, j)) || []) if (Math.abs(g.x - x) <= cell && Math.abs(g.y - y) <= cell) return g;
        }
      }
      const g = { x, y, stop: false, events: [] };
      const key = cellKey(cx, cy);
      (grid.get(key) || grid.set(key, []).get(key)).push(g);
      groups.push(g);
      return g;
    };
    for (const stop of track.stops) groupAt(stop.wx * scale, stop.wy * scale).stop = true;
    // Most important first, so they get the inner ring.
    for (let k = track.events.length - 1; k >= 0; k--) {
      const ev = track.events[k];
      groupAt(ev.wx * scale, ev.wy * scale).events.push(k);
    }
    const n = track.events.length;
    const ex = new Float64Array(n), ey = new Float64Array(n), leaders = [], hubs = [];
    for (const g of groups) {
      const k = g.events.length;
      if (!k) continue;
      if (k === 1 && !g.stop) { ex[g.events[0]] = g.x; ey[g.events[0]] = g.y; continue; }
      if (!g.stop) hubs.push(g.x, g.y);
      let placed = 0, ring = 0;
      while (placed < k) {
        const left = k - placed;
        if (ring >= MARK_MAX_RINGS) {
          // More than the rings hold (a whole month at one terminal, zoomed out): the rest stay
          // stacked on the spot, under the others.
          for (const idx of g.events.slice(placed)) { ex[idx] = g.x; ey[idx] = g.y; }
          break;
        }
        const r = MARK_RING_PX + ring * MARK_RING_STEP_PX;
        const step = MARK_RING_STEP_PX / r;  // radians between neighbours on this ring
        // Around a stop only the left half (its duration label is on the right).
        const span = g.stop ? Math.PI : 2 * Math.PI;
        const capacity = g.stop ? Math.floor(span / step) + 1 : Math.floor(span / step);
        const count = Math.min(left, capacity);
        const spread = g.stop || count <= 3 ? Math.min(step * 1.15, span / Math.max(1, count - 1)) : span / count;
        for (let j = 0; j < count; j++) {
          const a = Math.PI + (j - (count - 1) / 2) * spread;
          const idx = g.events[placed + j];
          ex[idx] = g.x + r * Math.cos(a);
          ey[idx] = g.y + r * Math.sin(a);
          leaders.push(g.x, g.y, ex[idx], ey[idx]);
        }
        placed += count;
        ring++;
      }
    }
    track.layout = { zoom, ex, ey, leaders, hubs };
    return track.layout;
  }

  // classes.HistoryMarksLayer = classes.CanvasLayer.extend(marksLayerMethods), in init.js: start/end, stops, events.
  const marksLayerMethods = {
    options: { pane: 'olcHistory', padding: 0.3 },

    _draw(ctx, b) {
      if (!track.loaded) return;
      const m = this._map, zoom = m.getZoom(), scale = m.options.crs.scale(zoom), o = m.getPixelOrigin();
      const dpr = this._dpr, margin = 16 + MARK_RING_PX + MARK_MAX_RINGS * MARK_RING_STEP_PX;
      const layout = layoutMarks(m);
      const inside = (x, y) => x >= b.min.x - margin && x <= b.max.x + margin && y >= b.min.y - margin && y <= b.max.y + margin;
      const put = (kind, x, y) => {
        if (!inside(x, y)) return;
        const sprite = glyphSprite(kind, dpr), size = sprite.cssSize;
        ctx.drawImage(sprite, x - size / 2, y - size / 2, size, size);
      };
      if (track.first >= 0) {
        put('start', track.wx[track.first] * scale - o.x, track.wy[track.first] * scale - o.y);
        if (track.last !== track.first) put('end', track.wx[track.last] * scale - o.x, track.wy[track.last] * scale - o.y);
      }
      const lines = layout.leaders;
      if (lines.length) {
        ctx.beginPath();
        for (let k = 0; k < lines.length; k += 4) {
          ctx.moveTo(lines[k] - o.x, lines[k + 1] - o.y);
          ctx.lineTo(lines[k + 2] - o.x, lines[k + 3] - o.y);
        }
        ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)'; ctx.lineWidth = 3; ctx.stroke();
        ctx.strokeStyle = palette.outline; ctx.lineWidth = 1.2; ctx.stroke();
        ctx.beginPath();
        for (let k = 0; k < layout.hubs.length; k += 2) {
          const x = layout.hubs[k] - o.x, y = layout.hubs[k + 1] - o.y;
          ctx.moveTo(x + 3, y); ctx.arc(x, y, 3, 0, 2 * Math.PI);
        }
        ctx.fillStyle = palette.outline; ctx.fill();
        ctx.strokeStyle = '#fff'; ctx.lineWidth = 1; ctx.stroke();
      }
      for (const stop of track.stops) put('stop', stop.wx * scale - o.x, stop.wy * scale - o.y);
      track.events.forEach((ev, k) => put(ev.glyph, layout.ex[k] - o.x, layout.ey[k] - o.y));
      if (this._labelZoom !== zoom || track.labelsDirty) {
        this._labelZoom = zoom;
        track.labelsDirty = false;
        declutterStopLabels();
      }
    },

    // The topmost event (or else stop) under a container point.
    hitTest(containerPoint) {
      const m = this._map;
      if (!m || m._animatingZoom || !track.loaded) return null;
      const p = m.containerPointToLayerPoint(containerPoint);
      const scale = m.options.crs.scale(m.getZoom()), o = m.getPixelOrigin();
      const layout = layoutMarks(m);
      const r2 = MARK_HIT_RADIUS * MARK_HIT_RADIUS;
      let best = null, bestD = r2;
      // Drawn last = on top: walk the events backwards, keep a strictly closer one only.
      for (let k = track.events.length - 1; k >= 0; k--) {
        const dx = layout.ex[k] - o.x - p.x, dy = layout.ey[k] - o.y - p.y, d = dx * dx + dy * dy;
        if (d < bestD || (best === null && d <= r2)) { bestD = d; best = track.events[k]; }
      }
      if (best) return { event: best };
      for (const stop of track.stops) {
        const dx = stop.wx * scale - o.x - p.x, dy = stop.wy * scale - o.y - p.y;
        if (dx * dx + dy * dy <= r2) return { stop };
      }
      return null;
    },
  };

  // Stop durations are DOM labels (text via textContent) next to the stop marks, in a pane
  // below the marks (a mark always shows over a label). Where two labels would overlap, the
  // longer stop keeps its label.
  function declutterStopLabels() {
    if (!layers.stopLabels || !page.map.hasLayer(layers.stopLabels)) return;
    const boxes = [];
    const hits = (q) => boxes.some((r) => r[0] < q[2] && r[2] > q[0] && r[1] < q[3] && r[3] > q[1]);
    const order = track.stops.filter((s) => s.marker).sort((p, q) => (q.duration || 0) - (p.duration || 0));
    for (const stop of order) {
      const node = stop.marker.getElement();
      if (!node) continue;
      const p = page.map.latLngToLayerPoint([stop.lat, stop.lon]);
      const width = 12 + 6.2 * stop.labelText.length;
      const box = [p.x + 10, p.y - 9, p.x + 10 + width, p.y + 9];
      const free = !hits(box);
      if (free) boxes.push(box);
      node.style.display = free ? '' : 'none';
    }
  }

  function buildStopLabels() {
    layers.stopLabels.clearLayers();
    for (const stop of track.stops) {
      stop.labelText = formatDuration(stop.duration);
      if (!stop.labelText) continue;
      const label = el('div', 'olc-stop-label', stop.labelText);
      stop.marker = L.marker([stop.lat, stop.lon], {
        icon: L.divIcon({ html: label, className: 'olc-stop-label-icon', iconSize: null, iconAnchor: [-11, 9] }),
        pane: 'olcHistoryLabels', interactive: false, keyboard: false,
      });
      layers.stopLabels.addLayer(stop.marker);
    }
    track.labelsDirty = true;
  }

  ns.historyLayers = { buildStopLabels, layoutMarks, marksLayerMethods, trackLayerMethods };
}(window.OLMap));
