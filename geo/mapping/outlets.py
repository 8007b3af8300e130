"""An outlet filter: one check box per outlet (with its number of documents), beside the dates."""

from __future__ import annotations

from folium.template import Template

from geo.mapping.base import MapPart


class OutletFilter(MapPart):
    """Hides the places, regions and routes that only documents of unchecked outlets name.

    Shown when the documents come from at least two outlets. Documents without an outlet
    are grouped under "(no outlet)".
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (geo, map) {
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
                    box.appendChild(el("div", {dir: "ltr"}, ["Outlets / ", el("span", {dir: "rtl", lang: "ar"}, "\u0627\u0644\u0645\u0635\u0627\u062f\u0631"), " ", button("all", true), button("none", false)]));
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
        })({{ this.geo.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geo: MapPart) -> None:
        super().__init__()
        self._name = "GeoOutletFilter"
        self.geo = geo
