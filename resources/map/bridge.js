// @ts-check
/*
 * OpticalLock map page: bridge.js — the page's side of the QWebChannel (maps/bridge.py MapBridge).
 *
 * Python → page: the bridge's push(str) signal carries one JSON message (messages.js) to
 * OLMap.handle. Page → Python: send(call, ...args) calls one of the bridge's slots (the calls are
 * listed in messages.js as BridgeCalls). Without a bridge (config.bridge false: the tests'
 * harness page) calls are kept in OLMap.outbox instead, for the tests to read.
 */
(function (ns) {
  'use strict';

  const { handle } = ns.messages;

  const link = {
    /** @type {Array<Array<any>>} [call, ...args] sent while there is no bridge (latest 1000) */
    outbox: [],
    /** whether calls go to the web channel (config.bridge) or to the outbox */
    bridged: false,
    /** @type {any} channel.objects.bridge, once the channel is up */
    bridge: null,
    /** @type {Array<[string, Array<any>]>} calls made before the channel was up */
    pending: [],
  };

  /**
   * Call the Python bridge's slot `name` (or keep the call in the outbox when there is no bridge).
   * @template {keyof BridgeCalls} K
   * @param {K} name
   * @param {Parameters<BridgeCalls[K]>} args
   */
  function send(name, ...args) {
    if (!link.bridged) {
      link.outbox.push([name, ...args]);
      if (link.outbox.length > 1000) link.outbox.splice(0, link.outbox.length - 1000);
      return;
    }
    if (!link.bridge) { link.pending.push([name, args]); return; }
    if (typeof link.bridge[name] === 'function') link.bridge[name](...args);
    else console.warn('OLMap: bridge has no method', name);
  }

  function connectBridge() {
    link.bridged = true;
    const w = /** @type {any} */ (window);
    if (typeof w.QWebChannel !== 'function' || !w.qt || !w.qt.webChannelTransport) {
      console.error('OLMap: config.bridge is set but QWebChannel/qt.webChannelTransport is missing');
      return;
    }
    new w.QWebChannel(w.qt.webChannelTransport, (/** @type {any} */ channel) => {
      link.bridge = channel.objects.bridge;
      if (!link.bridge) { console.error('OLMap: no "bridge" object on the web channel'); return; }
      link.bridge.push.connect(handle);
      link.bridge.pageReady();
      for (const [name, args] of link.pending.splice(0)) send(/** @type {any} */ (name), ...args);
    });
  }

  ns.outbox = link.outbox;
  ns.bridge = { connectBridge, send };
}(window.OLMap));
