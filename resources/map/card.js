// @ts-check
/*
 * OpticalLock map page: card.js — the selected trailer's card and the map's clear area.
 *
 * A Leaflet popup sits on its trailer: on a short map (a 1280x720 window leaves the map about
 * 570 x 270 px) it covered the trailer, its trip track and the replay marker, and piled onto
 * the Layers box and the legend. The card instead is docked to the map's left or right edge,
 * the side away from the selected trailer, between the control corners of that side (never
 * over a control), and scrolls or folds when the map is short. What is left — the view less the
 * card and the control bands — is the clear area: the map pans so the selected trailer, its
 * track and the replay marker are inside it (clearPadding gives Leaflet's paddingTopLeft /
 * paddingBottomRight for panInside and fitBounds).
 */
(function (ns) {
  'use strict';

  const { el, label } = ns.core;
  const { send } = ns.bridge;
  const { latLngOf } = ns.trailers;
  const { page, ui } = ns.state;

  const EDGE = 10;          // px between the card and the map's edge or a control corner
  const CARD_MAX_W = 280;   // px: the card's widest
  const CARD_SHARE = 0.42;  // of the map's width at most
  const MARGIN = 20;        // px kept between what must show (a mark, the 30 px replay disc) and what covers the map
  const SHORT_MAP = 420;    // px: a map this short or less starts the card folded

  function corner(name) {
    const corners = page.map && page.map._controlCorners;
    return corners ? corners[name] : null;
  }

  /** Height of a control corner's stack (0 when empty).
   * @returns {number} */
  function stackHeight(name) {
    const c = corner(name);
    if (!c || !c.children.length) return 0;
    let h = 0;
    const top = c.getBoundingClientRect().top;
    for (const child of c.children) {
      if (!(child instanceof HTMLElement) || child.offsetParent === null) continue;
      const r = child.getBoundingClientRect();
      h = Math.max(h, name.startsWith('top') ? r.bottom - top : c.getBoundingClientRect().bottom - r.top);
    }
    return Math.ceil(h);
  }

  // ------------------------------------------------------------------ the card

  function ensureCard() {
    if (ui.card) return ui.card;
    const card = el('div', 'olc-panel olc-card olc-popup-wrap');
    card.hidden = true;
    card.setAttribute('role', 'dialog');
    L.DomEvent.disableClickPropagation(card);
    L.DomEvent.disableScrollPropagation(card);
    page.map.getContainer().appendChild(card);
    ui.card = card;
    return card;
  }

  function cardShown() {
    return !!(ui.card && !ui.card.hidden);
  }

  // Which edge the card docks to: the one away from where the trailer is on screen.
  function sideFor(id) {
    const ll = latLngOf(id);
    if (!ll) return ui.cardSide || 'right';
    const p = page.map.latLngToContainerPoint(ll);
    return p.x < page.map.getSize().x / 2 ? 'right' : 'left';
  }

  function layoutCard() {
    const card = ui.card;
    if (!card || card.hidden) return;
    const size = page.map.getSize();
    const side = ui.cardSide;
    const top = stackHeight(side === 'left' ? 'topleft' : 'topright') + EDGE;
    const bottom = stackHeight(side === 'left' ? 'bottomleft' : 'bottomright') + EDGE;
    card.style.left = side === 'left' ? EDGE + 'px' : 'auto';
    card.style.right = side === 'right' ? EDGE + 'px' : 'auto';
    card.style.top = top + 'px';
    card.style.width = Math.max(160, Math.min(CARD_MAX_W, Math.floor(size.x * CARD_SHARE))) + 'px';
    card.style.maxHeight = Math.max(48, size.y - top - bottom) + 'px';
  }

  function setFolded(folded) {
    ui.cardFolded = !!folded;
    if (!ui.card) return;
    ui.card.classList.toggle('olc-folded', ui.cardFolded);
    const button = ui.card.querySelector('.olc-card-fold');
    if (button) {
      button.textContent = ui.cardFolded ? '▸' : '▾';
      label(button, ui.cardFolded ? 'showDetails' : 'foldCard', 'title');
      button.setAttribute('aria-expanded', String(!ui.cardFolded));
    }
    layoutCard();
  }

  function showDetails(msg) {
    const id = msg.id == null ? null : String(msg.id);
    const ll = latLngOf(id);
    if (!ll) throw new Error(`details: ${id} is unknown or has no position`);
    const body = el('div', 'olc-popup');
    const head = el('div', 'olc-card-head');
    head.appendChild(el('div', 'olc-popup-title', msg.title ?? id));
    const fold = el('button', 'olc-card-fold');
    fold.type = 'button';
    // Unfolded, the card is taller: the trailer and its track move clear of it again.
    fold.addEventListener('click', (ev) => { L.DomEvent.stop(ev); setFolded(!ui.cardFolded); keepClear(); });
    const close = el('button', 'olc-card-close', '×');
    close.type = 'button';
    label(close, 'closeCard', 'title');
    close.addEventListener('click', (ev) => { L.DomEvent.stop(ev); hideCard(); });
    head.append(fold, close);
    body.appendChild(head);
    if (msg.alarm != null && msg.alarm !== '') body.appendChild(el('div', 'olc-popup-alarm', msg.alarm));
    if (msg.ackAlarm != null && msg.ackAlarm !== '') {
      // The console opens its acknowledge dialog (a note may be required): the page only asks.
      const alarmId = String(msg.ackAlarm);
      const button = label(label(el('button', 'olc-popup-ack'), 'acknowledge'), 'acknowledgeTip', 'title');
      button.type = 'button';
      button.addEventListener('click', (ev) => { L.DomEvent.stop(ev); send('acknowledgeRequested', alarmId); });
      body.appendChild(button);
    }
    const more = el('div', 'olc-card-more');
    if (msg.contact) {
      // Reaching the driver opens the console's conversation or call window.
      const row = el('div', 'olc-popup-contact');
      /** @type {Array<[string, 'messageDriverRequested' | 'callDriverRequested']>} */
      const buttons = [['messageDriver', 'messageDriverRequested'], ['callDriver', 'callDriverRequested']];
      for (const [words, slot] of buttons) {
        const b = label(el('button', 'olc-popup-contact-button'), words);
        b.type = 'button';
        b.addEventListener('click', (ev) => { L.DomEvent.stop(ev); send(slot, id); });
        row.appendChild(b);
      }
      more.appendChild(row);
    }
    const table = el('table', 'olc-popup-lines');
    for (const line of Array.isArray(msg.lines) ? msg.lines : []) {
      if (!Array.isArray(line)) continue;
      const tr = el('tr');
      tr.appendChild(el('th', null, line[0] ?? ''));
      tr.appendChild(el('td', null, line[1] ?? ''));
      table.appendChild(tr);
    }
    more.appendChild(table);
    body.appendChild(more);

    const card = ensureCard();
    const fresh = ui.popupId !== id || card.hidden;
    if (fresh) {
      ui.cardSide = ui.cardSideFor === id && ui.cardSide ? ui.cardSide : sideFor(id);
      ui.cardSideFor = id;
      ui.cardFolded = page.map.getSize().y <= SHORT_MAP;
    }
    card.replaceChildren(body);  // a refresh replaces the content in place: no jump, no pan
    card.hidden = false;
    ui.popupId = id;
    ui.popupBody = body;
    setFolded(ui.cardFolded);
    if (fresh) keepClear();
  }

  function hideCard() {
    if (ui.card) ui.card.hidden = true;
    ui.popupId = null;
    ui.popupBody = null;
  }

  // ------------------------------------------------------------------ the clear area

  /**
   * Leaflet's paddingTopLeft / paddingBottomRight that keep content clear of the card and the
   * controls: the top and bottom bands of the control corners, the card's column.
   * @returns {{ paddingTopLeft: [number, number], paddingBottomRight: [number, number] }}
   */
  function clearPadding() {
    const size = page.map.getSize();
    let top = Math.max(stackHeight('topleft'), stackHeight('topright')) + MARGIN;
    let bottom = Math.max(stackHeight('bottomleft'), stackHeight('bottomright')) + MARGIN;
    let left = MARGIN, right = MARGIN;
    if (cardShown()) {
      const box = ui.card.getBoundingClientRect(), map = page.map.getContainer().getBoundingClientRect();
      if (ui.cardSide === 'left') left = Math.ceil(box.right - map.left) + MARGIN;
      else right = Math.ceil(map.right - box.left) + MARGIN;
    }
    // A map too small for all of it: the bands give way (never a clear area under 40 px).
    const squeeze = (a, b, total) => {
      const over = a + b + 40 - total;
      if (over <= 0) return [a, b];
      const k = Math.max(0, (a + b - over) / (a + b));
      return [Math.floor(a * k), Math.floor(b * k)];
    };
    [left, right] = squeeze(left, right, size.x);
    [top, bottom] = squeeze(top, bottom, size.y);
    return { paddingTopLeft: [left, top], paddingBottomRight: [right, bottom] };
  }

  /** The clear area in container pixels: [x0, y0, x1, y1]. @returns {number[]} */
  function clearRect() {
    const size = page.map.getSize(), p = clearPadding();
    return [p.paddingTopLeft[0], p.paddingTopLeft[1], size.x - p.paddingBottomRight[0], size.y - p.paddingBottomRight[1]];
  }

  // Pan (no zoom change) so this point is inside the clear area; `centre`: to its middle.
  function panClear(ll, centre, animate) {
    const r = clearRect(), p = page.map.latLngToContainerPoint(ll);
    let dx = 0, dy = 0;
    if (centre) {
      dx = p.x - (r[0] + r[2]) / 2;
      dy = p.y - (r[1] + r[3]) / 2;
    } else {
      if (p.x < r[0]) dx = p.x - r[0]; else if (p.x > r[2]) dx = p.x - r[2];
      if (p.y < r[1]) dy = p.y - r[1]; else if (p.y > r[3]) dy = p.y - r[3];
    }
    if (Math.abs(dx) < 1 && Math.abs(dy) < 1) return;
    page.map.panBy([Math.round(dx), Math.round(dy)], { animate: !!animate, duration: 0.25, noMoveStart: true });
  }

  // The selected trailer (and, for its trip history, the track) clear of the card and controls.
  function keepClear() {
    const track = ns.state.track;
    if (track.loaded && track.bounds && ui.selectedId !== null && track.id === ui.selectedId) {
      ns.historyReplay.fitTrack(track.seq);
      return;
    }
    const ll = latLngOf(ui.selectedId);
    if (ll) panClear(ll, false, false);
  }

  // The card follows the map's size and the control corners (a Layers box opened, a track key).
  function relayout() {
    layoutCard();
  }

  ns.card = { clearPadding, clearRect, hideCard, keepClear, layoutCard, panClear, relayout, setFolded, showDetails, sideFor };
}(window.OLMap));
