"""Routes as directed lines: colour by mover, dashed when alleged, thicker when corroborated.

Arrowheads are SVG markers (one per palette colour) drawn by the browser at the end and the
middle of every line, so 2,000 routes need no per-line decorator work on zoom. A route with
several origins or destinations is a fan: one line per origin and destination pair. A line
from an inferred origin starts with a faint dotted stretch.
"""

from __future__ import annotations

from folium.template import Template

from geo.mapping.base import MapPart
from geo.mapping.style import palette


class RouteLayer(MapPart):
    """All route lines of the map data, one feature group per route."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (geo, map) {
            var SVG = "http://www.w3.org/2000/svg";
            var colours = {{ this.colours|tojson }};
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
            var routes = geo.data.routes.map(function (f) {
                var p = f.properties, layers = [];
                var weight = p.corroborated ? 5 : 3;
                var style = {renderer: renderer, color: p.colour, weight: weight, opacity: 0.9, smoothFactor: 0, noClip: true,
                             dashArray: p.status === "alleged" ? "9 7" : null, className: "geo-route geo-arrow-" + p.arrow};
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
                    return geo.el("span", {dir: "auto"}, [p.mover || p.mover_label, " \u00b7 ", geo.label(p.status)]);
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
        })({{ this.geo.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geo: MapPart) -> None:
        super().__init__()
        self._name = "GeoRoutes"
        self.geo = geo
        self.colours = list(palette())
