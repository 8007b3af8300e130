"""Place search in Arabic and English names: leaflet-search over the place markers
(``static/search.js``)."""

from __future__ import annotations

from geo.assets import Asset
from geo.mapping.base import MapPart


class PlaceSearch(MapPart):
    """A search box matching any part of a place's Arabic or English name.

    Found places are shown by opening their cluster and popup. Tips are plain text nodes.
    """

    assets = (
        Asset("leaflet-search", "dist/leaflet-search.src.js"),
        Asset("leaflet-search", "dist/leaflet-search.src.css"),
    )
    static = ("search.js",)
    function = "search"
    part_name = "GeoSearch"
