// @ts-check
/*
 * OpticalLock map page: stats.js — frame statistics: how long the trailer layer's draws
 * take and how regular the animation frames stay while data flows (OLMap.frameStats, for the
 * benchmarks).
 */
(function (ns) {
  'use strict';

  const { STATS_CAP } = ns.core;

  const stats = {
    draw: new Float64Array(STATS_CAP), drawN: 0,
    frame: new Float64Array(STATS_CAP), frameN: 0,
    lastDataAt: 0, probeLast: 0, probing: false,
  };

  function pushSample(buf, key, value) {
    buf[stats[key] % STATS_CAP] = value;
    stats[key]++;
  }

  function percentile(buf, total, p) {
    const n = Math.min(total, STATS_CAP);
    if (!n) return null;
    const sorted = Array.from(buf.subarray(0, n)).sort((a, b) => a - b);
    return Math.round(sorted[Math.min(n - 1, Math.floor(p * (n - 1) + 0.5))] * 100) / 100;
  }

  function frameStats() {
    return {
      draws: stats.drawN,
      drawMsP50: percentile(stats.draw, stats.drawN, 0.5),
      drawMsP95: percentile(stats.draw, stats.drawN, 0.95),
      drawMsMax: percentile(stats.draw, stats.drawN, 1),
      frameIntervalP50: percentile(stats.frame, stats.frameN, 0.5),
      frameIntervalP95: percentile(stats.frame, stats.frameN, 0.95),
    };
  }

  function resetFrameStats() {
    stats.drawN = 0;
    stats.frameN = 0;
    stats.probeLast = 0;
  }

  // While fleet data is flowing, watch every animation frame: the gaps between them show whether
  // parsing + drawing keep the page smooth. The probe stops half a second after the last message.
  function noteDataArrived() {
    stats.lastDataAt = performance.now();
    if (!stats.probing) {
      stats.probing = true;
      stats.probeLast = 0;
      requestAnimationFrame(probeFrame);
    }
  }

  function probeFrame(ts) {
    if (stats.probeLast) pushSample(stats.frame, 'frameN', ts - stats.probeLast);
    stats.probeLast = ts;
    if (performance.now() - stats.lastDataAt < 500) requestAnimationFrame(probeFrame);
    else { stats.probing = false; stats.probeLast = 0; }
  }

  ns.frameStats = frameStats;
  ns.resetFrameStats = resetFrameStats;
  ns.stats = { frameStats, noteDataArrived, percentile, pushSample, resetFrameStats, stats };
}(window.OLMap));
