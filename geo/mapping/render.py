"""``render_map``: assemble the map parts into one HTML page."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import folium
from branca.element import Figure

from geo._io import atomic_writer
from geo.assets import Asset
from geo.errors import ExportError
from geo.export import GazetteerLike
from geo.mapping.attribution import Attribution, attribution_lines
from geo.mapping.base import OFFLINE_FLAG, MapPart, add_assets, script_json_parts, stable_ids
from geo.mapping.basemap import VectorBasemap, tile_layer
from geo.mapping.data import MapData, build_payload
from geo.mapping.filters import FilterControl
from geo.mapping.fullscreen import Fullscreen
from geo.mapping.heat import HeatLayer
from geo.mapping.legend import Legend
from geo.mapping.minimap import MiniMap
from geo.mapping.outlets import OutletFilter
from geo.mapping.places import PlaceLayer
from geo.mapping.popups import Popups
from geo.mapping.regions import RegionLayer
from geo.mapping.review import Review
from geo.mapping.routes import RouteLayer
from geo.mapping.search import PlaceSearch
from geo.mapping.sources import SourcesPanel
from geo.mapping.style import MapStyle
from geo.mapping.timeline import DateFilter
from geo.memory import paused_gc
from geo.model import ParsedDocument

#: Map view when there is nothing to show: Syria, as ``[[south, west], [north, east]]``.
SYRIA_BOUNDS = [[32.3, 35.7], [37.35, 42.4]]


class GeoMap(folium.Map):
    """A folium map that needs only Leaflet (no jQuery, Bootstrap or icon fonts)."""

    default_js: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]
    default_css: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]
    assets: ClassVar[tuple[Asset, ...]] = (
        Asset("leaflet", "dist/leaflet.js"),
        Asset("leaflet", "dist/leaflet.css"),
    )

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if isinstance(figure, Figure):
            add_assets(figure, self.assets)
        super().render(**kwargs)


class View(MapPart):
    """Frames the Syrian places and the routes of the map between the controls
    (``static/view.js``), and makes popups open clear of them."""

    static = ("view.js",)
    function = "view"
    part_name = "GeoView"

    def __init__(self, geo: MapPart, bounds: list[list[float]]) -> None:
        super().__init__(geo)
        self.bounds = bounds

    def js_options(self) -> dict[str, Any]:
        return {"bounds": self.bounds}


def _bounds(payload: dict[str, Any]) -> list[list[float]]:
    lats: list[float] = []
    lons: list[float] = []

    def take(coordinates: Any) -> None:
        if coordinates and isinstance(coordinates[0], (int, float)):
            lons.append(coordinates[0])
            lats.append(coordinates[1])
        else:
            for item in coordinates or []:
                take(item)

    for feature in payload["places"]:
        if feature["properties"]["kind"] != "country":
            take(feature["geometry"]["coordinates"])
    for feature in [*payload["regions"], *payload["routes"], *payload["route_pairs"]]:
        if feature["geometry"]:
            take(feature["geometry"]["coordinates"])
    if not lats:
        return SYRIA_BOUNDS
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def render_map(
    parsed: Sequence[ParsedDocument],
    *,
    gazetteer: GazetteerLike,
    offline: bool = False,
    title: str = "geo",
    failures: Sequence[tuple[str, str]] = (),
    collection: dict[str, Any] | None = None,
) -> str:
    """Return a Leaflet map of the places, regions and routes of ``parsed`` as HTML.

    Parameters
    ----------
    parsed
        Parsed documents.
    gazetteer
        Supplies governorate and district polygons and the attribution.
    offline
        Inline every script and stylesheet (from ``node_modules``, see ``geo.assets``) and
        draw a vector basemap instead of web tiles: the page makes no network request.
    title
        Page title.
    failures
        ``(path, message)`` of documents that could not be read, counted in the legend.
    collection
        What :func:`geo.export.to_geojson` returned for ``parsed`` (and ``gazetteer``), when
        the caller has it already: it is not computed again.

    Returns
    -------
    str
        The HTML page; the same inputs give the same bytes.

    Raises
    ------
    ExportError
        If ``offline`` and the npm packages are not installed (run ``npm ci``).
    """
    with paused_gc():
        figure, _ = _figure(parsed, gazetteer, offline, title, failures, collection, streamed=False)
        return str(figure.render())


def write_map(
    path: str | os.PathLike[str],
    parsed: Sequence[ParsedDocument],
    *,
    gazetteer: GazetteerLike,
    collection: dict[str, Any] | None = None,
    offline: bool = False,
    title: str = "geo",
    failures: Sequence[tuple[str, str]] = (),
) -> Path:
    """Write the page :func:`render_map` returns to ``path``, streaming the map's data.

    The page is rendered around a placeholder and the data (the bulk of a corpus map) is
    serialised item by item straight into a temporary file, renamed into place when
    complete: neither the whole JSON nor the whole page is held in memory. The file has the
    same bytes as ``render_map`` with the same arguments.

    Parameters
    ----------
    path
        The ``.html`` file to write.
    parsed, gazetteer, collection, offline, title, failures
        As for :func:`render_map`.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    ExportError
        If the file cannot be written, or ``offline`` and the npm packages are missing.
    """
    with paused_gc():
        figure, data = _figure(
            parsed,
            gazetteer,
            offline,
            title,
            failures,
            collection,
            streamed=True,
        )
        page = str(figure.render())
        head, placeholder, tail = page.partition(MapData.PLACEHOLDER)
        if not placeholder or MapData.PLACEHOLDER in tail:
            raise ExportError("the map template must hold the data placeholder exactly once")
        del page
        with atomic_writer(path) as stream:
            stream.write(head.encode("utf-8"))
            for part in script_json_parts(data.payload):
                stream.write(part)
            stream.write(tail.encode("utf-8"))
    return Path(path)


def _figure(
    parsed: Sequence[ParsedDocument],
    gazetteer: GazetteerLike,
    offline: bool,
    title: str,
    failures: Sequence[tuple[str, str]],
    collection: dict[str, Any] | None,
    *,
    streamed: bool,
) -> tuple[folium.Figure, MapData]:
    payload = build_payload(parsed, gazetteer=gazetteer, failures=failures, collection=collection)
    figure = folium.Figure(title=title)
    setattr(figure, OFFLINE_FLAG, offline)
    geomap = GeoMap(
        location=[35.0, 38.5], zoom_start=7, tiles=None, control_scale=True, min_zoom=2, maxZoom=18
    )
    figure.add_child(geomap)
    geomap.add_child(MapStyle())
    basemap = VectorBasemap(gazetteer, offline=offline)
    if not offline:
        geomap.add_child(tile_layer())
    geomap.add_child(basemap)
    data = MapData(payload, streamed=streamed)
    geomap.add_child(data)
    geomap.add_child(Popups(data))
    geomap.add_child(Review(data))
    geomap.add_child(RegionLayer(data))
    geomap.add_child(RouteLayer(data))
    geomap.add_child(PlaceLayer(data))
    geomap.add_child(HeatLayer(data))
    geomap.add_child(FilterControl(data, collapsed=len(payload["documents"]) > 6))
    geomap.add_child(PlaceSearch(data))
    geomap.add_child(Fullscreen())
    geomap.add_child(Legend(data))
    geomap.add_child(DateFilter(data))
    geomap.add_child(OutletFilter(data))
    geomap.add_child(MiniMap(basemap, offline=offline))
    geomap.add_child(Attribution(attribution_lines(gazetteer, offline=offline)))
    geomap.add_child(SourcesPanel(data))
    geomap.add_child(View(data, _bounds(payload)))
    stable_ids(figure)
    return figure, data
