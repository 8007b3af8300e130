// geo map part: the first view and popup panning, clear of the controls. The map's controls
// stand in columns at its left and right edges; the view fits the data between them (padding
// measured from the controls' real sizes), and a popup pans to open between them too, no
// wider or taller than the room they leave.
(function (parts) {
    parts.view = function (map, geo, options) {
        var MARGIN = 12;
        // A popup's frame around its content: margins, close button, tip and its offset.
        var POPUP_FRAME = L.point(48, 60);
        function columns() {
            var box = map.getContainer().getBoundingClientRect(), left = 0, right = 0, bottom = 0;
            ["topleft", "bottomleft", "topright", "bottomright"].forEach(function (corner) {
                var node = map._controlCorners[corner];
                Array.prototype.forEach.call(node ? node.children : [], function (control) {
                    var r = control.getBoundingClientRect();
                    if (!r.width || !r.height) { return; }
                    // The attribution and the scale are thin strips along the bottom edge.
                    if (/leaflet-control-(attribution|scale)/.test(control.className)) { bottom = Math.max(bottom, box.bottom - r.top); return; }
                    if (corner.indexOf("left") >= 0) { left = Math.max(left, r.right - box.left); } else { right = Math.max(right, box.right - r.left); }
                });
            });
            return {left: left, right: right, bottom: bottom};
        }
        geo.controlPadding = function () {
            var c = columns();
            return {topLeft: L.point(c.left + MARGIN, MARGIN + 8), bottomRight: L.point(c.right + MARGIN, c.bottom + MARGIN)};
        };
        var adjust = L.Popup.prototype._adjustPan, layout = L.Popup.prototype._updateLayout;
        L.Popup.include({
            _updateLayout: function () {
                // No wider or taller than the room between the controls (a narrow window).
                if (this._map === map) {
                    var pad = geo.controlPadding(), size = map.getSize();
                    var own = this._geoSize = this._geoSize || {maxWidth: this.options.maxWidth, minWidth: this.options.minWidth, maxHeight: this.options.maxHeight};
                    var width = Math.max(120, size.x - pad.topLeft.x - pad.bottomRight.x - POPUP_FRAME.x);
                    var height = Math.max(120, size.y - pad.topLeft.y - pad.bottomRight.y - POPUP_FRAME.y);
                    this.options.maxWidth = Math.min(own.maxWidth, width);
                    this.options.minWidth = Math.min(own.minWidth, this.options.maxWidth);
                    this.options.maxHeight = own.maxHeight ? Math.min(own.maxHeight, height) : height;
                }
                return layout.apply(this, arguments);
            },
            _adjustPan: function () {
                if (this._map === map) {
                    var pad = geo.controlPadding();
                    this.options.autoPanPaddingTopLeft = pad.topLeft;
                    this.options.autoPanPaddingBottomRight = pad.bottomRight;
                }
                return adjust.apply(this, arguments);
            }
        });
        geo.fitView = function () {
            var pad = geo.controlPadding();
            map.fitBounds(options.bounds, {paddingTopLeft: pad.topLeft, paddingBottomRight: pad.bottomRight, maxZoom: 11, animate: false});
        };
        geo.fitView();
    };
})(window.geoParts = window.geoParts || {});
