// @ts-check
/*
 * OpticalLock map page: theme.js — the map's colours switched live (a dark night theme, a light
 * day one): the basemap (water, land, borders, labels), the trailers' outline, selection ring and
 * status colours, the track's casing, and the controls, legend and card (CSS variables).
 *
 * Python sends {"op": "theme", "colors": {...}} (maps/theme.py: the keys and the built-in sets).
 * Every value must be a CSS colour written as #rgb, #rrggbb, #rrggbbaa or rgb()/rgba() with
 * numbers: anything else is refused by key (a console warning), the rest applied.
 */
(function (ns) {
  'use strict';

  const { palette } = ns.core;
  const { forgetSprites } = ns.sprites;
  const { forgetStatusGroups } = ns.trailerLayer;
  const { controls, layers, page, track } = ns.state;

  const COLOR = /^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|rgba?\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*(,\s*(0|1|0?\.\d+)\s*)?\))$/;

  // Theme key -> where it goes: a palette entry (painted by the canvas layers) and/or a CSS
  // variable on the map container (fleet.css).
  const TO_PALETTE = {
    water: 'ocean', land: 'land', borders: 'borders', state_lines: 'stateLines', labels: 'labels',
    label_halo: 'labelHalo', city_dot: 'cityDot', marker_outline: 'outline', selected: 'selected',
    track_casing: 'trackCasing',
  };
  const TO_CSS = {
    water: '--olc-ocean', panel: '--olc-panel-bg', panel_text: '--olc-panel-fg',
    panel_muted: '--olc-panel-muted', panel_border: '--olc-panel-border', button: '--olc-button-bg',
    accent: '--olc-accent', alarm_background: '--olc-alarm-bg', alarm_text: '--olc-alarm-fg',
  };

  /** The theme's keys (the ones Python may send), statuses included. @returns {string[]} */
  function themeKeys() {
    return [...new Set([...Object.keys(TO_PALETTE), ...Object.keys(TO_CSS), ...page.cfg.statuses])];
  }

  function setTheme(colors) {
    if (!colors || typeof colors !== 'object' || Array.isArray(colors)) throw new Error('theme without colors');
    const statuses = new Set(page.cfg.statuses);
    let applied = 0, statusChanged = false;
    const container = page.map.getContainer();
    for (const [key, value] of Object.entries(colors)) {
      const known = Object.hasOwn(TO_PALETTE, key) || Object.hasOwn(TO_CSS, key) || statuses.has(key);
      if (!known) continue;  // a key for someone else (roads: this basemap has none)
      if (typeof value !== 'string' || !COLOR.test(value.trim())) {
        console.warn('OLMap: theme colour refused:', key);
        continue;
      }
      const color = value.trim();
      if (Object.hasOwn(TO_PALETTE, key)) palette[TO_PALETTE[key]] = color;
      if (Object.hasOwn(TO_CSS, key)) container.style.setProperty(TO_CSS[key], color);
      if (statuses.has(key) && page.cfg.colors[key] !== color) {
        page.cfg.colors = { ...page.cfg.colors, [key]: color };
        statusChanged = true;
      }
      applied++;
    }
    if (!applied) throw new Error('theme: no colour applied');
    if (Object.hasOwn(colors, 'borders') && !Object.hasOwn(colors, 'state_lines') && COLOR.test(String(colors.borders))) {
      palette.stateLines = palette.borders;  // state lines follow the borders, fainter (weight)
    }
    repaint(statusChanged);
  }

  function repaint(statusChanged) {
    const parts = layers.basemapParts;
    if (parts.land) parts.land.setStyle({ fillColor: palette.land });
    if (parts.borders) parts.borders.setStyle({ color: palette.borders });
    if (parts.states) parts.states.setStyle({ color: palette.stateLines });
    forgetSprites();
    forgetStatusGroups();
    for (const layer of [layers.trailers, layers.cities, layers.track, layers.marks]) {
      if (layer && page.map.hasLayer(layer)) layer.redraw();
    }
    if (statusChanged && controls.legend) {
      // The legend paints its swatches with the markers' code: paint it again.
      const open = controls.legend.getContainer() && controls.legend.getContainer().open;
      controls.legend.remove();
      controls.legend = new ns.classes.LegendControl().addTo(page.map);
      if (open) controls.legend.getContainer().open = true;
      if (controls.legendHistory) controls.legendHistory.hidden = !track.loaded;
    }
    ns.card.relayout();
  }

  ns.theme = { setTheme, themeKeys };
}(window.OLMap));
