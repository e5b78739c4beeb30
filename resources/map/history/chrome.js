// @ts-check
/*
 * OpticalLock map page: history/chrome.js — the trip history's chrome and pointer: the speed key,
 * the legend's section, the hover tips of marks, and its draw statistics (OLMap.trackStats).
 */
(function (ns) {
  'use strict';

  const { el } = ns.core;
  const { percentile } = ns.stats;
  const { legendSwatch, stop, syncControls } = ns.controls;
  const { GAP_COLOR, HISTORY_KIND, SPEED_BANDS, TRACK_CASING } = ns.historyTrack;
  const { paintHistoryGlyph, paintReplayArrow } = ns.historyGlyphs;
  const { layoutMarks } = ns.historyLayers;
  const { controls, layers, page, track, ui } = ns.state;
  const classes = ns.classes;

  // ---- chrome: the "Trip history" layer row, the speed key and the legend section

  const trackKeyControlMethods = {
    options: { position: 'bottomright' },
    onAdd() {
      const box = el('div', 'olc-panel olc-track-key');
      // The head folds and unfolds the speed bands (folded by default on a small map).
      const head = el('div', 'olc-track-key-head');
      head.title = 'Show or hide the speed colours';
      head.append(el('span', 'olc-panel-title', 'Trip history'), el('span', 'olc-track-key-id', track.id));
      L.DomEvent.on(head, 'click', () => setTrackKeyFolded(!controls.trackKeyFolded, true));
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

  function setTrackKeyFolded(on, fromUser) {
    controls.trackKeyFolded = !!on;
    if (fromUser) controls.trackKeyChosen = true;
    const box = controls.trackKey && controls.trackKey.getContainer();
    if (box) box.classList.toggle('olc-collapsed', controls.trackKeyFolded);
    if (ns.card) ns.card.relayout();
  }

  function setTrackChrome(on) {
    if (on) {
      if (controls.trackKey) controls.trackKey.remove();
      controls.trackKey = new classes.TrackKeyControl().addTo(page.map);
      setTrackKeyFolded(controls.trackKeyChosen ? controls.trackKeyFolded : ns.controls.smallMap(), false);
    } else if (controls.trackKey) {
      controls.trackKey.remove();
      controls.trackKey = null;
    }
    if (controls.legendHistory) controls.legendHistory.hidden = !on;
    syncControls();
    if (ns.card) ns.card.relayout();
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
    if (!track.loaded || !layers.marks || !page.map.hasLayer(layers.marks)) return null;
    return layers.marks.hitTest(containerPoint);
  }

  function showHistoryTip(hit) {
    page.map.getContainer().classList.add('olc-hover');
    const key = hit.event ? 'e' + hit.event.id : 'h' + hit.stop.index;
    if (key === ui.hoverKey && ui.hoverTip && page.map.hasLayer(ui.hoverTip)) return;
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
    if (!page.map.hasLayer(ui.hoverTip)) page.map.openTooltip(ui.hoverTip);
  }

  // Where the event's mark is drawn (fanned out from its spot if it shares it).
  function historyEventPoint(id) {
    const ev = track.eventById.get(String(id));
    if (!ev) return null;
    const layout = layoutMarks(page.map), k = track.events.indexOf(ev);
    const p = page.map.layerPointToContainerPoint([layout.ex[k] - page.map.getPixelOrigin().x, layout.ey[k] - page.map.getPixelOrigin().y]);
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

  ns.trackStats = trackDrawStats;
  ns.resetTrackStats = resetTrackStats;
  ns.historyChrome = { buildLegendHistory, historyEventPoint, historyHit, resetTrackStats, setTrackChrome, setTrackKeyFolded, showHistoryTip, trackDrawStats, trackKeyControlMethods };
}(window.OLMap));
