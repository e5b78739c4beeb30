// @ts-check
/*
 * OpticalLock map page: canvas-layer.js — the base of every canvas layer: one <canvas> over the
 * view plus a margin, positioned and zoom-animated like L.Canvas, redrawn at most once a frame.
 */
(function (ns) {
  'use strict';

  // A layer owning one <canvas> that covers the view plus a margin, positioned and zoom-animated
  // the way L.Canvas does it, so panning within the margin costs no redraw. Subclasses implement
  // _draw(ctx, bounds) in layer-point coordinates.
  // classes.CanvasLayer = L.Layer.extend(canvasLayerMethods), in init.js.
  const canvasLayerMethods = {
    options: { pane: 'overlayPane', padding: 0.3 },

    initialize(options) {
      L.setOptions(this, options);
      this._frame = 0;
      this._dirty = true;
    },

    onAdd() {
      this._canvas = L.DomUtil.create('canvas', 'olc-canvas');
      if (this._zoomAnimated) L.DomUtil.addClass(this._canvas, 'leaflet-zoom-animated');
      this._ctx = this._canvas.getContext('2d');
      this.getPane().appendChild(this._canvas);
      this._bounds = null;
      this._reset();
    },

    onRemove() {
      L.DomUtil.remove(this._canvas);
      if (this._frame) cancelAnimationFrame(this._frame);
      this._frame = 0;
      this._bounds = null;
      this._drawnAt = null;
    },

    getEvents() {
      const events = { viewreset: this._reset, zoom: this._onZoom, moveend: this._update, resize: this._update, move: this._onMove };
      if (this._zoomAnimated) events.zoomanim = this._onAnimZoom;
      return events;
    },

    // Ask for a redraw on the next animation frame: any number of requests cost one draw.
    redraw() {
      this._dirty = true;
      if (this._map && !this._frame) {
        this._frame = requestAnimationFrame(() => {
          this._frame = 0;
          if (this._dirty) this._redraw();
        });
      }
      return this;
    },

    // Draw now if something changed (test hooks and hit tests want the current picture).
    flush() {
      if (this._map && this._dirty) this._redraw();
    },

    _reset() {
      this._update();
      this._updateTransform(this._center, this._zoom);
    },

    _onZoom() { this._updateTransform(this._map.getCenter(), this._map.getZoom()); },
    _onAnimZoom(e) { this._updateTransform(e.center, e.zoom); },

    _updateTransform(center, zoom) {
      if (!this._bounds) return;
      const m = this._map;
      const scale = m.getZoomScale(zoom, this._zoom);
      const viewHalf = m.getSize().multiplyBy(0.5 + this.options.padding);
      const currentCenterPoint = m.project(this._center, zoom);
      const topLeft = viewHalf.multiplyBy(-scale).add(currentCenterPoint)
        .subtract(m._getNewPixelOrigin(center, zoom));
      if (L.Browser.any3d) L.DomUtil.setTransform(this._canvas, topLeft, scale);
      else L.DomUtil.setPosition(this._canvas, topLeft);
    },

    // Dragged past the margin: re-centre the canvas now instead of showing a blank edge until moveend.
    _onMove() {
      const m = this._map;
      if (!this._bounds || m._animatingZoom || m.getZoom() !== this._zoom) return;
      const min = m.containerPointToLayerPoint([0, 0]);
      const max = min.add(m.getSize());
      if (!this._bounds.contains(min) || !this._bounds.contains(max)) this._update();
    },

    _update() {
      const m = this._map;
      if (!m || (m._animatingZoom && this._bounds)) return;
      const p = this.options.padding;
      const size = m.getSize();
      const min = m.containerPointToLayerPoint(size.multiplyBy(-p)).round();
      this._bounds = L.bounds(min, min.add(size.multiplyBy(1 + 2 * p)).round());
      this._center = m.getCenter();
      this._zoom = m.getZoom();
      const bs = this._bounds.getSize();
      const dpr = this._dpr = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(this._canvas, min);
      const w = Math.max(1, Math.round(bs.x * dpr)), h = Math.max(1, Math.round(bs.y * dpr));
      // Same size (the usual pan): keep the bitmap, _redraw clears it; resizing reallocates.
      if (this._canvas.width !== w || this._canvas.height !== h) {
        this._canvas.width = w;
        this._canvas.height = h;
        this._canvas.style.width = bs.x + 'px';
        this._canvas.style.height = bs.y + 'px';
      }
      // A view reset fires viewreset and then moveend for the same view: draw it once.
      const origin = m.getPixelOrigin();
      const at = [this._zoom, origin.x, origin.y, min.x, min.y, w, h];
      if (!this._dirty && this._drawnAt && at.every((v, i) => v === this._drawnAt[i])) return;
      this._redraw();  // the content no longer matches the new position: draw in this same task
      if (!this._dirty) this._drawnAt = at;
    },

    _redraw() {
      const m = this._map;
      if (!m || !this._bounds) return;
      // Mid-zoom the canvas is CSS-scaled; moveend at the end of the zoom repositions and draws.
      if (m._animatingZoom || m.getZoom() !== this._zoom) { this._dirty = true; return; }
      this._dirty = false;
      const b = this._bounds, dpr = this._dpr;
      const ctx = this._ctx;
      ctx.setTransform(dpr, 0, 0, dpr, -b.min.x * dpr, -b.min.y * dpr);
      ctx.clearRect(b.min.x, b.min.y, b.max.x - b.min.x, b.max.y - b.min.y);
      this._draw(ctx, b);
    },

    _draw(ctx, bounds) {},
  };

  ns.canvasLayer = { canvasLayerMethods };
}(window.OLMap));
