"""GeoJSON, GeoPackage, CSV, KML and GeoParquet exports: the only module that writes geodata.

Every feature says which sentence of which article put it on the map: places carry all their
mentions (document, offsets, a quoted context window), routes carry their evidence span and
the routes of other documents that corroborate them. The properties are documented in
``docs/geojson.md``.

Output is deterministic (sorted keys and features, coordinates rounded to 6 decimals) and
every file is written to a temporary name in its directory and renamed into place.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import json
import operator
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

from geo import forking
from geo.errors import ConfigurationError, ExportError
from geo.memory import paused_gc
from geo.model import Endpoint, Mention, ParsedDocument, Place, Route

if TYPE_CHECKING:
    import geopandas

#: Identifies the shape of the FeatureCollection ``to_geojson`` returns.
GEOJSON_FORMAT = "geo.geojson/1"

#: Digits kept in coordinates (6 decimals is about 0.1 m).
COORDINATE_DIGITS = 6

#: Characters of article text quoted on each side of a mention.
QUOTE_CONTEXT = 80

#: Output formats ``write_outputs`` knows.
FORMATS = ("geojson", "html", "gpkg", "csv", "kml", "parquet")

#: Layers of ``to_geodataframe`` (and of the GeoPackage and GeoParquet exports).
LAYERS = ("places", "regions", "routes", "mentions", "route_pairs")

#: Role of a place in the movement claims, most telling first.
ROLES = ("destination", "origin", "via", "mentioned")


class GazetteerLike(Protocol):
    """What exports and maps need of a :class:`geo.gazetteer.Gazetteer`."""

    attribution: str
    sources: list[dict[str, Any]]

    def governorates(self) -> list[Place]: ...

    def districts(self) -> list[Place]: ...

    def geometry(self, place_id: str) -> Any: ...


# --------------------------------------------------------------------------------------
# Atomic writes


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open a temporary file beside ``path`` for writing; rename it to ``path`` on success.

    Readers see either the old file or the complete new one, never a partial write. If the
    block raises, the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error}") from error
    try:
        with os.fdopen(handle, "wb", buffering=1 << 20) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        _remove_quietly(temporary)
        raise ExportError(f"cannot write {target}: {error}") from error
    except BaseException:
        _remove_quietly(temporary)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same directory.

    Readers see either the old file or the complete new one, never a partial write.
    """
    with atomic_writer(path) as stream:
        stream.write(data)
    return Path(path)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    return atomic_write_bytes(path, text.encode("utf-8"))


def _remove_quietly(path: str | os.PathLike[str]) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


# --------------------------------------------------------------------------------------
# Small helpers


def safe_link(url: str) -> str:
    """Return ``url`` if it is an http(s) URL, else ``""`` (never link ``javascript:``)."""
    candidate = (url or "").strip()
    lowered = candidate.lower()
    if lowered.startswith(("http://", "https://")) and not any(
        ch in candidate for ch in "\n\r\t \"'<>`"
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
    # Called for every mention of a corpus: comparisons, not min() and max() calls.
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


def _round(value: float) -> float:
    value = round(float(value), COORDINATE_DIGITS)
    return 0.0 if value == 0 else value


def _lonlat(lon: float, lat: float) -> list[float]:
    return list(_rounded_pair(lon, lat))


@functools.lru_cache(maxsize=1 << 16)
def _rounded_pair(lon: float, lat: float) -> tuple[float, float]:
    # Corpora name the same places over and over: round each position once.
    return (_round(lon), _round(lat))


def _place_lonlat(place: Place | None) -> tuple[float, float] | None:
    if place is None or place.lat is None or place.lon is None:
        return None
    return (float(place.lon), float(place.lat))


def _document_info(parsed: ParsedDocument) -> dict[str, Any]:
    document = parsed.document
    return {
        "doc": document.id,
        "title": document.title,
        "outlet": document.outlet,
        "date": document.date,
        "url": document.url,
        "link": safe_link(document.url),
        "path": document.path,
    }


def _place_properties(place: Place, admin_ar: dict[str, str]) -> dict[str, Any]:
    return {
        "place_id": place.id,
        "name": place.name,
        "name_ar": place.name_ar,
        "kind": place.kind,
        "admin1": place.admin1,
        "admin1_ar": admin_ar.get(place.admin1_id, ""),
        "admin2": place.admin2,
        "admin2_ar": admin_ar.get(place.admin2_id, ""),
        "country": place.country,
        "population": int(place.population or 0),
        "source": place.source,
    }


def _geometry_key(geometry: Any) -> str:
    return "region:" + hashlib.sha1(geometry.wkb).hexdigest()[:12]


def _has_area(geometry: Any) -> bool:
    return (
        geometry is not None
        and not geometry.is_empty
        and geometry.geom_type in {"Polygon", "MultiPolygon"}
    )


# --------------------------------------------------------------------------------------
# Aggregation of places and regions across documents


@dataclass
class _Located:
    """A place or region gathered across documents while building features."""

    key: str
    place: Place | None
    geometry: Any = None
    mentions: list[dict[str, Any]] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    routes: set[str] = field(default_factory=set)
    name: str = ""
    spans: set[tuple[str, int, int]] = field(default_factory=set)


def _mention_record(
    parsed: ParsedDocument,
    text: str,
    start: int,
    end: int,
    info: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    # Document details (title, outlet, date, URL, path) are written once, in
    # ``geo.documents``; a mention names its document by id only.
    record = {
        "doc": info["doc"] if info is not None else parsed.document.id,
        "text": text,
        "start": start,
        "end": end,
        **quote_window(parsed.document.text, start, end),
    }
    record.update(extra)
    return record


def _mention_extra(mention: Mention) -> dict[str, Any]:
    return {
        "confidence": round(float(mention.confidence), 3),
        "reason": mention.reason,
        "cue": mention.cue,
        "pinned": bool(mention.pinned),
        "from": "mention",
    }


def _endpoint_roles(route: Route) -> Iterable[tuple[str, Endpoint]]:
    for endpoint in route.origins:
        yield "origin", endpoint
    for endpoint in route.via:
        yield "via", endpoint
    for endpoint in route.destinations:
        yield "destination", endpoint


def _region_geometry(endpoint_or_mention: Endpoint | Mention) -> Any:
    geometry = endpoint_or_mention.geometry
    return geometry if _has_area(geometry) else None


class _Collector:
    """Gathers places, regions and unresolved mentions of several documents."""

    def __init__(self) -> None:
        self.places: dict[str, _Located] = {}
        self.regions: dict[str, _Located] = {}
        self.unplaced: dict[str, _Located] = {}
        self.unresolved: list[dict[str, Any]] = []
        self.dates: dict[str, str] = {}
        # A corpus names the same places over and over: where each goes is decided once.
        self._by_place: dict[str, _Located] = {}

    def _slot(
        self, mapping: dict[str, _Located], key: str, place: Place | None, geometry: Any, name: str
    ) -> _Located:
        located = mapping.get(key)
        if located is None:
            located = mapping[key] = _Located(key=key, place=place, geometry=geometry, name=name)
        return located

    def _target(self, place: Place | None, geometry: Any, name: str) -> _Located | None:
        if geometry is not None:
            key = place.id if place is not None else _geometry_key(geometry)
            return self._slot(self.regions, key, place, geometry, name)
        if place is None:
            return None
        located = self._by_place.get(place.id)
        if located is None:
            if _place_lonlat(place) is None:
                located = self._slot(self.unplaced, place.id, place, None, name)
            else:
                located = self._slot(self.places, place.id, place, None, name)
            self._by_place[place.id] = located
        return located

    def add_document(self, parsed: ParsedDocument) -> None:
        document = parsed.document
        doc_id, text = document.id, document.text
        self.dates[doc_id] = document.date
        for mention in parsed.mentions:
            geometry = mention.geometry
            if geometry is not None and not _has_area(geometry):
                geometry = None
            target = self._target(mention.place, geometry, mention.text)
            if target is None:
                self.unresolved.append(self._unresolved(parsed, mention))
                continue
            start, end = mention.start, mention.end
            record = quote_window(text, start, end)
            record["doc"] = doc_id
            record["text"] = mention.text
            record["start"] = start
            record["end"] = end
            record["confidence"] = round(float(mention.confidence), 3)
            record["reason"] = mention.reason
            record["cue"] = mention.cue
            record["pinned"] = bool(mention.pinned)
            record["from"] = "mention"
            target.mentions.append(record)
            target.spans.add((doc_id, start, end))
        for route in parsed.routes:
            route_id = route.id
            confidence = round(float(route.confidence), 3)
            for role, endpoint in _endpoint_roles(route):
                geometry = None
                if endpoint.kind == "region":
                    geometry = endpoint.geometry
                    if geometry is not None and not _has_area(geometry):
                        geometry = None
                target = self._target(endpoint.place, geometry, endpoint.text)
                if target is None:
                    continue
                target.roles.add(role)
                target.routes.add(route_id)
                start, end = endpoint.start, endpoint.end
                if (doc_id, start, end) not in target.spans:
                    target.spans.add((doc_id, start, end))
                    record = quote_window(text, start, end)
                    record["doc"] = doc_id
                    record["text"] = endpoint.text
                    record["start"] = start
                    record["end"] = end
                    record["confidence"] = confidence
                    record["reason"] = endpoint.note or f"{role} of route {route_id}"
                    record["cue"] = ""
                    record["pinned"] = False
                    record["from"] = "route"
                    target.mentions.append(record)

    @staticmethod
    def _unresolved(parsed: ParsedDocument, mention: Mention) -> dict[str, Any]:
        record = _mention_record(
            parsed, mention.text, mention.start, mention.end, **_mention_extra(mention)
        )
        record["candidates"] = [
            {
                "place_id": candidate.place.id,
                "name": candidate.place.name,
                "name_ar": candidate.place.name_ar,
                "kind": candidate.place.kind,
                "score": round(float(candidate.score), 4),
            }
            for candidate in mention.candidates[:5]
        ]
        return record


_MENTION_ORDER = operator.itemgetter("doc", "start", "end")


def _located_properties(
    located: _Located, admin_ar: dict[str, str], feature_type: str, dates_by_doc: dict[str, str]
) -> dict[str, Any]:
    mentions = sorted(located.mentions, key=_MENTION_ORDER)
    best = max(mentions, key=lambda m: (m["confidence"], -m["start"]), default=None)
    if located.place is not None:
        properties = _place_properties(located.place, admin_ar)
    else:
        properties = {
            "place_id": "",
            "name": "",
            "name_ar": located.name,
            "kind": "region",
            "admin1": "",
            "admin1_ar": "",
            "admin2": "",
            "admin2_ar": "",
            "country": "",
            "population": 0,
            "source": "",
        }
    roles = sorted(located.roles, key=ROLES.index) or ["mentioned"]
    documents = sorted({m["doc"] for m in mentions})
    dates = sorted({dates_by_doc[d] for d in documents if dates_by_doc.get(d)})
    properties.update(
        {
            "feature_type": feature_type,
            "role": roles[0],
            "roles": roles,
            "confidence": best["confidence"] if best else 0.0,
            "reason": best["reason"] if best else "",
            "mention_count": len(mentions),
            "documents": documents,
            "dates": dates,
            "routes": sorted(located.routes),
            "mentions": mentions,
        }
    )
    return properties


# --------------------------------------------------------------------------------------
# Routes


@dataclass(frozen=True, slots=True)
class _Point:
    lonlat: tuple[float, float]
    endpoint: Endpoint
    country: Any = None


def _country_outline(place: Place, borders: Sequence[Any]) -> Any:
    """Return the world-atlas outline of a country place (by name, else by containment)."""
    from shapely.geometry import Point

    from geo.normalize import latin_key

    names = {latin_key(name) for name in (place.name, *place.names) if name}
    names.discard("")
    for country in borders:
        if latin_key(country.name) in names:
            return country.geometry
    lonlat = _place_lonlat(place)
    if lonlat is not None:
        point = Point(lonlat)
        for country in borders:
            if country.geometry.contains(point):
                return country.geometry
    return None


def _endpoint_point(endpoint: Endpoint, borders: Sequence[Any] | None) -> _Point | None:
    lonlat = _place_lonlat(endpoint.place)
    if lonlat is None:
        geometry = _region_geometry(endpoint)
        if geometry is None:
            return None
        point = geometry.representative_point()
        lonlat = (point.x, point.y)
    outline = None
    if endpoint.kind == "country" and endpoint.place is not None and borders:
        outline = _country_outline(endpoint.place, borders)
    return _Point(lonlat=lonlat, endpoint=endpoint, country=outline)


def _border_crossing(
    outside: tuple[float, float], inside: tuple[float, float], outline: Any
) -> tuple[float, float] | None:
    """Return where the segment from ``outside`` toward ``inside`` first enters ``outline``."""
    from shapely.geometry import LineString, Point

    start = Point(outside)
    if outline.contains(start) or outline.touches(start):
        return None
    crossing = LineString([outside, inside]).intersection(outline.boundary)
    if crossing.is_empty:
        return None
    points = [g for g in getattr(crossing, "geoms", [crossing]) if not g.is_empty]
    coords = [c for g in points for c in g.coords]
    if not coords:
        return None
    nearest = min(coords, key=lambda c: start.distance(Point(c)))
    return (nearest[0], nearest[1])


def _route_lines(
    route: Route, placed: dict[int, _Point | None]
) -> tuple[list[list[list[float]]], list[dict[str, Any]]]:
    origins = [p for p in (placed[id(e)] for e in route.origins) if p]
    destinations = [p for p in (placed[id(e)] for e in route.destinations) if p]
    vias = [p for p in (placed[id(e)] for e in route.via) if p]
    origin_index = {id(e): i for i, e in enumerate(route.origins)}
    destination_index = {id(e): i for i, e in enumerate(route.destinations)}
    lines: list[list[list[float]]] = []
    meta: list[dict[str, Any]] = []
    for origin in origins:
        for destination in destinations:
            points = [origin.lonlat, *(v.lonlat for v in vias), destination.lonlat]
            clipped = []
            if destination.country is not None:
                crossing = _border_crossing(points[-2], points[-1], destination.country)
                if crossing is not None:
                    points[-1] = crossing
                    clipped.append("end")
            if origin.country is not None:
                crossing = _border_crossing(points[1], points[0], origin.country)
                if crossing is not None:
                    points[0] = crossing
                    clipped.append("start")
            coordinates: list[list[float]] = []
            for lon, lat in points:
                position = _lonlat(lon, lat)
                if not coordinates or coordinates[-1] != position:
                    coordinates.append(position)
            if len(coordinates) < 2:
                continue
            lines.append(coordinates)
            meta.append(
                {
                    "origin": origin_index[id(origin.endpoint)],
                    "destination": destination_index[id(destination.endpoint)],
                    "origin_inferred": bool(origin.endpoint.inferred),
                    "destination_inferred": bool(destination.endpoint.inferred),
                    "clipped_at_border": sorted(clipped),
                }
            )
    return lines, meta


def _endpoint_properties(endpoint: Endpoint, point: _Point | None) -> dict[str, Any]:
    place = endpoint.place
    return {
        "text": endpoint.text,
        "start": endpoint.start,
        "end": endpoint.end,
        "kind": endpoint.kind,
        "inferred": bool(endpoint.inferred),
        "note": endpoint.note,
        "place_id": place.id if place else "",
        "name": place.name if place else "",
        "name_ar": place.name_ar if place else "",
        "lonlat": _lonlat(*point.lonlat) if point else None,
        "placed": point is not None,
    }


def _route_feature(
    info: dict[str, Any], route: Route, borders: Sequence[Any] | None
) -> dict[str, Any]:
    """The feature of ``route``, without the corroboration (``_corroboration_properties``)."""
    points = {id(e): _endpoint_point(e, borders) for _, e in _endpoint_roles(route)}
    lines, meta = _route_lines(route, points)
    geometry: dict[str, Any] | None
    if not lines:
        geometry = None
    elif len(lines) == 1:
        geometry = {"type": "LineString", "coordinates": lines[0]}
    else:
        geometry = {"type": "MultiLineString", "coordinates": lines}
    evidence = None
    if route.evidence is not None:
        evidence = {
            "text": route.evidence.text,
            "start": route.evidence.start,
            "end": route.evidence.end,
        }

    def endpoints(items: list[Endpoint]) -> list[dict[str, Any]]:
        return [_endpoint_properties(e, points[id(e)]) for e in items]

    properties = {
        "feature_type": "route",
        "route_id": route.id,
        "doc": route.doc_id or info["doc"],
        "mover": route.mover.text if route.mover else "",
        "mover_label": route.mover_label,
        "movement": route.movement,
        "trigger": route.trigger.text,
        "actors": [actor.name or actor.text for actor in route.actors],
        "status": route.status,
        "status_cue": route.status_cue,
        "time": route.time,
        "confidence": round(float(route.confidence), 3),
        "evidence": evidence,
        "origins": endpoints(route.origins),
        "via": endpoints(route.via),
        "destinations": endpoints(route.destinations),
        "origin_inferred": any(e.inferred for e in route.origins),
        "lines": meta,
    }
    return {
        "type": "Feature",
        "id": f"route:{route.id}",
        "geometry": geometry,
        "properties": properties,
    }


def _corroboration_properties(
    route: Route, doc_of_route: dict[str, str], references: dict[str, dict[str, str]]
) -> dict[str, Any]:
    # The other routes are features of the same collection (their evidence is there) and
    # their documents are in ``geo.documents``: refer to both by id. The list is the one
    # ``corroborate`` made (nearest first, at most ``settings.CORROBORATION_LIST``); the
    # count is of every corroborating claim. A route is listed by many others: each gets the
    # same reference object (``references``, by route id), not a copy per list.
    corroboration = []
    for other_id in dict.fromkeys(route.corroborated_by):
        reference = references.get(other_id)
        if reference is None:
            reference = references[other_id] = {
                "route": other_id,
                "doc": doc_of_route.get(other_id, ""),
            }
        corroboration.append(reference)
    corroborations = route.corroborations
    return {
        "corroborated": corroborations > 0,
        "corroborated_by": corroboration,
        "corroboration_count": corroborations,
        "corroborated_by_complete": len(corroboration) >= corroborations,
        "corroborating_documents": max(
            route.corroborating_documents, len({item["doc"] for item in corroboration})
        ),
        "corroborating_outlets": route.corroborating_outlets,
    }


# --------------------------------------------------------------------------------------
# Routes aggregated by endpoint pair


def _endpoint_key(endpoint: dict[str, Any], position: list[float]) -> str:
    if endpoint.get("place_id"):
        return str(endpoint["place_id"])
    lonlat = endpoint.get("lonlat") or position
    return f"{lonlat[0]:.6f},{lonlat[1]:.6f}"


def _pair_end(endpoint: dict[str, Any], key: str) -> dict[str, Any]:
    return {
        "key": key,
        "place_id": endpoint.get("place_id", ""),
        "name": endpoint.get("name", ""),
        "name_ar": endpoint.get("name_ar", "") or endpoint.get("text", ""),
        "kind": endpoint.get("kind", ""),
    }


_NO_DOCUMENT: dict[str, Any] = {
    "doc": "",
    "title": "",
    "outlet": "",
    "date": "",
    "url": "",
    "link": "",
    "path": "",
}


def _documents_by_id(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {document["doc"]: document for document in collection["geo"]["documents"]}


def document_of(collection: dict[str, Any], doc_id: str) -> dict[str, Any]:
    """Return the ``geo.documents`` entry of ``doc_id`` (empty fields if it is not there).

    Mentions and routes name their document by id only; this is where its title, outlet,
    date, URL, link and path are.
    """
    for document in collection["geo"]["documents"]:
        if document["doc"] == doc_id:
            return document
    return dict(_NO_DOCUMENT, doc=doc_id)


def route_pairs(collection: dict[str, Any]) -> list[dict[str, Any]]:
    """Aggregate the route lines of a FeatureCollection by endpoint pair and status.

    Each line of each route feature (one per origin and destination of a fan) is a claim
    that something moved from one place to another; claims with the same origin place,
    destination place and status become one feature.

    Parameters
    ----------
    collection
        A FeatureCollection returned by :func:`to_geojson`.

    Returns
    -------
    list of dict
        GeoJSON features (``feature_type: "route_pair"``, a ``LineString`` from the origin
        to the destination), sorted by id, with ``origin``/``destination`` (``key``,
        ``place_id``, ``name``, ``name_ar``, ``kind``), ``status``, ``count`` (claims),
        ``movers`` (``{label: claims}``), ``mover_label`` (the most frequent), ``documents``,
        ``outlets``, ``first_date``, ``last_date``, ``corroborated`` (claims corroborated
        elsewhere) and ``claims`` (every claim: ``route``, ``doc``, ``outlet``, ``date``,
        ``mover``, ``mover_label``, ``evidence``, ``origin_inferred``, ``corroborated``,
        sorted by date, document and route).
    """
    routes = [f for f in collection["features"] if f["properties"]["feature_type"] == "route"]
    return _route_pairs(_documents_by_id(collection), routes, linked=True)


def pending_route_pairs(
    collection: dict[str, Any], routes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """:func:`route_pairs` of route features not yet linked (without the corroboration
    properties), and of ``collection``'s documents: every claim is counted uncorroborated
    until :func:`count_corroborated_pairs` reads the linked routes."""
    return _route_pairs(_documents_by_id(collection), routes, linked=False)


def count_corroborated_pairs(pairs: list[dict[str, Any]], collection: dict[str, Any]) -> None:
    """Set the ``corroborated`` claims of ``pairs`` (from :func:`pending_route_pairs`) as the
    route features of ``collection`` say, which makes them what :func:`route_pairs` gives."""
    corroborated = {
        f["properties"]["route_id"]: bool(f["properties"]["corroborated"])
        for f in collection["features"]
        if f["properties"]["feature_type"] == "route"
    }
    for pair in pairs:
        properties = pair["properties"]
        count = 0
        for claim in properties["claims"]:
            claim["corroborated"] = corroborated[claim["route"]]
            count += claim["corroborated"]
        properties["corroborated"] = count


def _route_pairs(
    documents: dict[str, dict[str, Any]], routes: list[dict[str, Any]], *, linked: bool
) -> list[dict[str, Any]]:
    pairs: dict[tuple[str, str, str], dict[str, Any]] = {}
    for feature in routes:
        properties = feature["properties"]
        geometry = feature["geometry"]
        if geometry is None:
            continue
        lines = (
            [geometry["coordinates"]]
            if geometry["type"] == "LineString"
            else geometry["coordinates"]
        )
        evidence = properties["evidence"]["text"] if properties["evidence"] else ""
        document = documents.get(properties["doc"], _NO_DOCUMENT)
        for coordinates, meta in zip(lines, properties["lines"], strict=False):
            origin = properties["origins"][meta["origin"]]
            destination = properties["destinations"][meta["destination"]]
            origin_key = _endpoint_key(origin, coordinates[0])
            destination_key = _endpoint_key(destination, coordinates[-1])
            key = (origin_key, destination_key, properties["status"])
            pair = pairs.get(key)
            if pair is None:
                pair = pairs[key] = {
                    "coordinates": [coordinates[0], coordinates[-1]],
                    "origin": _pair_end(origin, origin_key),
                    "destination": _pair_end(destination, destination_key),
                    "claims": {},
                }
            pair["claims"].setdefault(
                properties["route_id"],
                {
                    "route": properties["route_id"],
                    "doc": properties["doc"],
                    "outlet": document["outlet"],
                    "date": document["date"],
                    "mover": properties["mover"],
                    "mover_label": properties["mover_label"],
                    "evidence": evidence,
                    "origin_inferred": bool(meta["origin_inferred"]),
                    "corroborated": linked and bool(properties["corroborated"]),
                },
            )
    features = []
    for (origin_key, destination_key, status), pair in pairs.items():
        claims = sorted(
            pair["claims"].values(), key=lambda c: (c["date"] or "~", c["doc"], c["route"])
        )
        movers: dict[str, int] = {}
        for claim in claims:
            movers[claim["mover_label"]] = movers.get(claim["mover_label"], 0) + 1
        dates = sorted(c["date"] for c in claims if c["date"])
        features.append(
            {
                "type": "Feature",
                "id": f"route_pair:{origin_key}>{destination_key}:{status}",
                "geometry": {"type": "LineString", "coordinates": pair["coordinates"]},
                "properties": {
                    "feature_type": "route_pair",
                    "origin": pair["origin"],
                    "destination": pair["destination"],
                    "status": status,
                    "count": len(claims),
                    "movers": dict(sorted(movers.items())),
                    "mover_label": min(movers, key=lambda label: (-movers[label], label)),
                    "documents": sorted({c["doc"] for c in claims}),
                    "outlets": sorted({c["outlet"] for c in claims if c["outlet"]}),
                    "first_date": dates[0] if dates else "",
                    "last_date": dates[-1] if dates else "",
                    "corroborated": sum(c["corroborated"] for c in claims),
                    "claims": claims,
                },
            }
        )
    features.sort(key=lambda f: str(f["id"]))
    return features


# --------------------------------------------------------------------------------------
# Public API


def _admin_names_ar(gazetteer: GazetteerLike | None) -> dict[str, str]:
    if gazetteer is None:
        return {}
    names: dict[str, str] = {}
    for place in [*gazetteer.governorates(), *gazetteer.districts()]:
        if place.name_ar:
            names[place.id] = place.name_ar
    return names


def _borders() -> Sequence[Any] | None:
    from geo import assets

    try:
        return assets.countries("50m")
    except ExportError:
        return None


def _geometry_json(geometry: Any) -> dict[str, Any]:
    from shapely.geometry import mapping

    raw = mapping(geometry)
    return {"type": raw["type"], "coordinates": _rounded_coordinates(raw["coordinates"])}


def _rounded_coordinates(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [_round(value[0]), _round(value[1])]
        return [_rounded_coordinates(v) for v in value]
    return value


def to_geojson(
    parsed: Sequence[ParsedDocument],
    *,
    gazetteer: GazetteerLike | None = None,
    linking: Callable[[dict[str, Any]], Any] | None = None,
) -> dict[str, Any]:
    """Return places, regions and routes of ``parsed`` as an RFC 7946 FeatureCollection.

    Parameters
    ----------
    parsed
        Parsed documents; places mentioned in several of them become one feature.
    gazetteer
        Used for Arabic governorate and district names and for attribution.
    linking
        Called once everything but the routes' corroboration is built, and before that is
        read from the routes: it may finish linking the claims (see
        ``geo.corpus.start_corroboration``), which meanwhile runs in another process. It is
        given the collection as it stands: every member but the route features, which are
        appended to ``features`` (the place and region features, final) when it returns.

    Returns
    -------
    dict
        A FeatureCollection (WGS84, ``[lon, lat]``, 6 decimals) with foreign members
        ``geo`` (documents, attribution) and ``unresolved`` (mentions not placed). The
        ``{"route", "doc"}`` items of the routes' ``corroborated_by`` lists are shared by
        every list naming the same route: treat the collection as read-only data.
    """
    with paused_gc():
        pending = _pending_geojson(list(parsed), gazetteer)
        if linking is not None:
            linking(pending.collection)
        return pending.complete()


class _PendingGeoJSON:
    """A FeatureCollection built but for its routes' corroboration (read from the routes once
    the claims are linked): ``collection`` holds every member and the place and region
    features, final; ``complete`` appends the route features."""

    __slots__ = ("collection", "doc_of_route", "routes")

    def __init__(
        self,
        collection: dict[str, Any],
        routes: list[tuple[Route, dict[str, Any]]],
        doc_of_route: dict[str, str],
    ) -> None:
        self.collection = collection
        self.routes = routes
        self.doc_of_route = doc_of_route

    def complete(self) -> dict[str, Any]:
        """Add the routes' corroboration, as the routes say now, to the route features,
        append these to the collection and return it."""
        route_features = []
        references: dict[str, dict[str, str]] = {}
        for route, feature in self.routes:
            feature["properties"].update(
                _corroboration_properties(route, self.doc_of_route, references)
            )
            route_features.append(feature)
        self.collection["features"].extend(route_features)  # by id, as _pending_geojson sorted them
        return self.collection


def _pending_geojson(
    parsed: list[ParsedDocument], gazetteer: GazetteerLike | None
) -> _PendingGeoJSON:
    admin_ar = _admin_names_ar(gazetteer)
    collector = _Collector()
    for item in parsed:
        collector.add_document(item)
    features: list[dict[str, Any]] = []
    for located in collector.places.values():
        lon, lat = _place_lonlat(located.place) or (0.0, 0.0)
        features.append(
            {
                "type": "Feature",
                "id": f"place:{located.key}",
                "geometry": {"type": "Point", "coordinates": _lonlat(lon, lat)},
                "properties": _located_properties(located, admin_ar, "place", collector.dates),
            }
        )
    for located in collector.unplaced.values():
        features.append(
            {
                "type": "Feature",
                "id": f"place:{located.key}",
                "geometry": None,
                "properties": _located_properties(located, admin_ar, "place", collector.dates),
            }
        )
    for located in collector.regions.values():
        features.append(
            {
                "type": "Feature",
                "id": f"region:{located.key}"
                if not located.key.startswith("region:")
                else located.key,
                "geometry": _geometry_json(located.geometry),
                "properties": _located_properties(located, admin_ar, "region", collector.dates),
            }
        )
    infos = [_document_info(item) for item in parsed]
    doc_of_route = {
        route.id: info["doc"]
        for item, info in zip(parsed, infos, strict=True)
        for route in item.routes
    }
    borders = (
        _borders()
        if any(
            e.kind == "country"
            for item in parsed
            for r in item.routes
            for _, e in _endpoint_roles(r)
        )
        else None
    )
    routes = [
        (route, _route_feature(info, route, borders))
        for item, info in zip(parsed, infos, strict=True)
        for route in item.routes
    ]
    # By id: the order of the finished collection, so that what is made of them before they
    # are linked (the map's route pairs) is made as from the finished collection.
    routes.sort(key=lambda item: str(item[1]["id"]))
    # Places, then regions, then routes, each by id.
    order = {"place": 0, "region": 1}
    features.sort(key=lambda f: (order[f["properties"]["feature_type"]], str(f["id"])))
    collection: dict[str, Any] = {
        "type": "FeatureCollection",
        "geo": {
            "format": GEOJSON_FORMAT,
            "documents": sorted(infos, key=lambda d: d["doc"]),
            "attribution": _attribution(gazetteer, borders=True),
            "sources": list(gazetteer.sources) if gazetteer is not None else [],
        },
        "unresolved": sorted(collector.unresolved, key=lambda m: (m["doc"], m["start"], m["end"])),
        "features": features,
    }
    return _PendingGeoJSON(collection, routes, doc_of_route)


def _attribution(gazetteer: GazetteerLike | None, *, borders: bool) -> str:
    parts = []
    if gazetteer is not None and gazetteer.attribution:
        parts.append(gazetteer.attribution)
    if borders:
        parts.append("Country borders: Natural Earth (public domain) via world-atlas")
    return "; ".join(parts)


def dumps(data: Any) -> str:
    """Serialise ``data`` deterministically: sorted keys, UTF-8 text kept, no NaN.

    ``orjson`` is used when it is installed (several times faster on corpus-sized exports);
    both give the same text for geo's data, except that a float of magnitude below 1e-4
    (only a coordinate within 11 m of the equator or the prime meridian) is written
    ``1e-05`` by json and ``0.00001`` by orjson, and that orjson writes NaN as ``null``.
    """
    return dumps_bytes(data).decode("utf-8")


def dumps_bytes(data: Any) -> bytes:
    """:func:`dumps` as UTF-8 bytes (what files get; no decoding and encoding again)."""
    if _orjson is not None:
        try:
            return _orjson.dumps(data, option=_orjson.OPT_SORT_KEYS)  # type: ignore[no-any-return]
        except TypeError:
            pass  # e.g. an integer beyond 64 bits: let json say what it makes of it
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":")
    ).encode("utf-8")


def _optional_module(name: str) -> Any:
    # Imported by name: the build that compiles this module (setup.py) type-checks it without
    # geo's dependencies installed.
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover - depends on the environment
        return None


#: An accelerator geo depends on, used only when it imports.
_orjson: Any = _optional_module("orjson")


def geojson_text(
    parsed: Sequence[ParsedDocument], *, gazetteer: GazetteerLike | None = None
) -> str:
    """Return :func:`to_geojson` serialised deterministically (one feature per line)."""
    return serialise(to_geojson(parsed, gazetteer=gazetteer))


def serialise(collection: dict[str, Any]) -> str:
    """Serialise a FeatureCollection deterministically, one feature per line."""
    return b"".join(_serialised_parts(collection)).decode("utf-8")


def _serialised_parts(collection: dict[str, Any]) -> Iterator[bytes]:
    # The UTF-8 text of ``serialise`` in pieces: the members before ``features``, then one
    # feature per line, so that a corpus is never one string in memory.
    yield _head(collection)
    yield from _feature_lines(collection["features"], first=True)
    yield _TAIL


_TAIL = b"\n]}\n"


def _head(collection: dict[str, Any]) -> bytes:
    head = dumps_bytes({key: value for key, value in collection.items() if key != "features"})
    return head[:-1] + b',"features":[\n'


def _feature_lines(features: Iterable[dict[str, Any]], *, first: bool) -> Iterator[bytes]:
    separator = b"" if first else b",\n"
    for feature in features:
        yield separator + dumps_bytes(feature)
        separator = b",\n"


def write_geojson(collection: dict[str, Any], path: str | os.PathLike[str]) -> Path:
    """Write a FeatureCollection to ``path`` as :func:`serialise` would, feature by feature.

    The text is streamed into a temporary file in the same directory, renamed into place
    once complete (see :func:`atomic_writer`); the whole text is never held in memory.

    Parameters
    ----------
    collection
        What :func:`to_geojson` returned.
    path
        The ``.geojson`` file to write.

    Returns
    -------
    Path
        ``path``.
    """
    with atomic_writer(path) as stream:
        for part in _serialised_parts(collection):
            stream.write(part)
    return Path(path)


# --------------------------------------------------------------------------------------
# GeoDataFrames and tabular formats


def _flatten(properties: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in sorted(properties.items()):
        if isinstance(value, (list, dict)):
            flat[key] = dumps(value)
        elif value is None:
            flat[key] = ""
        else:
            flat[key] = value
    return flat


def _frame(rows: list[dict[str, Any]], geometries: list[Any]) -> geopandas.GeoDataFrame:
    import geopandas

    frame = geopandas.GeoDataFrame(rows, geometry=geometries, crs="EPSG:4326")
    if frame.empty and "id" not in frame.columns:
        frame["id"] = []
    return frame


_TABLE_DOCUMENT_FIELDS = ("title", "outlet", "date", "url", "link")


def _document_columns(documents: dict[str, dict[str, Any]], doc_id: str) -> dict[str, Any]:
    # Tables are read one row at a time: repeat the document's details on each row.
    document = documents.get(doc_id, _NO_DOCUMENT)
    return {key: document[key] for key in _TABLE_DOCUMENT_FIELDS}


def _features_frame(collection: dict[str, Any], feature_type: str) -> geopandas.GeoDataFrame:
    from shapely.geometry import shape

    documents = _documents_by_id(collection) if feature_type == "route" else {}
    rows, geometries = [], []
    for feature in collection["features"]:
        if feature["properties"]["feature_type"] != feature_type:
            continue
        row = {"id": feature["id"], **_flatten(feature["properties"])}
        if feature_type == "route":
            row.update(_document_columns(documents, row["doc"]))
        rows.append(row)
        geometries.append(shape(feature["geometry"]) if feature["geometry"] else None)
    return _frame(rows, geometries)


def _mentions_frame(collection: dict[str, Any]) -> geopandas.GeoDataFrame:
    from shapely.geometry import Point

    documents = _documents_by_id(collection)
    rows, geometries = [], []
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties["feature_type"] == "route":
            continue
        point = None
        if feature["geometry"] and feature["geometry"]["type"] == "Point":
            point = Point(feature["geometry"]["coordinates"])
        for mention in properties["mentions"]:
            rows.append(
                {
                    **_flatten(mention),
                    **_document_columns(documents, mention["doc"]),
                    "id": f"{mention['doc']}:{mention['start']}-{mention['end']}",
                    "resolved": True,
                    "place_id": properties["place_id"],
                    "feature": feature["id"],
                    "name": properties["name"],
                    "name_ar": properties["name_ar"],
                    "kind": properties["kind"],
                }
            )
            geometries.append(point)
    for mention in collection["unresolved"]:
        rows.append(
            {
                **_flatten(mention),
                **_document_columns(documents, mention["doc"]),
                "id": f"{mention['doc']}:{mention['start']}-{mention['end']}",
                "resolved": False,
                "place_id": "",
                "feature": "",
                "name": "",
                "name_ar": "",
                "kind": "",
            }
        )
        geometries.append(None)
    order = sorted(
        range(len(rows)),
        key=lambda i: (rows[i]["doc"], rows[i]["start"], rows[i]["end"], rows[i]["feature"]),
    )
    return _frame([rows[i] for i in order], [geometries[i] for i in order])


def _pairs_frame(collection: dict[str, Any]) -> geopandas.GeoDataFrame:
    from shapely.geometry import LineString

    rows, geometries = [], []
    for feature in route_pairs(collection):
        properties = dict(feature["properties"])
        origin, destination = properties.pop("origin"), properties.pop("destination")
        for prefix, end in (("origin", origin), ("destination", destination)):
            for key in ("place_id", "name", "name_ar", "kind"):
                properties[f"{prefix}_{key}"] = end[key]
        rows.append({"id": feature["id"], **_flatten(properties)})
        geometries.append(LineString(feature["geometry"]["coordinates"]))
    return _frame(rows, geometries)


def _layer_frame(collection: dict[str, Any], layer: str) -> geopandas.GeoDataFrame:
    if layer == "places":
        return _features_frame(collection, "place")
    if layer == "regions":
        return _features_frame(collection, "region")
    if layer == "routes":
        return _features_frame(collection, "route")
    if layer == "mentions":
        return _mentions_frame(collection)
    if layer == "route_pairs":
        return _pairs_frame(collection)
    raise ConfigurationError(f"unknown layer {layer!r}: use one of {', '.join(LAYERS)}")


def to_geodataframe(
    parsed: Sequence[ParsedDocument],
    *,
    layer: str = "places",
    gazetteer: GazetteerLike | None = None,
) -> geopandas.GeoDataFrame:
    """Return one layer of the export as a GeoDataFrame (EPSG:4326), for notebooks.

    Parameters
    ----------
    parsed
        Parsed documents.
    layer
        ``"places"`` (points), ``"regions"`` (polygons), ``"routes"`` (lines; a route
        without two placed ends has no geometry), ``"mentions"`` (one row per mention,
        unresolved ones without geometry) or ``"route_pairs"`` (one line per origin place,
        destination place and status, with the number of claims and every claim, see
        :func:`route_pairs`). List and dict properties are JSON strings.
    gazetteer
        Optional, for Arabic admin names and attribution.
    """
    if layer not in LAYERS:
        raise ConfigurationError(f"unknown layer {layer!r}: use one of {', '.join(LAYERS)}")
    return _layer_frame(to_geojson(parsed, gazetteer=gazetteer), layer)


def _write_frame(
    frame: geopandas.GeoDataFrame,
    path: Path,
    *,
    driver: str,
    layer: str | None = None,
    append: bool = False,
) -> None:
    import pyogrio

    kwargs: dict[str, Any] = {"driver": driver}
    if layer is not None:
        kwargs["layer"] = layer
    if append:
        kwargs["append"] = True
    geometry_type = None
    if frame.geometry.notna().sum() == 0:
        geometry_type = "Unknown"
    if frame.empty:
        pyogrio.write_dataframe(frame, path, geometry_type=geometry_type or "Unknown", **kwargs)
        return
    pyogrio.write_dataframe(
        frame, path, geometry_type=geometry_type, promote_to_multi=False, **kwargs
    )


def _temporary_sibling(path: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    os.unlink(name)
    return Path(name)


def _replace(temporary: Path, path: Path) -> None:
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def _write_gpkg(collection: dict[str, Any], path: Path) -> list[Path]:
    temporary = _temporary_sibling(path)
    try:
        for index, layer in enumerate(LAYERS):
            frame = _layer_frame(collection, layer)
            _write_frame(frame, temporary, driver="GPKG", layer=layer, append=index > 0)
        _replace(temporary, path)
    except Exception as error:
        _remove_quietly(temporary)
        raise ExportError(f"cannot write GeoPackage {path}: {error}") from error
    return [path]


def _write_kml(collection: dict[str, Any], path: Path) -> list[Path]:
    temporary = _temporary_sibling(path)
    try:
        written = 0
        for layer in ("places", "regions", "routes"):
            frame = _layer_frame(collection, layer)
            frame = frame[frame.geometry.notna()]
            if frame.empty:
                continue
            frame = frame.assign(Name=frame["name_ar"] if "name_ar" in frame else frame["id"])
            if layer == "routes":
                frame = frame.assign(Name=frame["mover_label"] + " (" + frame["status"] + ")")
            _write_frame(frame, temporary, driver="KML", layer=layer, append=written > 0)
            written += 1
        if not written:
            atomic_write_text(path, _EMPTY_KML)
            return [path]
        _replace(temporary, path)
    except ExportError:
        raise
    except Exception as error:
        _remove_quietly(temporary)
        raise ExportError(f"cannot write KML {path}: {error}") from error
    return [path]


_EMPTY_KML = (
    '<?xml version="1.0" encoding="utf-8" ?>\n'
    '<kml xmlns="http://www.opengis.net/kml/2.2"><Document></Document></kml>\n'
)


def _write_csv(collection: dict[str, Any], out_dir: Path, name: str) -> list[Path]:
    written = []
    for layer in ("places", "routes", "mentions"):
        frame = _layer_frame(collection, layer)
        table = frame.drop(columns=frame.geometry.name)
        table["wkt"] = [geometry.wkt if geometry is not None else "" for geometry in frame.geometry]
        if layer in ("places", "mentions"):
            table["lon"] = [g.x if g is not None else None for g in frame.geometry]
            table["lat"] = [g.y if g is not None else None for g in frame.geometry]
        path = out_dir / f"{name}.{layer}.csv"
        atomic_write_text(path, table.to_csv(index=False, lineterminator="\n"))
        written.append(path)
    return written


def _write_parquet(collection: dict[str, Any], out_dir: Path, name: str) -> list[Path]:
    import io

    written = []
    for layer in LAYERS:
        frame = _layer_frame(collection, layer)
        buffer = io.BytesIO()
        try:
            frame.to_parquet(buffer, index=False)
        except Exception as error:
            raise ExportError(f"cannot write GeoParquet layer {layer}: {error}") from error
        path = out_dir / f"{name}.{layer}.parquet"
        atomic_write_bytes(path, buffer.getvalue())
        written.append(path)
    return written


def write_outputs(
    parsed: Sequence[ParsedDocument],
    out_dir: Path,
    name: str,
    *,
    formats: Sequence[str] = ("geojson", "html"),
    offline: bool = False,
    gazetteer: GazetteerLike,
    failures: Sequence[tuple[str, str]] = (),
    linking: Callable[[], Any] | None = None,
) -> list[Path]:
    """Write the map and the exports of ``parsed`` into ``out_dir``.

    Parameters
    ----------
    parsed
        Parsed documents.
    out_dir
        Output directory, created if missing.
    name
        Base file name: ``NAME.geojson``, ``NAME.html``, ``NAME.gpkg``, ``NAME.kml``,
        ``NAME.{places,routes,mentions}.csv``, ``NAME.{places,regions,routes,mentions}.parquet``.
    formats
        Any of ``geojson``, ``html``, ``gpkg``, ``csv``, ``kml``, ``parquet``.
    offline
        Make the HTML map self-contained (inlined scripts, vector basemap, no network).
    gazetteer
        The gazetteer the documents were resolved with (basemap polygons, attribution).
    failures
        ``(path, message)`` of documents that could not be read; listed in the GeoJSON
        ``geo.failures`` member and on the map.
    linking
        Finishes linking the claims across documents, which a child process is doing (see
        ``geo.corpus.start_corroboration``): called once everything but the routes'
        corroboration is built, and the GeoJSON's members and place and region features
        written. Without it the routes' corroboration is read as it is.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.
    """
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise ConfigurationError(
            f"unknown output format(s) {', '.join(map(repr, unknown))}: use {', '.join(FORMATS)}"
        )
    if not name or "/" in name or os.sep in name or name.startswith("."):
        raise ConfigurationError(f"output name {name!r} must be a plain file name")
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create output directory {out_dir}: {error}") from error
    wanted = list(dict.fromkeys(formats))
    with paused_gc():
        parsed = list(parsed)
        # The collection is built and freed (which takes a while for a corpus) inside
        # ``_write_files``, while the map's child may still be at work.
        written, html = _write_files(
            parsed,
            out_dir,
            name,
            wanted,
            offline=offline,
            gazetteer=gazetteer,
            failures=failures,
            linking=linking,
        )
        if html is not None:
            try:
                written["html"] = [html.result()]
            finally:
                html.stop()
    return [path for fmt in wanted for path in written[fmt]]


def _write_files(
    parsed: list[ParsedDocument],
    out_dir: Path,
    name: str,
    wanted: list[str],
    *,
    offline: bool,
    gazetteer: GazetteerLike,
    failures: Sequence[tuple[str, str]],
    linking: Callable[[], Any] | None,
) -> tuple[dict[str, list[Path]], forking.Forked[Path] | None]:
    """Write ``wanted`` but the map when a forked child writes it (returned, still at work)."""
    pending = _pending_geojson(parsed, gazetteer)
    pending.collection["geo"]["failures"] = [
        {"path": str(path), "error": str(message)} for path, message in failures
    ]

    # No closures here: a compiled closure keeps its variables in a cycle, which would leave
    # the collection to the cyclic collector (seconds for a corpus) instead of freeing it on
    # return.
    prepared: Any = None  # the map's part that the routes do not change, made ahead
    html: forking.Forked[Path] | None = None
    written: dict[str, list[Path]] = {}
    try:
        with _EarlyGeoJSON(out_dir / f"{name}.geojson") as early:
            if linking is not None:
                # While a child links the claims, the GeoJSON's members and its place and
                # region features (most of the file) are written, and the map's places,
                # regions and basemap made; the routes follow.
                if "geojson" in wanted:
                    early.begin(pending.collection)
                if "html" in wanted:
                    prepared = _prepare_map(
                        pending.collection,
                        [feature for _, feature in pending.routes],
                        gazetteer,
                        offline,
                    )
                linking()
            collection = pending.complete()
            write_html = functools.partial(
                _write_html,
                out_dir / f"{name}.html",
                parsed,
                gazetteer,
                offline,
                name,
                failures,
                prepared,
            )
            if "html" in wanted and len(wanted) > 1 and forking.can_fork():
                # The map and the other files are written by two processes at once.
                html = forking.Forked(
                    functools.partial(write_html, collection),
                    what="writing the map",
                    error=ExportError,
                )
            for fmt in wanted:
                if fmt == "geojson":
                    written[fmt] = [early.finish(collection)]
                elif fmt == "gpkg":
                    written[fmt] = _write_gpkg(collection, out_dir / f"{name}.gpkg")
                elif fmt == "kml":
                    written[fmt] = _write_kml(collection, out_dir / f"{name}.kml")
                elif fmt == "csv":
                    written[fmt] = _write_csv(collection, out_dir, name)
                elif fmt == "parquet":
                    written[fmt] = _write_parquet(collection, out_dir, name)
            if "html" in wanted and html is None:
                written["html"] = [write_html(collection)]
    except BaseException:
        if html is not None:
            html.stop()
        raise
    return written, html


def _write_html(
    path: Path,
    parsed: list[ParsedDocument],
    gazetteer: GazetteerLike,
    offline: bool,
    title: str,
    failures: Sequence[tuple[str, str]],
    prepared: Any,
    collection: dict[str, Any],
) -> Path:
    from geo.mapping import write_map

    return write_map(
        path,
        parsed,
        gazetteer=gazetteer,
        offline=offline,
        title=title,
        failures=failures,
        collection=collection,
        prepared=prepared,
    )


def _prepare_map(
    collection: dict[str, Any],
    routes: list[dict[str, Any]],
    gazetteer: GazetteerLike,
    offline: bool,
) -> Any:
    from geo.mapping.render import prepare_map

    return prepare_map(collection, gazetteer, offline=offline, routes=routes)


class _EarlyGeoJSON:
    """A GeoJSON file written in two steps: its members and the features built so far (while
    the claims are linked elsewhere), then the rest. Written at once by ``finish`` when it was
    not begun. Leaving the ``with`` block early removes a begun file's temporary file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._files = contextlib.ExitStack()
        self._stream: BinaryIO | None = None
        self._written = 0

    def begin(self, partial: dict[str, Any]) -> None:
        stream = self._stream = self._files.enter_context(atomic_writer(self.path))
        stream.write(_head(partial))
        for line in _feature_lines(partial["features"], first=True):
            stream.write(line)
        self._written = len(partial["features"])

    def finish(self, collection: dict[str, Any]) -> Path:
        stream = self._stream
        if stream is None:
            return write_geojson(collection, self.path)
        done = self._written
        for line in _feature_lines(collection["features"][done:], first=done == 0):
            stream.write(line)
        stream.write(_TAIL)
        self._stream = None
        self._files.close()  # renamed into place
        return self.path

    def __enter__(self) -> _EarlyGeoJSON:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._files.__exit__(*exc_info)
