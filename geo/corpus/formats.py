"""The output formats of a corpus run (stdlib only: the CLI reads them at start-up)."""

from __future__ import annotations

from collections.abc import Iterable

from geo.errors import ConfigurationError

__all__ = ["DEFAULT_FORMATS", "KNOWN_FORMATS", "check_formats"]

DEFAULT_FORMATS = ("geojson", "html")
KNOWN_FORMATS = ("geojson", "html", "gpkg", "csv", "kml", "parquet")


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """The output formats, lower-cased, without repeats; ``ConfigurationError`` if unknown."""
    wanted = tuple(dict.fromkeys(fmt.strip().lower() for fmt in formats if fmt.strip()))
    unknown = [fmt for fmt in wanted if fmt not in KNOWN_FORMATS]
    if unknown:
        raise ConfigurationError(
            f"unknown output format(s) {', '.join(unknown)}; choose from {', '.join(KNOWN_FORMATS)}"
        )
    if not wanted:
        raise ConfigurationError(f"no output format given; choose from {', '.join(KNOWN_FORMATS)}")
    return wanted
