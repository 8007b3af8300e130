// geo map part: Place markers by role in one marker-cluster group.
(function (parts) {
    parts.places = function (map, geo, options) {
        var icons = {};
        ["origin", "destination", "via", "mentioned"].forEach(function (role) {
            icons[role] = L.divIcon({className: "geo-marker geo-marker-" + role, html: '<span class="geo-pin geo-pin-' + role + '"></span>', iconSize: [16, 16], iconAnchor: [8, 8], popupAnchor: [0, -8], tooltipAnchor: [0, -8]});
        });
        var cluster = L.markerClusterGroup({chunkedLoading: true, chunkInterval: 1500, chunkDelay: 10, maxClusterRadius: options.radius, showCoverageOnHover: false, spiderfyOnMaxZoom: true, disableClusteringAtZoom: options.unclusterZoom});
        var markers = geo.data.places.map(function (f) {
            var p = f.properties, c = f.geometry.coordinates;
            var marker = L.marker([c[1], c[0]], {icon: icons[p.role] || icons.mentioned, title: p.name_ar ? p.name_ar + " — " + p.name : p.name, riseOnHover: true});
            marker.feature = f;
            marker.options.search = [p.name_ar, p.name, p.admin1].filter(Boolean).join(" — ");
            marker.bindPopup(function () { return geo.placePopup(p); }, {maxWidth: 420, minWidth: 260});
            marker.bindTooltip(function () { return geo.el("span", {dir: "auto"}, p.name_ar || p.name); }, {direction: "top"});
            return marker;
        });
        function refresh() {
            cluster.clearLayers();
            cluster.addLayers(markers.filter(function (m) { return geo.visible(m.feature.properties); }));
        }
        // On the map first: a cluster group off the map checks duplicates in O(n) per marker.
        cluster.addTo(map);
        geo.onChange(refresh);
        refresh();
        geo.layers.places = cluster;
        geo.markers = markers;
    };
})(window.geoParts = window.geoParts || {});
