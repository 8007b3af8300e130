"""The legend: route colours by mover, line styles by status, marker shapes by role
(``static/legend.js``)."""

from __future__ import annotations

from geo.mapping.base import MapPart


class Legend(MapPart):
    """A bottom-left control explaining every colour, dash and shape on the map."""

    static = ("legend.js",)
    function = "legend"
    part_name = "GeoLegend"
