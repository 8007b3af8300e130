"""Layer control (``static/filters.js``): places, routes and regions; each status; each document; the heat layer."""

from __future__ import annotations

from typing import Any

from geo.mapping.base import MapPart


class FilterControl(MapPart):
    """A Leaflet layers control whose check boxes switch kinds, statuses and documents.

    A feature is shown when its kind, its status (routes) and one of its documents are
    switched on and the document's date and outlet pass the date and outlet filters.
    Documents get a switch each only in small maps (``data.MAX_DOCUMENT_SWITCHES``); layers
    that other parts put in ``geo.overlays`` (the heat layer) are listed after them.
    """

    static = ("filters.js",)
    function = "filters"
    part_name = "GeoFilters"

    def __init__(self, geo: MapPart, *, collapsed: bool = True) -> None:
        super().__init__(geo)
        self.collapsed = collapsed

    def js_options(self) -> dict[str, Any]:
        return {"collapsed": self.collapsed}
