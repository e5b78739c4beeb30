/*
 * OpticalLock dispatcher console — live fleet map.
 *
 * Python builds the page (folium + vendored Leaflet) and then calls OLMap.init(map, config).
 * From then on the page is driven by JSON messages (OLMap.handle) arriving over QWebChannel, and
 * reports clicks and control changes back through the same channel.
 *
 * Layers, bottom to top (pane z-index):
 *   container background (ocean, fleet.css)
 *   olcLand 150       country land fill (canvas) — below online tiles, so tiles cover it when they load
 *   olcTiles 210      optional online raster tiles (failed tiles stay invisible: land shows through)
 *   olcBasemap 250    country borders + US state lines (canvas) — above tiles
 *   olcLabels 380     city dots and labels (own canvas layer)
 *   olcGeofences 410  terminals, customer sites, border crossings (SVG: few shapes, native hover)
 *   olcTrack 430      trip history: the track line coloured by speed (one canvas)
 *   olcTrailers 450   every trailer, one canvas (pointer-events: none; clicks are hit-tested)
 *   olcHistoryLabels 455  trip history: stop durations (DOM text)
 *   olcHistory 460    trip history: start/end, stop and event marks (one canvas, hit-tested)
 *   olcReplay 470     trip history: the replay marker
 *
 * Everything that comes from the network (ids, names, popup lines, attribution) reaches the DOM
 * only through textContent or after HTML escaping: Leaflet treats plain strings as HTML.
 */
(function () {
  'use strict';

  // Leaflet may be loaded after this file (the folium page puts its own scripts last): L and
  // the Leaflet classes below are bound in init(), never at load time.
  let L = null;
  let CanvasLayer, TrailerLayer, CityLayer, ActionsControl, LayersControl, LegendControl;
  let TrackLayer, HistoryMarksLayer, TrackKeyControl;
  const OUTLINE = '#1c262b';
  const LAND = '#f2ead8';
  const MAX_LAT = 85.0511287798;
  const HIT_RADIUS = 10;       // px: how far from a marker a click still picks it
  const CLUSTER_CELL = 48;     // px: screen grid of the count bubbles
  const PULSE_MS = 83;         // ~12 fps for the alarm pulse
  const PULSE_PERIOD = 1400;   // ms for one ring to expand and fade
  const PULSE_MAX_R = 17;      // px: largest pulse ring radius
  const STATS_CAP = 2048;      // samples kept for frameStats percentiles

  const DEFAULT_CONFIG = {
    statuses: ['alarm', 'unlocked', 'stale', 'moving', 'parked'],
    colors: { alarm: '#d32f2f', unlocked: '#ef6c00', stale: '#9e9e9e', moving: '#2e7d32', parked: '#1565c0' },
    labels: { alarm: 'Alarm', unlocked: 'Unlocked', stale: 'No fix', moving: 'Moving', parked: 'Parked' },
    clusterBelowZoom: 7,
    clusterMinCount: 1500,
    bridge: false,
    testHooks: false,
  };

  // Marker look per status name; the shape (not only the colour) tells the status apart.
  const MARKER = {
    alarm: { shape: 'circle', r: 6.5, hollow: false, bang: true },
    unlocked: { shape: 'diamond', r: 6, hollow: true, lw: 2.6 },
    stale: { shape: 'circle', r: 4.5, hollow: true, lw: 2 },
    moving: { shape: 'arrow', r: 7, hollow: false },
    parked: { shape: 'square', r: 4.5, hollow: false },
    _default: { shape: 'circle', r: 4.5, hollow: false },
  };
  // Draw order: least urgent first so alarms end up on top.
  const DRAW_RANK = { stale: 0, parked: 1, moving: 2, unlocked: 4, alarm: 5 };

  const GEOFENCE_STYLE = {
    terminal: { color: '#5e35b1', weight: 1.5, fillColor: '#7e57c2', fillOpacity: 0.12, dashArray: null },
    customer_site: { color: '#00796b', weight: 1.2, fillColor: '#26a69a', fillOpacity: 0.10, dashArray: null },
    border_crossing: { color: '#6d4c41', weight: 2.2, fillColor: '#a1887f', fillOpacity: 0.14, dashArray: '6 4' },
    _default: { color: '#546e7a', weight: 1.2, fillColor: '#90a4ae', fillOpacity: 0.10, dashArray: null },
  };
  const DESTINATION_STYLE = { color: '#0277bd', weight: 4, fillColor: '#29b6f6', fillOpacity: 0.22, dashArray: null };
  const KIND_LABEL = { terminal: 'Terminal', customer_site: 'Customer site', border_crossing: 'Border crossing' };

  // ------------------------------------------------------------------ small helpers

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  const finite = (v) => typeof v === 'number' && Number.isFinite(v);
  // JSON null means "no fix": NaN, never 0 (a typed array would turn null into 0 = Gulf of Guinea).
  const num = (v) => (typeof v === 'number' ? v : NaN);

  function mercX(lon) { return lon / 360 + 0.5; }
  function mercY(lat) {
    const phi = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180;
    return 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI);
  }

  // ------------------------------------------------------------------ state

  let map = null;
  let cfg = DEFAULT_CONFIG;
  let project = null;  // (lat, lon) -> [wx, wy], zoom-independent world coords (pixel / crs.scale)

  // The fleet: slot i is trailer ids[i]. Typed arrays keep 10,000 trailers cheap to scan per frame.
  const fleet = {
    n: 0,
    ids: [],
    names: [],
    slotOf: new Map(),
    lat: new Float64Array(0),
    lon: new Float64Array(0),
    hdg: new Float32Array(0),
    st: new Uint8Array(0),
    wx: new Float64Array(0),  // cached projection: a draw is one multiply-add per trailer
    wy: new Float64Array(0),
  };

  const ui = {
    place: null,
    placeTimer: 0,
    selectedId: null,
    destinationId: null,
    follow: false,
    popup: null,
    popupId: null,
    popupBody: null,
    hoverTip: null,
    hoverKey: null,
    hoverPoint: null,
    hoverFrame: 0,
  };

  const layers = {
    trailers: null,
    cities: null,
    basemap: null,
    geofences: null,
    geofenceRenderer: null,
    geofenceById: new Map(),
    tiles: null,
    tilesConfigured: false,
    history: null,     // group of the four below: hidden and shown as one ("Trip history")
    track: null,
    marks: null,
    stopLabels: null,
    replay: null,
  };

  const controls = { followButton: null, checks: {}, tilesRow: null, historyRow: null, trackKey: null, legendHistory: null };

  // ------------------------------------------------------------------ bridge (JS -> Python)

  const outbox = [];
  let bridgeMode = false;
  let bridge = null;
  const pendingCalls = [];

  function send(name, ...args) {
    if (!bridgeMode) {
      outbox.push([name, ...args]);
      if (outbox.length > 1000) outbox.splice(0, outbox.length - 1000);
      return;
    }
    if (!bridge) { pendingCalls.push([name, args]); return; }
    if (typeof bridge[name] === 'function') bridge[name](...args);
    else console.warn('OLMap: bridge has no method', name);
  }

  function connectBridge() {
    if (typeof window.QWebChannel !== 'function' || !window.qt || !window.qt.webChannelTransport) {
      console.error('OLMap: config.bridge is set but QWebChannel/qt.webChannelTransport is missing');
      return;
    }
    new window.QWebChannel(window.qt.webChannelTransport, (channel) => {
      bridge = channel.objects.bridge;
      if (!bridge) { console.error('OLMap: no "bridge" object on the web channel'); return; }
      bridge.push.connect(handle);
      bridge.pageReady();
      for (const [name, args] of pendingCalls.splice(0)) send(name, ...args);
    });
  }

  // ------------------------------------------------------------------ frame statistics

  const stats = {
    draw: new Float64Array(STATS_CAP), drawN: 0,
    frame: new Float64Array(STATS_CAP), frameN: 0,
    lastDataAt: 0, probeLast: 0, probing: false,
  };

  function pushSample(buf, key, value) {
    buf[stats[key] % STATS_CAP] = value;
    stats[key]++;
  }

  function percentile(buf, total, p) {
    const n = Math.min(total, STATS_CAP);
    if (!n) return null;
    const sorted = Array.from(buf.subarray(0, n)).sort((a, b) => a - b);
    return Math.round(sorted[Math.min(n - 1, Math.floor(p * (n - 1) + 0.5))] * 100) / 100;
  }

  function frameStats() {
    return {
      draws: stats.drawN,
      drawMsP50: percentile(stats.draw, stats.drawN, 0.5),
      drawMsP95: percentile(stats.draw, stats.drawN, 0.95),
      drawMsMax: percentile(stats.draw, stats.drawN, 1),
      frameIntervalP50: percentile(stats.frame, stats.frameN, 0.5),
      frameIntervalP95: percentile(stats.frame, stats.frameN, 0.95),
    };
  }

  function resetFrameStats() {
    stats.drawN = 0;
    stats.frameN = 0;
    stats.probeLast = 0;
  }

  // While fleet data is flowing, watch every animation frame: the gaps between them show whether
  // parsing + drawing keep the page smooth. The probe stops half a second after the last message.
  function noteDataArrived() {
    stats.lastDataAt = performance.now();
    if (!stats.probing) {
      stats.probing = true;
      stats.probeLast = 0;
      requestAnimationFrame(probeFrame);
    }
  }

  function probeFrame(ts) {
    if (stats.probeLast) pushSample(stats.frame, 'frameN', ts - stats.probeLast);
    stats.probeLast = ts;
    if (performance.now() - stats.lastDataAt < 500) requestAnimationFrame(probeFrame);
    else { stats.probing = false; stats.probeLast = 0; }
  }

  // ------------------------------------------------------------------ marker painting

  // Adds one marker outline per point to the current path, so a whole status group is one
  // fill + one stroke (10,000 separate fills would be far slower on a software canvas).
  function tracePath(ctx, shape, r, pts, count) {
    ctx.beginPath();
    for (let k = 0; k < count * 3; k += 3) {
      const x = pts[k], y = pts[k + 1];
      switch (shape) {
        case 'square':
          ctx.rect(x - r, y - r, 2 * r, 2 * r);
          break;
        case 'diamond':
          ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
          break;
        case 'arrow': {
          // Heading 0 = north, clockwise; fx/fy = forward, (-fy, fx) = right.
          const a = (pts[k + 2] || 0) * Math.PI / 180;
          const fx = Math.sin(a), fy = -Math.cos(a), rx = -fy, ry = fx;
          ctx.moveTo(x + fx * r, y + fy * r);
          ctx.lineTo(x - fx * r * 0.75 + rx * r * 0.72, y - fy * r * 0.75 + ry * r * 0.72);
          ctx.lineTo(x - fx * r * 0.3, y - fy * r * 0.3);
          ctx.lineTo(x - fx * r * 0.75 - rx * r * 0.72, y - fy * r * 0.75 - ry * r * 0.72);
          ctx.closePath();
          break;
        }
        default:
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, 2 * Math.PI);
      }
    }
  }

  // pts = [x, y, heading, ...] in the context's coordinates.
  function paintGroup(ctx, statusName, color, pts, count) {
    if (!count) return;
    const m = MARKER[statusName] || MARKER._default;
    tracePath(ctx, m.shape, m.r, pts, count);
    ctx.lineJoin = 'round';
    if (m.hollow) {
      // Dark outline under the coloured line keeps a hollow mark readable on land and sea.
      ctx.strokeStyle = OUTLINE; ctx.lineWidth = m.lw + 2; ctx.stroke();
      ctx.strokeStyle = color; ctx.lineWidth = m.lw; ctx.stroke();
      return;
    }
    ctx.fillStyle = color; ctx.fill();
    ctx.strokeStyle = OUTLINE; ctx.lineWidth = 1; ctx.stroke();
    if (m.bang) {
      // White "!" as two rectangles: cheaper and crisper than text.
      ctx.beginPath();
      for (let k = 0; k < count * 3; k += 3) {
        const x = pts[k], y = pts[k + 1];
        ctx.rect(x - 1, y - 4.2, 2, 5);
        ctx.rect(x - 1, y + 2, 2, 2);
      }
      ctx.fillStyle = '#fff'; ctx.fill();
    }
  }

  function statusName(code) { return cfg.statuses[code] || '_unknown'; }
  function statusColor(name) { return cfg.colors[name] || '#607d8b'; }

  function paintSelectionRing(ctx, x, y, r = 12) {
    ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.strokeStyle = '#fff'; ctx.lineWidth = 5; ctx.stroke();
    ctx.strokeStyle = '#0d47a1'; ctx.lineWidth = 2.5; ctx.stroke();
  }

  function bubbleRadius(count) { return Math.min(22, 7 + 2.6 * Math.log(count + 1)); }

  function paintBubbleDisc(ctx, x, y, r, alarm, alarmColor) {
    ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = 'rgba(38, 50, 56, 0.86)'; ctx.fill();
    if (alarm) { ctx.strokeStyle = alarmColor; ctx.lineWidth = 3; } else { ctx.strokeStyle = '#fff'; ctx.lineWidth = 1.5; }
    ctx.stroke();
  }

  function paintBubbleCount(ctx, x, y, count) {
    ctx.fillStyle = '#fff';
    ctx.font = (count >= 1000 ? 'bold 10px' : 'bold 11px') + ' system-ui, sans-serif';
    ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    ctx.fillText(String(count), x, y + 0.5);
  }

  // Small red pill with the number of alarms in a bubble, on its upper right.
  function paintAlarmBadge(ctx, bx, by, alarms, alarmColor) {
    const text = alarms > 99 ? '99+' : String(alarms);
    const bw = Math.max(13, 5 + text.length * 6), h = 6.5;
    ctx.beginPath();
    ctx.moveTo(bx - bw / 2 + h, by - h);
    ctx.arc(bx + bw / 2 - h, by, h, -Math.PI / 2, Math.PI / 2);
    ctx.arc(bx - bw / 2 + h, by, h, Math.PI / 2, 3 * Math.PI / 2);
    ctx.fillStyle = alarmColor; ctx.fill();
    ctx.strokeStyle = '#fff'; ctx.lineWidth = 1; ctx.stroke();
    ctx.fillStyle = '#fff'; ctx.font = 'bold 9px system-ui, sans-serif';
    ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    ctx.fillText(text, bx, by + 0.5);
  }

  function paintBubble(ctx, x, y, count, alarms, alarmColor) {
    const r = bubbleRadius(count);
    paintBubbleDisc(ctx, x, y, r, alarms > 0, alarmColor);
    paintBubbleCount(ctx, x, y, count);
    if (alarms) paintAlarmBadge(ctx, x + r * 0.75, y - r * 0.75, alarms, alarmColor);
  }

  // ------------------------------------------------------------------ canvas layer base

  // A layer owning one <canvas> that covers the view plus a margin, positioned and zoom-animated
  // the way L.Canvas does it, so panning within the margin costs no redraw. Subclasses implement
  // _draw(ctx, bounds) in layer-point coordinates.
  // CanvasLayer = L.Layer.extend(canvasLayerMethods), in defineClasses().
  const canvasLayerMethods = {
    options: { pane: 'overlayPane', padding: 0.3 },

    initialize(options) {
      L.setOptions(this, options);
      this._frame = 0;
      this._dirty = true;
    },

    onAdd() {
      this._canvas = L.DomUtil.create('canvas', 'olc-canvas');
      if (this._zoomAnimated) L.DomUtil.addClass(this._canvas, 'leaflet-zoom-animated');
      this._ctx = this._canvas.getContext('2d');
      this.getPane().appendChild(this._canvas);
      this._bounds = null;
      this._reset();
    },

    onRemove() {
      L.DomUtil.remove(this._canvas);
      if (this._frame) cancelAnimationFrame(this._frame);
      this._frame = 0;
      this._bounds = null;
      this._drawnAt = null;
    },

    getEvents() {
      const events = { viewreset: this._reset, zoom: this._onZoom, moveend: this._update, resize: this._update, move: this._onMove };
      if (this._zoomAnimated) events.zoomanim = this._onAnimZoom;
      return events;
    },

    // Ask for a redraw on the next animation frame: any number of requests cost one draw.
    redraw() {
      this._dirty = true;
      if (this._map && !this._frame) {
        this._frame = requestAnimationFrame(() => {
          this._frame = 0;
          if (this._dirty) this._redraw();
        });
      }
      return this;
    },

    // Draw now if something changed (test hooks and hit tests want the current picture).
    flush() {
      if (this._map && this._dirty) this._redraw();
    },

    _reset() {
      this._update();
      this._updateTransform(this._center, this._zoom);
    },

    _onZoom() { this._updateTransform(this._map.getCenter(), this._map.getZoom()); },
    _onAnimZoom(e) { this._updateTransform(e.center, e.zoom); },

    _updateTransform(center, zoom) {
      if (!this._bounds) return;
      const m = this._map;
      const scale = m.getZoomScale(zoom, this._zoom);
      const viewHalf = m.getSize().multiplyBy(0.5 + this.options.padding);
      const currentCenterPoint = m.project(this._center, zoom);
      const topLeft = viewHalf.multiplyBy(-scale).add(currentCenterPoint)
        .subtract(m._getNewPixelOrigin(center, zoom));
      if (L.Browser.any3d) L.DomUtil.setTransform(this._canvas, topLeft, scale);
      else L.DomUtil.setPosition(this._canvas, topLeft);
    },

    // Dragged past the margin: re-centre the canvas now instead of showing a blank edge until moveend.
    _onMove() {
      const m = this._map;
      if (!this._bounds || m._animatingZoom || m.getZoom() !== this._zoom) return;
      const min = m.containerPointToLayerPoint([0, 0]);
      const max = min.add(m.getSize());
      if (!this._bounds.contains(min) || !this._bounds.contains(max)) this._update();
    },

    _update() {
      const m = this._map;
      if (!m || (m._animatingZoom && this._bounds)) return;
      const p = this.options.padding;
      const size = m.getSize();
      const min = m.containerPointToLayerPoint(size.multiplyBy(-p)).round();
      this._bounds = L.bounds(min, min.add(size.multiplyBy(1 + 2 * p)).round());
      this._center = m.getCenter();
      this._zoom = m.getZoom();
      const bs = this._bounds.getSize();
      const dpr = this._dpr = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(this._canvas, min);
      const w = Math.max(1, Math.round(bs.x * dpr)), h = Math.max(1, Math.round(bs.y * dpr));
      // Same size (the usual pan): keep the bitmap, _redraw clears it; resizing reallocates.
      if (this._canvas.width !== w || this._canvas.height !== h) {
        this._canvas.width = w;
        this._canvas.height = h;
        this._canvas.style.width = bs.x + 'px';
        this._canvas.style.height = bs.y + 'px';
      }
      // A view reset fires viewreset and then moveend for the same view: draw it once.
      const origin = m.getPixelOrigin();
      const at = [this._zoom, origin.x, origin.y, min.x, min.y, w, h];
      if (!this._dirty && this._drawnAt && at.every((v, i) => v === this._drawnAt[i])) return;
      this._redraw();  // the content no longer matches the new position: draw in this same task
      if (!this._dirty) this._drawnAt = at;
    },

    _redraw() {
      const m = this._map;
      if (!m || !this._bounds) return;
      // Mid-zoom the canvas is CSS-scaled; moveend at the end of the zoom repositions and draws.
      if (m._animatingZoom || m.getZoom() !== this._zoom) { this._dirty = true; return; }
      this._dirty = false;
      const b = this._bounds, dpr = this._dpr;
      const ctx = this._ctx;
      ctx.setTransform(dpr, 0, 0, dpr, -b.min.x * dpr, -b.min.y * dpr);
      ctx.clearRect(b.min.x, b.min.y, b.max.x - b.min.x, b.max.y - b.min.y);
      this._draw(ctx, b);
    },

    _draw() {},
  };

  // ------------------------------------------------------------------ marker sprites

  // Filling thousands of small vector paths is slow on Chromium's software canvas (~15 µs per
  // arrow, ~40 µs per double-stroked hollow mark). So each marker is rasterised once, by the same
  // paintGroup code the legend uses, and individual markers are blitted in JS into an ImageData
  // (~1 µs each), which goes to the canvas with one putImageData.
  const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const A_SHIFT = LITTLE_ENDIAN ? 24 : 0;               // where alpha sits in a Uint32 RGBA pixel
  const C_SHIFTS = LITTLE_ENDIAN ? [0, 8, 16] : [8, 16, 24];
  const HEADING_STEPS = 72;                             // moving arrows: one sprite per 5°

  let spriteSet = null;  // {dpr, byCode: [[sprite per heading step] per status code]}

  function makeSprite(name, color, hdg, dpr) {
    const m = MARKER[name] || MARKER._default;
    const size = 2 * Math.ceil((m.r + (m.lw || 1) + 2) * dpr);
    const c = document.createElement('canvas');
    c.width = size; c.height = size;
    const ctx = c.getContext('2d', { willReadFrequently: true });
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintGroup(ctx, name, color, new Float32Array([size / 2 / dpr, size / 2 / dpr, hdg]), 1);
    const px = new Uint32Array(ctx.getImageData(0, 0, size, size).data.buffer);
    // Keep only the pixels that show, split into opaque ones (a plain store) and anti-aliased
    // edge ones (blended where they land on another marker): the blit touches nothing else.
    const opaque = { dx: [], dy: [], col: [] }, edge = { dx: [], dy: [], col: [] };
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const p = px[y * size + x], a = (p >>> A_SHIFT) & 255;
        if (!a) continue;
        const part = a === 255 ? opaque : edge;
        part.dx.push(x); part.dy.push(y); part.col.push(p);
      }
    }
    const pack = (part) => ({ dx: Int32Array.from(part.dx), dy: Int32Array.from(part.dy), col: Uint32Array.from(part.col), off: null });
    return { size, half: size / 2, opaque: pack(opaque), edge: pack(edge), offW: -1 };
  }

  function sprites(dpr) {
    if (spriteSet && spriteSet.dpr === dpr) return spriteSet;
    // Codes the config does not name share one neutral sprite.
    const byCode = new Array(256).fill([makeSprite('_unknown', '#607d8b', 0, dpr)]);
    cfg.statuses.slice(0, 256).forEach((name, code) => {
      const steps = (MARKER[name] || MARKER._default).shape === 'arrow' ? HEADING_STEPS : 1;
      const list = [];
      for (let h = 0; h < steps; h++) list.push(makeSprite(name, statusColor(name), h * 360 / HEADING_STEPS, dpr));
      byCode[code] = list;
    });
    spriteSet = { dpr, byCode };
    return spriteSet;
  }

  function spriteFor(set, code, hdg) {
    const list = set.byCode[code];
    if (list.length === 1) return list[0];
    const step = Math.round((((hdg % 360) + 360) % 360) / (360 / HEADING_STEPS)) % HEADING_STEPS;
    return list[step];
  }

  const [C0, C1, C2] = C_SHIFTS;

  // Source-over of one unpremultiplied RGBA pixel onto another (only where sprites overlap).
  function blend(s, d) {
    const sa = (s >>> A_SHIFT) & 255, da = (d >>> A_SHIFT) & 255;
    if (sa === 255 || da === 0) return s;
    const k = 255 - sa;
    if (da === 255) {
      // Onto an opaque pixel (the usual overlap): the result is opaque, no division by alpha.
      return ((255 << A_SHIFT) |
        ((((((s >>> C0) & 255) * sa + ((d >>> C0) & 255) * k) / 255) | 0) << C0) |
        ((((((s >>> C1) & 255) * sa + ((d >>> C1) & 255) * k) / 255) | 0) << C1) |
        ((((((s >>> C2) & 255) * sa + ((d >>> C2) & 255) * k) / 255) | 0) << C2)) >>> 0;
    }
    const w = da * k / 255;  // how much of the pixel underneath still shows
    const oa = sa + w;
    return ((((oa + 0.5) | 0) << A_SHIFT) |
      ((((((s >>> C0) & 255) * sa + ((d >>> C0) & 255) * w) / oa + 0.5) | 0) << C0) |
      ((((((s >>> C1) & 255) * sa + ((d >>> C1) & 255) * w) / oa + 0.5) | 0) << C1) |
      ((((((s >>> C2) & 255) * sa + ((d >>> C2) & 255) * w) / oa + 0.5) | 0) << C2)) >>> 0;
  }

  // Blit a sprite centred on device pixel (cx, cy) into buf (W x H pixels).
  function blit(buf, W, H, sp, cx, cy) {
    const x0 = Math.floor(cx + 0.5) - sp.half, y0 = Math.floor(cy + 0.5) - sp.half;
    const op = sp.opaque, ed = sp.edge;
    if (x0 >= 0 && y0 >= 0 && x0 + sp.size <= W && y0 + sp.size <= H) {
      if (sp.offW !== W) {
        for (const part of [op, ed]) part.off = part.dx.map((x, j) => part.dy[j] * W + x);
        sp.offW = W;
      }
      const base = y0 * W + x0;
      const oOff = op.off, oCol = op.col, eOff = ed.off, eCol = ed.col;
      for (let j = 0; j < oOff.length; j++) buf[base + oOff[j]] = oCol[j];
      for (let j = 0; j < eOff.length; j++) {
        const i = base + eOff[j], d = buf[i];
        buf[i] = d === 0 ? eCol[j] : blend(eCol[j], d);
      }
      return;
    }
    // Partly outside the canvas: clip pixel by pixel (rare: only at the edges).
    for (const part of [op, ed]) {
      for (let j = 0; j < part.col.length; j++) {
        const x = x0 + part.dx[j], y = y0 + part.dy[j];
        if (x < 0 || y < 0 || x >= W || y >= H) continue;
        const i = y * W + x;
        buf[i] = blend(part.col[j], buf[i]);
      }
    }
  }

  // Count bubbles are few (hundreds at most): one cached disc image per radius, then drawImage.
  const bubbleSprites = new Map();
  function bubbleSprite(r, alarm, alarmColor, dpr) {
    const key = `${r}|${alarm ? 1 : 0}|${dpr}`;
    let c = bubbleSprites.get(key);
    if (c) return c;
    const size = Math.ceil((2 * r + 6) * dpr);
    c = document.createElement('canvas');
    c.width = size; c.height = size;
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintBubbleDisc(ctx, size / 2 / dpr, size / 2 / dpr, r, alarm, alarmColor);
    bubbleSprites.set(key, c);
    return c;
  }

  // ------------------------------------------------------------------ trailer layer

  const scratch = { cap: 0, x: null, y: null, slot: null, order: null, list: null, gridItems: null };

  function ensureScratch(n) {
    if (scratch.cap >= n && scratch.x) return;
    const cap = Math.max(1024, n);
    scratch.cap = cap;
    scratch.x = new Float32Array(cap);
    scratch.y = new Float32Array(cap);
    scratch.slot = new Int32Array(cap);
    scratch.order = new Int32Array(cap);
    scratch.list = new Int32Array(cap);
    scratch.gridItems = new Int32Array(cap);
  }

  // TrailerLayer = CanvasLayer.extend(trailerLayerMethods): every trailer on one canvas.
  const trailerLayerMethods = {
    options: { pane: 'olcTrailers', padding: 0.25 },

    initialize(options) {
      CanvasLayer.prototype.initialize.call(this, options);
      this.clustered = false;
      this.visibleCount = 0;
      this.bubbles = [];
      this.grid = null;
      this.alarmPts = new Float32Array(0);
      this.alarmCount = 0;
      this._image = null;
      this._pulseTimer = 0;
      this._cache = null;
    },

    onRemove(m) {
      CanvasLayer.prototype.onRemove.call(this, m);
      this._stopPulse();
      this.visibleCount = 0;
      this.bubbles = [];
      this.grid = null;
    },

    _draw(ctx, b) {
      const t0 = performance.now();
      const m = this._map;
      const n = fleet.n;
      ensureScratch(n);
      const zoom = m.getZoom();
      const scale = m.options.crs.scale(zoom);
      const origin = m.getPixelOrigin();
      const ox = origin.x, oy = origin.y;
      const margin = 24;
      const cx0 = b.min.x - margin, cy0 = b.min.y - margin, cx1 = b.max.x + margin, cy1 = b.max.y + margin;
      const v0 = m.containerPointToLayerPoint([0, 0]);
      const vs = m.getSize();
      const view = [v0.x, v0.y, v0.x + vs.x, v0.y + vs.y];
      const sx = scratch.x, sy = scratch.y, ss = scratch.slot, wx = fleet.wx, wy = fleet.wy;

      // Project everything once (a multiply-add on cached world coordinates); keep what lands on
      // the canvas and count what is inside the view.
      let nd = 0, inView = 0;
      for (let i = 0; i < n; i++) {
        const x = wx[i] * scale - ox;
        if (x !== x || x < cx0 || x > cx1) continue;  // x !== x: no fix (NaN)
        const y = wy[i] * scale - oy;
        if (y < cy0 || y > cy1) continue;
        sx[nd] = x; sy[nd] = y; ss[nd] = i; nd++;
        if (x >= view[0] && x <= view[2] && y >= view[1] && y <= view[3]) inView++;
      }
      this.clustered = zoom < cfg.clusterBelowZoom && inView > cfg.clusterMinCount;

      const list = scratch.list;
      let count;
      if (this.clustered) {
        const r = this._aggregate(b, nd, ox, oy, view);
        count = r.singles;
        this.visibleCount = r.visible;
      } else {
        for (let k = 0; k < nd; k++) list[k] = k;
        count = nd;
        this.visibleCount = inView;
      }
      this._blitMarkers(ctx, b, list, count, view);
      if (this.clustered) this._paintBubbles(ctx);
      this._buildGrid(b, list, count);
      this._paintSelection(ctx, scale, ox, oy);

      // The pulse restores from a snapshot of this picture; take it only when alarms are in view.
      if (this.alarmCount) { this._snapshot(); this._pulse(performance.now(), true); this._startPulse(); } else this._stopPulse();

      pushSample(stats.draw, 'drawN', performance.now() - t0);
    },

    // Count bubbles on a 48 px grid fixed to world pixels (bubbles do not jump while panning).
    // Returns the scratch indices of cells holding a single trailer (drawn as its own marker).
    _aggregate(b, nd, ox, oy, view) {
      const sx = scratch.x, sy = scratch.y, ss = scratch.slot, st = fleet.st;
      const alarmCode = cfg.statuses.indexOf('alarm');
      const gx0 = Math.floor((b.min.x + ox) / CLUSTER_CELL) - 1, gy0 = Math.floor((b.min.y + oy) / CLUSTER_CELL) - 1;
      const cols = Math.ceil((b.max.x - b.min.x) / CLUSTER_CELL) + 3, rows = Math.ceil((b.max.y - b.min.y) / CLUSTER_CELL) + 3;
      const cnt = new Int32Array(cols * rows), alarms = new Int32Array(cols * rows), first = new Int32Array(cols * rows);
      const sumX = new Float64Array(cols * rows), sumY = new Float64Array(cols * rows);
      for (let k = 0; k < nd; k++) {
        const cx = Math.min(cols - 1, Math.max(0, Math.floor((sx[k] + ox) / CLUSTER_CELL) - gx0));
        const cy = Math.min(rows - 1, Math.max(0, Math.floor((sy[k] + oy) / CLUSTER_CELL) - gy0));
        const c = cy * cols + cx;
        if (cnt[c] === 0) first[c] = k;
        cnt[c]++; sumX[c] += sx[k]; sumY[c] += sy[k];
        if (st[ss[k]] === alarmCode) alarms[c]++;
      }
      const list = scratch.list, bubbles = [];
      let singles = 0, visible = 0;
      for (let c = 0; c < cols * rows; c++) {
        const count = cnt[c];
        if (!count) continue;
        const x = sumX[c] / count, y = sumY[c] / count;
        if (x >= view[0] && x <= view[2] && y >= view[1] && y <= view[3]) visible++;
        if (count === 1) list[singles++] = first[c];  // a lone trailer shows its own marker, not "1"
        else bubbles.push({ x, y, count, alarms: alarms[c], r: Math.round(bubbleRadius(count)) });
      }
      this.bubbles = bubbles;
      return { singles, visible };
    },

    // Individual markers, status by status in DRAW_RANK order (alarms last = on top).
    _blitMarkers(ctx, b, list, count, view) {
      const sx = scratch.x, sy = scratch.y, ss = scratch.slot, st = fleet.st, hdg = fleet.hdg;
      const groups = statusGroups();
      const G = groups.length, rankOf = groups.rankOf;
      const starts = new Int32Array(G + 1);
      for (let k = 0; k < count; k++) starts[rankOf[st[ss[list[k]]]] + 1]++;
      for (let g = 0; g < G; g++) starts[g + 1] += starts[g];
      const fill = starts.slice(0, G), order = scratch.order;
      for (let k = 0; k < count; k++) order[fill[rankOf[st[ss[list[k]]]]]++] = list[k];

      const dpr = this._dpr, W = this._canvas.width, H = this._canvas.height;
      if (!this._image || this._image.width !== W || this._image.height !== H) {
        this._image = ctx.createImageData(W, H);
        this._pixels = new Uint32Array(this._image.data.buffer);
      } else {
        this._pixels.fill(0);
      }
      const buf = this._pixels, set = sprites(dpr);
      const alarmCode = cfg.statuses.indexOf('alarm');
      if (this.alarmPts.length < 2 * count) this.alarmPts = new Float32Array(2 * count);
      let alarmsInView = 0;
      for (let j = 0; j < count; j++) {
        const k = order[j], slot = ss[k], code = st[slot];
        blit(buf, W, H, spriteFor(set, code, hdg[slot]), (sx[k] - b.min.x) * dpr, (sy[k] - b.min.y) * dpr);
        if (code === alarmCode && sx[k] > view[0] - PULSE_MAX_R && sx[k] < view[2] + PULSE_MAX_R &&
            sy[k] > view[1] - PULSE_MAX_R && sy[k] < view[3] + PULSE_MAX_R) {
          this.alarmPts[alarmsInView * 2] = sx[k]; this.alarmPts[alarmsInView * 2 + 1] = sy[k]; alarmsInView++;
        }
      }
      this.alarmCount = alarmsInView;
      ctx.putImageData(this._image, 0, 0);  // device pixels; ignores the layer transform
    },

    _paintBubbles(ctx) {
      const dpr = this._dpr, alarmColor = statusColor('alarm');
      for (const bb of this.bubbles) {
        const img = bubbleSprite(bb.r, bb.alarms > 0, alarmColor, dpr);
        const w = img.width / dpr;
        ctx.drawImage(img, bb.x - w / 2, bb.y - w / 2, w, w);
      }
      for (const bb of this.bubbles) paintBubbleCount(ctx, bb.x, bb.y, bb.count);
      for (const bb of this.bubbles) if (bb.alarms) paintAlarmBadge(ctx, bb.x + bb.r * 0.75, bb.y - bb.r * 0.75, bb.alarms, alarmColor);
    },

    // The selected trailer is drawn again on top of everything (bubbles included), with a ring.
    _paintSelection(ctx, scale, ox, oy) {
      const slot = ui.selectedId === null ? undefined : fleet.slotOf.get(ui.selectedId);
      if (slot === undefined) return;
      const x = fleet.wx[slot] * scale - ox, y = fleet.wy[slot] * scale - oy;
      if (!(x === x) || !this._bounds.contains([x, y])) return;
      const name = statusName(fleet.st[slot]);
      paintSelectionRing(ctx, x, y);
      paintGroup(ctx, name, statusColor(name), new Float32Array([x, y, fleet.hdg[slot]]), 1);
    },

    // Screen-space grid (CSR layout) of the individually drawn markers, for O(1) hit tests.
    _buildGrid(b, list, count) {
      const cell = 2 * HIT_RADIUS + 4;
      const x0 = b.min.x - cell, y0 = b.min.y - cell;
      const cols = Math.ceil((b.max.x - b.min.x) / cell) + 3;
      const rows = Math.ceil((b.max.y - b.min.y) / cell) + 3;
      const start = new Int32Array(cols * rows + 1);
      const sx = scratch.x, sy = scratch.y;
      const cellOf = (k) => {
        const cx = Math.min(cols - 1, Math.max(0, Math.floor((sx[k] - x0) / cell)));
        const cy = Math.min(rows - 1, Math.max(0, Math.floor((sy[k] - y0) / cell)));
        return cy * cols + cx;
      };
      for (let j = 0; j < count; j++) start[cellOf(list[j]) + 1]++;
      for (let c = 0; c < cols * rows; c++) start[c + 1] += start[c];
      const fill = start.slice(0, cols * rows);
      const items = scratch.gridItems;
      for (let j = 0; j < count; j++) items[fill[cellOf(list[j])]++] = list[j];
      this.grid = { x0, y0, cols, rows, cell, start, zoom: this._zoom, origin: this._map.getPixelOrigin() };
    },

    // Nearest thing drawn under a container point: {slot} for a trailer, {bubble} for a count bubble.
    hitTest(containerPoint) {
      const m = this._map;
      if (!m || m._animatingZoom) return null;
      this.flush();
      const g = this.grid;
      if (!g || g.zoom !== m.getZoom() || !g.origin.equals(m.getPixelOrigin())) return null;
      const p = m.containerPointToLayerPoint(containerPoint);
      let best = -1, bestD = HIT_RADIUS * HIT_RADIUS;
      const c0 = Math.floor((p.x - HIT_RADIUS - g.x0) / g.cell), c1 = Math.floor((p.x + HIT_RADIUS - g.x0) / g.cell);
      const r0 = Math.floor((p.y - HIT_RADIUS - g.y0) / g.cell), r1 = Math.floor((p.y + HIT_RADIUS - g.y0) / g.cell);
      const sx = scratch.x, sy = scratch.y, items = scratch.gridItems;
      for (let r = Math.max(0, r0); r <= Math.min(g.rows - 1, r1); r++) {
        for (let c = Math.max(0, c0); c <= Math.min(g.cols - 1, c1); c++) {
          const cellIdx = r * g.cols + c;
          for (let j = g.start[cellIdx]; j < g.start[cellIdx + 1]; j++) {
            const k = items[j];
            const dx = sx[k] - p.x, dy = sy[k] - p.y, d = dx * dx + dy * dy;
            if (d <= bestD) { bestD = d; best = k; }
          }
        }
      }
      // The selected trailer sits on top of everything, so it wins if it is under the pointer.
      const sel = ui.selectedId === null ? undefined : fleet.slotOf.get(ui.selectedId);
      if (sel !== undefined) {
        const q = m.latLngToLayerPoint([fleet.lat[sel], fleet.lon[sel]]);
        if (Number.isFinite(q.x) && q.distanceTo(p) <= HIT_RADIUS) return { slot: sel };
      }
      if (best >= 0) return { slot: scratch.slot[best] };
      for (const bb of this.bubbles) {
        const dx = bb.x - p.x, dy = bb.y - p.y;
        if (dx * dx + dy * dy <= (bb.r + 3) * (bb.r + 3)) return { bubble: bb };
      }
      return null;
    },

    // ---- alarm pulse: only the small squares around alarm markers are repainted, ~12 fps.

    _snapshot() {
      const c = this._canvas;
      if (!this._cache) this._cache = document.createElement('canvas');
      const cache = this._cache;
      if (cache.width !== c.width || cache.height !== c.height) { cache.width = c.width; cache.height = c.height; }
      const cctx = cache.getContext('2d');
      cctx.globalCompositeOperation = 'copy';
      cctx.drawImage(c, 0, 0);
    },

    // A timer paces the pulse at ~12 fps; the painting itself happens in an animation frame.
    // A full redraw restarts it (or not, when no alarm is left in view).
    _startPulse() {
      if (this._pulseTimer) return;
      this._pulseTimer = setTimeout(() => requestAnimationFrame((ts) => {
        if (!this._pulseTimer) return;  // stopped meanwhile
        this._pulseTimer = 0;
        if (!this._map || !this.alarmCount || this._map._animatingZoom || this._dirty) return;
        this._pulse(ts, false);
        this._startPulse();
      }), PULSE_MS);
    },

    _stopPulse() {
      if (this._pulseTimer) clearTimeout(this._pulseTimer);
      this._pulseTimer = 0;
    },

    _pulse(now, fresh) {
      const ctx = this._ctx, b = this._bounds, dpr = this._dpr, cache = this._cache;
      if (!b || !cache || this._map.getZoom() !== this._zoom) return;
      const n = this.alarmCount, pts = this.alarmPts;
      const pad = PULSE_MAX_R + 3;
      if (!fresh) {
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        if (n > 150) {
          ctx.clearRect(0, 0, cache.width, cache.height);
          ctx.drawImage(cache, 0, 0);
        } else {
          // Restore every square first, then draw every ring: overlapping squares stay consistent.
          const side = Math.ceil(2 * pad * dpr);
          for (let k = 0; k < n; k++) {
            let rx = Math.floor((pts[k * 2] - pad - b.min.x) * dpr), ry = Math.floor((pts[k * 2 + 1] - pad - b.min.y) * dpr);
            let w = side, h = side;
            if (rx < 0) { w += rx; rx = 0; }
            if (ry < 0) { h += ry; ry = 0; }
            w = Math.min(w, cache.width - rx); h = Math.min(h, cache.height - ry);
            if (w <= 0 || h <= 0) continue;
            ctx.clearRect(rx, ry, w, h);
            ctx.drawImage(cache, rx, ry, w, h, rx, ry, w, h);
          }
        }
      }
      ctx.setTransform(dpr, 0, 0, dpr, -b.min.x * dpr, -b.min.y * dpr);
      const phase = (now % PULSE_PERIOD) / PULSE_PERIOD;
      const radius = 7 + (PULSE_MAX_R - 7) * phase;
      ctx.beginPath();
      for (let k = 0; k < n; k++) {
        ctx.moveTo(pts[k * 2] + radius, pts[k * 2 + 1]);
        ctx.arc(pts[k * 2], pts[k * 2 + 1], radius, 0, 2 * Math.PI);
      }
      ctx.strokeStyle = statusColor('alarm');
      ctx.globalAlpha = 0.85 * (1 - phase);
      ctx.lineWidth = 2.5;
      ctx.stroke();
      ctx.globalAlpha = 1;
    },
  };

  // Status codes grouped in draw order; recomputed only when the config changes.
  let groupsCache = null;
  function statusGroups() {
    if (groupsCache) return groupsCache;
    const names = cfg.statuses.slice();
    const rank = (name) => (name in DRAW_RANK ? DRAW_RANK[name] : 3);
    const order = names.map((name, code) => ({ name, code })).sort((a, b) => rank(a.name) - rank(b.name));
    const groups = order.map((g) => ({ name: g.name, color: statusColor(g.name) }));
    // Codes the config does not name get their own neutral group, drawn first.
    groups.unshift({ name: '_unknown', color: '#607d8b' });
    groups.rankOf = new Uint8Array(256);
    order.forEach((g, i) => { groups.rankOf[g.code] = i + 1; });
    groupsCache = groups;
    return groups;
  }

  // ------------------------------------------------------------------ city labels layer

  // CityLayer = CanvasLayer.extend(cityLayerMethods): dots and names, bigger cities first.
  const cityLayerMethods = {
    options: { pane: 'olcLabels', padding: 0.2 },

    initialize(rows, options) {
      CanvasLayer.prototype.initialize.call(this, options);
      // Biggest first: where labels collide, the bigger city keeps its label.
      this.cities = rows
        .filter((r) => Array.isArray(r) && finite(r[1]) && finite(r[2]))
        .map((r) => ({ name: String(r[0] ?? ''), lat: r[1], lon: r[2], pop: finite(r[3]) ? r[3] : 0, w: project(r[1], r[2]), tw: -1 }))
        .sort((a, b) => b.pop - a.pop);
    },

    _draw(ctx, b) {
      const m = this._map;
      const zoom = m.getZoom();
      if (zoom < 4) return;
      const minPop = zoom >= 6 ? 0 : 1000000;
      const scale = m.options.crs.scale(zoom), o = m.getPixelOrigin();
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      const taken = new Map();  // 32 px cells already holding a label box
      const cell = 32;
      const placed = [];
      for (const c of this.cities) {
        if (c.pop < minPop) break;
        const x = c.w[0] * scale - o.x, y = c.w[1] * scale - o.y;
        if (x < b.min.x || x > b.max.x || y < b.min.y || y > b.max.y) continue;
        if (c.tw < 0) c.tw = ctx.measureText(c.name).width;
        const box = [x - 3, y - 7, x + 6 + c.tw, y + 7];
        const keys = [];
        let free = true;
        for (let cy = Math.floor(box[1] / cell); cy <= Math.floor(box[3] / cell) && free; cy++) {
          for (let cx = Math.floor(box[0] / cell); cx <= Math.floor(box[2] / cell); cx++) {
            const key = cx * 1048576 + cy;
            const list = taken.get(key);
            if (list && list.some((q) => q[0] < box[2] && q[2] > box[0] && q[1] < box[3] && q[3] > box[1])) { free = false; break; }
            keys.push(key);
          }
        }
        if (!free) continue;
        for (const key of keys) { const list = taken.get(key); if (list) list.push(box); else taken.set(key, [box]); }
        placed.push([x, y, c]);
        if (placed.length >= 600) break;
      }
      ctx.beginPath();
      for (const [x, y] of placed) { ctx.moveTo(x + 2.5, y); ctx.arc(x, y, 2.5, 0, 2 * Math.PI); }
      ctx.fillStyle = '#455a64'; ctx.fill();
      ctx.strokeStyle = '#fff'; ctx.lineWidth = 1; ctx.stroke();
      ctx.lineJoin = 'round';
      for (const [x, y, c] of placed) {
        ctx.strokeStyle = 'rgba(255,255,255,0.9)'; ctx.lineWidth = 3;
        ctx.strokeText(c.name, x + 5, y);
        ctx.fillStyle = '#37474f';
        ctx.fillText(c.name, x + 5, y);
      }
    },
  };

  // ------------------------------------------------------------------ basemap

  function featureCollection(data) {
    return data && typeof data === 'object' && Array.isArray(data.features) ? data : null;
  }

  const isArea = (f) => !!(f && f.geometry && /Polygon|LineString/.test(f.geometry.type));

  function buildBasemap() {
    const group = L.layerGroup();
    const landRenderer = L.canvas({ padding: 0.5, pane: 'olcLand' });
    const lineRenderer = L.canvas({ padding: 0.5, pane: 'olcBasemap' });
    const add = (data, options, what) => {
      try {
        group.addLayer(L.geoJSON(data, { interactive: false, filter: isArea, ...options }));
      } catch (err) {
        console.warn('OLMap: basemap', what, 'not drawn:', err);
      }
    };
    const countries = featureCollection(window.OLC_BASEMAP_COUNTRIES);
    if (countries) {
      // Land under the tiles (so loaded tiles cover it), borders above them (always visible).
      add(countries, { renderer: landRenderer, pane: 'olcLand', style: { stroke: false, fill: true, fillColor: LAND, fillOpacity: 1 } }, 'land');
      add(countries, { renderer: lineRenderer, pane: 'olcBasemap', style: { color: '#8f8f8f', weight: 1, fill: false } }, 'borders');
    } else {
      console.warn('OLMap: no country basemap (OLC_BASEMAP_COUNTRIES missing)');
    }
    const states = featureCollection(window.OLC_BASEMAP_STATES);
    if (states) add(states, { renderer: lineRenderer, pane: 'olcBasemap', style: { color: '#b5ada0', weight: 0.7, fill: false } }, 'states');
    return group;
  }

  // ------------------------------------------------------------------ geofences

  function geofenceStyle(kind) { return GEOFENCE_STYLE[kind] || GEOFENCE_STYLE._default; }

  function buildGeofence(item) {
    if (!item || typeof item !== 'object' || !item.shape || typeof item.shape !== 'object') return null;
    const sh = item.shape;
    const options = { ...geofenceStyle(item.kind), renderer: layers.geofenceRenderer, pane: 'olcGeofences' };
    let layer = null;
    if (sh.kind === 'circle' && finite(sh.lat) && finite(sh.lon) && finite(sh.radius_m) && sh.radius_m > 0) {
      layer = L.circle([sh.lat, sh.lon], { ...options, radius: sh.radius_m });
    } else if (sh.kind === 'polygon' && Array.isArray(sh.points)) {
      const pts = sh.points.filter((p) => Array.isArray(p) && finite(p[0]) && finite(p[1]));
      if (pts.length >= 3) layer = L.polygon(pts, options);
    }
    if (!layer) return null;
    // Tooltip content is a DOM node filled with textContent: a name is never parsed as HTML.
    const tip = el('div', 'olc-geofence-tip-body');
    tip.appendChild(el('div', 'olc-geofence-name', item.name ?? item.id ?? ''));
    tip.appendChild(el('div', 'olc-geofence-kind', KIND_LABEL[item.kind] || String(item.kind ?? '')));
    layer.bindTooltip(tip, { sticky: true, direction: 'top', offset: [0, -6], className: 'olc-geofence-tip', opacity: 1 });
    layer.olcKind = item.kind;
    return layer;
  }

  function setGeofences(items) {
    layers.geofences.clearLayers();
    layers.geofenceById.clear();
    for (const item of items) {
      const layer = buildGeofence(item);
      if (!layer) { console.warn('OLMap: geofence skipped (bad shape)', item && item.id); continue; }
      layers.geofences.addLayer(layer);
      layers.geofenceById.set(String(item.id), layer);
    }
    applyDestination(ui.destinationId, true);
  }

  function applyDestination(id, force) {
    if (id === ui.destinationId && !force) return;
    const old = ui.destinationId === null ? null : layers.geofenceById.get(ui.destinationId);
    if (old) old.setStyle(geofenceStyle(old.olcKind));
    ui.destinationId = id;
    const now = id === null ? null : layers.geofenceById.get(id);
    if (now) {
      now.setStyle(DESTINATION_STYLE);
      if (now._map) now.bringToFront();
    }
  }

  // ------------------------------------------------------------------ online tiles

  function setTiles(msg) {
    if (layers.tiles) { map.removeLayer(layers.tiles); layers.tiles = null; }
    const url = msg.url;
    layers.tilesConfigured = typeof url === 'string' && /^https?:\/\//i.test(url);
    if (url != null && !layers.tilesConfigured) console.warn('OLMap: tiles url ignored (http/https only)');
    if (layers.tilesConfigured) {
      layers.tiles = L.tileLayer(url, {
        pane: 'olcTiles',
        maxZoom: finite(msg.maxZoom) ? msg.maxZoom : 19,
        // The attribution control renders HTML: escape the text we were given.
        attribution: msg.attribution ? escapeHtml(msg.attribution) : '',
        crossOrigin: false,
      });
      // A tile that fails stays invisible and the offline basemap shows through; nothing to do.
      layers.tiles.on('tileerror', () => {});
      if (!map.attributionControl) map.attributionControl = L.control.attribution().addTo(map);
      layers.tiles.addTo(map);
    }
    syncControls();
  }

  // ------------------------------------------------------------------ trailers: data

  function reset(msg) {
    const ids = msg.ids;
    if (!Array.isArray(ids)) throw new Error('reset without ids');
    const n = ids.length;
    for (const key of ['lat', 'lon', 'hdg', 'st']) {
      if (!Array.isArray(msg[key]) || msg[key].length !== n) throw new Error(`reset: ${key} must have ${n} entries`);
    }
    if (msg.names != null && (!Array.isArray(msg.names) || msg.names.length !== n)) throw new Error(`reset: names must have ${n} entries`);
    // Build everything first and swap at the end: a bad message leaves the old fleet intact.
    const f = {
      n, ids: ids.map(String), names: msg.names ? msg.names.map((s) => (s == null ? '' : String(s))) : new Array(n).fill(''),
      slotOf: new Map(), lat: new Float64Array(n), lon: new Float64Array(n), hdg: new Float32Array(n),
      st: new Uint8Array(n), wx: new Float64Array(n), wy: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      f.slotOf.set(f.ids[i], i);
      setSlot(f, i, msg.lat[i], msg.lon[i], msg.hdg[i], msg.st[i]);
    }
    Object.assign(fleet, f);
    if (ui.popupId !== null && !fleet.slotOf.has(ui.popupId)) map.closePopup(ui.popup);
    afterDataChange(null);
  }

  function setSlot(f, i, lat, lon, hdg, st) {
    const la = num(lat), lo = num(lon);
    const ok = Number.isFinite(la) && Number.isFinite(lo) && la >= -90 && la <= 90 && lo >= -180 && lo <= 180;
    f.lat[i] = ok ? la : NaN;
    f.lon[i] = ok ? lo : NaN;
    if (ok) { const w = project(la, lo); f.wx[i] = w[0]; f.wy[i] = w[1]; } else { f.wx[i] = NaN; f.wy[i] = NaN; }
    f.hdg[i] = finite(hdg) ? hdg : 0;
    f.st[i] = Number.isInteger(st) && st >= 0 && st < 256 ? st : 255;
  }

  function update(msg) {
    const idx = msg.idx;
    if (!Array.isArray(idx)) throw new Error('update without idx');
    const n = idx.length;
    for (const key of ['lat', 'lon', 'hdg', 'st']) {
      if (msg[key] != null && (!Array.isArray(msg[key]) || msg[key].length !== n)) throw new Error(`update: ${key} must have ${n} entries`);
    }
    const { lat, lon, hdg, st } = msg;
    const sel = ui.selectedId === null ? undefined : fleet.slotOf.get(ui.selectedId);
    let selectedMoved = false;
    for (let k = 0; k < n; k++) {
      const i = idx[k];
      if (!Number.isInteger(i) || i < 0 || i >= fleet.n) continue;
      setSlot(fleet, i,
        lat ? lat[k] : fleet.lat[i], lon ? lon[k] : fleet.lon[i],
        hdg ? hdg[k] : fleet.hdg[i], st ? st[k] : fleet.st[i]);
      if (i === sel) selectedMoved = true;
    }
    afterDataChange(selectedMoved ? sel : null);
  }

  function afterDataChange(movedSelected) {
    noteDataArrived();
    if (layers.trailers) layers.trailers.redraw();
    // The popup travels with its trailer.
    if (ui.popupId !== null && map.hasLayer(ui.popup)) {
      const ll = latLngOf(ui.popupId);
      if (ll) ui.popup.setLatLng(ll);
    }
    if (movedSelected !== null && ui.follow) followSelected();
  }

  function latLngOf(id) {
    const i = id === null ? undefined : fleet.slotOf.get(id);
    if (i === undefined || !Number.isFinite(fleet.lat[i])) return null;
    return L.latLng(fleet.lat[i], fleet.lon[i]);
  }

  // ------------------------------------------------------------------ selection, follow, fit

  function select(msg) {
    const id = msg.id == null ? null : String(msg.id);
    ui.selectedId = id;
    applyDestination(msg.destination == null ? null : String(msg.destination));
    if (typeof msg.follow === 'boolean') setFollow(msg.follow, false);
    if (layers.trailers) layers.trailers.redraw();
    const ll = latLngOf(id);
    if (ll && (msg.pan || ui.follow)) map.panTo(ll, { animate: true, duration: 0.4 });
  }

  function followSelected() {
    const ll = latLngOf(ui.selectedId);
    if (!ll) return;
    const p = map.latLngToContainerPoint(ll);
    const c = map.getSize().divideBy(2);
    if (p.distanceTo(c) < 2) return;
    map.panTo(ll, { animate: true, duration: 0.25, noMoveStart: true });
  }

  function setFollow(on, fromUser) {
    on = !!on;
    const changed = on !== ui.follow;
    ui.follow = on;
    if (controls.followButton) {
      controls.followButton.classList.toggle('olc-on', on);
      controls.followButton.setAttribute('aria-pressed', String(on));
    }
    if (fromUser && changed) send('followChanged', on);
    if (on && changed) followSelected();
  }

  function fitFleet() {
    let s = Infinity, w = Infinity, nth = -Infinity, e = -Infinity;
    for (let i = 0; i < fleet.n; i++) {
      const la = fleet.lat[i], lo = fleet.lon[i];
      if (!(la === la)) continue;
      if (la < s) s = la; if (la > nth) nth = la;
      if (lo < w) w = lo; if (lo > e) e = lo;
    }
    if (s === Infinity) return false;
    if (s === nth && w === e) map.setView([s, w], Math.max(map.getZoom(), 11));
    else map.fitBounds([[s, w], [nth, e]], { padding: [40, 40], maxZoom: 12 });
    return true;
  }

  // ------------------------------------------------------------------ details popup

  // ------------------------------------------------------------------ a place to look at

  // "Show this place": an event clicked in the lock's timeline. A ringed dot with its label (as
  // text), centred; it stays until the next place or 30 s.
  function showPlace(msg) {
    const lat = Number(msg.lat), lon = Number(msg.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw new Error('place: bad coordinates');
    }
    if (ui.place) { map.removeLayer(ui.place); clearTimeout(ui.placeTimer); }
    const ring = L.circleMarker([lat, lon], { radius: 14, color: '#6a1b9a', weight: 3, fill: true,
      fillColor: '#ce93d8', fillOpacity: 0.35, interactive: false });
    ui.place = L.layerGroup([ring]).addTo(map);
    if (msg.label != null && msg.label !== '') {
      const tip = L.tooltip({ permanent: true, direction: 'top', offset: [0, -14], className: 'olc-place-tip' })
        .setLatLng([lat, lon]).setContent(el('span', null, String(msg.label)));
      ui.place.addLayer(tip);
    }
    map.setView([lat, lon], Math.max(map.getZoom(), 11), { animate: false });
    ui.placeTimer = setTimeout(() => { if (ui.place) { map.removeLayer(ui.place); ui.place = null; } }, 30000);
  }

  function showDetails(msg) {
    const id = msg.id == null ? null : String(msg.id);
    const ll = latLngOf(id);
    if (!ll) throw new Error(`details: ${id} is unknown or has no position`);
    const body = el('div', 'olc-popup');
    body.appendChild(el('div', 'olc-popup-title', msg.title ?? id));
    if (msg.alarm != null && msg.alarm !== '') body.appendChild(el('div', 'olc-popup-alarm', msg.alarm));
    if (msg.ackAlarm != null && msg.ackAlarm !== '') {
      // The console opens its acknowledge dialog (a note may be required): the page only asks.
      const alarmId = String(msg.ackAlarm);
      const button = el('button', 'olc-popup-ack', 'Acknowledge…');
      button.type = 'button';
      button.title = 'Acknowledge this alarm (opens the console\'s dialog)';
      button.addEventListener('click', (ev) => { L.DomEvent.stop(ev); send('acknowledgeRequested', alarmId); });
      body.appendChild(button);
    }
    if (msg.contact) {
      // Reaching the driver opens the console's conversation or call window.
      const row = el('div', 'olc-popup-contact');
      for (const [text, slot] of [['Message driver…', 'messageDriverRequested'], ['Call driver…', 'callDriverRequested']]) {
        const b = el('button', 'olc-popup-contact-button', text);
        b.type = 'button';
        b.addEventListener('click', (ev) => { L.DomEvent.stop(ev); send(slot, id); });
        row.appendChild(b);
      }
      body.appendChild(row);
    }
    const table = el('table', 'olc-popup-lines');
    for (const line of Array.isArray(msg.lines) ? msg.lines : []) {
      if (!Array.isArray(line)) continue;
      const tr = el('tr');
      tr.appendChild(el('th', null, line[0] ?? ''));
      tr.appendChild(el('td', null, line[1] ?? ''));
      table.appendChild(tr);
    }
    body.appendChild(table);
    const open = ui.popup && map.hasLayer(ui.popup);
    if (open && ui.popupId === id) {
      ui.popup.setContent(body);  // refresh in place: no flicker, no auto-pan
    } else {
      if (!ui.popup) {
        ui.popup = L.popup({ className: 'olc-popup-wrap', offset: [0, -8], maxWidth: 340, minWidth: 220, autoPanPadding: [40, 40] });
        ui.popup.on('remove', () => { ui.popupId = null; ui.popupBody = null; });
      }
      ui.popup.setLatLng(ll).setContent(body);
      ui.popup.openOn(map);
    }
    ui.popupId = id;
    ui.popupBody = body;
  }

  // ------------------------------------------------------------------ pointer: click + hover

  function onMapClick(e) {
    // History marks are drawn above the live trailers, so they get the click first.
    const past = historyHit(e.containerPoint);
    if (past && past.event) { send('historyEventClicked', past.event.id); return; }
    if (!layers.trailers || !map.hasLayer(layers.trailers)) return;
    const hit = layers.trailers.hitTest(e.containerPoint);
    if (!hit) return;
    if (hit.slot !== undefined) {
      send('trailerClicked', fleet.ids[hit.slot]);
    } else if (hit.bubble) {
      const center = map.layerPointToLatLng([hit.bubble.x, hit.bubble.y]);
      map.setView(center, Math.min(map.getZoom() + 2, map.getMaxZoom()));
    }
  }

  function onMapMouseMove(e) {
    ui.hoverPoint = e.containerPoint;
    if (!ui.hoverFrame) ui.hoverFrame = requestAnimationFrame(updateHover);
  }

  function clearHover() {
    ui.hoverPoint = null;
    ui.hoverKey = null;
    map.getContainer().classList.remove('olc-hover');
    if (ui.hoverTip && map.hasLayer(ui.hoverTip)) map.closeTooltip(ui.hoverTip);
  }

  function updateHover() {
    ui.hoverFrame = 0;
    if (!ui.hoverPoint || map._animatingZoom) { clearHover(); return; }
    const past = historyHit(ui.hoverPoint);
    if (past) { showHistoryTip(past); return; }
    if (!layers.trailers || !map.hasLayer(layers.trailers)) { clearHover(); return; }
    const hit = layers.trailers.hitTest(ui.hoverPoint);
    if (!hit) {
      ui.hoverKey = null;
      map.getContainer().classList.remove('olc-hover');
      if (ui.hoverTip && map.hasLayer(ui.hoverTip)) map.closeTooltip(ui.hoverTip);
      return;
    }
    map.getContainer().classList.add('olc-hover');
    const key = hit.slot !== undefined ? 's' + hit.slot : 'b' + hit.bubble.x + ',' + hit.bubble.y;
    if (key === ui.hoverKey && map.hasLayer(ui.hoverTip)) return;
    ui.hoverKey = key;
    const body = el('div', 'olc-trailer-tip-body');
    let ll;
    if (hit.slot !== undefined) {
      body.appendChild(el('div', 'olc-tip-id', fleet.ids[hit.slot]));
      const name = fleet.names[hit.slot];
      if (name) body.appendChild(el('div', 'olc-tip-name', name));
      ll = L.latLng(fleet.lat[hit.slot], fleet.lon[hit.slot]);
    } else {
      const b = hit.bubble;
      body.appendChild(el('div', 'olc-tip-id', `${b.count} trailers`));
      if (b.alarms) body.appendChild(el('div', 'olc-tip-alarm', `${b.alarms} in alarm`));
      body.appendChild(el('div', 'olc-tip-name', 'Click to zoom in'));
      ll = map.layerPointToLatLng([b.x, b.y]);
    }
    if (!ui.hoverTip) ui.hoverTip = L.tooltip({ direction: 'top', offset: [0, -10], className: 'olc-trailer-tip', opacity: 1 });
    ui.hoverTip.setLatLng(ll).setContent(body);
    if (!map.hasLayer(ui.hoverTip)) map.openTooltip(ui.hoverTip);
  }

  // ------------------------------------------------------------------ controls

  function stop(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
  }

  const actionsControlMethods = {
    options: { position: 'topright' },
    onAdd() {
      const box = el('div', 'leaflet-bar olc-panel olc-actions');
      const fit = el('button', 'olc-button', 'Fit fleet');
      fit.type = 'button';
      fit.title = 'Zoom to show every trailer';
      L.DomEvent.on(fit, 'click', (e) => { L.DomEvent.preventDefault(e); fitFleet(); send('fitRequested'); });
      const follow = el('button', 'olc-button olc-toggle', 'Follow selected');
      follow.type = 'button';
      follow.title = 'Keep the selected trailer in the centre';
      follow.setAttribute('aria-pressed', String(ui.follow));
      follow.classList.toggle('olc-on', ui.follow);
      L.DomEvent.on(follow, 'click', (e) => { L.DomEvent.preventDefault(e); setFollow(!ui.follow, true); });
      controls.followButton = follow;
      box.append(fit, follow);
      stop(box);
      return box;
    },
  };

  const layersControlMethods = {
    options: { position: 'topright' },
    onAdd() {
      const box = el('div', 'leaflet-bar olc-panel olc-layers');
      box.appendChild(el('div', 'olc-panel-title', 'Layers'));
      const row = (key, text, toggle) => {
        const label = el('label', 'olc-check');
        const input = el('input');
        input.type = 'checkbox';
        L.DomEvent.on(input, 'change', () => { toggle(input.checked); syncControls(); });
        label.append(input, el('span', null, text));
        box.appendChild(label);
        controls.checks[key] = input;
        return label;
      };
      const layerToggle = (layer) => (on) => { if (on) map.addLayer(layer); else map.removeLayer(layer); };
      row('trailers', 'Trailers', layerToggle(layers.trailers));
      row('geofences', 'Geofences', layerToggle(layers.geofences));
      row('basemap', 'Basemap', layerToggle(layers.basemap));
      row('cities', 'City labels', (on) => { if (layers.cities) layerToggle(layers.cities)(on); });
      controls.tilesRow = row('tiles', 'Online tiles', (on) => { if (layers.tiles) layerToggle(layers.tiles)(on); });
      controls.historyRow = row('history', 'Trip history', (on) => { if (track.loaded) layerToggle(layers.history)(on); });
      stop(box);
      return box;
    },
  };

  function syncControls() {
    const c = controls.checks;
    if (!c.trailers) return;
    c.trailers.checked = map.hasLayer(layers.trailers);
    c.geofences.checked = map.hasLayer(layers.geofences);
    c.basemap.checked = map.hasLayer(layers.basemap);
    c.cities.checked = !!layers.cities && map.hasLayer(layers.cities);
    c.cities.disabled = !layers.cities;
    c.cities.parentNode.title = layers.cities ? '' : 'No city data on this machine';
    c.tiles.checked = !!layers.tiles && map.hasLayer(layers.tiles);
    controls.tilesRow.style.display = layers.tilesConfigured ? '' : 'none';
    c.history.checked = track.loaded && map.hasLayer(layers.history);
    controls.historyRow.style.display = track.loaded ? '' : 'none';
  }

  function legendSwatch(draw) {
    const dpr = window.devicePixelRatio || 1, size = 22;
    const c = el('canvas', 'olc-legend-swatch');
    c.width = size * dpr; c.height = size * dpr;
    c.style.width = size + 'px'; c.style.height = size + 'px';
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    draw(ctx, size / 2, size / 2);
    return c;
  }

  const legendControlMethods = {
    options: { position: 'bottomleft' },
    onAdd() {
      // Folded by default (a summary line): open, it would cover a small map.
      const details = el('details', 'olc-panel olc-legend');
      details.appendChild(el('summary', 'olc-panel-title olc-legend-summary', 'Legend'));
      const box = el('div', 'olc-legend-body');
      details.appendChild(box);
      box.appendChild(el('div', 'olc-panel-title', 'Trailers'));
      const row = (swatch, text) => {
        const r = el('div', 'olc-legend-row');
        r.append(swatch, el('span', null, text));
        box.appendChild(r);
      };
      // Same painting code as the map, so the legend can never disagree with the markers.
      for (const name of cfg.statuses) {
        row(legendSwatch((ctx, x, y) => paintGroup(ctx, name, statusColor(name), new Float32Array([x, y, 45]), 1)),
          cfg.labels[name] || name);
      }
      row(legendSwatch((ctx, x, y) => { paintSelectionRing(ctx, x, y, 8.5); paintGroup(ctx, 'parked', statusColor('parked'), new Float32Array([x, y, 0]), 1); }), 'Selected');
      row(legendSwatch((ctx, x, y) => { paintBubbleDisc(ctx, x, y, 10, false); paintBubbleCount(ctx, x, y, 12); }), 'Group: count, click to zoom');
      row(legendSwatch((ctx, x, y) => { paintBubbleDisc(ctx, x, y, 9, true, statusColor('alarm')); paintBubbleCount(ctx, x, y, 9); }), 'Group with alarms');
      box.appendChild(el('div', 'olc-panel-title olc-legend-gap', 'Geofences'));
      const fenceSwatch = (s) => legendSwatch((ctx) => {
        ctx.beginPath(); ctx.rect(3.5, 5.5, 15, 11);
        ctx.globalAlpha = s.fillOpacity * 2; ctx.fillStyle = s.fillColor; ctx.fill(); ctx.globalAlpha = 1;
        ctx.setLineDash(s.dashArray ? s.dashArray.split(' ').map(Number).map((v) => v / 2) : []);
        ctx.strokeStyle = s.color; ctx.lineWidth = Math.min(s.weight, 3); ctx.stroke();
      });
      row(fenceSwatch(GEOFENCE_STYLE.terminal), KIND_LABEL.terminal);
      row(fenceSwatch(GEOFENCE_STYLE.customer_site), KIND_LABEL.customer_site);
      row(fenceSwatch(GEOFENCE_STYLE.border_crossing), KIND_LABEL.border_crossing);
      row(fenceSwatch(DESTINATION_STYLE), 'Trip destination');
      controls.legendHistory = buildLegendHistory();
      controls.legendHistory.hidden = !track.loaded;
      box.appendChild(controls.legendHistory);
      stop(details);
      return details;
    },
  };

  // ------------------------------------------------------------------ trip history

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
    { max: 5, color: '#90a4ae', label: 'Stopped or crawling, < 5 km/h', short: '< 5' },
    { max: 40, color: '#f9a825', label: 'Slow, 5–40 km/h', short: '5–40' },
    { max: 70, color: '#e8590c', label: 'Medium, 40–70 km/h', short: '40–70' },
    { max: Infinity, color: '#6a1b9a', label: 'Fast, 70 km/h and more', short: '≥ 70 km/h' },
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
    alarm: { label: 'Alarm', rank: 6, color: '#d32f2f' },
    tamper: { label: 'Tamper', rank: 5, color: '#ffb300' },
    unlock: { label: 'Unlocked', rank: 4, color: '#ef6c00' },
    lock: { label: 'Locked', rank: 3, color: '#2e7d32' },
    geofence: { label: 'Geofence', rank: 2, color: '#5e35b1' },
    _other: { label: 'Event', rank: 1, color: '#607d8b' },
  };

  const track = {
    loaded: false,
    id: '',
    n: 0,          // fixes in the message
    valid: 0,      // fixes with a position
    seq: 0,        // bumped on every load and clear (late frame callbacks check it)
    lat: null, lon: null, ts: null, speed: null, wx: null, wy: null, imp: null,
    runs: null,    // {count, a, b, band, x0, y0, x1, y1}: fix ranges of one band, with bboxes
    first: -1, last: -1,
    stops: [],
    events: [],    // in draw order (lowest rank first)
    eventById: new Map(),
    bounds: null,
    layout: null,  // where the marks are drawn at one zoom (layoutMarks)
    replay: null,  // {lat, lon, ts, heading}
    parseMs: 0, buildMs: 0, loadMs: 0, shownMs: 0,
    drawn: { vertices: 0, runs: 0, ms: 0 },
    draws: new Float64Array(STATS_CAP), drawN: 0,
  };

  const projectsMercator = () => map.options.crs === L.CRS.EPSG3857;

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

  // ---- glyphs (shared by the map, the sprites and the legend)

  function bang(ctx, x, y, color) {
    ctx.fillStyle = color;
    ctx.fillRect(x - 1.1, y - 4.6, 2.2, 5.4);
    ctx.fillRect(x - 1.1, y + 2.2, 2.2, 2.2);
  }

  function ringDisc(ctx, x, y, r, ring) {
    ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = '#fff'; ctx.fill();
    ctx.lineWidth = 2.2; ctx.strokeStyle = ring; ctx.stroke();
    ctx.beginPath(); ctx.arc(x, y, r + 1.6, 0, 2 * Math.PI);
    ctx.lineWidth = 1; ctx.strokeStyle = OUTLINE; ctx.stroke();
  }

  function padlock(ctx, x, y, color, open) {
    ctx.fillStyle = color;
    ctx.fillRect(x - 4.2, y - 0.8, 8.4, 6);
    ctx.beginPath();
    if (open) {
      // Shackle lifted clear of the body on the right: open.
      ctx.moveTo(x - 2.6, y - 0.8); ctx.lineTo(x - 2.6, y - 4.4);
      ctx.arc(x, y - 4.4, 2.6, Math.PI, 0);
      ctx.lineTo(x + 2.6, y - 3.2);
    } else {
      ctx.moveTo(x - 2.6, y - 0.8); ctx.lineTo(x - 2.6, y - 2.8);
      ctx.arc(x, y - 2.8, 2.6, Math.PI, 0);
      ctx.lineTo(x + 2.6, y - 0.8);
    }
    ctx.lineWidth = 1.7; ctx.strokeStyle = color; ctx.lineCap = 'butt'; ctx.stroke();
  }

  function paintHistoryGlyph(ctx, kind, x, y) {
    ctx.lineJoin = 'round';
    const color = (HISTORY_KIND[kind] || HISTORY_KIND._other).color;
    switch (kind) {
      case 'alarm':  // red diamond, white "!"
        ctx.beginPath();
        ctx.moveTo(x, y - 10); ctx.lineTo(x + 10, y); ctx.lineTo(x, y + 10); ctx.lineTo(x - 10, y); ctx.closePath();
        ctx.fillStyle = color; ctx.fill();
        ctx.lineWidth = 1.6; ctx.strokeStyle = '#fff'; ctx.stroke();
        ctx.beginPath();
        ctx.moveTo(x, y - 11.4); ctx.lineTo(x + 11.4, y); ctx.lineTo(x, y + 11.4); ctx.lineTo(x - 11.4, y); ctx.closePath();
        ctx.lineWidth = 1; ctx.strokeStyle = OUTLINE; ctx.stroke();
        bang(ctx, x, y, '#fff');
        break;
      case 'tamper':  // amber warning triangle, dark "!"
        ctx.beginPath();
        ctx.moveTo(x, y - 10); ctx.lineTo(x + 10, y + 7.5); ctx.lineTo(x - 10, y + 7.5); ctx.closePath();
        ctx.fillStyle = color; ctx.fill();
        ctx.lineWidth = 1.3; ctx.strokeStyle = OUTLINE; ctx.stroke();
        bang(ctx, x, y + 1.5, OUTLINE);
        break;
      case 'unlock':
      case 'lock':  // padlock on a white disc: open or closed
        ringDisc(ctx, x, y, 8.5, color);
        padlock(ctx, x, y + 0.6, color, kind === 'unlock');
        break;
      case 'geofence':  // flag on a white disc
        ringDisc(ctx, x, y, 8.5, color);
        ctx.beginPath(); ctx.moveTo(x - 3, y + 5); ctx.lineTo(x - 3, y - 5.2);
        ctx.lineWidth = 1.6; ctx.strokeStyle = color; ctx.stroke();
        ctx.beginPath(); ctx.moveTo(x - 3, y - 5.2); ctx.lineTo(x + 5, y - 2.4); ctx.lineTo(x - 3, y + 0.4); ctx.closePath();
        ctx.fillStyle = color; ctx.fill();
        break;
      case 'stop': {  // slate rounded square with a pause sign
        const r = 7.5, k = 2.5;
        ctx.beginPath();
        ctx.moveTo(x - r + k, y - r); ctx.arcTo(x + r, y - r, x + r, y + r, k); ctx.arcTo(x + r, y + r, x - r, y + r, k);
        ctx.arcTo(x - r, y + r, x - r, y - r, k); ctx.arcTo(x - r, y - r, x + r, y - r, k); ctx.closePath();
        ctx.fillStyle = '#37474f'; ctx.fill();
        ctx.lineWidth = 1.5; ctx.strokeStyle = '#fff'; ctx.stroke();
        ctx.fillStyle = '#fff';
        ctx.fillRect(x - 3.4, y - 3.8, 2.4, 7.6); ctx.fillRect(x + 1, y - 3.8, 2.4, 7.6);
        break;
      }
      case 'start':  // green disc, white ring
      case 'end': {  // dark disc with a white centre
        ctx.beginPath(); ctx.arc(x, y, 6.5, 0, 2 * Math.PI);
        ctx.fillStyle = kind === 'start' ? '#2e7d32' : '#263238'; ctx.fill();
        ctx.lineWidth = 2.2; ctx.strokeStyle = '#fff'; ctx.stroke();
        ctx.beginPath(); ctx.arc(x, y, 7.9, 0, 2 * Math.PI);
        ctx.lineWidth = 1; ctx.strokeStyle = OUTLINE; ctx.stroke();
        if (kind === 'end') { ctx.beginPath(); ctx.arc(x, y, 2.3, 0, 2 * Math.PI); ctx.fillStyle = '#fff'; ctx.fill(); }
        break;
      }
      default:  // anything else the cloud logs: grey disc with an "i"
        ctx.beginPath(); ctx.arc(x, y, 8, 0, 2 * Math.PI);
        ctx.fillStyle = color; ctx.fill();
        ctx.lineWidth = 1.5; ctx.strokeStyle = '#fff'; ctx.stroke();
        ctx.fillStyle = '#fff';
        ctx.fillRect(x - 1.1, y - 1.5, 2.2, 6);
        ctx.fillRect(x - 1.1, y - 5, 2.2, 2.2);
    }
  }

  const glyphSprites = new Map();
  function glyphSprite(kind, dpr) {
    const key = `${kind}|${dpr}`;
    let c = glyphSprites.get(key);
    if (c) return c;
    const css = 28;
    c = document.createElement('canvas');
    c.width = c.height = Math.ceil(css * dpr);
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintHistoryGlyph(ctx, kind, css / 2, css / 2);
    c.cssSize = css;
    glyphSprites.set(key, c);
    return c;
  }

  function paintReplayArrow(ctx, x, y) {
    // Black disc, white border, white arrow pointing up (rotated by CSS to the heading).
    ctx.beginPath(); ctx.arc(x, y, 11, 0, 2 * Math.PI);
    ctx.fillStyle = '#111'; ctx.fill();
    ctx.lineWidth = 2.5; ctx.strokeStyle = '#fff'; ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x, y - 7); ctx.lineTo(x + 5.2, y + 5.5); ctx.lineTo(x, y + 2.6); ctx.lineTo(x - 5.2, y + 5.5); ctx.closePath();
    ctx.fillStyle = '#fff'; ctx.fill();
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
      if (merc) { wx[i] = mercX(lo); wy[i] = mercY(la); } else { const p = project(la, lo); wx[i] = p[0]; wy[i] = p[1]; }
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
      const p = project(item.lat, item.lon);
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
      const p = project(item.lat, item.lon);
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

  // ---- layers

  // TrackLayer = CanvasLayer.extend(trackLayerMethods): the speed-coloured line.
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
        ctx.strokeStyle = TRACK_CASING;
        ctx.lineWidth = 5.5;
        for (let k = 0; k < BAND_GAP; k++) if (paths[k]) ctx.stroke(paths[k]);
        ctx.lineWidth = 3.5;
        // Unknown and stopped first, fast last: where lines cross, the faster stays on top.
        for (const k of [BAND_UNKNOWN, ...SPEED_BANDS.keys()]) {
          if (!paths[k]) continue;
          ctx.strokeStyle = bandColor(k);
          ctx.stroke(paths[k]);
        }
        ctx.strokeStyle = TRACK_CASING;
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

  // HistoryMarksLayer = CanvasLayer.extend(marksLayerMethods): start/end, stops, events.
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
        ctx.strokeStyle = OUTLINE; ctx.lineWidth = 1.2; ctx.stroke();
        ctx.beginPath();
        for (let k = 0; k < layout.hubs.length; k += 2) {
          const x = layout.hubs[k] - o.x, y = layout.hubs[k + 1] - o.y;
          ctx.moveTo(x + 3, y); ctx.arc(x, y, 3, 0, 2 * Math.PI);
        }
        ctx.fillStyle = OUTLINE; ctx.fill();
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
    if (!layers.stopLabels || !map.hasLayer(layers.stopLabels)) return;
    const boxes = [];
    const hits = (q) => boxes.some((r) => r[0] < q[2] && r[2] > q[0] && r[1] < q[3] && r[3] > q[1]);
    const order = track.stops.filter((s) => s.marker).sort((p, q) => (q.duration || 0) - (p.duration || 0));
    for (const stop of order) {
      const node = stop.marker.getElement();
      if (!node) continue;
      const p = map.latLngToLayerPoint([stop.lat, stop.lon]);
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
    if (!map.hasLayer(layers.history)) map.addLayer(layers.history);
    layers.track.flush();
    layers.marks.flush();
    if (layers.trailers && map.hasLayer(layers.trailers)) layers.trailers.flush();
    setTrackChrome(true);
    track.loadMs = performance.now() - started;
    // Report once the browser has painted a frame with the track in it.
    const seq = track.seq;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      if (seq !== track.seq) return;
      track.shownMs = performance.now() - started;
      send('trackDrawn', track.id, track.valid, Math.round(track.shownMs * 10) / 10);
    }));
  }

  // Fit the map to the track now, or (map not laid out yet: a hidden dock) once it has a size.
  function fitTrack(seq) {
    if (seq !== track.seq || !track.bounds) return;
    const size = map.getSize();
    if (!size.x || !size.y) { map.once('resize', () => fitTrack(seq)); return; }
    const [[s, w], [n, e]] = track.bounds;
    if (s === n && w === e) map.setView([s, w], Math.max(map.getZoom(), 13), { animate: false });
    else map.fitBounds(track.bounds, { padding: [48, 48], maxZoom: 15, animate: false });
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
    if (msg.follow === true && map.hasLayer(layers.history)) {
      if (ui.follow) setFollow(false, true);  // one thing to follow at a time
      const p = map.latLngToContainerPoint(ll);
      if (p.distanceTo(map.getSize().divideBy(2)) >= 2) map.panTo(ll, { animate: true, duration: 0.25, noMoveStart: true });
    }
  }

  function clearTrack() {
    const had = track.loaded;
    if (map.hasLayer(layers.history)) map.removeLayer(layers.history);
    removeReplay();
    layers.stopLabels.clearLayers();
    Object.assign(track, {
      loaded: false, id: '', n: 0, valid: 0, lat: null, lon: null, ts: null, speed: null, wx: null, wy: null, imp: null,
      runs: null, first: -1, last: -1, stops: [], events: [], eventById: new Map(), bounds: null,
      layout: null, drawn: { vertices: 0, runs: 0, ms: 0 },
    });
    track.seq++;
    if (ui.hoverKey && /^[eh]/.test(ui.hoverKey)) clearHover();
    setTrackChrome(false);
    return had;
  }

  // ---- chrome: the "Trip history" layer row, the speed key and the legend section

  const trackKeyControlMethods = {
    options: { position: 'bottomright' },
    onAdd() {
      const box = el('div', 'olc-panel olc-track-key');
      const head = el('div', 'olc-track-key-head');
      head.append(el('span', 'olc-panel-title', 'Trip history'), el('span', 'olc-track-key-id', track.id));
      box.appendChild(head);
      const row = el('div', 'olc-track-key-bands');
      SPEED_BANDS.forEach((band) => {
        const item = el('span', 'olc-track-key-band');
        item.title = band.label;
        const swatch = el('span', 'olc-track-key-line');
        swatch.style.background = band.color;
        item.append(swatch, el('span', null, band.short));
        row.appendChild(item);
      });
      box.appendChild(row);
      stop(box);
      return box;
    },
  };

  function setTrackChrome(on) {
    if (on) {
      if (controls.trackKey) controls.trackKey.remove();
      controls.trackKey = new TrackKeyControl().addTo(map);
    } else if (controls.trackKey) {
      controls.trackKey.remove();
      controls.trackKey = null;
    }
    if (controls.legendHistory) controls.legendHistory.hidden = !on;
    syncControls();
  }

  function lineSwatch(color, dashed) {
    return legendSwatch((ctx) => {
      ctx.lineCap = 'round';
      ctx.beginPath(); ctx.moveTo(3, 14); ctx.lineTo(19, 8);
      if (dashed) {
        ctx.setLineDash([4, 3]); ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.stroke();
        return;
      }
      ctx.strokeStyle = TRACK_CASING; ctx.lineWidth = 5.5; ctx.stroke();
      ctx.strokeStyle = color; ctx.lineWidth = 3.5; ctx.stroke();
    });
  }

  function buildLegendHistory() {
    const box = el('div', 'olc-legend-history');
    box.hidden = true;
    box.appendChild(el('div', 'olc-panel-title olc-legend-gap', 'Trip history'));
    const row = (swatch, text) => {
      const r = el('div', 'olc-legend-row');
      r.append(swatch, el('span', null, text));
      box.appendChild(r);
    };
    for (const band of SPEED_BANDS) row(lineSwatch(band.color), band.label);
    row(lineSwatch(GAP_COLOR, true), 'No fix for 15 min or more');
    row(legendSwatch((ctx, x, y) => paintHistoryGlyph(ctx, 'start', x, y)), 'Start of the period');
    row(legendSwatch((ctx, x, y) => paintHistoryGlyph(ctx, 'end', x, y)), 'End of the period');
    row(legendSwatch((ctx, x, y) => paintHistoryGlyph(ctx, 'stop', x, y)), 'Stop, with its duration');
    for (const kind of ['unlock', 'lock', 'tamper', 'alarm', 'geofence', '_other']) {
      row(legendSwatch((ctx, x, y) => paintHistoryGlyph(ctx, kind, x, y)), HISTORY_KIND[kind].label + (kind === '_other' ? ' (other)' : ''));
    }
    row(legendSwatch((ctx, x, y) => { ctx.save(); ctx.translate(x, y); ctx.scale(0.8, 0.8); paintReplayArrow(ctx, 0, 0); ctx.restore(); }), 'Replay position');
    return box;
  }

  // ---- pointer

  function historyHit(containerPoint) {
    if (!track.loaded || !layers.marks || !map.hasLayer(layers.marks)) return null;
    return layers.marks.hitTest(containerPoint);
  }

  function showHistoryTip(hit) {
    map.getContainer().classList.add('olc-hover');
    const key = hit.event ? 'e' + hit.event.id : 'h' + hit.stop.index;
    if (key === ui.hoverKey && ui.hoverTip && map.hasLayer(ui.hoverTip)) return;
    ui.hoverKey = key;
    const body = el('div', 'olc-trailer-tip-body');
    let ll;
    if (hit.event) {
      const ev = hit.event;
      body.appendChild(el('div', 'olc-tip-id', (HISTORY_KIND[ev.glyph] || HISTORY_KIND._other).label));
      if (ev.label) body.appendChild(el('div', 'olc-tip-name', ev.label));
      body.appendChild(el('div', 'olc-tip-hint', 'Click to replay from here'));
      ll = L.latLng(ev.lat, ev.lon);
    } else {
      const s = hit.stop;
      body.appendChild(el('div', 'olc-tip-id', s.labelText ? `Stop · ${s.labelText}` : 'Stop'));
      if (s.label) body.appendChild(el('div', 'olc-tip-name', s.label));
      ll = L.latLng(s.lat, s.lon);
    }
    if (!ui.hoverTip) ui.hoverTip = L.tooltip({ direction: 'top', offset: [0, -10], className: 'olc-trailer-tip', opacity: 1 });
    ui.hoverTip.setLatLng(ll).setContent(body);
    if (!map.hasLayer(ui.hoverTip)) map.openTooltip(ui.hoverTip);
  }

  // Where the event's mark is drawn (fanned out from its spot if it shares it).
  function historyEventPoint(id) {
    const ev = track.eventById.get(String(id));
    if (!ev) return null;
    const layout = layoutMarks(map), k = track.events.indexOf(ev);
    const p = map.layerPointToContainerPoint([layout.ex[k] - map.getPixelOrigin().x, layout.ey[k] - map.getPixelOrigin().y]);
    return [p.x, p.y];
  }

  function trackDrawStats() {
    return {
      draws: track.drawN,
      drawMsP50: percentile(track.draws, track.drawN, 0.5),
      drawMsP95: percentile(track.draws, track.drawN, 0.95),
      drawMsMax: percentile(track.draws, track.drawN, 1),
      lastDrawMs: Math.round(track.drawn.ms * 100) / 100,
      vertices: track.drawn.vertices,
      runs: track.drawn.runs,
      totalRuns: track.runs ? track.runs.count : 0,
      parseMs: Math.round(track.parseMs * 100) / 100,
      buildMs: Math.round(track.buildMs * 100) / 100,
      loadMs: Math.round(track.loadMs * 100) / 100,
      shownMs: Math.round(track.shownMs * 100) / 100,
    };
  }

  function resetTrackStats() { track.drawN = 0; }

  // ------------------------------------------------------------------ messages from Python

  function handle(text) {
    const started = performance.now();
    let msg;
    try {
      msg = typeof text === 'string' ? JSON.parse(text) : text;
    } catch (err) {
      console.warn('OLMap: message is not JSON:', String(err));
      return false;
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) { console.warn('OLMap: message is not an object'); return false; }
    if (!map) { console.warn('OLMap: message before init ignored', msg.op); return false; }
    try {
      switch (msg.op) {
        case 'reset': reset(msg); break;
        case 'update': update(msg); break;
        case 'geofences':
          if (!Array.isArray(msg.items)) throw new Error('geofences without items');
          setGeofences(msg.items);
          break;
        case 'select': select(msg); break;
        case 'details': showDetails(msg); break;
        case 'fit': fitFleet(); break;
        case 'tiles': setTiles(msg); break;
        case 'track': loadTrack(msg, started); break;
        case 'replay': showReplay(msg); break;
        case 'clearTrack': clearTrack(); break;
        case 'place': showPlace(msg); break;
        default:
          console.warn('OLMap: unknown op ignored:', msg.op);
          return false;
      }
    } catch (err) {
      console.warn('OLMap: message', msg.op, 'rejected:', err && err.message ? err.message : String(err));
      return false;
    }
    // A message may ask to be told once a frame showing it has been painted (fleet drawn,
    // an alarm on the map): its "ack" token comes back through the bridge's drawn().
    if (typeof msg.ack === 'string') {
      const token = msg.ack;
      requestAnimationFrame(() => requestAnimationFrame(() => send('drawn', token)));
    }
    return true;
  }

  // ------------------------------------------------------------------ init

  function createPane(name, zIndex, passive) {
    const pane = map.getPane(name) || map.createPane(name);
    pane.style.zIndex = String(zIndex);
    // Drawing-only panes let every pointer event through to the map (drags, clicks, geofences).
    if (passive) pane.style.pointerEvents = 'none';
    return pane;
  }

  let initHooked = false;

  function defineClasses() {
    CanvasLayer = L.Layer.extend(canvasLayerMethods);
    TrailerLayer = CanvasLayer.extend(trailerLayerMethods);
    CityLayer = CanvasLayer.extend(cityLayerMethods);
    ActionsControl = L.Control.extend(actionsControlMethods);
    LayersControl = L.Control.extend(layersControlMethods);
    LegendControl = L.Control.extend(legendControlMethods);
    TrackLayer = CanvasLayer.extend(trackLayerMethods);
    HistoryMarksLayer = CanvasLayer.extend(marksLayerMethods);
    TrackKeyControl = L.Control.extend(trackKeyControlMethods);
  }

  function init(leafletMap, config) {
    if (map) { console.warn('OLMap.init called twice; ignored'); return OLMap; }
    L = window.L;
    if (!L) { console.error('OLMap.init: Leaflet (window.L) is not loaded'); return OLMap; }
    if (!(leafletMap instanceof L.Map)) {
      // Called before the page created its map: take the first map created from now on.
      if (!initHooked) {
        initHooked = true;
        console.warn('OLMap.init: no Leaflet map yet; waiting for the page to create one');
        L.Map.addInitHook(function () { if (!map) init(this, config); });
      }
      return OLMap;
    }
    if (!CanvasLayer) defineClasses();
    map = leafletMap;
    OLMap.map = map;
    cfg = { ...DEFAULT_CONFIG, ...(config || {}) };
    cfg.colors = { ...DEFAULT_CONFIG.colors, ...(cfg.colors || {}) };
    cfg.labels = { ...DEFAULT_CONFIG.labels, ...(cfg.labels || {}) };
    groupsCache = null;
    spriteSet = null;

    const crs = map.options.crs;
    project = crs === L.CRS.EPSG3857
      ? (lat, lon) => [mercX(lon), mercY(lat)]
      : (lat, lon) => { const p = crs.latLngToPoint(L.latLng(lat, lon), 0); const s = crs.scale(0); return [p.x / s, p.y / s]; };

    map.getContainer().classList.add('olc-map');
    createPane('olcLand', 150, true);
    createPane('olcTiles', 210, true);
    createPane('olcBasemap', 250, true);
    createPane('olcLabels', 380, true);
    createPane('olcGeofences', 410, false);
    createPane('olcTrack', 430, true);
    createPane('olcTrailers', 450, true);
    createPane('olcHistoryLabels', 455, true);
    createPane('olcHistory', 460, true);
    createPane('olcReplay', 470, true);

    layers.basemap = buildBasemap().addTo(map);
    const cities = window.OLC_BASEMAP_CITIES;
    if (Array.isArray(cities) && cities.length) layers.cities = new CityLayer(cities).addTo(map);
    layers.geofenceRenderer = L.svg({ pane: 'olcGeofences', padding: 0.3 });
    layers.geofences = L.featureGroup().addTo(map);
    layers.trailers = new TrailerLayer().addTo(map);
    // Trip history: built empty, on the map only while a track is loaded.
    layers.track = new TrackLayer();
    layers.marks = new HistoryMarksLayer();
    layers.stopLabels = L.layerGroup();
    layers.history = L.layerGroup([layers.track, layers.stopLabels, layers.marks]);
    // Labels are laid out for a zoom; after a zoom (or shown again) the marks layer redoes it.
    layers.stopLabels.on('add', () => { track.labelsDirty = true; });

    new ActionsControl().addTo(map);
    new LayersControl().addTo(map);
    new LegendControl().addTo(map);
    syncControls();

    map.on('click', onMapClick);
    map.on('mousemove', onMapMouseMove);
    map.on('mouseout dragstart zoomstart', clearHover);
    // Dragging the map means the dispatcher wants to look elsewhere: stop following.
    map.on('dragstart', () => { if (ui.follow) setFollow(false, true); });

    bridgeMode = !!cfg.bridge;
    if (bridgeMode) connectBridge();
    return OLMap;
  }

  // ------------------------------------------------------------------ test hooks

  function trailersLayerDrawn() {
    if (layers.trailers && map && map.hasLayer(layers.trailers)) layers.trailers.flush();
    return layers.trailers;
  }

  function clickAt(x, y) {
    const c = map.getContainer();
    const r = c.getBoundingClientRect();
    const sx = c.offsetWidth ? r.width / c.offsetWidth : 1, sy = c.offsetHeight ? r.height / c.offsetHeight : 1;
    const init = { bubbles: true, cancelable: true, view: window, button: 0,
      clientX: r.left + (x + c.clientLeft) * sx, clientY: r.top + (y + c.clientTop) * sy };
    return c.dispatchEvent(new MouseEvent('click', init));
  }

  function hoverAt(x, y) {
    const c = map.getContainer();
    const r = c.getBoundingClientRect();
    c.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, cancelable: true, view: window, clientX: r.left + x + c.clientLeft, clientY: r.top + y + c.clientTop }));
    if (ui.hoverFrame) { cancelAnimationFrame(ui.hoverFrame); updateHover(); }
    return hoverText();
  }

  function hoverText() {
    return ui.hoverTip && map.hasLayer(ui.hoverTip) ? ui.hoverTip.getElement().textContent : null;
  }

  const OLMap = {
    init,
    handle,
    outbox,
    frameStats,
    resetFrameStats,
    map: null,
    count: () => fleet.n,
    visibleMarkerCount: () => { const t = trailersLayerDrawn(); return t && map.hasLayer(t) ? t.visibleCount : 0; },
    clustered: () => { const t = trailersLayerDrawn(); return !!(t && map.hasLayer(t) && t.clustered); },
    selectedId: () => ui.selectedId,
    placeShown: () => (ui.place && map.hasLayer(ui.place) ? [map.getCenter().lat, map.getCenter().lng] : null),
    statusOf: (id) => {
      const slot = fleet.slotOf.get(String(id));
      return slot === undefined ? null : cfg.statuses[fleet.st[slot]] ?? null;
    },
    follow: () => ui.follow,
    screenPointOf: (id) => {
      const ll = latLngOf(id == null ? null : String(id));
      if (!ll) return null;
      const p = map.latLngToContainerPoint(ll);
      return [p.x, p.y];
    },
    clickAt,
    hoverAt,
    hoverText,
    popupText: () => (ui.popup && map && map.hasLayer(ui.popup) && ui.popupBody ? ui.popupBody.textContent : null),
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
      if (!t || !map.hasLayer(t)) return [];
      const size = map.getSize();
      return t.bubbles.map((b) => {
        const p = map.layerPointToContainerPoint([b.x, b.y]);
        return [Math.round(p.x), Math.round(p.y), b.count, b.alarms];
      }).filter((b) => b[0] >= 0 && b[1] >= 0 && b[0] <= size.x && b[1] <= size.y);
    },
    destinationId: () => ui.destinationId,
    tileLayerOn: () => !!(layers.tiles && map && map.hasLayer(layers.tiles)),
    basemapOn: () => !!(layers.basemap && map && map.hasLayer(layers.basemap)),
    // Trip history
    trackLoaded: () => track.loaded,
    trackId: () => (track.loaded ? track.id : null),
    trackPointCount: () => track.valid,
    trackDrawnSegments: () => { if (track.loaded && map.hasLayer(layers.track)) layers.track.flush(); return track.drawn.vertices; },
    trackDrawMs: () => Math.round(track.drawn.ms * 100) / 100,
    trackLoadMs: () => Math.round(track.loadMs * 100) / 100,
    trackStats: trackDrawStats,
    resetTrackStats,
    historyLayerOn: () => !!(track.loaded && map && map.hasLayer(layers.history)),
    historyEventCount: () => track.events.length,
    historyStopCount: () => track.stops.length,
    screenPointOfHistoryEvent: historyEventPoint,
    stopLabels: () => track.stops.filter((s) => s.marker && s.marker.getElement() && s.marker.getElement().style.display !== 'none').map((s) => s.labelText),
    replayPosition: () => (track.replay ? [track.replay.lat, track.replay.lon] : null),
    replayScreenPoint: () => {
      if (!layers.replay || !map.hasLayer(layers.replay)) return null;
      const p = map.latLngToContainerPoint(layers.replay.getLatLng());
      return [p.x, p.y];
    },
    flush: () => { trailersLayerDrawn(); return true; },
  };

  window.OLMap = OLMap;
}());
