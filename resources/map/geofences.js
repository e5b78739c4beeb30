// @ts-check
/*
 * OpticalLock map page: geofences.js — terminals, customer sites and border crossings (SVG,
 * with text tooltips), and the selected trailer's trip destination.
 */
(function (ns) {
  'use strict';

  const { el, finite, label } = ns.core;
  const { layers, ui } = ns.state;

  const GEOFENCE_STYLE = {
    terminal: { color: '#5e35b1', weight: 1.5, fillColor: '#7e57c2', fillOpacity: 0.12, dashArray: null },
    customer_site: { color: '#00796b', weight: 1.2, fillColor: '#26a69a', fillOpacity: 0.10, dashArray: null },
    border_crossing: { color: '#6d4c41', weight: 2.2, fillColor: '#a1887f', fillOpacity: 0.14, dashArray: '6 4' },
    _default: { color: '#546e7a', weight: 1.2, fillColor: '#90a4ae', fillOpacity: 0.10, dashArray: null },
  };
  const DESTINATION_STYLE = { color: '#0277bd', weight: 4, fillColor: '#29b6f6', fillOpacity: 0.22, dashArray: null };
  // A kind's words (core.js strings); a kind we do not know is shown as the cloud wrote it.
  const KIND_KEY = { terminal: 'terminal', customer_site: 'customerSite', border_crossing: 'borderCrossing' };

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
    const kind = el('div', 'olc-geofence-kind');
    if (Object.hasOwn(KIND_KEY, item.kind)) label(kind, KIND_KEY[item.kind]);
    else kind.textContent = String(item.kind ?? '');
    tip.appendChild(kind);
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

  ns.geofences = { DESTINATION_STYLE, GEOFENCE_STYLE, KIND_KEY, applyDestination, setGeofences };
}(window.OLMap));
