"""GeoPackage: every layer of ``geo.export.frames`` in one file, the same bytes for the same
input (GDAL's time stamps are pinned to the latest document date)."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geo._io import atomic_path
from geo.errors import ExportError
from geo.export.frames import LAYERS, layer_frame

#: ``gpkg_contents.last_change`` when no document has a date.
EPOCH = "1970-01-01T00:00:00.000Z"

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def last_change(collection: dict[str, Any]) -> str:
    """The time stamp written into the GeoPackage: the latest document date, else the epoch.

    GDAL would write the time of the run, so two runs over the same articles would differ.
    """
    dates = [
        match.group(1)
        for document in collection["geo"]["documents"]
        if (match := _DATE.match(document["date"] or ""))
    ]
    return f"{max(dates)}T00:00:00.000Z" if dates else EPOCH


@contextlib.contextmanager
def _gdal_date(stamp: str) -> Iterator[None]:
    import pyogrio

    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


def write_frame(frame: Any, path: Path, *, driver: str, layer: str, append: bool) -> None:
    """Write one layer with pyogrio (a plain DataFrame as a table without geometry)."""
    import geopandas
    import pyogrio

    options: dict[str, Any] = {"driver": driver, "layer": layer, "append": append}
    if isinstance(frame, geopandas.GeoDataFrame):
        options["promote_to_multi"] = False
        if frame.empty or frame.geometry.notna().sum() == 0:
            options["geometry_type"] = "Unknown"
    pyogrio.write_dataframe(frame, path, **options)


def write_gpkg(collection: dict[str, Any], path: str | os.PathLike[str]) -> Path:
    """Write every layer of ``collection`` (see ``geo.export.frames.LAYERS``) to ``path``.

    Raises
    ------
    ExportError
        If GDAL cannot write the file.
    """
    with atomic_path(path) as temporary, _gdal_date(last_change(collection)):
        try:
            for index, layer in enumerate(LAYERS):
                frame = layer_frame(collection, layer)
                write_frame(frame, temporary, driver="GPKG", layer=layer, append=index > 0)
        except Exception as error:
            raise ExportError(f"cannot write GeoPackage {path}: {error}") from error
    return Path(path)
