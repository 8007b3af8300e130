"""What every export module shares: the gazetteer contract, coordinates, quotes, links."""

from __future__ import annotations

import functools
from typing import Any, Protocol

from geo.model import Document, Place

#: Identifies the shape of the FeatureCollection ``to_geojson`` returns.
GEOJSON_FORMAT = "geo.geojson/1"

#: Digits kept in coordinates (6 decimals is about 0.1 m).
COORDINATE_DIGITS = 6

#: Characters of article text quoted on each side of a mention.
QUOTE_CONTEXT = 80

#: Role of a place in the movement claims, most telling first.
ROLES = ("destination", "origin", "via", "mentioned")

#: The fields of a ``geo.documents`` entry, as :func:`document_of` gives them.
DOCUMENT_FIELDS = ("doc", "title", "outlet", "date", "url", "link", "path")


class GazetteerLike(Protocol):
    """What exports and maps need of a :class:`geo.gazetteer.Gazetteer`."""

    attribution: str
    sources: list[dict[str, Any]]

    def governorates(self) -> list[Place]: ...

    def districts(self) -> list[Place]: ...

    def geometry(self, place_id: str) -> Any: ...


def safe_link(url: str) -> str:
    """Return ``url`` if it is an http(s) URL, else ``""`` (never link ``javascript:``)."""
    candidate = (url or "").strip()
    if candidate.lower().startswith(("http://", "https://")) and not any(
        character in candidate for character in "\n\r\t \"'<>`"
    ):
        return candidate
    return ""


def quote_window(
    text: str, start: int, end: int, *, context: int = QUOTE_CONTEXT
) -> dict[str, Any]:
    """Return a short quote of ``text`` around ``text[start:end]``.

    Returns
    -------
    dict
        ``quote`` (the window, with ``…`` where it was cut), ``quote_start``/``quote_end``
        (where the named span sits inside ``quote``).
    """
    # Called for every mention of a corpus: comparisons are cheaper than min() and max().
    size = len(text)
    start = 0 if start < 0 else size if start > size else start
    end = start if end < start else size if end > size else end
    left = start - context if start > context else 0
    right = end + context if end + context < size else size
    # Cut at word boundaries so a quote never starts or ends inside a word.
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < size:
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < size else ""
    # Line breaks become spaces, which keeps every offset.
    quote = prefix + text[left:right].replace("\n", " ") + suffix
    quote_start = len(prefix) + start - left
    return {"quote": quote, "quote_start": quote_start, "quote_end": quote_start + end - start}


def round_coordinate(value: float) -> float:
    """``value`` rounded to ``COORDINATE_DIGITS`` decimals (``-0.0`` written ``0.0``)."""
    value = round(float(value), COORDINATE_DIGITS)
    return 0.0 if value == 0 else value


@functools.lru_cache(maxsize=1 << 16)
def _rounded_pair(lon: float, lat: float) -> tuple[float, float]:
    # Corpora name the same places over and over: round each position once.
    return (round_coordinate(lon), round_coordinate(lat))


def lonlat(lon: float, lat: float) -> list[float]:
    """A GeoJSON position ``[lon, lat]``, rounded."""
    return list(_rounded_pair(lon, lat))


def rounded_coordinates(value: Any) -> Any:
    """The nested coordinates of a GeoJSON geometry, every position rounded."""
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round_coordinate(value[0]), round_coordinate(value[1])]
        return [rounded_coordinates(item) for item in value]
    return value


def is_foreign_country(kind: str, country: str) -> bool:
    """Whether a place of ``kind`` in ``country`` is a country other than Syria: no point on
    a map of Syria (its centroid may lie a continent away); a route to it ends at its
    border."""
    return kind == "country" and country != "SY"


def place_lonlat(place: Place | None) -> tuple[float, float] | None:
    """``(lon, lat)`` of ``place``, or ``None`` when it has no coordinates."""
    if place is None or place.lat is None or place.lon is None:
        return None
    return (float(place.lon), float(place.lat))


def has_area(geometry: Any) -> bool:
    """Whether ``geometry`` is a non-empty (multi)polygon."""
    return (
        geometry is not None
        and not geometry.is_empty
        and geometry.geom_type in {"Polygon", "MultiPolygon"}
    )


def documents_by_id(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The ``geo.documents`` entries of ``collection`` by document id."""
    return {document["doc"]: document for document in collection["geo"]["documents"]}


def document_of(collection: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """Return the ``geo.documents`` entry of ``doc_id`` (empty fields if it is not there).

    Mentions and routes name their document by id only; this is where its title, outlet,
    date, URL, link and path are.
    """
    for document in collection["geo"]["documents"]:
        if document["doc"] == doc_id:
            return document
    return empty_document(doc_id)


def document_entry(document: Document) -> dict[str, Any]:
    """The ``geo.documents`` entry of ``document``: its ``DOCUMENT_FIELDS``."""
    values = (
        document.id,
        document.title,
        document.outlet,
        document.date,
        document.url,
        safe_link(document.url),
        document.path,
    )
    return dict(zip(DOCUMENT_FIELDS, values, strict=True))


def empty_document(doc_id: str = "") -> dict[str, Any]:
    """A ``geo.documents`` entry with every field empty but ``doc``."""
    return {key: doc_id if key == "doc" else "" for key in DOCUMENT_FIELDS}
