"""The background: a vector basemap (``static/basemap.js``) drawn from polygons (offline) or web tiles (online).

Offline, neighbouring and distant countries come from Natural Earth (``world-atlas``
TopoJSON, decoded in Python) and Syria's governorates and districts from the gazetteer's
admin polygons; nothing is fetched. Online, ``settings.TILES_URL`` tiles are used and the
admin outlines are drawn over them.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from geo import assets, settings
from geo.export import GazetteerLike
from geo.mapping.base import JsonDataPart, script_json

#: Countries inside this box (west, south, east, north) use the 50m outlines, others 110m.
DETAIL_BOX = (-20.0, 0.0, 75.0, 60.0)

#: Simplification tolerance in degrees and coordinate digits, per basemap layer.
COUNTRY_TOLERANCE = {"50m": 0.01, "110m": 0.05}
ADMIN_TOLERANCE = 0.003
BASEMAP_DIGITS = 4


def _geojson(geometry: Any, tolerance: float) -> dict[str, Any] | None:
    from shapely.geometry import mapping

    simplified = geometry.simplify(tolerance, preserve_topology=True)
    if simplified.is_empty:
        return None
    raw = mapping(simplified)

    def rounded_positions(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(value[0], BASEMAP_DIGITS), round(value[1], BASEMAP_DIGITS)]
            return [rounded_positions(v) for v in value]
        return value

    return {"type": raw["type"], "coordinates": rounded_positions(raw["coordinates"])}


def _feature(geometry: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def country_features() -> list[dict[str, Any]]:
    """Return Natural Earth country outlines, detailed near Syria and coarse elsewhere."""
    return copy.deepcopy(_country_features(str(assets.assets_dir())))


@functools.cache
def _country_features(assets_dir: str) -> list[dict[str, Any]]:
    from shapely.geometry import box

    detail_box = box(*DETAIL_BOX)
    features = []
    detailed = {c.id for c in assets.countries("50m") if c.geometry.intersects(detail_box)}
    for country in assets.countries("50m"):
        if country.id in detailed:
            geometry = _geojson(country.geometry, COUNTRY_TOLERANCE["50m"])
            if geometry:
                point = country.geometry.representative_point()
                features.append(
                    _feature(
                        geometry,
                        name=country.name,
                        id=country.id,
                        label=[round(point.y, 3), round(point.x, 3)],
                    )
                )
    for country in assets.countries("110m"):
        if country.id not in detailed:
            geometry = _geojson(country.geometry, COUNTRY_TOLERANCE["110m"])
            if geometry:
                features.append(_feature(geometry, name=country.name, id=country.id, label=None))
    return sorted(features, key=lambda f: (f["properties"]["id"], f["properties"]["name"]))


def admin_features(gazetteer: GazetteerLike | None) -> dict[str, list[dict[str, Any]]]:
    """Return governorate and district polygons of the gazetteer as GeoJSON features."""
    layers: dict[str, list[dict[str, Any]]] = {"governorates": [], "districts": []}
    if gazetteer is None:
        return layers
    for layer, places in (
        ("governorates", gazetteer.governorates()),
        ("districts", gazetteer.districts()),
    ):
        for place in sorted(places, key=lambda p: p.id):
            shape = gazetteer.geometry(place.id)
            if (
                shape is None
                or shape.is_empty
                or shape.geom_type not in {"Polygon", "MultiPolygon"}
            ):
                continue
            geometry = _geojson(shape, ADMIN_TOLERANCE)
            if geometry is None:
                continue
            point = shape.representative_point()
            layers[layer].append(
                _feature(
                    geometry,
                    name=place.name,
                    name_ar=place.name_ar,
                    id=place.id,
                    label=[round(point.y, 4), round(point.x, 4)],
                )
            )
    return layers


class VectorBasemap(JsonDataPart):
    """Countries, governorates and districts as vector layers, with name labels."""

    static = ("basemap.js",)
    function = "basemap"
    part_name = "GeoBasemap"

    def __init__(self, gazetteer: GazetteerLike | None, *, offline: bool) -> None:
        super().__init__()
        self.offline = offline
        self.payload_json = basemap_json(gazetteer, offline=offline)

    def js_options(self) -> dict[str, Any]:
        return {"fillAdmin": self.offline}


def basemap_json(gazetteer: GazetteerLike | None, *, offline: bool) -> str:
    """The data of ``VectorBasemap`` (countries when ``offline``, governorates, districts) as
    script JSON."""
    countries = _country_features(str(assets.assets_dir())) if offline else []
    return script_json({"countries": countries, **admin_features(gazetteer)})


def tile_layer() -> Any:
    """Return the web tile layer of an online map (``settings.TILES_URL``)."""
    import folium

    return folium.TileLayer(
        tiles=settings.TILES_URL, attr=settings.TILES_ATTRIBUTION, name="basemap", control=False
    )
