"""Destination, via and mentioned regions as translucent polygons."""

from __future__ import annotations

from folium.template import Template

from geo.mapping.base import MapPart


class RegionLayer(MapPart):
    """Region polygons of the map data, coloured by the role they play in routes."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (geo, map) {
            var colours = geo.data.role_colours;
            var group = L.featureGroup();
            var layers = geo.data.regions.map(function (f) {
                var p = f.properties;
                var layer = L.geoJSON(f, {style: function () {
                    return {color: colours[p.role] || colours.mentioned, weight: 1.5, opacity: 0.9, fillOpacity: 0.18, dashArray: "4 3"};
                }});
                layer.feature = f;
                layer.bindPopup(function () { return geo.placePopup(p); }, {maxWidth: 420, minWidth: 260});
                layer.bindTooltip(function () { return geo.el("span", {dir: "auto"}, p.name_ar || p.name); }, {sticky: true});
                return layer;
            });
            function refresh() {
                layers.forEach(function (layer) {
                    if (geo.visible(layer.feature.properties)) { group.addLayer(layer); } else { group.removeLayer(layer); }
                });
            }
            geo.onChange(refresh);
            refresh();
            group.addTo(map);
            group.bringToBack();
            geo.layers.regions = group;
        })({{ this.geo.get_name() }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geo: MapPart) -> None:
        super().__init__()
        self._name = "GeoRegions"
        self.geo = geo
