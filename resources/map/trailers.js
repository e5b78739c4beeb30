// @ts-check
/*
 * OpticalLock map page: trailers.js — the fleet's data (reset, update: typed arrays, one slot
 * per trailer), selection, Follow selected and Fit fleet.
 */
(function (ns) {
  'use strict';

  const { finite, num } = ns.core;
  const { send } = ns.bridge;
  const { noteDataArrived } = ns.stats;
  const { applyDestination } = ns.geofences;
  const { controls, fleet, layers, page, ui } = ns.state;

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
    if (ui.popupId !== null && !fleet.slotOf.has(ui.popupId)) ns.card.hideCard();
    afterDataChange(null);
  }

  function setSlot(f, i, lat, lon, hdg, st) {
    const la = num(lat), lo = num(lon);
    const ok = Number.isFinite(la) && Number.isFinite(lo) && la >= -90 && la <= 90 && lo >= -180 && lo <= 180;
    f.lat[i] = ok ? la : NaN;
    f.lon[i] = ok ? lo : NaN;
    if (ok) { const w = page.project(la, lo); f.wx[i] = w[0]; f.wy[i] = w[1]; } else { f.wx[i] = NaN; f.wy[i] = NaN; }
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
    if (movedSelected === null) return;
    if (ui.follow) followSelected();
    else if (underCard(ui.selectedId)) ns.card.panClear(latLngOf(ui.selectedId), false, true);
  }

  // Whether the trailer is drawn under the selected trailer's card (it drove there).
  function underCard(id) {
    const ll = latLngOf(id);
    if (!ll || !ui.card || ui.card.hidden) return false;
    const p = page.map.latLngToContainerPoint(ll);
    const box = ui.card.getBoundingClientRect(), map = page.map.getContainer().getBoundingClientRect();
    const x = p.x + map.left, y = p.y + map.top, m = 12;
    return x > box.left - m && x < box.right + m && y > box.top - m && y < box.bottom + m;
  }

  function latLngOf(id) {
    const i = id === null ? undefined : fleet.slotOf.get(id);
    if (i === undefined || !Number.isFinite(fleet.lat[i])) return null;
    return L.latLng(fleet.lat[i], fleet.lon[i]);
  }

  // ------------------------------------------------------------------ selection, follow, fit

  function select(msg) {
    const id = msg.id == null ? null : String(msg.id);
    if (id !== ui.selectedId) {
      // Another trailer (or none): the card goes with the old one; the new one's card docks
      // on the side away from it, and the map centres it in what the card leaves clear.
      ns.card.hideCard();
      ui.cardSide = ns.card.sideFor(id);
      ui.cardSideFor = id;
    }
    ui.selectedId = id;
    applyDestination(msg.destination == null ? null : String(msg.destination));
    if (typeof msg.follow === 'boolean') setFollow(msg.follow, false);
    if (layers.trailers) layers.trailers.redraw();
    const ll = latLngOf(id);
    if (ll && (msg.pan || ui.follow)) ns.card.panClear(ll, true, false);
  }

  // Keep the selected trailer in the middle of what the card and the controls leave clear.
  function followSelected() {
    const ll = latLngOf(ui.selectedId);
    if (ll) ns.card.panClear(ll, true, true);
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
    if (s === nth && w === e) page.map.setView([s, w], Math.max(page.map.getZoom(), 11));
    else page.map.fitBounds([[s, w], [nth, e]], { padding: [40, 40], maxZoom: 12 });
    return true;
  }

  ns.trailers = { fitFleet, latLngOf, reset, select, setFollow, update };
}(window.OLMap));
