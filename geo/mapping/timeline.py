"""A date filter: two sliders over the documents' dates (shown only for dated documents)."""

from __future__ import annotations

from folium.template import Template

from geo.mapping.base import MapPart


class DateFilter(MapPart):
    """Shows only documents dated between the two slider positions."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (geo, map) {
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
                        label.appendChild(el("span", {}, ["Dates / ", el("span", {dir: "rtl", lang: "ar"}, "\u0627\u0644\u062a\u0627\u0631\u064a\u062e"), ": "]));
                        label.appendChild(el("bdi", {dir: "ltr"}, a + " \u2192 " + b));
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
        })({{ this.geo.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geo: MapPart) -> None:
        super().__init__()
        self._name = "GeoDateFilter"
        self.geo = geo
