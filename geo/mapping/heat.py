"""A mention heat layer (leaflet.heat): where the corpus talks about, weighted by mentions."""

from __future__ import annotations

from folium.template import Template

from geo.assets import Asset
from geo.mapping.base import MapPart

#: Zoom at which one mention reaches full weight; leaflet.heat fades points below it.
HEAT_FULL_ZOOM = 9


class HeatLayer(MapPart):
    """A heat layer of place mentions, switched in the layer control.

    Each place weighs the number of its mentions in the documents the filters show, so the
    heat follows the date and outlet filters. The layer is on when the map opens if
    ``geo.data.heat_on`` (big maps), off otherwise.
    """

    assets = (Asset("leaflet.heat", "dist/leaflet-heat.js"),)

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (geo, map) {
            var places = geo.data.places;
            function points() {
                var out = [];
                places.forEach(function (f) {
                    var p = f.properties, n = geo.visible(p) ? geo.visibleCount(p.docs) : 0;
                    if (n > 0) { out.push([f.geometry.coordinates[1], f.geometry.coordinates[0], n]); }
                });
                return out;
            }
            function scale(list) {
                // Saturate at the 90th percentile weight so a few big cities do not wash out the rest.
                var weights = list.map(function (p) { return p[2]; }).sort(function (a, b) { return a - b; });
                return weights.length ? Math.max(1, weights[Math.floor(weights.length * 0.9)]) : 1;
            }
            var initial = points();
            var heat = L.heatLayer(initial, {radius: 18, blur: 16, minOpacity: 0.25, maxZoom: {{ this.full_zoom }}, max: scale(initial),
                gradient: {0.3: "#2c7bb6", 0.55: "#abd9e9", 0.7: "#ffffbf", 0.85: "#fdae61", 1.0: "#d7191c"}});
            geo.onChange(function () {
                var list = points();
                heat.setOptions({max: scale(list)});
                heat.setLatLngs(list);
            });
            if (geo.data.heat_on) { heat.addTo(map); }
            geo.layers.heat = heat;
            geo.overlays.push({label: geo.label("heat"), layer: heat});
        })({{ this.geo.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geo: MapPart) -> None:
        super().__init__()
        self._name = "GeoHeat"
        self.geo = geo
        self.full_zoom = HEAT_FULL_ZOOM
