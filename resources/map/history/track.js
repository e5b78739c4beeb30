// @ts-check
/*
 * OpticalLock map page: history/track.js — a trip-history track built from its message (pure:
 * throws on bad input, touches no state): speed bands, runs, Douglas–Peucker ranks, stops, events.
 */
(function (ns) {
  'use strict';
  const { page } = ns.state;

  const { finite, mercX, mercY, num } = ns.core;

  // One trailer's past, in its own panes: the track line (below the live trailers, so live
  // markers stay readable over it), stop and event marks with stop durations (above them: they
  // are what the dispatcher reviews and clicks) and the replay marker on top. Nothing here
  // touches the live fleet's data or layers.
  //
  // The line is one canvas. At load every fix is projected once and ranked by Douglas–Peucker
  // (the tolerance at which the point would be dropped, clamped by its parent's so the ranks
  // nest); a draw keeps the fixes whose rank beats the zoom's pixel tolerance, so 86,000 fixes
  // become a few thousand vertices at a country-wide zoom and a draw costs one pass over typed
  // arrays. The fixes are cut into runs of one speed band; a draw builds one Path2D per band
  // and strokes it twice (casing, colour): a handful of strokes, never one layer per segment.

  // Speed bands of the track line, slowest first; `max` is exclusive (km/h).
  const SPEED_BANDS = [
    { max: 5, color: '#90a4ae', key: 'speedStopped', short: '< 5' },
    { max: 40, color: '#f9a825', key: 'speedSlow', short: '5–40' },
    { max: 70, color: '#e8590c', key: 'speedMedium', short: '40–70' },
    { max: Infinity, color: '#6a1b9a', key: 'speedFast', short: '≥ 70 km/h' },
  ];
  const BAND_UNKNOWN = SPEED_BANDS.length;      // the fix has no speed
  const BAND_GAP = SPEED_BANDS.length + 1;      // no fix for a while, and far apart: dashed
  const BAND_COUNT = SPEED_BANDS.length + 2;
  const BAND_NONE = 255;                        // a fix without position: the line breaks
  const UNKNOWN_COLOR = '#78909c';
  const GAP_COLOR = '#455a64';
  const TRACK_CASING = 'rgba(28, 38, 43, 0.6)';
  const TRACK_GAP_S = 900;         // 15 min without a fix ...
  const TRACK_GAP_M = 2000;        // ... over more than 2 km: not drawn as if driven
  const TRACK_TOLERANCE_PX = 0.7;  // simplification: what cannot be seen at this zoom
  const TRACK_MIN_STEP_PX = 0.5;   // consecutive vertices closer than this are merged
  const TRACK_RUN_MAX = 4096;      // longer runs are cut: bounds the simplifier's worst case
  const CHEVRON_EVERY_PX = 90;     // direction-of-travel marks along the moving parts of the line
  const MARK_HIT_RADIUS = 11;      // px
  const MARK_MERGE_PX = 10;        // marks closer than this share a spot and fan out
  const MARK_RING_PX = 21;         // radius of the first ring of fanned-out events
  const MARK_RING_STEP_PX = 20;    // between rings, and between marks on a ring
  const MARK_MAX_RINGS = 3;
  const EARTH_M = 40075016.686;    // metres per world unit at the equator

  // Event marks: each kind has its own shape (colour is never the only cue); rank = draw order.
  const HISTORY_KIND = {
    alarm: { key: 'eventAlarm', rank: 6, color: '#d32f2f' },
    tamper: { key: 'eventTamper', rank: 5, color: '#ffb300' },
    unlock: { key: 'eventUnlock', rank: 4, color: '#ef6c00' },
    lock: { key: 'eventLock', rank: 3, color: '#2e7d32' },
    geofence: { key: 'eventGeofence', rank: 2, color: '#5e35b1' },
    _other: { key: 'eventOther', rank: 1, color: '#607d8b' },
  };



  const projectsMercator = () => page.map.options.crs === L.CRS.EPSG3857;

  function formatDuration(seconds) {
    // Same wording as the console's trip tables (opticallock/trips.py format_hours).
    if (!(seconds >= 0)) return '';
    let minutes = Math.round(seconds / 60);
    if (minutes < 60) return `${minutes} min`;
    let hours = Math.floor(minutes / 60);
    minutes %= 60;
    if (hours < 48) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
    const days = Math.floor(hours / 24);
    hours %= 24;
    return `${days} d ${String(hours).padStart(2, '0')} h`;
  }

  function bandColor(band) {
    if (band < SPEED_BANDS.length) return SPEED_BANDS[band].color;
    return band === BAND_GAP ? GAP_COLOR : UNKNOWN_COLOR;
  }

  // ---- building a track from its message (pure: throws on bad input, touches no state)

  function numList(msg, key, n, required) {
    const v = msg[key];
    if (v == null) {
      if (required) throw new Error(`track without ${key}`);
      return null;
    }
    if (!Array.isArray(v) || v.length !== n) throw new Error(`track: ${key} must have ${n} entries`);
    return v;
  }

  // Douglas–Peucker rank of the fixes a..b (inclusive): imp[k] = the distance (world units) at
  // which k would be dropped, never more than its parent's, so a threshold keeps a nested set.
  function rankFixes(wx, wy, imp, a, b, stack, caps) {
    imp[a] = Infinity;
    imp[b] = Infinity;
    stack[0] = a; stack[1] = b; caps[0] = Infinity;
    let sp = 1;
    while (sp > 0) {
      sp--;
      const i0 = stack[2 * sp], i1 = stack[2 * sp + 1], cap = caps[sp];
      if (i1 - i0 < 2) continue;
      const ax = wx[i0], ay = wy[i0], dx = wx[i1] - ax, dy = wy[i1] - ay, len2 = dx * dx + dy * dy;
      let best = i0 + 1, bestD = -1;
      for (let k = i0 + 1; k < i1; k++) {
        const px = wx[k] - ax, py = wy[k] - ay;
        let d;
        if (len2 > 0) {
          let t = (px * dx + py * dy) / len2;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          const qx = px - t * dx, qy = py - t * dy;
          d = qx * qx + qy * qy;
        } else {
          d = px * px + py * py;
        }
        if (d > bestD) { bestD = d; best = k; }
      }
      const v = Math.min(Math.sqrt(bestD), cap);
      imp[best] = v;
      stack[2 * sp] = i0; stack[2 * sp + 1] = best; caps[sp] = v; sp++;
      stack[2 * sp] = best; stack[2 * sp + 1] = i1; caps[sp] = v; sp++;
    }
  }

  function buildTrack(msg) {
    if (!Array.isArray(msg.lat)) throw new Error('track without lat');
    const n = msg.lat.length;
    const latIn = msg.lat, lonIn = numList(msg, 'lon', n, true);
    const tsIn = numList(msg, 'ts', n, false), speedIn = numList(msg, 'speed', n, false);
    if (msg.stops != null && !Array.isArray(msg.stops)) throw new Error('track: stops must be a list');
    if (msg.events != null && !Array.isArray(msg.events)) throw new Error('track: events must be a list');

    const lat = new Float64Array(n), lon = new Float64Array(n), ts = new Float64Array(n);
    const speed = new Float32Array(n), wx = new Float64Array(n), wy = new Float64Array(n);
    const merc = projectsMercator();
    let s = Infinity, w = Infinity, nth = -Infinity, e = -Infinity, valid = 0, first = -1, last = -1;
    for (let i = 0; i < n; i++) {
      const la = num(latIn[i]), lo = num(lonIn[i]);
      ts[i] = tsIn ? num(tsIn[i]) : NaN;
      speed[i] = speedIn ? num(speedIn[i]) : NaN;
      if (!(la >= -90 && la <= 90 && lo >= -180 && lo <= 180)) {  // also false for NaN
        lat[i] = lon[i] = wx[i] = wy[i] = NaN;
        continue;
      }
      lat[i] = la; lon[i] = lo;
      if (merc) { wx[i] = mercX(lo); wy[i] = mercY(la); } else { const p = page.project(la, lo); wx[i] = p[0]; wy[i] = p[1]; }
      if (la < s) s = la; if (la > nth) nth = la;
      if (lo < w) w = lo; if (lo > e) e = lo;
      valid++;
      if (first < 0) first = i;
      last = i;
    }

    // Segment i joins fixes i and i+1; its band is the speed reported at its end.
    const bandOf = (i) => {
      if (!(wx[i] === wx[i]) || !(wx[i + 1] === wx[i + 1])) return BAND_NONE;
      if (ts[i + 1] - ts[i] > TRACK_GAP_S) {
        const metres = Math.hypot(wx[i + 1] - wx[i], wy[i + 1] - wy[i]) * EARTH_M * Math.cos(lat[i] * Math.PI / 180);
        if (metres > TRACK_GAP_M) return BAND_GAP;
      }
      const v = speed[i + 1];
      if (!(v === v)) return BAND_UNKNOWN;
      for (let k = 0; k < SPEED_BANDS.length; k++) if (v < SPEED_BANDS[k].max) return k;
      return SPEED_BANDS.length - 1;
    };
    const cap = Math.max(1, n);
    const ra = new Int32Array(cap), rb = new Int32Array(cap), rband = new Uint8Array(cap);
    let count = 0, cur = BAND_NONE, start = 0;
    for (let i = 0; i < n - 1; i++) {
      const band = bandOf(i);
      if (band !== cur || (cur !== BAND_NONE && i - start >= TRACK_RUN_MAX)) {
        if (cur !== BAND_NONE) { ra[count] = start; rb[count] = i; rband[count] = cur; count++; }
        cur = band; start = i;
      }
    }
    if (cur !== BAND_NONE && n > 1) { ra[count] = start; rb[count] = n - 1; rband[count] = cur; count++; }
    const runs = {
      count, a: ra.slice(0, count), b: rb.slice(0, count), band: rband.slice(0, count),
      x0: new Float64Array(count), y0: new Float64Array(count), x1: new Float64Array(count), y1: new Float64Array(count),
    };
    const imp = new Float64Array(n);
    const stack = new Int32Array(2 * (TRACK_RUN_MAX + 4)), caps = new Float64Array(TRACK_RUN_MAX + 4);
    for (let r = 0; r < count; r++) {
      const a = runs.a[r], b = runs.b[r];
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let i = a; i <= b; i++) {
        const x = wx[i], y = wy[i];
        if (x < x0) x0 = x; if (x > x1) x1 = x;
        if (y < y0) y0 = y; if (y > y1) y1 = y;
      }
      runs.x0[r] = x0; runs.y0[r] = y0; runs.x1[r] = x1; runs.y1[r] = y1;
      rankFixes(wx, wy, imp, a, b, stack, caps);
    }

    const extend = (la, lo) => {
      if (la < s) s = la; if (la > nth) nth = la;
      if (lo < w) w = lo; if (lo > e) e = lo;
    };
    const stops = [];
    for (const item of msg.stops || []) {
      if (!item || typeof item !== 'object' || !finite(item.lat) || !finite(item.lon)) { console.warn('OLMap: track stop skipped (no position)'); continue; }
      const p = page.project(item.lat, item.lon);
      const startTs = finite(item.start) ? item.start : NaN, endTs = finite(item.end) ? item.end : NaN;
      stops.push({
        index: stops.length, lat: item.lat, lon: item.lon, start: startTs, end: endTs, duration: endTs - startTs,
        label: item.label == null ? '' : String(item.label), wx: p[0], wy: p[1], marker: null,
      });
      extend(item.lat, item.lon);
    }
    const events = [];
    const eventById = new Map();
    for (const item of msg.events || []) {
      if (!item || typeof item !== 'object' || item.id == null || !finite(item.lat) || !finite(item.lon)) { console.warn('OLMap: track event skipped (no id or position)'); continue; }
      const kind = item.kind == null ? '' : String(item.kind);
      const p = page.project(item.lat, item.lon);
      const ev = {
        id: String(item.id), kind, glyph: Object.hasOwn(HISTORY_KIND, kind) && kind !== '_other' ? kind : '_other',
        lat: item.lat, lon: item.lon, ts: finite(item.ts) ? item.ts : NaN,
        label: item.label == null ? '' : String(item.label), wx: p[0], wy: p[1],
      };
      events.push(ev);
      eventById.set(ev.id, ev);
      extend(item.lat, item.lon);
    }
    // Lowest rank first (drawn first, so alarms end up on top); stable for equal ranks.
    events.sort((p, q) => HISTORY_KIND[p.glyph].rank - HISTORY_KIND[q.glyph].rank);
    return {
      id: msg.id == null ? '' : String(msg.id), n, valid, lat, lon, ts, speed, wx, wy, imp, runs, first, last,
      stops, events, eventById, bounds: s === Infinity ? null : [[s, w], [nth, e]],
    };
  }

  ns.historyTrack = { BAND_COUNT, BAND_GAP, BAND_UNKNOWN, CHEVRON_EVERY_PX, GAP_COLOR, HISTORY_KIND, MARK_HIT_RADIUS, MARK_MAX_RINGS, MARK_MERGE_PX, MARK_RING_PX, MARK_RING_STEP_PX, SPEED_BANDS, TRACK_CASING, TRACK_MIN_STEP_PX, TRACK_TOLERANCE_PX, bandColor, buildTrack, formatDuration };
}(window.OLMap));
