// geo map part: the sources panel: the run's documents (outlet, date, title, SHA-256, counts),
// each filtering the map to its own evidence; countries mentioned (not drawn as points);
// claims the map draws no line or badge for; the review's decisions and their download.
(function (parts) {
    parts.sources = function (map, geo, options) {
        var el = geo.el, data = geo.data, only = null;
        function button(label, action, attrs) {
            var b = el("button", L.extend({type: "button"}, attrs || {}), label);
            b.addEventListener("click", action);
            return b;
        }
        function showOnly(index) {
            only = index;
            var visible = function (i) { return index === null || i === index; };
            if (geo.showDocuments) { geo.showDocuments(visible); } else {
                data.documents.forEach(function (d, i) { geo.state.docs[i] = visible(i); });
                geo.changed();
            }
            render();
        }
        function openClaim(f) {
            var p = f.properties, at = map.getCenter();
            var ends = [].concat(p.origins || [], p.destinations || []).filter(function (e) { return e.lonlat; });
            if (ends.length) { at = L.latLng(ends[0].lonlat[1], ends[0].lonlat[0]); }
            L.popup({maxWidth: 440, minWidth: 280}).setLatLng(at).setContent(geo.routePopup(p)).openOn(map);
        }
        var body = el("div", {"class": "geo-panel-body"});
        function render() {
            body.textContent = "";
            var docs = el("ul", {"class": "geo-docs"});
            data.documents.slice(0, options.maxDocuments).forEach(function (d, i) {
                var title = [d.outlet || "(no outlet)", d.date || "(no date)"].join(" · ");
                var item = el("li", {"class": "geo-doc" + (only === i ? " geo-doc-only" : ""), "data-doc": d.doc, dir: "ltr"}, [
                    el("div", {dir: "auto"}, el("bdi", {}, d.title || d.doc)),
                    el("div", {"class": "geo-muted", dir: "auto"}, title),
                    el("div", {"class": "geo-muted"}, [(d.places || 0) + " places · " + (d.routes || 0) + " routes · SHA-256 ", el("code", {title: d.sha256 || ""}, (d.sha256 || "").slice(0, 16) + "…")]),
                    button(only === i ? "Show all" : "Only this", function () { showOnly(only === i ? null : i); }, {"class": "geo-doc-only-button"})
                ]);
                docs.appendChild(item);
            });
            var more = data.documents.length - options.maxDocuments;
            body.appendChild(el("details", {open: "open"}, [el("summary", {}, "Documents / الوثائق (" + data.documents.length + ")"), docs,
                more > 0 ? el("div", {"class": "geo-muted"}, more + " more documents: filter by outlet and date; all are in the GeoJSON (geo.documents)") : ""]));
            if (data.countries.length) {
                var countries = el("ul", {}, data.countries.map(function (f) {
                    var p = f.properties;
                    return el("li", {dir: "auto"}, [el("bdi", {}, (p.spellings || [])[0] || p.name_ar), " — " + p.name + " (" + p.mention_total + ")"]);
                }));
                body.appendChild(el("details", {}, [el("summary", {}, "Countries mentioned / دول مذكورة (" + data.countries.length + ")"), el("div", {"class": "geo-muted"}, "Not drawn as points; routes to a neighbour end at its border."), countries]));
            }
            var undrawn = (geo.undrawnRoutes || []).filter(function (u) { return geo.visible(u.feature.properties) || u.why === "rejected"; });
            if (undrawn.length) {
                var list = el("ul", {"class": "geo-undrawn"}, undrawn.map(function (u) {
                    var p = u.feature.properties;
                    var why = u.why === "rejected" ? "rejected by analyst" + (p.decision_note ? ": " + p.decision_note : "") : "no end on the map";
                    return el("li", {dir: "ltr"}, [button(el("bdi", {}, p.mover || geo.moverLabel(p.mover_label)), function () { openClaim(u.feature); }, {"data-route": p.route_id}),
                        " " + p.status + " · ", el("bdi", {}, why)]);
                }));
                body.appendChild(el("details", {}, [el("summary", {}, "Claims not drawn / ادعاءات غير مرسومة (" + undrawn.length + ")"), list]));
            }
            if (geo.review) {
                var all = geo.review.all(), count = all.routes.length + all.mentions.length;
                body.appendChild(el("div", {"class": "geo-review-bar"}, [
                    el("b", {}, "Review / مراجعة: "), count + " decision(s) ",
                    button("Download overrides YAML", function () { geo.review.download(); }, {"class": "geo-download"}),
                    geo.review.pending() ? button("Clear", function () { geo.review.clear(); }, {"class": "geo-clear"}) : ""
                ]));
            }
        }
        var box = null;
        function fit() {
            // Open, the panel scrolls above the controls of the bottom-right corner (the
            // minimap, the filters) instead of running under them.
            if (!box) { return; }
            var corner = map._controlCorners.bottomright, limit = map.getContainer().getBoundingClientRect().bottom;
            Array.prototype.forEach.call(corner ? corner.children : [], function (control) {
                var r = control.getBoundingClientRect();
                if (r.width && r.height && !/leaflet-control-attribution/.test(control.className)) { limit = Math.min(limit, r.top); }
            });
            box.style.maxHeight = Math.max(80, limit - box.getBoundingClientRect().top - 10) + "px";
        }
        var Panel = L.Control.extend({
            options: {position: "topright"},
            onAdd: function () {
                box = el("div", {"class": "geo-panel leaflet-control"}, [el("details", {"class": "geo-sources"}, [el("summary", {}, "Sources & review / المصادر والمراجعة"), body])]);
                box.addEventListener("toggle", fit, true);
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            }
        });
        render();
        if (geo.review) { geo.review.onChange(render); }
        new Panel().addTo(map);
        map.on("resize", fit);
        map.whenReady(fit);
        geo.sourcesPanel = {render: render, showOnly: showOnly};
    };
})(window.geoParts = window.geoParts || {});
