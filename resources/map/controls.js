// @ts-check
/*
 * OpticalLock map page: controls.js — the map's own controls: Fit fleet and Follow selected,
 * the Layers panel, and the legend (painted by the same code as the markers).
 *
 * On a small map (a 1280x720 window leaves about 570 x 270 px) every panel folds to one line:
 * the Layers panel to its title (Leaflet's collapsed layers control, opened by a click), the
 * legend to its summary, the trip's speed key to its title; the buttons sit side by side.
 */
(function (ns) {
  'use strict';

  const { el, label, relabel, statusColor, setStrings, unlabel } = ns.core;
  const { send } = ns.bridge;
  const { paintBubbleCount, paintBubbleDisc, paintGroup, paintSelectionRing } = ns.sprites;
  const { DESTINATION_STYLE, GEOFENCE_STYLE, KIND_KEY } = ns.geofences;
  const { fitFleet, setFollow } = ns.trailers;
  const { controls, layers, page, track, ui } = ns.state;

  /** Whether the map is small: panels start folded, buttons side by side. @returns {boolean} */
  function smallMap() {
    const size = page.map.getSize();
    return size.x < 760 || size.y < 440;
  }

  function stop(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
  }

  const actionsControlMethods = {
    options: { position: 'topright' },
    onAdd() {
      const box = el('div', 'leaflet-bar olc-panel olc-actions');
      const fit = label(label(el('button', 'olc-button'), 'fitFleet'), 'fitFleetTip', 'title');
      fit.type = 'button';
      L.DomEvent.on(fit, 'click', (e) => { L.DomEvent.preventDefault(e); fitFleet(); send('fitRequested'); });
      const follow = label(label(el('button', 'olc-button olc-toggle'), 'followSelected'), 'followSelectedTip', 'title');
      follow.type = 'button';
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
      // The title folds and unfolds the panel (folded by default on a small map).
      const title = label(label(el('button', 'olc-panel-title olc-fold-title'), 'layers'), 'layersTip', 'title');
      title.type = 'button';
      L.DomEvent.on(title, 'click', (e) => { L.DomEvent.preventDefault(e); setLayersCollapsed(!controls.layersCollapsed, true); });
      box.appendChild(title);
      controls.layersBox = box;
      controls.layersTitle = title;
      const row = (key, words, toggle) => {
        const check = el('label', 'olc-check');
        const input = el('input');
        input.type = 'checkbox';
        L.DomEvent.on(input, 'change', () => { toggle(input.checked); syncControls(); });
        check.append(input, label(el('span'), words));
        box.appendChild(check);
        controls.checks[key] = input;
        return check;
      };
      const layerToggle = (layer) => (on) => { if (on) page.map.addLayer(layer); else page.map.removeLayer(layer); };
      row('trailers', 'trailers', layerToggle(layers.trailers));
      row('geofences', 'geofences', layerToggle(layers.geofences));
      row('basemap', 'basemap', layerToggle(layers.basemap));
      row('cities', 'cityLabels', (on) => { if (layers.cities) layerToggle(layers.cities)(on); });
      controls.tilesRow = row('tiles', 'onlineTiles', (on) => { if (layers.tiles) layerToggle(layers.tiles)(on); });
      controls.historyRow = row('history', 'tripHistory', (on) => { if (track.loaded) layerToggle(layers.history)(on); });
      stop(box);
      return box;
    },
  };

  function setLayersCollapsed(on, fromUser) {
    controls.layersCollapsed = !!on;
    if (fromUser) controls.layersChosen = true;
    const box = controls.layersBox;
    if (!box) return;
    box.classList.toggle('olc-collapsed', controls.layersCollapsed);
    controls.layersTitle.setAttribute('aria-expanded', String(!controls.layersCollapsed));
    if (ns.card) ns.card.relayout();
  }

  // The map changed size: fold or unfold what the dispatcher has not folded or unfolded himself.
  function fitControlsToSize() {
    const small = smallMap();
    page.map.getContainer().classList.toggle('olc-small', small);
    if (!controls.layersChosen) setLayersCollapsed(small, false);
    if (controls.trackKey && !controls.trackKeyChosen) ns.historyChrome.setTrackKeyFolded(small, false);
  }

  function syncControls() {
    const c = controls.checks;
    if (!c.trailers) return;
    c.trailers.checked = page.map.hasLayer(layers.trailers);
    c.geofences.checked = page.map.hasLayer(layers.geofences);
    c.basemap.checked = page.map.hasLayer(layers.basemap);
    c.cities.checked = !!layers.cities && page.map.hasLayer(layers.cities);
    c.cities.disabled = !layers.cities;
    if (layers.cities) unlabel(c.cities.parentNode, 'title');
    else label(c.cities.parentNode, 'noCityData', 'title');
    c.tiles.checked = !!layers.tiles && page.map.hasLayer(layers.tiles);
    controls.tilesRow.style.display = layers.tilesConfigured ? '' : 'none';
    c.history.checked = track.loaded && page.map.hasLayer(layers.history);
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
      details.appendChild(label(el('summary', 'olc-panel-title olc-legend-summary'), 'legend'));
      const box = el('div', 'olc-legend-body');
      details.appendChild(box);
      box.appendChild(label(el('div', 'olc-panel-title'), 'trailers'));
      const row = (swatch, words) => {
        const r = el('div', 'olc-legend-row');
        r.append(swatch, label(el('span'), words));
        box.appendChild(r);
      };
      // Same painting code as the map, so the legend can never disagree with the markers.
      for (const name of page.cfg.statuses) {
        row(legendSwatch((ctx, x, y) => paintGroup(ctx, name, statusColor(name), new Float32Array([x, y, 45]), 1)),
          'status:' + name);
      }
      row(legendSwatch((ctx, x, y) => { paintSelectionRing(ctx, x, y, 8.5); paintGroup(ctx, 'parked', statusColor('parked'), new Float32Array([x, y, 0]), 1); }), 'selected');
      row(legendSwatch((ctx, x, y) => { paintBubbleDisc(ctx, x, y, 10, false); paintBubbleCount(ctx, x, y, 12); }), 'group');
      row(legendSwatch((ctx, x, y) => { paintBubbleDisc(ctx, x, y, 9, true, statusColor('alarm')); paintBubbleCount(ctx, x, y, 9); }), 'groupWithAlarms');
      box.appendChild(label(el('div', 'olc-panel-title olc-legend-gap'), 'geofences'));
      const fenceSwatch = (s) => legendSwatch((ctx) => {
        ctx.beginPath(); ctx.rect(3.5, 5.5, 15, 11);
        ctx.globalAlpha = s.fillOpacity * 2; ctx.fillStyle = s.fillColor; ctx.fill(); ctx.globalAlpha = 1;
        ctx.setLineDash(s.dashArray ? s.dashArray.split(' ').map(Number).map((v) => v / 2) : []);
        ctx.strokeStyle = s.color; ctx.lineWidth = Math.min(s.weight, 3); ctx.stroke();
      });
      row(fenceSwatch(GEOFENCE_STYLE.terminal), KIND_KEY.terminal);
      row(fenceSwatch(GEOFENCE_STYLE.customer_site), KIND_KEY.customer_site);
      row(fenceSwatch(GEOFENCE_STYLE.border_crossing), KIND_KEY.border_crossing);
      row(fenceSwatch(DESTINATION_STYLE), 'tripDestination');
      controls.legendHistory = ns.historyChrome.buildLegendHistory();
      controls.legendHistory.hidden = !track.loaded;
      box.appendChild(controls.legendHistory);
      stop(details);
      return details;
    },
  };

  // Leaflet's own zoom buttons (folium adds them) carry English titles: ours instead.
  function labelLeafletControls() {
    const zoom = page.map.zoomControl;
    if (!zoom) return;
    for (const [button, key] of [[zoom._zoomInButton, 'zoomIn'], [zoom._zoomOutButton, 'zoomOut']]) {
      if (button) label(label(button, key, 'title'), key, 'aria-label');
    }
  }

  /**
   * A strings message: take the words, then put them on what is already on the page in place
   * (no control is rebuilt: the Layers checkboxes, what is folded and the selection stay).
   * @param {{ strings: {[key: string]: unknown}, statuses?: {[status: string]: unknown} }} msg
   */
  function applyStrings(msg) {
    if (!msg.strings || typeof msg.strings !== 'object' || Array.isArray(msg.strings)) throw new Error('strings without strings');
    if (msg.statuses != null && (typeof msg.statuses !== 'object' || Array.isArray(msg.statuses))) throw new Error('strings: statuses must be an object');
    setStrings(msg.strings, msg.statuses);
    relabel(page.map.getContainer());
    // Tooltips are outside the page until they open (geofences: hover), or built per hover.
    for (const layer of layers.geofenceById.values()) {
      const tip = layer.getTooltip && layer.getTooltip();
      const content = tip && tip.getContent();
      if (content instanceof HTMLElement) relabel(content);
    }
    if (ns.popup) ns.popup.clearHover();
    syncControls();
    // Longer or shorter words: the folded panels and the card find their places again.
    if (ns.card) ns.card.relayout();
  }

  ns.controls = { actionsControlMethods, applyStrings, fitControlsToSize, labelLeafletControls, layersControlMethods, legendControlMethods, legendSwatch, setLayersCollapsed, smallMap, stop, syncControls };
}(window.OLMap));
