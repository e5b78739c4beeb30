// @ts-check
/*
 * OpticalLock map page: trailer-layer.js — every trailer on one canvas: projection, clustering into
 * count bubbles at low zoom, the selected trailer on top, hit tests for clicks and hover, and the
 * alarm pulse.
 */
(function (ns) {
  'use strict';

  const { statusColor, statusName } = ns.core;
  const { pushSample, stats } = ns.stats;
  const { DRAW_RANK, blit, bubbleRadius, bubbleSprite, paintAlarmBadge, paintBubbleCount, paintGroup, paintSelectionRing, spriteFor, sprites } = ns.sprites;
  const { fleet, page, ui } = ns.state;
  const classes = ns.classes;

  const HIT_RADIUS = 10;       // px: how far from a marker a click still picks it
  const CLUSTER_CELL = 48;     // px: screen grid of the count bubbles
  const PULSE_MS = 83;         // ~12 fps for the alarm pulse
  const PULSE_PERIOD = 1400;   // ms for one ring to expand and fade
  const PULSE_MAX_R = 17;      // px: largest pulse ring radius

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

  // classes.TrailerLayer = classes.CanvasLayer.extend(trailerLayerMethods), in init.js: every trailer on one canvas.
  const trailerLayerMethods = {
    options: { pane: 'olcTrailers', padding: 0.25 },

    initialize(options) {
      classes.CanvasLayer.prototype.initialize.call(this, options);
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
      classes.CanvasLayer.prototype.onRemove.call(this, m);
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
      this.clustered = zoom < page.cfg.clusterBelowZoom && inView > page.cfg.clusterMinCount;

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
      const alarmCode = page.cfg.statuses.indexOf('alarm');
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
      const alarmCode = page.cfg.statuses.indexOf('alarm');
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
  const groupsCache = { groups: null };
  function forgetStatusGroups() { groupsCache.groups = null; }
  function statusGroups() {
    if (groupsCache.groups) return groupsCache.groups;
    const names = page.cfg.statuses.slice();
    const rank = (name) => (name in DRAW_RANK ? DRAW_RANK[name] : 3);
    const order = names.map((name, code) => ({ name, code })).sort((a, b) => rank(a.name) - rank(b.name));
    const groups = order.map((g) => ({ name: g.name, color: statusColor(g.name) }));
    // Codes the config does not name get their own neutral group, drawn first.
    groups.unshift({ name: '_unknown', color: '#607d8b' });
    groups.rankOf = new Uint8Array(256);
    order.forEach((g, i) => { groups.rankOf[g.code] = i + 1; });
    groupsCache.groups = groups;
    return groups;
  }

  ns.trailerLayer = { forgetStatusGroups, trailerLayerMethods };
}(window.OLMap));
