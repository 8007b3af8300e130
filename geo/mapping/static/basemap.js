// geo map part: the vector basemap (countries, governorates, districts) with name labels.
(function (parts) {
    parts.basemap = function (map, element, options) {
        var data = JSON.parse(element.textContent);
        function esc(text) { var span = document.createElement("span"); span.textContent = text; return span.innerHTML; }
        map.createPane("geoBasemap");
        map.getPane("geoBasemap").style.zIndex = 250;
        var renderer = L.canvas({pane: "geoBasemap", padding: 0.5});
        var base = L.featureGroup();
        if (data.countries.length) {
            L.geoJSON(data.countries, {renderer: renderer, pane: "geoBasemap", interactive: false,
                style: function (f) { return {color: "#9a9a9a", weight: 0.8, fillColor: f.properties.id === "760" ? "#fbfaf6" : "#ece8df", fillOpacity: 1}; }}).addTo(base);
        }
        L.geoJSON(data.districts, {renderer: renderer, pane: "geoBasemap", interactive: false,
            style: {color: "#c4beb3", weight: 0.6, fill: false, dashArray: "3 3"}}).addTo(base);
        L.geoJSON(data.governorates, {renderer: renderer, pane: "geoBasemap", interactive: false,
            style: {color: "#8d877c", weight: 1.2, fill: options.fillAdmin, fillColor: "#fbfaf6", fillOpacity: 1}}).addTo(base);
        var labels = L.layerGroup();
        data.governorates.forEach(function (f) {
            var p = f.properties;
            labels.addLayer(L.marker(p.label, {interactive: false, keyboard: false, pane: "geoBasemap",
                icon: L.divIcon({className: "geo-label", html: esc(p.name_ar) + "<br>" + esc(p.name), iconSize: [120, 28], iconAnchor: [60, 14]})}));
        });
        data.countries.forEach(function (f) {
            var p = f.properties;
            if (!p.label || p.id === "760") { return; }
            labels.addLayer(L.marker(p.label, {interactive: false, keyboard: false, pane: "geoBasemap",
                icon: L.divIcon({className: "geo-label geo-label-country", html: esc(p.name), iconSize: [120, 16], iconAnchor: [60, 8]})}));
        });
        function toggleLabels() {
            var zoom = map.getZoom();
            if (zoom >= 6 && zoom <= 10) { labels.addTo(map); } else { labels.remove(); }
        }
        base.addTo(map);
        map.on("zoomend", toggleLabels);
        toggleLabels();
        return data;
    };
})(window.geoParts = window.geoParts || {});
