"""Places and regions gathered across documents, each with every mention that names it."""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from geo.export._common import (
    ROLES,
    has_area,
    is_foreign_country,
    lonlat,
    place_lonlat,
    quote_window,
    rounded_coordinates,
)
from geo.model import Endpoint, Mention, ParsedDocument, Place, Route

#: Properties of a feature that no gazetteer place stands behind (a drawn region).
_NO_PLACE: dict[str, Any] = {
    "place_id": "",
    "name": "",
    "kind": "region",
    "admin1": "",
    "admin1_ar": "",
    "admin2": "",
    "admin2_ar": "",
    "country": "",
    "population": 0,
    "source": "",
}

_MENTION_ORDER = operator.itemgetter("doc", "start", "end")

#: Candidates listed for an unresolved mention.
UNRESOLVED_CANDIDATES = 5


@dataclass
class Located:
    """A place or region gathered across documents while building features."""

    key: str
    place: Place | None
    geometry: Any = None
    name: str = ""
    mentions: list[dict[str, Any]] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    routes: set[str] = field(default_factory=set)
    spans: set[tuple[str, int, int]] = field(default_factory=set)

    def add(self, record: dict[str, Any]) -> None:
        """Add a mention record."""
        self.spans.add((record["doc"], record["start"], record["end"]))
        self.mentions.append(record)


def endpoint_roles(route: Route) -> Iterator[tuple[str, Endpoint]]:
    """``(role, endpoint)`` of every end of ``route``: origins, then vias, then destinations."""
    for endpoint in route.origins:
        yield "origin", endpoint
    for endpoint in route.via:
        yield "via", endpoint
    for endpoint in route.destinations:
        yield "destination", endpoint


def _mention_record(
    text: str, doc_id: str, span: Mention | Endpoint, *, source: str, **extra: Any
) -> dict[str, Any]:
    # Document details (title, outlet, date, URL, path) are written once, in
    # ``geo.documents``; a mention names its document by id only. ``source`` is what named
    # the place: a recognised mention or a route end.
    start, end = span.start, span.end
    record = quote_window(text, start, end)
    record["doc"] = doc_id
    record["text"] = span.text
    record["start"] = start
    record["end"] = end
    record["from"] = source
    record.update(extra)
    return record


def _area(geometry: Any) -> Any:
    return geometry if has_area(geometry) else None


@dataclass
class Collector:
    """Gathers the places, regions and unresolved mentions of several documents."""

    places: dict[str, Located] = field(default_factory=dict)
    regions: dict[str, Located] = field(default_factory=dict)
    unplaced: dict[str, Located] = field(default_factory=dict)
    unresolved: list[dict[str, Any]] = field(default_factory=list)
    dates: dict[str, str] = field(default_factory=dict)

    def _target(self, place: Place | None, geometry: Any, name: str) -> Located | None:
        if geometry is not None:
            key = place.id if place is not None else _region_key(geometry)
            table = self.regions
        elif place is None:
            return None
        else:
            key = place.id
            table = self.places if place_lonlat(place) is not None else self.unplaced
        located = table.get(key)
        if located is None:
            located = table[key] = Located(key=key, place=place, geometry=geometry, name=name)
        return located

    def add_document(self, parsed: ParsedDocument) -> None:
        """Gather the mentions and route ends of one parsed document."""
        document = parsed.document
        doc_id, text = document.id, document.text
        self.dates[doc_id] = document.date
        for mention in parsed.mentions:
            target = self._target(mention.place, _area(mention.geometry), mention.text)
            record = _mention_record(
                text,
                doc_id,
                mention,
                source="mention",
                confidence=round(float(mention.confidence), 3),
                reason=mention.reason,
                cue=mention.cue,
                pinned=bool(mention.pinned),
            )
            if mention.decision:
                record["decision"] = mention.decision
                record["decision_note"] = mention.decision_note
            if target is None:
                record["candidates"] = _candidates(mention)
                self.unresolved.append(record)
            else:
                target.add(record)
        for route in parsed.routes:
            self._add_route(route, text, doc_id)

    def _add_route(self, route: Route, text: str, doc_id: str) -> None:
        confidence = round(float(route.confidence), 3)
        for role, endpoint in endpoint_roles(route):
            geometry = _area(endpoint.geometry) if endpoint.kind == "region" else None
            target = self._target(endpoint.place, geometry, endpoint.text)
            if target is None:
                continue
            target.roles.add(role)
            target.routes.add(route.id)
            # An end also recognised as a mention is quoted once, as the mention.
            if (doc_id, endpoint.start, endpoint.end) in target.spans:
                continue
            record = _mention_record(
                text,
                doc_id,
                endpoint,
                source="route",
                confidence=confidence,
                reason=endpoint.note or f"{role} of route {route.id}",
                cue="",
                pinned=False,
            )
            target.add(record)


def _region_key(geometry: Any) -> str:
    return "region:" + hashlib.sha1(geometry.wkb).hexdigest()[:12]


def _candidates(mention: Mention) -> list[dict[str, Any]]:
    return [
        {
            "place_id": candidate.place.id,
            "name": candidate.place.name,
            "name_ar": candidate.place.name_ar,
            "kind": candidate.place.kind,
            "score": round(float(candidate.score), 4),
        }
        for candidate in mention.candidates[:UNRESOLVED_CANDIDATES]
    ]


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


def located_properties(
    located: Located, admin_ar: dict[str, str], feature_type: str, dates_by_doc: dict[str, str]
) -> dict[str, Any]:
    """The properties of the feature of ``located``: the place, its roles, its mentions."""
    mentions = sorted(located.mentions, key=_MENTION_ORDER)
    best = max(mentions, key=lambda m: (m["confidence"], -m["start"]), default=None)
    if located.place is not None:
        properties = _place_properties(located.place, admin_ar)
    else:
        properties = dict(_NO_PLACE, name_ar=located.name)
    roles = sorted(located.roles, key=ROLES.index) or ["mentioned"]
    documents = sorted({m["doc"] for m in mentions})
    properties.update(
        feature_type=feature_type,
        role=roles[0],
        roles=roles,
        confidence=best["confidence"] if best else 0.0,
        reason=best["reason"] if best else "",
        mention_count=len(mentions),
        documents=documents,
        dates=sorted({dates_by_doc[d] for d in documents if dates_by_doc.get(d)}),
        routes=sorted(located.routes),
        mentions=mentions,
    )
    return properties


def located_features(collector: Collector, admin_ar: dict[str, str]) -> list[dict[str, Any]]:
    """The place features (placed, then unplaced) and region features, each by id."""
    features = []
    for located in collector.places.values():
        geometry: dict[str, Any] | None = None
        place = located.place
        if place is None or not is_foreign_country(place.kind, place.country):
            lon, lat = place_lonlat(located.place) or (0.0, 0.0)
            geometry = {"type": "Point", "coordinates": lonlat(lon, lat)}
        features.append(_feature(f"place:{located.key}", geometry, located, admin_ar, collector))
    for located in collector.unplaced.values():
        features.append(_feature(f"place:{located.key}", None, located, admin_ar, collector))
    for located in collector.regions.values():
        key = located.key if located.key.startswith("region:") else f"region:{located.key}"
        geometry = _geometry_json(located.geometry)
        features.append(_feature(key, geometry, located, admin_ar, collector, "region"))
    order = {"place": 0, "region": 1}
    features.sort(key=lambda f: (order[f["properties"]["feature_type"]], str(f["id"])))
    return features


def _feature(
    feature_id: str,
    geometry: dict[str, Any] | None,
    located: Located,
    admin_ar: dict[str, str],
    collector: Collector,
    feature_type: str = "place",
) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": feature_id,
        "geometry": geometry,
        "properties": located_properties(located, admin_ar, feature_type, collector.dates),
    }


def _geometry_json(geometry: Any) -> dict[str, Any]:
    from shapely.geometry import mapping

    raw = mapping(geometry)
    return {"type": raw["type"], "coordinates": rounded_coordinates(raw["coordinates"])}
