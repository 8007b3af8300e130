// geo map part: Popups of places, regions, routes and route pairs, built from plain text with DOM calls (never markup).
(function (parts) {
    parts.popups = function (map, geo, options) {
        var el = geo.el, data = geo.data;
        function ar(key) { var l = data.labels[key]; return l ? l[1] : key; }
        function en(key) { var l = data.labels[key]; return l ? l[0] : key; }
        function link(url, text) {
            var safe = geo.safeLink(url);
            if (!safe) { return url ? el("span", {"class": "geo-muted"}, url) : ""; }
            var a = el("a", {target: "_blank", rel: "noopener noreferrer"}, text || safe);
            a.href = safe;
            return a;
        }
        function source(index, extra) {
            var d = geo.docs[index] || {};
            var parts = [d.outlet || d.doc, d.date, d.title ? "“" + d.title + "”" : ""].filter(Boolean);
            return el("div", {"class": "geo-muted", dir: "auto"}, [parts.join(" · "), " ", link(d.url, d.link ? "link" : ""), extra ? " · " + extra : ""]);
        }
        function quote(q) {
            var text = q.quote || q.text || "", s = q.quote_start || 0, e = q.quote_end || 0;
            return el("blockquote", {dir: "auto"}, [text.slice(0, s), el("mark", {}, text.slice(s, e)), text.slice(e)]);
        }
        function row(label, value) { return value ? el("div", {}, [el("b", {}, label + ": "), String(value)]) : ""; }
        function roles(p, lang) { return (p.roles || []).map(lang === "ar" ? ar : en).join(lang === "ar" ? "، " : ", "); }

        function confidence(value) {
            if (typeof value !== "number") { return ""; }
            return value.toFixed(2) + (value < data.low_confidence ? " — low / ثقة منخفضة" : "");
        }
        function decisionRow(decision, note) {
            if (!decision) { return ""; }
            return el("div", {"class": "geo-applied"}, [el("b", {}, "Analyst decision: "), decision + (note ? " — " + note : "")]);
        }
        geo.placePopup = function (p) {
            var names = geo.placeNames ? geo.placeNames(p) : {ar: p.name_ar || p.name, en: p.name, gazetteer: p.name};
            var arBlock = el("div", {"class": "geo-ar", dir: "rtl", lang: "ar"}, [
                el("h3", {}, names.ar),
                el("div", {"class": "geo-muted"}, [data.kind_ar[p.kind] || p.kind, p.admin1_ar || p.admin1 ? " · محافظة " + (p.admin1_ar || p.admin1) : "", p.admin2_ar || p.admin2 ? " · منطقة " + (p.admin2_ar || p.admin2) : ""]),
                el("div", {}, roles(p, "ar"))
            ]);
            var gazetteer = names.gazetteer && names.gazetteer !== names.en ? names.gazetteer + (names.en ? "" : " (does not match the article's spelling)") : "";
            var enBlock = el("div", {"class": "geo-en", dir: "ltr", lang: "en"}, [
                el("h3", {}, names.en || names.ar),
                row("Gazetteer name", gazetteer),
                row("Spellings in the articles", (p.spellings || []).join("، ")),
                row("Kind", p.kind), row("Governorate", p.admin1), row("District", p.admin2),
                row("Role", roles(p, "en")),
                row("Why this place", p.reason),
                row("Confidence", confidence(p.confidence)), row("Gazetteer id", p.place_id)
            ]);
            var items = (p.mentions || []).map(function (m) {
                return el("li", {}, [quote(m), source(m.d, "chars " + m.start + "–" + m.end),
                    m.reason && m.reason !== p.reason ? el("div", {"class": "geo-muted", dir: "auto"}, m.reason) : "",
                    decisionRow(m.decision, m.decision_note),
                    geo.mentionReviewBox && p.feature_type === "place" ? geo.mentionReviewBox(m) : ""]);
            });
            var more = p.mention_total > items.length ? el("div", {"class": "geo-muted geo-more"}, "and " + (p.mention_total - items.length) + " more mentions (all in the GeoJSON)") : "";
            return el("div", {"class": "geo-popup"}, [arBlock, enBlock, el("div", {"class": "geo-en", dir: "ltr", lang: "en"}, [el("b", {}, "Mentions (" + p.mention_total + ")"), el("ol", {}, items), more])]);
        };

        var places = null;
        function placeById() {
            if (!places) {
                places = {};
                data.places.forEach(function (f) { places[f.properties.place_id] = f.properties; });
            }
            return places;
        }
        function endpointList(list, lang) {
            return (list || []).map(function (e) {
                var place = e.place_id ? placeById()[e.place_id] : null;
                var english = place ? (place.name_en || "") : (e.name || "").replace(/`/g, "ʿ");
                var name = lang === "ar" ? (e.text || e.name_ar) : (english ? english + " (" + e.text + ")" : e.text);
                var notes = [];
                if (e.inferred) { notes.push(lang === "ar" ? "مستنتج" : "inferred"); }
                if (place && typeof place.confidence === "number" && place.confidence < data.low_confidence) {
                    notes.push(lang === "ar" ? "ثقة منخفضة " + place.confidence.toFixed(2) : "placed with low confidence, " + place.confidence.toFixed(2));
                }
                if (!e.placed) { notes.push(lang === "ar" ? "غير مرسوم" : e.kind + ", not drawn"); }
                return name + (notes.length ? " (" + notes.join(", ") + ")" : "");
            }).join(lang === "ar" ? "، " : ", ");
        }

        geo.routePopup = function (p) {
            var tag = el("span", {"class": "geo-tag"}, geo.moverLabel(p.mover_label));
            tag.style.background = p.colour;
            var arBlock = el("div", {"class": "geo-ar", dir: "rtl", lang: "ar"}, [
                el("h3", {}, [p.mover || geo.moverLabel(p.mover_label), " ", tag]),
                row("من", endpointList(p.origins, "ar")),
                row("عبر", endpointList(p.via, "ar")),
                row("إلى", endpointList(p.destinations, "ar")),
                row("الحالة", ar(p.status) + (p.status_cue ? " (" + p.status_cue + ")" : "")),
                row("العدد", (p.quantities || []).map(function (q) { return q.text; }).join("، ")),
                row("الوقت", p.time)
            ]);
            var enBlock = el("div", {"class": "geo-en", dir: "ltr", lang: "en"}, [
                el("h3", {}, "Route: " + geo.moverLabel(p.mover_label)),
                row("From", endpointList(p.origins, "en")),
                row("Via", endpointList(p.via, "en")),
                row("To", endpointList(p.destinations, "en")),
                row("Actors", (p.actors || []).join(", ")),
                row("Status", en(p.status)),
                row("How many", p.quantity),
                row("Confidence", confidence(p.confidence)),
                decisionRow(p.decision, p.decision_note),
                p.origin_inferred ? el("div", {}, el("b", {}, "Origin inferred: the text only implies where they came from.")) : "",
                row("Route id", p.route_id)
            ]);
            var evidence = p.evidence ? quote(p.evidence) : "";
            var corroboration = (p.corroborated_by || []).map(function (c) {
                return el("li", {dir: "auto"}, [c.d >= 0 ? source(c.d, c.route) : c.route, c.evidence ? el("div", {"class": "geo-muted", dir: "auto"}, c.evidence) : ""]);
            });
            return el("div", {"class": "geo-popup"}, [
                arBlock, enBlock,
                el("div", {"class": "geo-en", dir: "ltr", lang: "en"}, [el("b", {}, "Evidence"), evidence, source(p.d, "")]),
                corroboration.length ? el("div", {"class": "geo-en geo-corroboration", dir: "ltr", lang: "en"}, [
                    el("b", {}, "Corroborated by " + p.corroboration_count + (p.corroboration_count === 1 ? " claim" : " claims") + " of " + p.corroborating_documents + (p.corroborating_documents === 1 ? " document" : " documents") + (p.corroboration_count > corroboration.length ? " (the nearest " + corroboration.length + " listed)" : "")),
                    el("ul", {}, corroboration),
                    p.corroboration_count > corroboration.length ? el("div", {"class": "geo-muted geo-more"}, "and " + (p.corroboration_count - corroboration.length) + " more claims") : ""
                ]) : "",
                geo.routeReviewBox ? geo.routeReviewBox(p) : ""
            ]);
        };

        function endName(e, lang) {
            if (typeof e === "number") { e = data.places[e].properties; }
            return lang === "ar" ? (e.name_ar || e.name) : (e.name || e.name_ar);
        }

        geo.pairPopup = function (p) {
            var visible = geo.visibleCount(p.docs);
            var claims = p.claims.filter(function (c) { return geo.docVisible(c.d); });
            var movers = p.movers.map(function (m) { return geo.moverLabel(m[0]) + " (" + m[1] + ")"; }).join(", ");
            var arBlock = el("div", {"class": "geo-ar", dir: "rtl", lang: "ar"}, [
                el("h3", {}, [endName(p.origin, "ar"), " ← ", endName(p.destination, "ar")]),
                row("الحالة", ar(p.status)),
                row("عدد الادعاءات", visible)
            ]);
            var enBlock = el("div", {"class": "geo-en", dir: "ltr", lang: "en"}, [
                el("h3", {"class": "geo-pair-count"}, visible + (visible === 1 ? " claim" : " claims") + ": " + endName(p.origin, "en") + " → " + endName(p.destination, "en")),
                row("Status", en(p.status)),
                row("Movers", movers),
                p.corroborated ? row("Corroborated claims", p.corroborated) : ""
            ]);
            var items = claims.map(function (c) {
                var tag = c.mover || geo.moverLabel(c.mover_label);
                return el("li", {}, [
                    el("div", {dir: "auto"}, [el("b", {}, tag), c.origin_inferred ? " (origin inferred)" : ""]),
                    c.evidence ? el("blockquote", {dir: "auto"}, c.evidence) : "",
                    source(c.d, c.route)
                ]);
            });
            var more = visible > items.length ? el("div", {"class": "geo-muted geo-more"}, "and " + (visible - items.length) + " more claims (all in the GeoJSON)") : "";
            return el("div", {"class": "geo-popup"}, [arBlock, enBlock, el("div", {"class": "geo-en", dir: "ltr", lang: "en"}, [el("b", {}, "Claims"), el("ol", {}, items), more])]);
        };
    };
})(window.geoParts = window.geoParts || {});
