"""Routes as directed lines (``static/routes.js``): colour by mover, dash by status, pale
when of low confidence (the claim's, or that of the place a line starts or ends at, as its
marker is), thicker when corroborated.

Arrowheads are SVG markers (one per palette colour) drawn by the browser at the end and the
middle of every line, so 2,000 routes need no per-line decorator work on zoom. Every line
lies over a wide invisible hit line, so a click between two dashes opens the claim, not the
region beneath. Lines of different claims over the same ground are drawn in parallel lanes
``LANE_PX`` apart. A claim with ``HUB_LINES`` or more lines and several origins or
destinations is one shape: spokes from its origins to a hub, one trunk (through its via
points) to a second hub, spokes to its destinations. A claim with no line but a placed end
is a badge beside that place (an arrow out of an origin, into a destination). A line from
an inferred origin starts with a faint dotted stretch. Reported claims are solid, confirmed
ones solid with a dark casing, alleged ones dashed, denied ones dash-dotted.

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

#: Pixels between the parallel lanes of claims whose lines overlap.
LANE_PX = 10

#: Width in pixels of the invisible line that takes a claim's clicks.
HIT_PX = 10

#: A claim with this many lines or more, and several origins or destinations, is a hub.
HUB_LINES = 3


class RouteLayer(MapPart):
    """All route lines of the map data, one feature group per route."""

    static = ("routes.js",)
    function = "routes"
    part_name = "GeoRoutes"

    def js_options(self) -> dict[str, Any]:
        # Read at render time, so that a test or a user can change them.
        return {
            "colours": list(palette()),
            "svgPairs": SVG_PAIR_LINES,
            "countLabels": COUNT_LABELS,
            "lane": LANE_PX,
            "hitWidth": HIT_PX,
            "hubLines": HUB_LINES,
        }
