// geo map part: an overview minimap (leaflet-minimap): the basemap's countries offline, tiles online.
(function (parts) {
    parts.minimap = function (map, basemap, options) {
        var layer;
        if (options.offline) {
            layer = L.geoJSON(basemap.countries, {interactive: false, renderer: L.canvas(), style: {color: "#888", weight: 0.5, fillColor: "#ece8df", fillOpacity: 1}});
        } else {
            layer = L.tileLayer(options.tiles, {attribution: ""});
        }
        new L.Control.MiniMap(layer, {toggleDisplay: true, position: "bottomright", zoomLevelOffset: -5, width: 130, height: 130,
            mapOptions: {attributionControl: false}}).addTo(map);
    };
})(window.geoParts = window.geoParts || {});
