// @ts-check
/*
 * OpticalLock map page: history/chrome.js — the trip history's chrome and pointer: the speed key,
 * the legend's section, the hover tips of marks, and its draw statistics (OLMap.trackStats).
 */
(function (ns) {
  'use strict';

  const { el, label, t } = ns.core;
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
      label(head, 'speedKeyTip', 'title');
      head.append(label(el('span', 'olc-panel-title'), 'tripHistory'), el('span', 'olc-track-key-id', track.id));
      L.DomEvent.on(head, 'click', () => setTrackKeyFolded(!controls.trackKeyFolded, true));
      box.appendChild(head);
      const row = el('div', 'olc-track-key-bands');
      SPEED_BANDS.forEach((band) => {
        const item = el('span', 'olc-track-key-band');
        label(item, band.key, 'title');
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
    box.appendChild(label(el('div', 'olc-panel-title olc-legend-gap'), 'tripHistory'));
    const row = (swatch, words) => {
      const r = el('div', 'olc-legend-row');
      r.append(swatch, label(el('span'), words));
      box.appendChild(r);
    };
    for (const band of SPEED_BANDS) row(lineSwatch(band.color), band.key);
    row(lineSwatch(GAP_COLOR, true), 'noFixGap');
    row(legendSwatch((ctx, x, y) => paintHistoryGlyph(ctx, 'start', x, y)), 'periodStart');
    row(legendSwatch((ctx, x, y) => paintHistoryGlyph(ctx, 'end', x, y)), 'periodEnd');
    row(legendSwatch((ctx, x, y) => paintHistoryGlyph(ctx, 'stop', x, y)), 'stopWithDuration');
    for (const kind of ['unlock', 'lock', 'tamper', 'alarm', 'geofence', '_other']) {
      row(legendSwatch((ctx, x, y) => paintHistoryGlyph(ctx, kind, x, y)), kind === '_other' ? 'eventOtherLegend' : HISTORY_KIND[kind].key);
    }
    row(legendSwatch((ctx, x, y) => { ctx.save(); ctx.translate(x, y); ctx.scale(0.8, 0.8); paintReplayArrow(ctx, 0, 0); ctx.restore(); }), 'replayPosition');
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
      body.appendChild(el('div', 'olc-tip-id', t((HISTORY_KIND[ev.glyph] || HISTORY_KIND._other).key)));
      if (ev.label) body.appendChild(el('div', 'olc-tip-name', ev.label));
      body.appendChild(el('div', 'olc-tip-hint', t('replayFromHere')));
      ll = L.latLng(ev.lat, ev.lon);
    } else {
      const s = hit.stop;
      body.appendChild(el('div', 'olc-tip-id', s.labelText ? t('stopFor', { duration: s.labelText }) : t('stop')));
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
