"""A mention heat layer (leaflet.heat, ``static/heat.js``): where the corpus talks about, weighted by mentions."""

from __future__ import annotations

from typing import Any

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
    static = ("heat.js",)
    function = "heat"
    part_name = "GeoHeat"

    def js_options(self) -> dict[str, Any]:
        return {"fullZoom": HEAT_FULL_ZOOM}
