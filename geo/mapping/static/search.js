// geo map part: Place search over Arabic and English names (leaflet-search).
(function (parts) {
    parts.search = function (map, geo, options) {
        var byText = {};
        (geo.markers || []).forEach(function (m) { byText[m.options.search] = m; });
        var control = new L.Control.Search({
            layer: geo.layers.places, propertyName: "search", initial: false, marker: false,
            zoom: 12, position: "topleft", textPlaceholder: "Search places / ابحث عن مكان",
            textErr: "Not found / غير موجود",
            buildTip: function (text) { return geo.el("a", {href: "#", dir: "auto"}, text); },
            moveToLocation: function (latlng, title, map) {
                var marker = byText[title];
                if (marker && geo.layers.places.hasLayer(marker)) {
                    geo.layers.places.zoomToShowLayer(marker, function () { marker.openPopup(); });
                } else {
                    map.setView(latlng, 12);
                }
            }
        });
        map.addControl(control);
    };
})(window.geoParts = window.geoParts || {});
