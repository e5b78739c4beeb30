// @ts-check
/*
 * OpticalLock map page: basemap.js — the offline basemap (country land and borders, US
 * states, city labels from resources/basemap) and the optional online tiles.
 */
(function (ns) {
  'use strict';

  const { escapeHtml, finite, palette } = ns.core;
  const { layers, page } = ns.state;
  const classes = ns.classes;

  // classes.CityLayer = classes.CanvasLayer.extend(cityLayerMethods), in init.js: dots and names, bigger cities first.
  const cityLayerMethods = {
    options: { pane: 'olcLabels', padding: 0.2 },

    initialize(rows, options) {
      classes.CanvasLayer.prototype.initialize.call(this, options);
      // Biggest first: where labels collide, the bigger city keeps its label.
      this.cities = rows
        .filter((r) => Array.isArray(r) && finite(r[1]) && finite(r[2]))
        .map((r) => ({ name: String(r[0] ?? ''), lat: r[1], lon: r[2], pop: finite(r[3]) ? r[3] : 0, w: page.project(r[1], r[2]), tw: -1 }))
        .sort((a, b) => b.pop - a.pop);
    },

    _draw(ctx, b) {
      const m = this._map;
      const zoom = m.getZoom();
      if (zoom < 4) return;
      const minPop = zoom >= 6 ? 0 : 1000000;
      const scale = m.options.crs.scale(zoom), o = m.getPixelOrigin();
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      const taken = new Map();  // 32 px cells already holding a label box
      const cell = 32;
      const placed = [];
      for (const c of this.cities) {
        if (c.pop < minPop) break;
        const x = c.w[0] * scale - o.x, y = c.w[1] * scale - o.y;
        if (x < b.min.x || x > b.max.x || y < b.min.y || y > b.max.y) continue;
        if (c.tw < 0) c.tw = ctx.measureText(c.name).width;
        const box = [x - 3, y - 7, x + 6 + c.tw, y + 7];
        const keys = [];
        let free = true;
        for (let cy = Math.floor(box[1] / cell); cy <= Math.floor(box[3] / cell) && free; cy++) {
          for (let cx = Math.floor(box[0] / cell); cx <= Math.floor(box[2] / cell); cx++) {
            const key = cx * 1048576 + cy;
            const list = taken.get(key);
            if (list && list.some((q) => q[0] < box[2] && q[2] > box[0] && q[1] < box[3] && q[3] > box[1])) { free = false; break; }
            keys.push(key);
          }
        }
        if (!free) continue;
        for (const key of keys) { const list = taken.get(key); if (list) list.push(box); else taken.set(key, [box]); }
        placed.push([x, y, c]);
        if (placed.length >= 600) break;
      }
      ctx.beginPath();
      for (const [x, y] of placed) { ctx.moveTo(x + 2.5, y); ctx.arc(x, y, 2.5, 0, 2 * Math.PI); }
      ctx.fillStyle = palette.cityDot; ctx.fill();
      ctx.strokeStyle = palette.labelHalo; ctx.lineWidth = 1; ctx.stroke();
      ctx.lineJoin = 'round';
      for (const [x, y, c] of placed) {
        ctx.strokeStyle = palette.labelHalo; ctx.lineWidth = 3;
        ctx.strokeText(c.name, x + 5, y);
        ctx.fillStyle = palette.labels;
        ctx.fillText(c.name, x + 5, y);
      }
    },
  };

  // ------------------------------------------------------------------ basemap

  function featureCollection(data) {
    return data && typeof data === 'object' && Array.isArray(data.features) ? data : null;
  }

  const isArea = (f) => !!(f && f.geometry && /Polygon|LineString/.test(f.geometry.type));

  function buildBasemap() {
    const group = L.layerGroup();
    const landRenderer = L.canvas({ padding: 0.5, pane: 'olcLand' });
    const lineRenderer = L.canvas({ padding: 0.5, pane: 'olcBasemap' });
    // Each part is kept (layers.basemapParts) so that a theme can restyle it.
    const add = (data, options, what) => {
      try {
        const layer = L.geoJSON(data, { interactive: false, filter: isArea, ...options });
        group.addLayer(layer);
        layers.basemapParts[what] = layer;
      } catch (err) {
        console.warn('OLMap: basemap', what, 'not drawn:', err);
      }
    };
    const countries = featureCollection(window.OLC_BASEMAP_COUNTRIES);
    if (countries) {
      // Land under the tiles (so loaded tiles cover it), borders above them (always visible).
      add(countries, { renderer: landRenderer, pane: 'olcLand', style: { stroke: false, fill: true, fillColor: palette.land, fillOpacity: 1 } }, 'land');
      add(countries, { renderer: lineRenderer, pane: 'olcBasemap', style: { color: palette.borders, weight: 1, fill: false } }, 'borders');
    } else {
      console.warn('OLMap: no country basemap (OLC_BASEMAP_COUNTRIES missing)');
    }
    const states = featureCollection(window.OLC_BASEMAP_STATES);
    if (states) add(states, { renderer: lineRenderer, pane: 'olcBasemap', style: { color: palette.stateLines, weight: 0.7, fill: false } }, 'states');
    return group;
  }

  // ------------------------------------------------------------------ online tiles

  function setTiles(msg) {
    if (layers.tiles) { page.map.removeLayer(layers.tiles); layers.tiles = null; }
    const url = msg.url;
    layers.tilesConfigured = typeof url === 'string' && /^https?:\/\//i.test(url);
    if (url != null && !layers.tilesConfigured) console.warn('OLMap: tiles url ignored (http/https only)');
    if (layers.tilesConfigured) {
      layers.tiles = L.tileLayer(url, {
        pane: 'olcTiles',
        maxZoom: finite(msg.maxZoom) ? msg.maxZoom : 19,
        // The attribution control renders HTML: escape the text we were given.
        attribution: msg.attribution ? escapeHtml(msg.attribution) : '',
        crossOrigin: false,
      });
      // A tile that fails stays invisible and the offline basemap shows through; nothing to do.
      layers.tiles.on('tileerror', () => {});
      if (!page.map.attributionControl) page.map.attributionControl = L.control.attribution().addTo(page.map);
      layers.tiles.addTo(page.map);
    }
    ns.controls.syncControls();
  }

  ns.basemap = { buildBasemap, cityLayerMethods, setTiles };
}(window.OLMap));
