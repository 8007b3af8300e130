"""An overview minimap (``static/minimap.js``): country outlines offline, the tile layer online."""

from __future__ import annotations

from typing import Any

from geo import settings
from geo.assets import Asset
from geo.mapping.base import MapPart


class MiniMap(MapPart):
    """leaflet-minimap in the bottom-right corner, drawn from the basemap's own data."""

    assets = (
        Asset("leaflet-minimap", "dist/Control.MiniMap.min.js"),
        Asset("leaflet-minimap", "dist/Control.MiniMap.min.css"),
    )

    static = ("minimap.js",)
    function = "minimap"
    part_name = "GeoMiniMap"

    def __init__(self, basemap: MapPart, *, offline: bool) -> None:
        # The script is given the basemap's data where other parts get the map data.
        super().__init__(basemap)
        self.offline = offline

    def js_options(self) -> dict[str, Any]:
        # An offline page names no tile server at all.
        return (
            {"offline": True} if self.offline else {"offline": False, "tiles": settings.TILES_URL}
        )
