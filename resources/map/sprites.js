// @ts-check
/*
 * OpticalLock map page: sprites.js — marker painting (shapes per status, count bubbles)
 * and the sprites that make 10,000 markers one putImageData: each marker is rasterised once and
 * blitted in JS.
 */
(function (ns) {
  'use strict';
  const { palette, statusColor } = ns.core;
  const { page } = ns.state;

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
      ctx.strokeStyle = palette.outline; ctx.lineWidth = m.lw + 2; ctx.stroke();
      ctx.strokeStyle = color; ctx.lineWidth = m.lw; ctx.stroke();
      return;
    }
    ctx.fillStyle = color; ctx.fill();
    ctx.strokeStyle = palette.outline; ctx.lineWidth = 1; ctx.stroke();
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



  function paintSelectionRing(ctx, x, y, r = 12) {
    ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.strokeStyle = '#fff'; ctx.lineWidth = 5; ctx.stroke();
    ctx.strokeStyle = palette.selected; ctx.lineWidth = 2.5; ctx.stroke();
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

  // ------------------------------------------------------------------ marker sprites

  // Filling thousands of small vector paths is slow on Chromium's software canvas (~15 µs per
  // arrow, ~40 µs per double-stroked hollow mark). So each marker is rasterised once, by the same
  // paintGroup code the legend uses, and individual markers are blitted in JS into an ImageData
  // (~1 µs each), which goes to the canvas with one putImageData.
  const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const A_SHIFT = LITTLE_ENDIAN ? 24 : 0;               // where alpha sits in a Uint32 RGBA pixel
  const C_SHIFTS = LITTLE_ENDIAN ? [0, 8, 16] : [8, 16, 24];
  const HEADING_STEPS = 72;                             // moving arrows: one sprite per 5°

  const cache = {
    /** @type {any} {dpr, byCode: [[sprite per heading step] per status code]} */
    markers: null,
    /** @type {Map<string, HTMLCanvasElement>} count bubble discs by radius, alarm, dpr */
    bubbles: new Map(),
  };

  // The configuration (status names, colours) changed: markers are rasterised again.
  function forgetSprites() { cache.markers = null; }

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
    if (cache.markers && cache.markers.dpr === dpr) return cache.markers;
    // Codes the config does not name share one neutral sprite.
    const byCode = new Array(256).fill([makeSprite('_unknown', '#607d8b', 0, dpr)]);
    page.cfg.statuses.slice(0, 256).forEach((name, code) => {
      const steps = (MARKER[name] || MARKER._default).shape === 'arrow' ? HEADING_STEPS : 1;
      const list = [];
      for (let h = 0; h < steps; h++) list.push(makeSprite(name, statusColor(name), h * 360 / HEADING_STEPS, dpr));
      byCode[code] = list;
    });
    cache.markers = { dpr, byCode };
    return cache.markers;
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
  function bubbleSprite(r, alarm, alarmColor, dpr) {
    const key = `${r}|${alarm ? 1 : 0}|${dpr}`;
    let c = cache.bubbles.get(key);
    if (c) return c;
    const size = Math.ceil((2 * r + 6) * dpr);
    c = document.createElement('canvas');
    c.width = size; c.height = size;
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintBubbleDisc(ctx, size / 2 / dpr, size / 2 / dpr, r, alarm, alarmColor);
    cache.bubbles.set(key, c);
    return c;
  }

  ns.sprites = { DRAW_RANK, blit, bubbleRadius, bubbleSprite, paintAlarmBadge, paintBubbleCount, paintBubbleDisc, paintGroup, paintSelectionRing, forgetSprites, spriteFor, sprites };
}(window.OLMap));
