// geo map part: review on the map. A popup's review box marks a claim wrong or confirmed, or a
// mention not a place or another (runner-up) place, with a note. Decisions are kept in
// localStorage under the run's key and downloaded as the overrides YAML geo run --overrides
// reads. Decisions already applied by the run (in the data) are shown and kept in the download.
(function (parts) {
    function yamlString(text) {
        // A JSON string is a YAML double-quoted scalar; escape what YAML reads as line breaks
        // or refuses as unprintable.
        return JSON.stringify(String(text)).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, function (c) {
            return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
        });
    }
    parts.review = function (map, geo, options) {
        var el = geo.el, data = geo.data, storageKey = "geo-review:" + data.review_key;
        var store = {routes: {}, mentions: {}}, applied = {routes: {}, mentions: {}}, listeners = [];
        function mentionKey(d, start, end) { return d + ":" + start + ":" + end; }
        try {
            var saved = JSON.parse(window.localStorage.getItem(storageKey) || "null");
            if (saved && saved.routes && saved.mentions) { store = saved; }
        } catch (error) { store = {routes: {}, mentions: {}}; }
        data.routes.forEach(function (f) {
            var p = f.properties;
            if (p.decision) { applied.routes[p.route_id] = {decision: p.decision, note: p.decision_note || ""}; }
        });
        data.decided_mentions.forEach(function (m) {
            applied.mentions[mentionKey(m.d, m.start, m.end)] = {
                d: m.d, start: m.start, end: m.end, text: m.text, note: m.decision_note || "",
                decision: m.decision === "rejected" ? "not_a_place" : "place", place: m.place_id
            };
        });
        function save() {
            try { window.localStorage.setItem(storageKey, JSON.stringify(store)); } catch (error) { /* private mode: kept until the page closes */ }
            listeners.forEach(function (fn) { fn(); });
        }
        function current(kind, key) {
            var own = store[kind][key];
            if (own) { return own.decision ? own : null; }
            return applied[kind][key] || null;
        }
        var review = {
            key: data.review_key,
            onChange: function (fn) { listeners.push(fn); },
            route: function (id) { return current("routes", id); },
            routeApplied: function (id) { return applied.routes[id] || null; },
            mention: function (d, start, end) { return current("mentions", mentionKey(d, start, end)); },
            mentionApplied: function (d, start, end) { return applied.mentions[mentionKey(d, start, end)] || null; },
            setRoute: function (id, decision, note) { store.routes[id] = {decision: decision, note: note || ""}; save(); },
            setMention: function (m, decision, place, note) {
                store.mentions[mentionKey(m.d, m.start, m.end)] = {d: m.d, start: m.start, end: m.end, text: m.text, decision: decision, place: place || "", note: note || ""};
                save();
            },
            clear: function () { store = {routes: {}, mentions: {}}; save(); },
            pending: function () { return Object.keys(store.routes).length + Object.keys(store.mentions).length; },
            all: function () {
                var routes = {}, mentions = {};
                [applied, store].forEach(function (source) {
                    Object.keys(source.routes).forEach(function (id) { routes[id] = source.routes[id]; });
                    Object.keys(source.mentions).forEach(function (k) { mentions[k] = source.mentions[k]; });
                });
                return {
                    routes: Object.keys(routes).sort().filter(function (id) { return routes[id].decision; }).map(function (id) { return L.extend({route: id}, routes[id]); }),
                    mentions: Object.keys(mentions).sort().map(function (k) { return mentions[k]; }).filter(function (m) { return m.decision; })
                };
            },
            yaml: function () {
                var all = review.all(), lines = [
                    "# Analyst decisions made on the geo map (run " + data.review_key + ").",
                    "# Apply them: geo run ARTICLES --out DIR --overrides THIS_FILE",
                    "route_decisions:" + (all.routes.length ? "" : " []")
                ];
                all.routes.forEach(function (r) {
                    lines.push("  - route: " + yamlString(r.route), "    decision: " + yamlString(r.decision), "    note: " + yamlString(r.note || ""));
                });
                lines.push("mention_decisions:" + (all.mentions.length ? "" : " []"));
                all.mentions.forEach(function (m) {
                    var doc = (geo.docs[m.d] || {}).doc || "";
                    lines.push("  - document: " + yamlString(doc), "    start: " + Number(m.start), "    end: " + Number(m.end),
                        "    text: " + yamlString(m.text || ""), "    decision: " + yamlString(m.decision));
                    if (m.decision === "place") { lines.push("    place: " + yamlString(m.place || "")); }
                    lines.push("    note: " + yamlString(m.note || ""));
                });
                return lines.join("\n") + "\n";
            },
            download: function () {
                var a = el("a", {download: "geo-decisions-" + data.review_key + ".yaml"});
                a.href = "data:application/x-yaml;charset=utf-8," + encodeURIComponent(review.yaml());
                document.body.appendChild(a);
                a.click();
                a.remove();
            }
        };
        geo.review = review;

        function describe(decision, isApplied) {
            if (!decision) { return "No decision / لا قرار"; }
            var words = {rejected: "Wrong (rejected)", confirmed: "Correct (confirmed)", not_a_place: "Not a place", place: "Another place: " + (decision.place || "")};
            var text = words[decision.decision] || decision.decision;
            return text + (decision.note ? " — " + decision.note : "") + (isApplied ? " (applied in this run)" : " (saved here; download and rerun to apply)");
        }
        function noteInput(value) {
            return el("input", {type: "text", "class": "geo-note", placeholder: "Note (optional) / ملاحظة", dir: "auto", value: value || ""});
        }
        geo.routeReviewBox = function (p) {
            var id = p.route_id, decision = review.route(id), applied0 = review.routeApplied(id);
            var status = el("div", {"class": "geo-decision", dir: "auto"}, describe(decision, decision === applied0));
            var note = noteInput(decision ? decision.note : "");
            function button(label, value) {
                var b = el("button", {type: "button", "data-decision": value}, label);
                b.addEventListener("click", function () {
                    review.setRoute(id, value, note.value);
                    var now = review.route(id);
                    status.textContent = describe(now, false);
                });
                return b;
            }
            var box = el("div", {"class": "geo-review", dir: "ltr"}, [
                el("b", {}, "Review / مراجعة"), status,
                button("✗ Wrong / خطأ", "rejected"), button("✓ Correct / صحيح", "confirmed"), button("Clear / مسح", ""), note
            ]);
            L.DomEvent.disableClickPropagation(box);
            return box;
        };
        geo.mentionReviewBox = function (m) {
            var decision = review.mention(m.d, m.start, m.end), applied0 = review.mentionApplied(m.d, m.start, m.end);
            var status = el("div", {"class": "geo-decision", dir: "auto"}, describe(decision, decision === applied0));
            var note = noteInput(decision ? decision.note : "");
            var select = el("select", {"class": "geo-choice"}, [el("option", {value: ""}, "Review this mention… / مراجعة"), el("option", {value: "not_a_place"}, "Not a place / ليس مكاناً")]);
            (m.candidates || []).forEach(function (c) {
                var label = "Instead: " + [c.name_ar, c.name].filter(Boolean).join(" — ") + (c.admin1 ? " (" + c.admin1 + ")" : "") + " · " + c.id;
                select.appendChild(el("option", {value: "place:" + c.id}, label));
            });
            select.value = decision ? (decision.decision === "place" ? "place:" + decision.place : decision.decision) : "";
            if (select.selectedIndex < 0) { select.value = ""; }
            function apply() {
                var value = select.value, place = value.indexOf("place:") === 0 ? value.slice(6) : "";
                review.setMention(m, place ? "place" : value, place, note.value);
                status.textContent = describe(review.mention(m.d, m.start, m.end), false);
            }
            select.addEventListener("change", apply);
            note.addEventListener("change", function () { if (select.value) { apply(); } });
            var box = el("div", {"class": "geo-review", dir: "ltr"}, [status, select, note]);
            L.DomEvent.disableClickPropagation(box);
            return box;
        };

        // On the map: a ✗ or ✓ at a reviewed claim, a ring round a reviewed place, a white
        // pin at a chosen candidate.
        var marks = L.layerGroup().addTo(map);
        function mark(latlng, text, title) {
            return L.marker(latlng, {interactive: false, keyboard: false, icon: L.divIcon({className: "geo-review-mark", html: el("span", {title: title}, text), iconSize: [18, 18], iconAnchor: [9, 9]})});
        }
        function showMarks() {
            marks.clearLayers();
            (geo.routeLayers || []).forEach(function (route) {
                var p = route.feature.properties, decision = review.route(p.route_id);
                if (!decision || !route.strokes.length) { return; }
                var main = route.strokes.filter(function (s) { return s.main; })[0] || route.strokes[0];
                var points = main.shown || main.points, middle = points[Math.floor(points.length / 2)];
                if (points.length === 2) { middle = L.latLng((points[0].lat + points[1].lat) / 2, (points[0].lng + points[1].lng) / 2); }
                marks.addLayer(mark(middle, decision.decision === "rejected" ? "✗" : "✓", p.route_id));
                route.eachLayer(function (layer) {
                    if (layer.setStyle && layer.options.className && layer.options.className.indexOf("geo-route") === 0 && layer.options.opacity) {
                        layer.setStyle({opacity: decision.decision === "rejected" ? 0.25 : 0.9});
                    }
                });
            });
            (geo.markers || []).forEach(function (marker) {
                var p = marker.feature.properties, decided = false, rejected = true;
                (p.mentions || []).forEach(function (m) {
                    var decision = review.mention(m.d, m.start, m.end);
                    if (!decision) { rejected = false; return; }
                    decided = true;
                    if (decision.decision !== "not_a_place") { rejected = false; }
                    if (decision.decision === "place") {
                        var c = (m.candidates || []).filter(function (x) { return x.id === decision.place; })[0];
                        if (c && c.lonlat) {
                            marks.addLayer(L.marker([c.lonlat[1], c.lonlat[0]], {interactive: false, icon: L.divIcon({className: "geo-choice", html: el("span", {"class": "geo-choice-pin", title: c.name || c.id}), iconSize: [14, 14], iconAnchor: [7, 7]})}));
                        }
                    }
                });
                var icon = marker.getElement && marker.getElement();
                marker.reviewed = decided;
                if (icon) {
                    icon.classList.toggle("geo-marker-reviewed", decided);
                    icon.classList.toggle("geo-marker-rejected", decided && rejected);
                }
            });
        }
        var pending = null;
        function anyDecision() {
            return [store, applied].some(function (source) { return Object.keys(source.routes).length || Object.keys(source.mentions).length; });
        }
        function schedule() {
            // Once per burst of events (a cluster adds thousands of markers at once), and
            // only when there is something to show.
            if (pending !== null || (!anyDecision() && !marks.getLayers().length)) { return; }
            pending = setTimeout(function () { pending = null; showMarks(); }, 0);
        }
        review.onChange(showMarks);
        map.whenReady(schedule);
        map.on("zoomend layeradd", function (event) { if (event.type === "zoomend" || event.layer instanceof L.Marker) { schedule(); } });
    };
})(window.geoParts = window.geoParts || {});
