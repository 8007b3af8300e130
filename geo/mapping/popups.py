"""Popups of places, regions and routes: Arabic (right-to-left) and English, with sources
(``static/popups.js``).

Popups are built lazily from the map data with DOM calls on plain text, so article text,
titles and URLs from untrusted articles can never become markup or script.
"""

from __future__ import annotations

from geo.mapping.base import MapPart


class Popups(MapPart):
    """Defines ``geo.placePopup``, ``geo.routePopup`` and ``geo.pairPopup`` (of properties)."""

    static = ("popups.js",)
    function = "popups"
    part_name = "GeoPopups"
