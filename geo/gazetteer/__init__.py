"""The gazetteer layer: source readers, the one-file index, ranked search, a geopy adapter.

>>> from geo.gazetteer import Gazetteer
>>> gazetteer = Gazetteer.default()   # the built index, else the packaged Syria gazetteer
>>> gazetteer.search("هجين", limit=1)[0].place.name
"""

from __future__ import annotations

from typing import Any

from geo.gazetteer.index import Gazetteer

__all__ = ["Gazetteer", "build_index"]


def build_index(source: Any, out: Any = None, **options: Any) -> Any:
    """Build the index (see :func:`geo.gazetteer.build.build_index`); imported lazily."""
    from geo.gazetteer.build import build_index as _build_index

    return _build_index(source, out, **options)
