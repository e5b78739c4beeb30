// @ts-check
/*
 * OpticalLock map page: popup.js — a place to look at, and the pointer: clicks and hover tips
 * (the selected trailer's card is in card.js).
 */
(function (ns) {
  'use strict';

  const { el, t } = ns.core;
  const { send } = ns.bridge;
  const { fleet, layers, page, ui } = ns.state;

  // ------------------------------------------------------------------ a place to look at

  // "Show this place": an event clicked in the lock's timeline. A ringed dot with its label (as
  // text), centred; it stays until the next place or 30 s.
  function showPlace(msg) {
    const lat = Number(msg.lat), lon = Number(msg.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw new Error('place: bad coordinates');
    }
    if (ui.place) { page.map.removeLayer(ui.place); clearTimeout(ui.placeTimer); }
    const ring = L.circleMarker([lat, lon], { radius: 14, color: '#6a1b9a', weight: 3, fill: true,
      fillColor: '#ce93d8', fillOpacity: 0.35, interactive: false });
    ui.place = L.layerGroup([ring]).addTo(page.map);
    if (msg.label != null && msg.label !== '') {
      const tip = L.tooltip({ permanent: true, direction: 'top', offset: [0, -14], className: 'olc-place-tip' })
        .setLatLng([lat, lon]).setContent(el('span', null, String(msg.label)));
      ui.place.addLayer(tip);
    }
    page.map.setView([lat, lon], Math.max(page.map.getZoom(), 11), { animate: false });
    ui.placeTimer = setTimeout(() => { if (ui.place) { page.map.removeLayer(ui.place); ui.place = null; } }, 30000);
  }

  // ------------------------------------------------------------------ pointer: click + hover

  function onMapClick(e) {
    // History marks are drawn above the live trailers, so they get the click first.
    const past = ns.historyChrome.historyHit(e.containerPoint);
    if (past && past.event) { send('historyEventClicked', past.event.id); return; }
    if (!layers.trailers || !page.map.hasLayer(layers.trailers)) return;
    const hit = layers.trailers.hitTest(e.containerPoint);
    if (!hit) return;
    if (hit.slot !== undefined) {
      send('trailerClicked', fleet.ids[hit.slot]);
    } else if (hit.bubble) {
      const center = page.map.layerPointToLatLng([hit.bubble.x, hit.bubble.y]);
      page.map.setView(center, Math.min(page.map.getZoom() + 2, page.map.getMaxZoom()));
    }
  }

  function onMapMouseMove(e) {
    ui.hoverPoint = e.containerPoint;
    if (!ui.hoverFrame) ui.hoverFrame = requestAnimationFrame(updateHover);
  }

  function clearHover() {
    ui.hoverPoint = null;
    ui.hoverKey = null;
    page.map.getContainer().classList.remove('olc-hover');
    if (ui.hoverTip && page.map.hasLayer(ui.hoverTip)) page.map.closeTooltip(ui.hoverTip);
  }

  function updateHover() {
    ui.hoverFrame = 0;
    if (!ui.hoverPoint || page.map._animatingZoom) { clearHover(); return; }
    const past = ns.historyChrome.historyHit(ui.hoverPoint);
    if (past) { ns.historyChrome.showHistoryTip(past); return; }
    if (!layers.trailers || !page.map.hasLayer(layers.trailers)) { clearHover(); return; }
    const hit = layers.trailers.hitTest(ui.hoverPoint);
    if (!hit) {
      ui.hoverKey = null;
      page.map.getContainer().classList.remove('olc-hover');
      if (ui.hoverTip && page.map.hasLayer(ui.hoverTip)) page.map.closeTooltip(ui.hoverTip);
      return;
    }
    page.map.getContainer().classList.add('olc-hover');
    const key = hit.slot !== undefined ? 's' + hit.slot : 'b' + hit.bubble.x + ',' + hit.bubble.y;
    if (key === ui.hoverKey && page.map.hasLayer(ui.hoverTip)) return;
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
      body.appendChild(el('div', 'olc-tip-id', t('groupCount', { count: b.count })));
      if (b.alarms) body.appendChild(el('div', 'olc-tip-alarm', t('groupAlarms', { count: b.alarms })));
      body.appendChild(el('div', 'olc-tip-name', t('clickToZoom')));
      ll = page.map.layerPointToLatLng([b.x, b.y]);
    }
    if (!ui.hoverTip) ui.hoverTip = L.tooltip({ direction: 'top', offset: [0, -10], className: 'olc-trailer-tip', opacity: 1 });
    ui.hoverTip.setLatLng(ll).setContent(body);
    if (!page.map.hasLayer(ui.hoverTip)) page.map.openTooltip(ui.hoverTip);
  }

  ns.popup = { clearHover, onMapClick, onMapMouseMove, showPlace, updateHover };
}(window.OLMap));
