"""CSV tables for spreadsheets: places, routes, mentions and documents, one file each.

Files are UTF-8 with a byte order mark (without it spreadsheet programs read Arabic as
mojibake), rows end with CRLF and every text field is quoted (so no line break in article
text, a bare carriage return or a Unicode line separator, ever splits a row), and a text cell
that a spreadsheet would run as a formula is prefixed with ``'`` (OWASP's CSV injection rule).
"""

from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path
from typing import Any

from geo._io import atomic_write
from geo.export.frames import layer_frame

#: Layers written as ``NAME.<layer>.csv``.
CSV_LAYERS = ("places", "regions", "routes", "mentions", "documents")

#: A text cell starting with one of these is read as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """``value`` as a CSV cell: text a spreadsheet would run as a formula gets a leading
    ``'``; missing values (``None``, NaN) are empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


#: Layers whose geometries are points, given ``lon`` and ``lat`` columns.
POINT_LAYERS = ("places", "mentions")


def csv_text(frame: Any, *, points: bool = False) -> str:
    """The CSV text of a layer frame: its columns, then ``wkt`` if it has a geometry column,
    and ``lon`` and ``lat`` with ``points``."""
    import geopandas

    table = frame
    if isinstance(frame, geopandas.GeoDataFrame):
        geometries = list(frame.geometry)
        table = frame.drop(columns=frame.geometry.name)
        table["wkt"] = [g.wkt if g is not None else "" for g in geometries]
        if points:
            table["lon"] = [g.x if g is not None else None for g in geometries]
            table["lat"] = [g.y if g is not None else None for g in geometries]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([spreadsheet_cell(str(column)) for column in table.columns])
    for row in table.itertuples(index=False, name=None):
        writer.writerow([spreadsheet_cell(value) for value in row])
    return buffer.getvalue()


def write_csv(collection: dict[str, Any], out_dir: str | os.PathLike[str], name: str) -> list[Path]:
    """Write ``NAME.<layer>.csv`` for each of ``CSV_LAYERS`` into ``out_dir``."""
    written = []
    for layer in CSV_LAYERS:
        path = Path(out_dir) / f"{name}.{layer}.csv"
        atomic_write(
            path, "\ufeff" + csv_text(layer_frame(collection, layer), points=layer in POINT_LAYERS)
        )
        written.append(path)
    return written
