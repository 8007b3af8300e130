"""Route features: one line per origin and destination of a claim, with its evidence and
the claims of other documents that corroborate it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from geo.export._common import has_area, lonlat, place_lonlat
from geo.export._places import endpoint_roles
from geo.model import Endpoint, Place, Route


@dataclass(frozen=True, slots=True)
class _Point:
    """Where an endpoint is drawn, and the outline of its country when it is one."""

    lonlat: tuple[float, float]
    endpoint: Endpoint
    country: Any = None


def borders_needed(routes: Sequence[Route]) -> bool:
    """Whether any end of ``routes`` is a country (whose line stops at its border)."""
    return any(e.kind == "country" for route in routes for _, e in endpoint_roles(route))


def _country_outline(place: Place, borders: Sequence[Any]) -> Any:
    """Return the world-atlas outline of a country place (by name, else by containment)."""
    from shapely.geometry import Point

    from geo.normalize import latin_key

    names = {latin_key(name) for name in (place.name, *place.names) if name}
    names.discard("")
    for country in borders:
        if latin_key(country.name) in names:
            return country.geometry
    position = place_lonlat(place)
    if position is not None:
        point = Point(position)
        for country in borders:
            if country.geometry.contains(point):
                return country.geometry
    return None


def _endpoint_point(endpoint: Endpoint, borders: Sequence[Any] | None) -> _Point | None:
    position = place_lonlat(endpoint.place)
    if position is None:
        if not has_area(endpoint.geometry):
            return None
        point = endpoint.geometry.representative_point()
        position = (point.x, point.y)
    outline = None
    if endpoint.kind == "country" and endpoint.place is not None and borders:
        outline = _country_outline(endpoint.place, borders)
    return _Point(lonlat=position, endpoint=endpoint, country=outline)


def _border_crossing(
    outside: tuple[float, float], inside: tuple[float, float], outline: Any
) -> tuple[float, float] | None:
    """Return where the segment from ``outside`` toward ``inside`` first enters ``outline``."""
    from shapely.geometry import LineString, Point

    start = Point(outside)
    if outline.contains(start) or outline.touches(start):
        return None
    crossing = LineString([outside, inside]).intersection(outline.boundary)
    parts = getattr(crossing, "geoms", [crossing])
    coords = [c for part in parts if not part.is_empty for c in part.coords]
    if not coords:
        return None
    nearest = min(coords, key=lambda c: start.distance(Point(c)))
    return (nearest[0], nearest[1])


def _line(
    origin: _Point, vias: list[_Point], destination: _Point
) -> tuple[list[list[float]], list[str]]:
    """The positions of one line (countries cut at their border) and where it was cut."""
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
        position = lonlat(lon, lat)
        if not coordinates or coordinates[-1] != position:
            coordinates.append(position)
    return coordinates, sorted(clipped)


def _route_lines(
    route: Route, placed: dict[int, _Point | None]
) -> tuple[list[list[list[float]]], list[dict[str, Any]]]:
    vias = [p for p in (placed[id(e)] for e in route.via) if p]
    lines: list[list[list[float]]] = []
    meta: list[dict[str, Any]] = []
    for origin_index, origin_end in enumerate(route.origins):
        origin = placed[id(origin_end)]
        if origin is None:
            continue
        for destination_index, destination_end in enumerate(route.destinations):
            destination = placed[id(destination_end)]
            if destination is None:
                continue
            coordinates, clipped = _line(origin, vias, destination)
            if len(coordinates) < 2:
                continue
            lines.append(coordinates)
            meta.append(
                {
                    "origin": origin_index,
                    "destination": destination_index,
                    "origin_inferred": bool(origin_end.inferred),
                    "destination_inferred": bool(destination_end.inferred),
                    "clipped_at_border": clipped,
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
        "lonlat": lonlat(*point.lonlat) if point else None,
        "placed": point is not None,
    }


def _line_geometry(lines: list[list[list[float]]]) -> dict[str, Any] | None:
    if not lines:
        return None
    if len(lines) == 1:
        return {"type": "LineString", "coordinates": lines[0]}
    return {"type": "MultiLineString", "coordinates": lines}


def route_feature(doc_id: str, route: Route, borders: Sequence[Any] | None) -> dict[str, Any]:
    """The feature of ``route``, without its corroboration (:func:`corroboration`)."""
    points = {id(e): _endpoint_point(e, borders) for _, e in endpoint_roles(route)}
    lines, meta = _route_lines(route, points)
    evidence = None
    if route.evidence is not None:
        evidence = {
            "text": route.evidence.text,
            "start": route.evidence.start,
            "end": route.evidence.end,
        }
    properties = {
        "feature_type": "route",
        "route_id": route.id,
        "doc": route.doc_id or doc_id,
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
        "origin_inferred": any(e.inferred for e in route.origins),
        "quantities": [quantity.to_dict() for quantity in route.quantities],
        "quantity": "; ".join(
            ("about " if quantity.approximate else "") + f"{quantity.value} {quantity.unit}"
            for quantity in route.quantities
        ),
        "lines": meta,
    }
    for key, ends in (
        ("origins", route.origins),
        ("via", route.via),
        ("destinations", route.destinations),
    ):
        properties[key] = [_endpoint_properties(e, points[id(e)]) for e in ends]
    if route.decision:
        properties["decision"] = route.decision
        properties["decision_note"] = route.decision_note
    return {
        "type": "Feature",
        "id": f"route:{route.id}",
        "geometry": _line_geometry(lines),
        "properties": properties,
    }


@dataclass
class Corroboration:
    """Reads the corroboration of routes against the documents of the collection."""

    #: Document of every route, by route id.
    doc_of_route: dict[str, str]
    #: Outlet of every document, by document id.
    outlet_of_doc: dict[str, str]
    #: The ``{"route", "doc"}`` reference of each listed route, shared by every list.
    references: dict[str, dict[str, str]]

    def properties(self, route: Route, doc_id: str) -> dict[str, Any]:
        """The corroboration properties of ``route`` (of document ``doc_id``).

        The list is the one ``corroborate`` made (nearest first, at most
        ``settings.CORROBORATION_LIST``); the counts are of every corroborating claim, and
        never below what the list shows. A route is ``corroborated`` when another outlet
        makes the same claim: a second article of the same outlet is not another source.
        """
        listed = []
        for other_id in dict.fromkeys(route.corroborated_by):
            reference = self.references.get(other_id)
            if reference is None:
                reference = self.references[other_id] = {
                    "route": other_id,
                    "doc": self.doc_of_route.get(other_id, ""),
                }
            listed.append(reference)
        own_outlet = self.outlet_of_doc.get(doc_id, "")
        listed_outlets = {self.outlet_of_doc.get(item["doc"], "") for item in listed}
        listed_outlets -= {"", own_outlet}
        outlets = max(route.corroborating_outlets, len(listed_outlets))
        count = route.corroborations
        return {
            "corroborated": outlets > 0,
            "corroborated_by": listed,
            "corroboration_count": count,
            "corroborated_by_complete": len(listed) >= count,
            "corroborating_documents": max(
                route.corroborating_documents, len({item["doc"] for item in listed})
            ),
            "corroborating_outlets": outlets,
        }
