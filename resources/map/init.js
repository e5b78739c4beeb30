// @ts-check
/*
 * OpticalLock map page: init.js — OLMap.init(map, config): the panes, the layers, the controls, the
 * bridge. Loaded last: it puts together what the other files define.
 */
(function (ns) {
  'use strict';

  const { DEFAULT_CONFIG, mercX, mercY } = ns.core;
  const { connectBridge } = ns.bridge;
  const { forgetSprites } = ns.sprites;
  const { canvasLayerMethods } = ns.canvasLayer;
  const { forgetStatusGroups, trailerLayerMethods } = ns.trailerLayer;
  const { buildBasemap, cityLayerMethods } = ns.basemap;
  const { setFollow } = ns.trailers;
  const { clearHover, onMapClick, onMapMouseMove } = ns.popup;
  const { actionsControlMethods, fitControlsToSize, labelLeafletControls, layersControlMethods, legendControlMethods, syncControls } = ns.controls;
  const { marksLayerMethods, trackLayerMethods } = ns.historyLayers;
  const { trackKeyControlMethods } = ns.historyChrome;
  const { controls, layers, page, track, ui } = ns.state;
  const classes = ns.classes;

  function createPane(name, zIndex, passive) {
    const pane = page.map.getPane(name) || page.map.createPane(name);
    pane.style.zIndex = String(zIndex);
    // Drawing-only panes let every pointer event through to the map (drags, clicks, geofences).
    if (passive) pane.style.pointerEvents = 'none';
    return pane;
  }

  function defineClasses() {
    classes.CanvasLayer = L.Layer.extend(canvasLayerMethods);
    classes.TrailerLayer = classes.CanvasLayer.extend(trailerLayerMethods);
    classes.CityLayer = classes.CanvasLayer.extend(cityLayerMethods);
    classes.ActionsControl = L.Control.extend(actionsControlMethods);
    classes.LayersControl = L.Control.extend(layersControlMethods);
    classes.LegendControl = L.Control.extend(legendControlMethods);
    classes.TrackLayer = classes.CanvasLayer.extend(trackLayerMethods);
    classes.HistoryMarksLayer = classes.CanvasLayer.extend(marksLayerMethods);
    classes.TrackKeyControl = L.Control.extend(trackKeyControlMethods);
  }

  function init(leafletMap, config) {
    if (page.map) { console.warn('OLMap.init called twice; ignored'); return ns; }
    if (!window.L) { console.error('OLMap.init: Leaflet (window.L) is not loaded'); return ns; }
    if (!(leafletMap instanceof L.Map)) {
      // Called before the page created its map: take the first map created from now on.
      if (!page.waitingForMap) {
        page.waitingForMap = true;
        console.warn('OLMap.init: no Leaflet map yet; waiting for the page to create one');
        L.Map.addInitHook(function () { if (!page.map) init(this, config); });
      }
      return ns;
    }
    if (!classes.CanvasLayer) defineClasses();
    page.map = leafletMap;
    ns.map = page.map;
    page.cfg = { ...DEFAULT_CONFIG, ...(config || {}) };
    page.cfg.colors = { ...DEFAULT_CONFIG.colors, ...(page.cfg.colors || {}) };
    page.cfg.labels = { ...DEFAULT_CONFIG.labels, ...(page.cfg.labels || {}) };
    forgetStatusGroups();
    forgetSprites();

    const crs = page.map.options.crs;
    page.project = crs === L.CRS.EPSG3857
      ? (lat, lon) => [mercX(lon), mercY(lat)]
      : (lat, lon) => { const p = crs.latLngToPoint(L.latLng(lat, lon), 0); const s = crs.scale(0); return [p.x / s, p.y / s]; };

    page.map.getContainer().classList.add('olc-map');
    createPane('olcLand', 150, true);
    createPane('olcTiles', 210, true);
    createPane('olcBasemap', 250, true);
    createPane('olcLabels', 380, true);
    createPane('olcGeofences', 410, false);
    createPane('olcTrack', 430, true);
    createPane('olcTrailers', 450, true);
    createPane('olcHistoryLabels', 455, true);
    createPane('olcHistory', 460, true);
    // Above every map pane (Leaflet's markers are at 600): the replay marker is never covered.
    createPane('olcReplay', 640, true);

    layers.basemap = buildBasemap().addTo(page.map);
    const cities = window.OLC_BASEMAP_CITIES;
    if (Array.isArray(cities) && cities.length) layers.cities = new classes.CityLayer(cities).addTo(page.map);
    layers.geofenceRenderer = L.svg({ pane: 'olcGeofences', padding: 0.3 });
    layers.geofences = L.featureGroup().addTo(page.map);
    layers.trailers = new classes.TrailerLayer().addTo(page.map);
    // Trip history: built empty, on the map only while a track is loaded.
    layers.track = new classes.TrackLayer();
    layers.marks = new classes.HistoryMarksLayer();
    layers.stopLabels = L.layerGroup();
    layers.history = L.layerGroup([layers.track, layers.stopLabels, layers.marks]);
    // Labels are laid out for a zoom; after a zoom (or shown again) the marks layer redoes it.
    layers.stopLabels.on('add', () => { track.labelsDirty = true; });

    new classes.ActionsControl().addTo(page.map);
    new classes.LayersControl().addTo(page.map);
    controls.legend = new classes.LegendControl().addTo(page.map);
    labelLeafletControls();
    syncControls();
    fitControlsToSize();
    // Folded or not, the panels and the card follow the map's size.
    page.map.on('resize', () => { fitControlsToSize(); ns.card.relayout(); });

    page.map.on('click', onMapClick);
    page.map.on('mousemove', onMapMouseMove);
    page.map.on('mouseout dragstart zoomstart', clearHover);
    // Dragging the map means the dispatcher wants to look elsewhere: stop following.
    page.map.on('dragstart', () => { if (ui.follow) setFollow(false, true); });

    if (page.cfg.bridge) connectBridge();
    return ns;
  }

  ns.init = init;
}(window.OLMap));
