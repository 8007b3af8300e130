// geo map part: Place markers by role in one marker-cluster group; pale with a dashed rim when
// of low confidence. Each marker is named by the article's own spelling first. Clusters are
// neutral discs, their rim dashed (on a small map) when they hold a place of low confidence.
(function (parts) {
    parts.places = function (map, geo, options) {
        var icons = {}, low = geo.data.low_confidence;
        ["origin", "destination", "via", "mentioned"].forEach(function (role) {
            [false, true].forEach(function (faint) {
                icons[role + faint] = L.divIcon({className: "geo-marker geo-marker-" + role + (faint ? " geo-marker-low" : ""), html: '<span class="geo-pin geo-pin-' + role + '"></span>', iconSize: [16, 16], iconAnchor: [8, 8], popupAnchor: [0, -8], tooltipAnchor: [0, -8]});
            });
        });
        geo.placeNames = function (p) {
            // The article's spelling, then the English name that matches it (or the gazetteer's).
            var spelling = (p.spellings || [])[0] || p.name_ar || p.name;
            return {ar: spelling, en: p.name_en || "", gazetteer: p.name || ""};
        };
        var few = geo.data.places.length < options.fewPlaces;
        function isFaint(marker) {
            var c = marker.feature.properties.confidence;
            return typeof c === "number" && c < low;
        }
        function clusterIcon(group) {
            // A neutral disc with the number of places (no role's colour); on a small map its
            // rim is dashed when one of its places is of low confidence, like that place's pin.
            // On a small map the disc is no wider than the cluster radius leaves free, so that
            // it never covers a pin beside it.
            var faint = few && group.getAllChildMarkers().some(isFaint);
            return L.divIcon({html: geo.el("div", {}, geo.el("span", {}, String(group.getChildCount()))), className: "marker-cluster geo-cluster" + (few ? " geo-cluster-few" : "") + (faint ? " geo-cluster-low" : ""), iconSize: few ? L.point(24, 24) : L.point(40, 40)});
        }
        var cluster = L.markerClusterGroup({chunkedLoading: true, chunkInterval: 1500, chunkDelay: 10, maxClusterRadius: few ? options.fewRadius : options.radius, showCoverageOnHover: false, spiderfyOnMaxZoom: true, disableClusteringAtZoom: options.unclusterZoom, iconCreateFunction: clusterIcon});
        var markers = geo.data.places.map(function (f) {
            var p = f.properties, c = f.geometry.coordinates, names = geo.placeNames(p);
            var faint = typeof p.confidence === "number" && p.confidence < low;
            var title = [names.ar, names.en].filter(Boolean).join(" — ");
            var marker = L.marker([c[1], c[0]], {icon: icons[(icons[p.role + faint] ? p.role : "mentioned") + faint], title: title, riseOnHover: true});
            marker.feature = f;
            marker.options.search = [title, p.admin1].filter(Boolean).join(" — ");
            marker.bindPopup(function () { return geo.placePopup(p); }, {maxWidth: 420, minWidth: 260});
            marker.bindTooltip(function () { return geo.el("span", {dir: "auto"}, title); }, {direction: "top"});
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
        geo.clusterRims = few;
        geo.markers = markers;
    };
})(window.geoParts = window.geoParts || {});
