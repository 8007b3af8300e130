// geo map part: the map's data and the shared filter state (the `geo` object every other part uses).
//
// geo.state says which kinds, documents (by index), outlets, statuses and dates are shown; a part
// calls geo.onChange(refresh) and a control calls geo.changed() after changing the state.
// geo.el builds DOM nodes from untrusted text (always textContent, never HTML).
(function (parts) {
    parts.data = function (map, element) {
        var data = JSON.parse(element.textContent);
        var geo = {data: data, docs: data.documents, listeners: [], layers: {}, overlays: []};
        // Below this width (px) the legend and the layer panel start closed: open, they would
        // leave the map a strip.
        geo.narrowWidth = 1000;
        var state = {kinds: {place: true, region: true, route: true, route_pair: true}, docs: {}, outlets: {}, statuses: {}, from: "", to: ""};
        var shown = new Uint8Array(data.documents.length);
        data.statuses.forEach(function (s) { state.statuses[s] = true; });
        geo.state = state;
        function recompute() {
            data.documents.forEach(function (doc, i) {
                var date = doc.date;
                shown[i] = !(state.docs[i] === false || state.outlets[doc.outlet] === false ||
                    (date && state.from && date < state.from) || (date && state.to && date > state.to));
            });
        }
        recompute();
        geo.docVisible = function (i) { return shown[i] === 1; };
        geo.visibleCount = function (docs) {
            var n = 0;
            for (var i = 0; i < docs.length; i++) { n += shown[docs[i]]; }
            return n;
        };
        function anyShown(docs) {
            for (var i = 0; i < docs.length; i++) { if (shown[docs[i]]) { return true; } }
            return false;
        }
        geo.visible = function (p) {
            if (!state.kinds[p.feature_type === "route_pair" ? "route" : p.feature_type]) { return false; }
            if (p.feature_type === "route") {
                return state.statuses[p.status] !== false && shown[p.d] === 1;
            }
            if (p.feature_type === "route_pair" && state.statuses[p.status] === false) { return false; }
            return anyShown(p.docs);
        };
        geo.onChange = function (fn) { geo.listeners.push(fn); };
        geo.changed = function () { recompute(); geo.listeners.forEach(function (fn) { fn(); }); };
        geo.el = function (tag, attrs, children) {
            var node = document.createElement(tag);
            Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
            (children === undefined ? [] : [].concat(children)).forEach(function (c) {
                if (c === null || c === undefined || c === "") { return; }
                node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
            });
            return node;
        };
        geo.esc = function (text) {
            return String(text).replace(/[&<>"']/g, function (c) {
                return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
            });
        };
        geo.safeLink = function (url) {
            return /^https?:\/\/[^\s"'<>`]+$/i.test(url || "") ? url : "";
        };
        geo.label = function (key) { var l = data.labels[key]; return l ? l[0] + " / " + l[1] : key; };
        // A claim whose movers the text does not name has an empty label.
        geo.moverLabel = function (label) { return label || geo.label("unnamed"); };
        return geo;
    };
})(window.geoParts = window.geoParts || {});
