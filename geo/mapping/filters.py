"""Layer control: places, routes and regions; each status; each document; the heat layer."""

from __future__ import annotations

from folium.template import Template

from geo.mapping.base import MapPart


class FilterControl(MapPart):
    """A Leaflet layers control whose check boxes switch kinds, statuses and documents.

    A feature is shown when its kind, its status (routes) and one of its documents are
    switched on and the document's date and outlet pass the date and outlet filters.
    Documents get a switch each only in small maps (``data.MAX_DOCUMENT_SWITCHES``); layers
    that other parts put in ``geo.overlays`` (the heat layer) are listed after them.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (geo, map) {
            var overlays = {}, switches = [];
            function add(label, apply) {
                var layer = L.layerGroup();
                layer.addTo(map);
                overlays[geo.esc(label)] = layer;
                switches.push({layer: layer, apply: apply});
            }
            add(geo.label("places"), function (on) { geo.state.kinds.place = on; });
            add(geo.label("routes"), function (on) { geo.state.kinds.route = on; });
            add(geo.label("regions"), function (on) { geo.state.kinds.region = on; });
            geo.data.statuses.forEach(function (status) {
                add(geo.label(status), function (on) { geo.state.statuses[status] = on; });
            });
            if (geo.data.document_switches) {
                geo.data.documents.forEach(function (d, i) {
                    var name = [d.outlet, d.date, d.title || d.doc].filter(Boolean).join(" \u00b7 ");
                    if (name.length > 70) { name = name.slice(0, 69) + "\u2026"; }
                    add("\u25b8 " + name, function (on) { geo.state.docs[i] = on; });
                });
            }
            geo.overlays.forEach(function (o) { overlays[geo.esc(o.label)] = o.layer; });
            function toggled(event) {
                switches.forEach(function (s) {
                    if (s.layer === event.layer) { s.apply(event.type === "overlayadd"); geo.changed(); }
                });
            }
            map.on("overlayadd overlayremove", toggled);
            L.control.layers(null, overlays, {collapsed: {{ this.collapsed|tojson }}, position: "topright"}).addTo(map);
        })({{ this.geo.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geo: MapPart, *, collapsed: bool = True) -> None:
        super().__init__()
        self._name = "GeoFilters"
        self.geo = geo
        self.collapsed = collapsed
