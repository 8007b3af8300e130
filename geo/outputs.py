"""``write_outputs``: every file of a run, the data exports and the HTML map.

Sits above ``geo.export`` and ``geo.mapping`` (which never import this module). Call it once
the claims are linked across documents: it reads the routes' corroboration as it is.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from geo.export import GazetteerLike, to_geojson, write_exports
from geo.export.write import output_folder
from geo.mapping import write_map
from geo.model import ParsedDocument

#: Output formats :func:`write_outputs` knows.
FORMATS = ("geojson", "html", "gpkg", "csv", "kml", "parquet")


def write_outputs(
    parsed: Sequence[ParsedDocument],
    out_dir: str | os.PathLike[str],
    name: str,
    *,
    formats: Sequence[str] = ("geojson", "html"),
    offline: bool = False,
    gazetteer: GazetteerLike,
    failures: Sequence[tuple[str, str]] = (),
) -> list[Path]:
    """Write the map and the exports of ``parsed`` into ``out_dir``.

    Parameters
    ----------
    parsed
        Parsed documents, their claims linked (``geo.routes.corroborate``).
    out_dir
        Output directory, created if missing.
    name
        Base file name: ``NAME.geojson``, ``NAME.html``, ``NAME.gpkg``, ``NAME.kml``,
        ``NAME.<layer>.csv``, ``NAME.<layer>.parquet``.
    formats
        Any of ``geojson``, ``html``, ``gpkg``, ``csv``, ``kml``, ``parquet``.
    offline
        Make the HTML map self-contained (inlined scripts, vector basemap, no network).
    gazetteer
        The gazetteer the documents were resolved with (basemap polygons, attribution).
    failures
        ``(path, message)`` of documents that could not be read; listed in the GeoJSON
        ``geo.failures`` member and on the map.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.
    """
    out = output_folder(out_dir, name, formats, known=FORMATS, kind="output")
    parsed = list(parsed)
    collection = to_geojson(parsed, gazetteer=gazetteer, failures=failures)
    written: list[Path] = []
    for fmt in dict.fromkeys(formats):
        if fmt == "html":
            written.append(
                write_map(
                    out / f"{name}.html",
                    parsed,
                    gazetteer=gazetteer,
                    offline=offline,
                    title=name,
                    failures=failures,
                    collection=collection,
                )
            )
        else:
            written.extend(write_exports(collection, out, name, formats=[fmt]))
    return written
