"""geo: an offline geoparser for Arabic news reports on the Syrian war.

The public API (loaded on first use, so that ``import geo`` and the CLI's cold start stay
light)::

    import geo
    from pathlib import Path

    parsed = geo.parse("خرج عشرات المقاتلين من مدينة حمص باتجاه إدلب.")  # a text
    parsed = geo.parse(Path("seeds/000_6af6e4e56df1d80f.txt"))  # a file
    collection = geo.to_geojson([parsed])
    outcome = geo.run(["seeds/"], "maps/", formats=["geojson", "html"], offline=True)

``geo.run`` does what ``geo run`` does; library functions never print.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public names and the modules they come from.
_EXPORTS = {
    "Gazetteer": "geo.gazetteer",
    "GeoError": "geo.errors",
    "ParsedDocument": "geo.model",
    "Parser": "geo.pipeline",
    "RunResult": "geo.corpus",
    "parse": "geo.pipeline",
    "render_map": "geo.mapping",
    "run": "geo.corpus",
    "to_geodataframe": "geo.export",
    "to_geojson": "geo.export",
}

#: Names kept importable from ``geo`` for existing code, outside ``__all__``.
_ALSO = {
    "build_index": "geo.gazetteer",
    "corroborate": "geo.pipeline",
    "read_document": "geo.document",
    "run_corpus": "geo.corpus",
    "write_outputs": "geo.outputs",
}

__all__ = [
    "Gazetteer",
    "GeoError",
    "ParsedDocument",
    "Parser",
    "RunResult",
    "parse",
    "render_map",
    "run",
    "to_geodataframe",
    "to_geojson",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name) or _ALSO.get(name)
    if module is None:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
