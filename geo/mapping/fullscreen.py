"""A fullscreen button (leaflet-fullscreen, ``static/fullscreen.js``)."""

from __future__ import annotations

from geo.assets import Asset
from geo.mapping.base import MapPart


class Fullscreen(MapPart):
    """Adds a fullscreen toggle under the zoom buttons."""

    assets = (
        Asset("leaflet-fullscreen", "dist/Leaflet.fullscreen.min.js"),
        Asset("leaflet-fullscreen", "dist/leaflet.fullscreen.css"),
    )
    static = ("fullscreen.js",)
    function = "fullscreen"
    part_name = "GeoFullscreen"
