// What the map page's scripts find on the page without defining it (for `// @ts-check` in the
// editor and `tsc -p resources/map/jsconfig.json` in test.sh): vendored Leaflet (untyped here),
// Qt's QWebChannel, the basemap data scripts, and our own namespace (see core.js).
declare const L: any;

/** The map page's one namespace (core.js): the typed parts; the other modules are untyped. */
interface OLMapNamespace {
  [part: string]: any;
  /** Apply one message from Python (messages.js). */
  handle(text: string | Message): boolean;
  messages: { OPS: readonly string[]; handle(text: string | Message): boolean };
  bridge: {
    /** Call one of the Python bridge's slots (bridge.js). */
    send<K extends keyof BridgeCalls>(name: K, ...args: Parameters<BridgeCalls[K]>): void;
    connectBridge(): void;
  };
}

interface Window {
  OLMap: OLMapNamespace;
  L: any;
  QWebChannel: any;
  qt: any;
  OLC_BASEMAP_COUNTRIES: any;
  OLC_BASEMAP_STATES: any;
  OLC_BASEMAP_CITIES: any;
}
