"""geo: an offline geoparser for Arabic news reports on the Syrian war.

The public API, loaded on first use so that ``import geo`` (and the CLI's cold start) stays
light::

    from geo import Gazetteer, Parser, read_document, to_geojson, render_map
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Gazetteer": "geo.gazetteer",
    "build_index": "geo.gazetteer",
    "Parser": "geo.parse",
    "corroborate": "geo.parse",
    "read_document": "geo.document",
    "to_geojson": "geo.export",
    "to_geodataframe": "geo.export",
    "write_outputs": "geo.outputs",
    "render_map": "geo.mapping",
    "run_corpus": "geo.corpus",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
