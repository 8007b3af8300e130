"""The export as GeoDataFrames, one per layer: what GeoPackage, GeoParquet and CSV hold.

Layers are joined by ids: a mention's ``feature`` is the id of its place or region, its
``doc`` (and a route's) the id of a row of ``documents``, which alone holds each document's
title, outlet, date and URL. List and dict properties are JSON strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from geo.errors import ConfigurationError
from geo.export._common import DOCUMENT_FIELDS, GazetteerLike
from geo.export._json import dumps
from geo.export.geojson import to_geojson
from geo.export.pairs import route_pairs
from geo.model import ParsedDocument

if TYPE_CHECKING:
    import geopandas
    import pandas

#: Layers of :func:`to_geodataframe` (and of the GeoPackage and GeoParquet exports).
LAYERS = ("places", "regions", "routes", "mentions", "route_pairs", "documents")

#: Properties of a place or region copied onto each of its mentions.
_MENTION_PLACE_FIELDS = ("place_id", "name", "name_ar", "kind")


def _flatten(properties: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in sorted(properties.items()):
        if isinstance(value, (list, dict)):
            flat[key] = dumps(value)
        elif value is None:
            flat[key] = ""
        else:
            flat[key] = value
    return flat


def _frame(rows: list[dict[str, Any]], geometries: list[Any]) -> geopandas.GeoDataFrame:
    import geopandas

    frame = geopandas.GeoDataFrame(rows, geometry=geometries, crs="EPSG:4326")
    if frame.empty and "id" not in frame.columns:
        frame["id"] = []
    return frame


def _features_frame(collection: dict[str, Any], feature_type: str) -> geopandas.GeoDataFrame:
    from shapely.geometry import shape

    rows, geometries = [], []
    for feature in collection["features"]:
        if feature["properties"]["feature_type"] != feature_type:
            continue
        rows.append({"id": feature["id"], **_flatten(feature["properties"])})
        geometries.append(shape(feature["geometry"]) if feature["geometry"] else None)
    return _frame(rows, geometries)


def _mention_row(mention: dict[str, Any], **place: Any) -> dict[str, Any]:
    return {
        **_flatten(mention),
        "id": f"{mention['doc']}:{mention['start']}-{mention['end']}",
        **place,
    }


def _mentions_frame(collection: dict[str, Any]) -> geopandas.GeoDataFrame:
    from shapely.geometry import Point

    rows, geometries = [], []
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties["feature_type"] == "route":
            continue
        geometry = feature["geometry"]
        point = Point(geometry["coordinates"]) if geometry and geometry["type"] == "Point" else None
        place = {key: properties[key] for key in _MENTION_PLACE_FIELDS}
        for mention in properties["mentions"]:
            rows.append(_mention_row(mention, resolved=True, feature=feature["id"], **place))
            geometries.append(point)
    unplaced = dict.fromkeys(_MENTION_PLACE_FIELDS, "")
    for mention in collection["unresolved"]:
        rows.append(_mention_row(mention, resolved=False, feature="", **unplaced))
        geometries.append(None)
    order = sorted(
        range(len(rows)),
        key=lambda i: (rows[i]["doc"], rows[i]["start"], rows[i]["end"], rows[i]["feature"]),
    )
    return _frame([rows[i] for i in order], [geometries[i] for i in order])


def _pairs_frame(collection: dict[str, Any]) -> geopandas.GeoDataFrame:
    from shapely.geometry import LineString

    rows, geometries = [], []
    for feature in route_pairs(collection):
        properties = dict(feature["properties"])
        for end in ("origin", "destination"):
            for key, value in properties.pop(end).items():
                if key != "key":
                    properties[f"{end}_{key}"] = value
        rows.append({"id": feature["id"], **_flatten(properties)})
        geometries.append(LineString(feature["geometry"]["coordinates"]))
    return _frame(rows, geometries)


def _documents_frame(collection: dict[str, Any]) -> pandas.DataFrame:
    import pandas

    rows = [
        {key: document[key] for key in DOCUMENT_FIELDS}
        for document in collection["geo"]["documents"]
    ]
    return pandas.DataFrame(rows, columns=list(DOCUMENT_FIELDS))


_LAYER_FRAMES = {
    "places": lambda collection: _features_frame(collection, "place"),
    "regions": lambda collection: _features_frame(collection, "region"),
    "routes": lambda collection: _features_frame(collection, "route"),
    "mentions": _mentions_frame,
    "route_pairs": _pairs_frame,
    "documents": _documents_frame,
}


def layer_frame(collection: dict[str, Any], layer: str) -> geopandas.GeoDataFrame:
    """One layer of a FeatureCollection from :func:`geo.export.to_geojson` as a frame
    (a plain DataFrame for ``documents``, which has no geometry)."""
    if layer not in _LAYER_FRAMES:
        raise ConfigurationError(f"unknown layer {layer!r}: use one of {', '.join(LAYERS)}")
    return _LAYER_FRAMES[layer](collection)


def to_geodataframe(
    parsed: Sequence[ParsedDocument],
    *,
    layer: str = "places",
    gazetteer: GazetteerLike | None = None,
) -> geopandas.GeoDataFrame:
    """Return one layer of the export as a GeoDataFrame (EPSG:4326), for notebooks.

    Parameters
    ----------
    parsed
        Parsed documents.
    layer
        ``"places"`` (points), ``"regions"`` (polygons), ``"routes"`` (lines; a route
        without two placed ends has no geometry), ``"mentions"`` (one row per mention,
        unresolved ones without geometry), ``"route_pairs"`` (one line per origin place,
        destination place and status, see :func:`geo.export.route_pairs`) or
        ``"documents"`` (a plain DataFrame, one row per document: what the ``doc`` column of
        the other layers refers to). List and dict properties are JSON strings.
    gazetteer
        Optional, for Arabic admin names and attribution.
    """
    if layer not in LAYERS:
        raise ConfigurationError(f"unknown layer {layer!r}: use one of {', '.join(LAYERS)}")
    return layer_frame(to_geojson(parsed, gazetteer=gazetteer), layer)
