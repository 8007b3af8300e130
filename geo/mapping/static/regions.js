// geo map part: Region polygons coloured by role.
(function (parts) {
    parts.regions = function (map, geo, options) {
        var colours = geo.data.role_colours;
        var group = L.featureGroup();
        var layers = geo.data.regions.map(function (f) {
            var p = f.properties;
            var layer = L.geoJSON(f, {style: function () {
                return {color: colours[p.role] || colours.mentioned, weight: 1.5, opacity: 0.9, fillOpacity: 0.18, dashArray: "4 3"};
            }});
            layer.feature = f;
            layer.bindPopup(function () { return geo.placePopup(p); }, {maxWidth: 420, minWidth: 260});
            layer.bindTooltip(function () { return geo.el("span", {dir: "auto"}, p.name_ar || p.name); }, {sticky: true});
            return layer;
        });
        function refresh() {
            layers.forEach(function (layer) {
                if (geo.visible(layer.feature.properties)) { group.addLayer(layer); } else { group.removeLayer(layer); }
            });
        }
        geo.onChange(refresh);
        refresh();
        group.addTo(map);
        group.bringToBack();
        geo.layers.regions = group;
    };
})(window.geoParts = window.geoParts || {});
