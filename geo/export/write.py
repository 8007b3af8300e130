"""``write_exports``: the data files of a run, each in the format's module."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from geo.errors import ConfigurationError, ExportError
from geo.export.csv import write_csv
from geo.export.geojson import write_geojson
from geo.export.gpkg import write_gpkg
from geo.export.kml import write_kml
from geo.export.parquet import write_parquet

#: Data formats :func:`write_exports` knows (the HTML map is ``geo.mapping.write_map``).
EXPORT_FORMATS = ("geojson", "gpkg", "csv", "kml", "parquet")

_Writer = Callable[[dict[str, Any], Path, str], list[Path]]

_WRITERS: dict[str, _Writer] = {
    "geojson": lambda collection, out, name: [write_geojson(collection, out / f"{name}.geojson")],
    "gpkg": lambda collection, out, name: [write_gpkg(collection, out / f"{name}.gpkg")],
    "csv": write_csv,
    "kml": lambda collection, out, name: [write_kml(collection, out / f"{name}.kml", title=name)],
    "parquet": write_parquet,
}


def output_folder(
    out_dir: str | os.PathLike[str],
    name: str,
    formats: Sequence[str],
    *,
    known: Sequence[str],
    kind: str,
) -> Path:
    """The folder files ``name.*`` of ``formats`` are written into, created if missing.

    Raises
    ------
    ConfigurationError
        For a format not in ``known`` (an ``unknown {kind} format``), or a ``name`` that is
        not a plain file name.
    ExportError
        If the folder cannot be created.
    """
    unknown = [fmt for fmt in formats if fmt not in known]
    if unknown:
        raise ConfigurationError(
            f"unknown {kind} format(s) {', '.join(map(repr, unknown))}: use {', '.join(known)}"
        )
    if not name or "/" in name or os.sep in name or name.startswith("."):
        raise ConfigurationError(f"output name {name!r} must be a plain file name")
    path = Path(out_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create output directory {path}: {error}") from error
    return path


def write_exports(
    collection: dict[str, Any],
    out_dir: str | os.PathLike[str],
    name: str,
    *,
    formats: Sequence[str] = ("geojson",),
) -> list[Path]:
    """Write the data files of a FeatureCollection from :func:`geo.export.to_geojson`.

    Parameters
    ----------
    collection
        The FeatureCollection.
    out_dir
        Output directory, created if missing.
    name
        Base file name: ``NAME.geojson``, ``NAME.gpkg``, ``NAME.kml``,
        ``NAME.{places,routes,mentions,documents}.csv``, ``NAME.<layer>.parquet``.
    formats
        Any of ``EXPORT_FORMATS``.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.
    """
    out = output_folder(out_dir, name, formats, known=EXPORT_FORMATS, kind="export")
    return [path for fmt in dict.fromkeys(formats) for path in _WRITERS[fmt](collection, out, name)]
