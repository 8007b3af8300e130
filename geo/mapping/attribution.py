"""Credits (``static/attribution.js``) for the basemap, the gazetteer sources and Natural Earth borders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geo.mapping.base import MapPart


def attribution_lines(gazetteer: Any, *, offline: bool) -> list[str]:
    """Return the plain-text credit lines of a map (escaped when drawn).

    Online, the tile layer adds its own credit (``settings.TILES_ATTRIBUTION``).
    """
    lines: list[str] = []
    if offline:
        lines.append("Borders: Natural Earth (public domain), world-atlas")
    if gazetteer is not None:
        # The gazetteer's attribution line already credits each source; list the sources
        # one by one only when it has none.
        if getattr(gazetteer, "attribution", ""):
            lines.append(str(gazetteer.attribution))
        else:
            sources: Sequence[dict[str, Any]] = getattr(gazetteer, "sources", []) or []
            for source in sources:
                title = str(source.get("title", "") or source.get("id", ""))
                licence = f" ({source['licence']})" if source.get("licence") else ""
                if title:
                    lines.append(title + licence)
    lines.append("Map: geo, Leaflet")
    return list(dict.fromkeys(lines))


class Attribution(MapPart):
    """Adds each credit line, as text, to Leaflet's attribution control."""

    static = ("attribution.js",)
    function = "attribution"
    part_name = "GeoAttribution"

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def js_options(self) -> dict[str, Any]:
        return {"lines": self.lines}
