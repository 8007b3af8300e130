"""An overview minimap: country outlines offline, the tile layer online."""

from __future__ import annotations

from folium.template import Template

from geo import settings
from geo.assets import Asset
from geo.mapping.base import MapPart


class MiniMap(MapPart):
    """leaflet-minimap in the bottom-right corner, drawn from the basemap's own data."""

    assets = (
        Asset("leaflet-minimap", "dist/Control.MiniMap.min.js"),
        Asset("leaflet-minimap", "dist/Control.MiniMap.min.css"),
    )

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var layer;
            {% if this.offline %}
            var data = window.{{ this.basemap.get_name() }}_data;
            layer = L.geoJSON(data.countries, {interactive: false, renderer: L.canvas(), style: {color: "#888", weight: 0.5, fillColor: "#ece8df", fillOpacity: 1}});
            {% else %}
            layer = L.tileLayer({{ this.tiles|tojson }}, {attribution: ""});
            {% endif %}
            new L.Control.MiniMap(layer, {toggleDisplay: true, position: "bottomright", zoomLevelOffset: -5, width: 130, height: 130,
                mapOptions: {attributionControl: false}}).addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, basemap: MapPart, *, offline: bool) -> None:
        super().__init__()
        self._name = "GeoMiniMap"
        self.basemap = basemap
        self.offline = offline
        self.tiles = settings.TILES_URL
