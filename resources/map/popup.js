// @ts-check
/*
 * OpticalLock map page: popup.js — the selected trailer's popup (its lines as text, the
 * Acknowledge and contact buttons), a place to look at, and the pointer: clicks and hover tips.
 */
(function (ns) {
  'use strict';

  const { el } = ns.core;
  const { send } = ns.bridge;
  const { latLngOf } = ns.trailers;
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
      /** @type {Array<[string, 'messageDriverRequested' | 'callDriverRequested']>} */
      const buttons = [['Message driver…', 'messageDriverRequested'], ['Call driver…', 'callDriverRequested']];
      for (const [text, slot] of buttons) {
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
    const open = ui.popup && page.map.hasLayer(ui.popup);
    if (ui.popup) {
      // A short map (a 720-px window) scrolls the card instead of cutting it off.
      ui.popup.options.maxHeight = popupMaxHeight();
    }
    if (open && ui.popupId === id) {
      ui.popup.setContent(body);  // refresh in place: no flicker, no auto-pan
    } else {
      if (!ui.popup) {
        ui.popup = L.popup({ className: 'olc-popup-wrap', offset: [0, -8], maxWidth: 340, minWidth: 220,
          maxHeight: popupMaxHeight(), autoPanPadding: [40, 40] });
        ui.popup.on('remove', () => { ui.popupId = null; ui.popupBody = null; });
      }
      ui.popup.setLatLng(ll).setContent(body);
      ui.popup.openOn(page.map);
    }
    ui.popupId = id;
    ui.popupBody = body;
  }

  /** The card's height limit: the map's height less room for its tip and the auto-pan margin.
   * @returns {number} */
  function popupMaxHeight() {
    return Math.max(140, page.map.getSize().y - 110);
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
      body.appendChild(el('div', 'olc-tip-id', `${b.count} trailers`));
      if (b.alarms) body.appendChild(el('div', 'olc-tip-alarm', `${b.alarms} in alarm`));
      body.appendChild(el('div', 'olc-tip-name', 'Click to zoom in'));
      ll = page.map.layerPointToLatLng([b.x, b.y]);
    }
    if (!ui.hoverTip) ui.hoverTip = L.tooltip({ direction: 'top', offset: [0, -10], className: 'olc-trailer-tip', opacity: 1 });
    ui.hoverTip.setLatLng(ll).setContent(body);
    if (!page.map.hasLayer(ui.hoverTip)) page.map.openTooltip(ui.hoverTip);
  }

  ns.popup = { clearHover, onMapClick, onMapMouseMove, showDetails, showPlace, updateHover };
}(window.OLMap));
