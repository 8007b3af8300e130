"""Routes as directed lines (``static/routes.js``): colour by mover, dashed when alleged, thicker when corroborated.

Arrowheads are SVG markers (one per palette colour) drawn by the browser at the end and the
middle of every line, so 2,000 routes need no per-line decorator work on zoom. A route with
several origins or destinations is a fan: one line per origin and destination pair. A line
from an inferred origin starts with a faint dotted stretch.

Maps with many lines (``data.AGGREGATE_ROUTES_ABOVE``) draw one line per origin place,
destination place and status instead, as wide as the number of claims it stands for, the
heaviest labelled with that number; its popup lists the claims.
"""

from __future__ import annotations

from typing import Any

from geo.mapping.base import MapPart
from geo.mapping.style import palette

#: In an aggregated map, the endpoint pairs with most claims drawn as SVG lines with
#: arrowheads; the others are thin canvas lines (one multi-line per colour and status; a
#: click opens the nearest pair).
SVG_PAIR_LINES = 1500

#: Pairs of an aggregated map whose number of claims is written on the line.
COUNT_LABELS = 40


class RouteLayer(MapPart):
    """All route lines of the map data, one feature group per route."""

    static = ("routes.js",)
    function = "routes"
    part_name = "GeoRoutes"

    def js_options(self) -> dict[str, Any]:
        # Read at render time, so that a test or a user can change them.
        return {"colours": list(palette()), "svgPairs": SVG_PAIR_LINES, "countLabels": COUNT_LABELS}
