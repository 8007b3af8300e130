"""Scoring extracted movement claims against gold route annotations.

The gold files are ``seeds-routes.json`` (a list of routes: ``doc``, ``id``, ``required``,
``origins``/``destinations`` as entity names, ``status``) and ``seeds-toponyms.json``
(per document, toponyms with ``entity``, offsets, ``lat``/``lon``, ``kind``, ``name_en``).
A gold endpoint is matched by a predicted endpoint within ``settings.CORROBORATION_KM``;
a gold region by one within ``REGION_KM``; a gold country by name.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import settings
from geo.distance import haversine_km
from geo.errors import ConfigurationError
from geo.model import Endpoint, ParsedDocument, Place, Route
from geo.normalize import latin_key, query_key

#: Distance (km) within which a predicted endpoint matches a gold region's point.
REGION_KM = 161.0


def score_routes(parsed: list[ParsedDocument], routes_gold: Path, toponyms_gold: Path) -> dict:
    """Score the routes of ``parsed`` against the required gold routes.

    Returns
    -------
    dict
        ``route_recall`` (gold routes found: a predicted route of the same document matches
        every gold origin and destination, inferred endpoints included, and the status),
        ``endpoint_recall`` (gold endpoints matched by the best predicted route of each gold
        route / all gold endpoints), ``status_accuracy`` (over gold routes with a best
        match), ``evidence_coverage`` (over found routes: the evidence contains the trigger
        and, when the route has toponyms, a gold offset of one of its endpoints), counts,
        ``line_precision`` (of the origin → destination lines the routes draw, those a
        gold route states, required or not: see ``score_lines``) with ``drawn_lines``,
        ``supported_lines`` and ``unsupported_lines``, and ``routes``: one detail dict per
        gold route.
    """
    gold_routes = _load(routes_gold)
    toponyms = _load(toponyms_gold)
    if not isinstance(gold_routes, list) or not isinstance(toponyms, list):
        raise ConfigurationError(f"gold files {routes_gold} and {toponyms_gold} must hold lists")
    entities, offsets = _entity_tables(toponyms)
    by_doc = {_doc_key(item.document.id): item for item in parsed}
    by_doc.update({_doc_key(item.document.path): item for item in parsed if item.document.path})
    details = []
    found = matched_endpoints = total_endpoints = 0
    status_right = status_total = evidence_ok = 0
    for gold in gold_routes:
        if not gold.get("required"):
            continue
        doc_key = _doc_key(gold["doc"])
        document = by_doc.get(doc_key)
        ends = [("origin", name) for name in gold.get("origins", [])] + [
            ("destination", name) for name in gold.get("destinations", [])
        ]
        total_endpoints += len(ends)
        best: Route | None = None
        best_hits = -1
        for route in document.routes if document else []:
            hits = sum(
                1 for role, name in ends if _matches(route, role, entities.get((doc_key, name)))
            )
            if hits > best_hits or (
                hits == best_hits and best is not None and _better_status(route, best, gold)
            ):
                best, best_hits = route, hits
        hits = max(best_hits, 0)
        matched_endpoints += hits
        is_found = (
            best is not None and hits == len(ends) and same_status(best.status, gold.get("status"))
        )
        covered = False
        if best is not None:
            status_total += 1
            status_right += same_status(best.status, gold.get("status"))
            if is_found:
                covered = _evidence_covers(
                    best, [offsets.get((doc_key, name), []) for _, name in ends]
                )
        found += is_found
        evidence_ok += covered
        details.append(
            {
                "doc": gold["doc"],
                "id": gold.get("id", ""),
                "found": is_found,
                "endpoints": f"{hits}/{len(ends)}",
                "status": best.status if best else "",
                "gold_status": gold.get("status", ""),
                "evidence": covered,
                "route": best.id if best else "",
            }
        )
    required = len(details)
    lines = score_lines(drawn_lines(parsed), sample_gold_routes(routes_gold, toponyms_gold))
    supported = sum(line.supported for line in lines)
    return {
        "required_routes": required,
        "found_routes": found,
        "route_recall": found / required if required else 0.0,
        "gold_endpoints": total_endpoints,
        "matched_endpoints": matched_endpoints,
        "endpoint_recall": matched_endpoints / total_endpoints if total_endpoints else 0.0,
        "status_accuracy": status_right / status_total if status_total else 0.0,
        "evidence_coverage": evidence_ok / found if found else 0.0,
        "drawn_lines": len(lines),
        "supported_lines": supported,
        "line_precision": line_precision(lines),
        "unsupported_lines": [line_record(line) for line in lines if not line.supported],
        "routes": details,
    }


def format_route_scores(scores: dict) -> str:
    """Return a short plain-text report of ``score_routes`` output."""
    lines = [
        f"routes: recall {scores['route_recall']:.2f} "
        f"({scores['found_routes']}/{scores['required_routes']} required)",
        f"route endpoints: recall {scores['endpoint_recall']:.2f} "
        f"({scores['matched_endpoints']}/{scores['gold_endpoints']})",
        f"route status accuracy {scores['status_accuracy']:.2f}, "
        f"evidence coverage {scores['evidence_coverage']:.2f}",
        f"route lines: precision {scores['line_precision']:.2f} "
        f"({scores['supported_lines']}/{scores['drawn_lines']} drawn lines stated by a gold route)",
    ]
    for detail in scores.get("routes", []):
        mark = "ok " if detail["found"] else "MISS"
        lines.append(
            f"  {mark} {detail['doc']} {detail['id']}: endpoints {detail['endpoints']}, "
            f"status {detail['status'] or '-'} (gold {detail['gold_status']}), "
            f"evidence {'ok' if detail['evidence'] else '-'}"
            + (f", {detail['route']}" if detail["route"] else "")
        )
    for line in scores.get("unsupported_lines", []):
        lines.append(
            f"  unsupported line {line['doc']} {line['route']}: {line['origin']['text']} → "
            f"{line['destination']['text']}"
        )
    return "\n".join(lines)


def _load(path: Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigurationError(f"cannot read gold file {path}: {error}") from error


def _doc_key(name: str) -> str:
    return Path(name).name


def _entity_tables(
    toponyms: Sequence[dict[str, Any]],
) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[tuple[str, str], list[tuple[int, int]]]]:
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    offsets: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for document in toponyms:
        doc_key = _doc_key(document["id"])
        for toponym in document.get("toponyms", []):
            key = (doc_key, toponym["entity"])
            entities.setdefault(key, toponym)
            offsets.setdefault(key, []).append((toponym["start"], toponym["end"]))
    return entities, offsets


def _matches(route: Route, role: str, entity: dict[str, Any] | None) -> bool:
    if entity is None:
        return False
    endpoints = route.origins if role == "origin" else route.destinations
    return any(_endpoint_matches(endpoint, entity) for endpoint in endpoints)


def _endpoint_matches(endpoint: Endpoint, entity: dict[str, Any]) -> bool:
    place = endpoint.place
    if place is None:
        return False
    if entity.get("kind") == "country":
        names = {latin_key(place.name), *(latin_key(name) for name in place.names)}
        return latin_key(str(entity.get("name_en", ""))) in names
    if place.lat is None or place.lon is None:
        return False
    limit = REGION_KM if entity.get("kind") == "region" else settings.CORROBORATION_KM
    distance = haversine_km(place.lat, place.lon, float(entity["lat"]), float(entity["lon"]))
    return distance <= limit


def _better_status(route: Route, best: Route, gold: dict[str, Any]) -> bool:
    return same_status(route.status, gold.get("status")) and not same_status(
        best.status, gold.get("status")
    )


def same_status(predicted: str, gold: str | None) -> bool:
    """Whether a predicted status is the gold one. The gold annotations mark a denied claim
    ``alleged`` (their convention); geo says ``denied``, which is the more precise word."""
    return predicted == gold or (predicted == "denied" and gold == "alleged")


def _evidence_covers(route: Route, gold_offsets: Sequence[Sequence[tuple[int, int]]]) -> bool:
    evidence = route.evidence
    if evidence is None:
        return False
    if not (evidence.start <= route.trigger.start and route.trigger.end <= evidence.end):
        return False
    spans = [span for spans in gold_offsets for span in spans]
    if not spans:
        return True
    return any(evidence.start <= start and end <= evidence.end for start, end in spans)


# --------------------------------------------------------------------------------------
# Gold routes of either format, endpoint matching, route matching and line precision

#: Gold kinds placed within ``LOCAL_KM`` of the gold point; every other kind within
#: ``REGION_KM`` (a country by name instead).
LOCAL_KINDS = ("town", "village", "camp", "neighbourhood", "crossing")
#: Distance (km) within which a local place (``LOCAL_KINDS``) counts as placed right.
LOCAL_KM = 25.0


def tolerance_km(kind: str | None) -> float:
    """The distance within which a place of gold ``kind`` counts as placed right."""
    return LOCAL_KM if kind in LOCAL_KINDS else REGION_KM


@dataclass(frozen=True, slots=True)
class GoldPlace:
    """One endpoint of a gold route: its surface, kind, point (or none) and the spans of
    its occurrences that a predicted endpoint may overlap."""

    surface: str
    kind: str
    lat: float | None
    lon: float | None
    name_en: str = ""
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def placed(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldRoute:
    """A gold movement claim, from the development set or the samples' gold files."""

    doc: str
    id: str
    origins: tuple[GoldPlace, ...]
    destinations: tuple[GoldPlace, ...]
    via: tuple[GoldPlace, ...] = ()
    status: str = "reported"
    evidence: tuple[int, int] | None = None
    mover: str = ""
    required: bool = True

    def endpoints(self) -> list[tuple[str, GoldPlace]]:
        return (
            [("origin", place) for place in self.origins]
            + [("via", place) for place in self.via]
            + [("destination", place) for place in self.destinations]
        )


def dev_gold_routes(record: dict[str, Any]) -> list[GoldRoute]:
    """The gold routes of one development-set record (see ``eval/dev/README.md``).

    Each endpoint surface is looked up among the record's toponyms inside the route's
    evidence span; its point is that of the first such occurrence.
    """
    toponyms = record.get("toponyms", [])
    routes = []
    for index, gold in enumerate(record.get("routes", [])):
        start, end = int(gold["evidence_start"]), int(gold["evidence_end"])

        def places(surfaces: Sequence[str], start: int = start, end: int = end) -> tuple:
            found = []
            for surface in surfaces:
                inside = [
                    t
                    for t in toponyms
                    if t["surface"] == surface and start <= t["start"] and t["end"] <= end
                ]
                first = inside[0] if inside else {}
                found.append(
                    GoldPlace(
                        surface=surface,
                        kind=str(first.get("kind", "")),
                        lat=first.get("lat"),
                        lon=first.get("lon"),
                        name_en=str(first.get("name_en", "")),
                        spans=tuple((t["start"], t["end"]) for t in inside),
                    )
                )
            return tuple(found)

        routes.append(
            GoldRoute(
                doc=record["id"],
                id=f"{record['id']}#{index + 1}",
                origins=places(gold.get("origins", [])),
                destinations=places(gold.get("destinations", [])),
                via=places(gold.get("via", [])),
                status=str(gold.get("status", "")),
                evidence=(start, end),
                mover=str(gold.get("mover", "")),
            )
        )
    return routes


def sample_gold_routes(routes_gold: Path, toponyms_gold: Path) -> list[GoldRoute]:
    """The gold routes of the samples' files (every route, required or not), with each
    entity's point and all its offsets in the document."""
    gold_routes = _load(routes_gold)
    toponyms = _load(toponyms_gold)
    if not isinstance(gold_routes, list) or not isinstance(toponyms, list):
        raise ConfigurationError(f"gold files {routes_gold} and {toponyms_gold} must hold lists")
    entities, offsets = _entity_tables(toponyms)
    routes = []
    for gold in gold_routes:
        doc = Path(gold["doc"]).stem
        doc_key = _doc_key(gold["doc"])

        def places(names: Sequence[str], doc_key: str = doc_key) -> tuple:
            found = []
            for name in names:
                entity = entities.get((doc_key, name), {})
                found.append(
                    GoldPlace(
                        surface=str(entity.get("surface", name)),
                        kind=str(entity.get("kind", "")),
                        lat=entity.get("lat"),
                        lon=entity.get("lon"),
                        name_en=str(entity.get("name_en", "")),
                        spans=tuple(offsets.get((doc_key, name), [])),
                    )
                )
            return tuple(found)

        routes.append(
            GoldRoute(
                doc=doc,
                id=str(gold.get("id", "")),
                origins=places(gold.get("origins", [])),
                destinations=places(gold.get("destinations", [])),
                via=places(gold.get("via", [])),
                status=str(gold.get("status", "")),
                mover=str(gold.get("mover", "")),
                required=bool(gold.get("required", True)),
            )
        )
    return routes


LonLat = tuple[float, float]


def endpoint_lonlat(endpoint: Endpoint) -> LonLat | None:
    """Where ``endpoint`` is drawn: its place's point, else a point of its region's area."""
    place = endpoint.place
    if place is not None and place.lat is not None and place.lon is not None:
        return (place.lon, place.lat)
    geometry = endpoint.geometry
    if (
        geometry is not None
        and not geometry.is_empty
        and geometry.geom_type in {"Polygon", "MultiPolygon"}
    ):
        point = geometry.representative_point()
        return (point.x, point.y)
    return None


def endpoint_matches(endpoint: Endpoint, gold: GoldPlace, lonlat: LonLat | None) -> bool:
    """Whether a predicted endpoint (drawn at ``lonlat``) stands for the gold endpoint.

    It does when its span overlaps an occurrence of the gold surface, when the gold has no
    point and the normalised surfaces are equal, or when both are placed: a gold country by
    a place in that country (``same_country``) or a country within ``REGION_KM``, any other
    place within ``tolerance_km`` of its kind.
    """
    if any(start < endpoint.end and endpoint.start < end for start, end in gold.spans):
        return True
    if not gold.placed:
        return bool(gold.surface) and query_key(endpoint.text) == query_key(gold.surface)
    if lonlat is None:
        return False
    distance = haversine_km(lonlat[1], lonlat[0], float(gold.lat or 0.0), float(gold.lon or 0.0))
    if gold.kind == "country":
        place = endpoint.place
        if place is None:
            return False
        return same_country(place, gold.name_en) or (
            place.kind == "country" and distance <= REGION_KM
        )
    return distance <= tolerance_km(gold.kind)


@functools.lru_cache(maxsize=256)
def country_code(name_en: str) -> str:
    """The ISO code of the country named ``name_en`` in the embedded core gazetteer ("" when
    it has no country of that name)."""
    from geo.gazetteer import Gazetteer

    for place in Gazetteer.core().by_key(latin_key(name_en)):
        if place.kind == "country":
            return place.country
    return ""


def same_country(place: Place, country_name_en: str) -> bool:
    """Whether ``place`` is the country named ``country_name_en`` or lies in it."""
    if place.kind == "country":
        names = {latin_key(place.name), *(latin_key(name) for name in place.names)}
        if latin_key(country_name_en) in names:
            return True
    code = country_code(country_name_en)
    return bool(code) and place.country == code


_ROLE_ENDPOINTS = {"origin": "origins", "via": "via", "destination": "destinations"}


@dataclass(slots=True)
class RouteMatch:
    """A gold route and the predicted route of its document that matches most of it."""

    gold: GoldRoute
    route: Route | None
    missing: list[tuple[str, GoldPlace]]

    @property
    def total(self) -> int:
        return len(self.gold.endpoints())

    @property
    def hits(self) -> int:
        return self.total - len(self.missing)

    @property
    def matched(self) -> bool:
        return self.route is not None and self.total > 0 and not self.missing

    @property
    def status_right(self) -> bool:
        return self.route is not None and same_status(self.route.status, self.gold.status)


def match_routes(
    gold_routes: Sequence[GoldRoute], parsed: Sequence[ParsedDocument]
) -> list[RouteMatch]:
    """For each gold route, the predicted route of its document holding most of its
    endpoints, each in its role (a tie goes to the route with the gold status)."""
    by_doc = {item.document.id: item for item in parsed}
    matches = []
    for gold in gold_routes:
        document = by_doc.get(gold.doc)
        ends = gold.endpoints()
        best: Route | None = None
        best_missing: list[tuple[str, GoldPlace]] = list(ends)
        for route in document.routes if document else []:
            missing = [
                (role, place)
                for role, place in ends
                if not any(
                    endpoint_matches(endpoint, place, endpoint_lonlat(endpoint))
                    for endpoint in getattr(route, _ROLE_ENDPOINTS[role])
                )
            ]
            better = len(missing) < len(best_missing) or (
                len(missing) == len(best_missing)
                and (best is None or _better_status(route, best, {"status": gold.status}))
            )
            if better:
                best, best_missing = route, missing
        if best is not None and len(best_missing) == len(ends) and ends:
            best = None
        matches.append(RouteMatch(gold, best, best_missing))
    return matches


@dataclass(slots=True)
class DrawnLine:
    """One line a predicted route draws on the map: an origin to a destination."""

    doc: str
    route: Route
    origin: Endpoint
    destination: Endpoint
    origin_lonlat: LonLat
    destination_lonlat: LonLat
    supported_by: str = ""

    @property
    def supported(self) -> bool:
        return bool(self.supported_by)

    @property
    def self_loop(self) -> bool:
        origin, destination = self.origin.place, self.destination.place
        if origin is not None and destination is not None and origin.id == destination.id:
            return True
        return self.origin_lonlat == self.destination_lonlat


def drawn_lines(parsed: Sequence[ParsedDocument]) -> list[DrawnLine]:
    """Every origin → destination line the routes of ``parsed`` draw, as ``geo.export``
    draws them (one per placed origin and placed destination of a route)."""
    from geo.export import to_geojson

    routes = {route.id: (item.document.id, route) for item in parsed for route in item.routes}
    collection = to_geojson(parsed)
    lines = []
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties.get("feature_type") != "route" or feature["geometry"] is None:
            continue
        doc, route = routes[properties["route_id"]]
        for meta in properties["lines"]:
            origin = properties["origins"][meta["origin"]]
            destination = properties["destinations"][meta["destination"]]
            lines.append(
                DrawnLine(
                    doc=doc,
                    route=route,
                    origin=route.origins[meta["origin"]],
                    destination=route.destinations[meta["destination"]],
                    origin_lonlat=(origin["lonlat"][0], origin["lonlat"][1]),
                    destination_lonlat=(destination["lonlat"][0], destination["lonlat"][1]),
                )
            )
    return lines


def score_lines(lines: Sequence[DrawnLine], gold_routes: Sequence[GoldRoute]) -> list[DrawnLine]:
    """Mark each drawn line with the gold route that states it (``supported_by``).

    A line is supported when one gold route of its document has an origin matching the
    line's origin and a destination matching its destination (``endpoint_matches``); a line
    from a place to itself never is.
    """
    by_doc: dict[str, list[GoldRoute]] = {}
    for gold in gold_routes:
        by_doc.setdefault(gold.doc, []).append(gold)
    for line in lines:
        line.supported_by = ""
        if line.self_loop:
            continue
        for gold in by_doc.get(line.doc, []):
            if any(
                endpoint_matches(line.origin, place, line.origin_lonlat) for place in gold.origins
            ) and any(
                endpoint_matches(line.destination, place, line.destination_lonlat)
                for place in gold.destinations
            ):
                line.supported_by = gold.id or gold.doc
                break
    return list(lines)


def line_precision(lines: Sequence[DrawnLine]) -> float:
    """Supported lines / drawn lines (0 when nothing is drawn)."""
    return sum(line.supported for line in lines) / len(lines) if lines else 0.0


def line_record(line: DrawnLine) -> dict[str, Any]:
    """A drawn line as JSON: its document, route, status, both ends and the evidence."""

    def end(endpoint: Endpoint, lonlat: LonLat) -> dict[str, Any]:
        place = endpoint.place
        return {
            "text": endpoint.text,
            "start": endpoint.start,
            "end": endpoint.end,
            "inferred": bool(endpoint.inferred),
            "place": place.id if place else "",
            "name": place.name if place else "",
            "kind": place.kind if place else endpoint.kind,
            "lonlat": [round(lonlat[0], 5), round(lonlat[1], 5)],
        }

    evidence = line.route.evidence
    return {
        "doc": line.doc,
        "route": line.route.id,
        "status": line.route.status,
        "origin": end(line.origin, line.origin_lonlat),
        "destination": end(line.destination, line.destination_lonlat),
        "self_loop": line.self_loop,
        "supported_by": line.supported_by,
        "evidence": None
        if evidence is None
        else {"start": evidence.start, "end": evidence.end, "text": evidence.text},
    }
