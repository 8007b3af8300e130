// geo map part: One check box per outlet.
(function (parts) {
    parts.outlets = function (map, geo, options) {
        var outlets = geo.data.outlets, el = geo.el;
        if (outlets.length < 2) { return; }
        var Control = L.Control.extend({
            options: {position: "bottomright"},
            onAdd: function () {
                var box = el("div", {"class": "geo-outletfilter leaflet-control"});
                var list = el("div", {"class": "geo-outlet-list"});
                var boxes = [];
                function set(outlet, on) { geo.state.outlets[outlet] = on; }
                function button(label, on) {
                    var b = el("button", {type: "button"}, label);
                    b.addEventListener("click", function () {
                        boxes.forEach(function (c) { c.input.checked = on; set(c.outlet, on); });
                        geo.changed();
                    });
                    return b;
                }
                box.appendChild(el("div", {dir: "ltr"}, ["Outlets / ", el("span", {dir: "rtl", lang: "ar"}, "المصادر"), " ", button("all", true), button("none", false)]));
                outlets.forEach(function (o) {
                    var input = el("input", {type: "checkbox", value: o.outlet});
                    input.checked = true;
                    input.addEventListener("change", function () { set(o.outlet, input.checked); geo.changed(); });
                    boxes.push({input: input, outlet: o.outlet});
                    list.appendChild(el("label", {dir: "auto", "class": "geo-outlet"}, [input, " ", el("bdi", {}, o.outlet || "(no outlet)"), el("span", {"class": "geo-muted"}, " (" + o.documents + ")")]));
                });
                box.appendChild(list);
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            }
        });
        new Control().addTo(map);
    };
})(window.geoParts = window.geoParts || {});
