// geo map part: route lines: colour by mover, dashed when alleged, arrowheads as SVG markers; endpoint pairs with counts in big maps.
(function (parts) {
    parts.routes = function (map, geo, options) {
        var SVG = "http://www.w3.org/2000/svg";
        var colours = options.colours;
        var renderer = L.svg({padding: 0.5});
        var group = L.featureGroup();
        function svgNode(tag, attrs) {
            var node = document.createElementNS(SVG, tag);
            Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
            return node;
        }
        function addArrowDefs() {
            var svg = renderer._container;
            if (!svg || svg.querySelector("defs.geo-arrows")) { return; }
            var defs = svgNode("defs", {"class": "geo-arrows"});
            colours.forEach(function (colour, i) {
                [["geo-arrowhead-", 17], ["geo-arrowmid-", 5]].forEach(function (kind) {
                    var marker = svgNode("marker", {id: kind[0] + i, viewBox: "0 0 10 10", refX: kind[1], refY: 5, markerWidth: 12, markerHeight: 12, markerUnits: "userSpaceOnUse", orient: "auto"});
                    marker.appendChild(svgNode("path", {d: "M0,0 L10,5 L0,10 L3,5 z", fill: colour, stroke: "#ffffff", "stroke-width": 0.8}));
                    defs.appendChild(marker);
                });
            });
            svg.insertBefore(defs, svg.firstChild);
        }
        function addArrowStyles() {
            // Each palette colour's lines end with its own arrowhead marker (and one midway).
            if (document.getElementById("geo-arrow-styles")) { return; }
            var rules = colours.map(function (colour, i) {
                return ".geo-arrow-" + i + " { marker-end: url(#geo-arrowhead-" + i + "); marker-mid: url(#geo-arrowmid-" + i + "); }";
            });
            var style = document.createElement("style");
            style.id = "geo-arrow-styles";
            style.textContent = rules.join("\n");
            document.head.appendChild(style);
        }
        addArrowStyles();
        function lerp(a, b, t) { return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]; }
        function withMidpoints(points) {
            var out = [points[0]];
            for (var i = 1; i < points.length; i++) { out.push(lerp(points[i - 1], points[i], 0.5), points[i]); }
            return out;
        }
        function lines(f) {
            var g = f.geometry;
            if (!g) { return []; }
            return g.type === "LineString" ? [g.coordinates] : g.coordinates;
        }
        function pairWeight(n) { return Math.min(12, 2 + 1.6 * Math.log2(Math.max(1, n))); }
        var pairs = geo.data.route_pairs, heavy = [], tail = {}, tailGroups = [];
        function pairLine(index) {
            // The pairs with most claims: an SVG line each, with arrowheads and a popup.
            var f = pairs[index], p = f.properties;
            var points = f.geometry.coordinates.map(function (c) { return [c[1], c[0]]; });
            var line = L.polyline(withMidpoints(points), {
                renderer: renderer, color: p.colour, weight: pairWeight(p.count), opacity: 0.85,
                smoothFactor: 0, noClip: true, dashArray: (p.status === "alleged" || p.status === "denied") ? "9 7" : null,
                className: "geo-route geo-route-pair geo-arrow-" + p.arrow});
            line.feature = f;
            line.shown = p.count;
            line.bindPopup(function () { return geo.pairPopup(p); }, {maxWidth: 440, minWidth: 280});
            line.bindTooltip(function () {
                return geo.el("span", {dir: "auto"}, [line.shown + " × ", p.mover_label, " · ", geo.label(p.status)]);
            }, {sticky: true});
            if (heavy.length < options.countLabels && p.count > 1) {
                line.countLabel = L.tooltip({permanent: true, direction: "center", className: "geo-count", interactive: false})
                    .setLatLng(lerp(points[0], points[1], 0.5));
            }
            return line;
        }
        function tailGroup(key, p) {
            // The long tail: one thin canvas multi-line per colour and status; a click
            // opens the popup of the pair whose segment is nearest.
            if (tail[key]) { return tail[key]; }
            // No dashes here: dashing thousands of canvas segments takes seconds to paint.
            var line = L.polyline([], {renderer: canvas, color: p.colour, weight: (p.status === "alleged" || p.status === "denied") ? 1 : 1.5,
                opacity: (p.status === "alleged" || p.status === "denied") ? 0.35 : 0.6, smoothFactor: 0, noClip: true, className: "geo-route-tail"});
            line.members = [];
            line.shownMembers = [];
            line.on("click", function (event) {
                var best = -1, bestDistance = Infinity;
                (line._rings || []).forEach(function (ring, i) {
                    var d = L.LineUtil.pointToSegmentDistance(event.layerPoint, ring[0], ring[ring.length - 1]);
                    if (d < bestDistance) { bestDistance = d; best = i; }
                });
                if (best >= 0) {
                    var f = line.shownMembers[best];
                    L.popup({maxWidth: 440, minWidth: 280}).setLatLng(event.latlng).setContent(geo.pairPopup(f.properties)).openOn(map);
                }
            });
            tail[key] = line;
            tailGroups.push(line);
            return line;
        }
        var canvas = L.canvas({padding: 0.3, tolerance: 3});
        var countLabels = L.layerGroup();
        function refreshPairs() {
            countLabels.clearLayers();
            heavy.forEach(function (line) {
                var p = line.feature.properties;
                var n = geo.visible(p) ? geo.visibleCount(p.docs) : 0;
                if (n === 0) { group.removeLayer(line); return; }
                if (n !== line.shown) { line.shown = n; line.setStyle({weight: pairWeight(n)}); }
                group.addLayer(line);
                if (line.countLabel) { countLabels.addLayer(line.countLabel.setContent(String(n))); }
            });
            tailGroups.forEach(function (line) {
                line.shownMembers = line.members.filter(function (f) { return geo.visible(f.properties); });
                line.setLatLngs(line.shownMembers.map(function (f) {
                    return f.geometry.coordinates.map(function (c) { return [c[1], c[0]]; });
                }));
                if (line.shownMembers.length) { group.addLayer(line); } else { group.removeLayer(line); }
            });
        }
        if (geo.data.aggregated) {
            var order = pairs.map(function (f, i) { return i; });
            order.sort(function (a, b) { return pairs[b].properties.count - pairs[a].properties.count || a - b; });
            order.forEach(function (index, rank) {
                var p = pairs[index].properties;
                if (rank < options.svgPairs) { heavy.push(pairLine(index)); }
                else { tailGroup(p.colour + " " + p.status, p).members.push(pairs[index]); }
            });
            group.on("add", addArrowDefs);
            geo.onChange(refreshPairs);
            group.addTo(map);
            countLabels.addTo(map);
            refreshPairs();
            addArrowDefs();
            geo.layers.routes = group;
            geo.layers.routePairs = heavy;
            geo.layers.routeTail = tailGroups;
            return;
        }
        var routes = geo.data.routes.map(function (f) {
            var p = f.properties, layers = [];
            var weight = p.corroborated ? 5 : 3;
            var style = {renderer: renderer, color: p.colour, weight: weight, opacity: 0.9, smoothFactor: 0, noClip: true,
                         dashArray: (p.status === "alleged" || p.status === "denied") ? "9 7" : null, className: "geo-route geo-arrow-" + p.arrow};
            lines(f).forEach(function (coords, i) {
                var meta = (p.lines || [])[i] || {};
                var points = coords.map(function (c) { return [c[1], c[0]]; });
                if (p.status === "confirmed") {
                    layers.push(L.polyline(points, {renderer: renderer, color: "#ffffff", weight: weight + 4, opacity: 0.85, smoothFactor: 0, noClip: true, interactive: false}));
                }
                if (meta.origin_inferred) {
                    var split = lerp(points[0], points[1], 0.35);
                    layers.push(L.polyline([points[0], split], {renderer: renderer, color: p.colour, weight: Math.max(2, weight - 1), opacity: 0.55, dashArray: "1 6", smoothFactor: 0, noClip: true, className: "geo-route geo-route-inferred"}));
                    points = [split].concat(points.slice(1));
                }
                layers.push(L.polyline(withMidpoints(points), style));
            });
            var route = L.featureGroup(layers);
            route.feature = f;
            route.bindPopup(function () { return geo.routePopup(p); }, {maxWidth: 440, minWidth: 280});
            route.bindTooltip(function () {
                return geo.el("span", {dir: "auto"}, [p.mover || p.mover_label, " · ", geo.label(p.status)]);
            }, {sticky: true});
            return route;
        });
        function refresh() {
            routes.forEach(function (route) {
                if (geo.visible(route.feature.properties)) { group.addLayer(route); } else { group.removeLayer(route); }
            });
        }
        group.on("add", addArrowDefs);
        geo.onChange(refresh);
        refresh();
        group.addTo(map);
        addArrowDefs();
        geo.layers.routes = group;
    };
})(window.geoParts = window.geoParts || {});
