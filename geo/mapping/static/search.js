// geo map part: Place search (leaflet-search) over the article's own spellings, the Arabic and
// English names and the gazetteer's alternate names, folded: Arabic without diacritics, hamza
// forms, ta marbuta or the article; Latin without accents, ʿ, hyphens or spaces, or by its
// consonants ("Shaafa" finds Ash Shaʿfah, "Salihiya" finds الصالحية).
(function (parts) {
    var ARABIC = {"ب": "b", "ت": "t", "ث": "θ", "ج": "j", "ح": "h", "خ": "x", "د": "d", "ذ": "ð", "ر": "r", "ز": "z", "س": "s", "ش": "š", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "ɣ", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h"};
    var ARTICLES = {al: 1, el: 1, ar: 1, as: 1, ash: 1, at: 1, ad: 1, adh: 1, ath: 1, az: 1, an: 1, ed: 1, es: 1, esh: 1, et: 1, ez: 1, en: 1, er: 1, ul: 1};
    var LATIN = {c: "k", g: "j", p: "b", v: "f"};
    function collapse(letters) {
        var out = "";
        letters.forEach(function (l) { if (l && out.slice(-1) !== l) { out += l; } });
        return out;
    }
    function arabicFold(text) {
        return String(text).replace(/[\u064B-\u065F\u0670\u0640]/g, "").replace(/[أإآٱ]/g, "ا")
            .replace(/ة/g, "ه").replace(/ى/g, "ي").replace(/ؤ/g, "و").replace(/ئ/g, "ي").replace(/\s+/g, " ").trim();
    }
    function withoutArticle(folded) {
        return folded.split(" ").map(function (w) { return w.length > 3 && w.slice(0, 2) === "ال" ? w.slice(2) : w; }).join(" ");
    }
    function arabicSkeleton(text) {
        return withoutArticle(arabicFold(text)).split(" ").map(function (word) {
            var letters = word.split("").map(function (c) { return ARABIC[c] || ""; });
            if (letters.length && letters[letters.length - 1] === "h") { letters.pop(); }
            return collapse(letters);
        }).join("");
    }
    function latinPlain(text) {
        return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z]/g, "");
    }
    function latinSkeleton(text) {
        var words = String(text).replace(/\([^)]*\)/g, " ").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").split(/[\s\/]+/);
        return words.map(function (word) {
            var dash = word.indexOf("-");
            if (dash > 0 && ARTICLES[word.slice(0, dash)]) { word = word.slice(dash + 1); } else if (ARTICLES[word]) { return ""; }
            [["sh", "š"], ["kh", "x"], ["th", "θ"], ["dh", "ð"], ["gh", "ɣ"], ["ch", "š"]].forEach(function (d) { word = word.split(d[0]).join(d[1]); });
            var letters = word.split("").filter(function (c) { return /[a-zšxθðɣ]/.test(c) && "aeiouyw".indexOf(c) < 0; }).map(function (c) { return LATIN[c] || c; });
            if (/h$/.test(word) && letters[letters.length - 1] === "h") { letters.pop(); }
            return collapse(letters);
        }).join("");
    }
    function isArabic(text) { return /[\u0600-\u06FF]/.test(text); }
    function keysOf(p) {
        var names = [].concat(p.spellings || [], [p.name_ar, p.name, p.name_en], p.names || []).filter(Boolean);
        var keys = {arabic: [], plain: [], skeleton: []};
        names.forEach(function (name) {
            if (isArabic(name)) {
                var folded = arabicFold(name);
                keys.arabic.push(folded, withoutArticle(folded));
                keys.skeleton.push(arabicSkeleton(name));
            } else {
                keys.plain.push(latinPlain(name));
                keys.skeleton.push(latinSkeleton(name));
            }
        });
        return keys;
    }
    function matches(keys, query) {
        function has(list, q) { return q && list.some(function (k) { return k.indexOf(q) >= 0; }); }
        if (isArabic(query)) {
            var folded = arabicFold(query);
            return has(keys.arabic, folded) || has(keys.arabic, withoutArticle(folded));
        }
        var skeleton = latinSkeleton(query);
        return has(keys.plain, latinPlain(query)) || (skeleton.length >= 2 && has(keys.skeleton, skeleton));
    }
    parts.search = function (map, geo, options) {
        var byText = {};
        (geo.markers || []).forEach(function (m) { byText[m.options.search] = m; });
        geo.searchMatches = function (query) {
            return (geo.markers || []).filter(function (m) {
                m.searchKeys = m.searchKeys || keysOf(m.feature.properties);
                return matches(m.searchKeys, query);
            }).map(function (m) { return m.feature.properties.place_id; });
        };
        var control = new L.Control.Search({
            layer: geo.layers.places, propertyName: "search", initial: false, marker: false,
            zoom: 12, position: "topleft", textPlaceholder: "Search places / ابحث عن مكان",
            textErr: "Not found / غير موجود",
            filterData: function (text, records) {
                var found = {};
                if (!String(text).trim()) { return found; }
                Object.keys(records).forEach(function (title) {
                    var marker = records[title].layer;
                    if (!marker || !marker.feature) { return; }
                    marker.searchKeys = marker.searchKeys || keysOf(marker.feature.properties);
                    if (matches(marker.searchKeys, text)) { found[title] = records[title]; }
                });
                return found;
            },
            buildTip: function (text) { return geo.el("a", {href: "#", dir: "auto"}, text); },
            moveToLocation: function (latlng, title, map) {
                var marker = byText[title];
                if (marker && geo.layers.places.hasLayer(marker)) {
                    geo.layers.places.zoomToShowLayer(marker, function () { marker.openPopup(); });
                } else {
                    map.setView(latlng, 12);
                }
            }
        });
        map.addControl(control);
        // leaflet-search reads the box on key-up and paste only: text that arrives without a
        // key-up (an input method's or a virtual keyboard's commit, dictation, the context
        // menu's paste, a dropped word) is read on its input event too.
        L.DomEvent.on(control._input, "input", function () { control._handleKeypress({keyCode: 0}); });
    };
})(window.geoParts = window.geoParts || {});
