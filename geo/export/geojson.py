"""The RFC 7946 FeatureCollection of places, regions and routes, and its deterministic text.

Every feature says which sentence of which article put it on the map: places carry all their
mentions (document, offsets, a quoted context window), routes carry their evidence span and
the routes of other documents that corroborate them. The properties are documented in
``docs/geojson.md``. The text is deterministic: sorted keys, features sorted by kind and id,
coordinates rounded to ``COORDINATE_DIGITS`` decimals, one feature per line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from geo._io import atomic_writer
from geo.errors import ExportError
from geo.export._common import GEOJSON_FORMAT, GazetteerLike, document_entry
from geo.export._json import dumps_bytes
from geo.export._places import Collector, located_features
from geo.export._routes import Corroboration, borders_needed, route_feature
from geo.memory import paused_gc
from geo.model import ParsedDocument

#: Credited whenever a route is cut at a country border.
BORDERS_ATTRIBUTION = "Country borders: Natural Earth (public domain) via world-atlas"


def _admin_names_ar(gazetteer: GazetteerLike | None) -> dict[str, str]:
    if gazetteer is None:
        return {}
    return {
        place.id: place.name_ar
        for place in [*gazetteer.governorates(), *gazetteer.districts()]
        if place.name_ar
    }


def _borders() -> Sequence[Any] | None:
    from geo import assets

    try:
        return assets.countries("50m")
    except ExportError:
        return None


def _attribution(gazetteer: GazetteerLike | None) -> str:
    parts = []
    if gazetteer is not None and gazetteer.attribution:
        parts.append(gazetteer.attribution)
    parts.append(BORDERS_ATTRIBUTION)
    return "; ".join(parts)


def _route_features(parsed: list[ParsedDocument]) -> list[dict[str, Any]]:
    routes = [route for item in parsed for route in item.routes]
    borders = _borders() if borders_needed(routes) else None
    corroboration = Corroboration(
        doc_of_route={route.id: item.document.id for item in parsed for route in item.routes},
        outlet_of_doc={item.document.id: item.document.outlet for item in parsed},
        references={},
    )
    features = []
    for item in parsed:
        doc_id = item.document.id
        for route in item.routes:
            feature = route_feature(doc_id, route, borders)
            feature["properties"].update(corroboration.properties(route, doc_id))
            features.append(feature)
    features.sort(key=lambda feature: str(feature["id"]))
    return features


def to_geojson(
    parsed: Sequence[ParsedDocument],
    *,
    gazetteer: GazetteerLike | None = None,
    failures: Sequence[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Return places, regions and routes of ``parsed`` as an RFC 7946 FeatureCollection.

    Call it once the claims are linked across documents (``geo.routes.corroborate``): the
    routes' corroboration is read as it is.

    Parameters
    ----------
    parsed
        Parsed documents; places mentioned in several of them become one feature.
    gazetteer
        Used for Arabic governorate and district names and for attribution.
    failures
        ``(path, message)`` of documents that could not be read, listed in the member
        ``geo.failures`` (absent when ``None``).

    Returns
    -------
    dict
        A FeatureCollection (WGS84, ``[lon, lat]``, 6 decimals): places, then regions, then
        routes, each sorted by id, with foreign members ``geo`` (documents, attribution,
        sources) and ``unresolved`` (mentions not placed). The ``{"route", "doc"}`` items of
        the routes' ``corroborated_by`` lists are shared by every list naming the same
        route: treat the collection as read-only data.
    """
    parsed = list(parsed)
    with paused_gc():
        collector = Collector()
        for item in parsed:
            collector.add_document(item)
        features = located_features(collector, _admin_names_ar(gazetteer))
        features.extend(_route_features(parsed))
        geo: dict[str, Any] = {
            "format": GEOJSON_FORMAT,
            "documents": sorted(
                (document_entry(item.document) for item in parsed), key=lambda d: d["doc"]
            ),
            "attribution": _attribution(gazetteer),
            "sources": list(gazetteer.sources) if gazetteer is not None else [],
        }
        if failures is not None:
            geo["failures"] = [{"path": str(path), "error": str(error)} for path, error in failures]
        return {
            "type": "FeatureCollection",
            "geo": geo,
            "unresolved": sorted(
                collector.unresolved, key=lambda m: (m["doc"], m["start"], m["end"])
            ),
            "features": features,
        }


def _serialised_parts(collection: dict[str, Any]) -> Iterator[bytes]:
    # The members before ``features``, then one feature per line, so that a corpus is never
    # one string in memory.
    head = dumps_bytes({key: value for key, value in collection.items() if key != "features"})
    yield head[:-1] + b',"features":[\n'
    yield from _feature_lines(collection["features"])
    yield b"\n]}\n"


def _feature_lines(features: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    separator = b""
    for feature in features:
        yield separator + dumps_bytes(feature)
        separator = b",\n"


def serialise(collection: dict[str, Any]) -> str:
    """Serialise a FeatureCollection deterministically, one feature per line."""
    return b"".join(_serialised_parts(collection)).decode("utf-8")


def geojson_text(
    parsed: Sequence[ParsedDocument], *, gazetteer: GazetteerLike | None = None
) -> str:
    """Return :func:`to_geojson` serialised deterministically (one feature per line)."""
    return serialise(to_geojson(parsed, gazetteer=gazetteer))


def write_geojson(collection: dict[str, Any], path: str | os.PathLike[str]) -> Path:
    """Write a FeatureCollection to ``path`` as :func:`serialise` would, feature by feature.

    The text is streamed into a temporary file renamed into place once complete (see
    :func:`geo._io.atomic_writer`); the whole text is never held in memory.

    Returns
    -------
    Path
        ``path``.
    """
    with atomic_writer(path) as stream:
        for part in _serialised_parts(collection):
            stream.write(part)
    return Path(path)
