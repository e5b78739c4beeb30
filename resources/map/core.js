// @ts-check
/*
 * OpticalLock dispatcher console — live fleet map: the namespace, shared helpers and the state.
 *
 * Python builds the page (folium + vendored Leaflet, maps/page.py) and then calls
 * OLMap.init(map, config). From then on the page is driven by JSON messages (OLMap.handle;
 * their shapes are in messages.js) arriving over QWebChannel (bridge.js), and reports clicks and
 * control changes back through the same channel.
 *
 * The page's scripts are classic scripts loaded in order (maps/page.py MAP_SCRIPTS), each an IIFE
 * that adds one part to the single global, window.OLMap, created here:
 *   OLMap.init, OLMap.handle, OLMap.map, OLMap.outbox, OLMap.frameStats, ...  what Python calls
 *   OLMap.state     every piece of mutable state, in explicit objects (page, fleet, ui, layers,
 *                   controls, track); modules never keep state in loose variables
 *   OLMap.classes   the Leaflet classes, defined by init() (Leaflet may load after these files)
 *   OLMap.<module>  each file's functions (OLMap.trailers.reset, ...), for the files after it
 * A file reads what earlier files export when it loads; what a later file defines it calls
 * through the namespace (ns.popup.showDetails(...)), so load order only matters for the former.
 * test-hooks.js (inspection for the tests) is loaded by the tests' pages only.
 *
 * Layers, bottom to top (pane z-index):
 *   container background (ocean, fleet.css)
 *   olcLand 150       country land fill (canvas) — below online tiles, so tiles cover it when they load
 *   olcTiles 210      optional online raster tiles (failed tiles stay invisible: land shows through)
 *   olcBasemap 250    country borders + US state lines (canvas) — above tiles
 *   olcLabels 380     city dots and labels (own canvas layer)
 *   olcGeofences 410  terminals, customer sites, border crossings (SVG: few shapes, native hover)
 *   olcTrack 430      trip history: the track line coloured by speed (one canvas)
 *   olcTrailers 450   every trailer, one canvas (pointer-events: none; clicks are hit-tested)
 *   olcHistoryLabels 455  trip history: stop durations (DOM text)
 *   olcHistory 460    trip history: start/end, stop and event marks (one canvas, hit-tested)
 *   olcReplay 640     trip history: the replay marker (above Leaflet's own marker pane)
 *   card (card.js)    the selected trailer's card, docked to an edge between the control corners
 *
 * Everything that comes from the network (ids, names, popup lines, attribution) reaches the DOM
 * only through textContent or after HTML escaping: Leaflet treats plain strings as HTML.
 */
(function () {
  'use strict';

  /** @type {any} the page's one global; see above */
  const ns = { map: null, classes: {} };
  window.OLMap = ns;

  const OUTLINE = '#1c262b';
  const LAND = '#f2ead8';

  // The colours a theme changes (theme.js setTheme; Python: maps/theme.py). Painting code reads
  // them from this object when it paints, so a switch takes effect at the next draw.
  const palette = {
    ocean: '#b7d5e6',
    land: LAND,
    borders: '#8f8f8f',
    stateLines: '#b5ada0',
    labels: '#37474f',
    labelHalo: 'rgba(255,255,255,0.9)',
    cityDot: '#455a64',
    outline: OUTLINE,
    selected: '#0d47a1',
    trackCasing: 'rgba(28, 38, 43, 0.6)',
  };
  const MAX_LAT = 85.0511287798;

  const STATS_CAP = 2048;      // samples kept for frameStats percentiles

  const DEFAULT_CONFIG = {
    statuses: ['alarm', 'unlocked', 'stale', 'moving', 'parked'],
    colors: { alarm: '#d32f2f', unlocked: '#ef6c00', stale: '#9e9e9e', moving: '#2e7d32', parked: '#1565c0' },
    labels: { alarm: 'Alarm', unlocked: 'Unlocked', stale: 'No fix', moving: 'Moving', parked: 'Parked' },
    clusterBelowZoom: 7,
    clusterMinCount: 1500,
    bridge: false,
  };

  // ------------------------------------------------------------------ small helpers

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  const finite = (v) => typeof v === 'number' && Number.isFinite(v);
  // JSON null means "no fix": NaN, never 0 (a typed array would turn null into 0 = Gulf of Guinea).
  const num = (v) => (typeof v === 'number' ? v : NaN);

  function mercX(lon) { return lon / 360 + 0.5; }
  function mercY(lat) {
    const phi = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180;
    return 0.5 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / (2 * Math.PI);
  }

  // ------------------------------------------------------------------ state

  // What init() sets once: the Leaflet map, the configuration and the projection.
  const page = {
    /** @type {any} the Leaflet map (L.Map) */
    map: null,
    cfg: DEFAULT_CONFIG,
    waitingForMap: false,  // init() came before the page created its map (see init.js)
    /** @type {(lat: number, lon: number) => number[]} zoom-independent world coords (pixel / crs.scale) */
    project: (lat, lon) => [mercX(lon), mercY(lat)],
  };

  // The fleet: slot i is trailer ids[i]. Typed arrays keep 10,000 trailers cheap to scan per frame.
  const fleet = {
    n: 0,
    ids: [],
    names: [],
    slotOf: new Map(),
    lat: new Float64Array(0),
    lon: new Float64Array(0),
    hdg: new Float32Array(0),
    st: new Uint8Array(0),
    wx: new Float64Array(0),  // cached projection: a draw is one multiply-add per trailer
    wy: new Float64Array(0),
  };

  const ui = {
    place: null,
    placeTimer: 0,
    selectedId: null,
    destinationId: null,
    follow: false,
    popupId: null,     // the trailer whose card is built (card.js)
    popupBody: null,
    /** @type {HTMLElement|null} the selected trailer's card */
    card: null,
    cardSide: 'right',
    cardSideFor: null,
    cardFolded: false,
    cardClosed: false,
    hoverTip: null,
    hoverKey: null,
    hoverPoint: null,
    hoverFrame: 0,
  };

  const layers = {
    trailers: null,
    cities: null,
    basemap: null,
    /** @type {{[part: string]: any}} the basemap's land, borders and states (basemap.js) */
    basemapParts: {},
    geofences: null,
    geofenceRenderer: null,
    geofenceById: new Map(),
    tiles: null,
    tilesConfigured: false,
    history: null,     // group of the four below: hidden and shown as one ("Trip history")
    track: null,
    marks: null,
    stopLabels: null,
    replay: null,
  };

  const controls = {
    followButton: null, checks: {}, tilesRow: null, historyRow: null, trackKey: null, legendHistory: null,
    legend: null,
    layersBox: null, layersTitle: null, layersCollapsed: false, layersChosen: false,
    trackKeyFolded: false, trackKeyChosen: false,
  };

  // Trip history: one trailer's past (history/*.js).
  const track = {
    loaded: false,
    id: '',
    n: 0,          // fixes in the message
    valid: 0,      // fixes with a position
    seq: 0,        // bumped on every load and clear (late frame callbacks check it)
    lat: null, lon: null, ts: null, speed: null, wx: null, wy: null, imp: null,
    runs: null,    // {count, a, b, band, x0, y0, x1, y1}: fix ranges of one band, with bboxes
    first: -1, last: -1,
    stops: [],
    events: [],    // in draw order (lowest rank first)
    eventById: new Map(),
    bounds: null,
    layout: null,  // where the marks are drawn at one zoom (layoutMarks)
    replay: null,  // {lat, lon, ts, heading}
    parseMs: 0, buildMs: 0, loadMs: 0, shownMs: 0,
    drawn: { vertices: 0, runs: 0, ms: 0 },
    draws: new Float64Array(STATS_CAP), drawN: 0,
  };

  // ------------------------------------------------------------------ the page's own words

  // Every fixed text the page shows (labels, titles, tooltips, legend entries), in English. Python
  // sends them in the interface language ({"op": "strings"}: maps/strings.py, the same keys) when
  // the page is ready and again on every language switch; a page that got none shows these.
  // Nodes are labelled through label(): the key is kept on the node (data-olc-text, -title,
  // -aria-label), so relabel() finds them again and puts the new words in place.
  const STRINGS = Object.freeze({
    fitFleet: 'Fit fleet',
    fitFleetTip: 'Zoom to show every trailer',
    followSelected: 'Follow selected',
    followSelectedTip: 'Keep the selected trailer in the centre',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    layers: 'Layers',
    layersTip: 'Show or hide the map layers',
    trailers: 'Trailers',
    geofences: 'Geofences',
    basemap: 'Basemap',
    cityLabels: 'City labels',
    noCityData: 'No city data on this machine',
    onlineTiles: 'Online tiles',
    tripHistory: 'Trip history',
    legend: 'Legend',
    selected: 'Selected',
    group: 'Group: count, click to zoom',
    groupWithAlarms: 'Group with alarms',
    terminal: 'Terminal',
    customerSite: 'Customer site',
    borderCrossing: 'Border crossing',
    tripDestination: 'Trip destination',
    groupCount: '{count} trailers',
    groupAlarms: '{count} in alarm',
    clickToZoom: 'Click to zoom in',
    showDetails: 'Show the details',
    foldCard: 'Fold the card',
    closeCard: 'Close the card (the trailer stays selected)',
    acknowledge: 'Acknowledge…',
    acknowledgeTip: 'Acknowledge this alarm (opens the console\'s dialog)',
    messageDriver: 'Message driver…',
    callDriver: 'Call driver…',
    speedKeyTip: 'Show or hide the speed colours',
    speedStopped: 'Stopped or crawling, < 5 km/h',
    speedSlow: 'Slow, 5–40 km/h',
    speedMedium: 'Medium, 40–70 km/h',
    speedFast: 'Fast, 70 km/h and more',
    noFixGap: 'No fix for 15 min or more',
    periodStart: 'Start of the period',
    periodEnd: 'End of the period',
    stopWithDuration: 'Stop, with its duration',
    eventAlarm: 'Alarm',
    eventTamper: 'Tamper',
    eventUnlock: 'Unlocked',
    eventLock: 'Locked',
    eventGeofence: 'Geofence',
    eventOther: 'Event',
    eventOtherLegend: 'Event (other)',
    replayPosition: 'Replay position',
    replayFromHere: 'Click to replay from here',
    stop: 'Stop',
    stopFor: 'Stop · {duration}',
  });
  /** @type {{[key: string]: string}} the words in force: STRINGS, then what Python sent */
  const strings = { ...STRINGS };
  // A key "status:<name>" is a trailer status's word: config.labels (sent with the strings too).
  const STATUS_KEY = 'status:';
  // label() attributes: 'text' is the node's textContent.
  const LABEL_DATA = { text: 'olcText', title: 'olcTitle', 'aria-label': 'olcAriaLabel' };

  /**
   * The words for `key` in the interface language, with {name} placeholders filled from `values`.
   * @param {string} key
   * @param {{[name: string]: string|number}} [values]
   * @returns {string}
   */
  function t(key, values) {
    let text;
    if (key.startsWith(STATUS_KEY)) {
      const name = key.slice(STATUS_KEY.length);
      text = page.cfg.labels[name] || name;
    } else {
      text = Object.hasOwn(strings, key) ? strings[key] : key;
    }
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (Object.hasOwn(values, name) ? String(values[name]) : whole));
  }

  /**
   * Give `node` the words for `key` (as its text, title or aria-label) and remember the key, so
   * that relabel() can change them in place when the language changes.
   * @template {HTMLElement} N
   * @param {N} node
   * @param {string} key
   * @param {'text'|'title'|'aria-label'} [attr]
   * @returns {N}
   */
  function label(node, key, attr = 'text') {
    node.dataset[LABEL_DATA[attr]] = key;
    applyLabel(node, attr, key);
    return node;
  }

  /** Forget a label() of `node` and clear what it set. */
  function unlabel(node, attr = 'text') {
    delete node.dataset[LABEL_DATA[attr]];
    if (attr === 'text') node.textContent = '';
    else node.removeAttribute(attr);
  }

  function applyLabel(node, attr, key) {
    const text = t(key);
    if (attr === 'text') {
      if (node.textContent !== text) node.textContent = text;
    } else {
      node.setAttribute(attr, text);
    }
  }

  /** Put the words in force on every labelled node under `root` (root included). */
  function relabel(root) {
    if (!root) return;
    const selector = Object.values(LABEL_DATA).map((d) => `[data-${d.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}]`).join(',');
    const nodes = root.matches && root.matches(selector) ? [root] : [];
    nodes.push(...root.querySelectorAll(selector));
    for (const node of nodes) {
      for (const [attr, data] of Object.entries(LABEL_DATA)) {
        const key = node.dataset[data];
        if (key !== undefined) applyLabel(node, attr, key);
      }
    }
  }

  /**
   * Take the words of a strings message: known keys with string values (others are refused, by
   * key, with a warning); statuses: a status name -> its word (config.labels). Returns how many
   * were taken.
   * @param {{[key: string]: unknown}} words
   * @param {{[status: string]: unknown}} [statuses]
   * @returns {number}
   */
  function setStrings(words, statuses) {
    let taken = 0;
    for (const [key, value] of Object.entries(words)) {
      if (!Object.hasOwn(STRINGS, key)) { console.warn('OLMap: unknown string ignored:', key); continue; }
      if (typeof value !== 'string') { console.warn('OLMap: string refused (not text):', key); continue; }
      strings[key] = value;
      taken++;
    }
    if (statuses && typeof statuses === 'object') {
      const labels = { ...page.cfg.labels };
      for (const [name, value] of Object.entries(statuses)) {
        if (!page.cfg.statuses.includes(name) || typeof value !== 'string') { console.warn('OLMap: status word refused:', name); continue; }
        labels[name] = value;
        taken++;
      }
      page.cfg.labels = labels;
    }
    return taken;
  }

  function statusName(code) { return page.cfg.statuses[code] || '_unknown'; }
  function statusColor(name) { return page.cfg.colors[name] || '#607d8b'; }

  ns.state = { page, fleet, ui, layers, controls, track };
  ns.core = { DEFAULT_CONFIG, LAND, OUTLINE, STATS_CAP, STRINGS, el, escapeHtml, finite, label, mercX, mercY, num, palette, relabel, setStrings, statusColor, statusName, t, unlabel };
}());
