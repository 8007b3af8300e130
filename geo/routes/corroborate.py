"""Linking claims of different outlets that describe the same movement."""

from __future__ import annotations

import math
from collections.abc import Sequence

from geo import settings
from geo.lexicons import load_table
from geo.model import Endpoint, ParsedDocument, Route
from geo.normalize import fold_arabic

_EARTH_RADIUS_KM = 6371.0088


def corroborate(parsed: list[ParsedDocument]) -> None:
    """Fill ``Route.corroborated_by`` with the ids of matching claims of other documents.

    Two claims match when they come from different documents, have the same movement type,
    compatible movers (both people, both goods, or one unknown), and their endpoints agree:
    when both name origins, some pair of origins lies within ``settings.CORROBORATION_KM``
    (read at call time); likewise destinations; at least one end must be compared.
    Links are made both ways; existing links are kept.
    """
    routes = [(document.document.id, route) for document in parsed for route in document.routes]
    limit_km = settings.CORROBORATION_KM
    for position, (doc_a, route_a) in enumerate(routes):
        for doc_b, route_b in routes[position + 1 :]:
            if doc_a == doc_b or not same_movement(route_a, route_b, limit_km=limit_km):
                continue
            if route_b.id not in route_a.corroborated_by:
                route_a.corroborated_by.append(route_b.id)
            if route_a.id not in route_b.corroborated_by:
                route_b.corroborated_by.append(route_a.id)


def same_movement(first: Route, second: Route, *, limit_km: float) -> bool:
    """Return whether two claims describe the same movement (see ``corroborate``)."""
    if first.movement != second.movement or not _movers_compatible(first, second):
        return False
    compared = False
    for ends_a, ends_b in (
        (first.origins, second.origins),
        (first.destinations, second.destinations),
    ):
        if ends_a and ends_b:
            if not _any_close(ends_a, ends_b, limit_km):
                return False
            compared = True
    return compared


def _mover_kinds() -> dict[str, str]:
    return {row["label"]: row["kind"] for row in load_table("movers") if row.get("label")}


def _movers_compatible(first: Route, second: Route) -> bool:
    kinds = _mover_kinds()

    def kinds_of(route: Route) -> set[str]:
        labels = [label.strip() for label in route.mover_label.split(",") if label.strip()]
        return {kinds[label] for label in labels if label in kinds}

    kinds_a, kinds_b = kinds_of(first), kinds_of(second)
    return not kinds_a or not kinds_b or bool(kinds_a & kinds_b)


def _any_close(ends_a: Sequence[Endpoint], ends_b: Sequence[Endpoint], limit_km: float) -> bool:
    return any(endpoints_match(a, b, limit_km=limit_km) for a in ends_a for b in ends_b)


def endpoints_match(first: Endpoint, second: Endpoint, *, limit_km: float) -> bool:
    """Same place id, same zone label, same country, or points within ``limit_km``."""
    if first.kind == "zone" or second.kind == "zone":
        return first.kind == second.kind and bool(first.note) and first.note == second.note
    if first.place is None or second.place is None:
        return fold_arabic(first.text) == fold_arabic(second.text)
    if first.place.id == second.place.id:
        return True
    if first.kind == "country" or second.kind == "country":
        return first.place.name.casefold() == second.place.name.casefold()
    if None in (first.place.lat, first.place.lon, second.place.lat, second.place.lon):
        return False
    return (
        haversine_km(first.place.lat, first.place.lon, second.place.lat, second.place.lon)  # type: ignore[arg-type]
        <= limit_km
    )


def haversine_km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    phi_a, phi_b = math.radians(lat_a), math.radians(lat_b)
    d_phi = phi_b - phi_a
    d_lambda = math.radians(lon_b - lon_a)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(d_lambda / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
