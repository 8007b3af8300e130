"""The sources panel (``static/sources.js``): the run's documents with outlet, date, title,
SHA-256 and counts of places and routes, each filtering the map to its own evidence; the
countries mentioned (not drawn as points); the claims the map cannot draw (no placed end,
or rejected by the analyst); and the review's decisions with the overrides download."""

from __future__ import annotations

from typing import Any

from geo.mapping.base import MapPart

#: Documents listed in the panel (a corpus is filtered by outlet and date instead).
MAX_PANEL_DOCUMENTS = 200


class SourcesPanel(MapPart):
    """A top-right control below the layer control."""

    static = ("sources.js",)
    function = "sources"
    part_name = "GeoSources"

    def js_options(self) -> dict[str, Any]:
        return {"maxDocuments": MAX_PANEL_DOCUMENTS}
