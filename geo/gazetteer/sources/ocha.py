"""OCHA governorate (admin1) polygons with Arabic and English names and P-codes (SY01-SY14).

Read from GeoJSON with the standard library; a shapefile is read through pyogrio only when
no GeoJSON conversion is present.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geo.errors import SourceFormatError
from geo.gazetteer.sources import SourceRecord, is_polygon, read_json, split_names

SOURCE = {
    "id": "ocha",
    "title": "OCHA/UNCS Syria governorate boundaries (COD-AB)",
    "licence": "CC BY 3.0 IGO",
    "attribution": "Boundaries: OCHA/UNCS via HDX, CC BY 3.0 IGO",
    "url": "https://data.humdata.org/dataset/cod-ab-syr",
}


def read_ocha_admin1(path: Path) -> Iterator[SourceRecord]:
    """Read the OCHA governorate polygons (GeoJSON, or a shapefile via pyogrio)."""
    features = (
        _shapefile_features(path) if path.suffix.lower() == ".shp" else _geojson_features(path)
    )
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise SourceFormatError(f"{path}: feature {number}: no properties")
        pcode = str(properties.get("PCODE") or properties.get("ADM1_PCODE") or "").strip()
        name_en = str(properties.get("NAME_EN") or properties.get("ADM1_EN") or "").strip()
        name_ar = str(properties.get("NAME_AR") or properties.get("ADM1_AR") or "").strip()
        if not pcode or not (name_en or name_ar):
            raise SourceFormatError(f"{path}: feature {number}: needs PCODE and NAME_EN/NAME_AR")
        geometry = feature.get("geometry")
        if not is_polygon(geometry):
            raise SourceFormatError(
                f"{path}: feature {number} ({pcode}): geometry is not a polygon"
            )
        yield SourceRecord(
            id=f"ocha:{pcode}",
            name=name_en or name_ar,
            name_ar=name_ar,
            kind="governorate",
            lat=None,
            lon=None,
            names=split_names(name_en, properties.get("NAM_EN_REF"), name_ar),
            pcode=pcode,
            geometry=geometry,
        )


def _geojson_features(path: Path) -> list[Any]:
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise SourceFormatError(f"{path}: not a GeoJSON FeatureCollection")
    return data["features"]


def _shapefile_features(path: Path) -> list[Any]:
    try:
        import pyogrio
        from shapely.geometry import mapping
    except ImportError as error:  # pragma: no cover - both are dependencies
        raise SourceFormatError(
            f"{path}: reading shapefiles needs pyogrio and shapely: {error}"
        ) from error
    try:
        frame = pyogrio.read_dataframe(path)
    except Exception as error:  # pyogrio raises its own tree of errors
        raise SourceFormatError(f"{path}: cannot read shapefile: {error}") from error
    features = []
    for _, row in frame.iterrows():
        properties = {key: row[key] for key in frame.columns if key != "geometry"}
        features.append({"properties": properties, "geometry": mapping(row["geometry"])})
    return features
