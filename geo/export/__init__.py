"""GeoJSON, GeoPackage, CSV, KML and GeoParquet exports: the only package that writes geodata.

One module per format, as geopandas splits ``io``: ``geojson`` (the FeatureCollection every
other format is made from), ``frames`` (its layers as GeoDataFrames), ``gpkg``, ``csv``,
``kml``, ``parquet``; ``pairs`` aggregates route claims by endpoint pair. Nothing here
imports ``geo.mapping``: the HTML map is written by ``geo.mapping.write_map`` and a run's
files by ``geo.outputs.write_outputs``. Every file is written atomically (``geo._io``).
"""

from geo.export._common import (
    COORDINATE_DIGITS,
    DOCUMENT_FIELDS,
    GEOJSON_FORMAT,
    QUOTE_CONTEXT,
    ROLES,
    GazetteerLike,
    document_of,
    is_foreign_country,
    quote_window,
    safe_link,
)
from geo.export._json import dumps, dumps_bytes
from geo.export.csv import write_csv
from geo.export.frames import LAYERS, layer_frame, to_geodataframe
from geo.export.geojson import geojson_text, serialise, to_geojson, write_geojson
from geo.export.gpkg import write_gpkg
from geo.export.kml import write_kml
from geo.export.pairs import route_pairs
from geo.export.parquet import write_parquet
from geo.export.write import EXPORT_FORMATS, write_exports

__all__ = [
    "COORDINATE_DIGITS",
    "DOCUMENT_FIELDS",
    "EXPORT_FORMATS",
    "GEOJSON_FORMAT",
    "LAYERS",
    "QUOTE_CONTEXT",
    "ROLES",
    "GazetteerLike",
    "document_of",
    "dumps",
    "dumps_bytes",
    "geojson_text",
    "is_foreign_country",
    "layer_frame",
    "quote_window",
    "route_pairs",
    "safe_link",
    "serialise",
    "to_geodataframe",
    "to_geojson",
    "write_csv",
    "write_exports",
    "write_geojson",
    "write_gpkg",
    "write_kml",
    "write_parquet",
]
