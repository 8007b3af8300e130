// geo map part: an overview minimap (leaflet-minimap): the basemap's countries offline, tiles online.
(function (parts) {
    parts.minimap = function (map, basemap, options) {
        var layer;
        if (options.offline) {
            layer = L.geoJSON(basemap.countries, {interactive: false, renderer: L.canvas(), style: {color: "#888", weight: 0.5, fillColor: "#ece8df", fillOpacity: 1}});
        } else {
            layer = L.tileLayer(options.tiles, {attribution: ""});
        }
        var control = new L.Control.MiniMap(layer, {toggleDisplay: true, position: "bottomright", zoomLevelOffset: -5, width: 130, height: 130,
            mapOptions: {attributionControl: false}}).addTo(map);
        // The minimap follows the main map at once, not in an animation: an animated follow
        // that ends after the main map has moved again (a popup's auto-pan, a click on the
        // map) takes the minimap's end for a move of its own and pulls the main map back,
        // leaving the popup under the controls or off the page.
        var mini = control._miniMap, setView = mini.setView;
        mini.setView = function (center, zoom, options) {
            return setView.call(mini, center, zoom, L.extend({}, options, {animate: false}));
        };
    };
})(window.geoParts = window.geoParts || {});
