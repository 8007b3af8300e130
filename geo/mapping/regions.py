"""Destination, via and mentioned regions as translucent polygons (``static/regions.js``)."""

from __future__ import annotations

from geo.mapping.base import MapPart


class RegionLayer(MapPart):
    """Region polygons of the map data, coloured by the role they play in routes."""

    static = ("regions.js",)
    function = "regions"
    part_name = "GeoRegions"
