"""GeoParquet: one file per layer of ``geo.export.frames`` (``documents`` as plain Parquet)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from geo._io import atomic_path
from geo.errors import ExportError
from geo.export.frames import LAYERS, layer_frame


def write_parquet(
    collection: dict[str, Any], out_dir: str | os.PathLike[str], name: str
) -> list[Path]:
    """Write ``NAME.<layer>.parquet`` for every layer into ``out_dir``.

    Raises
    ------
    ExportError
        If a layer cannot be written.
    """
    written = []
    for layer in LAYERS:
        path = Path(out_dir) / f"{name}.{layer}.parquet"
        frame = layer_frame(collection, layer)
        with atomic_path(path) as temporary:
            try:
                frame.to_parquet(temporary, index=False)
            except Exception as error:
                raise ExportError(f"cannot write GeoParquet layer {layer}: {error}") from error
        written.append(path)
    return written
