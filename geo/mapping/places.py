"""Place markers (``static/places.js``) by role (origin, destination, via, mentioned), clustered when dense."""

from __future__ import annotations

from typing import Any

from geo.assets import Asset
from geo.mapping.base import MapPart


class PlaceLayer(MapPart):
    """All place points of the map data in one marker-cluster group.

    Markers are CSS ``divIcon`` shapes (no image files); popups and tooltips are built
    when first opened.
    """

    assets = (
        Asset("leaflet.markercluster", "dist/leaflet.markercluster.js"),
        Asset("leaflet.markercluster", "dist/MarkerCluster.css"),
        Asset("leaflet.markercluster", "dist/MarkerCluster.Default.css"),
    )

    static = ("places.js",)
    function = "places"
    part_name = "GeoPlaces"

    def __init__(
        self,
        geo: MapPart,
        *,
        radius: int = 40,
        uncluster_zoom: int = 12,
        few_places: int = 300,
        few_radius: int = 20,
    ) -> None:
        super().__init__(geo)
        self.radius = radius
        self.uncluster_zoom = uncluster_zoom
        #: A map with fewer places clusters only markers that would touch (``few_radius``
        #: pixels: a 16-pixel pin beside a 24-pixel cluster disc), so that no pin lies under
        #: another pin or a cluster.
        self.few_places = few_places
        self.few_radius = few_radius

    def js_options(self) -> dict[str, Any]:
        return {
            "radius": self.radius,
            "unclusterZoom": self.uncluster_zoom,
            "fewPlaces": self.few_places,
            "fewRadius": self.few_radius,
        }
