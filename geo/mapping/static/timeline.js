// geo map part: Two sliders over the documents' dates.
(function (parts) {
    parts.timeline = function (map, geo, options) {
        var dates = geo.data.dates, el = geo.el;
        if (!dates.length) { return; }
        var Control = L.Control.extend({
            options: {position: "bottomright"},
            onAdd: function () {
                var box = el("div", {"class": "geo-datefilter leaflet-control"});
                var from = el("input", {type: "range", min: 0, max: dates.length - 1, step: 1, value: 0, "aria-label": "from date"});
                var to = el("input", {type: "range", min: 0, max: dates.length - 1, step: 1, value: dates.length - 1, "aria-label": "to date"});
                var label = el("div", {dir: "ltr"});
                function show(a, b) {
                    label.textContent = "";
                    label.appendChild(el("span", {}, ["Dates / ", el("span", {dir: "rtl", lang: "ar"}, "التاريخ"), ": "]));
                    label.appendChild(el("bdi", {dir: "ltr"}, a + " → " + b));
                }
                function update() {
                    var a = Math.min(+from.value, +to.value), b = Math.max(+from.value, +to.value);
                    geo.state.from = dates[a];
                    geo.state.to = dates[b];
                    show(dates[a], dates[b]);
                    geo.changed();
                }
                from.addEventListener("input", update);
                to.addEventListener("input", update);
                box.appendChild(label);
                box.appendChild(from);
                box.appendChild(to);
                show(dates[0], dates[dates.length - 1]);
                L.DomEvent.disableClickPropagation(box);
                return box;
            }
        });
        new Control().addTo(map);
    };
})(window.geoParts = window.geoParts || {});
