// @ts-check
/*
 * OpticalLock map page: history/glyphs.js — the trip history's glyphs (start, end, stop, lock and
 * seal events, alarms, the replay arrow), shared by the map's sprites and the legend.
 */
(function (ns) {
  'use strict';

  const { OUTLINE } = ns.core;
  const { HISTORY_KIND } = ns.historyTrack;

  // Shared by the map, the sprites and the legend.

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

  ns.historyGlyphs = { glyphSprite, paintHistoryGlyph, paintReplayArrow };
}(window.OLMap));
