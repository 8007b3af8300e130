// geo map part: The legend: mover colours, status dashes, role shapes, notes.
(function (parts) {
    parts.legend = function (map, geo, options) {
        var SVG = "http://www.w3.org/2000/svg", el = geo.el;
        function line(colour, attrs) {
            var svg = document.createElementNS(SVG, "svg");
            svg.setAttribute("width", "34"); svg.setAttribute("height", "12");
            var path = document.createElementNS(SVG, "path");
            path.setAttribute("d", "M2 6 H26");
            path.setAttribute("stroke", colour);
            path.setAttribute("fill", "none");
            path.setAttribute("stroke-width", attrs.width || 3);
            if (attrs.dash) { path.setAttribute("stroke-dasharray", attrs.dash); }
            if (attrs.casing) {
                var casing = path.cloneNode();
                casing.setAttribute("stroke", "#1b1b1b");
                casing.setAttribute("stroke-width", (attrs.width || 3) + 4);
                svg.appendChild(casing);
            }
            if (attrs.opacity) { path.setAttribute("stroke-opacity", attrs.opacity); }
            svg.appendChild(path);
            var head = document.createElementNS(SVG, "path");
            head.setAttribute("d", "M24 1 L33 6 L24 11 L26 6 z");
            head.setAttribute("fill", colour);
            if (!attrs.noHead) { svg.appendChild(head); }
            return svg;
        }
        function hub() {
            var svg = document.createElementNS(SVG, "svg");
            svg.setAttribute("width", "34"); svg.setAttribute("height", "14");
            ["M2 2 L10 7", "M2 12 L10 7", "M10 7 H24", "M24 7 L32 2", "M24 7 L32 12"].forEach(function (d) {
                var path = document.createElementNS(SVG, "path");
                path.setAttribute("d", d); path.setAttribute("stroke", "#444"); path.setAttribute("stroke-width", 2); path.setAttribute("fill", "none");
                svg.appendChild(path);
            });
            [10, 24].forEach(function (x) {
                var dot = document.createElementNS(SVG, "circle");
                dot.setAttribute("cx", x); dot.setAttribute("cy", 7); dot.setAttribute("r", 3); dot.setAttribute("fill", "#444");
                svg.appendChild(dot);
            });
            return svg;
        }
        function row(symbol, label) { return el("div", {"class": "geo-row"}, [symbol, el("span", {}, label)]); }
        var Legend = L.Control.extend({
            options: {position: "bottomleft"},
            onAdd: function () {
                var box = el("div", {"class": "geo-legend leaflet-control"});
                // Open unless the window is narrow; its summary opens and closes it.
                var legend = el("details", {"class": "geo-legend-body"}, el("summary", {}, "Legend / مفتاح الخريطة"));
                legend.open = map.getSize().x >= geo.narrowWidth;
                box.appendChild(legend);
                legend.appendChild(el("h4", {}, "Movers / الجهة المتنقلة"));
                // A mover none of whose claims the map draws (no placed end) is said to be
                // listed in the sources panel instead.
                var drawn = {};
                (geo.routeLayers || []).forEach(function (r) { drawn[r.feature.properties.mover_label] = true; });
                geo.data.movers.forEach(function (m) {
                    var absent = !geo.data.aggregated && !drawn[m.label];
                    var entry = row(line(m.colour, absent ? {opacity: 0.35} : {}), geo.moverLabel(m.label) + (absent ? " — " + geo.label("not_drawn") : ""));
                    if (absent) { entry.className += " geo-mover-absent"; }
                    legend.appendChild(entry);
                });
                legend.appendChild(el("h4", {}, "Claims / الادعاءات"));
                legend.appendChild(row(line("#444", {dash: "9 7"}), geo.label("alleged")));
                legend.appendChild(row(line("#444", {dash: "14 5 2 5"}), geo.label("denied")));
                legend.appendChild(row(line("#444", {}), geo.label("reported")));
                legend.appendChild(row(line("#444", {casing: true}), geo.label("confirmed")));
                legend.appendChild(row(line("#444", {opacity: 0.5, width: 2}), "Low confidence (< " + geo.data.low_confidence + "): the claim, or the place a line reaches / " + geo.data.labels.low[1]));
                if (!geo.data.aggregated) {
                    legend.appendChild(row(line("#444", {width: 5}), geo.label("corroborated")));
                    legend.appendChild(row(hub(), geo.label("hub")));
                    var badge = el("span", {"class": "geo-claim-badge geo-claim-in"}, "↘");
                    legend.appendChild(row(el("span", {style: "display:inline-block;width:34px"}, badge), geo.label("single")));
                }
                legend.appendChild(row(line("#444", {dash: "1 4", opacity: 0.55, noHead: true}), geo.label("inferred")));
                if (geo.data.aggregated) {
                    legend.appendChild(row(line("#444", {width: 9}), geo.label("pairs")));
                }
                legend.appendChild(el("h4", {}, "Places / الأماكن"));
                ["origin", "destination", "via", "mentioned"].forEach(function (role) {
                    var pin = el("span", {"class": "geo-pin geo-pin-" + role});
                    legend.appendChild(row(el("span", {style: "display:inline-block;width:18px"}, pin), geo.label(role)));
                });
                var faint = el("span", {"class": "geo-marker-low", style: "display:inline-block;width:18px"}, el("span", {"class": "geo-pin geo-pin-mentioned"}));
                legend.appendChild(row(faint, geo.label("low")));
                var sample = el("span", {style: "display:inline-block;width:18px"}, el("span", {"class": "geo-cluster-sample"}, "3"));
                legend.appendChild(row(sample, geo.label("cluster")));
                if (geo.clusterRims) {
                    var faintSample = el("span", {style: "display:inline-block;width:18px"}, el("span", {"class": "geo-cluster-sample geo-cluster-low"}, "3"));
                    legend.appendChild(row(faintSample, geo.label("cluster_low")));
                }
                var notes = [];
                if (geo.data.unresolved) { notes.push(geo.data.unresolved + " unresolved mention(s) not placed (see GeoJSON)"); }
                if (geo.data.failures.length) { notes.push(geo.data.failures.length + " document(s) could not be read"); }
                var leftOut = geo.data.route_pairs_left_out;
                if (leftOut && leftOut.pairs) {
                    notes.push("Drawn: the " + geo.data.route_pairs.length + " endpoint pairs with most claims; " + leftOut.pairs + " more pairs (" + leftOut.claims + " claims) are in the GeoJSON");
                }
                notes.forEach(function (n) { legend.appendChild(el("div", {"class": "geo-muted"}, n)); });
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            }
        });
        new Legend().addTo(map);
    };
})(window.geoParts = window.geoParts || {});
