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
        function lerp(a, b, t) {
            if (a.lat !== undefined) { return L.latLng(a.lat + (b.lat - a.lat) * t, a.lng + (b.lng - a.lng) * t); }
            return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
        }
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
                return geo.el("span", {dir: "auto"}, [line.shown + " × ", geo.moverLabel(p.mover_label), " · ", geo.label(p.status)]);
            }, {sticky: true});
            if (p.status === "alleged" || p.status === "denied") {
                // A dashed line takes clicks only on its dashes: a wide invisible line under
                // it takes the clicks in its gaps.
                line.hit = L.polyline(points, {renderer: renderer, color: "#000", opacity: 0, weight: Math.max(options.hitWidth, pairWeight(p.count)), smoothFactor: 0, noClip: true, className: "geo-route-hit"});
                line.hit.on("click", function (event) { line.openPopup(event.latlng); });
            }
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
                if (n === 0) {
                    group.removeLayer(line);
                    if (line.hit) { group.removeLayer(line.hit); }
                    return;
                }
                if (n !== line.shown) { line.shown = n; line.setStyle({weight: pairWeight(n)}); }
                if (line.hit) { group.addLayer(line.hit); }
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
        // ---- One feature group per claim: strokes (each a visible line over a wide invisible
        // hit line, so a click in a dash gap still opens the claim), lanes that keep lines of
        // different claims over the same ground apart, hubs for claims with many ends, and
        // badges for claims with a single placed end.
        var LANE = options.lane, HIT = options.hitWidth, low = geo.data.low_confidence;
        var DASHES = {alleged: "9 7", denied: "14 5 2 5"};
        var placeConfidence = {};
        geo.data.places.forEach(function (f) { placeConfidence[f.properties.place_id] = f.properties.confidence; });
        function weakEnd(e) {
            // An end at a place resolved with low confidence: the line it draws is as unsure.
            var c = e && e.place_id ? placeConfidence[e.place_id] : undefined;
            return typeof c === "number" && c < low;
        }
        function weakVia(p) { return (p.via || []).some(weakEnd); }
        function ll(c) { return L.latLng(c[1], c[0]); }
        function key(c) { return c[0].toFixed(4) + "," + c[1].toFixed(4); }
        function centroid(points) {
            var lat = 0, lng = 0;
            points.forEach(function (p) { lat += p.lat; lng += p.lng; });
            return L.latLng(lat / points.length, lng / points.length);
        }
        function unique(list) {
            var seen = {}, out = [];
            list.forEach(function (c) { var k = key(c); if (!seen[k]) { seen[k] = true; out.push(c); } });
            return out;
        }
        function plainStrokes(f) {
            var p = f.properties, strokes = [], via = weakVia(p);
            lines(f).forEach(function (coords, i) {
                var meta = (p.lines || [])[i] || {}, points = coords.map(ll);
                var weak = via || weakEnd((p.origins || [])[meta.origin]) || weakEnd((p.destinations || [])[meta.destination]);
                if (meta.origin_inferred) {
                    var split = lerp(points[0], points[1], 0.35);
                    strokes.push({points: [points[0], split], inferred: true});
                    points = [split].concat(points.slice(1));
                }
                strokes.push({points: points, arrow: true, main: i === 0, weak: weak});
            });
            return strokes;
        }
        function claimEnds(f) {
            // The claim's origins and destinations as drawn, one each (a line to a country is
            // cut where it crosses the border, so the same country ends each line elsewhere:
            // its first crossing stands for it).
            var all = lines(f), meta = f.properties.lines || [], origins = {}, ends = {}, inferred = {};
            all.forEach(function (coords, i) {
                var m = meta[i] || {origin: key(coords[0]), destination: key(coords[coords.length - 1])};
                if (!(m.origin in origins)) { origins[m.origin] = coords[0]; }
                if (!(m.destination in ends)) { ends[m.destination] = coords[coords.length - 1]; }
                if (m.origin_inferred) { inferred[m.origin] = true; }
            });
            function values(o) { return Object.keys(o).map(function (k) { return {key: k, coords: o[k]}; }); }
            return {origins: values(origins), ends: values(ends), inferred: inferred};
        }
        function hubStrokes(f) {
            // Spokes from each origin to a hub, one trunk through the via points to a second
            // hub, spokes from it to each destination: one shape instead of origins × destinations lines.
            var p = f.properties, all = lines(f), found = claimEnds(f), origins = found.origins, ends = found.ends;
            var vias = all[0].slice(1, -1).map(ll);
            function weakOrigin(o) { return weakEnd((p.origins || [])[o.key]); }
            function weakDestination(e) { return weakEnd((p.destinations || [])[e.key]); }
            var a = origins.length > 1 ? centroid(origins.map(function (o) { return ll(o.coords); })) : ll(origins[0].coords);
            var b = ends.length > 1 ? centroid(ends.map(function (e) { return ll(e.coords); })) : ll(ends[0].coords);
            var strokes = [];
            if (origins.length > 1) {
                origins.forEach(function (o) { strokes.push({points: [ll(o.coords), a], inferred: !!found.inferred[o.key], spoke: true, weak: weakOrigin(o)}); });
            }
            // The trunk stands for the single origin or destination it starts or ends at.
            var weakTrunk = weakVia(p) || (origins.length === 1 && weakOrigin(origins[0])) || (ends.length === 1 && weakDestination(ends[0]));
            strokes.push({points: [a].concat(vias, [b]), arrow: ends.length === 1, main: true, trunk: true, weak: weakTrunk});
            if (ends.length > 1) {
                ends.forEach(function (e) { strokes.push({points: [b, ll(e.coords)], arrow: true, spoke: true, weak: weakDestination(e)}); });
            }
            return {strokes: strokes, hubs: [origins.length > 1 ? a : null, ends.length > 1 ? b : null].filter(Boolean)};
        }
        function isHub(f) {
            if (lines(f).length < options.hubLines) { return false; }
            var found = claimEnds(f);
            return found.origins.length > 1 || found.ends.length > 1;
        }
        function lineStyle(p, weak) {
            var faint = p.confidence < low || !!weak;
            return {renderer: renderer, color: p.colour, weight: (p.corroborated ? 5 : 3) - (faint ? 1 : 0), opacity: faint ? 0.5 : 0.9,
                    smoothFactor: 0, noClip: true, dashArray: DASHES[p.status] || null,
                    className: "geo-route geo-route-" + p.status + (faint ? " geo-route-low" : "")};
        }
        function strokeLayers(stroke, p, style) {
            var layers = {};
            if (p.status === "confirmed" && !stroke.inferred) {
                layers.casing = L.polyline(stroke.points, {renderer: renderer, color: "#1b1b1b", weight: style.weight + 4, opacity: 0.9, smoothFactor: 0, noClip: true, interactive: false, className: "geo-route-casing"});
            }
            if (stroke.inferred) {
                layers.line = L.polyline(stroke.points, {renderer: renderer, color: p.colour, weight: Math.max(2, style.weight - 1), opacity: 0.55, dashArray: "1 6", smoothFactor: 0, noClip: true, className: "geo-route geo-route-inferred"});
            } else {
                var own = stroke.weak ? lineStyle(p, true) : L.extend({}, style);
                if (stroke.arrow) { own.className += " geo-arrow-" + p.arrow; }
                if (stroke.trunk) { own.className += " geo-route-trunk"; own.weight += 1; }
                if (stroke.main) { own.className += " geo-route-main"; }
                layers.line = L.polyline(stroke.arrow ? withMidpoints(stroke.points) : stroke.points, own);
            }
            layers.hit = L.polyline(stroke.points, {renderer: renderer, color: "#000", opacity: 0, weight: HIT, smoothFactor: 0, noClip: true, className: "geo-route-hit"});
            return layers;
        }
        var stacked = {}, undrawn = [], onMap = {};
        geo.data.places.forEach(function (f) { onMap[f.properties.place_id] = true; });
        function endBadges(p) {
            // A claim with no line: a badge beside each of its placed ends (arrow out of an
            // origin, into a destination), stacked when several claims share a place.
            var badges = [];
            [["origins", "out", "↗"], ["via", "via", "↔"], ["destinations", "in", "↘"]].forEach(function (role) {
                (p[role[0]] || []).forEach(function (e) {
                    // A foreign country is no point on the map (its centroid says nothing).
                    if (!e.placed || !e.lonlat || (e.kind === "country" && !onMap[e.place_id])) { return; }
                    var k = key(e.lonlat), n = stacked[k] = (stacked[k] || 0) + 1;
                    var faint = p.confidence < low || weakEnd(e);
                    var badge = geo.el("span", {"class": "geo-claim-badge geo-claim-" + role[1] + " geo-claim-" + p.status + (faint ? " geo-claim-low" : "")}, role[2]);
                    badge.style.borderColor = p.colour;
                    badge.style.color = p.colour;
                    badges.push(L.marker(ll(e.lonlat), {icon: L.divIcon({className: "geo-claim-end", html: badge, iconSize: [20, 20], iconAnchor: [-6 - 22 * (n - 1), 26]}), keyboard: false, riseOnHover: true}));
                });
            });
            return badges;
        }
        var routes = [];
        geo.data.routes.forEach(function (f) {
            var p = f.properties, layers = [], strokes = [], style = lineStyle(p), shape;
            if (p.decision === "rejected") { undrawn.push({feature: f, why: "rejected"}); return; }
            if (f.geometry) {
                shape = isHub(f) ? hubStrokes(f) : {strokes: plainStrokes(f), hubs: []};
                shape.strokes.forEach(function (stroke) {
                    stroke.layers = strokeLayers(stroke, p, style);
                    ["casing", "hit", "line"].forEach(function (k) { if (stroke.layers[k]) { layers.push(stroke.layers[k]); } });
                    strokes.push(stroke);
                });
                shape.hubs.forEach(function (hub) {
                    layers.push(L.circleMarker(hub, {renderer: renderer, radius: 5, color: "#ffffff", weight: 2, fillColor: p.colour, fillOpacity: 1, className: "geo-route-hub"}));
                });
            } else {
                layers = endBadges(p);
                if (!layers.length) { undrawn.push({feature: f, why: "unplaced"}); return; }
            }
            var route = L.featureGroup(layers);
            route.feature = f;
            route.strokes = strokes;
            route.hub = shape ? shape.hubs.length > 0 : false;
            route.single = !f.geometry;
            route.bindPopup(function () { return geo.routePopup(p); }, {maxWidth: 440, minWidth: 280});
            route.bindTooltip(function () {
                var bits = [p.mover || geo.moverLabel(p.mover_label), " · ", geo.label(p.status)];
                if (p.confidence < low) { bits.push(" · ", geo.label("low")); }
                return geo.el("span", {dir: "auto"}, bits);
            }, {sticky: true});
            routes.push(route);
        });
        geo.undrawnRoutes = undrawn;
        function segments(route) {
            var out = [];
            route.strokes.forEach(function (stroke) {
                var pts = stroke.points.map(function (p) { return L.CRS.EPSG3857.project(p); });
                for (var i = 1; i < pts.length; i++) { out.push([pts[i - 1], pts[i]]); }
            });
            return out;
        }
        function overlaps(s, t) {
            // Nearly parallel, nearly on one line, and sharing a stretch: one would hide the other.
            var ux = s[1].x - s[0].x, uy = s[1].y - s[0].y, vx = t[1].x - t[0].x, vy = t[1].y - t[0].y;
            var lu = Math.sqrt(ux * ux + uy * uy), lv = Math.sqrt(vx * vx + vy * vy);
            if (!lu || !lv || Math.abs(ux * vy - uy * vx) / (lu * lv) > 0.1) { return false; }
            var tolerance = 0.03 * Math.max(lu, lv) + 500;
            var far = [t[0], t[1]].some(function (q) { return Math.abs((q.x - s[0].x) * uy - (q.y - s[0].y) * ux) / lu > tolerance; });
            if (far) { return false; }
            var a = ((t[0].x - s[0].x) * ux + (t[0].y - s[0].y) * uy) / lu, b = ((t[1].x - s[0].x) * ux + (t[1].y - s[0].y) * uy) / lu;
            var shared = Math.min(lu, Math.max(a, b)) - Math.max(0, Math.min(a, b));
            return shared > 0.2 * Math.min(lu, lv);
        }
        function assignLanes() {
            var segs = routes.map(segments), order = [0, 1, -1, 2, -2, 3, -3, 4, -4];
            routes.forEach(function (route, i) {
                var used = {};
                for (var j = 0; j < i; j++) {
                    var hit = segs[i].some(function (s) { return segs[j].some(function (t) { return overlaps(s, t); }); });
                    if (hit) { used[routes[j].lane] = true; }
                }
                route.lane = order.filter(function (lane) { return !used[lane]; })[0] || 0;
            });
        }
        function offsetPoints(points, distance) {
            var n = points.length, out = [];
            function normal(a, b) { var dx = b.x - a.x, dy = b.y - a.y, l = Math.sqrt(dx * dx + dy * dy) || 1; return L.point(-dy / l, dx / l); }
            for (var i = 0; i < n; i++) {
                var before = i > 0 ? normal(points[i - 1], points[i]) : null, after = i < n - 1 ? normal(points[i], points[i + 1]) : null;
                var m = before && after ? L.point(before.x + after.x, before.y + after.y) : (before || after);
                var length = Math.sqrt(m.x * m.x + m.y * m.y) || 1, unit = L.point(m.x / length, m.y / length);
                var scale = distance / Math.max(0.5, unit.x * (before || after).x + unit.y * (before || after).y);
                out.push(L.point(points[i].x + unit.x * scale, points[i].y + unit.y * scale));
            }
            return out;
        }
        function placeLanes() {
            var zoom = map.getZoom();
            routes.forEach(function (route) {
                if (!route.lane) { return; }
                route.strokes.forEach(function (stroke) {
                    var shifted = offsetPoints(stroke.points.map(function (p) { return map.project(p, zoom); }), route.lane * LANE)
                        .map(function (pt) { return map.unproject(pt, zoom); });
                    stroke.shown = shifted;
                    var layers = stroke.layers;
                    if (layers.casing) { layers.casing.setLatLngs(shifted); }
                    layers.hit.setLatLngs(shifted);
                    layers.line.setLatLngs(stroke.arrow && !stroke.inferred ? withMidpoints(shifted) : shifted);
                });
            });
        }
        assignLanes();
        map.on("zoomend", placeLanes);
        placeLanes();
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
        geo.routeLayers = routes;
    };
})(window.geoParts = window.geoParts || {});
