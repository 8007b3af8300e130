"""A fullscreen button (leaflet-fullscreen)."""

from __future__ import annotations

from folium.template import Template

from geo.assets import Asset
from geo.mapping.base import MapPart


class Fullscreen(MapPart):
    """Adds a fullscreen toggle under the zoom buttons."""

    assets = (
        Asset("leaflet-fullscreen", "dist/Leaflet.fullscreen.min.js"),
        Asset("leaflet-fullscreen", "dist/leaflet.fullscreen.css"),
    )

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.fullscreen({position: "topleft", title: "Fullscreen / \u0645\u0644\u0621 \u0627\u0644\u0634\u0627\u0634\u0629"}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeoFullscreen"
