// @ts-check
/*
 * OpticalLock map page: messages.js — the page's messages, described once, and OLMap.handle.
 *
 * Python (maps/bridge.py: FleetMapFeed, HistoryMapFeed; widgets/fleet/map_view.py: tiles, theme,
 * and the page's words from maps/strings.py) sends one JSON object per message, {"op": ..., ...};
 * OLMap.handle parses it, checks it and applies it. A bad message is refused whole (handle
 * returns false, a console warning says why) and leaves the page as it was. Any message may
 * carry an "ack" token: once a frame showing it has been painted the page calls the bridge's
 * drawn(token). The page's calls back to Python are the bridge's slots, BridgeCalls below.
 *
 * Strings in messages come from the network (trailer ids, driver names, popup lines, labels):
 * the page shows them as text (textContent) or escaped, never as HTML.
 */

/**
 * Fields every message may carry.
 * @typedef {object} MessageBase
 * @property {string} [ack] answered with bridge.drawn(ack) once a frame showing it is painted
 */

/**
 * The whole fleet, replacing the one shown. Slot i is trailer ids[i]; every array has ids.length
 * entries. lat/lon null: no fix (not drawn).
 * @typedef {MessageBase & {
 *   op: 'reset',
 *   ids: string[],
 *   lat: Array<number|null>,
 *   lon: Array<number|null>,
 *   hdg: number[],
 *   st: number[],
 *   names?: Array<string|null>,
 * }} ResetMessage
 * hdg: heading in degrees (0 = north, clockwise); st: status code, an index into config.statuses;
 * names: the driver's name per trailer (hover text).
 */

/**
 * Changed slots only: idx[k] is the slot whose values are lat[k], lon[k], hdg[k], st[k]. An
 * array left out keeps those values.
 * @typedef {MessageBase & {
 *   op: 'update',
 *   idx: number[],
 *   lat?: Array<number|null>,
 *   lon?: Array<number|null>,
 *   hdg?: number[],
 *   st?: number[],
 * }} UpdateMessage
 */

/**
 * A circle (radius_m) or a polygon ([lat, lon] points), as opticallock.protocol.Geofence dumps it.
 * @typedef {{ kind: 'circle', lat: number, lon: number, radius_m: number }
 *   | { kind: 'polygon', points: Array<[number, number]> }} GeofenceShape
 */

/**
 * @typedef {object} GeofenceItem
 * @property {string} id
 * @property {string} name
 * @property {'terminal'|'customer_site'|'border_crossing'|string} kind
 * @property {GeofenceShape} shape
 */

/**
 * Every geofence, replacing the ones shown.
 * @typedef {MessageBase & { op: 'geofences', items: GeofenceItem[] }} GeofencesMessage
 */

/**
 * Select a trailer (id null: none); its trip's destination geofence is highlighted. With pan (or
 * while following) the map pans to it; follow sets the Follow selected toggle.
 * @typedef {MessageBase & {
 *   op: 'select',
 *   id: string|null,
 *   destination?: string|null,
 *   follow?: boolean,
 *   pan?: boolean,
 * }} SelectMessage
 */

/**
 * The selected trailer's card (card.js: docked to the map's edge away from the trailer): a title,
 * [label, value] lines, the worst open alarm and, if it is not acknowledged, its id (the
 * Acknowledge button); contact: the driver can be reached.
 * @typedef {MessageBase & {
 *   op: 'details',
 *   id: string,
 *   title?: string,
 *   lines?: Array<[string, string]>,
 *   alarm?: string|null,
 *   ackAlarm?: string|null,
 *   contact?: boolean,
 * }} DetailsMessage
 */

/**
 * Zoom to show every trailer.
 * @typedef {MessageBase & { op: 'fit' }} FitMessage
 */

/**
 * Online tiles on (an http(s) URL template) or off (url null); the attribution is text.
 * @typedef {MessageBase & {
 *   op: 'tiles',
 *   url: string|null,
 *   attribution?: string,
 *   maxZoom?: number,
 * }} TilesMessage
 */

/**
 * A stop of a trip-history track: where, from when to when (POSIX s), what it was.
 * @typedef {object} TrackStop
 * @property {number} lat
 * @property {number} lon
 * @property {number} [start]
 * @property {number} [end]
 * @property {string} [label]
 */

/**
 * An event on a trip-history track; clicking it calls historyEventClicked(id).
 * @typedef {object} TrackEventItem
 * @property {string} id
 * @property {'unlock'|'lock'|'tamper'|'alarm'|'geofence'|string} kind
 * @property {number} lat
 * @property {number} lon
 * @property {number} [ts]
 * @property {string} [label]
 */

/**
 * One trailer's trip history, replacing any other: equally long arrays, one entry per fix (null:
 * unknown; a fix without position breaks the line), ts in POSIX s, speed in km/h. Once painted
 * the page calls trackDrawn(id, fixes, ms).
 * @typedef {MessageBase & {
 *   op: 'track',
 *   id: string,
 *   lat: Array<number|null>,
 *   lon: Array<number|null>,
 *   ts?: Array<number|null>,
 *   speed?: Array<number|null>,
 *   stops?: TrackStop[],
 *   events?: TrackEventItem[],
 * }} TrackMessage
 */

/**
 * The replay marker at this fix, pointing at heading; with follow the map keeps it centred.
 * Needs a track.
 * @typedef {MessageBase & {
 *   op: 'replay',
 *   ts: number|null,
 *   lat: number,
 *   lon: number,
 *   heading: number|null,
 *   follow: boolean,
 * }} ReplayMessage
 */

/**
 * Remove the trip history from the map.
 * @typedef {MessageBase & { op: 'clearTrack' }} ClearTrackMessage
 */

/**
 * The map's colours (a theme): key -> CSS colour (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba()).
 * Keys: water, land, borders, state_lines, labels, label_halo, city_dot, marker_outline,
 * selected, track_casing, panel, panel_text, panel_muted, panel_border, button, accent,
 * alarm_background, alarm_text, and the statuses (alarm, unlocked, ...); others are ignored and a
 * value that is not a colour is refused (the rest applied). See maps/theme.py.
 * @typedef {MessageBase & { op: 'theme', colors: {[key: string]: string} }} ThemeMessage
 */

/**
 * Centre the map on a place and ring it, with its label as text (for 30 s).
 * @typedef {MessageBase & { op: 'place', lat: number, lon: number, label?: string }} PlaceMessage
 */

/**
 * The page's own words in the interface language (maps/strings.py): key -> text, the keys of
 * core.js STRINGS (text shown as text: never HTML; {name} placeholders are filled by the page);
 * statuses: a status (config.statuses) -> its word (the legend). Sent when the page is ready and
 * on every language switch; what is on the page is relabelled in place. Unknown keys and values
 * that are not text are refused by key, the rest taken.
 * @typedef {MessageBase & {
 *   op: 'strings',
 *   strings: {[key: string]: string},
 *   statuses?: {[status: string]: string},
 * }} StringsMessage
 */

/**
 * @typedef {ResetMessage | UpdateMessage | GeofencesMessage | SelectMessage | DetailsMessage
 *   | FitMessage | TilesMessage | TrackMessage | ReplayMessage | ClearTrackMessage
 *   | PlaceMessage | ThemeMessage | StringsMessage} Message
 */

/**
 * The page's calls to Python: the slots of maps/bridge.py MapBridge (bridge.js send()).
 * @typedef {object} BridgeCalls
 * @property {() => void} pageReady the page connected its side of the channel
 * @property {(trailerId: string) => void} trailerClicked
 * @property {(on: boolean) => void} followChanged the dispatcher toggled Follow selected
 * @property {() => void} fitRequested the Fit fleet button
 * @property {(alarmId: string) => void} acknowledgeRequested the popup's Acknowledge button
 * @property {(trailerId: string) => void} messageDriverRequested
 * @property {(trailerId: string) => void} callDriverRequested
 * @property {(eventId: string) => void} historyEventClicked a trip-history event's mark
 * @property {(trackId: string, fixes: number, ms: number) => void} trackDrawn the track is on
 *   screen: fixes with a position, ms from the message reaching the page
 * @property {(token: string) => void} drawn a frame showing the message with this ack is painted
 */

(function (ns) {
  'use strict';

  /**
   * What each op does with its (already parsed) message; `started` is when it reached the page.
   * @type {{ [op: string]: (msg: any, started: number) => void }}
   */
  const HANDLERS = {
    reset: (msg) => ns.trailers.reset(msg),
    update: (msg) => ns.trailers.update(msg),
    geofences: (msg) => {
      if (!Array.isArray(msg.items)) throw new Error('geofences without items');
      ns.geofences.setGeofences(msg.items);
    },
    select: (msg) => ns.trailers.select(msg),
    details: (msg) => ns.card.showDetails(msg),
    fit: () => ns.trailers.fitFleet(),
    tiles: (msg) => ns.basemap.setTiles(msg),
    track: (msg, started) => ns.historyReplay.loadTrack(msg, started),
    replay: (msg) => ns.historyReplay.showReplay(msg),
    clearTrack: () => ns.historyReplay.clearTrack(),
    place: (msg) => ns.popup.showPlace(msg),
    theme: (msg) => ns.theme.setTheme(msg.colors),
    strings: (msg) => ns.controls.applyStrings(msg),
  };

  /** The ops the page understands (the keys of Message's variants). */
  const OPS = Object.freeze(Object.keys(HANDLERS));

  /**
   * Apply one message (JSON text, as the bridge pushes it, or an object). Returns whether it was
   * applied; a refused message changes nothing.
   * @param {string | Message} text
   * @returns {boolean}
   */
  function handle(text) {
    const started = performance.now();
    let msg;
    try {
      msg = typeof text === 'string' ? JSON.parse(text) : text;
    } catch (err) {
      console.warn('OLMap: message is not JSON:', String(err));
      return false;
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) { console.warn('OLMap: message is not an object'); return false; }
    if (!ns.state.page.map) { console.warn('OLMap: message before init ignored', msg.op); return false; }
    const apply = Object.hasOwn(HANDLERS, msg.op) ? HANDLERS[msg.op] : null;
    if (!apply) {
      console.warn('OLMap: unknown op ignored:', msg.op);
      return false;
    }
    try {
      apply(msg, started);
    } catch (err) {
      console.warn('OLMap: message', msg.op, 'rejected:', err && err.message ? err.message : String(err));
      return false;
    }
    // A message may ask to be told once a frame showing it has been painted (fleet drawn,
    // an alarm on the map): its "ack" token comes back through the bridge's drawn().
    if (typeof msg.ack === 'string') {
      const token = msg.ack;
      requestAnimationFrame(() => requestAnimationFrame(() => ns.bridge.send('drawn', token)));
    }
    return true;
  }

  ns.handle = handle;
  ns.messages = { OPS, handle };
}(window.OLMap));
