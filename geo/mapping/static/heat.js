// geo map part: A mention heat layer (leaflet.heat) that follows the filters.
(function (parts) {
    parts.heat = function (map, geo, options) {
        var places = geo.data.places;
        function points() {
            var out = [];
            places.forEach(function (f) {
                var p = f.properties, n = geo.visible(p) ? geo.visibleCount(p.docs) : 0;
                if (n > 0) { out.push([f.geometry.coordinates[1], f.geometry.coordinates[0], n]); }
            });
            return out;
        }
        function scale(list) {
            // Saturate at the 90th percentile weight so a few big cities do not wash out the rest.
            var weights = list.map(function (p) { return p[2]; }).sort(function (a, b) { return a - b; });
            return weights.length ? Math.max(1, weights[Math.floor(weights.length * 0.9)]) : 1;
        }
        var initial = points();
        var heat = L.heatLayer(initial, {radius: 18, blur: 16, minOpacity: 0.25, maxZoom: options.fullZoom, max: scale(initial),
            gradient: {0.3: "#2c7bb6", 0.55: "#abd9e9", 0.7: "#ffffbf", 0.85: "#fdae61", 1.0: "#d7191c"}});
        geo.onChange(function () {
            var list = points();
            heat.setOptions({max: scale(list)});
            heat.setLatLngs(list);
        });
        if (geo.data.heat_on) { heat.addTo(map); }
        geo.layers.heat = heat;
        geo.overlays.push({label: geo.label("heat"), layer: heat});
    };
})(window.geoParts = window.geoParts || {});
